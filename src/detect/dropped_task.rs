//! A dropped site as detection finds it, its finding, and the statement shapes that drop a task
//! (`classify`). What each kind means, and its message, is its rule's, in [`super::kinds`].

use tree_sitter::Node;

use super::callee::Resolver;
use super::handoff::first_argument;
use super::kinds::{Kind, Message, Shape};
use super::placement::Placement;
use super::scope::Scopes;
use crate::project::summaries::Decision;
use crate::scan::asyncio_api::is_handoff_method;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{comprehension_body, elements, strip_parens, text};

/// One dropped task, as nodes of the tree it was found in.
#[derive(Debug, Clone, Copy)]
pub struct Dropped<'t> {
    pub kind: Kind,
    /// The `expression_statement` that drops the task.
    pub stmt: Node<'t>,
    /// The call that creates the task.
    pub call: Node<'t>,
    /// The statement's expression without redundant parentheses.
    pub expr: Node<'t>,
    /// For `unused-assignment`: the name the task is assigned to.
    pub target: Option<Node<'t>>,
    /// Why no automatic fix is offered, if none is.
    pub unfixable: Option<&'static str>,
    pub placement: Placement<'t>,
    /// For `factory-result`: the factory, as an index into the detection's `factories.refs`.
    pub factory: Option<usize>,
}

/// A site described in plain data, for the printers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// In a notebook: the cell (1-based, as ruff counts), and `line`/`end_line` are in it.
    pub cell: Option<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub kind: Kind,
    pub callee: String,
    pub message: String,
    pub fixable: bool,
    /// Why no automatic fix is offered, when none is.
    pub unfixable: Option<&'static str>,
    /// The source lines the statement spans (for `--output-format full` and fingerprints).
    pub snippet: String,
    /// For `factory-result`: the factory whose task is dropped (the fix goes there).
    pub factory: Option<crate::project::factories::FactoryRef>,
}

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

    /// The site as plain data; `factories` are the detection's (`factories.refs`).
    pub fn finding(
        &self,
        source: &SourceFile,
        factories: &[crate::project::factories::FactoryRef],
    ) -> Finding {
        let factory = self.factory.and_then(|i| factories.get(i)).cloned();
        let src = source.text;
        let (line, column) = source.line_col(self.stmt.start_byte());
        let (end_line, end_column) = source.line_col(self.stmt.end_byte());
        let callee = callee(self.call, src);
        let function = compact(self.call.child_by_field_name("function"), src);
        let mut message = self.kind.rule().message(&Message {
            callee: &callee,
            target: self.target.map_or("", |t| text(t, src)),
            container: container(self.expr, src),
            registrar: &registrar(self.call, src),
            function: &function,
            factory: factory.as_ref(),
        });
        if let Some(reason) = self.unfixable {
            message.push_str(" (no automatic fix: ");
            message.push_str(reason);
            message.push(')');
        }
        Finding {
            cell: None,
            line,
            column,
            end_line,
            end_column,
            kind: self.kind,
            callee,
            message,
            fixable: self.unfixable.is_none(),
            unfixable: self.unfixable,
            snippet: {
                let start = source.line_start(self.stmt.start_byte());
                let end = source.line_end(self.stmt.end_byte().saturating_sub(1).max(start));
                src.get(start..end).unwrap_or_default().to_owned()
            },
            factory,
        }
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
        .and_then(|_| first_argument(call));
    compact(handed.or(function), src)
}

/// `asyncio.ensure_future(x)` that creates no task to lose: `x` is a name its scope already
/// adds to a set or list (`tasks.add(x)`), or binds to a Future (`x = loop.create_future()`,
/// `x = asyncio.Future()`). `ensure_future` returns that same object.
pub fn already_kept(call: Node, scope: Node, src: &str) -> bool {
    let is_ensure_future = call
        .child_by_field_name("function")
        .is_some_and(|f| text(f, src).ends_with("ensure_future"));
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let argument = arguments
        .named_child(0)
        .filter(|a| a.kind() == "identifier" && arguments.named_child_count() == 1);
    let (true, Some(argument)) = (is_ensure_future, argument) else {
        return false;
    };
    let name = text(argument, src);
    let scope_text: String = text(scope, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let added = [".add(", ".append("]
        .iter()
        .any(|method| scope_text.contains(&format!("{method}{name})")));
    added || binds_only_futures(scope, name, src)
}

/// Every binding of `name` in `scope` is `name = <...>.create_future()` or
/// `name = asyncio.Future()` (and there is one): any other binding, a parameter, a loop
/// variable, may hold a coroutine.
fn binds_only_futures(scope: Node, name: &str, src: &str) -> bool {
    let mut futures = 0;
    let mut other = false;
    crate::scan::syntax::walk(scope, |node| {
        if other {
            return false;
        }
        if node.kind() != "identifier" || text(node, src) != name {
            return true;
        }
        let Some(parent) = node.parent() else {
            return true;
        };
        let field = |f: &str| {
            parent
                .child_by_field_name(f)
                .is_some_and(|c| c.id() == node.id())
        };
        match parent.kind() {
            "assignment" if field("left") => {
                let value = parent.child_by_field_name("right").map(strip_parens);
                let callee = value
                    .filter(|v| v.kind() == "call")
                    .and_then(|v| v.child_by_field_name("function"))
                    .map_or("", |f| text(f, src));
                match callee.ends_with(".create_future")
                    || matches!(callee, "asyncio.Future" | "Future")
                {
                    true => futures += 1,
                    false => other = true,
                }
            }
            "augmented_assignment" | "for_statement" | "for_in_clause" | "named_expression"
                if field("left") || field("name") =>
            {
                other = true
            }
            "parameters"
            | "typed_parameter"
            | "default_parameter"
            | "typed_default_parameter"
            | "as_pattern_target"
            | "pattern_list"
            | "tuple_pattern"
            | "global_statement"
            | "nonlocal_statement"
            | "lambda_parameters" => other = true,
            _ => {}
        }
        true
    });
    futures > 0 && !other
}

/// The dropped task in this expression statement (or, for `callback-return`, this `return`
/// statement), if there is one.
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
    let site = |kind, call: Node<'t>| Dropped {
        kind,
        stmt,
        call: strip_parens(call),
        expr,
        target: None,
        unfixable: None,
        placement,
        factory: None,
    };
    let creates_task = |node: Node<'t>| {
        resolver.is_task_call(node, src) && !already_kept(node, placement.scope, src)
    };
    let shape = match stmt.kind() {
        "return_statement" => None,
        _ => classify_shape(expr, src, resolver, scopes, placement, &site),
    };
    let mut found = match shape {
        Some(found) => found,
        None => site(
            Kind::CallbackReturn,
            super::callback::callback_return(expr, src, &creates_task)?,
        ),
    };
    if found.kind == Kind::ThreadsafeHandoff {
        return Some(found);
    }
    if let Some(factory) = resolver.factory_of(found.call, src) {
        found.kind = Kind::FactoryResult;
        found.factory = Some(factory);
        if let Some(Decision::Task(Some(why))) = resolver.factory_decision(found.call, src) {
            found.unfixable = found.unfixable.or(Some(why));
        }
    }
    Some(found)
}

/// The dropped task's shape, before its callee is looked at.
fn classify_shape<'t, 's>(
    expr: Node<'t>,
    src: &'s str,
    resolver: &Resolver,
    scopes: &mut Scopes<'s>,
    placement: Placement<'t>,
    site: &dyn Fn(Kind, Node<'t>) -> Dropped<'t>,
) -> Option<Dropped<'t>> {
    let is_task = |node: Node| resolver.is_task_call(strip_parens(node), src);
    match expr.kind() {
        // `await spawn()` of an `async def` factory: the awaited result is the task.
        "await" => {
            let call = strip_parens(expr.named_child(0)?);
            if let Some(task) = super::wait::pending_task(call, src, resolver) {
                return Some(site(Kind::WaitPending, task));
            }
            let factory = resolver.factory_of(call, src)?;
            resolver.factories.refs[factory]
                .is_async
                .then(|| site(Kind::Bare, call))
        }
        "call" if is_task(expr) && already_kept(expr, placement.scope, src) => None,
        "call" if is_task(expr) => Some(site(Kind::Bare, expr)),
        "call" => {
            if let Some(handed) = super::handoff::handoff(expr, src, resolver) {
                let mut found = site(Kind::ThreadsafeHandoff, expr);
                found.factory = handed.factory;
                found.unfixable = handed.unfixable;
                return Some(found);
            }
            let function = expr.child_by_field_name("function")?;
            let object = function.child_by_field_name("object")?;
            let attribute = function.child_by_field_name("attribute")?;
            let object = strip_parens(object);
            (text(attribute, src) == "add_done_callback"
                && is_task(object)
                && !already_kept(object, placement.scope, src))
            .then(|| site(Kind::ChainedCallback, object))
        }
        "list_comprehension" | "set_comprehension" | "generator_expression" => {
            let body = expr.child_by_field_name("body")?;
            if !is_task(body) {
                return None;
            }
            let mut found = site(Kind::Comprehension, body);
            if expr.kind() == "generator_expression" {
                found.unfixable = Some("a generator expression statement is never iterated");
            }
            Some(found)
        }
        // `[create_task(x)]` as a statement drops the display, and the task in it.
        "conditional_expression" | "boolean_operator" | "list" | "set" | "tuple" => {
            let call = elements(expr).into_iter().find(|&c| is_task(c))?;
            let mut found = site(Kind::Bare, call);
            found.unfixable = Some(match expr.kind() {
                "list" | "set" | "tuple" => "the task is created inside a list, set or tuple",
                _ => "the task is created inside a conditional expression",
            });
            Some(found)
        }
        "assignment" => {
            let target = expr.child_by_field_name("left")?;
            let value = expr.child_by_field_name("right")?;
            // `_ = [create_task(x) for x in xs]`, the list never read: each task is dropped.
            let made = comprehension_body(value).filter(|&body| is_task(body));
            if target.kind() != "identifier" || !(is_task(value) || made.is_some()) {
                return None;
            }
            let scope = placement.scope;
            if scope.kind() == "class_definition" || (made.is_some() && scope.kind() == "module") {
                return None; // a class attribute keeps the task alive, a module's name the list
            }
            let name = text(target, src);
            let names = scopes.names(scope, src);
            let count =
                |map: &std::collections::HashMap<&str, u32>| map.get(name).copied().unwrap_or(0);
            let (reads, callbacks) = (count(&names.reads), count(&names.callback_reads));
            let kind = match (reads, callbacks) {
                (0, _) if made.is_some() => Kind::Comprehension,
                _ if made.is_some() => return None,
                (0, _) => Kind::UnusedAssignment,
                // Read only to register callbacks, and bound once: nothing else keeps it.
                (r, c) if r == c && count(&names.stores) == 1 => Kind::CallbackOnly,
                _ => return None,
            };
            // The frame, and the name in it, lives for good, or until the task is done.
            if super::frame::outlives(expr, src, &mut scopes.endless_loops)
                || (kind == Kind::CallbackOnly
                    && super::frame::waits_for_its_callback(expr, name, src))
            {
                return None;
            }
            let mut found = site(kind, made.unwrap_or(value));
            found.target = Some(target);
            found.unfixable = made.map(|_| "the tasks are assigned to a name that is never read");
            Some(found)
        }
        _ => None,
    }
}
