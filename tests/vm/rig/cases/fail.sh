# Must FAIL (test exited): a guest command fails.
# timeout: 60
on 1 false
