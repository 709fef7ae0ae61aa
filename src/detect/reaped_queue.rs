//! A queue the class's own loop reaps its tasks from (issue 36's twenty-third exam,
//! ComputeHorde: `self.tasks_to_reap = asyncio.Queue()` in `__init__`, filled with
//! `await self.tasks_to_reap.put(task)`, drained by `reap_tasks`, whose loop takes each task with
//! `await self.tasks_to_reap.get()` and awaits it). The queue holds each task until the loop
//! takes it, and the loop's local holds it while it awaits it: the class keeps its tasks there.
//! The audit says so of a task put there, and the fix puts there the tasks the class drops.
//!
//! One rule for both: `self.<q>` is bound once in the file, in `__init__`, to asyncio's `Queue()`
//! (`LifoQueue`, `PriorityQueue`: the same `put`), as [`super::bound_once`] reads it; every
//! `put` and `put_nowait` of it in the class is given a task (a task function's call, or a local
//! bound to one) or `None` (a stop sentinel), one at least a task; every `get` takes an item in
//! a loop, `<v> = await self.<q>.get()`, that awaits `<v>`, cancels it or gathers it; and the
//! class uses it in no other way than these and the queue's counters (`qsize`, `task_done`). A
//! queue of jobs, one nothing drains, one whose items are only read, taken with `get_nowait` or
//! handed elsewhere, is none.

use std::collections::HashMap;

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::bound_once::instance_value;
use super::handed::handed_in;
use super::task_site::{Reference, TaskSite};
use super::verdict::Verdict;
use crate::project::handler::Arg;
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::params::{first_parameter, method_of};
use crate::scan::ready_queue::is_unbounded_queue;
use crate::scan::syntax::{strip_parens, text, walk};

/// A queue of the class's tasks that one of its methods reaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReapedQueue {
    /// The attribute (`tasks_to_reap`).
    pub attribute: String,
    /// Made with no `maxsize` (or one not above zero): `put_nowait` never raises `QueueFull`.
    pub unbounded: bool,
    /// The method that reaps it, and the line of its `get`.
    pub reaper: String,
    pub line: usize,
}

/// The queue methods a keeper's class may call besides `put`, `put_nowait` and `get`.
const COUNTERS: [&str; 5] = ["qsize", "empty", "full", "task_done", "join"];

/// One use of `<receiver>.<q>` in a method of the class: the queue method it calls, if any.
struct Use<'t, 's> {
    attribute: &'s str,
    method: Option<&'s str>,
    node: Node<'t>,
    call: Option<Node<'t>>,
    function: Node<'t>,
}

/// The queues of `class` that its own methods reap, as above.
pub fn reaped_queues(class: Node, src: &str) -> Vec<ReapedQueue> {
    let Some(body) = class.child_by_field_name("body") else {
        return Vec::new();
    };
    let class_text = text(class, src);
    if !class_text.contains(".get()") || !class_text.contains(".put") {
        return Vec::new();
    }
    let mut uses: Vec<Use> = Vec::new();
    let mut cursor = body.walk();
    for stmt in body.named_children(&mut cursor) {
        let def = stmt.child_by_field_name("definition").unwrap_or(stmt);
        let Some(receiver) =
            (def.kind() == "function_definition").then(|| first_parameter(def, src))
        else {
            continue;
        };
        let Some(receiver) = receiver else {
            continue;
        };
        walk(def, |node| {
            if node.kind() == "class_definition" {
                return false; // a nested class has its own `self`
            }
            uses.extend(queue_use(node, def, receiver, src));
            true
        });
    }
    let mut names: Vec<&str> = (uses.iter())
        .filter(|u| matches!(u.method, Some("put" | "put_nowait")))
        .map(|u| u.attribute)
        .collect();
    names.dedup();
    if names.is_empty() {
        return Vec::new();
    }
    let queues = QueueNames::of_text(src);
    names.sort_unstable();
    names.dedup();
    (names.into_iter())
        .filter_map(|name| reaped(name, &uses, &queues, src))
        .collect()
}

/// `node`, if it is `<receiver>.<attribute>`, with the method called on it.
fn queue_use<'t, 's>(
    node: Node<'t>,
    function: Node<'t>,
    receiver: &str,
    src: &'s str,
) -> Option<Use<'t, 's>> {
    let object = node
        .child_by_field_name("object")
        .filter(|o| node.kind() == "attribute" && o.kind() == "identifier")?;
    if text(object, src) != receiver {
        return None;
    }
    let attribute = text(node.child_by_field_name("attribute")?, src);
    let parent = node.parent();
    let method = parent
        .filter(|p| p.kind() == "attribute" && p.child_by_field_name("object") == Some(node))
        .and_then(|p| p.child_by_field_name("attribute"))
        .map(|m| text(m, src));
    let call = method
        .and(parent)
        .and_then(|p| p.parent())
        .filter(|c| c.kind() == "call" && c.child_by_field_name("function") == parent);
    Some(Use {
        attribute,
        method: method.filter(|_| call.is_some()),
        node,
        call,
        function,
    })
}

/// The queue `self.<name>`, if the uses read make it a keeper the class reaps.
fn reaped(name: &str, uses: &[Use], queues: &QueueNames, src: &str) -> Option<ReapedQueue> {
    let of: Vec<&Use> = uses.iter().filter(|u| u.attribute == name).collect();
    let first = of.first()?;
    let value = strip_parens(instance_value(first.node, first.function, src)?);
    let made = value.child_by_field_name("function")?;
    if value.kind() != "call" || !queues.makes_queue(made, src) {
        return None;
    }
    let mut tasks = false;
    let mut reaper = None;
    for one in of {
        match (one.method, one.call) {
            (Some("put" | "put_nowait"), Some(call)) => {
                let argument = single_argument(call)?;
                if argument.kind() == "none" {
                    continue;
                }
                if !is_task(argument, one.function, src) {
                    return None;
                }
                tasks = true;
            }
            (Some("get"), Some(call)) => {
                let line = reaps(call, src)?;
                let method = one.function.child_by_field_name("name")?;
                reaper.get_or_insert((text(method, src).to_owned(), line));
            }
            (Some(method), Some(_)) if COUNTERS.contains(&method) => {}
            // Its binding (one, in `__init__`, as read above).
            _ if is_binding(one.node) => {}
            _ => return None,
        }
    }
    let (reaper, line) = reaper.filter(|_| tasks)?;
    Some(ReapedQueue {
        attribute: name.to_owned(),
        unbounded: is_unbounded_queue(value, src, |f| queues.makes_queue(f, src)),
        reaper,
        line,
    })
}

fn is_binding(node: Node) -> bool {
    node.parent()
        .is_some_and(|p| p.kind() == "assignment" && p.child_by_field_name("left") == Some(node))
}

/// The one positional argument of a call.
fn single_argument(call: Node) -> Option<Node> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let all: Vec<Node> = (arguments.named_children(&mut cursor))
        .filter(|a| a.kind() != "comment")
        .collect();
    match all[..] {
        [one] if !one.kind().ends_with("splat") && one.kind() != "keyword_argument" => {
            Some(strip_parens(one))
        }
        _ => None,
    }
}

fn makes_task(call: Node, src: &str) -> bool {
    let call = strip_parens(call);
    call.kind() == "call"
        && call
            .child_by_field_name("function")
            .map(|f| text(f, src).rsplit('.').next().unwrap_or_default())
            .is_some_and(|name| TASK_FUNCTIONS.contains(&name))
}

/// A task: a task function's call, or a local its function binds to one and to nothing else.
fn is_task(argument: Node, function: Node, src: &str) -> bool {
    if makes_task(argument, src) {
        return true;
    }
    if argument.kind() != "identifier" {
        return false;
    }
    let name = text(argument, src);
    let (mut tasks, mut other) = (0, false);
    walk(function, |node| {
        if node.kind() == "assignment"
            && let Some(left) = node.child_by_field_name("left")
            && text(left, src) == name
        {
            match node.child_by_field_name("right") {
                Some(right) if makes_task(right, src) => tasks += 1,
                _ => other = true,
            }
        }
        true
    });
    tasks > 0 && !other
}

/// `<v> = await <queue>.get()` in a loop that awaits, cancels or gathers `<v>`: the line of the
/// `get`.
fn reaps(call: Node, src: &str) -> Option<usize> {
    let awaited = call.parent().filter(|a| a.kind() == "await")?;
    let assignment = awaited.parent().filter(|a| a.kind() == "assignment")?;
    let local = assignment
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
        .map(|l| text(l, src))?;
    let mut up = assignment.parent();
    let reaping = loop {
        let node = up?;
        match node.kind() {
            "while_statement" | "for_statement" => break node,
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => up = node.parent(),
        }
    };
    let is_local = |n: Option<Node>| {
        n.map(strip_parens)
            .is_some_and(|n| n.kind() == "identifier" && text(n, src) == local)
    };
    let mut settled = false;
    walk(reaping, |node| {
        settled |= match node.kind() {
            "await" => is_local(node.named_child(0)),
            "call" => {
                let function = node.child_by_field_name("function");
                let called = function.map(|f| text(f, src)).unwrap_or_default();
                let cancels = function.is_some_and(|f| {
                    f.kind() == "attribute"
                        && is_local(f.child_by_field_name("object"))
                        && called.ends_with(".cancel")
                });
                let waits = matches!(called.rsplit('.').next(), Some("gather" | "wait"))
                    && node.child_by_field_name("arguments").is_some_and(|a| {
                        let mut cursor = a.walk();
                        a.named_children(&mut cursor).any(|arg| is_local(Some(arg)))
                    });
                cancels || waits
            }
            _ => false,
        };
        !settled
    });
    settled.then(|| call.start_position().row + 1)
}

/// A task handed to `put` (`put_nowait`) on a queue its class reaps is kept by that queue.
pub fn settle(sites: &mut [TaskSite], src: &str) {
    let mut classes: HashMap<usize, Vec<ReapedQueue>> = HashMap::new();
    for site in sites.iter_mut() {
        if site.reference != Reference::Passed
            || !matches!(site.verdict, Verdict::Kept { by: None })
        {
            continue;
        }
        let function = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition");
        let Some((class, receiver)) = function.and_then(|f| method_of(*f, src)) else {
            continue;
        };
        let handed = handed_in(site, src);
        let Some((put, attribute)) = handed.iter().find_map(|h| {
            let plain = h.method.is_none() && h.through.is_none() && matches!(h.arg, Arg::At(0));
            let called = h.callee.strip_prefix(receiver)?.strip_prefix('.')?;
            let attribute = (called.strip_suffix(".put"))
                .or_else(|| called.strip_suffix(".put_nowait"))
                .filter(|a| plain && !a.contains('.'))?;
            Some((h, attribute))
        }) else {
            continue;
        };
        let reaped = (classes.entry(class.id())).or_insert_with(|| reaped_queues(class, src));
        let Some(queue) = reaped.iter().find(|q| q.attribute == attribute) else {
            continue;
        };
        let class_name = class.child_by_field_name("name").map(|n| text(n, src));
        let class_name = class_name.unwrap_or_default();
        let line = src.get(..put.at).map_or(0, |s| s.matches('\n').count()) + 1;
        site.verdict = Verdict::Kept {
            by: Some(format!(
                "the class's own reaper: the task is handed to `{}` (line {line}), and \
                 `{class_name}.{}` takes each item of that queue in a loop (line {}) and awaits, \
                 cancels or gathers it: the queue holds the task until then",
                put.callee, queue.reaper, queue.line
            )),
        };
        site.reference = Reference::Collection;
        site.holder = Some(format!("{receiver}.{attribute}"));
        site.owner = Some(format!("{class_name}.{attribute}"));
        site.owner_scope = Some(super::memo::extent(class, src));
    }
}
