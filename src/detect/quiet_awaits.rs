//! The never-suspends rule of [`super::first_step`] one call further: a coroutine whose every
//! `await` leaves the task in the loop's ready queue finishes while the loop holds it, as one
//! with no `await` at all does. Four awaits do:
//!
//! - `await q.put(x)` on an asyncio queue proved unbounded ([`super::unbounded_put`]): `put`
//!   waits only while the queue is full, and an unbounded queue never is.
//! - `await asyncio.sleep(0)` (a literal zero): CPython's `asyncio.sleep` runs `await
//!   __sleep0()` when `delay <= 0`, a bare `yield`, and `Task.__step` answers a bare yield with
//!   `self._loop.call_soon(self.__step)` ("Bare yield relinquishes control for one event loop
//!   iteration", 3.11 `Lib/asyncio/tasks.py` lines 626-641 and 328-330): the ready queue holds
//!   the task again at once (the contract of `scan::ready_queue`).
//! - `await f(...)` where `f` reaches, by the rule's own resolution (the one undecorated `async
//!   def` of the name in the nearest scope that binds it, in this file), a coroutine whose own
//!   awaits are all of these kinds, to a depth of [`DEPTH`] calls; a call that comes back to a
//!   coroutine already on the way may suspend.
//! - the same where the call passes a literal `False` by keyword to a parameter `p` of the
//!   callee that its body never binds again: the body of an `if p:` (no more than the name)
//!   does not run, so its awaits do not count (its `elif`/`else` branches do).
//!
//! Anything else (an attribute's method, an imported function, a call the file does not
//! define, `async for`, `async with`, `yield`) may suspend. A plain `def` called without
//! `await` is no suspension: it runs in the step.

use std::collections::HashSet;

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::scope::{Binding, binding, bound_anywhere, declared_global};
use super::suspends::is_plain_coroutine;
use crate::scan::ready_queue::{sleep_zero, spells_sleep_zero};
use crate::scan::syntax::{strip_parens, text, walk_with_ancestors};

/// How many calls deep the test follows awaits.
const DEPTH: usize = 4;

/// One `await` of the coroutine and why it leaves the task in the ready queue.
#[derive(Clone)]
pub struct Step {
    /// The awaited call as written, arguments elided (`step(...)`).
    pub call: String,
    pub line: usize,
    /// `asyncio.sleep(0)` (`call` as the code writes it): it yields, to the ready queue only.
    pub yields: bool,
    /// The parameters the call turns off (`wait=False`).
    pub off: Vec<String>,
    /// `put` on an asyncio queue proved unbounded ([`super::unbounded_put`]): it never waits.
    pub put: bool,
}

/// What reading the coroutine's awaits found.
pub enum Outcome {
    /// Every await leaves the task in the ready queue: each, in order.
    Quiet(Vec<Step>),
    /// Some await, `async for`, `async with` or `yield` may suspend.
    Suspends,
    /// An awaited name the file spells `def` for is bound nowhere in this tree: the tree holds
    /// only parts of the file, and the whole file must be read.
    Unparsed,
}

/// Whether every await of `definition` (a plain coroutine function) leaves its task in the
/// ready queue. `defined` holds the names the file spells `def` for; `whole` says the tree is
/// the whole file's; `queues` are the names of the module that make asyncio's queues.
pub fn read(
    definition: Node,
    src: &str,
    defined: &HashSet<&str>,
    whole: bool,
    queues: &QueueNames,
) -> Outcome {
    read_setting_aside(definition, src, defined, whole, queues, false).0
}

/// [`read`], except that an `await self.m(...)` in the body of `definition` itself, where
/// `definition` binds no `self` (a function nested in a method, which reads the method's), is
/// set aside with `aside`: its `self.m` is returned for the caller to prove, with the method's
/// own evidence, and counts as quiet here.
pub fn read_setting_aside<'t>(
    definition: Node<'t>,
    src: &str,
    defined: &HashSet<&str>,
    whole: bool,
    queues: &QueueNames,
    aside: bool,
) -> (Outcome, Vec<Node<'t>>) {
    let free_self = aside && !bound_anywhere(definition, "self", src);
    let mut reader = Reader {
        src,
        defined,
        whole,
        queues,
        stack: Vec::new(),
        aside: free_self.then(Vec::new),
    };
    let mut steps = Vec::new();
    let outcome = match reader.body(definition, &[], &mut steps) {
        Ok(()) => Outcome::Quiet(steps),
        Err(stop) => stop,
    };
    (outcome, reader.aside.unwrap_or_default())
}

struct Reader<'a, 's, 't> {
    src: &'s str,
    defined: &'a HashSet<&'s str>,
    whole: bool,
    queues: &'a QueueNames,
    /// The definitions being read, outermost first: a cycle guard.
    stack: Vec<usize>,
    /// The `self.m` of the awaits set aside ([`read_setting_aside`]), when they may be.
    aside: Option<Vec<Node<'t>>>,
}

impl<'t> Reader<'_, '_, 't> {
    /// Reads the body of `definition`, where the parameters `off` are `False`.
    fn body(
        &mut self,
        definition: Node<'t>,
        off: &[String],
        steps: &mut Vec<Step>,
    ) -> Result<(), Outcome> {
        let body = definition
            .child_by_field_name("body")
            .ok_or(Outcome::Suspends)?;
        self.stack.push(definition.id());
        let mut skipped = HashSet::new();
        let mut stop = None;
        walk_with_ancestors(body, |node, _, _| {
            if stop.is_some() || skipped.contains(&node.id()) {
                return false;
            }
            match node.kind() {
                "yield" | "async" => stop = Some(Outcome::Suspends),
                // Their bodies run in another frame; an await in a default runs here.
                "function_definition" | "lambda" => {
                    let mut cursor = node.walk();
                    for child in node.children(&mut cursor) {
                        if node.child_by_field_name("body") != Some(child)
                            && super::suspends::awaits_or_yields(child)
                        {
                            stop = Some(Outcome::Suspends);
                        }
                    }
                    return false;
                }
                "if_statement" => {
                    if let Some(consequence) =
                        super::suspends::skipped_consequence(node, off, self.src)
                    {
                        skipped.insert(consequence.id());
                    }
                }
                "await" if node.is_named() => {
                    match self.awaited(node, definition, steps) {
                        Ok(()) => {}
                        Err(why) => stop = Some(why),
                    }
                    // The awaited call's arguments run here too.
                }
                _ => {}
            }
            stop.is_none()
        });
        self.stack.pop();
        stop.map_or(Ok(()), Err)
    }

    /// Whether the `await` leaves the task in the ready queue; its step when it does.
    fn awaited(
        &mut self,
        node: Node<'t>,
        definition: Node<'t>,
        steps: &mut Vec<Step>,
    ) -> Result<(), Outcome> {
        let src = self.src;
        let call = node
            .named_child(0)
            .map(strip_parens)
            .filter(|c| c.kind() == "call")
            .ok_or(Outcome::Suspends)?;
        let function = strip_parens(
            call.child_by_field_name("function")
                .ok_or(Outcome::Suspends)?,
        );
        let arguments = call
            .child_by_field_name("arguments")
            .ok_or(Outcome::Suspends)?;
        let line = node.start_position().row + 1;
        let is_asyncio = |o: Node| o.kind() == "identifier" && text(o, src) == "asyncio";
        if let Some(written) = sleep_zero(call, src, is_asyncio) {
            steps.push(Step {
                call: written,
                line,
                yields: true,
                off: Vec::new(),
                put: false,
            });
            return Ok(());
        }
        if super::unbounded_put::is_unbounded_put(node, definition, src, self.queues) {
            steps.push(Step {
                call: format!("{}(...)", text(function, src)),
                line,
                yields: false,
                off: Vec::new(),
                put: true,
            });
            return Ok(());
        }
        if let Some(aside) = self.aside.as_mut().filter(|_| self.stack.len() == 1)
            && function.kind() == "attribute"
            && function
                .child_by_field_name("object")
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == "self")
        {
            aside.push(function);
            steps.push(Step {
                call: format!("{}(...)", text(function, src)),
                line,
                yields: false,
                off: Vec::new(),
                put: false,
            });
            return Ok(());
        }
        if function.kind() != "identifier" {
            return Err(Outcome::Suspends);
        }
        let name = text(function, src);
        if !self.defined.contains(name) || self.stack.len() > DEPTH {
            return Err(Outcome::Suspends);
        }
        let target = self.resolve(function, name)?;
        if self.stack.contains(&target.id()) {
            return Err(Outcome::Suspends);
        }
        let off = turned_off(arguments, target, src);
        // A `yield` under a skipped `if` still makes the callee an async generator.
        if !off.is_empty()
            && target
                .child_by_field_name("body")
                .is_none_or(super::suspends::yields_in)
        {
            return Err(Outcome::Suspends);
        }
        let mut inner = Vec::new();
        self.body(target, &off, &mut inner)?;
        let elided = if arguments.named_child_count() == 0 {
            "()"
        } else {
            "(...)"
        };
        steps.push(Step {
            call: format!("{name}{elided}"),
            line,
            yields: inner.iter().any(|s| s.yields),
            off,
            put: false,
        });
        Ok(())
    }

    /// The one plain coroutine function `name` reaches from where `function` is written: the
    /// nearest function scope that binds it, else the module's.
    fn resolve(&self, function: Node<'t>, name: &str) -> Result<Node<'t>, Outcome> {
        let src = self.src;
        let mut scope = function.parent();
        while let Some(s) = scope {
            if s.kind() == "function_definition" {
                match binding(s, name, src) {
                    Binding::None => {}
                    Binding::Definition(d) if is_plain_coroutine(d, src) => return Ok(d),
                    _ => return Err(Outcome::Suspends),
                }
            }
            if s.parent().is_none() {
                break;
            }
            scope = s.parent();
        }
        let root = scope.ok_or(Outcome::Suspends)?;
        match binding(root, name, src) {
            Binding::Definition(d)
                if is_plain_coroutine(d, src) && !declared_global(root, name, src) =>
            {
                Ok(d)
            }
            Binding::None if !self.whole => Err(Outcome::Unparsed),
            _ => Err(Outcome::Suspends),
        }
    }
}

/// The parameters of `target` the call passes a literal `False` by keyword, which the body of
/// `target` never binds again.
fn turned_off(arguments: Node, target: Node, src: &str) -> Vec<String> {
    let Some(parameters) = target.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let Some(body) = target.child_by_field_name("body") else {
        return Vec::new();
    };
    let mut cursor = parameters.walk();
    let names: Vec<&str> = parameters
        .named_children(&mut cursor)
        .filter_map(|p| match p.kind() {
            "identifier" => Some(p),
            "default_parameter" | "typed_default_parameter" | "typed_parameter" => {
                p.named_child(0).filter(|n| n.kind() == "identifier")
            }
            _ => None,
        })
        .map(|n| text(n, src))
        .collect();
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|a| a.kind() == "keyword_argument")
        .filter_map(|a| {
            let name = text(a.child_by_field_name("name")?, src);
            let value = a.child_by_field_name("value")?;
            (value.kind() == "false" && names.contains(&name) && !bound_anywhere(body, name, src))
                .then(|| name.to_owned())
        })
        .collect()
}

/// The parameters of the method `target` that the call's `arguments` leave `False`, the
/// receiver bound first: those it passes a literal `False` by keyword ([`turned_off`]), and
/// those it passes nothing for, by position or keyword, whose default is a literal `False`
/// (none where it unpacks `*args` or `**kwargs`, which may pass anything). The body of `target`
/// never binds them again.
pub fn left_off(arguments: Node, target: Node, src: &str) -> Vec<String> {
    let mut off = turned_off(arguments, target, src);
    let (Some(parameters), Some(body)) = (
        target.child_by_field_name("parameters"),
        target.child_by_field_name("body"),
    ) else {
        return off;
    };
    let mut cursor = arguments.walk();
    let given: Vec<Node> = arguments.named_children(&mut cursor).collect();
    let unpacks = given
        .iter()
        .any(|a| matches!(a.kind(), "list_splat" | "dictionary_splat"));
    if unpacks || arguments.kind() != "argument_list" {
        return off;
    }
    let by_keyword: Vec<&str> = (given.iter())
        .filter(|a| a.kind() == "keyword_argument")
        .filter_map(|a| a.child_by_field_name("name").map(|n| text(n, src)))
        .collect();
    // The receiver, then each positional argument, fills one parameter before any `*`.
    let positional = 1 + given
        .iter()
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
        .count();
    let mut keyword_only = false;
    let mut i = 0;
    let mut cursor = parameters.walk();
    for parameter in parameters.named_children(&mut cursor) {
        match parameter.kind() {
            "keyword_separator" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                keyword_only = true
            }
            // `*args: T` is a typed parameter too.
            "typed_parameter"
                if parameter
                    .named_child(0)
                    .is_some_and(|n| n.kind().ends_with("splat_pattern")) =>
            {
                keyword_only = true
            }
            "identifier" | "typed_parameter" => i += 1,
            "default_parameter" | "typed_default_parameter" => {
                i += 1;
                let name = parameter.child_by_field_name("name");
                let default = parameter.child_by_field_name("value");
                let Some(name) = name.filter(|n| n.kind() == "identifier") else {
                    continue;
                };
                let name = text(name, src);
                let passed = by_keyword.contains(&name) || (!keyword_only && i <= positional);
                if !passed
                    && default.is_some_and(|d| d.kind() == "false")
                    && !bound_anywhere(body, name, src)
                    && !off.iter().any(|o| o == name)
                {
                    off.push(name.to_owned());
                }
            }
            _ => {}
        }
    }
    off
}

/// Whether the text after an `await` spells a `put` call (`q.put(`, `self._q.put(`): the tree
/// decides whether the queue is unbounded ([`super::unbounded_put`]).
pub fn spells_put(after_await: &[u8]) -> bool {
    use crate::scan::blocks::is_word_byte as word;
    let rest = after_await.trim_ascii_start();
    let dotted = rest.iter().take_while(|&&b| word(b) || b == b'.').count();
    rest[..dotted].ends_with(b".put") && rest[dotted..].trim_ascii_start().starts_with(b"(")
}

/// Whether the block of the `def` at `at`, read by indentation, may pass [`read`] by its text:
/// no `async` or `yield`, and each `await` followed by `asyncio.sleep(0)`, a `put` call, or the
/// call of a name the file spells `def` for (`defined`). A cheap test before the whole file is parsed.
pub fn quiet_calls_block(src: &str, at: usize, defined: &HashSet<&str>) -> bool {
    use crate::scan::blocks::{block_under, is_word_byte as word, spelt};
    let Some(block) = block_under(src, at) else {
        return false;
    };
    if spelt(block, "async").next().is_some() || spelt(block, "yield").next().is_some() {
        return false;
    }
    spelt(block, "await").all(|i| {
        let rest = block[i + 5..].trim_ascii_start();
        if spells_sleep_zero(rest) || spells_put(rest) {
            return true;
        }
        let end = rest.iter().position(|&b| !word(b)).unwrap_or(rest.len());
        end > 0
            && rest[end..].trim_ascii_start().starts_with(b"(")
            && std::str::from_utf8(&rest[..end]).is_ok_and(|n| defined.contains(n))
    })
}
