//! A dropped site's message, and `classify`, which asks the rules in turn whether a statement
//! drops a task. What each kind means, how it is found and its message are its rule's, in
//! [`super::kinds`].

use tree_sitter::Node;

use super::callee::Resolver;
pub use super::dropped::Dropped;
use super::handoff::handed_callable;
use super::kinds::{Detector, Message, RULES, Shape};
use super::placement::Placement;
use super::scope::Scopes;
use super::statement::Statement;
use crate::scan::asyncio_api::is_handoff_method;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};

impl Dropped<'_> {
    /// Where the task stands in the statement: its rule's shape, or `Named` where the site binds
    /// the task to a name (`task = <call>` then a weak set's `add(task)`; a factory's
    /// `task = <call>` before its `return task`).
    pub fn shape(&self) -> Shape {
        match (self.kind.rule().shape, self.target) {
            (Shape::Held | Shape::Return, Some(_)) => Shape::Named,
            (shape, _) => shape,
        }
    }

    /// What `check` says of the drop: `callee` is [`callee`]'s of its call, `factory` the
    /// dropped factory result's factory.
    pub fn message(
        &self,
        src: &str,
        callee: &str,
        factory: Option<&crate::project::factories::FactoryRef>,
    ) -> String {
        let function = compact(self.call.child_by_field_name("function"), src);
        let mut message = self.kind.rule().message(&Message {
            callee,
            target: self.target.map_or("", |t| text(t, src)),
            container: container(self.expr, src),
            registrar: &registrar(self.call, src),
            function: &function,
            factory,
        });
        if let Some(reason) = self.unfixable {
            message.push_str(" (no automatic fix: ");
            message.push_str(reason);
            message.push(')');
        }
        message
    }

    /// The source lines the statement spans, as written.
    pub fn lines(&self, source: &SourceFile) -> String {
        let start = source.line_start(self.stmt.start_byte());
        let end = source.line_end(self.stmt.end_byte().saturating_sub(1).max(start));
        source.text.get(start..end).unwrap_or_default().to_owned()
    }
}

/// `tasks` in `tasks.append(...)`, `slots[key]` in `slots[key] = ...`.
fn container<'s>(adding_call: Node, src: &'s str) -> &'s str {
    // `holder[key] = <task call>`: the slot (see `weak_dicts`).
    let left =
        (adding_call.kind() == "assignment").then(|| adding_call.child_by_field_name("left"));
    if let Some(slot) = left.flatten().filter(|l| l.kind() == "subscript") {
        return text(slot, src);
    }
    adding_call
        .child_by_field_name("function")
        .and_then(|f| f.child_by_field_name("object"))
        .map_or("", |o| text(o, src))
}

/// `loop.call_later` for the task call that is the body of a lambda it registers.
fn registrar(call: Node, src: &str) -> String {
    let mut lambda = call.parent();
    while let Some(p) = lambda.filter(|p| p.kind() == "parenthesized_expression") {
        lambda = p.parent();
    }
    let registrar = lambda
        .filter(|l| l.kind() == "lambda")
        .and_then(|l| super::callback::registrar_of(l, src));
    compact(
        registrar.and_then(|r| r.child_by_field_name("function")),
        src,
    )
}

/// A node's text without whitespace (`loop . create_task` → `loop.create_task`).
fn compact(node: Option<Node>, src: &str) -> String {
    node.map_or("", |n| text(n, src))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// What creates the task at a dropped site's call, as written: the call's function, or for a
/// hand-off to the loop (`loop.call_soon_threadsafe(loop.create_task, coro)`) the callable it
/// hands over.
pub fn callee(call: Node, src: &str) -> String {
    let function = call.child_by_field_name("function");
    let handed = function
        .and_then(|f| super::callee::last_name(f, src))
        .filter(|name| is_handoff_method(name.as_bytes()))
        .and_then(|_| handed_callable(call, src));
    compact(handed.or(function), src)
}

/// The dropped task in this expression statement (or, for a rule that looks at callbacks, this
/// `return` statement), if there is one: the first drop the rules find, in the registry's order,
/// as the rules that refine drops see it.
pub fn classify<'t, 's>(
    stmt: Node<'t>,
    placement: Placement<'t>,
    src: &'s str,
    resolver: &Resolver,
    scopes: &mut Scopes<'s>,
) -> Option<Dropped<'t>> {
    if stmt.named_child_count() != 1 {
        return None; // `a, b` tuples and the like
    }
    let expr = strip_parens(stmt.named_child(0)?);
    let mut statement = Statement {
        stmt,
        expr,
        placement,
        src,
        resolver,
        scopes,
    };
    let detectors = || RULES.iter().flat_map(|rule| rule.detect.iter());
    let statements = detectors().filter_map(|d| match d {
        Detector::Statement(detect) => Some(detect),
        _ => None,
    });
    let callbacks = detectors().filter_map(|d| match d {
        Detector::Callback(detect) => Some(detect),
        _ => None,
    });
    let mut found = statements
        .chain(callbacks)
        .find_map(|detect| detect(&mut statement))?;
    for detector in detectors() {
        if let Detector::Refine(refine) = detector {
            refine(&statement, &mut found);
        }
    }
    Some(found)
}
