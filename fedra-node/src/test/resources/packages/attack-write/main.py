# Attack: write outside the output directory: change the input, the package, the system, the node's files; and leave
# outputs that are links to the node's secrets, for the node to read back and release.
import os

for path in ["/data/variables.csv", "/data/new.csv", "/package/main.py", "/usr/evil", "/etc/evil", "/evil",
             "/proc/sys/kernel/hostname", "/proc/sysrq-trigger"] + __TARGETS__:
    try:
        with open(path, "a") as f:
            f.write("owned\n")
        print("wrote " + path)
    except OSError as e:
        print("blocked %s: %s" % (path, e.strerror))
# allowed, and gone with the sandbox
with open("/tmp/__SCRATCH__", "w") as f:
    f.write("scratch\n")
with open("/dev/shm/__SCRATCH__", "w") as f:
    f.write("scratch\n")
os.symlink(__KEY__, "/output/summary.csv")
os.mkfifo("/output/fifo.csv")
print("left links")
