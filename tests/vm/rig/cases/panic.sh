# Must FAIL: the guest's kernel panics; the node dies and its console log
# holds the panic.
# timeout: 60
on 1 'echo c >/proc/sysrq-trigger'
