# Attack: read the node's keys, its database, another study's data. Tries the paths where they are on the node, and
# then reads every file this process can see (but the system's) looking for them.
import os
import sys

MARKER = "__MARKER__"[::-1].encode()  # reversed, so that this file itself does not hold it
targets = __TARGETS__
found = []
for t in targets:
    for path in (t, "/proc/1/root" + t, "/proc/self/root" + t, "/data/../.." + t, "/output/../.." + t):
        try:
            with open(path, "rb") as f:
                f.read(1)
            found.append(path)
            print("read " + path)
        except OSError as e:
            print("blocked %s: %s" % (path, e.strerror))
seen = 0
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/usr", "/proc", "/sys", "/dev")]
    for name in files:
        p = os.path.join(root, name)
        if not os.path.isfile(p):
            continue
        try:
            with open(p, "rb") as f:
                seen += 1
                if MARKER in f.read(50000000):
                    found.append(p)
        except OSError:
            pass
print("files readable outside /usr: %d" % seen)
if not found:
    sys.exit("nothing of the node could be read")
print("FOUND " + " ".join(found))
