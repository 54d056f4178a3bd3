#!/usr/bin/env python3
"""What one output file costs the kernel, by the way it is written.

unpress writes every output file to a temporary file in its folder and
renames it into place (src/batch/sink.rs): a file is either whole or
absent, also when the process dies. Three formats write three files a
document, so on a batch of small posts the system time of creating files
is a large part of the run (docs/performance.md). This compares, for N
files of one size in one folder:

  temp+rename  open(O_CREAT|O_EXCL) a temporary name, write, close,
               rename: what unpress does
  tmpfile      open(O_TMPFILE) in the folder, write, linkat() the
               unnamed file to its name through /proc/self/fd, close:
               atomic too, without a temporary name (Linux only)
  direct       open(O_CREAT|O_TRUNC) the final name, write, close: not
               atomic (a killed run leaves a partial file); the floor

    python3 benches/atomic_writes.py [DIR] [N] [BYTES]

DIR defaults to /dev/shm (tmpfs, as ../shared/perf/run.sh writes).
Prints wall, system and user seconds of each, twice, interleaved.
"""

import ctypes
import os
import resource
import shutil
import sys
import time

AT_FDCWD = -100
AT_SYMLINK_FOLLOW = 0x400
libc = ctypes.CDLL(None, use_errno=True)


def temp_rename(folder, n, data):
    for i in range(n):
        tmp, dst = f"{folder}/.tmp{i:06d}", f"{folder}/{i:06d}.md"
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        os.write(fd, data)
        os.close(fd)
        os.rename(tmp, dst)


def tmpfile(folder, n, data):
    for i in range(n):
        dst = f"{folder}/{i:06d}.md"
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o644)
        os.write(fd, data)
        proc = f"/proc/self/fd/{fd}".encode()
        if libc.linkat(AT_FDCWD, proc, AT_FDCWD, dst.encode(), AT_SYMLINK_FOLLOW) != 0:
            sys.exit(f"linkat: errno {ctypes.get_errno()}")
        os.close(fd)


def direct(folder, n, data):
    for i in range(n):
        dst = f"{folder}/{i:06d}.md"
        fd = os.open(dst, os.O_CREAT | os.O_TRUNC | os.O_WRONLY | os.O_CLOEXEC, 0o644)
        os.write(fd, data)
        os.close(fd)


def measure(name, write, root, n, data):
    folder = os.path.join(root, f"atomic-writes-{name}")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    write(folder, n, data)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    shutil.rmtree(folder)
    print(
        f"{name:12} wall {wall:5.2f} s  sys {after.ru_stime - before.ru_stime:5.2f} s  "
        f"user {after.ru_utime - before.ru_utime:5.2f} s"
    )


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/dev/shm"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 39056
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 2560
    data = b"x" * size
    print(f"{n} files of {size} B in {root}")
    for _ in range(2):
        for name, write in [("temp+rename", temp_rename), ("tmpfile", tmpfile), ("direct", direct)]:
            measure(name, write, root, n, data)


if __name__ == "__main__":
    main()
