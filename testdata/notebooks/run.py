"""Runs a notebook's code cells top to bottom as IPython would (top-level await allowed),
with its IPython escapes stubbed out: `%magic`, `!cmd` and `?obj` lines do nothing,
`x = !cmd` binds an empty list, and cells in other languages (`%%bash`) are skipped."""

import ast
import asyncio
import json
import re
import sys

PYTHON_CELL_MAGICS = {"capture", "debug", "prun", "pypy", "python", "python3", "time", "timeit"}


def stub(line):
    code = line.lstrip()
    indent = line[: len(line) - len(code)]
    if code.startswith(("%", "!", "?")):
        return indent + "pass"
    match = re.match(r"([\w.]+)\s*=\s*[!%]", code)
    if match:
        return f"{indent}{match.group(1)} = []"
    return line


async def main(path):
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    namespace = {"__name__": "__main__"}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        first = source.lstrip().split("\n", 1)[0]
        if first.startswith("%%") and first[2:].split()[0] not in PYTHON_CELL_MAGICS:
            continue
        text = "\n".join(stub(line) for line in source.split("\n"))
        code = compile(text, path, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        result = eval(code, namespace)
        if asyncio.iscoroutine(result):
            await result
    # Let the background tasks finish.
    await asyncio.sleep(1.2)


asyncio.run(main(sys.argv[1]))
