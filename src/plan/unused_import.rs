//! An `import asyncio` whose last use the fix rewrote away goes, as maintainers remove it: a
//! site handed to the project's keeper (`asyncio.create_task(work())` → `run_bg_task(work())`)
//! can leave the module unused, which ruff and flake8 report (F401).

use tree_sitter::Node;

use super::edit::Edit;
use super::header::is_string_statement;
use crate::scan::syntax::text;
use crate::scan::words::whole;

/// The module the rewrites can stop using.
const MODULE: &str = "asyncio";

/// The edit that removes the module's `import asyncio` line when `edits` take away every other
/// spelling of the name. Only a line of its own, inside a block of imports that stays (an import
/// just before or after it), or a block of its own that another block of imports follows (it
/// goes with the blank lines after it), so that no blank lines or formatter changes follow;
/// none when any edit touches that line.
pub fn removal(root: Node, src: &str, edits: &[Edit]) -> Option<Edit> {
    let mut cursor = root.walk();
    let statements: Vec<Node> = root.named_children(&mut cursor).collect();
    let at = statements.iter().position(|s| plain_import(*s, src))?;
    let import = statements[at];
    let line_start = src[..import.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let line_end = import.end_byte() + src[import.end_byte()..].find('\n')?;
    if line_start != import.start_byte() || !src[import.end_byte()..line_end].trim().is_empty() {
        return None;
    }
    let neighbour = |s: Option<&Node>| {
        s.is_some_and(|s| {
            matches!(s.kind(), "import_statement" | "import_from_statement")
                && !src
                    [s.end_byte().min(import.end_byte())..s.start_byte().max(import.start_byte())]
                    .contains("\n\n")
        })
    };
    let previous = at.checked_sub(1).and_then(|i| statements.get(i));
    let next = statements.get(at + 1);
    let removed = if neighbour(previous) || neighbour(next) {
        line_start..line_end + 1
    } else {
        own_block(import, previous, next, src)?
    };
    // An edit right after the removed lines (a new import at the head of the next block) keeps
    // its place; one inside them or just before would lose it.
    if edits
        .iter()
        .any(|e| e.start < removed.end && e.end >= removed.start)
    {
        return None;
    }
    // The name's spellings left: the source's outside the import and the edits' replaced bytes,
    // and the edits' own.
    let outside =
        |at: usize| !removed.contains(&at) && !edits.iter().any(|e| (e.start..e.end).contains(&at));
    // A comment's mention is no use (but a `# type:` comment's is, to mypy).
    let in_comment = |at: usize| in_comment(root, src, at);
    let before = spellings(src)
        .filter(|&at| !removed.contains(&at) && !in_comment(at))
        .count();
    let left = spellings(src)
        .filter(|&at| outside(at) && !in_comment(at))
        .count()
        + edits
            .iter()
            .map(|e| spellings(&e.content).count())
            .sum::<usize>();
    (before > 0 && left == 0).then(|| Edit::replacement(removed.start, removed.end, ""))
}

/// `import asyncio` as a block of its own (the standard library's section with nothing else in
/// it): the range from its line to the next block of imports, which then stands where it stood.
/// Only after a blank line, the module's docstring or its start, so that no comment is left
/// above nothing.
fn own_block(
    import: Node,
    previous: Option<&Node>,
    next: Option<&Node>,
    src: &str,
) -> Option<std::ops::Range<usize>> {
    let next = next.filter(|n| matches!(n.kind(), "import_statement" | "import_from_statement"))?;
    let gap_before = previous.is_none_or(|p| {
        is_string_statement(*p) || src[p.end_byte()..import.start_byte()].contains("\n\n")
    });
    let gap_after = &src[import.end_byte()..next.start_byte()];
    let blank_after = gap_after.contains("\n\n") && gap_after.trim().is_empty();
    let at_line_start = src[..next.start_byte()].ends_with('\n');
    (gap_before && blank_after && at_line_start).then(|| {
        let line_start = src[..import.start_byte()].rfind('\n').map_or(0, |i| i + 1);
        line_start..next.start_byte()
    })
}

/// Whether the module's name spelled at `at` stands in a comment, but for a type comment: the
/// node around the spelling, looked up from the root (a walk of every node of the tree for its
/// comments was a twentieth of `diff`).
fn in_comment(root: Node, src: &str, at: usize) -> bool {
    let node = root.descendant_for_byte_range(at, at + MODULE.len());
    node.is_some_and(|node| {
        node.kind() == "comment"
            && !(text(node, src).trim_start_matches('#'))
                .trim_start()
                .starts_with("type:")
    })
}

/// `import asyncio`, alone and not renamed.
fn plain_import(statement: Node, src: &str) -> bool {
    statement.kind() == "import_statement"
        && statement.named_child_count() == 1
        && statement
            .named_child(0)
            .is_some_and(|name| name.kind() == "dotted_name" && text(name, src) == MODULE)
}

/// Where the module's name stands as a whole word in `code` (in strings too: a mention there
/// keeps the import, which is the safe side), but for an attribute or a dotted
/// module's last part (`sqlalchemy.ext.asyncio`), which is not the name the import binds.
fn spellings(code: &str) -> impl Iterator<Item = usize> + '_ {
    whole(code, MODULE).filter(|&at| !code[..at].trim_end().ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::syntax::new_parser;

    fn removes(src: &str, edits: &[Edit]) -> bool {
        let tree = new_parser().parse(src, None).unwrap();
        removal(tree.root_node(), src, edits).is_some()
    }

    #[test]
    fn the_import_goes_only_with_its_last_use() {
        let src = "import asyncio\nfrom .util import spawn\n\n\nasync def main():\n    asyncio.create_task(w())\n";
        let at = src.find("asyncio.create_task").unwrap();
        let call = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        assert!(removes(src, std::slice::from_ref(&call)));
        // Another use, a mention in a string, an edit that writes the name: it stays.
        let used = format!("{src}    asyncio.sleep(0)\n");
        assert!(!removes(&used, std::slice::from_ref(&call)));
        let mentioned = format!("{src}    '''asyncio'''\n");
        assert!(!removes(&mentioned, std::slice::from_ref(&call)));
        // A comment's mention is none, a type comment's is.
        let commented = format!("{src}    # asyncio.TimeoutError is caught above\n");
        assert!(removes(&commented, std::slice::from_ref(&call)));
        let typed = format!("{src}    x = []  # type: list[asyncio.Task[None]]\n");
        assert!(!removes(&typed, std::slice::from_ref(&call)));
        let written = Edit::insertion(src.len(), "x: asyncio.Task\n");
        assert!(!removes(src, &[call.clone(), written]));
        // A block of its own before another block of imports: it goes with the blank line.
        let alone = src.replace("from .util import spawn\n", "\nfrom .util import spawn\n");
        let at = alone.find("asyncio.create_task").unwrap();
        let call_alone = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        let tree = new_parser().parse(&alone, None).unwrap();
        let edit = removal(tree.root_node(), &alone, std::slice::from_ref(&call_alone));
        assert_eq!(
            edit.map(|e| (e.start, e.end)),
            Some((0, "import asyncio\n\n".len()))
        );
        let docstring = format!("\"\"\"Doc.\"\"\"\n{alone}");
        let at = docstring.find("asyncio.create_task").unwrap();
        let call_doc = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        assert!(removes(&docstring, &[call_doc]));
        // Under a comment of its own, or before code rather than imports: it stays.
        let commented = format!("# the loop\n{alone}");
        let at = commented.find("asyncio.create_task").unwrap();
        let call_commented = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        assert!(!removes(&commented, &[call_commented]));
        let before_code =
            "import asyncio\n\nX = 1\n\n\nasync def main():\n    asyncio.create_task(w())\n";
        let at = before_code.find("asyncio.create_task").unwrap();
        let call_code = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        assert!(!removes(before_code, &[call_code]));
        // A module or attribute of that name elsewhere is not the import's name.
        let dotted = alone.replace(
            "from .util import spawn\n",
            "from sqlalchemy.ext.asyncio import AsyncSession\nfrom .util import spawn\n",
        );
        let at = dotted.find("asyncio.create_task").unwrap();
        let call_dotted = Edit::replacement(at, at + "asyncio.create_task".len(), "spawn");
        assert!(removes(&dotted, &[call_dotted]));
        // Renamed, or with nothing rewritten: it stays.
        assert!(!removes(
            &src.replace("import asyncio\n", "import asyncio as aio\n"),
            &[]
        ));
        assert!(!removes(src, &[]));
    }
}
