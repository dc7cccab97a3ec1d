# The lock manager's own kernel self-test (no RPC): conflicting extent
# locks, blocking and completion ASTs in order, growth, lock timeouts,
# convert, inode bits, the client cache and LRU, early cancel, a race of
# enqueue/cancel/evict on four threads; resent enqueues getting the lock
# they have, found by client handle in a few compares among 10^4 locks;
# counts back to zero.
# nodes: 1
# timeout: 300
# quick: yes

on 1 'modprobe ptlrpc ldlm_selftest=1 && cat /sys/module/ptlrpc/parameters/ldlm_selftest | tee /tmp/st; grep -qx PASS /tmp/st'
on 1 'test "$(cat /sys/fs/lustre/ldlm/lock_count_total)" = 0 && test "$(cat /sys/fs/lustre/ldlm/resource_count_total)" = 0'
on 1 'rmmod ptlrpc'
