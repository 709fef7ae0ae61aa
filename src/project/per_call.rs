//! Classes the project builds only for one call: every construction outside the tests makes an
//! instance that nothing keeps once the call returns (`service = ArchiveService(db)`, then only
//! `service.method(...)`; `Parser(text).run()`). A set on such an instance dies with it while a
//! task that holds nothing of it still runs (bambuddy's `ArchiveService`, exam36n), so `owner`
//! keeps such a task in the module set (`plan`'s `per_call`). One construction that may keep the
//! instance (a module-level binding, an attribute, an argument, a return, a `with`, a closure,
//! another module's class of the same name: `uvicorn.Server(config)`) is enough to say nothing;
//! so is a class never built in view (a library's users, a framework build it), and a name two
//! files define as classes (either may be the one built). Gathered by
//! `fix --strategy owner` in the walk, by class name.

use std::collections::HashSet;
use std::sync::Arc;

use tree_sitter::Node;

use crate::scan::syntax::{text, walk};

/// The constructions of the whole run, by class name.
#[derive(Debug, Clone, Default)]
pub struct PerCall {
    per_call: HashSet<String>,
    kept: HashSet<String>,
    /// How many files define a top-level class of each name.
    defined: std::collections::HashMap<String, usize>,
    /// The names built only per call, once every file was walked.
    only: Arc<HashSet<String>>,
}

impl PerCall {
    /// Adds one file's constructions (see [`constructions`]).
    pub fn add(&mut self, found: Constructions) {
        self.per_call.extend(found.per_call);
        self.kept.extend(found.kept);
        for class in found.defined {
            *self.defined.entry(class).or_default() += 1;
        }
    }

    pub fn finish(&mut self) {
        // A name two files define may be either class: its constructions say nothing.
        let only = (self.per_call.iter())
            .filter(|name| !self.kept.contains(*name) && self.defined.get(*name) == Some(&1))
            .cloned()
            .collect();
        self.only = Arc::new(only);
    }

    /// The class names every construction of which is per call.
    pub fn only(&self) -> Arc<HashSet<String>> {
        Arc::clone(&self.only)
    }
}

/// One file's constructions: the class names it builds per call, and those it builds in a way
/// that may keep the instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constructions {
    pub per_call: Vec<String>,
    pub kept: Vec<String>,
    /// The file's top-level classes.
    pub defined: Vec<String>,
}

/// Every call of a capitalised name (`Service(...)`, `services.Service(...)`) in the file, by
/// what becomes of the instance.
pub fn constructions(root: Node, src: &str) -> Constructions {
    let mut found = Constructions::default();
    for stmt in crate::scan::syntax::statements(root) {
        let class = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_name("definition"),
            _ => Some(stmt),
        };
        let name = class
            .filter(|c| c.kind() == "class_definition")
            .and_then(|c| c.child_by_field_name("name"));
        found.defined.extend(name.map(|n| text(n, src).to_owned()));
    }
    walk(root, |node| {
        if node.kind() == "call"
            && let Some((name, bare)) = class_name(node, src)
        {
            match bare && per_call(node, src) {
                true => found.per_call.push(name.to_owned()),
                false => found.kept.push(name.to_owned()),
            }
        }
        true
    });
    found
}

/// The last name of the callee, when it reads as a class (`Service`, not `SERVICE` or `run`).
/// Only a bare name (`Service(db)`) can count as per call: `uvicorn.Server(config)` names
/// another module's class, which shares the name of one of the project's, and only says that
/// the name may be kept.
fn class_name<'s>(call: Node, src: &'s str) -> Option<(&'s str, bool)> {
    let function = call.child_by_field_name("function")?;
    let (name, bare) = match function.kind() {
        "identifier" => (function, true),
        "attribute" => (function.child_by_field_name("attribute")?, false),
        _ => return None,
    };
    let name = text(name, src);
    let mut chars = name.chars();
    let class = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.any(|c| c.is_ascii_lowercase());
    class.then_some((name, bare))
}

/// Whether the instance `call` builds is dropped when the call around it returns: it is only
/// the receiver of a method call whose result is discarded (`Service(db).run()`), or it is
/// bound to a local of a function that only calls its methods and sets its attributes.
fn per_call(call: Node, src: &str) -> bool {
    let Some(parent) = call.parent() else {
        return false;
    };
    match parent.kind() {
        "attribute" => receiver_of_discarded_call(parent),
        "assignment" => {
            let left = parent.child_by_field_name("left");
            let Some(local) = left.filter(|l| l.kind() == "identifier") else {
                return false;
            };
            let right = parent.child_by_field_name("right");
            if right.is_none_or(|r| r.id() != call.id()) {
                return false;
            }
            let function = crate::scan::syntax::enclosing_function(parent, &["class_definition"]);
            function.is_some_and(|f| only_a_receiver(f, text(local, src), src))
        }
        _ => false,
    }
}

/// `Service(db).run()` as a statement of its own (awaited or not): the call's result, the only
/// thing that could hold the instance, is discarded.
fn receiver_of_discarded_call(attribute: Node) -> bool {
    let Some(call) = attribute.parent().filter(|p| {
        p.kind() == "call"
            && p.child_by_field_name("function")
                .is_some_and(|f| f.id() == attribute.id())
    }) else {
        return false;
    };
    let mut at = call;
    if let Some(parent) = at.parent().filter(|p| p.kind() == "await") {
        at = parent;
    }
    at.parent()
        .is_some_and(|p| p.kind() == "expression_statement")
}

/// Whether every use of `local` in `function` is the receiver of an attribute that is called or
/// assigned (`local.run(...)`, `local.x = 1`), or a binding of it; a nested function or lambda
/// that names it, or a `global`/`nonlocal` of it, may keep it.
fn only_a_receiver(function: Node, local: &str, src: &str) -> bool {
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let mut only = true;
    walk(body, |node| {
        match node.kind() {
            "identifier" if text(node, src) == local => only &= used_as_receiver(node),
            "function_definition" | "lambda" | "class_definition" => {
                only &= !captures(node, local, src);
                return false;
            }
            "global_statement" | "nonlocal_statement" => only &= !names(node, local, src),
            _ => {}
        }
        only
    });
    only
}

/// `local.method(...)`, `local.x = ...`, or `local = ...` itself.
fn used_as_receiver(identifier: Node) -> bool {
    let Some(parent) = identifier.parent() else {
        return false;
    };
    let is = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|n| n.id() == identifier.id())
    };
    match parent.kind() {
        "assignment" => is("left"),
        "attribute" if is("object") => parent.parent().is_some_and(|p| {
            let is_of = |field: &str| {
                p.child_by_field_name(field)
                    .is_some_and(|n| n.id() == parent.id())
            };
            (p.kind() == "call" && is_of("function")) || (p.kind() == "assignment" && is_of("left"))
        }),
        _ => false,
    }
}

/// Whether a nested definition reads the function's `local`: it names it, and does not bind a
/// local of its own by that name (an assignment without `nonlocal`, as Python scopes it).
fn captures(nested: Node, local: &str, src: &str) -> bool {
    if !names(nested, local, src) {
        return false;
    }
    let mut own = false;
    let mut declared = false;
    walk(nested, |node| {
        match node.kind() {
            "assignment" => {
                let left = node.child_by_field_name("left");
                own |= left.is_some_and(|l| l.kind() == "identifier" && text(l, src) == local);
            }
            "nonlocal_statement" | "global_statement" => declared |= names(node, local, src),
            // A definition nested deeper scopes its own names.
            "function_definition" | "lambda" | "class_definition" => return node == nested,
            _ => {}
        }
        true
    });
    nested.kind() != "function_definition" || declared || !own || deeper_names(nested, local, src)
}

/// Whether `local` is named inside a definition nested in `nested` (which may capture it from
/// `nested`'s scope or from further out: not decided here).
fn deeper_names(nested: Node, local: &str, src: &str) -> bool {
    let mut found = false;
    walk(nested, |node| {
        let deeper = node != nested
            && matches!(
                node.kind(),
                "function_definition" | "lambda" | "class_definition"
            );
        found |= deeper && names(node, local, src);
        !found && !deeper
    });
    found
}

/// Whether the identifier `name` occurs under `node`.
fn names(node: Node, name: &str, src: &str) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= n.kind() == "identifier" && text(n, src) == name;
        !found
    });
    found
}

#[cfg(test)]
mod tests {
    use super::constructions;
    use crate::scan::syntax::new_parser;

    fn of(code: &str) -> (Vec<String>, Vec<String>) {
        let tree = new_parser().parse(code, None).expect("parses");
        let found = constructions(tree.root_node(), code);
        (found.per_call, found.kept)
    }

    #[test]
    fn a_local_only_called_is_per_call() {
        let code = "async def f(db):\n    service = Service(db)\n    service.x = 1\n    \
                    await service.attach(1)\n    Parser(db).run()\n";
        assert_eq!(of(code), (vec!["Service".into(), "Parser".into()], vec![]));
    }

    #[test]
    fn a_closure_with_a_local_of_its_own_name_does_not_capture_it() {
        let code = "async def f(db):\n    async def g():\n        service = other()\n        \
                    await service.off()\n    service = Service(db)\n    await service.run()\n\
                    async def h(db):\n    async def g():\n        nonlocal service\n        \
                    service = None\n    service = Kept(db)\n";
        assert_eq!(of(code), (vec!["Service".into()], vec!["Kept".into()]));
    }

    #[test]
    fn an_instance_that_escapes_is_kept() {
        let code = "app = App()\ndef f():\n    s = Service()\n    return s\n\
                    def g(self):\n    self.s = Service()\n    h(Service())\n    \
                    x = Other()\n    cb = lambda: x.run()\n    y = Third()\n    z = y.app\n\
                    w = Fluent().start()\ndef k():\n    server = uvicorn.Server(1)\n    server.run()\n";
        let (per_call, kept) = of(code);
        assert!(per_call.is_empty(), "{per_call:?}");
        assert_eq!(
            kept,
            [
                "App", "Service", "Service", "Service", "Other", "Third", "Fluent", "Server"
            ]
        );
    }
}
