#!/usr/bin/env python3
"""Precision on code nobody here wrote: every finding on pinned repositories, judged by hand.

    python3 scripts/unseen.py [--undangle PATH] [--mirrors DIR] [--docs]

testdata/unseen/manifest.tsv pins public repositories that are in neither the corpus nor the
development set. Their code is never committed here: this script reads each from a local git
mirror (`DIR/<owner>+<name>/repo`, as the project's search tool's `fetch` leaves them in
/work/.mirror) into ${XDG_CACHE_HOME:-~/.cache}/undangle/unseen/<name>/, runs
`undangle check --output-format json`, `undangle audit --output-format json` and ruff's RUF006
on it, and joins the findings with testdata/unseen/judgments.tsv (each finding read in its code
and judged `real`, the task can be collected while pending, or `false`, something keeps it) and
the audit entries with testdata/unseen/audit.tsv (a sample, each field checked by reading the
code). It prints per kind the findings and how many are real, how many of ruff's RUF006 findings
undangle reports, the share of sampled audit entries right in every field, and every finding or
sampled entry that has no judgment yet (a new binary's new findings). --docs (or --readme) rewrites the
"Unseen repositories" table of docs/evaluation.md. A repository whose mirror is missing is skipped with a
message.
"""

import argparse
import collections
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import corpus
import docs_section

ROOT = corpus.ROOT
DATA = ROOT / "testdata/unseen"
CACHE = corpus.CACHE.parent / "unseen"


def rows(name):
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def extract(mirror, commit, dest):
    """The commit's Python files, once (the cache is keyed by the commit)."""
    stamp = dest / ".commit"
    if stamp.exists() and stamp.read_text() == commit:
        return
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    # Only the Python files: a snapshot may leave its large data files out.
    archive = subprocess.run(["git", "-C", str(mirror), "archive", commit, "--",
                              ":(glob)**/*.py"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True,
                   capture_output=True)
    stamp.write_text(commit)


def run_json(command, cwd):
    result = subprocess.run(command, cwd=cwd, capture_output=True)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, command))} failed in {cwd}:\n{result.stderr.decode()}")
    return json.loads(result.stdout or b"[]")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--undangle", default=str(ROOT / "target/release/undangle"))
    parser.add_argument("--mirrors", default="/work/.mirror")
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()
    ruff = shutil.which("ruff", path=str(corpus.CACHE.parent / "venv/bin")) or "ruff"

    judged = {(r["repository"], r["path"], int(r["line"])): r for r in rows("judgments.tsv")}
    audited = {(r["repository"], r["path"], int(r["line"])): r for r in rows("audit.tsv")}
    kinds = collections.defaultdict(lambda: [0, 0, 0])  # findings, real, false
    ruff_total = ruff_found = 0
    audit_total = audit_right = 0
    unjudged, repos = [], 0
    for entry in rows("manifest.tsv"):
        repo, commit = entry["repository"], entry["commit"]
        mirror = Path(args.mirrors) / repo.replace("/", "+") / "repo"
        if not mirror.exists():
            print(f"unseen: no mirror of {repo} at {mirror}; skipped", file=sys.stderr)
            continue
        repos += 1
        dest = CACHE / repo.replace("/", "+")
        extract(mirror, commit, dest)
        ours = run_json([args.undangle, "check", "--isolated", "--output-format", "json", "."],
                        dest)
        for f in ours:
            key = (repo, f["path"], f["line"])
            kinds[f["kind"]][0] += 1
            verdict = judged.get(key, {}).get("verdict")
            if verdict == "real":
                kinds[f["kind"]][1] += 1
            elif verdict == "false":
                kinds[f["kind"]][2] += 1
            else:
                unjudged.append(f"finding {repo} {f['path']}:{f['line']} {f['kind']}")
        theirs = [d for d in corpus.ruff_diagnostics(ruff, ["."], dest) if d["code"] == "RUF006"]
        for d in theirs:
            path = str(Path(d["filename"]).resolve().relative_to(dest.resolve()))
            row = d["location"]["row"]
            ruff_total += 1
            ruff_found += any(f["path"] == path and f["line"] <= row <= f["end_line"] for f in ours)
        audit = run_json([args.undangle, "audit", "--isolated", "--output-format", "json", "."],
                         dest)
        present = {(repo, e["path"], e["line"]) for e in audit}
        for key, row in audited.items():
            if key[0] != repo:
                continue
            if key not in present:
                unjudged.append(f"audit entry no longer listed: {key[0]} {key[1]}:{key[2]}")
                continue
            audit_total += 1
            audit_right += not row["wrong"].strip()

    total = [sum(v[i] for v in kinds.values()) for i in range(3)]
    lines = ["| kind | findings | real | false | precision |", "|---|---|---|---|---|"]
    for kind in sorted(kinds):
        n, real, false = kinds[kind]
        judged_n = real + false
        share = f"{100 * real / judged_n:.0f}%" if judged_n else "-"
        lines.append(f"| {kind} | {n} | {real} | {false} | {share} |")
    share = f"{100 * total[1] / (total[1] + total[2]):.0f}%" if total[1] + total[2] else "-"
    lines.append(f"| **all** | {total[0]} | {total[1]} | {total[2]} | {share} |")
    lines.append("")
    lines.append(f"{repos} repositories. ruff's RUF006 findings that undangle also reports: "
                 f"{ruff_found} / {ruff_total}. Audit entries right in every field (sampled, "
                 f"each read in its code): {audit_right} / {audit_total}.")
    table = "\n".join(lines)
    print(table)
    for line in unjudged:
        print("unjudged:", line)
    if args.docs:
        docs_section.replace("unseen", table)
    return 1 if unjudged else 0


if __name__ == "__main__":
    sys.exit(main())
