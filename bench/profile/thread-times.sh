#!/usr/bin/env bash
# Each thread's CPU time and context switches over a while (docs/performance.md, section 7).
# Usage: thread-times.sh PID SECONDS
# Reads /proc/PID/task/*/stat and status twice, SECONDS apart, and prints per thread that ran:
# its name, clock ticks of CPU (user + system; getconf CLK_TCK a second), voluntary switches
# (it blocked: a futex, epoll_wait) and involuntary ones (the kernel took the core: preempted,
# or sched_yield while others were runnable). Busiest first.
set -euo pipefail
pid=$1
seconds=$2

snapshot() {
  for task in /proc/"$pid"/task/*; do
    # The name in stat is in parentheses and may hold spaces: count fields after it.
    ticks=$(sed 's/.*) //' "$task"/stat | awk '{print $12 + $13}')
    switches=$(awk '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2} END {print v, n}' "$task"/status)
    echo "${task##*/} $(tr ' ' _ < "$task"/comm) $ticks $switches"
  done 2>/dev/null | sort
}

before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
echo "thread ticks voluntary involuntary (over ${seconds} s, $(getconf CLK_TCK) ticks a second)"
join <(echo "$before") <(echo "$after") |
  awk '{ticks = $7 - $3; if (ticks > 0) print $2, ticks, $8 - $4, $9 - $5}' |
  sort -k2,2nr | column -t
