# Must FAIL (bad kernel messages): a WARNING raised later, at run time.
# timeout: 60
on 1 load_nacre nacre_rigcheck
on 1 'echo 1 >/sys/module/nacre_rigcheck/parameters/poke'
