#!/usr/bin/env python3
"""The audit on the shared corpus: counts by reference and risk, and its time against `check`.

    python3 scripts/audit_corpus.py [--runs N] [--docs]

Runs `undangle audit --output-format json` on every package of the corpus (fetched by
scripts/corpus.py), tabulates the sites by reference and by risk (production and test code),
and times `audit` against `check` on the whole corpus (medians of N interleaved runs after two
warm-up rounds). --docs (or --readme) writes the tables into docs/audit.md.
"""

import argparse
import collections
import json
import statistics
import subprocess
import sys
import time

import corpus
import docs_section

REFERENCES = ["dropped", "awaited", "returned", "attribute", "collection", "module",
              "task-group", "passed", "local"]
RISKS = ["high", "medium", "low", "none"]


def timed(command):
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if result.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()

    packages = [line.split("\t") for line in corpus.PACKAGES.read_text().splitlines() if line.strip()]
    sources = [(f"{name}-{version}", corpus.fetch(name, version, pyver, wheel, sha))
               for name, version, pyver, wheel, sha in packages]
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=corpus.ROOT, check=True)
    binary = str(corpus.ROOT / "target/release/undangle")

    by_reference, by_risk = collections.Counter(), collections.Counter()
    audited = 0
    for name, src in sources:
        result, _ = corpus.undangle(binary, ["audit", "--output-format", "json", "."], src)
        audited += 1
        for site in json.loads(result.stdout):
            by_reference[site["reference"]] += 1
            by_risk[(site["risk"], site["test"])] += 1

    tree = str(corpus.CACHE / "src")
    samples = {"audit": [], "check": []}
    commands = {"audit": [binary, "audit", "--output-format", "json", tree],
                "check": [binary, "check", tree]}
    for round_ in range(2 + args.runs):
        for label, command in commands.items():
            elapsed = timed(command)
            if round_ >= 2:
                samples[label].append(elapsed)
    audit_s, check_s = (statistics.median(samples[k]) for k in ("audit", "check"))

    total = sum(by_reference.values())
    lines = [f"{total} task-creation sites in {audited} packages.", "",
             "| reference | sites |", "|---|---:|"]
    lines += [f"| {r} | {by_reference[r]} |" for r in REFERENCES]
    lines += ["", "| risk | production | test | total |", "|---|---:|---:|---:|"]
    for risk in RISKS:
        prod, test = by_risk[(risk, False)], by_risk[(risk, True)]
        lines.append(f"| {risk} | {prod} | {test} | {prod + test} |")
    lines += ["", f"`undangle audit` {audit_s * 1e3:.0f} ms, `undangle check` {check_s * 1e3:.0f} ms "
              f"on the whole corpus: {audit_s / check_s:.1f}x (medians of {args.runs} interleaved runs)."]
    report = "\n".join(lines)
    print(report)
    if args.docs:
        docs_section.replace("audit", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
