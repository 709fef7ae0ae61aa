#!/usr/bin/env python3
"""How fast `undangle server` answers an edit, and what an open document costs in memory.

    python3 scripts/bench_server.py [--undangle PATH] [--base PATH] [--rounds N] [--edits N]
                                    [--documents N] [--pause MS]

Opens a generated 5,000-line module with 50 task sites, then makes N keystroke-sized edits (one
character typed into a comment, then removed) and times each from the `didChange` notification
to the `publishDiagnostics` that answers it: p50 and p99 against the goals of 5 ms and 20 ms.
The edits are --pause milliseconds apart (30 by default: 2,000 keystrokes a minute, faster than
anyone types), so that what the server does after answering one edit is not counted in the next
one's time; --pause 0 sends them back to back.
Then the same in code (a character typed into a string of the first function, then removed),
which the server analyses again whole.
Then opens --documents more such modules and reads the server's resident memory (VmRSS) before
and after: the growth per document against the goal of 2 MiB. Uses the release build
(`cargo build --release`) unless --undangle names another. With --base, that build is measured
too, in turns with this one (--rounds each), and the Markdown table has a column for each: the
issue's "edit latency unchanged or better".
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINES = 5000
SITES = 50


def module() -> str:
    """5,000 lines: 50 functions of 100 lines, each with one dropped task among plain code."""
    out = ["import asyncio", ""]
    for f in range(SITES):
        out += ["", f"async def handler_{f}(request):", "    # comment"]
        body = [f"    value_{i} = request.get('k{i}', {i}) + {i}" for i in range(94)]
        out += body[:47] + [f"    asyncio.create_task(work_{f}(request))"] + body[47:]
    out = out[:LINES]
    return "\n".join(out) + "\n"


class Server:
    def __init__(self, undangle: str):
        self.proc = subprocess.Popen([undangle, "server"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self) -> list:
        while True:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]["diagnostics"]

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--undangle", help="the binary (default: the release build)")
    parser.add_argument("--base", help="a previous build, measured in turns with this one")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each build (the table shows medians)")
    parser.add_argument("--edits", type=int, default=400)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--pause", type=float, default=30.0,
                        help="milliseconds between two edits (default 30; 0: back to back)")
    args = parser.parse_args()
    undangle = args.undangle
    if undangle is None:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
        undangle = str(Path(target) / "release/undangle")
    # With --base, the two builds take turns, so that both see the same load.
    builds = ([("before", args.base)] if args.base else []) + [("now", undangle)]
    results = {label: [] for label, _ in builds}
    for _ in range(args.rounds):
        for label, binary in builds:
            results[label].append(measure(binary, args))
    columns = [label for label, _ in builds]
    print("| measure | " + " | ".join(columns) + " | goal |")
    print("|---|" + "---|" * len(columns) + "---|")
    for key, (title, unit, goal) in rows(args).items():
        digits = 2 if unit == "MiB" else 1
        cells = [f"{statistics.median(r[key] for r in results[label]):.{digits}f} {unit}"
                 for label in columns]
        print(f"| {title} | " + " | ".join(cells) + f" | {goal} |")
    sys.stdout.flush()


def rows(args) -> dict:
    """What the table shows: the key each run's measures go under, its title, unit and goal."""
    shown = {}
    for name in ("a comment", "code"):
        shown[f"{name} p50"] = (f"edit in {name} → diagnostics, p50 ({args.edits} edits)", "ms",
                                "≤ 5 ms")
        shown[f"{name} p99"] = (f"edit in {name} → diagnostics, p99", "ms", "≤ 20 ms")
    shown["per document"] = (f"memory per open 5,000-line document ({args.documents} opened)",
                             "MiB", "≤ 2 MiB")
    return shown


def measure(undangle: str, args) -> dict:
    """One run of the benchmark against `undangle`: each measure of [`rows`]."""
    text = module()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(undangle)
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.notify("initialized", {})
        uri = f"file://{tmp}/module.py"
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}})
        found = server.diagnostics()
        assert len(found) == SITES, f"{len(found)} diagnostics, not {SITES}"
        lines = text.splitlines()
        # Into the comment of the first function; into the string `'k0'` below it.
        comment = {"line": 4, "character": len(lines[4])}
        string = {"line": 5, "character": lines[5].index("'k") + 2}
        version = 1
        measured = {}
        for name, at in (("a comment", comment), ("code", string)):
            times = measured[name] = []
            for n in range(args.edits):
                # Type one character, then remove it.
                version += 1
                if n % 2 == 0:
                    change = {"range": {"start": at, "end": at}, "text": "x"}
                else:
                    end = dict(at, character=at["character"] + 1)
                    change = {"range": {"start": at, "end": end}, "text": ""}
                time.sleep(args.pause / 1000)
                start = time.perf_counter()
                server.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                found = server.diagnostics()
                times.append((time.perf_counter() - start) * 1000)
                assert len(found) == SITES
        base = server.rss_kib()
        for d in range(args.documents):
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": f"file://{tmp}/other_{d}.py", "languageId": "python", "version": 1,
                "text": text}})
            server.diagnostics()
        per_doc = (server.rss_kib() - base) / args.documents / 1024
        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.wait()
    result = {"per document": per_doc}
    for name, times in measured.items():
        times.sort()
        result[f"{name} p50"] = statistics.median(times)
        result[f"{name} p99"] = times[min(len(times) - 1, int(len(times) * 0.99))]
    return result


if __name__ == "__main__":
    main()
