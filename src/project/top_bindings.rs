//! A module's top-level bindings of a name, read in its text: where the callers' pass parses a
//! file only in parts around the uses it reads ([`crate::app::callers`]), the statement that
//! binds a module-level receiver (`poller = Poller()`) may be outside the tree.

use tree_sitter::Node;

use super::receivers::{Known, binder};
use crate::scan::syntax::{strip_parens, text};

/// The class of `receiver`, a name no function or lambda around it binds, where every
/// top-level binding of it in the text calls one name (`poller = Poller()`): as
/// [`super::receivers::class_at`] reads a module's name in a whole tree.
pub(super) fn module_class(receiver: Node, src: &str) -> Option<Known> {
    let receiver = Some(strip_parens(receiver)).filter(|r| r.kind() == "identifier")?;
    let name = text(receiver, src);
    if binder(receiver, name, src).is_some() {
        return None;
    }
    let made = made_at_top(src, name)?;
    let first = made.first()?.clone()?;
    (made.iter().all(|m| m.as_deref() == Some(first.as_str()))).then_some(Known {
        class: first,
        made: true,
    })
}

/// What each top-level binding of `name` in the text calls (`name = Client(...)` at column 0:
/// `Some("Client")`; another value: `None`), or `None` when the text binds `name` another way:
/// an import, a `def`, a `class`, a loop, a `with ... as` or a `global` of it.
fn made_at_top(src: &str, name: &str) -> Option<Vec<Option<String>>> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut made = Vec::new();
    for (at, _) in src.match_indices(name) {
        let bytes = src.as_bytes();
        let before = at.checked_sub(1).and_then(|b| bytes.get(b)).copied();
        let after = bytes.get(at + name.len()).copied();
        if before.is_some_and(|b| word(b) || b == b'.') || after.is_some_and(word) {
            continue;
        }
        let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &src[line_start..];
        let line = line.split('\n').next().unwrap_or_default();
        let head = line.trim_start();
        let binds_other = [
            "import ", "from ", "def ", "class ", "for ", "global ", "with ",
        ]
        .iter()
        .any(|w| head.starts_with(w))
            || line.contains(&format!(" as {name}"));
        if binds_other && !head.starts_with('#') {
            return None;
        }
        if at != line_start {
            continue;
        }
        let rest = src[at + name.len()..].trim_start_matches([' ', '\t']);
        let value = match rest.strip_prefix(':') {
            Some(annotated) => annotated.split_once('=').map(|(_, v)| v),
            None => rest.strip_prefix('=').filter(|v| !v.starts_with('=')),
        };
        let Some(value) = value else {
            continue;
        };
        let value = value.trim_start_matches([' ', '\t']);
        let callee: String = value
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let called = value[callee.len()..].starts_with('(');
        // `mod.Client(` is `Client`, as an annotation's dotted name is.
        let last = callee.rsplit('.').next().filter(|l| !l.is_empty());
        made.push(last.filter(|_| called).map(str::to_owned));
    }
    Some(made)
}
