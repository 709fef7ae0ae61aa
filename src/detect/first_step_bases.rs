//! The bases a class of another module may name and still be read by the never-suspends
//! proofs across files ([`super::first_step_class`]) (issue 35, exam35u's bubblejail
//! `test/test_helper.py:68`: `class Helper(Awaitable[bool])`, whose own `stop_async` never
//! suspends).
//!
//! Python finds `obj.m` on `type(obj)` first, before any base (the MRO): where the class
//! defines `m` itself, a base can change that only through its metaclass (a `__call__` that
//! makes something else of `C(...)`, a `__getattribute__` on the class), an
//! `__init_subclass__` that rewrites the class, or a `__new__` that returns another object. The
//! standard-library classes of [`STANDARD_BASES`] do none of these; any other base (a class of
//! the project, of a library, or a name bound otherwise than once by its import) stops the
//! proof.
//!
//! `typing.Protocol` is not in the table: a class that names it is itself a protocol, which
//! cannot be made, and an object annotated with it is of some other class (structural typing),
//! whose own method the protocol's body says nothing about.

use tree_sitter::Node;

use super::scope::bindings_of;
use crate::project::quiet_coroutines::QuietRef;
use crate::scan::syntax::{elements, split_alias, strip_parens, text};

/// The one-trick and collection ABCs of `collections.abc` (and their `typing` aliases).
const ABCS: &[&str] = &[
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Container",
    "Hashable",
    "Sized",
    "Callable",
    "Collection",
    "Sequence",
    "MutableSequence",
    "Mapping",
    "MutableMapping",
    "MutableSet",
];

/// The standard-library bases known not to intercept attribute lookup or construction (Python
/// 3.7 and later), by module.
const STANDARD_BASES: &[(&str, &[&str])] = &[
    // Its metaclass `ABCMeta` defines `__new__` (it records the abstract methods), `register`,
    // `__instancecheck__` and `__subclasscheck__`: no `__call__`, no `__getattribute__`. An
    // abstract method left unimplemented makes `C()` raise, before any task is made.
    ("abc", &["ABC"]),
    // `ABCMeta` classes, as `abc.ABC`, whose mixin methods serve only names the class does not
    // define itself; `X[...]` is a `GenericAlias` whose `__mro_entries__` gives `X`.
    ("collections.abc", ABCS),
    // No metaclass: `__class_getitem__` makes the alias, and `__init_subclass__` sets only
    // `__orig_bases__` and `__parameters__`.
    ("typing", &["Generic"]),
    // Aliases of the `collections.abc` classes: `__mro_entries__` gives the class and
    // `typing.Generic`.
    ("typing", ABCS),
];

/// Whether `module.name` is a base of [`STANDARD_BASES`].
fn standard(module: &str, name: &str) -> bool {
    (STANDARD_BASES.iter()).any(|(m, names)| *m == module && names.contains(&name))
}

/// The text gate: whether a class's header (`class C...` up to its `:`) names no keyword and
/// no base but `object` or one whose last name (before any `[...]`) is a standard base's.
/// Where the names are bound is left to [`known_bases`].
pub(super) fn header_may_pass(header: &str) -> bool {
    let Some(open) = header.find('(') else {
        return true;
    };
    let Some(close) = header.rfind(')').filter(|&c| c > open) else {
        return false;
    };
    let inside = &header[open + 1..close];
    if inside.contains(['=', '*', '#']) {
        return false;
    }
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (at, c) in inside.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&inside[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&inside[start..]);
    parts.iter().all(|part| {
        let named = part.split('[').next().unwrap_or(part);
        let name: String = named.chars().filter(|c| !c.is_whitespace()).collect();
        let last = name.rsplit('.').next().unwrap_or(&name);
        name.is_empty()
            || name == "object"
            || (STANDARD_BASES.iter()).any(|(_, names)| names.contains(&last))
    })
}

/// Whether the class `reference` names has a base but `object` in its module's text: an
/// object only annotated with it is then read no further (an ABC's subclasses, which the
/// annotation admits, are what its objects are made of: never35s's `broker: BaseBroker`).
pub(super) fn based(reference: &QuietRef) -> bool {
    let src: &str = &reference.module.text;
    crate::scan::class_text::class_text(src, &reference.name).is_none_or(|(_, text, colon)| {
        let header = &text[..colon];
        header.find('(').is_some_and(|open| {
            let inside: String = (header[open..].chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            !matches!(inside.as_str(), "()" | "(object)" | "(object,)")
        })
    })
}

/// Whether every base `class` (a module-level class of the tree at `root`) names is `object`
/// or a standard base of [`STANDARD_BASES`] (subscripted or not), each spelled through a name
/// the module binds once, by its top-level import; and no keyword (a metaclass).
pub(super) fn known_bases(class: Node, root: Node, src: &str) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else {
        return true;
    };
    elements(bases).into_iter().all(|base| {
        let base = strip_parens(base);
        let named = match base.kind() {
            "subscript" => base.child_by_field_name("value"),
            _ => Some(base),
        };
        named.is_some_and(|n| match n.kind() {
            "identifier" if text(n, src) == "object" => true,
            "identifier" | "attribute" => resolved(n, root, src)
                .and_then(|full| {
                    let (module, name) = full.rsplit_once('.')?;
                    Some(standard(module, name))
                })
                .unwrap_or(false),
            _ => false,
        })
    })
}

/// The dotted path a name or attribute chain (`Awaitable`, `collections.abc.Awaitable`,
/// `t.Generic`) stands for, where its first name is bound once in the module, by an import at
/// its top level.
fn resolved(spelled: Node, root: Node, src: &str) -> Option<String> {
    let mut first = spelled;
    let mut rest = Vec::new();
    while first.kind() == "attribute" {
        rest.push(text(first.child_by_field_name("attribute")?, src));
        first = strip_parens(first.child_by_field_name("object")?);
    }
    if first.kind() != "identifier" {
        return None;
    }
    let local = text(first, src);
    let mut imported = None;
    for found in bindings_of(root, local, src) {
        match import_binding(found, src)? {
            Some(path) if imported.is_none() => imported = Some(path),
            Some(_) => return None,
            None => {}
        }
    }
    let mut full = imported?;
    for name in rest.iter().rev() {
        full.push('.');
        full.push_str(name);
    }
    Some(full)
}

/// What an identifier `bindings_of` found binds: `Some(Some(path))` the dotted path a
/// top-level import binds it to, `Some(None)` no binding (a name inside an import's module
/// path), `None` anything else (an assignment, a nested or conditional import...).
fn import_binding(found: Node, src: &str) -> Option<Option<String>> {
    let parent = found.parent()?;
    let statement = parent.parent()?;
    let top_level = |s: Node| s.parent().is_some_and(|m| m.kind() == "module");
    let module_of = |s: Node| s.child_by_field_name("module_name").map(|m| text(m, src));
    match (parent.kind(), statement.kind()) {
        ("dotted_name", "import_from_statement") => {
            if statement.child_by_field_name("module_name") == Some(parent) {
                return Some(None);
            }
            let module = module_of(statement)?;
            top_level(statement).then(|| Some(format!("{module}.{}", text(parent, src))))
        }
        // `import a.b` binds `a` alone.
        ("dotted_name", "import_statement") => {
            if parent.named_child(0) != Some(found) {
                return Some(None);
            }
            top_level(statement).then(|| Some(text(found, src).to_owned()))
        }
        // The dotted name an alias stands for binds nothing itself.
        ("dotted_name", "aliased_import") => Some(None),
        ("aliased_import", "import_from_statement" | "import_statement") => {
            let (dotted, alias) = split_alias(parent, src);
            if alias != Some(text(found, src)) || !top_level(statement) {
                return None;
            }
            match statement.kind() {
                "import_statement" => Some(Some(dotted.to_owned())),
                _ => Some(Some(format!("{}.{dotted}", module_of(statement)?))),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_bases_known(src: &str) -> bool {
        let tree = crate::scan::whole_tree::parse_clean(src);
        let Some(tree) = tree else {
            return false;
        };
        let root = tree.root_node();
        let mut cursor = root.walk();
        let classes: Vec<Node> = root
            .named_children(&mut cursor)
            .filter(|n| n.kind() == "class_definition")
            .collect();
        classes.iter().all(|&c| known_bases(c, root, src))
    }

    #[test]
    fn standard_bases_bound_by_their_import_are_known() {
        let known = [
            "from collections.abc import Awaitable\nclass C(Awaitable[bool]): pass\n",
            "import collections.abc\nclass C(collections.abc.Awaitable): pass\n",
            "import typing as t\nclass C(t.Generic[T], object): pass\n",
            "from typing import Generic, AsyncIterator\nclass C(AsyncIterator[int], Generic[T]): \
             pass\n",
            "class C(object): pass\n",
        ];
        for src in known {
            assert!(class_bases_known(src), "{src}");
            let header = src.lines().find(|l| l.starts_with("class")).unwrap_or("");
            assert!(
                header_may_pass(header.split(':').next().unwrap_or("")),
                "{src}"
            );
        }
        // The parse follows an alias; the text gate, which reads names only, stops at it.
        assert!(class_bases_known(
            "from abc import ABC as Base\nclass C(Base): pass\n"
        ));
    }

    #[test]
    fn other_bases_are_not_known() {
        let unknown = [
            // A project's class, a library's, a protocol, a metaclass.
            "from .base import Base\nclass C(Base): pass\n",
            "from aiohttp.abc import AbstractView\nclass C(AbstractView): pass\n",
            "from typing import Protocol\nclass C(Protocol): pass\n",
            "from abc import ABCMeta\nclass C(metaclass=ABCMeta): pass\n",
            // A standard name bound again, or imported under a condition or from elsewhere.
            "from collections.abc import Awaitable\nAwaitable = object\nclass C(Awaitable): \
             pass\n",
            "try:\n    from typing import Generic\nexcept ImportError:\n    Generic = object\n\
             class C(Generic): pass\n",
            "from mylib.abc import Awaitable\nclass C(Awaitable): pass\n",
            "class C(Awaitable): pass\n",
            "import typing\nclass C(typing.Protocol): pass\n",
            "from abc import ABC\nclass C(*bases): pass\n",
        ];
        for src in unknown {
            assert!(!class_bases_known(src), "{src}");
        }
        assert!(!header_may_pass("class C(Base)"));
        assert!(!header_may_pass("class C(metaclass=M)"));
        assert!(!header_may_pass("class C(Protocol[T])"));
        assert!(header_may_pass("class C(Generic[K, V], Mapping[K, V])"));
        assert!(header_may_pass("class C"));
    }
}
