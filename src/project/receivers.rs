//! Which class the receiver of a method call is, where the code says it, and whether an object
//! of that class can be one of the class whose method is asked about ([`super::callers`]).
//! Calls are found by the method's name; a call on an object that the code shows to be of
//! another class (`transport: Target` ... `transport.open()`, where `Target` neither derives
//! from the method's class nor shares a subclass with it) does not run that method, and one on
//! an object whose class the code does not show is not shown to run it.
//!
//! The receiver's class is known from
//! - `self` in a method of a class: that class (the method runs on it or on a subclass), also
//!   in a closure or a lambda of the method;
//! - a parameter annotated with a class (`t: Target`, `t: "mod.Target"`, `t: Target | None`,
//!   `Optional[Target]`) that the function never binds again (`Any` names no class);
//! - a local, or a module-level name, every binding of which is a call of one name (`t =
//!   Target(...)`): a class only if the checked code defines a class of that name (a function
//!   could return anything);
//! - an attribute of `self`, by its class's bindings of it ([`super::attributes`]).
//!
//! The classes of the checked code are read off every file's class headers ([`Classes`]). A
//! class name that stands for several classes counts as each; a header whose bases are not
//! read, or a `Protocol` (matched by its shape, not by derivation), makes any object possible.
//! A class an annotation names that the checked code does not define is a library's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tree_sitter::Node;

use crate::scan::class_headers::class_headers;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{strip_parens, text};

/// The class a receiver is known to be, as the function around the call says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Its name, without a module (`Target` of `mod.Target`).
    pub class: String,
    /// From a call of that name (`t = Target()`): a class only if the checked code defines it.
    pub made: bool,
}

/// The class of the method `function`, when it is defined directly in a class's body.
pub fn class_of_method(function: Node, src: &str) -> Option<String> {
    let mut parent = function.parent()?;
    if parent.kind() == "decorated_definition" {
        parent = parent.parent()?;
    }
    let class = parent
        .parent()
        .filter(|c| parent.kind() == "block" && c.kind() == "class_definition")?;
    Some(text(class.child_by_field_name("name")?, src).to_owned())
}

/// The class of `receiver` (the object of `receiver.method(...)`), read in the innermost
/// function that binds its name: a closure's `self` is its method's, and a lambda that does
/// not bind the name reads it from around it. A name no function binds is the module's
/// (`runner = Runner()` at the top level). `None` where not known.
pub fn class_at(receiver: Node, src: &str) -> Option<Known> {
    let receiver = Some(strip_parens(receiver)).filter(|r| r.kind() == "identifier")?;
    let name = text(receiver, src);
    match binder(receiver, name, src) {
        Some(node) if node.kind() == "lambda" => None,
        Some(function) => receiver_class(receiver, function, src),
        None => std::iter::successors(receiver.parent(), Node::parent)
            .find(|n| n.kind() == "module")
            .and_then(|module| made_class(&bindings(module, name, src))),
    }
}

/// The innermost function or lambda around `node` that binds `name`; `None`: only the module.
pub(super) fn binder<'t>(node: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    std::iter::successors(node.parent(), Node::parent).find(|n| match n.kind() {
        "lambda" => lambda_binds(*n, name, src),
        "function_definition" => binds(*n, name, src),
        _ => false,
    })
}

/// The one class an annotation (a `type` node, or the expression in it) names; `Any` and
/// `object` name none.
pub fn annotated_class(annotation: Node, src: &str) -> Option<String> {
    let inner = match annotation.kind() {
        "type" => annotation.named_child(0).unwrap_or(annotation),
        _ => annotation,
    };
    named_class(inner, src).filter(|c| !matches!(c.as_str(), "Any" | "object"))
}

/// The class a parameter `name` of `function` is annotated with, if it is one and names one.
pub fn parameter_class(function: Node, name: &str, src: &str) -> Option<String> {
    annotation(function, name, src).flatten()
}

/// `name` is a parameter of the lambda.
fn lambda_binds(lambda: Node, name: &str, src: &str) -> bool {
    let Some(list) = lambda.child_by_field_name("parameters") else {
        return false;
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .any(|p| crate::scan::params::parameter_name(p, src) == Some(name))
}

/// `name` is a parameter of `function`, or bound in its body.
fn binds(function: Node, name: &str, src: &str) -> bool {
    annotation(function, name, src).is_some()
        || function
            .child_by_field_name("body")
            .is_some_and(|body| !bindings(body, name, src).is_empty())
}

/// The class of `receiver` (the object of `receiver.method(...)`) in `function`, if it is known.
pub fn receiver_class(receiver: Node, function: Node, src: &str) -> Option<Known> {
    let receiver = strip_parens(receiver);
    if receiver.kind() != "identifier" {
        return None;
    }
    let name = text(receiver, src);
    let body = function.child_by_field_name("body")?;
    let bindings = bindings(body, name, src);
    let parameter = annotation(function, name, src);
    let class = class_of_method(function, src);
    if let Some(class) = class.filter(|_| first_parameter(function, src) == Some(name)) {
        let decorated = function
            .parent()
            .filter(|p| p.kind() == "decorated_definition");
        // `cls` of a `classmethod` is the class, `staticmethod` has no `self`.
        let decorated = decorated.and_then(|d| src.get(d.start_byte()..function.start_byte()));
        if decorated.is_some_and(|d| d.contains("classmethod") || d.contains("staticmethod"))
            || !bindings.is_empty()
        {
            return None;
        }
        return Some(Known { class, made: false });
    }
    match (parameter, bindings.as_slice()) {
        (Some(Some(class)), []) => Some(Known { class, made: false }),
        (Some(_), _) => None,
        (None, []) => None,
        (None, made) => made_class(made),
    }
}

/// The class every one of `made` (a name's bindings) calls, if they all call one name.
fn made_class(made: &[Option<String>]) -> Option<Known> {
    let first = made.first()?.clone()?;
    made.iter()
        .all(|m| m.as_deref() == Some(first.as_str()))
        .then_some(Known {
            class: first,
            made: true,
        })
}

/// The class the annotation of `name` among `function`'s parameters names: `None` when it is
/// not a parameter, `Some(None)` when it is one whose annotation names no one class.
fn annotation(function: Node, name: &str, src: &str) -> Option<Option<String>> {
    let list = function.child_by_field_name("parameters")?;
    let mut cursor = list.walk();
    let found = list
        .named_children(&mut cursor)
        .find(|p| crate::scan::params::parameter_name(*p, src) == Some(name))?;
    let annotation = found.child_by_field_name("type");
    Some(
        annotation
            .and_then(|a| a.named_child(0).or(Some(a)))
            .and_then(|a| named_class(a, src))
            // `Any` and `object` say nothing of the class.
            .filter(|c| !matches!(c.as_str(), "Any" | "object")),
    )
}

/// The one class an annotation names: `C`, `mod.C`, `"C"`, `C | None`, `Optional[C]`.
fn named_class(annotation: Node, src: &str) -> Option<String> {
    let node = strip_parens(annotation);
    match node.kind() {
        "identifier" | "attribute" => dotted_last(text(node, src)),
        "string" => {
            // `"Client | None"`: the one class among the parts that are not `None`.
            let inside = text(node, src).trim_matches(['"', '\'']);
            let mut parts = inside.split('|').map(str::trim).filter(|p| *p != "None");
            let one = parts.next().and_then(dotted_last);
            one.filter(|_| parts.next().is_none())
        }
        "binary_operator" => {
            let (left, right) = (
                node.child_by_field_name("left")?,
                node.child_by_field_name("right")?,
            );
            match (text(left, src), text(right, src)) {
                (_, "None") => named_class(left, src),
                ("None", _) => named_class(right, src),
                _ => None,
            }
        }
        "generic_type" | "subscript" => {
            let head = node.named_child(0)?;
            let inner = node.named_child(1)?;
            let only = (inner.named_child_count() == 1)
                .then(|| inner.named_child(0))
                .flatten();
            let inner = match inner.kind() {
                "type_parameter" => only?,
                _ => inner,
            };
            matches!(dotted_last(text(head, src))?.as_str(), "Optional")
                .then(|| named_class(inner, src))
                .flatten()
        }
        "type" => named_class(node.named_child(0)?, src),
        _ => None,
    }
}

/// `Target` of `mod.Target`, when the text is a dotted name.
pub fn dotted_last(dotted: &str) -> Option<String> {
    let dotted = dotted.trim();
    let plain = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_');
    (dotted.split('.').all(plain)).then(|| dotted.rsplit('.').next().map(str::to_owned))?
}

/// Each binding of `name` in `body` (not in a nested function or class): `Some(callee)` for
/// `name = Callee(...)` (or awaited), `None` for any other.
fn bindings(body: Node, name: &str, src: &str) -> Vec<Option<String>> {
    let mut found = Vec::new();
    super::made::walk_spelling(body, name, src, |node| {
        if node != body && matches!(node.kind(), "function_definition" | "class_definition") {
            return false;
        }
        let target = match node.kind() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                node.child_by_field_name("left")
            }
            "named_expression" => node.child_by_field_name("name"),
            "as_pattern_target" => Some(node),
            "global_statement" | "nonlocal_statement" | "delete_statement" => Some(node),
            _ => None,
        };
        let Some(target) = target else {
            return true;
        };
        let plain = target.kind() == "identifier" && text(target, src) == name;
        let within = !plain
            && !matches!(target.kind(), "attribute" | "subscript")
            && text(target, src)
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == name);
        if !(plain || within) {
            return true;
        }
        let value = (node.kind() == "assignment" && plain)
            .then(|| node.child_by_field_name("right"))
            .flatten()
            .map(strip_parens)
            .map(|v| match v.kind() {
                "await" => v.named_child(0).map_or(v, strip_parens),
                _ => v,
            });
        let callee = value
            .filter(|v| v.kind() == "call")
            .and_then(|v| v.child_by_field_name("function"))
            .and_then(|f| dotted_last(text(f, src)));
        found.push(callee);
        true
    });
    found
}

/// Whether an object can be of a class, as [`Classes::ruled`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruled {
    Possible,
    /// Of a class that cannot be the owner's.
    OtherClass,
    /// What a call returns, of a name the checked code does not define as a class.
    Unshown,
}

type Hierarchy = (HashMap<String, Vec<String>>, Vec<String>);

/// The classes of the checked code, by name: the bases of each definition of that name (`None`
/// where its header is not read).
#[derive(Debug, Default)]
pub struct Classes {
    pub(super) bases: HashMap<String, Vec<Option<Vec<String>>>>,
    /// Each class's subclasses, and the classes whose bases are not read: listed once, if asked.
    subclasses: OnceLock<Hierarchy>,
}

impl Classes {
    /// Adds the classes of `other` (another file's).
    pub fn join(&mut self, other: Classes) {
        self.subclasses = OnceLock::new();
        for (name, definitions) in other.bases {
            self.bases.entry(name).or_default().extend(definitions);
        }
    }

    /// Adds the class headers of one file.
    pub fn add(&mut self, bytes: &[u8]) {
        for (whole, name) in class_headers(bytes) {
            // `class of ...` in a docstring or a comment is no header.
            let after = bytes[whole.end..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t'));
            if !matches!(after, Some(b':' | b'(' | b'[')) {
                continue;
            }
            let name = String::from_utf8_lossy(&bytes[name]).into_owned();
            let bases = bases_after(bytes, whole.end);
            self.subclasses = OnceLock::new();
            self.bases.entry(name).or_default().push(bases);
        }
    }

    /// How many classes of the checked code are named `name`.
    pub fn definitions(&self, name: &str) -> usize {
        self.bases.get(name).map_or(0, Vec::len)
    }

    /// Whether a class of the checked code names `name` among its bases, or has a header whose
    /// bases are not read.
    pub fn derived_from(&self, name: &str) -> bool {
        (self.bases.values().flatten())
            .any(|b| b.as_ref().is_none_or(|b| b.iter().any(|n| n == name)))
    }

    /// Whether an object the code says is a `class` can be a `owner` (or of a subclass of it):
    /// `class` is not a class of the checked code, or some class derives from both.
    pub fn can_be(&self, known: &Known, owner: &str) -> bool {
        self.admits(known, self.relatives(owner).as_ref())
    }

    /// Whether `known` can be of the class whose [`Classes::relatives`] are `relatives`.
    pub fn admits(&self, known: &Known, relatives: Option<&HashSet<String>>) -> bool {
        self.ruled(known, relatives) == Ruled::Possible
    }

    /// Whether an object the code says is a `known` can be of the class whose
    /// [`Classes::relatives`] are `relatives`, and why not.
    pub fn ruled(&self, known: &Known, relatives: Option<&HashSet<String>>) -> Ruled {
        let Some(relatives) = relatives else {
            return Ruled::Possible;
        };
        let Some(definitions) = self.bases.get(&known.class) else {
            // Not a class of the checked code. An annotation names a library's class, whose
            // objects are of the owner's class only through a class of the checked code that
            // derives from both, and so spells its name among the owner's relatives; a call of
            // that name may be a function that returns anything: not shown either way.
            return match (relatives.contains(&known.class), known.made) {
                (true, _) => Ruled::Possible,
                (false, true) => Ruled::Unshown,
                (false, false) => Ruled::OtherClass,
            };
        };
        // A protocol is matched by shape: any object with the method may be one.
        let possible = definitions.iter().any(Option::is_none)
            || relatives.contains(&known.class)
            || self.is_protocol(&known.class);
        match possible {
            true => Ruled::Possible,
            false => Ruled::OtherClass,
        }
    }

    /// The classes an object of `owner` (or of a subclass of it) also is: `owner`, every class
    /// that may derive from it, and their ancestors; `None` when any class may be (a header
    /// whose bases are not read is among them).
    pub fn relatives(&self, owner: &str) -> Option<HashSet<String>> {
        // Each class's subclasses, listed once: a class whose bases are not read derives from
        // any (a pass over every header per level of the hierarchy was quadratic in its depth).
        let (derived, unread) = self.subclasses.get_or_init(|| {
            let mut derived: HashMap<String, Vec<String>> = HashMap::new();
            for (name, definitions) in &self.bases {
                for base in definitions.iter().flatten().flatten() {
                    derived.entry(base.clone()).or_default().push(name.clone());
                }
            }
            let unread = self.bases.iter().filter(|(_, d)| d.contains(&None));
            (derived, unread.map(|(name, _)| name.clone()).collect())
        });
        let mut below: HashSet<&str> = HashSet::from([owner]);
        let mut todo = vec![owner];
        for name in unread {
            if below.insert(name) {
                todo.push(name);
            }
        }
        while let Some(base) = todo.pop() {
            for name in derived.get(base).into_iter().flatten() {
                if below.insert(name) {
                    todo.push(name);
                }
            }
        }
        let mut above: HashSet<&str> = below.clone();
        let mut todo: Vec<&str> = below.into_iter().collect();
        while let Some(name) = todo.pop() {
            for definition in self.bases.get(name).into_iter().flatten() {
                for base in definition.as_ref()? {
                    if above.insert(base) {
                        todo.push(base);
                    }
                }
            }
        }
        Some(above.into_iter().map(str::to_owned).collect())
    }

    /// `name` is, or derives from, `typing.Protocol`.
    fn is_protocol(&self, name: &str) -> bool {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut todo = vec![name];
        while let Some(name) = todo.pop() {
            if name == "Protocol" {
                return true;
            }
            for bases in self.bases.get(name).into_iter().flatten().flatten() {
                for base in bases {
                    if seen.insert(base) {
                        todo.push(base);
                    }
                }
            }
        }
        false
    }
}

/// The bases of the header whose name ends at `at`: none before its `:`, the names in its
/// parentheses (after a PEP 695 `[T]`), or, where one is not a dotted name (`make_base()`),
/// every name in them (a class derives from another only through a name its header spells);
/// `None` where the header is not read to its end.
fn bases_after(bytes: &[u8], at: usize) -> Option<Vec<String>> {
    let mut at = at;
    let skip_blank = |at: usize| {
        at + bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    at = skip_blank(at);
    let closing = |open: usize, (o, c): (u8, u8)| {
        let mut depth = 0usize;
        for (i, &b) in bytes.iter().enumerate().skip(open) {
            if b == o {
                depth += 1;
            } else if b == c {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
        None
    };
    if bytes.get(at) == Some(&b'[') {
        at = skip_blank(closing(at, (b'[', b']'))? + 1);
    }
    match bytes.get(at) {
        Some(b':') => Some(Vec::new()),
        Some(b'(') => {
            let inside = bytes.get(at + 1..closing(at, (b'(', b')'))?)?;
            base_names(inside).or_else(|| {
                let text = String::from_utf8_lossy(inside);
                let words = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                Some(words.filter(|w| !w.is_empty()).map(str::to_owned).collect())
            })
        }
        _ => None,
    }
}

/// The names of the bases in a header's parentheses (`Base, mod.Other[T], metaclass=M`):
/// `None` when one is not a dotted name (a call, an expression).
fn base_names(bases: &[u8]) -> Option<Vec<String>> {
    let text = String::from_utf8_lossy(bases);
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut part = String::new();
    let mut parts = Vec::new();
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        if depth == 0 && c != ']' {
            part.push(c);
        }
    }
    parts.push(part);
    for part in parts {
        let part = part.trim();
        if part.is_empty() || part.contains('=') {
            continue;
        }
        names.push(dotted_last(part)?);
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::{Classes, Known, receiver_class};
    use crate::scan::syntax::enclosing_function;

    fn known(code: &str, receiver: &str) -> Option<Known> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).unwrap();
        let mut found = None;
        crate::scan::syntax::walk(tree.root_node(), |node| {
            if node.kind() == "attribute"
                && node
                    .child_by_field_name("object")
                    .map(|o| &code[o.byte_range()])
                    == Some(receiver)
            {
                let object = node.child_by_field_name("object").unwrap();
                let function = enclosing_function(node, &["lambda"]).unwrap();
                found = receiver_class(object, function, code);
            }
            true
        });
        found
    }

    #[test]
    fn the_code_says_a_receivers_class_by_self_an_annotation_or_a_call() {
        let class = |c: &str, made| {
            Some(Known {
                class: c.to_owned(),
                made,
            })
        };
        let method = "class A(B):\n    def go(self):\n        self.start()\n";
        assert_eq!(known(method, "self"), class("A", false));
        for annotated in [
            "t: Target",
            "t: 'mod.Target'",
            "t: Target | None",
            "t: Optional[Target]",
        ] {
            let code = format!("def go({annotated}):\n    t.start()\n");
            assert_eq!(known(&code, "t"), class("Target", false), "{annotated}");
        }
        let made = "def go():\n    t = mod.Target(1)\n    t.start()\n";
        assert_eq!(known(made, "t"), class("Target", true));
        for unknown in [
            "def go(t):\n    t.start()\n",
            "def go(t: Target):\n    t = other()\n    t.start()\n",
            "def go(t: list[Target]):\n    t.start()\n",
            "def go():\n    t = A()\n    t = B()\n    t.start()\n",
            "def go(x):\n    t = x\n    t.start()\n",
        ] {
            assert_eq!(known(unknown, "t"), None, "{unknown}");
        }
    }

    #[test]
    fn another_class_cannot_be_the_owner_unless_a_class_derives_from_both() {
        let mut classes = Classes::default();
        classes.add(b"class Owner(Base):\n    pass\nclass Sub(Owner):\n    pass\n");
        classes.add(b"class Target:\n    pass\nclass Both(\n    Sub, Mixin\n):\n    pass\n");
        classes.add(b"class Mixin:\n    pass\nclass Shape(typing.Protocol):\n    pass\n");
        let can_be = |classes: &Classes, c: &str, made| {
            classes.can_be(
                &Known {
                    class: c.to_owned(),
                    made,
                },
                "Owner",
            )
        };
        let can = |c: &str, made| can_be(&classes, c, made);
        assert!(!can("Target", false));
        assert!(!can("Target", true));
        for possible in ["Owner", "Sub", "Both", "Base", "Mixin", "Shape"] {
            assert!(can(possible, false), "{possible}");
        }
        // A library's class is the owner's only through a class that derives from both; a
        // call of a name the checked code does not define as a class may return anything.
        assert!(!can("Library", false));
        assert!(!can("Library", true));
        classes.add(b"class Adapter(Owner, lib.Library):\n    pass\n");
        assert!(can_be(&classes, "Library", false));
        // A base the header computes: a class derives only through a name it spells.
        classes
            .add(b"class Odd(make_base(Owner)):\n    pass\nclass Even(make(Other)):\n    pass\n");
        assert!(can_be(&classes, "Odd", false));
        assert!(!can_be(&classes, "Even", false));
        classes.add(b"    class of the object, as prose says\n");
        assert!(!can_be(&classes, "Even", false));
        classes.add(b"class Lost(\n");
        assert!(can_be(&classes, "Target", false));
    }
}
