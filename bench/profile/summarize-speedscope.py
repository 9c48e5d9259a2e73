#!/usr/bin/env python3
"""Summarizes a dotnet-trace speedscope file (profile dotnet-sampled-thread-time):
CPU time only (samples whose leaf is CPU_TIME), by the method on top (self) and by
every method on the stack (inclusive), as shares of all CPU time in the trace.

Usage: summarize-speedscope.py trace.speedscope.json [filter-substring ...]
"""
import collections
import json
import re
import sys

trace = json.load(open(sys.argv[1]))
filters = sys.argv[2:]
frames = [f["name"] for f in trace["shared"]["frames"]]
cpu = frames.index("CPU_TIME")
own, inclusive, total = collections.Counter(), collections.Counter(), 0.0
for profile in trace["profiles"]:
    stack, last = [], None
    for event in profile["events"]:
        if last is not None and len(stack) > 1 and stack[-1] == cpu:
            elapsed = event["at"] - last
            total += elapsed
            own[frames[stack[-2]]] += elapsed
            for frame in set(stack[:-1]):
                inclusive[frames[frame]] += elapsed
        last = event["at"]
        if event["type"] == "O":
            stack.append(event["frame"])
        elif stack:
            stack.pop()


def short(name):
    return re.sub(r"\(.*", "", name)[:130]


print(f"CPU time in trace: {total:.0f} ms")
print("Self:")
for name, ms in own.most_common(15):
    print(f"  {ms / total * 100:5.1f}%  {short(name)}")
print("Inclusive" + (f" (matching {', '.join(filters)})" if filters else "") + ":")
shown = 0
for name, ms in inclusive.most_common():
    if (not filters or any(f in name for f in filters)) and "AsyncStateMachineBox" not in name:
        print(f"  {ms / total * 100:5.1f}%  {short(name)}")
        shown += 1
        if shown == 30:
            break
