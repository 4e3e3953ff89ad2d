# Attack: run forever, busy or asleep.
import time

if "__MODE__" == "sleep":
    time.sleep(3600)
while True:
    pass
