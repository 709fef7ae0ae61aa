//! Keepers that take a coroutine (`def spawn(coro): t = asyncio.create_task(coro); ...`): which
//! sites can call one instead of creating the task themselves, and the statement that does.
//!
//! `asyncio.create_task(work(), name="w")` becomes `spawn(work(), name="w")`: the keeper is
//! called with the same arguments, so only where it accepts them, where the coroutine is surely
//! a coroutine (`ensure_future` also takes futures, which `create_task` refuses), where the task
//! is made on the running loop as the keeper makes it, and where the site does not need the task
//! back from a keeper that does not return it.

use tree_sitter::Node;

use crate::detect::{Dropped, Shape, Spawn};
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::syntax::text;

pub use crate::project::keepers::Keywords;

/// Whether the site can be fixed by calling a coroutine-taking keeper with its arguments.
pub fn spawnable(site: &Dropped, src: &str, keywords: &Keywords, returns: bool) -> bool {
    let needs_no_task = site.kind.rule().spawn == Spawn::Always;
    let gets_the_task = returns && site.kind.rule().spawn == Spawn::IfItReturns;
    (needs_no_task || gets_the_task) && creates_on_running_loop(site, src) && {
        let Some(arguments) = site.call.child_by_field_name("arguments") else {
            return false;
        };
        arguments_fit(arguments, src, keywords, ensure_future(site, src))
    }
}

/// The statement with the task function replaced by the keeper: `spawn(work())`.
pub fn spawned_statement(site: &Dropped, src: &str, keeper: &str) -> String {
    let stmt = site.stmt.byte_range();
    match site.call.child_by_field_name("function") {
        Some(function) => format!(
            "{}{keeper}{}",
            &src[stmt.start..function.start_byte()],
            &src[function.end_byte()..stmt.end]
        ),
        None => src[stmt].to_owned(),
    }
}

/// The statement with the task function replaced by a framework's keeper, and what it needs
/// around the arguments: `hass.async_create_background_task(work(), "work")`.
pub fn framework_statement(site: &Dropped, src: &str, keeper: (&str, &str, &str)) -> String {
    let (function, before, after) = keeper;
    let stmt = site.stmt.byte_range();
    let parts = site
        .call
        .child_by_field_name("function")
        .zip(site.call.child_by_field_name("arguments"));
    let Some((callee, arguments)) = parts else {
        return src[stmt].to_owned();
    };
    let (open, close) = (
        arguments.start_byte() + 1,
        arguments.end_byte().saturating_sub(1),
    );
    let inner = src.get(open..close).unwrap_or_default();
    let trimmed = inner.trim_end();
    format!(
        "{}{function}({before}{trimmed}{after}{}){}",
        &src[stmt.start..callee.start_byte()],
        &inner[trimmed.len()..],
        &src[arguments.end_byte()..stmt.end]
    )
}

fn ensure_future(site: &Dropped, src: &str) -> bool {
    task_function(site, src).is_some_and(|(_, name)| name == "ensure_future")
}

/// `asyncio.create_task`, `create_task` (imported) or `<loop>.create_task`: the receiver, if
/// any, and the function's name.
fn task_function<'s>(site: &Dropped, src: &'s str) -> Option<(Option<&'s str>, &'s str)> {
    let function = site.call.child_by_field_name("function")?;
    let (object, name) = match function.kind() {
        "attribute" => (
            Some(text(function.child_by_field_name("object")?, src)),
            text(function.child_by_field_name("attribute")?, src),
        ),
        "identifier" => (None, text(function, src)),
        _ => return None,
    };
    TASK_FUNCTIONS.contains(&name).then_some((object, name))
}

/// The keeper creates its task on the running loop: so does `asyncio.create_task`; a loop's own
/// `create_task` is the running loop's only inside a coroutine (or a callback the loop runs).
fn creates_on_running_loop(site: &Dropped, src: &str) -> bool {
    match task_function(site, src) {
        None => false,
        Some((None | Some("asyncio"), _)) => true,
        Some((Some(_), "create_task")) => {
            site.shape() == Shape::Lambda || is_coroutine_function(site.placement.scope, src)
        }
        Some(_) => false,
    }
}

fn is_coroutine_function(scope: Node, src: &str) -> bool {
    scope.kind() == "function_definition" && scope.child(0).is_some_and(|c| text(c, src) == "async")
}

/// One positional argument (a coroutine call, for `ensure_future`), and keywords the keeper
/// takes.
fn arguments_fit(arguments: Node, src: &str, keywords: &Keywords, ensure_future: bool) -> bool {
    let mut cursor = arguments.walk();
    let mut args = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment");
    let Some(first) = args.next() else {
        return false;
    };
    let positional = !matches!(
        first.kind(),
        "keyword_argument" | "list_splat" | "dictionary_splat"
    );
    let coroutine = !ensure_future || first.kind() == "call";
    positional
        && coroutine
        && args.all(|a| {
            let name = a.child_by_field_name("name").map(|n| text(n, src));
            match (a.kind(), keywords) {
                ("keyword_argument", Keywords::Any) => true,
                ("keyword_argument", Keywords::Named(names)) => {
                    name.is_some_and(|n| names.iter().any(|k| k == n))
                }
                _ => false,
            }
        })
}
