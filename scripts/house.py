#!/usr/bin/env python3
"""The house's rules, checked on src/: one layer per folder with arrows pointing down, no
dependency circle between files, no file over 600 lines, no function over 100 lines.

    python3 scripts/house.py [--tree] [--docs]

Dependencies are read from the `crate::`, `super::` and sibling-module paths each file names
(its inline `#[cfg(test)]` module and comments left out). --tree prints one line per file: its
path, its line count and the first line of its doc comment. The "layout" section of
docs/development.md is that list without the counts: --docs (or its old name --readme) writes
it, and a page that no longer matches the tree is a broken rule too. Exits 1 when a rule is broken.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
# Lowest first: a file may use files of its own folder and of the folders before it.
LAYERS = ["scan", "settings", "project", "detect", "audit", "plan", "core", "render", "app"]
MAX_FILE = 600
MAX_FUNCTION = 100


def module_of(path):
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def code_of(text):
    """The text without its inline test module and its comments (a doc link is not a use)."""
    at = text.find("#[cfg(test)]\nmod tests")
    text = text if at < 0 else text[:at]
    return re.sub(r"//[^\n]*", "", text)


def resolve(parts, modules):
    """The longest prefix of `parts` that names a module file."""
    for end in range(len(parts), 0, -1):
        if tuple(parts[:end]) in modules:
            return tuple(parts[:end])
    return None


def dependencies(path, modules):
    text = code_of(path.read_text())
    me = module_of(path)
    is_mod = path.name in ("mod.rs", "lib.rs")
    here = me if is_mod else me[:-1]
    found = set()
    for m in re.finditer(r"\b(crate|super|[a-z_][a-z0-9_]*)((?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
        head, rest = m.group(1), [p for p in m.group(2).split("::") if p]
        if head == "crate":
            parts = rest
        elif head == "super":
            parts = here[:-1] + rest if is_mod else here + rest
        elif tuple(here + [head]) in modules:
            parts = here + [head] + rest
        else:
            continue
        target = resolve(parts, modules)
        if target and list(target) != me and len(target) > 0:
            found.add(target)
    return found


def function_lengths(path):
    lines = path.read_text().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(pub(\([a-z]+\))? )?(const )?(async )?fn (\w+)", lines[i])
        if m and not lines[i].rstrip().endswith(";"):
            indent = len(m.group(1))
            j = i + 1
            while j < len(lines) and not (
                lines[j].startswith(" " * indent + "}") and len(lines[j]) - len(lines[j].lstrip()) == indent
            ):
                j += 1
            yield m.group(6), i + 1, j - i + 1
            i = j
        i += 1


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def doc_line(path):
    for line in path.read_text().split("\n"):
        if line.startswith("//!"):
            return line[3:].strip()
    return ""


def layout(files):
    """The README's layout: one line per file, grouped by folder in the order of the layers."""
    lines = []
    for layer in reversed(LAYERS):
        for path in files:
            if module_of(path)[0] == layer:
                doc = doc_line(path)
                doc = doc if len(doc) <= 72 else doc[:71].rstrip() + "…"
                lines.append(f"{str(path.relative_to(SRC)):28} {doc}")
    return "```\n" + "\n".join(lines) + "\n```"


def documented_layout():
    sys.path.insert(0, str(ROOT / "scripts"))
    import docs_section

    return docs_section.read("layout")


def main():
    files = sorted(p for p in SRC.rglob("*.rs") if p.name not in ("lib.rs", "main.rs"))
    modules = {tuple(module_of(p)): p for p in files}
    graph = {}
    problems = []
    for path in files:
        me = tuple(module_of(path))
        deps = {d for d in dependencies(path, modules) if d != me}
        graph[me] = deps
        layer = LAYERS.index(me[0]) if me[0] in LAYERS else None
        if layer is None:
            problems.append(f"{path.relative_to(ROOT)}: not in a layer folder ({', '.join(LAYERS)})")
        for dep in graph[me]:
            if layer is not None and dep[0] in LAYERS and LAYERS.index(dep[0]) > layer:
                problems.append(f"{path.relative_to(ROOT)}: uses {'::'.join(dep)}, a layer above")
        count = len(path.read_text().split("\n")) - 1
        if count > MAX_FILE:
            problems.append(f"{path.relative_to(ROOT)}: {count} lines (at most {MAX_FILE})")
        for name, line, length in function_lengths(path):
            if length > MAX_FUNCTION:
                problems.append(f"{path.relative_to(ROOT)}:{line}: fn {name} has {length} lines (at most {MAX_FUNCTION})")
    if "--docs" in sys.argv or "--readme" in sys.argv:
        sys.path.insert(0, str(ROOT / "scripts"))
        import docs_section

        docs_section.replace("layout", layout(files))
    if documented_layout() != layout(files):
        problems.append("docs/development.md: the layout section is not the tree's (python3 scripts/house.py --docs)")
    for component in cycles(graph):
        problems.append("dependency circle: " + " -> ".join("::".join(c) for c in component))
    if "--tree" in sys.argv:
        for path in files:
            count = len(path.read_text().split("\n")) - 1
            print(f"{str(path.relative_to(ROOT)):34} {count:4}  {doc_line(path)}")
    for problem in problems:
        print(problem)
    print(f"house: {len(files)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
