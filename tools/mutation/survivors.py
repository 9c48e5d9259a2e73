#!/usr/bin/env python3
"""Lists the mutants Stryker left alive (Survived, NoCoverage) in a mutation-report.json, one line each."""
import json
import sys

report = json.load(open(sys.argv[1]))
for path, file in sorted(report["files"].items()):
    for mutant in file["mutants"]:
        if mutant["status"] in ("Survived", "NoCoverage"):
            line = mutant["location"]["start"]["line"]
            print(f'{path.split("/src/")[-1]}:{line}  {mutant["status"]:<10} {mutant["mutatorName"]}: {mutant.get("replacement", "").strip()[:90]}')
