#!/usr/bin/env python3
"""Start a new kind of dropped task, as ruff's scripts/add_rule.py starts a rule.

    python3 scripts/add_kind.py NAME [--root DIR]

NAME is the kind's name as `check` prints it (`late-binding`). The script writes the rule's file,
`src/detect/kinds/<name>.rs`, with ruff's four documentation sections to fill in, a preview tier
(a kind waits for `--preview` until its precision on unseen code is measured), a message and a
statement detector that finds nothing yet; it registers the kind (its `Kind` variant, its `mod`
line and its place at the end of `RULES`), and starts its fixture pair under
`testdata/fixtures/<name>/`. What is left is the rule's own file and its fixtures: everything
that names kinds (`undangle rule`, SARIF, the server, the PR body, the docs pages) is generated
from the registry.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RULE = '''//! ## What it does
//! TODO: which statements the rule reports, in one paragraph.
//!
//! ## Why is this bad?
//! TODO: why the task can be garbage-collected before it finishes.
//!
//! ## Example
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     ...
//! ```
//!
//! Use instead:
//! ```python
//! import asyncio
//!
//!
//! async def main():
//!     ...
//! ```
//!
//! ## Fix safety
//! TODO: what the fix changes, and what it leaves alone.

use super::rule::{{Detector, FixAvailability, IT_CAN_BE_COLLECTED, Kind, Message, Rule, Shape, Spawn, Tier}};
use crate::detect::dropped::Dropped;
use crate::detect::statement::Statement;

pub(super) const RULE: Rule = Rule {{
    kind: Kind::{variant},
    name: "{name}",
    summary: "TODO: one sentence on what the kind is.",
    tier: Tier::Preview,
    fix: FixAvailability::Always,
    shape: Shape::Call,
    spawn: Spawn::Never,
    detect: &[Detector::Statement(detect)],
    evidence: "TODO: what proves the drop (the language, asyncio, the checked code, a contract)",
    source: include_str!("{module}.rs"),
    message,
}};

fn message(m: &Message) -> String {{
    format!("task returned by `{{}}` is dropped{{IT_CAN_BE_COLLECTED}}", m.callee)
}}

/// TODO: the statements of this kind.
fn detect<'t>(_s: &mut Statement<'t, '_, '_>) -> Option<Dropped<'t>> {{
    None
}}
'''


def register(kinds: Path, module: str, variant: str) -> None:
    kind = kinds / "kind.rs"
    text = kind.read_text()
    marker = "    /// Never reported"
    if marker not in text:
        sys.exit(f"add_kind: no `{marker.strip()}` line in {kind}")
    kind.write_text(text.replace(marker, f"    {variant},\n{marker}", 1))

    registry = kinds / "mod.rs"
    text = registry.read_text()
    block = re.search(r"(?:^mod \w+;\n)+", text, re.M)
    if not block:
        sys.exit(f"add_kind: no `mod` lines in {registry}")
    mods = re.findall(r"^mod (\w+);$", block.group(0), re.M)
    lines = "".join(f"mod {m};\n" for m in sorted(mods + [module]))
    text = text[: block.start()] + lines + text[block.end() :]
    count = re.search(r"pub const RULES: \[&Rule; (\d+)\] = \[\n", text)
    if not count:
        sys.exit(f"add_kind: no RULES array in {registry}")
    end = text.index("];", count.end())
    text = (
        text[: count.start(1)]
        + str(int(count.group(1)) + 1)
        + text[count.end(1) : end]
        + f"    &{module}::RULE,\n"
        + text[end:]
    )
    registry.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="the kind's name, in kebab case (late-binding)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to write into")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", args.name):
        sys.exit(f"add_kind: {args.name!r} is not a kebab-case name")
    module = args.name.replace("-", "_")
    variant = "".join(part.capitalize() for part in args.name.split("-"))
    kinds = args.root / "src/detect/kinds"
    rule = kinds / f"{module}.rs"
    if rule.exists():
        sys.exit(f"add_kind: {rule} exists")
    rule.write_text(RULE.format(name=args.name, module=module, variant=variant))
    register(kinds, module, variant)
    fixture = args.root / "testdata/fixtures" / module
    fixture.mkdir(parents=True, exist_ok=True)
    for name in ("input.py", "expected.py"):
        (fixture / name).write_text("import asyncio\n")
    (fixture / "findings.txt").write_text("")
    print(f"wrote {rule.relative_to(args.root)} and {fixture.relative_to(args.root)}/; fill in the")
    print("TODOs, the fixture's input.py, then `UNDANGLE_BLESS=1 cargo test --test it fixtures::`.")


if __name__ == "__main__":
    main()
