//! The coroutine a script runs with `asyncio.run(main(...))`: the event loop runs only while
//! that coroutine does, and when it returns `asyncio.run` cancels every task left and waits for
//! them (CPython `Lib/asyncio/runners.py`: `Runner.close` calls `_cancel_all_tasks`, which
//! cancels `all_tasks(loop)` and runs the loop until they are done). A local of its frame that
//! holds a task holds it for as long as the loop can run the task: the frame outlives the
//! task's use, however long or short what the frame awaits, as a `def` that runs the loop
//! itself does ([`super::frame`]).
//!
//! Proved from the file alone: a module-level undecorated `async def` whose name the file
//! spells twice, in its `def` line and as the call `asyncio.run` is handed (its only positional
//! argument). Any other spelling (another call, an alias, an `__all__`, a comment) proves
//! nothing: another caller would run the frame inside a loop that outlives it. A module that
//! imports the function and awaits it is not read (the name is a script's entry point). An
//! `async def` nested in a function is read the same way: its name is that function's local.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text, walk};

/// The line of the `asyncio.run(...)` call that runs `function` as its main coroutine, if the
/// file proves it is the function's only caller.
pub fn run_at(function: Node, src: &str) -> Option<usize> {
    // Nearly every file has no such call: one search first.
    memchr::memmem::find(src.as_bytes(), b"asyncio.run(")?;
    let is_async = function.child(0).is_some_and(|c| c.kind() == "async");
    let parent = function.parent()?;
    let nested = parent.kind() == "block"
        && parent
            .parent()
            .is_some_and(|p| p.kind() == "function_definition");
    let name = function.child_by_field_name("name")?;
    if !is_async || !(nested || parent.kind() == "module") {
        return None;
    }
    let def_at = name.start_byte();
    let name = text(name, src);
    // Every spelling of the name in the text, the parsed parts or not: the `def`'s and one more.
    let [first, second] = words(src, name)[..] else {
        return None;
    };
    let at = if first == def_at { second } else { first };
    // Not inside a triple-quoted string (a docstring's example).
    let bytes = src.as_bytes();
    let before = &bytes[..at];
    let even = |q: &[u8]| memchr::memmem::find_iter(before, q).count() % 2 == 0;
    if !even(br#"""""#) || !even(b"'''") {
        return None;
    }
    if nested {
        return nested_run(src, at, name);
    }
    // The top-level statement that spells it, parsed alone: a few lines (the tree may hold only
    // the parts of the file around its sites, and parsing each script whole cost `check`).
    let starts_code =
        |i: usize| (bytes.get(i)).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'#');
    let mut start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    while start > 0 && !starts_code(start) {
        start = memchr::memrchr(b'\n', &bytes[..start - 1]).map_or(0, |i| i + 1);
    }
    let mut end = at;
    loop {
        match memchr::memchr(b'\n', &bytes[end..]) {
            Some(i) => end += i + 1,
            None => end = bytes.len(),
        }
        if end == bytes.len() || starts_code(end) {
            break;
        }
    }
    let chunk = src.get(start..end)?;
    let mut parser = crate::scan::syntax::new_parser();
    let tree = parser.parse(chunk, None)?;
    if tree.root_node().has_error() {
        return None;
    }
    let lines_before = memchr::memchr_iter(b'\n', &bytes[..start]).count();
    find_run(tree.root_node(), name, chunk).map(|line| line + lines_before)
}

/// For an `async def` nested in a function (yukon's `cyphal_worker`, whose `_internal_method`
/// it runs with `asyncio.run`): the name is local to that function, so its one other spelling is
/// the call, wherever it stands in that function. Read as the one line that spells it, parsed
/// alone: a call spread over lines proves nothing.
fn nested_run(src: &str, at: usize, name: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let line = src.get(start..end)?.trim();
    let mut parser = crate::scan::syntax::new_parser();
    let tree = parser.parse(line, None)?;
    if tree.root_node().has_error() {
        return None;
    }
    let row = memchr::memchr_iter(b'\n', &bytes[..start]).count();
    find_run(tree.root_node(), name, line).map(|l| l + row)
}

/// The line of the `asyncio.run(name(...))` call under `root`.
fn find_run(root: Node, name: &str, src: &str) -> Option<usize> {
    let mut run = None;
    walk(root, |node| {
        if node.kind() == "call" && run.is_none() {
            run = runs(node, name, src);
        }
        run.is_none()
    });
    run
}

/// `asyncio.run(name(...))` (a keyword such as `debug=` aside): the line of the call.
fn runs(call: Node, name: &str, src: &str) -> Option<usize> {
    let function = call.child_by_field_name("function")?;
    let spelled: String = text(function, src).split_whitespace().collect();
    if spelled != "asyncio.run" {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let mut positional = arguments
        .named_children(&mut cursor)
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"));
    let first = positional.next().map(strip_parens)?;
    let called = first
        .child_by_field_name("function")
        .filter(|f| first.kind() == "call" && f.kind() == "identifier");
    let only = positional.next().is_none();
    (only && called.is_some_and(|f| text(f, src) == name)).then(|| call.start_position().row + 1)
}

/// Where `word` appears in `src` as a whole identifier.
fn words(src: &str, word: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii();
    memchr::memmem::find_iter(bytes, word.as_bytes())
        .filter(|&at| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + word.len()).copied();
            !before.is_some_and(part) && !after.is_some_and(part)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::run_at;

    fn line_of(code: &str) -> Option<usize> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser
            .parse(code, None)
            .expect("tree-sitter parses any text");
        let root = tree.root_node();
        let mut cursor = root.walk();
        let function = root
            .named_children(&mut cursor)
            .find(|n| n.kind() == "function_definition")?;
        run_at(function, code)
    }

    #[test]
    fn the_main_coroutine_of_asyncio_run() {
        let code = "import asyncio\nasync def amain(a):\n    pass\n\nasyncio.run(amain(1))";
        assert_eq!(line_of(code), Some(5));
        let debug =
            "import asyncio\nasync def amain():\n    pass\nasyncio.run(amain(), debug=True)\n";
        assert_eq!(line_of(debug), Some(4));
    }

    #[test]
    fn a_coroutine_nested_in_the_function_that_runs_it() {
        let code = "import asyncio\ndef worker():\n    async def inner():\n        pass\n\n    asyncio.run(inner())\n";
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser
            .parse(code, None)
            .expect("tree-sitter parses any text");
        let mut inner = None;
        crate::scan::syntax::walk(tree.root_node(), |n| {
            if n.kind() == "function_definition" && n.start_position().row == 2 {
                inner = Some(n);
            }
            true
        });
        let inner = inner.expect("the nested def");
        assert_eq!(run_at(inner, code), Some(6));
        let spread = code.replace(
            "asyncio.run(inner())",
            "asyncio.run(\n        inner()\n    )",
        );
        let tree = parser.parse(&spread, None).expect("parses");
        let mut nested = None;
        crate::scan::syntax::walk(tree.root_node(), |n| {
            if n.kind() == "function_definition" && n.start_position().row == 2 {
                nested = Some(n);
            }
            true
        });
        assert_eq!(run_at(nested.expect("the nested def"), &spread), None);
    }

    #[test]
    fn another_spelling_proves_nothing() {
        let awaited = "import asyncio\nasync def amain():\n    pass\nasync def other():\n    await amain()\nasyncio.run(amain())\n";
        assert_eq!(line_of(awaited), None);
        let plain = "import asyncio\ndef amain():\n    pass\nasyncio.run(amain())\n";
        assert_eq!(line_of(plain), None);
        let never = "import asyncio\nasync def amain():\n    pass\nasyncio.run(other(amain))\n";
        assert_eq!(line_of(never), None);
    }
}
