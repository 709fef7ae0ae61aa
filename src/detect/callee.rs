//! Is this call one that creates an asyncio Task?
//!
//! Yes for asyncio's own `create_task` / `ensure_future` (however imported) and for `create_task`
//! on something that is an event loop by name or by origin. No for every other `create_task`:
//! TaskGroups keep their tasks, and frameworks' wrappers (`hass.create_task`, `app.create_task`)
//! keep their own references or are not asyncio at all.

use tree_sitter::Node;

use super::arguments::decide;
use super::imports::AsyncioNames;
use crate::project::factories::FileFactories;
use crate::project::summaries::Decision;
use crate::scan::asyncio_api::{TASK_CLASS, TASK_FUNCTIONS, is_loop_getter};
use crate::scan::syntax::{strip_parens, text};
use crate::settings::Settings;

/// `create_task` in `a.b.create_task`, `f` in `f`.
pub fn last_name<'s>(function: Node, src: &'s str) -> Option<&'s str> {
    match function.kind() {
        "identifier" => Some(text(function, src)),
        "attribute" => function
            .child_by_field_name("attribute")
            .map(|n| text(n, src)),
        _ => None,
    }
}

/// True for a call to one of [`crate::scan::asyncio_api::LOOP_GETTERS`], under any module prefix.
pub fn is_loop_getter_call(node: Node, src: &str) -> bool {
    node.kind() == "call"
        && node
            .child_by_field_name("function")
            .and_then(|f| last_name(f, src))
            .is_some_and(|name| is_loop_getter(name.as_bytes()))
}

/// A loop's name as code spells it: `loop`, `main_loop`.
fn is_loop_name(name: &str) -> bool {
    name == "loop" || name.ends_with("_loop")
}

/// Whether `receiver` is an event loop by its name alone (`loop`, `self._loop`, `main_loop`,
/// `asyncio.get_running_loop()`), as a contract about the loop's methods needs it to be.
pub fn names_a_loop(receiver: Node, src: &str) -> bool {
    let receiver = strip_parens(receiver);
    match receiver.kind() {
        "identifier" => is_loop_name(text(receiver, src)),
        "attribute" => {
            (receiver.child_by_field_name("attribute")).is_some_and(|a| is_loop_name(text(a, src)))
        }
        "call" => is_loop_getter_call(receiver, src),
        _ => false,
    }
}

/// Context the classifier needs beyond the call itself.
pub struct Resolver<'a> {
    pub names: &'a AsyncioNames,
    /// The project's `loop-names`, `task-functions` and `ignore-functions`.
    pub settings: &'a Settings,
    /// Is this identifier bound from a loop getter in an enclosing function or the module?
    pub loop_bound: &'a dyn Fn(Node) -> bool,
    /// The project's task factories the file can call.
    pub factories: &'a FileFactories,
    /// The name of the innermost class around the call (for `self.factory()`).
    pub class: Option<&'a str>,
    /// The value of a local bound once, before the use, to an uncalled name or attribute
    /// (`create_task = self._loop.create_task`) in the function around the use.
    /// (Its bytes: the value is found in the use's tree.)
    pub alias_value: &'a dyn Fn(Node) -> Option<std::ops::Range<usize>>,
    /// Is this `self.<attr>` bound, wherever its class binds it, only to a loop getter's call?
    pub loop_attribute: &'a dyn Fn(Node) -> bool,
}

impl Resolver<'_> {
    pub fn is_task_call(&self, call: Node, src: &str) -> bool {
        call.kind() == "call"
            && call
                .child_by_field_name("function")
                .is_some_and(|function| self.is_task_function(function, src))
    }

    /// Calling `function` (a name or an attribute, as written) creates a task: asyncio's task
    /// functions, a loop's `create_task`, a configured task function, or a (not `async`) task
    /// factory of the project.
    pub fn is_task_function(&self, function: Node, src: &str) -> bool {
        self.task_function(function, src, true)
    }

    /// [`Self::is_task_function`], following a local alias when `follow`.
    fn task_function(&self, function: Node, src: &str, follow: bool) -> bool {
        let configured = &self.settings;
        if let Some(factory) = self.factory_named(function, src) {
            // Calling an `async def` factory makes a coroutine; its task comes with the await.
            return !self.factories.refs[factory].is_async
                && !configured
                    .ignore_functions
                    .contains(&callee_text(function, src));
        }
        if !configured.task_functions.is_empty() || !configured.ignore_functions.is_empty() {
            let callee = callee_text(function, src);
            if configured.ignore_functions.contains(&callee) {
                return false;
            }
            if configured.task_functions.contains(&callee) {
                return true;
            }
        }
        match function.kind() {
            "identifier" => {
                let name = text(function, src);
                self.names.functions.contains(name)
                    || self.names.classes.contains(name)
                    // The local holds the function it was bound to (once); not followed again,
                    // so that two aliases of each other end.
                    || (follow
                        && (self.alias_value)(function)
                            .and_then(|value| root_of(function).descendant_for_byte_range(value.start, value.end))
                            .is_some_and(|value| self.task_function(value, src, false)))
            }
            "attribute" => {
                let (Some(object), Some(attribute)) = (
                    function.child_by_field_name("object"),
                    function.child_by_field_name("attribute"),
                ) else {
                    return false;
                };
                let attribute = text(attribute, src);
                ((TASK_FUNCTIONS.contains(&attribute) || attribute == TASK_CLASS)
                    && self.is_asyncio_module(object, src))
                    || (attribute == "create_task" && self.is_loop(object, src))
            }
            _ => false,
        }
    }

    /// `function` names asyncio's `Task` class (`asyncio.Task`, `from asyncio import Task as T`).
    pub fn is_task_class(&self, function: Node, src: &str) -> bool {
        match function.kind() {
            "identifier" => self.names.classes.contains(text(function, src)),
            "attribute" => {
                function
                    .child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == TASK_CLASS)
                    && self.is_task_function(function, src)
            }
            _ => false,
        }
    }

    /// The project's task factory the call names, as an index into `factories.refs`.
    pub fn factory_of(&self, call: Node, src: &str) -> Option<usize> {
        if call.kind() != "call" {
            return None;
        }
        self.factory_named(call.child_by_field_name("function")?, src)
    }

    /// The project's task factory that `function` (a name or an attribute, as written) names.
    pub fn factory_named(&self, function: Node, src: &str) -> Option<usize> {
        if self.factories.is_empty() || !matches!(function.kind(), "identifier" | "attribute") {
            return None;
        }
        let at = self
            .factories
            .lookup(&callee_text(function, src), self.class)?;
        // A task on some paths only: a factory's call where its arguments select them.
        match &self.factories.refs[at].returns {
            Some(r) => matches!(decide(r, function, src), Decision::Task(_)).then_some(at),
            None => Some(at),
        }
    }

    /// The call of a project function that returns a task on some paths only: what its
    /// arguments decide (`None` for any other call). `Unknown` holds the reason `audit` can
    /// print as `unknown`; check says nothing there.
    pub fn factory_decision(&self, call: Node, src: &str) -> Option<Decision> {
        let function = call.child_by_field_name("function")?;
        if self.factories.is_empty() || !matches!(function.kind(), "identifier" | "attribute") {
            return None;
        }
        let at = (self.factories).lookup(&callee_text(function, src), self.class)?;
        let returns = self.factories.refs[at].returns.as_ref()?;
        Some(decide(returns, function, src))
    }

    /// The call of a project function that returns a task on some paths only, where its
    /// arguments do not say which: why, naming the function, where it is defined, and the
    /// parameters whose values are not known (what `audit` prints as `unknown`).
    pub fn undecided_factory(&self, call: Node, awaited: bool, src: &str) -> Option<String> {
        let Decision::Unknown(why) = self.factory_decision(call, src)? else {
            return None;
        };
        let function = call.child_by_field_name("function")?;
        let at = (self.factories).lookup(&callee_text(function, src), self.class)?;
        let factory = &self.factories.refs[at];
        (factory.is_async == awaited).then(|| {
            format!(
                "the project's `{}` ({}:{}) {why}",
                factory.name, factory.display, factory.line
            )
        })
    }

    /// `asyncio`, an alias of it, `asyncio.tasks` or an alias of that.
    pub fn is_asyncio_module(&self, node: Node, src: &str) -> bool {
        match node.kind() {
            "identifier" => {
                let name = text(node, src);
                self.names.modules.contains(name) || self.names.tasks_modules.contains(name)
            }
            "attribute" => {
                let object = node.child_by_field_name("object");
                let attribute = node.child_by_field_name("attribute");
                matches!((object, attribute), (Some(o), Some(a))
                    if o.kind() == "identifier"
                        && self.names.modules.contains(text(o, src))
                        && text(a, src) == "tasks")
            }
            _ => false,
        }
    }

    pub fn is_loop(&self, receiver: Node, src: &str) -> bool {
        let receiver = strip_parens(receiver);
        match receiver.kind() {
            "identifier" => {
                let name = text(receiver, src);
                let configured = self.settings.loop_names.iter().any(|n| n == name);
                // A default name (`loop`, `*_loop`) must be bound where the call can see it.
                ((self.is_loop_name(name)
                    && (configured || super::bound::bound_in_scope(receiver, name, src)))
                    || (self.loop_bound)(receiver))
                    // `loop = EventLoop()`, a class of the file: the name is all that says loop.
                    && !super::own_loop::proven_not_a_loop(receiver, src)
            }
            "attribute" => {
                receiver
                    .child_by_field_name("attribute")
                    .is_some_and(|a| self.is_loop_name(text(a, src)))
                    || (self.loop_attribute)(receiver)
            }
            "call" => is_loop_getter_call(receiver, src),
            _ => false,
        }
    }
}

/// The root of the tree `node` is in.
fn root_of(node: Node) -> Node {
    let mut root = node;
    while let Some(up) = root.parent() {
        root = up;
    }
    root
}

/// The callee as written, without whitespace (`utils . spawn` → `utils.spawn`).
fn callee_text(function: Node, src: &str) -> String {
    text(function, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

impl Resolver<'_> {
    fn is_loop_name(&self, name: &str) -> bool {
        is_loop_name(name) || self.settings.loop_names.iter().any(|n| n == name)
    }
}
