#!/usr/bin/env python3
"""Each route's requests, mean time in its handler and requests in flight, between two
scrapes of the mesh's /metrics (docs/performance.md, section 7).

Usage: route-times.py BEFORE.txt AFTER.txt SECONDS [ROWS]

The figures come from ASP.NET Core's own `http.server.request.duration` histogram, which
every app of the embedded default reports at the BFF's /metrics, per app and route. Its
clock starts when Kestrel hands the request to the app and stops when the app is done,
so a call's mean here is its handler's time under the load, without the time the call
spent queued on the way in and out. SECONDS is the time between the scrapes; the calls
in flight are the summed durations over it (Little's law). Rows by calls in flight.
"""
import collections
import re
import sys

LINE = re.compile(r'^http_server_request_duration_seconds_(sum|count)\{(.*)\} (\S+)$')
TAG = re.compile(r'(\w+)="([^"]*)"')


def scrape(path):
    """(app, route) -> [summed seconds, requests], over every status and method."""
    totals = collections.defaultdict(lambda: [0.0, 0.0])
    for line in open(path):
        match = LINE.match(line.strip())
        if match:
            tags = dict(TAG.findall(match.group(2)))
            key = (tags.get("checkout_app", "?"), tags.get("http_route", "?"))
            totals[key][0 if match.group(1) == "sum" else 1] += float(match.group(3))
    return totals


def main():
    before, after, seconds = scrape(sys.argv[1]), scrape(sys.argv[2]), float(sys.argv[3])
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    table = []
    for key, (total, count) in after.items():
        took, requests = total - before[key][0], count - before[key][1]
        if requests > 0:
            table.append((took / seconds, key, requests, 1000 * took / requests))
    print(f"{'app':<13}{'route':<62}{'requests':>9}{'mean ms':>9}{'in flight':>10}")
    for in_flight, (app, route), requests, mean in sorted(table, reverse=True)[:rows]:
        print(f"{app:<13}{route[:61]:<62}{requests:>9.0f}{mean:>9.2f}{in_flight:>10.2f}")


if __name__ == "__main__":
    main()
