# Attack: write 10 GB, into one file, into many files, to standard output, or into /tmp.
import os
import sys

chunk = b"x" * (1024 * 1024)
mode = "__MODE__"
total = 0
if mode == "stdout":
    while total < 10 * 1024:
        sys.stdout.write("x" * (1024 * 1024))
        total += 1
elif mode == "tmp":
    while total < 10 * 1024:
        with open("/tmp/fill%d" % total, "wb") as f:
            f.write(chunk)
        total += 1
else:
    i = 0
    while total < 10 * 1024:
        try:
            with open("/output/part%d.bin" % i, "wb") as f:
                while total < 10 * 1024:
                    f.write(chunk)
                    f.flush()
                    total += 1
        except OSError as e:
            if mode == "one-file":
                raise
            i += 1
print("wrote %d MB" % total)
