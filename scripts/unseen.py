#!/usr/bin/env python3
"""Precision on code nobody here wrote: every finding on pinned repositories, judged by hand.

    python3 scripts/unseen.py [--undangle PATH] [--mirrors DIR] [--set DIR ...] [--arg ARG ...]
                              [--prepare] [--kept] [--sample N --seed S] [--docs]

testdata/unseen/manifest.tsv pins public repositories that are in neither the corpus nor the
development set. Their code is never committed here: this script reads each from a local git
mirror (`DIR/<owner>+<name>/repo`, as the project's search tool's `fetch` leaves them in
/work/.mirror) into ${XDG_CACHE_HOME:-~/.cache}/undangle/unseen/<name>/, runs
`undangle check --output-format json`, `undangle audit --output-format json` and ruff's RUF006
(`$UNDANGLE_RUFF`, else the pinned ruff of scripts/ruff.sh, installed on first use) on it, and
joins the findings with testdata/unseen/judgments.tsv (each finding read in its code and judged
`real`, the task can be collected while pending, or `false`, something keeps it) and the audit
entries with testdata/unseen/audit.tsv (a sample, each field checked by reading the
code). It prints per kind the findings and how many are real, how many of ruff's RUF006 findings
undangle reports, the share of sampled audit entries right in every field, and every finding or
sampled entry that has no judgment yet (a new binary's new findings). --docs (or --readme) rewrites the
"Unseen repositories" table of docs/evaluation.md. A repository whose mirror is missing is skipped with a
message.

--set DIR reads another set of the same three files and a manifest (an exam such as
testdata/exam35), cached in ${XDG_CACHE_HOME:-~/.cache}/undangle/<folder name>/; give it more
than once to join sets (`--set testdata/unseen --set testdata/exam35 --set testdata/exam35b
--set testdata/exam35c --set testdata/exam35d --set testdata/exam35e --set testdata/exam35f
--set testdata/exam35g --set testdata/exam35h --set testdata/exam35i --set testdata/exam35j
--set testdata/exam35k --set testdata/exam35l --set testdata/exam35m
--set testdata/exam35n --set testdata/exam35o --set testdata/exam35p`,
the whole development set). For a set other
than the default, --docs rewrites the section named after its folder.
The outputs of each run (check, audit and RUF006 JSON) are kept beside the extracted code, so a
judgment reads what was reported. --arg passes an argument to both `check` and `audit` (e.g.
--arg=--preview; those outputs are kept under their own name). --kept reads the outputs an earlier
run kept instead of running undangle again (an exam is taken once). --prepare extracts the code
and runs ruff only. --sample N --seed S prints N audit entries drawn at random (seeded) in turn
from each repository, ready to be judged into audit.tsv.
"""

import argparse
import collections
import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import corpus
import docs_section

ROOT = corpus.ROOT
DEFAULT_SET = "testdata/unseen"


def rows(folder, name):
    path = folder / name
    if not path.exists():
        return []
    with open(path, newline="") as f:
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


def run_json(command, cwd, keep, kept=False):
    """The command's JSON output, also written to `keep` (beside the extracted code); with
    `kept`, the output an earlier run left there (an exam is taken once)."""
    if kept:
        return json.loads(keep.read_bytes())
    result = subprocess.run(command, cwd=cwd, capture_output=True)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, command))} failed in {cwd}:\n{result.stderr.decode()}")
    keep.write_bytes(result.stdout or b"[]")
    return json.loads(result.stdout or b"[]")


def pinned_ruff():
    """`$UNDANGLE_RUFF` (as scripts/test.sh sets it), else the pinned ruff that scripts/ruff.sh
    installs into this cache: on a new machine, or under another XDG_CACHE_HOME, the cache has
    no virtualenv yet, and a `ruff` looked up there or on PATH was missing or another version."""
    return os.environ.get("UNDANGLE_RUFF") or subprocess.run(
        [str(ROOT / "scripts/ruff.sh")], capture_output=True, text=True, check=True).stdout.strip()


def ruff_findings(ruff, dest, keep):
    """RUF006's findings as (path, row), relative to the extracted code."""
    theirs = [d for d in corpus.ruff_diagnostics(ruff, ["."], dest) if d["code"] == "RUF006"]
    found = [(str(Path(d["filename"]).resolve().relative_to(dest.resolve())),
              d["location"]["row"]) for d in theirs]
    keep.write_text(json.dumps(found, indent=1))
    return found


class Tally:
    def __init__(self):
        self.kinds = collections.defaultdict(lambda: [0, 0, 0])  # findings, real, false
        self.beyond = collections.defaultdict(lambda: [0, 0, 0])  # the same, not RUF006
        self.ruff_total = self.ruff_found = 0
        self.audit_total = self.audit_right = self.audit_fixed = 0
        self.unjudged, self.ruff_only, self.repos = [], [], 0


def covers(finding, path, row):
    return finding["path"] == path and finding["line"] <= row <= finding["end_line"]


def tally_repo(tally, repo, ours, theirs, audit, judged, audited):
    for f in ours:
        key = (repo, f["path"], f["line"])
        verdict = judged.get(key, {}).get("verdict")
        counts = [tally.kinds[f["kind"]]]
        if not any(covers(f, path, row) for path, row in theirs):
            counts.append(tally.beyond[f["kind"]])
        for c in counts:
            c[0] += 1
            c[1] += verdict == "real"
            c[2] += verdict == "false"
        if verdict not in ("real", "false", "harmless"):
            unjudged_kind = "" if len(counts) > 1 else " (RUF006 too)"
            tally.unjudged.append(f"finding {repo} {f['path']}:{f['line']} {f['kind']}"
                                  + unjudged_kind)
    for path, row in theirs:
        tally.ruff_total += 1
        if any(covers(f, path, row) for f in ours):
            tally.ruff_found += 1
            continue
        entry = next((e for e in audit if e["path"] == path
                      and e["line"] <= row <= e["end_line"]), None)
        said = f"{entry['verdict']}: {entry['evidence']}" if entry else "no audit entry"
        tally.ruff_only.append(f"{repo} {path}:{row}: audit says {said}")
    present = {(repo, e["path"], e["line"]) for e in audit}
    for key, row in audited.items():
        if key[0] != repo:
            continue
        if key not in present:
            tally.unjudged.append(f"audit entry no longer listed: {key[0]} {key[1]}:{key[2]}")
            continue
        tally.audit_total += 1
        tally.audit_right += not row["wrong"].strip()
        # A wrong entry a later commit made right ("fixed by <commit>", read again in the code):
        # the judgment stays as it came, the current build's count is said apart.
        tally.audit_fixed += bool(row["wrong"].strip() and (row.get("fixed") or "").strip())


def kind_table(kinds):
    lines = ["| kind | findings | real | false | precision |", "|---|---|---|---|---|"]
    for kind in sorted(kinds):
        n, real, false = kinds[kind]
        judged_n = real + false
        share = f"{100 * real / judged_n:.0f}%" if judged_n else "-"
        lines.append(f"| {kind} | {n} | {real} | {false} | {share} |")
    total = [sum(v[i] for v in kinds.values()) for i in range(3)]
    share = f"{100 * total[1] / (total[1] + total[2]):.0f}%" if total[1] + total[2] else "-"
    lines.append(f"| **all** | {total[0]} | {total[1]} | {total[2]} | {share} |")
    return lines


def sample(entries, n, seed):
    """`n` audit entries, drawn in turn from each repository's shuffled entries."""
    rng = random.Random(seed)
    by_repo = collections.defaultdict(list)
    for repo, e in entries:
        by_repo[repo].append(e)
    queues = []
    for repo in sorted(by_repo):
        picked = by_repo[repo][:]
        rng.shuffle(picked)
        queues.append((repo, picked))
    rng.shuffle(queues)
    drawn = []
    while len(drawn) < n and any(q for _, q in queues):
        for repo, q in queues:
            if q and len(drawn) < n:
                drawn.append((repo, q.pop()))
    return drawn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--undangle", default=str(ROOT / "target/release/undangle"))
    parser.add_argument("--mirrors", default="/work/.mirror")
    parser.add_argument("--set", dest="sets", action="append")
    parser.add_argument("--arg", dest="args", action="append", default=[])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--kept", action="store_true")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--docs", "--readme", dest="docs", action="store_true")
    args = parser.parse_args()
    sets = [ROOT / s for s in (args.sets or [DEFAULT_SET])]
    ruff = pinned_ruff()
    label = "".join(a.strip("-").replace("=", "-") + "." for a in args.args)

    tally, entries = Tally(), []
    for data in sets:
        cache = corpus.CACHE.parent / data.name
        judged = {(r["repository"], r["path"], int(r["line"])): r
                  for r in rows(data, "judgments.tsv")}
        audited = {(r["repository"], r["path"], int(r["line"])): r
                   for r in rows(data, "audit.tsv")}
        for entry in rows(data, "manifest.tsv"):
            repo, commit = entry["repository"], entry["commit"]
            mirror = Path(args.mirrors) / repo.replace("/", "+") / "repo"
            if not mirror.exists():
                print(f"unseen: no mirror of {repo} at {mirror}; skipped", file=sys.stderr)
                continue
            tally.repos += 1
            dest = cache / repo.replace("/", "+")
            extract(mirror, commit, dest)
            theirs = ruff_findings(ruff, dest, dest.with_name(dest.name + ".ruff.json"))
            if args.prepare:
                print(f"{repo}: {len(corpus.python_files(dest))} Python files, "
                      f"{len(theirs)} RUF006 findings")
                continue
            ours = run_json([args.undangle, "check", "--isolated", *args.args,
                             "--output-format", "json", "."], dest,
                            dest.with_name(f"{dest.name}.{label}check.json"), args.kept)
            audit = run_json([args.undangle, "audit", "--isolated", *args.args,
                              "--output-format", "json", "."], dest,
                             dest.with_name(f"{dest.name}.{label}audit.json"), args.kept)
            tally_repo(tally, repo, ours, theirs, audit, judged, audited)
            entries += [(repo, e) for e in audit if (repo, e["path"], e["line"]) not in audited]
    if args.prepare:
        return 0

    lines = kind_table(tally.kinds)
    lines.append("")
    lines.append(f"{tally.repos} repositories. ruff's RUF006 findings that undangle also reports: "
                 f"{tally.ruff_found} / {tally.ruff_total}. Audit entries right in every field "
                 f"(sampled, each read in its code): {tally.audit_right} / {tally.audit_total}.")
    if tally.audit_fixed:
        lines.append(f"With the fixes noted in audit.tsv (development data, read again in the code "
                     f"after the judgment): {tally.audit_right + tally.audit_fixed} / "
                     f"{tally.audit_total}.")
    beyond = ["", "Findings beyond ruff's RUF006:", ""] + kind_table(tally.beyond)
    default = len(sets) == 1 and sets[0] == ROOT / DEFAULT_SET
    table = "\n".join(lines if default else lines + beyond)
    print(table if not default else table + "\n" + "\n".join(beyond))
    for line in tally.ruff_only:
        print("RUF006 not reported:", line)
    for line in tally.unjudged:
        print("unjudged:", line)
    for repo, e in sample(entries, args.sample, args.seed):
        fields = [e[k] or "-" for k in ("reference", "owner", "shutdown", "exceptions", "risk")]
        print("sample:", repo, f"{e['path']}:{e['line']}", e["function"], e["verdict"],
              *fields, e["action"], sep="\t")
    if args.docs:
        docs_section.replace("unseen" if default else sets[0].name, table)
    return 1 if tally.unjudged else 0


if __name__ == "__main__":
    sys.exit(main())
