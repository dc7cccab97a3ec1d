# Must FAIL (bad kernel messages): a WARNING while a module loads.
# timeout: 60
on 1 load_nacre nacre_rigcheck mode=warn
