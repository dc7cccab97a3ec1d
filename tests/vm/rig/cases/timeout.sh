# Must FAIL (timed out): the body outlives its limit; the guest is killed.
# timeout: 10
on 1 sleep 600
