//! A set the function already keeps its tasks in, on an object it can reach: `app_state.tasks`,
//! where `app_state` is a parameter, or a local bound once by a statement of the function's own
//! body before the site (`app_state = request.app.state`), and the function both adds a task to
//! the set (`S.add(task)`, `task` given a done callback) and discards from it (`S.discard` as the
//! callback, or called in one). A local bound to the set (`bg_tasks = app_state.tasks`) is used
//! where it is bound before the site, else the set as the binding spells it. A site in a
//! function nested in that function (a done callback) uses it too, as a closure does.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use crate::detect::Dropped;
use crate::scan::params::parameter_name;
use crate::scan::syntax::{enclosing_function, only_element, strip_parens, text, walk, written};

/// The sets each function keeps tasks in (see [`sets_kept`]), by the function's node id.
pub(super) type FunctionSets = RefCell<HashMap<usize, Vec<String>>>;

/// The set the site's task can join: the innermost enclosing function's that keeps tasks.
pub(super) fn function_set(site: &Dropped, src: &str, known: &FunctionSets) -> Option<String> {
    let mut inner: Vec<Node> = Vec::new();
    let mut function = site.placement.scope;
    while function.kind() == "function_definition" {
        if let Some(set) = kept_in(function, &inner, site, src, known) {
            return Some(set);
        }
        inner.push(function);
        function = enclosing_function(function, &["class_definition", "lambda"])?;
    }
    None
}

/// The set `function` keeps tasks in, spelled as the site can use it; `inner` are the functions
/// between it and the site, whose names shadow its own.
fn kept_in(
    function: Node,
    inner: &[Node],
    site: &Dropped,
    src: &str,
    known: &FunctionSets,
) -> Option<String> {
    let body = function.child_by_field_name("body")?;
    let sets = known
        .borrow_mut()
        .entry(function.id())
        .or_insert_with(|| {
            sets_kept(body, src)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .clone();
    if sets.is_empty() {
        return None;
    }
    // The statement of the function's own body that holds the site.
    let mut holder = site.stmt;
    while holder.parent()?.id() != body.id() {
        holder = holder.parent()?;
    }
    let scope = Scope {
        function,
        body,
        inner,
        holder,
        src,
    };
    sets.iter().find_map(|set| {
        if set.contains('.') {
            let root = set.split('.').next()?;
            return scope.reaches(root).then(|| set.to_owned());
        }
        let (binding, value) = scope.only_binding(set)?;
        let value = text(strip_parens(value), src);
        let before = binding.end_byte() <= holder.start_byte();
        let dotted = value.contains('.')
            && value.split('.').all(|part| {
                !part.is_empty()
                    && !part.starts_with(|c: char| c.is_ascii_digit())
                    && part.chars().all(|c| c == '_' || c.is_alphanumeric())
            });
        // Only an alias of an object's set: a set of the function's own dies with its call.
        if !dotted {
            return None;
        }
        match before && !scope.shadowed(set) {
            true => Some(set.to_owned()),
            false => {
                let root = value.split('.').next()?;
                scope.reaches(root).then(|| value.to_owned())
            }
        }
    })
}

/// The sets (`a.b` or a plain name) that the body adds a task to and discards from: `S.add(t)`
/// where `t.add_done_callback(...)` is called, and `S.discard` used.
fn sets_kept<'s>(body: Node, src: &'s str) -> Vec<&'s str> {
    let (mut added, mut callbacks, mut discards) = (Vec::new(), Vec::new(), Vec::new());
    walk(body, |node| {
        let object = node.child_by_field_name("object").map(|o| text(o, src));
        let method = node.child_by_field_name("attribute").map(|a| text(a, src));
        if let (Some(object), Some(method), "attribute") = (object, method, node.kind()) {
            let call = node.parent().filter(|p| p.kind() == "call");
            let arguments = call.and_then(|c| c.child_by_field_name("arguments"));
            let only = arguments
                .and_then(only_element)
                .filter(|a| a.kind() == "identifier");
            match method {
                "add" => added.extend(only.map(|a| (object, text(a, src)))),
                "add_done_callback" if call.is_some() => callbacks.push(object),
                "discard" => discards.push(object),
                _ => {}
            }
        }
        true
    });
    let simple = |set: &str| {
        set.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c == '_' || c.is_alphanumeric()))
    };
    let mut found: Vec<&str> = Vec::new();
    for (set, task) in added {
        if simple(set)
            && callbacks.contains(&task)
            && discards.contains(&set)
            && !found.contains(&set)
        {
            found.push(set);
        }
    }
    found
}

struct Scope<'a, 't> {
    function: Node<'t>,
    body: Node<'t>,
    inner: &'a [Node<'t>],
    holder: Node<'t>,
    src: &'a str,
}

impl<'t> Scope<'_, 't> {
    /// Whether `root` holds the same object wherever the site runs: a parameter of the function
    /// it never writes, or a local bound once, by a statement of its body before the site's.
    fn reaches(&self, root: &str) -> bool {
        if self.shadowed(root) {
            return false;
        }
        let parameter = self.parameters(self.function).contains(&root);
        match parameter {
            true => writes(self.body, root, self.src).is_empty(),
            false => self
                .only_binding(root)
                .is_some_and(|(binding, _)| binding.end_byte() <= self.holder.start_byte()),
        }
    }

    /// The one statement of the function's own body that binds `name` (`name = value` or
    /// `name: T = value`), and the value, when nothing else in the function writes it.
    fn only_binding(&self, name: &str) -> Option<(Node<'t>, Node<'t>)> {
        if self.parameters(self.function).contains(&name) {
            return None;
        }
        let [target] = writes(self.body, name, self.src)[..] else {
            return None;
        };
        let assignment = target.parent().filter(|a| a.kind() == "assignment")?;
        let statement = assignment.parent()?;
        let own = statement.kind() == "expression_statement"
            && statement.parent().is_some_and(|p| p.id() == self.body.id());
        let value = assignment.child_by_field_name("right")?;
        own.then_some((statement, value))
    }

    /// Whether a function between this one and the site binds `name` itself.
    fn shadowed(&self, name: &str) -> bool {
        self.inner.iter().any(|f| {
            self.parameters(*f).contains(&name)
                || f.child_by_field_name("body")
                    .is_some_and(|b| !writes(b, name, self.src).is_empty())
        })
    }

    fn parameters(&self, function: Node) -> Vec<&str> {
        let Some(parameters) = function.child_by_field_name("parameters") else {
            return Vec::new();
        };
        let mut cursor = parameters.walk();
        (parameters.named_children(&mut cursor))
            .filter_map(|p| parameter_name(p, self.src))
            .collect()
    }
}

/// The identifiers named `name` under `node` that are written (assigned, deleted, a loop's or
/// a `with`'s or a walrus's target), or declared `nonlocal` or `global`, nested functions'
/// included: a write anywhere makes the name's value unclear.
fn writes<'t>(node: Node<'t>, name: &str, src: &str) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    walk(node, |n| {
        if n.kind() == "identifier" && text(n, src) == name && written(n) {
            found.push(n);
        }
        true
    });
    found
}
