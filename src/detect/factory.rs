//! The task factories a file defines, read off its task sites (the index of them all is
//! [`crate::project::factories`]).

use std::collections::HashSet;
use std::sync::Arc;

use tree_sitter::Node;

use super::task_site::{Creator, Reference, TaskSite};
use crate::project::factories::Factory;
use crate::project::self_stores::{Coroutine, coroutine_of};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{enclosing_function, strip_parens, text};

/// The factories among a file's task sites: each function whose returned task nothing else keeps,
/// at module level or a method of a module-level class.
pub fn defined(sites: &[TaskSite], source: &SourceFile) -> Vec<Factory> {
    let src = source.text;
    let mut found: Vec<Factory> = Vec::new();
    for site in sites {
        let returned = site.factory_return.is_some() || site.reference == Reference::Returned;
        if !returned || site.creator != Creator::Task {
            continue;
        }
        let (class, function) = match site.enclosing.as_slice() {
            [function] if function.kind() == "function_definition" => (None, *function),
            [class, function]
                if class.kind() == "class_definition"
                    && function.kind() == "function_definition" =>
            {
                (Some(*class), *function)
            }
            _ => continue,
        };
        let name = |n: Node| {
            n.child_by_field_name("name")
                .map(|n| text(n, src).to_owned())
        };
        let (Some(function_name), class_name) = (name(function), class.and_then(name)) else {
            continue;
        };
        if class.is_some() && class_name.is_none() {
            continue;
        }
        let is_async = function.child(0).is_some_and(|c| c.kind() == "async");
        // A task on some paths only: a factory for the calls that select them; a module
        // function that returns `None` on the others, a factory whose result may be `None`.
        let (returns, or_none) = match returns_tasks_only(function, sites, src) {
            true => (None, false),
            false => match super::returns::summary(function, sites, class.is_some(), src) {
                Some(returns) => (Some(Arc::new(returns)), false),
                None if class.is_none()
                    && !is_async
                    && returns_task_or_none(function, sites, src) =>
                {
                    (None, true)
                }
                None => continue,
            },
        };
        let factory = Factory {
            function: function_name,
            class: class_name,
            is_async,
            line: source.line_col(function.start_byte()).0,
            returns,
            or_none,
            coroutine: one_coroutine(function, sites, src),
            stores_itself: None,
            hands_on: class
                .is_none()
                .then(|| hands_on(function, sites, src))
                .flatten(),
        };
        if !found.contains(&factory) {
            found.push(factory);
        }
    }
    found
}

/// The coroutine that every task `function` returns runs, when they all run the same one (see
/// [`crate::project::self_stores`]).
fn one_coroutine(function: Node, sites: &[TaskSite], src: &str) -> Option<Coroutine> {
    let mut returned = sites.iter().filter(|s| {
        s.enclosing.last() == Some(&function)
            && (s.factory_return.is_some() || s.reference == Reference::Returned)
    });
    let first = coroutine_of(returned.next()?.call, Some(function), src)?;
    returned
        .all(|s| coroutine_of(s.call, Some(function), src).as_ref() == Some(&first))
        .then_some(first)
}

/// The position of the parameter whose coroutine every task `function` returns runs, handed
/// as it is to asyncio's own creator (`task = asyncio.create_task(coro); ...; return task`): a
/// positional parameter that nothing in the function binds again. A caller's coroutine that
/// never suspends then makes a task that finishes in its first step
/// (`detect/first_step_across.rs`).
fn hands_on(function: Node, sites: &[TaskSite], src: &str) -> Option<usize> {
    use crate::scan::params::{ParamKind, parameters};
    let params = parameters(function);
    let returned = sites.iter().filter(|s| {
        s.enclosing.last() == Some(&function)
            && (s.factory_return.is_some() || s.reference == Reference::Returned)
    });
    let mut position = None;
    for site in returned {
        if !site.takes_the_coroutine(src) {
            return None;
        }
        let arguments = site.call.child_by_field_name("arguments")?;
        let argument = strip_parens(crate::scan::syntax::first_element(arguments)?);
        if argument.kind() != "identifier" {
            return None;
        }
        let name = text(argument, src);
        let at = (params.iter()).position(|p| p.name.is_some_and(|n| text(n, src) == name))?;
        let positional = |p: &crate::scan::params::Parameter| {
            matches!(p.kind, ParamKind::Either | ParamKind::PositionalOnly)
        };
        if !params[..=at].iter().all(positional)
            || super::scope::bindings_of(function, name, src).len() != 1
            || position.is_some_and(|p| p != at)
        {
            return None;
        }
        position = Some(at);
    }
    position
}

/// Every way out of `function` returns the task of one of its task sites (see [`always_returns_task`]).
fn returns_tasks_only(function: Node, sites: &[TaskSite], src: &str) -> bool {
    let (returns, bindings) = task_exits(function, sites);
    always_returns_task(function, &returns, &bindings, src)
}

/// Every way out of `function` returns the task of one of its task sites or `None` (`return`,
/// `return None`, or its end): `loop.create_task(coro)` in a `try` whose `except RuntimeError`
/// returns `None` when no loop runs. Any other value (a `Thread`, a parameter) makes it no
/// factory: a fix keeps what it returns only where that is a task.
fn returns_task_or_none(function: Node, sites: &[TaskSite], src: &str) -> bool {
    let (returns, bindings) = task_exits(function, sites);
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let none = |stmt: Node| {
        (stmt.named_child(0).map(strip_parens)).is_none_or(|v| v.kind() == "none")
            && stmt.named_child_count() <= 1
    };
    let mut every = !returns.is_empty() || !bindings.is_empty();
    own_nodes(body, &mut |node| {
        every &= match node.kind() {
            "yield" | "await" => false,
            "return_statement" => {
                returns.contains(&node) || returns_bound_task(node, &bindings, src) || none(node)
            }
            _ => true,
        };
    });
    every
}

/// The `return <call>` statements and `name = <call>` assignments of `function`'s own task
/// sites: the ways out that give one of its tasks.
fn task_exits<'t>(function: Node<'t>, sites: &[TaskSite<'t>]) -> (Vec<Node<'t>>, Vec<Node<'t>>) {
    let (mut returns, mut bindings) = (Vec::new(), Vec::new());
    let in_function = |site: &&TaskSite| site.enclosing.last() == Some(&function);
    for site in sites.iter().filter(in_function) {
        match site.factory_return {
            Some(_) if site.creator != Creator::Task => {}
            Some(stmt) if stmt.kind() == "return_statement" => returns.push(stmt),
            Some(stmt) => bindings.extend(stmt.named_child(0)),
            None => {}
        }
    }
    (returns, bindings)
}

/// The statements that return a task of one of the `wanted` factories (qualified names): where
/// `fix` keeps the task.
pub fn returns_of<'t>(
    sites: &[TaskSite<'t>],
    wanted: &HashSet<String>,
    source: &SourceFile,
) -> Vec<(Node<'t>, Node<'t>)> {
    let defined_here = defined(sites, source);
    let src = source.text;
    sites
        .iter()
        .filter_map(|site| {
            let stmt = site.factory_return?;
            let function = site.enclosing.last()?;
            let name = function.child_by_field_name("name").map(|n| text(n, src))?;
            let factory = defined_here.iter().find(|f| {
                f.function == name && f.line == source.line_col(function.start_byte()).0
            })?;
            wanted
                .contains(&factory.qualified())
                .then_some((stmt, site.call))
        })
        .collect()
}

// Whether every way out of a function returns a task it created: what makes it a task factory.
//
// `def spawn(f): return create_task(f()) if iscoroutinefunction(f) else start_thread(f)` hands
// back a `Thread` for a plain function, and `async def subscribe(s, *, wait=True)` that returns
// a task only when `wait` is false returns `None` otherwise. A caller that drops their result may
// drop no task at all, and a fix that keeps it would call `add_done_callback` on a `Thread`. So
// a function is a factory only when each `return` gives one of its task sites' tasks (the call
// itself, or a local bound only to one), and its body cannot run off its end (an implicit
// `return None`), nor yield.

/// Every way out of `function` (a `function_definition`) returns a task: each `return` statement
/// is one of `returns` (the `return <call>` statements of its task sites), or `return name`
/// where every binding of `name` in the function is one of `bindings` (`name = <call>`).
pub fn always_returns_task(function: Node, returns: &[Node], bindings: &[Node], src: &str) -> bool {
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let mut every = true;
    own_nodes(body, &mut |node| {
        every &= match node.kind() {
            "yield" => false,
            "return_statement" => {
                returns.contains(&node) || returns_bound_task(node, bindings, src)
            }
            _ => true,
        };
    });
    every && ends_in_exit(body)
}

/// `return name` where `name` is bound only by the `bindings` (assignments of a task site),
/// never a parameter or any other binding in the function.
fn returns_bound_task(stmt: Node, bindings: &[Node], src: &str) -> bool {
    let Some(value) = stmt.named_child(0).map(strip_parens) else {
        return false;
    };
    if value.kind() != "identifier" || stmt.named_child_count() != 1 {
        return false;
    }
    let name = text(value, src);
    let Some(function) = enclosing_function(stmt, &[]) else {
        return false;
    };
    let ours = |assignment: &Node| {
        assignment
            .child_by_field_name("left")
            .is_some_and(|left| left.kind() == "identifier" && text(left, src) == name)
    };
    if !bindings.iter().any(ours) {
        return false;
    }
    if function
        .child_by_field_name("parameters")
        .is_some_and(|p| super::imports::spells(p, name, src))
    {
        return false;
    }
    let mut only_ours = true;
    let body = function.child_by_field_name("body");
    own_nodes(body.unwrap_or(function), &mut |node| {
        only_ours &= match super::imports::binds(node, name, src) {
            Some(assignment) => bindings.contains(&assignment) && ours(&assignment),
            None => true,
        };
    });
    only_ours
}

/// Visits the nodes of a function's body that run in its own frame: not those of nested
/// functions, lambdas or classes.
fn own_nodes<'t>(root: Node<'t>, visit: &mut impl FnMut(Node<'t>)) {
    crate::scan::syntax::walk(root, |n| {
        visit(n);
        !matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
}

/// The block cannot run off its end: its last statement returns or raises, or is an `if` with
/// an `else` whose every branch does, a `try` whose body and handlers do, a `with` whose body
/// does, or a `while True:` with no `break`.
fn ends_in_exit(block: Node) -> bool {
    let mut cursor = block.walk();
    let last = block
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .last();
    let Some(last) = last else {
        return false;
    };
    let body_exits = |n: Node| n.child_by_field_name("body").is_some_and(ends_in_exit);
    match last.kind() {
        "return_statement" | "raise_statement" => true,
        "if_statement" => {
            let mut cursor = last.walk();
            let alternatives: Vec<Node> = last
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            let consequence = last.child_by_field_name("consequence");
            alternatives.iter().any(|a| a.kind() == "else_clause")
                && consequence.is_some_and(ends_in_exit)
                && alternatives.iter().all(|a| {
                    let body = a
                        .child_by_field_name("body")
                        .or_else(|| a.child_by_field_name("consequence"));
                    body.is_some_and(ends_in_exit)
                })
        }
        "try_statement" => {
            let mut cursor = last.walk();
            let handlers: Vec<Node> = last
                .named_children(&mut cursor)
                .filter(|c| matches!(c.kind(), "except_clause" | "except_group_clause"))
                .collect();
            let has_else = {
                let mut cursor = last.walk();
                last.named_children(&mut cursor)
                    .any(|c| c.kind() == "else_clause")
            };
            !has_else
                && body_exits(last)
                && handlers
                    .iter()
                    .all(|h| last_block(*h).is_some_and(ends_in_exit))
        }
        "with_statement" => body_exits(last),
        "while_statement" => {
            let condition = last.child_by_field_name("condition");
            let forever = condition.is_some_and(|c| c.kind() == "true");
            forever && !breaks_out(last)
        }
        _ => false,
    }
}

/// The block of an `except` clause (its last named child).
fn last_block(clause: Node) -> Option<Node> {
    let mut cursor = clause.walk();
    clause
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "block")
        .last()
}

/// A `break` of this loop (not of a loop inside it).
fn breaks_out(loop_stmt: Node) -> bool {
    let mut found = false;
    let Some(body) = loop_stmt.child_by_field_name("body") else {
        return false;
    };
    crate::scan::syntax::walk(body, |n| {
        found |= n.kind() == "break_statement";
        !found
            && !matches!(
                n.kind(),
                "for_statement"
                    | "while_statement"
                    | "function_definition"
                    | "lambda"
                    | "class_definition"
            )
    });
    found
}

#[cfg(test)]
mod tests {
    use super::always_returns_task;
    use crate::scan::syntax::{new_parser, walk};
    use tree_sitter::Node;

    /// Whether the file's one function returns a task on every path, taking each
    /// `return create_task(…)` and each `name = create_task(…)` as a task site's.
    fn factory(src: &str) -> bool {
        let tree = new_parser().parse(src, None).unwrap();
        let (mut function, mut returns, mut bindings) = (None, Vec::new(), Vec::new());
        walk(tree.root_node(), |n: Node| {
            let spelled = n.utf8_text(src.as_bytes()).unwrap_or("");
            match n.kind() {
                "function_definition" if function.is_none() => function = Some(n),
                // `return create_task(…)`, the call itself the value (as a site's return is).
                "return_statement"
                    if spelled.starts_with("return create_task(")
                        && n.named_child(0).is_some_and(|v| v.kind() == "call") =>
                {
                    returns.push(n)
                }
                "assignment" if spelled.contains("= create_task(") => bindings.push(n),
                _ => {}
            }
            true
        });
        always_returns_task(function.unwrap(), &returns, &bindings, src)
    }

    #[test]
    fn a_task_on_every_path_makes_a_factory() {
        for src in [
            "def f(c):\n    return create_task(c)\n",
            "def f(c):\n    t = create_task(c)\n    return t\n",
            "def f(c, ok):\n    if not ok:\n        raise ValueError(ok)\n    return create_task(c)\n",
            "def f(c, ok):\n    if ok:\n        return create_task(c)\n    else:\n        return create_task(c)\n",
            "def f(c):\n    try:\n        return create_task(c)\n    except RuntimeError:\n        raise\n",
            "def f(c):\n    def g():\n        return 1\n    return create_task(c)\n",
            "def f(c):\n    with lock:\n        return create_task(c)\n",
        ] {
            assert!(factory(src), "{src}");
        }
    }

    #[test]
    fn another_value_on_some_path_makes_none() {
        for src in [
            "def f(c):\n    return create_task(c) if c else start_thread(c)\n",
            "async def f(c, *, wait=True):\n    if not wait:\n        return create_task(c)\n    await c\n",
            "def f(c, ok):\n    if ok:\n        return create_task(c)\n    return None\n",
            "def f(c, ok):\n    if ok:\n        return create_task(c)\n",
            "def f(c):\n    try:\n        return create_task(c)\n    except RuntimeError:\n        log()\n",
            "def f(c, t=None):\n    if c:\n        t = create_task(c)\n    return t\n",
            "def f(c, ok):\n    t = create_task(c)\n    if ok:\n        t = other()\n    return t\n",
            "def f(c):\n    t = create_task(c)\n    yield\n    return t\n",
            "def f(c):\n    while True:\n        if c:\n            break\n        return create_task(c)\n",
            "def f(c):\n    return\n",
        ] {
            assert!(!factory(src), "{src}");
        }
    }
}
