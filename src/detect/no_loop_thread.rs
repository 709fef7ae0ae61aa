//! A creator that needs the thread's own event loop, called by a plain `def` that runs on a
//! thread of its own, makes no task: no loop runs (or is set) in that thread, so the creator
//! raises `RuntimeError` before any task exists (the contract table's `NO_LOOP_IN_THREAD`).
//! The statement drops nothing, whatever ruff's RUF006 says; the audit names the bug (the work
//! never runs).
//!
//! The thread is proved by the checked code or a library's contract, never by a name alone:
//! - a nested `def` (or a `_`-private one of the module or a class) whose one other mention in
//!   the file is `threading.Thread(target=f)` (`target=self._f`): `Thread.run` calls it
//!   directly, with no loop running;
//! - a watchdog handler's `dispatch` or `on_*` method (a class deriving from watchdog's
//!   `FileSystemEventHandler` or its subclasses, in a file that imports watchdog), which the
//!   observer calls on its own thread.
//!
//! A function that sets or runs a loop itself (`set_event_loop`, `new_event_loop`,
//! `run_until_complete`, `run_forever`) or holds a `yield` proves nothing; nor does a creator
//! handed a loop (`loop.create_task`, `run_coroutine_threadsafe(c, self.loop)`): that loop
//! runs in another thread and makes the task.

use tree_sitter::Node;

use super::task_site::{Creator, NeverRuns, TaskSite};
use super::verdict::Verdict;
use crate::scan::contracts::{
    NO_LOOP_IN_THREAD, WATCHDOG_HANDLERS, WATCHDOG_METHODS, WATCHDOG_THREAD,
};
use crate::scan::syntax::{enclosing_function, strip_parens, text, walk};

/// The creators that need the calling thread's loop, as written (whitespace aside).
const NEEDS_THE_THREADS_LOOP: [&str; 4] = [
    "asyncio.create_task",
    "asyncio.ensure_future",
    "asyncio.get_running_loop().create_task",
    "asyncio.get_event_loop().create_task",
];

/// The loop arguments of `run_coroutine_threadsafe` that are the calling thread's.
const THE_THREADS_LOOP: [&str; 2] = ["asyncio.get_event_loop()", "asyncio.get_running_loop()"];

/// What a function that makes its own loop in the thread spells.
const OWN_LOOP: [&str; 4] = [
    "set_event_loop",
    "new_event_loop",
    "run_until_complete",
    "run_forever",
];

/// Marks the dropped sites whose creator raises in a thread with no loop.
pub fn mark(src: &str, sites: &mut [TaskSite]) {
    // Nearly every file starts no thread and handles no watchdog event: one search each.
    let bytes = src.as_bytes();
    let threads = memchr::memmem::find(bytes, b"Thread").is_some();
    let watchdog = memchr::memmem::find(bytes, b"watchdog").is_some();
    if !threads && !watchdog {
        return;
    }
    for site in sites.iter_mut() {
        if !site.verdict.dropped_by_asyncio() {
            continue;
        }
        let Some(creator) = thread_loop_creator(site, src) else {
            continue;
        };
        let Some(function) = enclosing_function(site.call, &["lambda", "generator_expression"])
        else {
            continue;
        };
        if !plain_and_loopless(function, src) {
            continue;
        }
        let Some(thread) = (threads.then(|| thread_target(function, src)).flatten())
            .or_else(|| watchdog.then(|| watchdog_handler(function, src)).flatten())
        else {
            continue;
        };
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "never made: {thread}; {NO_LOOP_IN_THREAD}: `{creator}` raises there and no \
                 task is made"
            )),
        };
        site.never_runs = Some(NeverRuns::NoLoopInThread);
    }
}

/// The site's creator as written, when it needs the calling thread's loop.
fn thread_loop_creator<'s>(site: &TaskSite, src: &'s str) -> Option<&'s str> {
    let function = site.call.child_by_field_name("function")?;
    let spelled = text(function, src);
    let plain: String = spelled.chars().filter(|c| !c.is_whitespace()).collect();
    let arguments = site.call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let args: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() != "comment")
        .collect();
    let keyword = |a: &Node, name: &str| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
    };
    match site.creator {
        Creator::Task if NEEDS_THE_THREADS_LOOP.contains(&plain.as_str()) => {
            // `ensure_future(c, loop=l)` uses the loop it is handed.
            (!args.iter().any(|a| keyword(a, "loop"))).then_some(spelled)
        }
        Creator::Threadsafe if plain == "asyncio.run_coroutine_threadsafe" => {
            let the_loop = match args.get(1) {
                Some(a) if keyword(a, "loop") => a.child_by_field_name("value")?,
                Some(a) if a.kind() != "keyword_argument" => *a,
                _ => return None,
            };
            let loop_text: String = text(strip_parens(the_loop), src)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            THE_THREADS_LOOP
                .contains(&loop_text.as_str())
                .then_some(spelled)
        }
        _ => None,
    }
}

/// A plain `def`, no generator, that neither sets nor runs a loop of its own.
fn plain_and_loopless(function: Node, src: &str) -> bool {
    let mut cursor = function.walk();
    if function.children(&mut cursor).any(|c| c.kind() == "async") {
        return false;
    }
    let body = text(function, src);
    !OWN_LOOP.iter().any(|w| body.contains(w)) && !body.contains("yield")
}

/// `def f` whose one other mention in its scope is `Thread(target=f)`: what proves it runs
/// on that thread, in words.
fn thread_target(function: Node, src: &str) -> Option<String> {
    let name = text(function.child_by_field_name("name")?, src);
    let parent = function.parent()?;
    // A decorator may hand back anything.
    if parent.kind() != "block" {
        return None;
    }
    // The scope that binds the name: a `try` or an `if` around the `def` binds it there too.
    let mut owner = parent.parent()?;
    while !matches!(
        owner.kind(),
        "function_definition" | "class_definition" | "module"
    ) {
        owner = owner.parent()?;
    }
    let (scope, target) = match owner.kind() {
        "function_definition" => (owner, name.to_owned()),
        // Another module or a subclass may call a public one: only private names.
        "class_definition" if name.starts_with('_') => (owner, format!("self.{name}")),
        "module" if name.starts_with('_') => (owner, name.to_owned()),
        _ => return None,
    };
    // The one other mention, in the whole file: the tree may hold only part of it.
    if mentions(src, name) != 2 {
        return None;
    }
    let mut call_line = None;
    walk(scope, |node| {
        if call_line.is_some() {
            return false;
        }
        if node.kind() == "call" && is_thread_with_target(node, &target, src) {
            call_line = Some(node.start_position().row + 1);
        }
        true
    });
    call_line.map(|line| {
        format!(
            "`{name}` is the target of the `threading.Thread` at line {line}, and the code \
             mentions it nowhere else: `Thread.run` calls it on its own thread"
        )
    })
}

/// `threading.Thread(..., target=<target>, ...)` (or `Thread(...)`).
fn is_thread_with_target(call: Node, target: &str, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    if !matches!(text(function, src), "threading.Thread" | "Thread") {
        return false;
    }
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).any(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name")
                .is_some_and(|n| text(n, src) == "target")
            && a.child_by_field_name("value")
                .is_some_and(|v| text(strip_parens(v), src) == target)
    })
}

/// How often `name` is written as a whole word in `src`.
fn mentions(src: &str, name: &str) -> usize {
    let bytes = src.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    memchr::memmem::find_iter(bytes, name.as_bytes())
        .filter(|&at| {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(at + name.len());
            !before.is_some_and(|&b| word(b)) && !after.is_some_and(|&b| word(b))
        })
        .count()
}

/// A watchdog handler method the observer calls on its thread: what proves it, in words.
fn watchdog_handler(function: Node, src: &str) -> Option<String> {
    let name = text(function.child_by_field_name("name")?, src);
    if !WATCHDOG_METHODS.contains(&name) {
        return None;
    }
    let block = function.parent().filter(|p| p.kind() == "block")?;
    let class = block.parent().filter(|c| c.kind() == "class_definition")?;
    let bases = class.child_by_field_name("superclasses")?;
    let mut cursor = bases.walk();
    let base = bases.named_children(&mut cursor).find_map(|b| {
        let spelled = text(b, src);
        let last = spelled.rsplit('.').next().unwrap_or(spelled);
        WATCHDOG_HANDLERS.contains(&last).then_some(spelled)
    })?;
    let class_name = text(class.child_by_field_name("name")?, src);
    Some(format!(
        "`{class_name}.{name}` is a handler of watchdog's `{base}`; {WATCHDOG_THREAD}"
    ))
}
