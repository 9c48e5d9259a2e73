#!/usr/bin/env python3
"""Where one process spends more per call than another, from two `perf script` dumps.

Usage: perf-diff.py BASE.script BASE_CALLS OURS.script OURS_CALLS [ROWS]

BASE_CALLS and OURS_CALLS are the calls each process made while perf recorded it (the
benchmark's printed calls per second times the seconds recorded). Every sample is counted
per 1,000 calls, so two processes that did different amounts of work compare directly.
A sample with a named managed frame goes to the deepest assembly on its stack that is not
the base class library (System.*, Microsoft.Extensions.*): the library or app code that
asked for the work, transport, runtime and kernel time included. A sample with none is
native work of its own: SQLite (perf cannot unwind its frames to the managed caller), the
GC's threads, or a thread pool worker inside a system call (send, recv, fcntl, fsync),
named by its thread and the libc function it entered.
The processes must run with DOTNET_PerfMapEnabled=1 (docs/performance.md).
"""
import collections
import re
import sys

from perfdump import samples

MANAGED = re.compile(r"\[([A-Za-z0-9_.]+)\] ")
BCL = ("System", "Microsoft.Extensions", "Microsoft.Win32")
LIBC_ENTRY = re.compile(r"^[0-9a-f]+ (__?[a-z_0-9]+?|fsync|fcntl64)[@+]")


def category(thread, stack):
    assemblies = [m.group(1) for m in map(MANAGED.search, stack) if m and m.group(1) != "unknown"]
    if assemblies:
        return next((a for a in assemblies if not a.startswith(BCL)), "(base class library only)")
    if any("libe_sqlite3" in frame for frame in stack):
        return "(native) SQLite, its caller not unwound"
    if not thread.startswith(".NET TP Worker"):
        return f"(native) {thread}"
    entry = next((m.group(1) for m in map(LIBC_ENTRY.match, reversed(stack)) if m), "other")
    return f"(native) thread pool in {entry.strip('_')}"


def per_thousand_calls(path, calls):
    counts = collections.Counter(category(thread, stack) for thread, stack in samples(path))
    return sum(counts.values()) * 1000 / calls, {k: v * 1000 / calls for k, v in counts.items()}


def main(argv):
    if len(argv) < 5:
        print(__doc__)
        return 2
    base_total, base = per_thousand_calls(argv[1], float(argv[2]))
    ours_total, ours = per_thousand_calls(argv[3], float(argv[4]))
    rows = int(argv[5]) if len(argv) > 5 else 25
    print(f"samples per 1,000 calls: base {base_total:.1f}, ours {ours_total:.1f} ({ours_total / base_total:.2f}x)")
    print(f"{'base':>7} {'ours':>7} {'more':>7}  where")
    for key in sorted(set(base) | set(ours), key=lambda k: (base.get(k, 0) - ours.get(k, 0), k))[:rows]:
        b, o = base.get(key, 0), ours.get(key, 0)
        print(f"{b:7.2f} {o:7.2f} {o - b:7.2f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
