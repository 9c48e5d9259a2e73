#!/usr/bin/env python3
"""Shares of CPU in a `perf script` dump of a .NET process (see docs/performance.md).

Usage: perf-shares.py DUMP [PATTERN ...]

Prints where each sample was when taken (kernel file I/O, kernel network, kernel scheduling,
SQLite, the runtime, managed code), then for each PATTERN the share of samples with a frame
containing it anywhere on the stack (inclusive). The process must run with
DOTNET_PerfMapEnabled=1 (and DOTNET_EnableWriteXorExecute=0) so JIT frames have names.
"""
import collections
import sys

from perfdump import samples

FILE_IO = ("pread", "pwrite", "fcntl", "fsync", "sqlite")
NETWORK = ("tcp", "sock", "send", "recv", "epoll")
SCHEDULING = ("futex", "sched", "schedule")


def where(stack):
    leaf = stack[0] if stack else ""
    if "kernel" in leaf:
        for kinds, name in ((FILE_IO, "kernel: files (SQLite)"), (NETWORK, "kernel: network"), (SCHEDULING, "kernel: scheduling")):
            if any(k in frame for frame in stack for k in kinds):
                return name
        return "kernel: other"
    if "libe_sqlite3" in leaf:
        return "SQLite"
    if "libcoreclr" in leaf:
        return "runtime (GC, stubs, locks)"
    if "libc.so" in leaf:
        return "libc"
    if "perf-" in leaf:
        return "managed code"
    return "other"


def main():
    stacks = [stack for _, stack in samples(sys.argv[1])]
    total = len(stacks) or 1
    print(f"{len(stacks)} samples")
    for name, count in collections.Counter(where(s) for s in stacks).most_common():
        print(f"{100 * count / total:5.1f} %  {name}")
    for pattern in sys.argv[2:]:
        count = sum(1 for s in stacks if any(pattern in frame for frame in s))
        print(f"{100 * count / total:5.1f} %  inclusive: {pattern}")


if __name__ == "__main__":
    main()
