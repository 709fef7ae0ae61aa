//! A task made on a loop that never runs is never lost to the collector, and never runs: its
//! first step waits in the loop's ready queue (`loop.call_soon`, see [`super::first_step`]),
//! which holds the task, for a run of the loop that never comes. `undangle fix` cures nothing
//! there: `check` is silent, and the audit says the task's work is lost.
//!
//! Proved only for a script: a site at module level under `if __name__ == "__main__":` (so no
//! importer runs the loop afterwards), made on `asyncio.get_event_loop()`'s loop (inline, or a
//! module name bound once to it that is read nowhere but as the receiver of the loop's own
//! methods, its runs all before the site, in no function), with every statement after it, to
//! the end of the module, neither calling anything (any call may run the loop: a context
//! manager's exit, a helper, a property) nor spelled in a `with`, a loop or a `try`, but the
//! last one, which may be a call the contract table says runs a new loop of its own
//! (`asyncio.run(main())`, `web.run_app(app)` without `loop=`, `uvicorn.run(app)`), its
//! arguments calling only coroutine functions of the module. A file that spells `atexit` may
//! run the loop as Python exits: no proof. A function whose last statement is such a run is
//! not proved: a caller in a coroutine (outside the checked code, perhaps) runs it while the
//! loop runs, and the task is made on that running loop.

use tree_sitter::Node;

use super::facts::Facts;
use super::scope::{Binding, binding};
use super::suspends::is_plain_coroutine;
use super::task_site::{Creator, NeverRuns, Reference, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::new_loop_run;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{root_of, strip_parens, text, walk};

/// The loop methods a name bound to the loop may be read by: none hands the loop elsewhere.
const OWN_METHODS: [&str; 7] = [
    "create_task",
    "run_until_complete",
    "run_forever",
    "close",
    "stop",
    "is_running",
    "is_closed",
];

/// Marks the dropped module-level sites of a script whose loop never runs after them.
pub fn mark(source: &SourceFile, facts: &Facts, sites: &mut [TaskSite]) {
    let src = source.text;
    let bytes = src.as_bytes();
    let candidate = |site: &TaskSite| {
        site.creator == Creator::Task
            && site.enclosing.is_empty()
            && matches!(&site.verdict, Verdict::Dropped(d) if d.as_ref().is_none_or(|d| d.factory.is_none()))
    };
    // Nearly every file has no dropped site at module level, or fails one of these searches.
    let finder = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    if !sites.iter().any(candidate)
        || !finder(b"__main__")
        || !finder(b"get_event_loop")
        || finder(b"atexit")
    {
        return;
    }
    for site in sites.iter_mut() {
        if !candidate(site) {
            continue;
        }
        let Some(why) = never_run_after(site, src, facts) else {
            continue;
        };
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "asyncio: made on `get_event_loop()`'s loop, which never runs after this line \
                 ({why}): the loop's ready queue holds the task, which never takes a step"
            )),
        };
        site.reference = Reference::Passed;
        site.never_runs = Some(NeverRuns::IdleLoop);
    }
}

/// Why the loop the site's task is made on never runs again, if the script proves it.
fn never_run_after(site: &TaskSite, src: &str, facts: &Facts) -> Option<String> {
    let function = strip_parens(site.call.child_by_field_name("function")?);
    if function.kind() != "attribute"
        || function
            .child_by_field_name("attribute")
            .is_none_or(|a| text(a, src) != "create_task")
    {
        return None;
    }
    let receiver = strip_parens(function.child_by_field_name("object")?);
    let root = root_of(site.call);
    let tail = tail_after(site.statement, src)?;
    let is_loop = if is_get_event_loop(receiver, src, facts) {
        true
    } else {
        receiver.kind() == "identifier"
            && loop_kept_to_itself(root, text(receiver, src), site.statement, src, facts)
    };
    if !is_loop {
        return None;
    }
    let Some((&last, before)) = tail.split_last() else {
        return Some("the script ends here".to_owned());
    };
    if !before.iter().all(|s| is_inert(*s)) {
        return None;
    }
    if is_inert(last) {
        return Some("the script ends here".to_owned());
    }
    let why = runs_a_new_loop(last, root, src, facts)?;
    Some(format!("the script ends in {why}"))
}

/// The statements that run after `statement`, in order, to the end of the module: the ones
/// after it in its block, and after each `if` around it. `None` when it is not a script's
/// statement: not under `if __name__ == "__main__":`, or in a loop, a `with` or a `try`.
fn tail_after<'t>(statement: Node<'t>, src: &str) -> Option<Vec<Node<'t>>> {
    let mut tail = Vec::new();
    let mut node = statement;
    let mut guarded = false;
    loop {
        let parent = node.parent()?;
        match parent.kind() {
            "module" | "block" => {
                let mut next = node.next_named_sibling();
                while let Some(n) = next {
                    if n.kind() != "comment" {
                        tail.push(n);
                    }
                    next = n.next_named_sibling();
                }
                if parent.kind() == "module" {
                    return guarded.then_some(tail);
                }
            }
            // Only its own block runs as a script: an `else` of the guard runs on import.
            "if_statement" => {
                guarded |= parent.child_by_field_name("consequence") == Some(node)
                    && is_main_guard(parent, src);
            }
            // Another branch of the `if` does not run after this one.
            "elif_clause" | "else_clause" | "expression_statement" => {}
            _ => return None,
        }
        node = parent;
    }
}

/// `if __name__ == "__main__":` (either way round).
fn is_main_guard(statement: Node, src: &str) -> bool {
    let Some(condition) = statement.child_by_field_name("condition") else {
        return false;
    };
    let condition = strip_parens(condition);
    if condition.kind() != "comparison_operator" || condition.named_child_count() != 2 {
        return false;
    }
    let spelled: Vec<&str> = (0..2)
        .filter_map(|i| condition.named_child(i))
        .map(|n| text(n, src))
        .collect();
    let main = |s: &str| s == "\"__main__\"" || s == "'__main__'";
    text(condition, src).contains("==")
        && ((spelled[0] == "__name__" && main(spelled[1]))
            || (main(spelled[0]) && spelled[1] == "__name__"))
}

/// A statement that runs no code of anyone's: `pass`, a string, a comment.
fn is_inert(statement: Node) -> bool {
    match statement.kind() {
        "pass_statement" | "comment" => true,
        "expression_statement" => statement
            .named_child(0)
            .is_some_and(|e| e.kind() == "string" && !has_call(e)),
        _ => false,
    }
}

fn has_call(node: Node) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= n.kind() == "call";
        !found
    });
    found
}

/// `asyncio.get_event_loop()` (or `get_event_loop()` imported from asyncio).
fn is_get_event_loop(node: Node, src: &str, facts: &Facts) -> bool {
    if node.kind() != "call"
        || node
            .child_by_field_name("arguments")
            .is_none_or(|a| a.named_child_count() != 0)
    {
        return false;
    }
    let Some(function) = node.child_by_field_name("function") else {
        return false;
    };
    match function.kind() {
        "attribute" => {
            function
                .child_by_field_name("attribute")
                .is_some_and(|a| text(a, src) == "get_event_loop")
                && function
                    .child_by_field_name("object")
                    .is_some_and(|o| facts.names.modules.contains(text(o, src)))
        }
        "identifier" => {
            text(function, src) == "get_event_loop" && imports_from_asyncio(src, "get_event_loop")
        }
        _ => false,
    }
}

/// Whether the file spells `from asyncio import ... name`.
fn imports_from_asyncio(src: &str, name: &str) -> bool {
    src.lines().any(|line| {
        let line = line.trim();
        line.starts_with("from asyncio import")
            && line["from asyncio import".len()..]
                .split([',', '(', ')', ' '])
                .any(|n| n == name)
    })
}

/// Whether `name` is the module's one binding of `get_event_loop()`'s loop, read nowhere but
/// at module level as the receiver of [`OWN_METHODS`], its runs all before `site`.
fn loop_kept_to_itself(root: Node, name: &str, site: Node, src: &str, facts: &Facts) -> bool {
    let mut bindings = 0;
    let mut fine = true;
    crate::scan::syntax::walk_with_ancestors(root, |node, ancestors, _| {
        if !fine {
            return false;
        }
        if node.kind() != "identifier" || text(node, src) != name {
            return true;
        }
        // A function, a class or a lambda may run later, or hand the loop on.
        if ancestors.iter().any(|a| {
            matches!(
                a.kind(),
                "function_definition" | "class_definition" | "lambda"
            )
        }) {
            fine = false;
            return false;
        }
        let Some(parent) = ancestors.last().copied() else {
            fine = false;
            return false;
        };
        match parent.kind() {
            "assignment"
                if parent.child_by_field_name("left") == Some(node)
                    && parent
                        .child_by_field_name("right")
                        .is_some_and(|r| is_get_event_loop(strip_parens(r), src, facts))
                    && node.end_byte() < site.start_byte() =>
            {
                bindings += 1;
            }
            "attribute" if parent.child_by_field_name("object") == Some(node) => {
                let method = parent
                    .child_by_field_name("attribute")
                    .map_or("", |a| text(a, src));
                let called = parent.parent().is_some_and(|c| {
                    c.kind() == "call" && c.child_by_field_name("function") == Some(parent)
                });
                let runs = matches!(method, "run_until_complete" | "run_forever");
                fine = called
                    && OWN_METHODS.contains(&method)
                    && (!runs || node.end_byte() < site.start_byte());
            }
            _ => fine = false,
        }
        false
    });
    fine && bindings == 1
}

/// The new loop the statement runs, as the contract table says: a call of a function it lists,
/// without the keyword that hands it a loop, whose arguments call only coroutine functions of
/// the module (a coroutine function's call runs none of its body).
fn runs_a_new_loop(statement: Node, root: Node, src: &str, facts: &Facts) -> Option<String> {
    if statement.kind() != "expression_statement" {
        return None;
    }
    let call = strip_parens(statement.named_child(0)?);
    if call.kind() != "call" {
        return None;
    }
    let function = strip_parens(call.child_by_field_name("function")?);
    let qualified = qualify(function, root, src, facts)?;
    let run = new_loop_run(&qualified)?;
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            // `**options` may hold the loop to run.
            "dictionary_splat" | "list_splat" => return None,
            "keyword_argument" => {
                let key = argument
                    .child_by_field_name("name")
                    .map_or("", |n| text(n, src));
                if run.unless.contains(&key) {
                    return None;
                }
            }
            _ => {}
        }
        if !calls_only_coroutines(argument, root, src) {
            return None;
        }
    }
    Some(format!("`{}`: {}", text(function, src), run.why))
}

/// Whether every call in `node` is of a name the module binds once to a plain `async def`.
fn calls_only_coroutines(node: Node, root: Node, src: &str) -> bool {
    let mut fine = true;
    walk(node, |n| {
        if n.kind() == "lambda" {
            return false;
        }
        if n.kind() == "call" {
            fine &= n
                .child_by_field_name("function")
                .map(strip_parens)
                .filter(|f| f.kind() == "identifier")
                .is_some_and(|f| {
                    matches!(binding(root, text(f, src), src),
                        Binding::Definition(d) if is_plain_coroutine(d, src))
                });
        }
        fine
    });
    fine
}

/// The qualified name of a called function, through the module's imports: `web.run_app` after
/// `from aiohttp import web` is `aiohttp.web.run_app`.
fn qualify(function: Node, root: Node, src: &str, facts: &Facts) -> Option<String> {
    let spelled: String = text(function, src).split_whitespace().collect();
    let (head, rest) = match spelled.split_once('.') {
        Some((head, rest)) => (head.to_owned(), Some(rest.to_owned())),
        None => (spelled.clone(), None),
    };
    if facts.names.modules.contains(head.as_str()) {
        return Some(match rest {
            Some(rest) => format!("asyncio.{rest}"),
            None => "asyncio".to_owned(),
        });
    }
    let module = imported_as(root, &head, src)?;
    Some(match rest {
        Some(rest) => format!("{module}.{rest}"),
        None => module,
    })
}

/// What a module-level import binds `name` to: `aiohttp.web` for `from aiohttp import web`,
/// `uvicorn` for `import uvicorn`. `None` when no import, or more than one binding, binds it.
fn imported_as(root: Node, name: &str, src: &str) -> Option<String> {
    let mut found = None;
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let (from, names) = match statement.kind() {
            "import_statement" => (None, statement),
            "import_from_statement" => (
                Some(text(statement.child_by_field_name("module_name")?, src)),
                statement,
            ),
            _ => continue,
        };
        let mut inner = names.walk();
        for imported in names.children_by_field_name("name", &mut inner) {
            let (dotted, alias) = crate::scan::syntax::split_alias(imported, src);
            let bound = alias.unwrap_or_else(|| match from {
                Some(_) => dotted,
                None => dotted.split('.').next().unwrap_or(dotted),
            });
            if bound != name {
                continue;
            }
            let qualified = match (from, alias) {
                (Some(module), _) => format!("{module}.{dotted}"),
                (None, Some(_)) => dotted.to_owned(),
                (None, None) => bound.to_owned(),
            };
            if found.replace(qualified).is_some() {
                return None;
            }
        }
    }
    // An import inside the guard, a function or a class may bind it anew.
    match binding(root, name, src) {
        Binding::Other | Binding::None => found,
        Binding::Definition(_) => None,
    }
}
