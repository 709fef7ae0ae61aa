//! A task kept on an element of a container the class holds (`candidate.task = create_task(...)`
//! where `for candidate in self._subs.values():`, or `state.task = ...` where `self._subs[key] =
//! state`): the class shuts it down where it shuts down the same attribute of any element it
//! takes from that container (`removed = self._subs.pop(key)`, then `removed.task.cancel()` and
//! `await removed.task`), whatever that function's local is named.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::facts::Facts;
use super::fate::Shutdown;
use super::shutdown::{Found, shutdown_of};
use crate::detect::task_site::TaskSite;
use crate::scan::blocks::block_end;

/// An element taken from a container attribute of `self`: a loop over it (or its values), or
/// a `pop`, `get` or subscript of it. Group 1 or 3 the local, 2 or 4 the container.
static TAKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:for[ \t]+([0-9A-Za-z_]+)[ \t]+in[ \t]+(?:(?:list|tuple)[ \t]*\([ \t]*)?(self\.[0-9A-Za-z_]+)(?:\.values\(\))?[ \t]*\)?[ \t]*:|([0-9A-Za-z_]+)[ \t]*=[ \t]*(self\.[0-9A-Za-z_]+)[ \t]*(?:\.[ \t]*(?:pop|get)[ \t]*\(|\[))",
    )
    .expect("valid pattern")
});

/// A plain binding of a name (not `==`): group 1 the name.
static BOUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([0-9A-Za-z_]+)[ \t]*(?::[^=\n]*)?=[^=]").expect("valid pattern")
});
/// A value put in a container attribute of `self`: `self._subs[key] = state`; group 1 the
/// container, 2 the name.
static STORED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(self\.[0-9A-Za-z_]+)[ \t]*\[[^\]\n]*\][ \t]*=[ \t]*([0-9A-Za-z_]+)[ \t]*$",
    )
    .expect("valid pattern")
});

/// The shutdown of `holder` (`local.attribute`) through the elements of the container the
/// site's function takes `local` from (or puts it in), read in `scopes` (the owner's class and
/// those joined with it); the offset is absolute.
pub(super) fn shutdown(
    site: &TaskSite,
    holder: &str,
    scopes: &[Range<usize>],
    src: &str,
) -> (Shutdown, Option<usize>) {
    let none = (Shutdown::None, None);
    let Some((local, attribute)) = holder.split_once('.') else {
        return none;
    };
    let plain =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric());
    if !plain(local) || !plain(attribute) || matches!(local, "self" | "cls") {
        return none;
    }
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let Some(function) = function else {
        return none;
    };
    let before = src
        .get(function.start_byte()..site.call.start_byte())
        .unwrap_or_default();
    let Some(container) = container_of(before, local) else {
        return none;
    };
    let mut found = Found::default();
    for scope in scopes {
        let text = src.get(scope.clone()).unwrap_or_default();
        for taken in TAKEN.captures_iter(text) {
            let (Some(name), Some(from)) =
                (taken.get(1).or(taken.get(3)), taken.get(2).or(taken.get(4)))
            else {
                continue;
            };
            if from.as_str() != container {
                continue;
            }
            // The element's local lives to the end of the block it is bound in.
            let at = scope.start + name.start();
            let line = src[..at].rfind('\n').map_or(0, |i| i + 1);
            let indent = at - line;
            let end = block_end(src, line, indent.saturating_sub(1));
            let Some(code) = src.get(at..end).filter(|_| indent > 0) else {
                continue;
            };
            let facts = Facts::read(code.as_bytes());
            let (shutdown, offset) = shutdown_of(&format!("{}.{attribute}", name.as_str()), &facts);
            found.add(shutdown, offset.map(|o| at + o));
            if found.complete() {
                return found.shutdown();
            }
        }
    }
    found.shutdown()
}

/// The container attribute of `self` that `local` is, by the last binding before the site (in
/// `before`, the function's text up to it): an element taken from it, or a value the function
/// puts in it (`self._subs[key] = local`).
fn container_of(before: &str, local: &str) -> Option<String> {
    let taken = (TAKEN.captures_iter(before))
        .filter(|c| c.get(1).or(c.get(3)).is_some_and(|n| n.as_str() == local))
        .last();
    // Bound again after that (`local = None`): another value.
    let rebound_after = |at: usize| {
        let after = before.get(at..).unwrap_or_default();
        (BOUND.captures_iter(after)).any(|c| c.get(1).is_some_and(|n| n.as_str() == local))
    };
    if let Some(from) = taken.and_then(|c| c.get(2).or(c.get(4))) {
        return (!rebound_after(from.end())).then(|| from.as_str().to_owned());
    }
    let stored: Vec<&str> = (STORED.captures_iter(before))
        .filter(|c| c.get(2).is_some_and(|n| n.as_str() == local))
        .filter(|c| c.get(0).is_some_and(|m| !rebound_after(m.end())))
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    // One container only: a local put in two is not proved to be shut down by either.
    match stored.as_slice() {
        [first, rest @ ..] if rest.iter().all(|r| r == first) => Some((*first).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::container_of;

    #[test]
    fn an_element_taken_from_or_put_in_a_container_of_self_names_it() {
        let looped = "    def f(self):\n        for c in self._subs.values():\n            ";
        assert_eq!(container_of(looped, "c").as_deref(), Some("self._subs"));
        let popped = "    def f(self, k):\n        s = self._subs.pop(k, None)\n        ";
        assert_eq!(container_of(popped, "s").as_deref(), Some("self._subs"));
        let stored =
            "    def f(self, k):\n        s = State()\n        self._subs[k] = s\n        ";
        assert_eq!(container_of(stored, "s").as_deref(), Some("self._subs"));
    }

    #[test]
    fn a_local_bound_again_or_put_in_two_containers_names_none() {
        let rebound =
            "    def f(self, k):\n        s = self._subs[k]\n        s = State()\n        ";
        assert_eq!(container_of(rebound, "s"), None);
        let two = "    def f(self, k):\n        s = State()\n        self._a[k] = s\n        self._b[k] = s\n        ";
        assert_eq!(container_of(two, "s"), None);
        let parameter = "    def f(self, s):\n        ";
        assert_eq!(container_of(parameter, "s"), None);
    }
}
