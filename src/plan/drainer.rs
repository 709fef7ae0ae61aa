//! The function drained shutdown hooks call: the project's own cancel-and-wait helper when the
//! module has one, else `_drain_tasks`, written once per module.
//!
//! `_drain_tasks` cancels the tasks, waits for them, and looks at the set again (a cancelled task
//! may start another, a late request may add one) until it is empty, all under one deadline
//! (`drain-timeout`). It cancels each task once: a task that catches its cancellation to finish
//! a write is waited for, not cancelled again mid-write. At the deadline it logs the tasks still
//! running (their repr names the task and its coroutine) with the module's logger and returns,
//! so that one stubborn task cannot hold shutdown forever. It runs on Python 3.6+ (no
//! `asyncio.timeout`, no walrus): `asyncio.wait` with a timeout taken from `loop.time()`.

use tree_sitter::Node;

use super::annotation::Form;
use super::model::ModulePlan;
use super::wrap::{self, docstring, fit};
use crate::scan::syntax::{statements, text, walk};

/// The name `_drain_tasks` takes (made unique in the module).
pub const DRAIN_NAME: &str = "_drain_tasks";

/// How `_drain_tasks` is spelled: the module's asyncio, the sets' element type and the form of
/// annotations, and the logger.
pub struct DrainSpelling<'a> {
    pub asyncio: &'a str,
    pub element: &'a str,
    /// The set's class: `set`, or `Set` below Python 3.9.
    pub set: &'a str,
    pub form: Form,
    pub logger: &'a str,
}

/// The lines of `async def <name>(tasks, timeout=<drain-timeout>)`.
pub fn lines(module: &ModulePlan, name: &str, spelling: &DrainSpelling, unit: &str) -> Vec<String> {
    let settings = module.settings;
    let (limit, q) = (settings.line_length, module.quote);
    let DrainSpelling {
        asyncio, logger, ..
    } = *spelling;
    let set = format!("{}[{}]", spelling.set, spelling.element);
    let annotated = match spelling.form {
        Form::Plain => set,
        _ => format!("{q}{set}{q}"),
    };
    let parameters = [
        format!("tasks: {annotated}"),
        format!("timeout: float = {}", settings.drain_timeout),
    ];
    let mut lines = signature(name, &parameters, unit, limit);
    lines.extend(docstring(
        unit,
        "Cancel the tasks, then wait for them and for tasks added meanwhile, up to `timeout` s.",
        (
            "Cancel the tasks, then wait for them and for tasks added meanwhile.",
            "After `timeout` seconds, log the tasks still running and return.",
        ),
        limit,
        settings.summary_on_second_line,
    ));
    // `get_running_loop` is 3.7+; in a coroutine `get_event_loop` is the running loop.
    let get_loop = match settings.min_python.at_least(3, 7) {
        true => "get_running_loop",
        false => "get_event_loop",
    };
    let u2 = unit.repeat(2);
    let u3 = unit.repeat(3);
    let pending = "pending = [task for task in tasks if not task.done()]";
    let body = [
        (unit, format!("loop = {asyncio}.{get_loop}()")),
        (unit, "deadline = loop.time() + timeout".to_owned()),
        (unit, "for task in tasks:".to_owned()),
        (&u2, "task.cancel()".to_owned()),
        (unit, "cancelled = set(tasks)".to_owned()),
        (unit, pending.to_owned()),
        (unit, "while pending and loop.time() < deadline:".to_owned()),
        (
            &u2,
            format!("await {asyncio}.wait(pending, timeout=deadline - loop.time())"),
        ),
        // Started meanwhile: by a task being cancelled, or by a late request.
        (&u2, "for task in tasks - cancelled:".to_owned()),
        (&u3, "task.cancel()".to_owned()),
        (&u3, "cancelled.add(task)".to_owned()),
        (&u2, pending.to_owned()),
        (unit, "if pending:".to_owned()),
        (
            &u2,
            format!(
                "{logger}.warning({q}Still running after the %ss shutdown drain: %r{q}, timeout, pending)"
            ),
        ),
    ];
    let eol = module.source.eol;
    let comma = settings.trailing_comma_rule;
    lines.extend(body.into_iter().map(|(indent, code)| {
        format!("{indent}{}", fit(&code, indent, (unit, eol, comma), limit))
    }));
    lines
}

/// `async def name(parameters) -> None:` as ruff's formatter lays it out: on one line, else the
/// parameters on one line of their own, else one a line with a trailing comma.
fn signature(name: &str, parameters: &[String], unit: &str, limit: usize) -> Vec<String> {
    let joined = parameters.join(", ");
    let one_line = format!("async def {name}({joined}) -> None:");
    if wrap::fits_at(&one_line, "", limit) {
        return vec![one_line];
    }
    let mut lines = vec![format!("async def {name}(")];
    if wrap::fits_at(&joined, unit, limit) {
        lines.push(format!("{unit}{joined}"));
    } else {
        lines.extend(parameters.iter().map(|p| format!("{unit}{p},")));
    }
    lines.push(") -> None:".to_owned());
    lines
}

/// The module's own cancel-and-wait helper: a top-level `async def f(tasks, ...)` (any further
/// parameter has a default) that cancels each element of `tasks` in a `for` loop or
/// comprehension and awaits a `gather` or `wait`. `_drain_tasks` from an earlier run is one.
pub fn project_helper(root: Node, src: &str) -> Option<String> {
    statements(root).into_iter().find_map(|stmt| {
        let def = match stmt.kind() {
            "decorated_definition" => stmt.child_by_field_name("definition")?,
            _ => stmt,
        };
        let is_async = def.kind() == "function_definition" && text(def, src).starts_with("async");
        let name = text(def.child_by_field_name("name")?, src);
        (is_async && drains_argument(def, src)).then(|| name.to_owned())
    })
}

fn drains_argument(def: Node, src: &str) -> bool {
    let (Some(parameters), Some(body)) = (
        def.child_by_field_name("parameters"),
        def.child_by_field_name("body"),
    ) else {
        return false;
    };
    let mut cursor = parameters.walk();
    let all: Vec<Node> = parameters.named_children(&mut cursor).collect();
    let Some((first, rest)) = all.split_first() else {
        return false;
    };
    let argument = match first.kind() {
        "identifier" => text(*first, src),
        "typed_parameter" => first.named_child(0).map_or("", |n| text(n, src)),
        _ => return false,
    };
    // The helper is called with the set alone: nothing else may be required.
    let optional = [
        "default_parameter",
        "typed_default_parameter",
        "list_splat_pattern",
        "dictionary_splat_pattern",
        "keyword_separator",
    ];
    if argument.is_empty() || !rest.iter().all(|p| optional.contains(&p.kind())) {
        return false;
    }
    let compact: String = text(body, src).split_whitespace().collect();
    if !compact.contains("await") || !(compact.contains("gather(") || compact.contains("wait(")) {
        return false;
    }
    let mut cancels = false;
    walk(body, |node| {
        let is_loop = matches!(node.kind(), "for_statement" | "for_in_clause");
        let over_argument = || {
            node.child_by_field_name("right")
                .is_some_and(|r| text(r, src) == argument)
        };
        if !cancels && is_loop && over_argument() {
            let element = node
                .child_by_field_name("left")
                .map_or("", |l| text(l, src));
            cancels = !element.is_empty() && compact.contains(&format!("{element}.cancel()"));
        }
        !cancels
    });
    cancels
}

#[cfg(test)]
mod tests {
    use super::project_helper;
    use crate::scan::syntax::{new_parser, parse};

    fn helper_of(text: &str) -> Option<String> {
        let tree = parse(&mut new_parser(), text, None).expect("a tree");
        project_helper(tree.root_node(), text)
    }

    #[test]
    fn the_projects_cancel_and_wait_helper_is_found() {
        let gather = "async def stop_all(tasks, *, quiet=True):\n    for t in tasks:\n        \
                      t.cancel()\n    await asyncio.gather(*tasks, return_exceptions=quiet)\n";
        assert_eq!(helper_of(gather).as_deref(), Some("stop_all"));
        let comprehension = "@traced\nasync def cancel_all(jobs: set[Task]) -> None:\n    \
                             [j.cancel() for j in jobs]\n    await asyncio.wait(jobs)\n";
        assert_eq!(helper_of(comprehension).as_deref(), Some("cancel_all"));
    }

    #[test]
    fn near_misses_are_not_helpers() {
        for text in [
            // Not async: it cannot be awaited.
            "def stop_all(tasks):\n    for t in tasks:\n        t.cancel()\n    gather(*tasks)\n",
            // A second parameter the hook would have to pass.
            "async def stop_all(tasks, loop):\n    for t in tasks:\n        t.cancel()\n    \
             await asyncio.gather(*tasks)\n",
            // Cancels but never waits.
            "async def stop_all(tasks):\n    for t in tasks:\n        t.cancel()\n",
            // Waits for its argument but cancels something else.
            "async def stop_all(tasks):\n    for t in others:\n        t.cancel()\n    \
             await asyncio.gather(*tasks)\n",
            // A method, not a module function.
            "class C:\n    async def stop_all(self, tasks):\n        for t in tasks:\n            \
             t.cancel()\n        await asyncio.gather(*tasks)\n",
        ] {
            assert_eq!(helper_of(text), None, "{text}");
        }
    }
}
