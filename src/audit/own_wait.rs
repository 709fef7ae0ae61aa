//! A method that binds its task to an attribute and then, in the same step, awaits that task to
//! its end (`self._t = create_task(...)`, then `await self._t` or `await wait_for(self._t, n)`):
//! each call's frame holds and waits for its own task, so a second call that binds the
//! attribute again replaces no task that anything loses (powerpi's
//! `EnergenieInterface.start_pair`).

use tree_sitter::Node;

use crate::detect::task_site::TaskSite;
use crate::scan::syntax::{first_element, strip_parens, text};

/// Whether the statements after the site's, in its block, reach an `await` of its holder (or
/// of `asyncio.wait_for` on it) before anything else could suspend: the attribute is read in the
/// step that bound it, so the frame waits for this very task.
pub(super) fn awaits_own(site: &TaskSite, src: &str) -> bool {
    let Some(holder) = site.holder.as_deref() else {
        return false;
    };
    let mut next = site.statement.next_named_sibling();
    while let Some(statement) = next {
        let code = text(statement, src);
        if statement.kind() == "comment" || !suspends(code) {
            next = statement.next_named_sibling();
            continue;
        }
        return statement.kind() == "expression_statement"
            && statement
                .named_child(0)
                .is_some_and(|a| a.kind() == "await" && waits_for(a, holder, src));
    }
    false
}

/// Whether the text may suspend: an `await`, `async with`/`async for`, or a `yield`.
fn suspends(code: &str) -> bool {
    let word = |w: &str| super::emptied::mentions(code, w);
    word("await") || word("async") || word("yield")
}

/// Whether the `await` node waits for `holder` to its end: `await holder`, or `await
/// asyncio.wait_for(holder, ...)` (also `wait_for` imported from asyncio), which cancels it at
/// its timeout and returns only when it is done.
fn waits_for(awaited: Node, holder: &str, src: &str) -> bool {
    let squeezed = |n: Node| -> String { text(n, src).split_whitespace().collect() };
    let Some(value) = awaited.named_child(0).map(strip_parens) else {
        return false;
    };
    if squeezed(value) == holder {
        return true;
    }
    if value.kind() != "call" {
        return false;
    }
    let function = value.child_by_field_name("function").map(squeezed);
    let wait_for = match function.as_deref() {
        Some("asyncio.wait_for") => true,
        Some("wait_for") => imports_wait_for(src),
        _ => false,
    };
    wait_for
        && (value
            .child_by_field_name("arguments")
            .and_then(first_element))
        .is_some_and(|first| squeezed(strip_parens(first)) == holder)
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
    use super::imports_wait_for;

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
}
