//! Holders another object gathers, through an attribute of its owner (issue 35's fifth exam,
//! class 2): `await asyncio.gather(*self._simulator.websocket_tasks)` in one class awaits every
//! task of the `websocket_tasks` of the object in `self._simulator`, whatever file made them. The audit
//! reads a holder's shutdown in its own class; this is what it reads of the others: each
//! awaited `gather` of an attribute of an object other than `self`, and that object's class
//! where the code shows it (a `self.` attribute by its class's bindings, [`super::attributes`];
//! a local or a parameter by its bindings or annotation, [`super::receivers`]), else none.

use tree_sitter::Node;

use super::attributes::Attributes;
use super::receivers;
use crate::scan::syntax::{strip_parens, text, walk};

/// One awaited `asyncio.gather(*<object>.<attribute>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gather {
    /// The attribute gathered (`websocket_tasks`).
    pub attribute: String,
    /// The object it is read on, as written (`self._simulator`).
    pub object: String,
    /// The object's class where the code shows it (`TestSimulator`).
    pub class: Option<String>,
    /// The line of the gather, 1-based.
    pub line: usize,
}

const SPLAT: &[u8] = b"gather(*";

/// Whether the bytes spell `gather(*a.b.c` or `gather(*a.b` with `a` not `self`: the gather of
/// an attribute of another object. Only such files are parsed (after the walk).
pub fn may_gather(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, SPLAT).any(|at| {
        let rest = &bytes[at + SPLAT.len()..];
        let length = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.')
            .count();
        let path = &rest[..length];
        let dots = path.iter().filter(|b| **b == b'.').count();
        dots >= 2 || (dots == 1 && !path.starts_with(b"self.") && !path.starts_with(b"cls."))
    })
}

/// Whether the bytes spell one of the `asked` attributes as a whole word: a file that spells
/// none gathers none of them (a gather names its attribute), and is not parsed.
pub fn may_gather_one_of(bytes: &[u8], asked: &[&str]) -> bool {
    asked.iter().any(|name| {
        !name.is_empty()
            && memchr::memmem::find_iter(bytes, name.as_bytes())
                .any(|at| super::words::whole_word(bytes, at, at + name.len()))
    })
}

/// Every awaited `asyncio.gather(*<object>.<attribute>)` of the tree whose attribute is one of
/// `asked`, with `<object>` not a method's own `self`.
pub fn gathers(root: Node, src: &str, asked: &[&str]) -> Vec<Gather> {
    let mut attributes = Attributes::new(src);
    let mut found = Vec::new();
    walk(root, |node| {
        if node.kind() != "list_splat" {
            return true;
        }
        let value = node.named_child(0).map(strip_parens);
        let Some(value) = value.filter(|v| v.kind() == "attribute") else {
            return true;
        };
        let (Some(object), Some(attribute)) = (
            value.child_by_field_name("object").map(strip_parens),
            value.child_by_field_name("attribute"),
        ) else {
            return true;
        };
        let attribute = text(attribute, src);
        if !asked.contains(&attribute) || !awaited_gather(node, src) {
            return true;
        }
        // `self.x` is the method's own holder: its class's shutdown, read there.
        if object.kind() == "identifier" && matches!(text(object, src), "self" | "cls") {
            return true;
        }
        let class = match object.kind() {
            "attribute" => attributes.class_of(object),
            "identifier" => receivers::class_at(object, src),
            _ => None,
        };
        found.push(Gather {
            attribute: attribute.to_owned(),
            object: text(object, src).split_whitespace().collect(),
            class: class.map(|k| k.class),
            line: node.start_position().row + 1,
        });
        true
    });
    found
}

/// The `*x` is an argument of `asyncio.gather(...)`, awaited where it stands.
fn awaited_gather(splat: Node, src: &str) -> bool {
    let call = splat.parent().and_then(|l| l.parent());
    let Some(call) = call.filter(|c| c.kind() == "call") else {
        return false;
    };
    let callee = call.child_by_field_name("function");
    let callee: String =
        callee.map_or(String::new(), |f| text(f, src).split_whitespace().collect());
    let at = crate::scan::syntax::outside_parens(call);
    callee == "asyncio.gather" && at.parent().is_some_and(|p| p.kind() == "await")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_objects_attribute_is_spelled() {
        assert!(may_gather(b"await asyncio.gather(*self._sim.tasks)"));
        assert!(may_gather(b"await asyncio.gather(*conn.tasks)"));
        assert!(!may_gather(b"await asyncio.gather(*self.tasks)"));
        assert!(!may_gather(b"await asyncio.gather(*tasks)"));
    }

    #[test]
    fn a_file_that_spells_no_asked_attribute_gathers_none() {
        let code = b"await asyncio.gather(*self.conn.tasks_all)\nx = conn.pending\n";
        assert!(!may_gather_one_of(code, &["tasks"]));
        assert!(may_gather_one_of(code, &["tasks_all"]));
        assert!(may_gather_one_of(code, &["other", "pending"]));
    }

    #[test]
    fn the_object_s_class_comes_from_its_bindings() {
        let code = "class Client:\n    def __init__(self):\n        self.conn = Connection()\n\n\
                    \x20   async def close(self):\n        await asyncio.gather(*self.conn.tasks)\n\
                    \x20       await asyncio.gather(*self.other.tasks)\n        await asyncio.gather(*self.tasks)\n";
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        let found = gathers(tree.root_node(), code, &["tasks"]);
        let classes: Vec<_> = found
            .iter()
            .map(|g| (g.object.as_str(), g.class.clone()))
            .collect();
        assert_eq!(
            classes,
            [
                ("self.conn", Some("Connection".to_owned())),
                ("self.other", None)
            ]
        );
    }
}
