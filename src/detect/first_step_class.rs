//! A class another module of the checked code defines, read for the never-suspends proofs
//! across files ([`super::first_step_across`], [`super::first_step_instance`],
//! [`super::first_step_awaited_import`]): whether the file binds the class's name by its import
//! alone, and whether the class's own method is a coroutine that never suspends on every
//! instance of it.

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::{assignments_in_text, first_parameter};
use super::first_step_bases::known_bases;
use super::scope::{Binding, binding, bindings_of, declared_global};
use super::suspends::{Quiet, is_plain_coroutine, quiet};
use crate::project::quiet_coroutines::QuietModule;
use crate::scan::syntax::{enclosing_function, first_element, strip_parens, text, walk};

/// The name `spelled` starts with is bound once in the file, by an import, and the file
/// assigns no attribute of the last name (which would replace the function or the method).
pub(super) fn kept_as_imported(root: Node, spelled: &str, src: &str) -> bool {
    let first = spelled.split('.').next().unwrap_or(spelled);
    let [one] = bindings_of(root, first, src)[..] else {
        return false;
    };
    let mut at = one.parent();
    let mut imported = false;
    while let Some(node) = at {
        if matches!(node.kind(), "import_statement" | "import_from_statement") {
            imported = true;
            break;
        }
        at = node.parent();
    }
    let last = spelled.rsplit('.').next().unwrap_or(spelled);
    imported && (last == spelled || assignments_in_text(src.as_bytes(), last) == 0)
}

/// `C`, a class of the module with no base but `object` or a standard-library class that
/// leaves attribute lookup alone ([`super::first_step_bases`]), no metaclass and a `__new__`
/// (if any) that makes `C`'s own instance: its own `method`'s `async def`, and how it never
/// suspends, where it never does.
pub(super) fn class_method<'t>(
    module: &QuietModule,
    root: Node<'t>,
    class_name: &str,
    method: &str,
) -> Option<(Node<'t>, Quiet)> {
    let src: &str = &module.text;
    let bytes = src.as_bytes();
    let replaceable = ["__getattribute__", "__dict__", "__class__"]
        .iter()
        .any(|w| memchr::memmem::find(bytes, w.as_bytes()).is_some());
    if replaceable || assignments_in_text(bytes, method) != 0 {
        return None;
    }
    let Binding::Definition(class) = binding(root, class_name, src) else {
        return None;
    };
    if class.kind() != "class_definition"
        || class
            .parent()
            .is_some_and(|p| p.kind() == "decorated_definition")
        || declared_global(root, class_name, src)
        || !known_bases(class, root, src)
    {
        return None;
    }
    let Binding::Definition(definition) = binding(class, method, src) else {
        return None;
    };
    if !is_plain_coroutine(definition, src) {
        return None;
    }
    match binding(class, "__new__", src) {
        Binding::None => {}
        Binding::Definition(new) if singleton_new(new, class, root, src) => {}
        _ => return None,
    }
    let how = quiet_in_module(definition, src)?;
    Some((definition, how))
}

/// [`quiet`] of a definition in another module, whose queue names (a parse of its import
/// lines) are read only where the definition spells `sleep` or `put`: only an await of one of
/// these can be told from the others by them (6 parses, 113M of the large tree's `check`).
pub(super) fn quiet_in_module(definition: Node, src: &str) -> Option<Quiet> {
    let spelled = |word: &str| text(definition, src).contains(word);
    let queues = match spelled("sleep") || spelled("put") {
        true => QueueNames::of_text(src),
        false => QueueNames::default(),
    };
    quiet(definition, src, &queues)
}

/// A `__new__` that returns only an instance made by `X.__new__(cls)`, directly or kept on
/// `cls.A` (a class attribute that the module sets only to `None` or to such an instance), or
/// nothing: `C()` is then an instance of `C` (or `None`, whose method call raises before any
/// task is made).
fn singleton_new(new: Node, class: Node, root: Node, src: &str) -> bool {
    let Some(cls) = first_parameter(new, src) else {
        return false;
    };
    if bindings_of(new, cls, src).len() != 1 {
        return false;
    }
    let made_here = |value: Node, within: Node| {
        let value = strip_parens(value);
        value.kind() == "call"
            && within == new
            && value
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")
                .and_then(|f| f.child_by_field_name("attribute"))
                .is_some_and(|a| text(a, src) == "__new__")
            && value
                .child_by_field_name("arguments")
                .and_then(first_element)
                .is_some_and(|a| a.kind() == "identifier" && text(a, src) == cls)
    };
    let mut kept_on: Option<&str> = None;
    let mut fine = true;
    walk(new, |node| {
        if matches!(
            node.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) && node != new
        {
            return false;
        }
        if node.kind() == "return_statement"
            && let Some(value) = node.named_child(0).map(strip_parens)
        {
            let on_cls = (value.kind() == "attribute")
                .then(|| {
                    let object = value.child_by_field_name("object")?;
                    let name = value.child_by_field_name("attribute")?;
                    (object.kind() == "identifier" && text(object, src) == cls)
                        .then(|| text(name, src))
                })
                .flatten();
            match on_cls {
                Some(name) if kept_on.is_none_or(|k| k == name) => kept_on = Some(name),
                _ => fine &= made_here(value, new),
            }
        }
        fine
    });
    let Some(attribute) = kept_on.filter(|_| fine) else {
        return fine;
    };
    // Every binding of the attribute: `None`, or the instance `__new__` makes.
    let mut bindings = 0;
    walk(root, |node| {
        if node.kind() != "assignment" || !fine {
            return fine;
        }
        let Some(left) = node.child_by_field_name("left").map(strip_parens) else {
            return true;
        };
        let (is_attribute, in_class_body) = match left.kind() {
            "attribute" => (
                left.child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == attribute),
                false,
            ),
            "identifier" if text(left, src) == attribute => (false, in_body_of(node, class)),
            _ => (false, false),
        };
        if !is_attribute && !in_class_body {
            return true;
        }
        bindings += usize::from(is_attribute);
        let within = enclosing_function(node, &[]).unwrap_or(root);
        fine &= (node.child_by_field_name("right"))
            .map(strip_parens)
            .is_some_and(|r| r.kind() == "none" || made_here(r, within));
        true
    });
    fine && assignments_in_text(src.as_bytes(), attribute) == bindings
}

/// Whether the statement `node` is directly in `class`'s body.
fn in_body_of(node: Node, class: Node) -> bool {
    (node.parent())
        .filter(|s| s.kind() == "expression_statement")
        .and_then(|s| s.parent())
        .filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        == Some(class)
}
