"""Writes the documentation's generated pages from the binary, then (with `build`) builds the site.

    python3 scripts/docs.py [--undangle BINARY] [--docs DIR] [build]

The pages that must not drift from the code are generated, never committed (docs/.gitignore):

- docs/rules/<kind>.md, one page a rule, and docs/rules/index.md, the list of rules, from
  `undangle rule --all --output-format json`;
- docs/.generated/settings.md, the settings reference, from `undangle config --output-format
  json`; docs/configuration.md includes it.

The binary: --undangle, else $UNDANGLE, else target/release/undangle, else target/debug/undangle.
`build` then runs `mkdocs build --strict` with this Python (the virtualenv that
scripts/docs.sh fills with docs/requirements.txt), into site/.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def binary(given):
    if given:
        return given
    if os.environ.get("UNDANGLE"):
        return os.environ["UNDANGLE"]
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "undangle"
        if path.exists():
            return str(path)
    sys.exit("docs.py: no undangle binary: build it (cargo build) or pass --undangle")


def run_json(undangle, *args):
    done = subprocess.run([undangle, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"docs.py: `undangle {' '.join(args)}` exited {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


def fix_line(rule):
    fix = "Fix is available (`undangle fix`)." if rule["fix"] else "Reported, not fixed."
    return fix + (" Preview: this rule may still change." if rule.get("preview") else "")


def rule_page(rule):
    return (
        f"# {rule['name']}\n\n"
        f"{rule['summary']}\n\n"
        f"{fix_line(rule)}\n\n"
        f"{rule['explanation'].strip()}\n\n"
        f"Every shape this kind covers: [what is a dropped task](../kinds.md#kind-{rule['name']}).\n"
    )


def rules_index(rules):
    lines = [
        "# Rules",
        "",
        "Each kind of dropped task that `undangle check` reports is a rule with its own page "
        "(`undangle rule KIND` prints it; these pages are generated from `undangle rule --all`). "
        "Every shape of each kind, in full: [what is a dropped task](../kinds.md). A preview "
        "rule is reported only with `--preview` (or `preview = true`); why each rule is stable or "
        "preview: [stable and preview kinds](../kinds.md#stable-and-preview-kinds).",
        "",
        "| rule | what it reports | fix | tier |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        fix = "yes" if rule["fix"] else "no"
        summary = rule["summary"].replace("|", "\\|")
        tier = "preview" if rule["preview"] else "stable"
        lines.append(f"| [`{rule['name']}`]({rule['name']}.md) | {summary} | {fix} | {tier} |")
    return "\n".join(lines) + "\n"


def settings_reference(settings):
    out = []
    for s in settings:
        out += [f"### `{s['name']}`", "", s["doc"], ""]
        out += [f"**Type**: `{s['type']}`  ", f"**Default**: {code(s['default'])}  "]
        if s.get("flag"):
            out.append(f"**Flag**: `{s['flag']}`  ")
        out += ["", "```toml", s["example"], "```", ""]
    return "\n".join(out)


def code(default):
    # A TOML value is shown as code; a sentence ("none: ...") as it is.
    return default if " " in default else f"`{default}`"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def generate(undangle, docs):
    rules = run_json(undangle, "rule", "--all", "--output-format", "json")
    rules_dir = docs / "rules"
    if rules_dir.exists():
        for old in rules_dir.glob("*.md"):
            old.unlink()
    for rule in rules:
        write(rules_dir / f"{rule['name']}.md", rule_page(rule))
    write(rules_dir / "index.md", rules_index(rules))
    settings = run_json(undangle, "config", "--output-format", "json")
    write(docs / ".generated" / "settings.md", settings_reference(settings))
    return len(rules), len(settings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--undangle", help="the binary (default: $UNDANGLE, then target/)")
    parser.add_argument("--docs", default=str(ROOT / "docs"), help="where the pages go")
    parser.add_argument("command", nargs="?", choices=["build"])
    args = parser.parse_args()
    rules, settings = generate(binary(args.undangle), Path(args.docs))
    print(f"docs.py: {rules} rule pages, {settings} settings", file=sys.stderr)
    if args.command == "build":
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
        # Material's notice about its successor is no warning about these pages.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        sys.exit(subprocess.run(build, cwd=ROOT, env=env).returncode)


if __name__ == "__main__":
    main()
