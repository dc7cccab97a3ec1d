# Must FAIL (module unload failed): a module that keeps a reference to itself.
# timeout: 60
on 1 load_nacre nacre_rigcheck mode=pin
