"""Reads a `perf script` dump: the samples of bench/profile's scripts (docs/performance.md)."""
import re


def samples(path):
    """(thread name, frames leaf first) of every sample in the dump at `path`."""
    thread, stack = None, None
    for line in open(path, errors="replace"):
        if not line.strip():
            if stack is not None:
                yield thread, stack
            stack = None
        elif not line.startswith(("\t", " ")):
            thread, stack = re.split(r"\s+\d+", line.strip())[0], []
        elif stack is not None:
            stack.append(line.strip())
    if stack:
        yield thread, stack
