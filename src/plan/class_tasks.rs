//! The list or set a class already holds its tasks in, reused as its keeper (issue 36). Two
//! rules, the strict one first:
//!
//! **A list, with `list.remove`** (`task_list`; the tenth exam, adapter-qq: `self.tasks:
//! list[asyncio.Task] = []` in `__init__`, filled with `self.tasks.append(asyncio.create_task(...))`
//! and cancelled at shutdown). The fix appends its task there too and takes it out when it is done
//! (`task.add_done_callback(self.tasks.remove)`), so the class's shutdown cancels it with the
//! others and the list holds only live tasks. `list.remove` raises where the task is gone, and a
//! removal while a loop over the list is suspended skips an element of that loop, so the class
//! must use the list in no other way: one binding, in `__init__`; `append`; and loops over it (a
//! `for` statement or a comprehension) that never suspend. It and a generator over it are read only
//! where `*` unpacks them at once (`asyncio.gather(*self.tasks)`). Any other use, or any other
//! spelling of the attribute in the class (`other.tasks`), and the list is not reused.
//!
//! **A list or set the class drains, with no done callback** (`task_holder`; the nineteenth exam,
//! Xerxes-Agents: `self._tasks` made in `__init__`, filled with `self._tasks.append(consumer)`,
//! rebound to `[consumer, prompt_task]` when the app runs, gathered and cancelled on exit). The fix
//! writes `self._tasks.append(<call>)`, as the class's own code does: the list holds the task
//! strongly, and the class's own drain cancels or awaits it with the others. No `list.remove` is
//! registered, so none of the uses the strict rule rules out can make it raise; done tasks stay
//! until the class drains them, as its own tasks do. Every binding in the class makes a list (or
//! every one a set), one of them in `__init__`; the class `append`s (`add`s) a task to it and never
//! takes one out (`remove`, `discard`, `pop`: its own tasks would leave and the fix's stay); and
//! some method cancels its tasks, `wait`s for them, or gathers them with `return_exceptions=True`:
//! a drain that raises a failed task's exception is no keeper.
//!
//! A list the class counts outside the methods that drain or clear it (`len(self.workers)` in a
//! health check; the twentieth exam, dopemux-mvp) is the class's roster of long-lived workers,
//! no keeper for a task made per call: the finished task would stay in it and change the count.
//!
//! So is a list the class fills only in loops over `range(...)` (the twenty-third exam, Gaia:
//! `start_final_scoring_workers` appends `num_workers` workers, its stop method cancels and
//! empties the list): a pool of long-running workers, none of them made per call. A one-off
//! task appended there would stay until the workers stop, and stopping them would cancel it.
//! One fill outside such a loop (Xerxes-Agents' `submit`) and the class itself keeps per-call
//! tasks there.

use tree_sitter::Node;

use super::class_scope::class_receivers;
use crate::scan::params::first_parameter;
use crate::scan::syntax::{statements, strip_parens, text, walk};

/// The keeper a class's own task container gives, the strict rule first.
pub(super) enum ClassTasks {
    /// The attribute of a list the fix appends to and `remove`s from when done.
    List(String),
    /// The attribute and the method that fills it (`append`, `add`), with no done callback.
    Holding(String, &'static str),
}

pub(super) fn class_tasks(class: Node, src: &str) -> Option<ClassTasks> {
    task_list(class, src)
        .map(ClassTasks::List)
        .or_else(|| task_holder(class, src).map(|(h, fill)| ClassTasks::Holding(h, fill)))
}

/// The class's `__init__` (a decorated one read through).
fn init_of<'t>(body: Node<'t>, src: &str) -> Option<Node<'t>> {
    statements(body).into_iter().map(definition).find(|def| {
        def.kind() == "function_definition"
            && (def.child_by_field_name("name")).is_some_and(|n| text(n, src) == "__init__")
    })
}

/// Whether a `for` body cancels its element (`for t in ...: t.cancel()`).
fn cancels_element(element: &str, body: Node, src: &str) -> bool {
    let compact: String = text(body, src).split_whitespace().collect();
    compact.contains(&format!("{element}.cancel()"))
}

fn makes_task(code: &str) -> bool {
    code.contains("create_task(") || code.contains("ensure_future(")
}

/// The attribute (`tasks`) of a list `__init__` makes and the class keeps its tasks in, as above.
fn task_list(class: Node, src: &str) -> Option<String> {
    let body = class.child_by_field_name("body")?;
    let init = init_of(body, src)?;
    let receiver = first_parameter(init, src)?;
    let block = init.child_by_field_name("body")?;
    let (binding, attribute) = statements(block)
        .into_iter()
        .find_map(|stmt| empty_list_binding(stmt, src, receiver))?;
    let uses = Uses::read(class, src, receiver, attribute, binding)?;
    let spelled = text(class, src)
        .match_indices(&format!(".{attribute}"))
        .filter(|(at, found)| {
            let after = text(class, src)[at + found.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .count();
    // Every spelling of the attribute is one of the uses read (no `other.tasks`, no `this.tasks`).
    (uses.fills_tasks && uses.cancels && spelled == uses.count).then(|| attribute.to_owned())
}

/// `self.tasks = []` or `self.tasks: list[asyncio.Task] = []`: the assignment and the attribute.
fn empty_list_binding<'t, 's>(
    stmt: Node<'t>,
    src: &'s str,
    receiver: &str,
) -> Option<(Node<'t>, &'s str)> {
    let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    let right = strip_parens(assignment.child_by_field_name("right")?);
    let empty = match right.kind() {
        "list" => right.named_child_count() == 0,
        "call" => {
            text(right.child_by_field_name("function")?, src) == "list"
                && right.child_by_field_name("arguments")?.named_child_count() == 0
        }
        _ => false,
    };
    let object = left.child_by_field_name("object")?;
    let attribute = left.child_by_field_name("attribute")?;
    (empty && left.kind() == "attribute" && text(object, src) == receiver)
        .then(|| (assignment, text(attribute, src)))
}

/// The uses of `receiver.attribute` in the class, when each is one the keeper allows.
#[derive(Default)]
struct Uses {
    count: usize,
    /// An `append` of a task made there (`create_task(` or `ensure_future(`).
    fills_tasks: bool,
    /// A `for` statement over it that cancels its element.
    cancels: bool,
}

impl Uses {
    fn read(
        class: Node,
        src: &str,
        receiver: &str,
        attribute: &str,
        binding: Node,
    ) -> Option<Self> {
        let mut uses = Uses::default();
        let mut allowed = true;
        walk(class, |node| {
            if !allowed {
                return false;
            }
            let is_use = node.kind() == "attribute"
                && node
                    .child_by_field_name("object")
                    .is_some_and(|o| o.kind() == "identifier" && text(o, src) == receiver)
                && node
                    .child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == attribute);
            if is_use {
                uses.count += 1;
                allowed = uses.allowed(node, src, binding);
            }
            true
        });
        allowed.then_some(uses)
    }

    /// Whether this use of the list is one the keeper allows (and what it shows).
    fn allowed(&mut self, list: Node, src: &str, binding: Node) -> bool {
        let Some(parent) = list.parent() else {
            return false;
        };
        if parent.id() == binding.id() {
            return binding
                .child_by_field_name("left")
                .is_some_and(|l| l.id() == list.id());
        }
        match parent.kind() {
            // `self.tasks.append(<task>)`
            "attribute"
                if text(
                    parent.child_by_field_name("attribute").unwrap_or(parent),
                    src,
                ) == "append" =>
            {
                let Some(call) = parent.parent().filter(|c| c.kind() == "call") else {
                    return false;
                };
                let argument = call.child_by_field_name("arguments").map(|a| text(a, src));
                self.fills_tasks |= argument.is_some_and(makes_task);
                true
            }
            "for_statement" => {
                let over = parent
                    .child_by_field_name("right")
                    .is_some_and(|r| r.id() == list.id());
                let Some(body) = parent.child_by_field_name("body") else {
                    return false;
                };
                let element = parent.child_by_field_name("left").map(|l| text(l, src));
                self.cancels |= element.is_some_and(|e| cancels_element(e, body, src));
                over && !suspends(parent) && !text(parent, src).starts_with("async")
            }
            // `asyncio.gather(*self.tasks)`: unpacked at once.
            "list_splat" => true,
            "for_in_clause" => {
                let over = parent
                    .child_by_field_name("right")
                    .is_some_and(|r| r.id() == list.id());
                let Some(comprehension) = parent.parent() else {
                    return false;
                };
                let at_once = match comprehension.kind() {
                    "list_comprehension" | "set_comprehension" | "dictionary_comprehension" => true,
                    "generator_expression" => comprehension
                        .parent()
                        .is_some_and(|p| p.kind() == "list_splat"),
                    _ => false,
                };
                over && at_once && !suspends(comprehension)
            }
            _ => false,
        }
    }
}

/// Whether the loop can suspend inside (an `await`, `async for`, `async with`).
fn suspends(node: Node) -> bool {
    let mut found = false;
    walk(node, |inner| {
        found |= inner.kind() == "await"
            || (inner.id() != node.id()
                && matches!(
                    inner.kind(),
                    "for_statement" | "with_statement" | "for_in_clause"
                )
                && inner.child(0).is_some_and(|c| c.kind() == "async"));
        !found
    });
    found
}

/// The attribute (`_tasks`) and the method that fills it (`append`, `add`), as above.
fn task_holder(class: Node, src: &str) -> Option<(String, &'static str)> {
    let body = class.child_by_field_name("body")?;
    let name = class.child_by_field_name("name").map(|n| text(n, src));
    let receivers: Vec<String> = class_receivers(class, body, src)
        .into_iter()
        .filter(|r| Some(r.as_str()) != name)
        .collect();
    let init = init_of(body, src)?;
    let mut holders: Vec<Holder> = Vec::new();
    walk(body, |node| {
        if node.kind() == "class_definition" {
            return false; // a nested class has its own `self`
        }
        let Some(attribute) = receiver_attribute(node, src, &receivers) else {
            return true;
        };
        let at = match holders.iter().position(|h| h.attribute == attribute) {
            Some(at) => at,
            None => {
                holders.push(Holder::new(attribute));
                holders.len() - 1
            }
        };
        holders[at].read(node, src, init);
        true
    });
    holders.into_iter().find_map(Holder::keeper)
}

/// `self._tasks` (any receiver of the class's methods): `_tasks`.
fn receiver_attribute<'s>(node: Node, src: &'s str, receivers: &[String]) -> Option<&'s str> {
    let object = node
        .child_by_field_name("object")
        .filter(|o| node.kind() == "attribute" && o.kind() == "identifier")?;
    receivers
        .iter()
        .any(|r| r == text(object, src))
        .then(|| node.child_by_field_name("attribute").map(|a| text(a, src)))?
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Set,
}

impl Container {
    fn of(value: Node, src: &str) -> Option<Self> {
        let value = strip_parens(value);
        match value.kind() {
            "list" | "list_comprehension" => Some(Container::List),
            "set" | "set_comprehension" => Some(Container::Set),
            "call" => match text(value.child_by_field_name("function")?, src) {
                "list" => Some(Container::List),
                "set" => Some(Container::Set),
                _ => None,
            },
            _ => None,
        }
    }

    fn fill(self) -> &'static str {
        match self {
            Container::List => "append",
            Container::Set => "add",
        }
    }
}

/// What the class does with one attribute of its receiver.
struct Holder<'s> {
    attribute: &'s str,
    /// The container every binding makes; `None` before the first binding.
    container: Option<Container>,
    /// A binding that makes something else, or one the keeper cannot read.
    other: bool,
    in_init: bool,
    /// The methods it is given tasks with (`append`, `add`), outside a pool's `range` loop.
    filled: Vec<&'static str>,
    drained: bool,
    /// The functions (node ids) that drain or clear it, and those that count it (`len`).
    draining: Vec<usize>,
    reading: Vec<usize>,
}

impl<'s> Holder<'s> {
    fn new(attribute: &'s str) -> Self {
        Holder {
            attribute,
            container: None,
            other: false,
            in_init: false,
            filled: Vec::new(),
            drained: false,
            draining: Vec::new(),
            reading: Vec::new(),
        }
    }

    fn keeper(self) -> Option<(String, &'static str)> {
        let fill = self.container?.fill();
        let roster = (self.reading.iter()).any(|f| !self.draining.contains(f));
        (!self.other && self.in_init && self.drained && !roster && self.filled.contains(&fill))
            .then(|| (self.attribute.to_owned(), fill))
    }

    /// One use of `self.<attribute>`.
    fn read(&mut self, use_: Node, src: &str, init: Node) {
        let Some(parent) = use_.parent() else {
            return;
        };
        match parent.kind() {
            "assignment" if parent.child_by_field_name("left") == Some(use_) => {
                let made = parent
                    .child_by_field_name("right")
                    .and_then(|r| Container::of(r, src));
                match made {
                    Some(made) if self.container.is_none_or(|c| c == made) => {
                        self.container = Some(made);
                        self.in_init |= parent
                            .parent()
                            .and_then(|s| s.parent())
                            .and_then(|b| b.parent())
                            == Some(init);
                    }
                    _ => self.other = true,
                }
            }
            // Unpacked into (`self._tasks, x = ...`), deleted: not read here.
            "pattern_list" | "tuple_pattern" | "list_pattern" | "delete_statement" => {
                self.other = true;
            }
            "attribute" => {
                let method = parent
                    .child_by_field_name("attribute")
                    .map(|a| text(a, src));
                // The class takes its own tasks out one by one (asyncpg's `_cancellations`,
                // each discarding itself): the fix's task, never taken out, would pile up.
                if method.is_some_and(|m| matches!(m, "remove" | "discard" | "pop")) {
                    self.other = true;
                }
                if method == Some("clear") {
                    self.draining.push(function_of(use_));
                }
                if let Some(fill) =
                    method.and_then(|m| ["append", "add"].into_iter().find(|f| *f == m))
                    && let Some(call) = parent.parent().filter(|c| c.kind() == "call")
                    && let Some(arguments) = call.child_by_field_name("arguments")
                    && arguments.named_child_count() == 1
                    && arguments.named_child(0).is_some_and(|a| is_task(a, src))
                    && !in_range_loop(call, src)
                {
                    self.filled.push(fill);
                }
            }
            "for_statement" if parent.child_by_field_name("right") == Some(use_) => {
                let element = parent.child_by_field_name("left").map(|l| text(l, src));
                let body = parent.child_by_field_name("body");
                if let (Some(element), Some(body)) = (element, body) {
                    // Awaited one by one, a failed task's exception would leave the drain
                    // half done (pyrogram's `Dispatcher.stop`): only a cancel drains it.
                    if cancels_element(element, body, src) {
                        self.drained = true;
                        self.draining.push(function_of(use_));
                    }
                }
            }
            _ if gathered(use_, src) => {
                self.drained = true;
                self.draining.push(function_of(use_));
            }
            _ if counted(use_, src) => self.reading.push(function_of(use_)),
            _ => {}
        }
    }
}

/// `asyncio.wait(self._tasks)`, `asyncio.gather(*self._tasks, return_exceptions=True)`: handed
/// to a call that waits for its tasks without raising a failed one's exception.
fn gathered(use_: Node, src: &str) -> bool {
    let mut node = use_;
    for _ in 0..2 {
        let Some(parent) = node.parent() else {
            return false;
        };
        if parent.kind() == "argument_list" {
            let settled: String = text(parent, src).split_whitespace().collect();
            return parent
                .parent()
                .and_then(|call| call.child_by_field_name("function"))
                .is_some_and(|f| match text(f, src).rsplit('.').next() {
                    Some("wait") => true,
                    Some("gather") => settled.contains("return_exceptions=True"),
                    _ => false,
                });
        }
        if parent.kind() != "list_splat" {
            return false;
        }
        node = parent;
    }
    false
}

/// Inside a `for` over `range(...)` in its function: one of a pool of workers started at once.
fn in_range_loop(node: Node, src: &str) -> bool {
    let mut up = node.parent();
    while let Some(parent) = up {
        match parent.kind() {
            "function_definition" | "class_definition" | "lambda" => return false,
            "for_statement" => {
                let over = parent.child_by_field_name("right").map(strip_parens);
                let function = over
                    .filter(|o| o.kind() == "call")
                    .and_then(|o| o.child_by_field_name("function"));
                if function.is_some_and(|f| text(f, src) == "range") {
                    return true;
                }
            }
            _ => {}
        }
        up = parent.parent();
    }
    false
}

/// `len(self.workers)`.
fn counted(use_: Node, src: &str) -> bool {
    use_.parent()
        .filter(|p| p.kind() == "argument_list" && p.named_child_count() == 1)
        .and_then(|p| p.parent())
        .and_then(|call| call.child_by_field_name("function"))
        .is_some_and(|f| text(f, src) == "len")
}

/// The id of the function a use is in (0 at class level).
fn function_of(use_: Node) -> usize {
    let mut node = use_;
    while let Some(parent) = node.parent() {
        if parent.kind() == "function_definition" {
            return parent.id();
        }
        node = parent;
    }
    0
}

/// A task: a call of a task function, or a name (or attribute) the class binds to one.
fn is_task(argument: Node, src: &str) -> bool {
    if makes_task(text(argument, src)) {
        return true;
    }
    if !matches!(argument.kind(), "identifier" | "attribute") {
        return false;
    }
    // A local is looked up in its function; an attribute in its class.
    let stop = match argument.kind() {
        "identifier" => "function_definition",
        _ => "class_definition",
    };
    let mut scope = argument;
    while let Some(parent) = scope.parent() {
        scope = parent;
        if scope.kind() == stop {
            break;
        }
    }
    let name = text(argument, src);
    let mut bound = false;
    walk(scope, |node| {
        bound |= node.kind() == "assignment"
            && node
                .child_by_field_name("left")
                .is_some_and(|l| text(l, src) == name)
            && node
                .child_by_field_name("right")
                .is_some_and(|r| makes_task(text(r, src)));
        !bound
    });
    bound
}

/// The definition inside a decorated one.
fn definition(stmt: Node) -> Node {
    stmt.child_by_field_name("definition").unwrap_or(stmt)
}
