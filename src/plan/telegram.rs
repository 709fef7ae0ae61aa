//! python-telegram-bot's own keeper, chosen by itself where a running `Application` is in
//! scope (the table `FRAMEWORK_KEEPERS`): `Application.create_task(coroutine, update=None, *,
//! name=None)` (PTB 20.0; `name=` in 20.4) keeps the task in a set until it is done and
//! `stop()` awaits it, but only while the application runs (before `start()`, in `post_init`
//! say, it warns and keeps nothing). So only an application a handler is given: the
//! `context.application` of a handler's `context: ContextTypes.DEFAULT_TYPE` (or
//! `CallbackContext`), a local bound to it, or a parameter annotated `Application` of a
//! function the file does not register as a `post_init`, `post_stop` or `post_shutdown` hook
//! (issue 36's nineteenth exam, claude-tg-bot: the maintainers handed three tasks to
//! `application.create_task`). Only where the project allows no python-telegram-bot older
//! than 20.0 (`pins.rs`).

use tree_sitter::Node;

use super::framework::{Binding, call, coroutine_call, local, parameter};
use super::keeper::Keeper;
use crate::detect::Dropped;
use crate::scan::contracts::{FRAMEWORK_KEEPERS, Release};
use crate::scan::pinned::{Pins, Side};
use crate::scan::syntax::{enclosing_function, statements, text};

/// The names code gives the application (PTB's examples say `application`, many bots `app`).
const APPLICATIONS: [&str; 2] = ["application", "app"];
/// The application's hooks that run while it does not (`ApplicationBuilder.post_init(...)`).
const HOOKS: [&str; 3] = ["post_init", "post_stop", "post_shutdown"];

/// The oldest python-telegram-bot the project allows, as far as the keeper needs: `20.4` (it
/// takes `name=`), `20.0`, else `None` (older allowed, or nothing known).
pub(super) fn release(pins: Pins) -> Option<Release> {
    match (pins.telegram, pins.telegram_name) {
        (_, Some(Side::Since)) => Some(Release(20, 4)),
        (Some(Side::Since), _) => Some(Release(20, 0)),
        _ => None,
    }
}

/// The application's `create_task` for this site, if a running application is in scope.
pub(super) fn keeper(
    site: &Dropped,
    src: &str,
    release: Option<Release>,
    quote: char,
) -> Option<Keeper> {
    coroutine_call(site)?;
    let keeper = (FRAMEWORK_KEEPERS.iter())
        .find(|k| k.framework == "python-telegram-bot" && k.automatic)
        .filter(|k| crate::scan::contracts::has_keeper(k, release))?;
    let application = application_in_scope(site, src)?;
    call(keeper, &application, site, src, (release, quote))
}

/// How the running application is spelled at the site, as above: from the site's function
/// out to the functions around it.
fn application_in_scope(site: &Dropped, src: &str) -> Option<String> {
    let mut scope = Some(site.placement.scope).filter(|s| s.kind() == "function_definition");
    let mut before = site.stmt.start_byte();
    let module = text(site_root(site.stmt), src);
    while let Some(function) = scope {
        for name in APPLICATIONS {
            match parameter(function, src, name) {
                Some(Some(annotation))
                    if is_application(annotation) && !hook(function, src, module) =>
                {
                    return Some(name.to_owned());
                }
                Some(_) => return None, // another `application`: not known to run
                None => {}
            }
            match local(function, src, name, before) {
                Binding::Once if bound_to_context(function, src, name) => {
                    return Some(name.to_owned());
                }
                Binding::None => {}
                _ => return None,
            }
        }
        if let Some(context) = context_parameter(function, src) {
            return Some(format!("{context}.application"));
        }
        before = function.start_byte();
        scope = enclosing_function(function, &["class_definition"]);
    }
    None
}

/// `Application`, `telegram.ext.Application`, `"Application"`, `Application[...]`.
fn is_application(annotation: &str) -> bool {
    let plain = annotation.trim_matches(|c| c == '"' || c == '\'');
    let plain = plain.split('[').next().unwrap_or(plain).trim();
    plain == "Application" || plain.ends_with(".Application")
}

/// Whether the file registers the function as a hook that runs while the application does not.
fn hook(function: Node, src: &str, module: &str) -> bool {
    let Some(name) = function.child_by_field_name("name").map(|n| text(n, src)) else {
        return true;
    };
    let compact: String = module.split_whitespace().collect();
    HOOKS.iter().any(|hook| {
        compact.contains(&format!("{hook}({name})")) || compact.contains(&format!("{hook}={name}"))
    })
}

/// A handler's context parameter: annotated `ContextTypes.DEFAULT_TYPE` or `CallbackContext`.
fn context_parameter<'s>(function: Node, src: &'s str) -> Option<&'s str> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let mut parameters = parameters.named_children(&mut cursor);
    parameters.find_map(|p| {
        let name = p.named_child(0).filter(|n| n.kind() == "identifier")?;
        let annotation = p.child_by_field_name("type").map(|t| text(t, src))?;
        let context = annotation.contains("ContextTypes.DEFAULT_TYPE")
            || annotation.split('[').next().is_some_and(|a| {
                a.trim_matches(|c| c == '"' || c == '\'')
                    .trim()
                    .ends_with("CallbackContext")
            });
        (p.kind() == "typed_parameter" && context).then(|| text(name, src))
    })
}

/// `application = context.application`, with `context` the function's handler context.
fn bound_to_context(function: Node, src: &str, name: &str) -> bool {
    let Some(context) = context_parameter(function, src) else {
        return false;
    };
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    statements(body).into_iter().any(|stmt| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment");
        let left = assignment.and_then(|a| a.child_by_field_name("left"));
        let right = assignment.and_then(|a| a.child_by_field_name("right"));
        left.is_some_and(|l| text(l, src) == name)
            && right.is_some_and(|r| text(r, src) == format!("{context}.application"))
    })
}

fn site_root(node: Node) -> Node {
    let mut root = node;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    root
}
