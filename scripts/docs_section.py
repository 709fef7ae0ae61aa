"""Rewrites one generated section of the documentation, between `<!-- NAME:start -->` and
`<!-- NAME:end -->`, so that the figures it quotes come from the command that made them. The
section lives in one page under docs/ (the evaluation, performance, audit and development
pages); the page is found by its markers."""

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def page(name):
    """The page under docs/ that holds the section `name`."""
    start = f"<!-- {name}:start -->"
    pages = [p for p in sorted(DOCS.glob("*.md")) if start in p.read_text()]
    if len(pages) != 1:
        raise SystemExit(f"docs_section: {len(pages)} pages of docs/ hold {start}, not one")
    return pages[0]


def read(name):
    """The text of the section `name`, without its markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = page(name).read_text()
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


def replace(name, content):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    path = page(name)
    text = path.read_text()
    head, rest = text.split(start, 1)
    path.write_text(head + start + "\n" + content + "\n" + end + rest.split(end, 1)[1])
