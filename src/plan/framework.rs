//! A framework's own keeper, chosen by itself where its object is in scope (the table
//! `FRAMEWORK_KEEPERS`): in a file that imports Home Assistant, a dropped task where `hass` is
//! in scope (a parameter, also of an enclosing function, a local, or `self.hass`) is handed to
//! Home Assistant, which tracks it: `hass.async_create_task(work())` for one-off work, and for a
//! coroutine that runs a loop `entry.async_create_background_task(hass, work(), "work")` where a
//! config entry is in scope, else `hass.async_create_background_task(work(), "work")`. Only a
//! method the project's oldest declared Home Assistant has; only a call of a coroutine function
//! whose body is in the file (these take no task, and a loop never goes to `async_create_task`,
//! which startup and `async_block_till_done` wait for).

use tree_sitter::Node;

use super::keeper::Keeper;
use super::mechanism::{definition, enclosing_method};
use super::objects::{bound_in_init, init_of};
use super::spawn::{Keywords, spawnable};
use crate::detect::Dropped;
use crate::scan::contracts::{FRAMEWORK_KEEPERS, FrameworkKeeper, Release, has_keeper};
use crate::scan::syntax::{enclosing_function, statements, text, walk};

const HOME_ASSISTANT: &str = "homeassistant";

/// Whether the module imports Home Assistant (anywhere: under `if TYPE_CHECKING:` too).
pub(super) fn imports_home_assistant(root: Node, src: &str) -> bool {
    imports(root, src, HOME_ASSISTANT)
}

/// Whether the module imports `package` or a module of it (anywhere).
pub(super) fn imports(root: Node, src: &str, package: &str) -> bool {
    if !src.contains(package) {
        return false;
    }
    let mut found = false;
    walk(root, |node| {
        let modules = match node.kind() {
            "import_from_statement" => node
                .child_by_field_name("module_name")
                .into_iter()
                .collect(),
            "import_statement" => {
                let mut cursor = node.walk();
                node.children_by_field_name("name", &mut cursor).collect()
            }
            _ => Vec::new(),
        };
        found |= modules.into_iter().any(|m| {
            let name = text(m, src);
            name == package
                || name
                    .strip_prefix(package)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        !found && !matches!(node.kind(), "import_from_statement" | "import_statement")
    });
    found
}

/// The Home Assistant keeper for this site, if `hass` is in scope and the project's oldest Home
/// Assistant (`release`) has the method it needs.
pub(super) fn keeper(
    site: &Dropped,
    src: &str,
    release: Option<Release>,
    quote: char,
) -> Option<Keeper> {
    let coroutine = coroutine_call(site)?;
    let hass = hass_in_scope(site, src)?;
    let table = |object: &str, method: &str| {
        FRAMEWORK_KEEPERS
            .iter()
            .find(|k| k.automatic && k.method == method && k.objects.contains(&object))
            .filter(|k| has_keeper(k, release))
    };
    let (keeper, object) = match runs_a_loop(coroutine, site, src)? {
        false => (table("hass", "async_create_task")?, hass),
        true => match (
            entry_in_scope(site, src),
            table("entry", "async_create_background_task"),
        ) {
            (Some(entry), Some(keeper)) => (keeper, entry),
            _ => (table("hass", "async_create_background_task")?, hass),
        },
    };
    call(keeper, &object, site, src, (release, quote))
}

/// `<object>.<method>(...)` for this site, passing what the keeper needs besides the coroutine
/// (`hass` first, a task name), if the site passes a coroutine call and nothing the keeper
/// does not take, and whatever it needs is in scope.
pub(super) fn call(
    keeper: &FrameworkKeeper,
    object: &str,
    site: &Dropped,
    src: &str,
    (release, quote): (Option<Release>, char),
) -> Option<Keeper> {
    let coroutine = coroutine_call(site)?;
    let arguments = site.call.child_by_field_name("arguments")?;
    let before = match keeper.before.contains(&"hass") {
        true => format!("{}, ", hass_in_scope(site, src)?),
        false => String::new(),
    };
    let takes_name = !keeper.after.is_empty()
        || (keeper.name_keyword_since).is_some_and(|since| release.is_some_and(|r| r >= since));
    let keywords = match takes_name {
        true => Keywords::Named(vec!["name".to_owned()]),
        false => Keywords::None,
    };
    if !spawnable(site, src, &keywords, true) {
        return None;
    }
    let after = match keeper.after.contains(&"name") && !keyword(arguments, src, "name") {
        // A trailing comma would need the name after it: left to the strategy.
        _ if text(arguments, src)
            .trim_end_matches(')')
            .trim_end()
            .ends_with(',') =>
        {
            return None;
        }
        true => format!(", {quote}{}{quote}", task_name(coroutine, src)?),
        false => String::new(),
    };
    Some(Keeper::Framework {
        function: format!("{object}.{}", keeper.method),
        before,
        after,
    })
}

/// How the object `name` is spelled at the site, if it is in scope there: Home Assistant's
/// `hass` and config entry as [`keeper`] finds them, any other name as a parameter or a local
/// (of the site's function or one enclosing it).
pub(super) fn object_in_scope(site: &Dropped, src: &str, name: &str) -> Option<String> {
    match name {
        "hass" => hass_in_scope(site, src),
        "entry" | "config_entry" => entry_in_scope(site, src),
        _ => name_in_scope(site, src, name).then(|| name.to_owned()),
    }
}

/// The site's first argument, a call: what the keepers here take (never a task or a name).
pub(super) fn coroutine_call<'t>(site: &Dropped<'t>) -> Option<Node<'t>> {
    let arguments = site.call.child_by_field_name("arguments")?;
    arguments.named_child(0).filter(|a| a.kind() == "call")
}

/// Whether `name` is a parameter of the site's function or one enclosing it, or a local bound
/// once there before the site.
fn name_in_scope(site: &Dropped, src: &str, name: &str) -> bool {
    let mut scope = Some(site.placement.scope).filter(|s| s.kind() == "function_definition");
    let mut before = site.stmt.start_byte();
    while let Some(function) = scope {
        if parameter(function, src, name).is_some() {
            return true;
        }
        match local(function, src, name, before) {
            Binding::Once => return true,
            Binding::Unclear => return false,
            Binding::None => {}
        }
        before = function.start_byte();
        scope = enclosing_function(function, &["class_definition"]);
    }
    false
}

/// How `hass` is spelled at the site: the receiver of `hass.loop.create_task`, a parameter (of
/// the site's function or one enclosing it) or a local of one, else `self.hass` in a method of a
/// class whose `__init__` binds it or whose method uses it already.
fn hass_in_scope(site: &Dropped, src: &str) -> Option<String> {
    let function = site.call.child_by_field_name("function")?;
    if let Some(object) = function.child_by_field_name("object")
        && let Some(receiver) = text(object, src).strip_suffix(".loop")
        && (receiver == "hass" || receiver.ends_with(".hass"))
    {
        return Some(receiver.to_owned());
    }
    let mut scope = Some(site.placement.scope).filter(|s| s.kind() == "function_definition");
    let mut before = site.stmt.start_byte();
    while let Some(function) = scope {
        match parameter(function, src, "hass") {
            Some(None) => return Some("hass".to_owned()),
            Some(Some(annotation)) => {
                return annotation
                    .contains("HomeAssistant")
                    .then(|| "hass".to_owned());
            }
            None => {}
        }
        match local(function, src, "hass", before) {
            Binding::Once => return Some("hass".to_owned()),
            Binding::Unclear => return None,
            Binding::None => {}
        }
        before = function.start_byte();
        scope = enclosing_function(function, &["class_definition"]);
    }
    let (class, receiver) = enclosing_method(site, src)?;
    let spelled = format!("{receiver}.hass");
    let body = site.placement.scope.child_by_field_name("body")?;
    let used = text(body, src).match_indices(&spelled).any(|(at, _)| {
        let next = text(body, src)[at + spelled.len()..].chars().next();
        !next.is_some_and(|c| c == '_' || c.is_alphanumeric())
    });
    (used || bound_in_init(class, "hass", site, src)).then_some(spelled)
}

/// A config entry at the site: a parameter `entry` or `config_entry` annotated as a
/// `ConfigEntry` (or the entry of `async_setup_entry(hass, entry)`), or `self.entry` /
/// `self.config_entry` that `__init__` binds to such a parameter. A YAML integration's `config`
/// is a plain dict: never taken.
fn entry_in_scope(site: &Dropped, src: &str) -> Option<String> {
    const NAMES: [&str; 2] = ["entry", "config_entry"];
    let mut scope = Some(site.placement.scope).filter(|s| s.kind() == "function_definition");
    while let Some(function) = scope {
        let setup = function
            .child_by_field_name("name")
            .is_some_and(|n| text(n, src) == "async_setup_entry");
        for name in NAMES {
            match parameter(function, src, name) {
                Some(Some(annotation)) if annotation.contains("ConfigEntry") => {
                    return Some(name.to_owned());
                }
                Some(None) if setup => return Some(name.to_owned()),
                _ => {}
            }
        }
        scope = enclosing_function(function, &["class_definition"]);
    }
    let (class, receiver) = enclosing_method(site, src)?;
    let init = init_of(class, src)?;
    let assignments: Vec<String> = (init.child_by_field_name("body").map(statements))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|stmt| stmt.named_child(0).filter(|n| n.kind() == "assignment"))
        .map(|a| text(a, src).split_whitespace().collect())
        .collect();
    NAMES.iter().find_map(|name| {
        let annotated =
            matches!(parameter(init, src, name), Some(Some(a)) if a.contains("ConfigEntry"));
        let bound = assignments.contains(&format!("{receiver}.{name}={name}"));
        (annotated && bound && bound_in_init(class, name, site, src))
            .then(|| format!("{receiver}.{name}"))
    })
}

/// `Some(annotation)` when the function has a parameter `name`.
pub(super) fn parameter<'s>(function: Node, src: &'s str, name: &str) -> Option<Option<&'s str>> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let found = parameters.named_children(&mut cursor).find_map(|p| {
        let (own, annotation) = match p.kind() {
            "identifier" => (Some(p), None),
            "typed_parameter" => (p.named_child(0), p.child_by_field_name("type")),
            "default_parameter" => (p.child_by_field_name("name"), None),
            "typed_default_parameter" => {
                (p.child_by_field_name("name"), p.child_by_field_name("type"))
            }
            _ => (None, None),
        };
        let own = own.filter(|n| n.kind() == "identifier" && text(*n, src) == name)?;
        Some((own, annotation.map(|a| text(a, src))))
    });
    found.map(|(_, annotation)| annotation)
}

pub(super) enum Binding {
    None,
    /// One plain assignment among the function's own statements, before `before`.
    Once,
    /// Bound some other way, or more than once: what it holds is not known.
    Unclear,
}

/// How the function's body binds `name` (in its nested functions too, to keep it simple).
pub(super) fn local(function: Node, src: &str, name: &str, before: usize) -> Binding {
    let Some(body) = function.child_by_field_name("body") else {
        return Binding::None;
    };
    let code = text(body, src);
    let word = |at: usize| {
        let prev = code[..at].chars().next_back();
        let next = code[at + name.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c == '_' || c.is_alphanumeric() || c == '.');
        !part(prev) && !next.is_some_and(|c| c == '_' || c.is_alphanumeric())
    };
    let binds = code
        .match_indices(name)
        .filter(|(at, _)| word(*at))
        .filter(|(at, _)| {
            let rest = code[at + name.len()..].trim_start();
            let head = code[..*at].trim_end();
            (rest.starts_with('=') && !rest.starts_with("=="))
                || rest.starts_with(":=")
                || (rest.starts_with(',') && !head.ends_with('(') && !head.ends_with(','))
                || head.ends_with(" as")
                || head.ends_with("for")
                || head.ends_with("global")
                || head.ends_with("nonlocal")
                || head.ends_with("del")
        });
    match binds.count() {
        0 => Binding::None,
        1 => {
            let plain = statements(body).into_iter().any(|stmt| {
                let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment");
                let left = assignment.and_then(|a| a.child_by_field_name("left"));
                left.is_some_and(|l| l.kind() == "identifier" && text(l, src) == name)
                    && stmt.end_byte() <= before
            });
            match plain {
                true => Binding::Once,
                false => Binding::Unclear,
            }
        }
        _ => Binding::Unclear,
    }
}

/// Whether the call is of a coroutine function of this file (of the site's scopes or the
/// module, or a method of the site's class) that runs a loop: a `while` or an `async for` of its
/// own (a long-running task), or not (one-off work); `None` when its body is not here to read
/// (a library's `client.run()` may run until shutdown, which startup must not wait for).
fn runs_a_loop(call: Node, site: &Dropped, src: &str) -> Option<bool> {
    let callee = call.child_by_field_name("function")?;
    let name = text(callee, src);
    let definition = match callee.kind() {
        "identifier" => {
            let mut scope =
                Some(site.placement.scope).filter(|s| s.kind() == "function_definition");
            let mut found = None;
            while let (Some(function), None) = (scope, found) {
                found = function
                    .child_by_field_name("body")
                    .and_then(|b| defined(b, src, name));
                scope = enclosing_function(function, &["class_definition"]);
            }
            found.or_else(|| defined(site_module(site), src, name))
        }
        "attribute" => {
            let (class, receiver) = enclosing_method(site, src)?;
            let method = name
                .strip_prefix(receiver)
                .and_then(|m| m.strip_prefix('.'));
            let body = class.child_by_field_name("body");
            method.zip(body).and_then(|(m, b)| defined(b, src, m))
        }
        _ => None,
    };
    let def = definition.filter(|d| d.child(0).is_some_and(|c| text(c, src) == "async"))?;
    let body = def.child_by_field_name("body")?;
    let mut loops = false;
    walk(body, |node| {
        let async_for = node.kind() == "for_statement"
            && node.child(0).is_some_and(|c| text(c, src) == "async");
        loops |= node.kind() == "while_statement" || async_for;
        // Not into nested functions and classes: their loops are not this coroutine's.
        !loops
            && !matches!(
                node.kind(),
                "function_definition" | "class_definition" | "lambda"
            )
    });
    Some(loops)
}

fn site_module<'t>(site: &Dropped<'t>) -> Node<'t> {
    let mut node = site.placement.top_level;
    while let Some(parent) = node.parent() {
        node = parent;
    }
    node
}

/// The function `name` defined directly in `block`.
fn defined<'t>(block: Node<'t>, src: &str, name: &str) -> Option<Node<'t>> {
    let found: Vec<Node> = statements(block)
        .into_iter()
        .map(definition)
        .filter(|d| d.kind() == "function_definition")
        .filter(|d| {
            d.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
        })
        .collect();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Whether the call passes `name=`.
fn keyword(arguments: Node, src: &str, name: &str) -> bool {
    let mut cursor = arguments.walk();
    let mut arguments = arguments.named_children(&mut cursor);
    arguments.any(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
    })
}

/// The background task's name: its coroutine function's, without the leading underscores
/// (`self._listen()` → `"listen"`).
pub(super) fn task_name(coroutine: Node, src: &str) -> Option<String> {
    let callee = text(coroutine.child_by_field_name("function")?, src);
    let last = callee.rsplit('.').next()?.trim_start_matches('_');
    let plain = !last.is_empty() && last.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    plain.then(|| last.to_owned())
}
