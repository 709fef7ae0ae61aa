//! The object a framework hands each of its hooks: aiohttp calls every function appended to
//! an application's `on_startup`, `on_shutdown`, `on_cleanup` or `cleanup_ctx` with that
//! application (the contract table's `AIOHTTP_APP_HOOKS`). A task a startup hook stores in its
//! parameter (`application["k"] = create_task(...)`) is the one a shutdown hook cancels
//! through its own parameter, or through the application's module name (`app["k"]`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Context;
use super::fate::Shutdown;
use super::shutdown::{Found, shutdown_of};
use crate::detect::task_site::TaskSite;
use crate::scan::contracts::AIOHTTP_APP_HOOKS;
use crate::scan::syntax::text;

/// How the site's holder, a hook's parameter, is shut down under the application's other
/// names in `scopes`, with the absolute offset.
pub(super) fn shutdown_through(
    site: &TaskSite,
    holder: &str,
    scopes: &[Range<usize>],
    context: &mut Context,
) -> (Shutdown, Option<usize>) {
    let mut found = Found::default();
    let src = context.source.text;
    let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
    let Some(name) = function.and_then(|f| f.child_by_field_name("name")) else {
        return found.shutdown();
    };
    // Only a function's first parameter can be the application a hook is handed.
    let first = (function.and_then(|f| f.child_by_field_name("parameters")))
        .and_then(|p| p.named_child(0))
        .map(|p| match p.kind() {
            "identifier" => p,
            _ => p.named_child(0).unwrap_or(p),
        });
    if first.is_none_or(|p| text(p, src) != holder) {
        return found.shutdown();
    }
    for other in application_names(holder, text(name, src), src) {
        for scope in scopes {
            let (shutdown, at) = shutdown_of(&other, context.facts(scope));
            found.add(shutdown, at.map(|at| scope.start + at));
        }
    }
    found.shutdown()
}

/// `app.on_startup.append(start)`: the application, the hook list, the function.
static APPENDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_](?-u:[\w.])*)[ \t]*\.[ \t]*((?-u:\w)+)[ \t]*\.[ \t]*append[ \t]*\([ \t]*([A-Za-z_](?-u:\w)*)[ \t]*\)")
        .expect("valid pattern")
});

/// The other names of the application when `holder` is the first parameter of `function`, a
/// function of the module `src` appended to an application's hooks: the application's own
/// name and the first parameter of each other function appended to its hooks.
pub(super) fn application_names(holder: &str, function: &str, src: &str) -> Vec<String> {
    let spelled = |hook: &&str| memchr::memmem::find(src.as_bytes(), hook.as_bytes()).is_some();
    if !AIOHTTP_APP_HOOKS.iter().any(spelled) {
        return Vec::new();
    }
    let hooks: Vec<(String, String)> = (APPENDED.captures_iter(src))
        .filter(|c| {
            c.get(2)
                .is_some_and(|h| AIOHTTP_APP_HOOKS.contains(&h.as_str()))
        })
        .filter_map(|c| Some((c.get(1)?.as_str().to_owned(), c.get(3)?.as_str().to_owned())))
        .collect();
    if hooks.is_empty() {
        return Vec::new();
    }
    let definitions = super::facts::definitions(src);
    let first = |name: &str| -> Option<String> {
        let start = *definitions.get(name)?;
        let def = src.get(start..super::names::function_end(src, start))?;
        let parameters = super::shutdown::parameters(def);
        (!super::shutdown::takes_self(def))
            .then(|| parameters.first().map(|(p, _)| (*p).to_owned()))
            .flatten()
    };
    let Some((application, _)) =
        (hooks.iter()).find(|(_, hook)| hook == function && first(hook).as_deref() == Some(holder))
    else {
        return Vec::new();
    };
    let mut names = vec![application.clone()];
    for (_, hook) in hooks.iter().filter(|(app, _)| app == application) {
        names.extend(first(hook));
    }
    names.sort();
    names.dedup();
    names.retain(|name| name != holder);
    names
}

#[cfg(test)]
mod tests {
    use super::application_names;

    #[test]
    fn the_hooks_of_one_application_share_its_object() {
        let src = "async def start(application):\n    application['k'] = create_task(f())\n\n\
                   async def stop(web_app):\n    web_app['k'].cancel()\n\n\
                   async def other(x):\n    pass\n\n\
                   app = web.Application()\napp.on_startup.append(start)\napp.on_shutdown.append(stop)\n\
                   other_app.on_shutdown.append(other)\n";
        assert_eq!(
            application_names("application", "start", src),
            ["app", "web_app"]
        );
        // Not the hook's parameter, or not a hook.
        assert!(application_names("k", "start", src).is_empty());
        assert!(application_names("x", "other2", src).is_empty());
    }
}
