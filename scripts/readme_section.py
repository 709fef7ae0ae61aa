"""Rewrites one generated section of the README, between `<!-- NAME:start -->` and
`<!-- NAME:end -->`, so that the figures it quotes come from the command that made them."""

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def replace(name, content):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = README.read_text()
    head, rest = text.split(start, 1)
    README.write_text(head + start + "\n" + content + "\n" + end + rest.split(end, 1)[1])
