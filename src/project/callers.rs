//! The calls of a method that binds a task to its object (`self._task = create_task(...)`), each
//! with whether it can run the method again on an object whose task is still alive. The audit's
//! "cancel or check the task before `start` replaces it" holds only if one can: a method run once
//! per object, or only while its task is not running, replaces nothing alive.
//!
//! A call cannot, by the body of the function that makes it, when
//! - its object was made in that function just before, and the method is called on it once (a
//!   new object per connection, request or device): `c = Client(); await c.connect()`;
//! - it runs only under a test that the task is not running: a flag the method sets (`self.
//!   _running = True`, tested `if not x._running:`), `x._task is None`, `not x._task`,
//!   `x._task.done()`;
//! - the function cancels the stored task before it (`self._t.cancel()`, then
//!   `self._set_timeout()`), itself or through a method of the class, or stops the object
//!   first (`await x.stop()`, where `stop` cancels it), maybe under a test that the task is
//!   live ([`super::state::stopped`]);
//! - its function returns unless its object is in a state it then sets before the call, once
//!   ([`super::own_state`]); a reference handed to a thread's `target` there counts too;
//! - it is the object's own constructor or one-shot entry ([`RUNS_ONCE`]);
//! - it is in a flag's setter that turns the flag on only from off, where the flag off means
//!   no live task ([`super::flag_turned`]).
//!
//! A call of an `async def` method whose coroutine is dropped (`x.run()` as a statement) never
//! runs its body, and is no call of it. Calls are found by the method's name; one on an object
//! the code shows to be of a class that cannot be the method's is another class's
//! ([`Why::OtherClass`]), and one on an object whose class the code does not show is not shown
//! to be a call of it ([`Why::Unproven`]): neither proves a replacement.

use std::collections::HashMap;

use tree_sitter::Node;

pub use super::field_reads::Read;
use super::own_state::{self, Whole};
use super::receivers::Known;
use crate::scan::syntax::{self, enclosing_function, strip_parens, text};

/// The methods that run once per object: asyncio calls a protocol's `connection_made` once,
/// `async with` enters once, and a setup method (`setup`, `async_setup`, unittest's `setUp`)
/// runs once before its teardown.
pub const RUNS_ONCE: &[&str] = &[
    "__init__",
    "__post_init__",
    "__new__",
    "connection_made",
    "__enter__",
    "__aenter__",
    "setup",
    "async_setup",
    "setUp",
    "asyncSetUp",
];

/// A method asked about: what binds the task, and what says it is not running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub name: String,
    /// The attribute the task is bound to (`_task` of `self._task`).
    pub attribute: String,
    /// The attributes the method sets to `True` (`self._running = True`).
    pub flags: Vec<String>,
    /// `async def`: only an awaited, gathered or scheduled call runs its body.
    pub is_async: bool,
    /// Only the calls that pass this parameter count (its name, and its position after
    /// `self`; `usize::MAX` when it is keyword-only): see [`Call::through`].
    pub passing: Option<(String, usize)>,
    /// The class it is a method of, when it is defined in a class's body.
    pub class: Option<String>,
    /// The method of the same class the task runs (`_listen` of `create_task(self._listen())`):
    /// a call of the method on `self` in its body runs while the task is alive.
    pub runs: Option<String>,
    /// The methods of its class that cancel the task on every path, each with whether it is an
    /// `async def` (`stop`): a call after `await x.stop()` replaces no live task.
    pub stops: Vec<(String, bool)>,
}

impl Method {
    /// The method asked about in its place: `function`, with its name and its `async`.
    fn of_function(self, function: Node, src: &str) -> Method {
        let name = function.child_by_field_name("name").map(|n| text(n, src));
        Method {
            name: name.unwrap_or_default().to_owned(),
            is_async: function.child(0).is_some_and(|c| c.kind() == "async"),
            class: super::receivers::class_of_method(function, src),
            ..self
        }
    }
}

/// Why a call cannot run the method again while the object's task is alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    NewObject,
    NotRunning,
    AfterCancel,
    RunsOnce,
    /// `super().name()` once in the method of the same name of a derived class: it runs when
    /// that method runs, whose calls (by the same name) are the ones read.
    Override,
    /// On an object the code shows to be of a class that cannot be the method's.
    OtherClass,
    /// On an object whose class the code does not show (an untyped or `Any` parameter, an
    /// attribute): not proven to be a call of this class's method, so it proves no hazard.
    Unproven,
    /// Its function returns unless the object is in a state it sets before the call.
    OwnState,
    /// In a flag's setter, once per turn of the flag on, where the flag off means no live task
    /// ([`super::flag_turned`]).
    FlagTurned,
    /// Not a call: the bound method handed to a framework's startup hook (`on_startup=[x.m]`)
    /// beside its shutdown hook (`on_shutdown=[x.n]`), which the framework runs once per start
    /// of the application, and the shutdown hooks once at its end (Starlette's and FastAPI's
    /// `on_startup` / `on_shutdown`, the ASGI lifespan).
    StartupHook,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::NewObject => "on an object made just before",
            Why::NotRunning => "only while the task is not running",
            Why::AfterCancel => "right after cancelling the task",
            Why::RunsOnce => "from the object's one-shot entry",
            Why::OwnState => {
                "once per state of the object, which its function tests and sets first"
            }
            Why::FlagTurned => super::flag_turned::WORDS,
            Why::Override => "through `super()` in the same method of a derived class",
            Why::OtherClass => "on an object of another class",
            Why::Unproven => UNPROVEN,
            Why::StartupHook => {
                "from a framework's `on_startup` hook, paired with its `on_shutdown`: once per \
                 start of the application"
            }
        }
    }
}

/// What [`Why::Unproven`] says: the call is not ruled out, it is not ruled in either.
pub const UNPROVEN: &str = "on an object the code does not show to be of its class (unknown)";

/// One call (or other use) of a method asked about, in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The index of the method in the list asked about.
    pub method: usize,
    /// 1-based.
    pub line: usize,
    /// `None`: nothing here rules out a second run on a live task (also a use that is not a
    /// call: `callback=self.start`, whose calls are not seen).
    pub why: Option<Why>,
    /// With no `why`: the call runs only when the caller of its function passes one of its
    /// parameters (`if is_initial: self._set_timeout()`, `is_initial=False` by default); the
    /// calls of that function that pass it decide (a method to ask about, with `passing`).
    pub through: Option<Method>,
    /// The class of its receiver, where the function around it says it: a call on an object
    /// that cannot be of the method's class is not a call of it (see [`super::receivers`]).
    pub receiver: Option<Known>,
    /// What the use is, if it is no call: the callers' pass counts every such use as one
    /// that may replace a live task, to bound what it reads (see `app::callers`).
    pub read: Read,
}

/// Every use of the `methods`' names as an attribute (`x.name`) under `root`; of the reads that
/// are no calls, the receivers of only the first `typed[m]` of method `m` are typed (typing every
/// read of a common name, `start`, cost the audit a tenth more): the rest are [`Read::Untyped`].
pub fn calls_in(root: Node, src: &str, methods: &[Method], typed: &[usize]) -> Vec<Call> {
    let mut typed = typed.to_vec();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, method) in methods.iter().enumerate() {
        by_name.entry(method.name.as_str()).or_default().push(i);
    }
    let mut found = Vec::new();
    let mut attributes = super::attributes::Attributes::new(src);
    let mut whole = Whole::new(src);
    syntax::walk(root, |node| {
        // The kind first: a field lookup on every node of a large file costs more than its parse.
        if node.kind() != "attribute" {
            return true;
        }
        let Some(name) = node.child_by_field_name("attribute") else {
            return true;
        };
        let Some(indices) = by_name.get(text(name, src)) else {
            return true;
        };
        // `asyncio.run = run` binds the attribute: it runs nothing.
        if assigned_to(node) {
            return true;
        }
        let line = node.start_position().row + 1;
        let call = (node.parent())
            .filter(|p| p.kind() == "call" && p.child_by_field_name("function") == Some(node));
        for &method in indices {
            let asked = &methods[method];
            if let (Some(call), Some((name, at))) = (call, &asked.passing)
                && !super::parameters::passes(call, name, *at, src)
            {
                continue;
            }
            let why = match call {
                None => read_why(node, asked, src, &mut whole),
                // The coroutine is dropped: the body never runs.
                Some(call) if asked.is_async && dropped(call) => continue,
                Some(call) => why(node, call, asked, src, &mut whole),
            };
            let typed = typed.get_mut(method);
            let read = Read::of(
                node,
                call.is_none() && why.is_none() && asked.class.is_some(),
                typed,
            );
            // The receiver's class matters only for a use nothing else rules out; a read that
            // is no call (`{"start": self.start}`) is of the method only on an object that can
            // be of its class, as a call is.
            let known = (why.is_none() && asked.class.is_some() && read.typed())
                .then(|| node.child_by_field_name("object"))
                .flatten()
                .and_then(|object| {
                    let known = super::receivers::class_at(object, src);
                    let known = known.or_else(|| attributes.class_of(object));
                    // A module's name bound outside the parts parsed (`poller = Poller()`):
                    // read in its text, for a use that is no call.
                    known.or_else(|| {
                        call.is_none()
                            .then(|| super::top_bindings::module_class(object, src))
                            .flatten()
                    })
                });
            // A call of the method's name on an object the code does not type is not shown
            // to run this class's method: it proves no replacement.
            let why = why.or_else(|| {
                let typed = read.typed();
                (typed && asked.class.is_some() && known.is_none()).then_some(Why::Unproven)
            });
            let through = match (why, call) {
                (None, Some(call)) => super::parameters::guard(call, src).map(|(g, passing)| {
                    Method {
                        passing: Some(passing),
                        ..asked.clone()
                    }
                    .of_function(g, src)
                }),
                _ => None,
            };
            let receiver = known
                .filter(|known| asked.class.as_deref() != Some(known.class.as_str()))
                .map(|known| Known {
                    // A name the file binds itself may stand for any class.
                    made: known.made || super::rebinds::rebinds(src, &known.class),
                    ..known
                });
            found.push(Call {
                method,
                line,
                why,
                through,
                receiver,
                read,
            });
        }
        true
    });
    found
}

/// Whether `attribute` is what an assignment binds (`x.m = f`, `x.m, y = f, g`).
fn assigned_to(attribute: Node) -> bool {
    let mut at = attribute;
    while let Some(parent) = at.parent() {
        match parent.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" => at = parent,
            "assignment" => return parent.child_by_field_name("left") == Some(at),
            _ => return false,
        }
    }
    false
}

/// `on_startup=[x.m]` in a call that also passes `on_shutdown=[x.n, ...]` of the same object
/// (`Starlette(on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])`).
fn startup_hook(attribute: Node, src: &str) -> bool {
    let keyword = |n: Node| n.kind() == "keyword_argument";
    let name = |n: Node| n.child_by_field_name("name").map(|n| text(n, src));
    let Some(list) = attribute.parent().filter(|p| p.kind() == "list") else {
        return false;
    };
    let Some(startup) = list.parent().filter(|k| keyword(*k)) else {
        return false;
    };
    let object = attribute
        .child_by_field_name("object")
        .map(|o| text(o, src));
    let same_object = |value: Node| {
        let mut cursor = value.walk();
        let mut items = value.named_children(&mut cursor);
        items.any(|i| {
            i.kind() == "attribute"
                && i.child_by_field_name("object").map(|o| text(o, src)) == object
        })
    };
    let Some(arguments) = startup.parent() else {
        return false;
    };
    let mut cursor = arguments.walk();
    let mut siblings = arguments.named_children(&mut cursor);
    name(startup) == Some("on_startup")
        && siblings.any(|k| {
            keyword(k)
                && name(k) == Some("on_shutdown")
                && (k.child_by_field_name("value"))
                    .is_some_and(|v| v.kind() == "list" && same_object(v))
        })
}

/// `super()` (or `super(Class, self)`): the object itself, not a new one.
fn is_super(call: Node, src: &str) -> bool {
    call.child_by_field_name("function")
        .is_some_and(|f| f.kind() == "identifier" && text(f, src) == "super")
}

/// What rules out a second run at a use that is no call: a startup hook, or a hand-over to
/// what runs it once from under its function's own state guard.
fn read_why(attribute: Node, asked: &Method, src: &str, whole: &mut Whole) -> Option<Why> {
    if startup_hook(attribute, src) {
        return Some(Why::StartupHook);
    }
    own_state::guarded(attribute, &asked.name, src, whole).then_some(Why::OwnState)
}

/// `super().name(...)` stands once in a method named `name` (no loop, closure or lambda of it
/// around it): it runs once each time that method runs.
fn overrides(attribute: Node, call: Node, asked: &Method, src: &str) -> bool {
    let Some(function) = enclosing_function(call, &["lambda"]) else {
        return false;
    };
    let named = function.child_by_field_name("name").map(|n| text(n, src));
    named == Some(asked.name.as_str())
        && own_state::once_in(attribute, call, function, &asked.name, src)
}

/// The call is a statement of its own: what it returns is dropped.
fn dropped(call: Node) -> bool {
    let node = crate::scan::syntax::outside_parens(call);
    node.parent()
        .is_some_and(|p| p.kind() == "expression_statement")
}

/// What rules out a second run on a live task at the call of `attribute` (`x.name`), if anything.
fn why(attribute: Node, call: Node, method: &Method, src: &str, whole: &mut Whole) -> Option<Why> {
    let receiver = strip_parens(attribute.child_by_field_name("object")?);
    if receiver.kind() == "call" && is_super(receiver, src) {
        return overrides(attribute, call, method, src).then_some(Why::Override);
    }
    if receiver.kind() == "call" {
        return Some(Why::NewObject);
    }
    let function = enclosing_function(call, &["lambda"]);
    let receiver_text = text(receiver, src);
    let function_name = function
        .and_then(|f| f.child_by_field_name("name"))
        .map(|n| text(n, src));
    if receiver_text == "self" && function_name.is_some_and(|n| RUNS_ONCE.contains(&n)) {
        return Some(Why::RunsOnce);
    }
    let own = receiver_text == "self" && function.is_some_and(|f| in_own_coroutine(f, method, src));
    if guarded(call, receiver_text, method, own, src) {
        return Some(Why::NotRunning);
    }
    if super::state::stopped::before(call, receiver_text, &method.attribute, &method.stops, src) {
        return Some(Why::AfterCancel);
    }
    if own_state::guarded(attribute, &method.name, src, whole) {
        return Some(Why::OwnState);
    }
    let (name, task) = (&method.name, &method.attribute);
    if super::flag_turned::turned(call, name, task, &method.stops, src, whole) {
        return Some(Why::FlagTurned);
    }
    let scope = function.and_then(|f| f.child_by_field_name("body"))?;
    let named = receiver.kind() == "identifier" || receiver_text.starts_with("self.");
    (named && super::made::made_before(call, receiver_text, &method.name, scope, src))
        .then_some(Why::NewObject)
}

/// `function` is the method of the asked method's class that its task runs: in its body the
/// task is alive, whatever a flag says (the task itself may clear the flag before it ends).
fn in_own_coroutine(function: Node, method: &Method, src: &str) -> bool {
    let name = function.child_by_field_name("name").map(|n| text(n, src));
    method.runs.is_some()
        && name == method.runs.as_deref()
        && super::receivers::class_of_method(function, src) == method.class
}

/// The call stands in the body of an `if` (not its `else`) whose test says the task is not
/// running, up to its function; a flag says nothing in the task's own coroutine (`own`).
fn guarded(call: Node, receiver: &str, method: &Method, own: bool, src: &str) -> bool {
    let mut child = call;
    while let Some(parent) = child.parent() {
        if parent.kind() == "function_definition" {
            return false;
        }
        let in_body = parent.child_by_field_name("consequence") == Some(child);
        if parent.kind() == "if_statement"
            && in_body
            && parent
                .child_by_field_name("condition")
                .is_some_and(|c| not_running(c, receiver, method, own, src))
        {
            return true;
        }
        child = parent;
    }
    false
}

/// `test` is true only while the task of `receiver` is not running: `not r._running` (a flag
/// the method sets), `r._task is None`, `not r._task`, `r._task.done()`; either side of an
/// `and`, both sides of an `or`.
fn not_running(test: Node, receiver: &str, method: &Method, own: bool, src: &str) -> bool {
    let test = strip_parens(test);
    let task = format!("{receiver}.{}", method.attribute);
    let compact = |node: Node| text(node, src).replace([' ', '\n', '\t', '\\'], "");
    match test.kind() {
        "boolean_operator" => {
            let side = |field| {
                (test.child_by_field_name(field))
                    .is_some_and(|s| not_running(s, receiver, method, own, src))
            };
            match test.child_by_field_name("operator").map(|o| o.kind()) {
                Some("and") => side("left") || side("right"),
                Some("or") => side("left") && side("right"),
                _ => false,
            }
        }
        "not_operator" => test.child_by_field_name("argument").is_some_and(|a| {
            let a = compact(strip_parens(a));
            a == task
                || (!own && (method.flags.iter()).any(|flag| a == format!("{receiver}.{flag}")))
        }),
        "comparison_operator" => compact(test) == format!("{task}isNone"),
        "call" => compact(test) == format!("{task}.done()"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Method, Why, calls_in};
    use crate::project::callers;

    fn whys(code: &str, is_async: bool) -> Vec<(usize, Option<Why>)> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).unwrap();
        let method = Method {
            name: "start".to_owned(),
            attribute: "_task".to_owned(),
            flags: vec!["_running".to_owned()],
            is_async,
            passing: None,
            class: None,
            runs: None,
            stops: Vec::new(),
        };
        let calls = calls_in(tree.root_node(), code, &[method], &[usize::MAX]);
        calls.into_iter().map(|c| (c.line, c.why)).collect()
    }

    #[test]
    fn a_new_object_per_call_replaces_nothing() {
        let code = "async def serve(r):\n    c = Client(r)\n    await c.start()\n";
        assert_eq!(whys(code, true), [(3, Some(Why::NewObject))]);
        let twice =
            "async def serve(r):\n    c = Client(r)\n    await c.start()\n    await c.start()\n";
        assert_eq!(whys(twice, true), [(3, None), (4, None)]);
        let looped =
            "async def serve(r):\n    c = Client(r)\n    for _ in r:\n        await c.start()\n";
        assert_eq!(whys(looped, true), [(4, None)]);
        let each = "async def serve(rs):\n    for r in rs:\n        c = make(r)\n        todo.append(c.start())\n";
        assert_eq!(whys(each, true), [(4, Some(Why::NewObject))]);
        let branches = "async def serve(r, x):\n    c = Client(r)\n    if x:\n        await c.start()\n    else:\n        await c.start()\n";
        assert_eq!(
            whys(branches, true),
            [(4, Some(Why::NewObject)), (6, Some(Why::NewObject))]
        );
        let given = "async def serve(c):\n    await c.start()\n";
        assert_eq!(whys(given, true), [(2, None)]);
    }

    #[test]
    fn a_test_a_cancel_or_a_one_shot_entry_rules_out_a_live_task() {
        let flag = "async def go(self):\n    if self.a and not self.a._running:\n        await self.a.start()\n";
        assert_eq!(whys(flag, true), [(3, Some(Why::NotRunning))]);
        let other =
            "async def go(self):\n    if not self.a._other:\n        await self.a.start()\n";
        assert_eq!(whys(other, true), [(3, None)]);
        let done = "def go(self):\n    if self._task is None or self._task.done():\n        self.start()\n    else:\n        self.start()\n";
        assert_eq!(whys(done, false), [(3, Some(Why::NotRunning)), (5, None)]);
        let cancel = "def again(self):\n    self._task.cancel()\n    self.start()\n";
        assert_eq!(whys(cancel, false), [(3, Some(Why::AfterCancel))]);
        let parent = "class B(A):\n    async def start(self):\n        await super().start()\n\n    async def again(self):\n        await super().start()\n";
        assert_eq!(whys(parent, true), [(3, Some(Why::Override)), (6, None)]);
        let init = "class A:\n    def __init__(self):\n        self.start()\n";
        assert_eq!(whys(init, false), [(3, Some(Why::RunsOnce))]);
        let dropped = "def main(client):\n    client.start()\n    run(handler=client.start)\n";
        assert_eq!(whys(dropped, true), [(3, None)]);
    }

    #[test]
    fn a_call_on_an_object_of_unknown_class_is_not_proven_a_call_of_the_method() {
        let code = "class A:\n    def start(self):\n        pass\n\n    def again(self):\n        async def inner():\n            self.start()\n        run(lambda: self.start())\n\ndef other(a: A, x, y: Any):\n    a.start()\n    x.start()\n    y.start()\n    x.y.start()\n\nc = A()\nc.start()\nd.start()\n";
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).unwrap();
        let method = Method {
            name: "start".to_owned(),
            attribute: "_task".to_owned(),
            flags: Vec::new(),
            is_async: false,
            passing: None,
            class: Some("A".to_owned()),
            runs: None,
            stops: Vec::new(),
        };
        let calls: Vec<_> = calls_in(tree.root_node(), code, &[method], &[usize::MAX])
            .into_iter()
            .map(|c| (c.line, c.why))
            .collect();
        let unproven = Some(Why::Unproven);
        assert_eq!(
            calls,
            [
                (7, None),
                (8, None),
                (11, None),
                (12, unproven),
                (13, unproven),
                (14, unproven),
                (17, None),
                (18, unproven)
            ]
        );
    }

    #[test]
    fn a_call_under_a_parameter_runs_only_where_the_parameter_is_passed() {
        let code = "class R:\n    def __init__(self, p):\n        self.update(p, is_initial=True)\n\n    def update(self, p, is_initial=False):\n        if is_initial:\n            self.start()\n\ndef later(r: R, p):\n    r.update(p)\n    r.update(p, False)\n    r.update(p, True)\n";
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).unwrap();
        let method = Method {
            name: "start".to_owned(),
            attribute: "_task".to_owned(),
            flags: Vec::new(),
            is_async: false,
            passing: None,
            class: None,
            runs: None,
            stops: Vec::new(),
        };
        let calls = calls_in(tree.root_node(), code, &[method], &[usize::MAX]);
        let through = calls[0].through.clone().unwrap();
        assert_eq!(
            (through.name.as_str(), through.passing.clone()),
            ("update", Some(("is_initial".to_owned(), 1)))
        );
        let lines: Vec<_> = callers::calls_in(tree.root_node(), code, &[through], &[usize::MAX])
            .into_iter()
            .map(|c| (c.line, c.why.is_some()))
            .collect();
        assert_eq!(lines, [(3, true), (12, false)]);
    }
}
