//! A binding the method awaits at once cannot replace a live task: `self.task =
//! ensure_future(...)` followed by `await self.task` (or `await asyncio.wait_for(self.task, n)`,
//! which returns only when the task is done, cancelling it at the timeout), with nothing that
//! could suspend in between. The frame that bound the task reads the attribute in the step that
//! bound it and awaits that task until it is done; a later binding, in the same method's next
//! pass or in another call of it while this one waits, drops the attribute's reference only, and
//! the awaiting frame still holds the task (the language: an `await`'s operand is held by the
//! suspended frame) and reads its outcome.

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// Whether the first statement after the one that binds `target` (an attribute), past simple
/// statements that cannot suspend, awaits the same attribute: `await self.x`, `y = await self.x`, `return await
/// self.x`, or the same of `asyncio.wait_for(self.x, ...)`.
pub(super) fn awaited_next(target: Node, src: &str) -> bool {
    let Some(assignment) = target.parent().filter(|p| p.kind() == "assignment") else {
        return false;
    };
    let Some(statement) = assignment
        .parent()
        .filter(|p| p.kind() == "expression_statement")
    else {
        return false;
    };
    let mut next = statement.next_named_sibling();
    // Simple statements that cannot suspend run in the same step: no other call binds
    // meanwhile. Not a branch, loop or `return`, which may leave before the await.
    let passes = |n: &Node| match n.kind() {
        "comment" | "pass_statement" => true,
        "expression_statement" => !suspends(text(*n, src)),
        _ => false,
    };
    while let Some(n) = next.filter(passes) {
        next = n.next_named_sibling();
    }
    let Some(next) = next else {
        return false;
    };
    let value = match next.kind() {
        "expression_statement" | "return_statement" => next.named_child(0),
        _ => None,
    };
    let value = match value {
        Some(v) if v.kind() == "assignment" => v.child_by_field_name("right"),
        v => v,
    };
    let wanted = text(target, src);
    value.map(strip_parens).is_some_and(|v| {
        v.kind() == "await"
            && v.named_child(0)
                .map(strip_parens)
                .is_some_and(|a| waits_for(a, wanted, src))
    })
}

/// Whether the statement's text may suspend: an `await`, `async with`/`async for`, a `yield`.
fn suspends(code: &str) -> bool {
    ["await", "async", "yield"].iter().any(|word| {
        code.match_indices(word).any(|(at, _)| {
            let is_word = |c: char| c.is_alphanumeric() || c == '_';
            !code[..at].chars().next_back().is_some_and(is_word)
                && !code[at + word.len()..].chars().next().is_some_and(is_word)
        })
    })
}

/// Whether the awaited expression waits for the attribute `wanted` to its end: the attribute
/// itself, or `asyncio.wait_for(attribute, ...)` (`wait_for` also imported from asyncio).
fn waits_for(awaited: Node, wanted: &str, src: &str) -> bool {
    if awaited.kind() == "attribute" {
        return text(awaited, src) == wanted;
    }
    if awaited.kind() != "call" {
        return false;
    }
    let squeezed = |n: Node| -> String { text(n, src).split_whitespace().collect() };
    let wait_for = match awaited
        .child_by_field_name("function")
        .map(squeezed)
        .as_deref()
    {
        Some("asyncio.wait_for") => true,
        Some("wait_for") => imports_wait_for(src),
        _ => false,
    };
    wait_for
        && (awaited.child_by_field_name("arguments"))
            .and_then(crate::scan::syntax::first_element)
            .is_some_and(|first| text(strip_parens(first), src) == wanted)
}

/// Whether the module imports `wait_for` from asyncio (`from asyncio import ..., wait_for`).
fn imports_wait_for(src: &str) -> bool {
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim_start().strip_prefix("from asyncio import") else {
            continue;
        };
        // A parenthesised list may run over several lines.
        let mut names = rest.to_owned();
        if rest.contains('(') && !rest.contains(')') {
            for more in lines.by_ref() {
                names.push_str(more);
                if more.contains(')') {
                    break;
                }
            }
        }
        let listed = names
            .split([',', '(', ')', '\\'])
            .map(|n| n.split_whitespace().collect::<Vec<_>>())
            .any(|n| n == ["wait_for"]);
        if listed {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{imports_wait_for, suspends};

    #[test]
    fn wait_for_imported_from_asyncio() {
        assert!(imports_wait_for(
            "from asyncio import (\n    sleep,\n    wait_for,\n)\n"
        ));
        assert!(imports_wait_for(
            "from asyncio import get_event_loop, wait_for\n"
        ));
        assert!(!imports_wait_for("from asyncio import wait_for as w\n"));
        assert!(!imports_wait_for("from helpers import wait_for\n"));
    }

    #[test]
    fn what_may_suspend() {
        assert!(suspends("x = await f()"));
        assert!(suspends("async with lock:\n    pass"));
        assert!(!suspends("print(asyncio.sleep, awaited, _await)"));
    }
}
