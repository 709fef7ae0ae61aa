//! A list or set the class already holds its tasks in and drains, reused as its keeper without
//! a done callback (issue 36's nineteenth exam, Xerxes-Agents: `self._tasks` made in `__init__`,
//! filled with `self._tasks.append(consumer)` after `consumer = asyncio.create_task(...)`, rebound
//! to `[consumer, prompt_task]` when the app runs, gathered and cancelled on exit; the
//! maintainers appended their task there too). The fix writes `self._tasks.append(<call>)`, as
//! the class's own code does: the list holds the task strongly, and the class's own drain
//! cancels or awaits it with the others. No `list.remove` is registered, so none of the uses
//! `task_list.rs` must rule out (a `clear()`, a loop that suspends, a rebinding) can make it
//! raise; done tasks stay until the class drains them, as its own tasks do.
//!
//! The attribute must be one every binding in the class makes a list (or every one a set), one
//! of them in `__init__`; the class must `append` (`add`) a task to it (a task call, or a name
//! bound to one) and never take one out (`remove`, `discard`, `pop`: its own tasks would leave
//! and the fix's stay); and some method must cancel its tasks, `wait` for them, or gather them with
//! `return_exceptions=True`: a drain that raises a failed task's exception is no keeper.

use tree_sitter::Node;

use super::class_scope::class_receivers;
use crate::scan::syntax::{statements, strip_parens, text, walk};

/// The attribute (`_tasks`) and the method that fills it (`append`, `add`), as above.
pub(super) fn task_holder(class: Node, src: &str) -> Option<(String, &'static str)> {
    let body = class.child_by_field_name("body")?;
    let name = class.child_by_field_name("name").map(|n| text(n, src));
    let receivers: Vec<String> = class_receivers(class, body, src)
        .into_iter()
        .filter(|r| Some(r.as_str()) != name)
        .collect();
    let init = statements(body).into_iter().map(definition).find(|def| {
        def.kind() == "function_definition"
            && (def.child_by_field_name("name")).is_some_and(|n| text(n, src) == "__init__")
    })?;
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
    /// The methods it is given tasks with (`append`, `add`).
    filled: Vec<&'static str>,
    drained: bool,
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
        }
    }

    fn keeper(self) -> Option<(String, &'static str)> {
        let fill = self.container?.fill();
        (!self.other && self.in_init && self.drained && self.filled.contains(&fill))
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
                if let Some(fill) =
                    method.and_then(|m| ["append", "add"].into_iter().find(|f| *f == m))
                    && let Some(call) = parent.parent().filter(|c| c.kind() == "call")
                    && let Some(arguments) = call.child_by_field_name("arguments")
                    && arguments.named_child_count() == 1
                    && arguments.named_child(0).is_some_and(|a| is_task(a, src))
                {
                    self.filled.push(fill);
                }
            }
            "for_statement" if parent.child_by_field_name("right") == Some(use_) => {
                let element = parent.child_by_field_name("left").map(|l| text(l, src));
                let body = parent.child_by_field_name("body").map(|b| text(b, src));
                if let (Some(element), Some(body)) = (element, body) {
                    let compact: String = body.split_whitespace().collect();
                    // Awaited one by one, a failed task's exception would leave the drain
                    // half done (pyrogram's `Dispatcher.stop`): only a cancel drains it.
                    self.drained |= compact.contains(&format!("{element}.cancel()"));
                }
            }
            _ => self.drained |= gathered(use_, src),
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

/// A task: a call of a task function, or a name (or attribute) the class binds to one.
fn is_task(argument: Node, src: &str) -> bool {
    let makes_task = |code: &str| code.contains("create_task(") || code.contains("ensure_future(");
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
