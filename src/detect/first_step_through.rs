//! The never-suspends rule of [`super::first_step_method`] one await further (issue 35, exam35j's
//! centrifuge-python): `Subscription._resubscribe` only awaits
//! `self._client._resubscribe(self)`, and `Client._resubscribe` (`self._client:
//! Optional[Client]`) has no `await`. Awaiting a coroutine runs it in the awaiting task's own
//! step: where the awaited method never suspends, neither does the await.
//!
//! An `await recv.m(...)` counts as not suspending when the class of `recv` is one the file
//! shows (`self` and `cls` in a method: its class; a receiver whose annotation or binding names
//! a module-level class of the file: [`super::first_step_typed`]) and that class's `m` passes
//! the same proof the site's method does, with the same reading of the file's overrides, to
//! [`DEPTH`] awaits deep. Each method followed is one more that a subclass in another file may
//! override: such a proof is `unknown`, never `kept`, and the audit's reading of one class's
//! heirs does not settle it ([`OpenProof::Awaits`]).
//!
//! Cost, measured on the shared corpus and the development sets: the text test before any parse
//! follows an await only to a method the file spells `async def` for whose block passes the same
//! test, and the proof parses only that method's class's statements that spell its name.

use std::sync::Arc;

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::suspends::{Quiet, quiet_with};
use super::task_site::OpenProof;
use crate::project::quiet_coroutines::{FileMethods, QuietMethods};
use crate::scan::ready_queue::{SLEEP_ZERO, UNBOUNDED_PUT, YIELDS};
use crate::scan::syntax::{strip_parens, text};

/// How many awaits deep the proof follows methods.
pub const DEPTH: usize = 3;

/// A method proved never to suspend, read in its class with the file's overrides of it.
#[derive(Debug, Clone)]
pub struct Proved {
    pub class: String,
    pub method: String,
    /// Its `def`, 1-based.
    pub line: usize,
    /// How its own body never suspends (the awaits of other methods aside).
    pub how: Quiet,
    /// The awaits of other methods it runs, each proved the same way.
    pub through: Vec<Await>,
    /// The module that defines the class, when it is not the site's file
    /// ([`super::first_step_awaited_import`]).
    pub module: Option<String>,
    /// The parameters the site's call leaves `False`, whose `if p:` bodies do not run
    /// ([`super::quiet_awaits::left_off`]).
    pub off: Vec<String>,
}

/// One `await recv.m(...)` of a method, and the method it runs.
#[derive(Debug, Clone)]
pub struct Await {
    /// The awaited function as written, arguments elided (`self._client._resubscribe(...)`).
    pub call: String,
    pub line: usize,
    pub reached: Reached,
}

/// What an await of a method runs, as far as the proof reads it.
#[derive(Debug, Clone)]
pub enum Reached {
    /// The method of a class the proof reads, proved never to suspend.
    Method(Proved),
    /// `m` on an object whose class the proof cannot read, where every `def m` of the checked
    /// code is a method that never suspends (the first in `file`, empty for the site's own, at
    /// `line`): the proof stops there, and proves no drop.
    Stopped {
        method: String,
        file: String,
        line: usize,
    },
}

/// Where the proof may stop rather than fail, for a site ruff's RUF006 does not report (a
/// RUF006 finding stays reported unless the proof holds): the checked code's methods by name
/// ([`crate::project::quiet_coroutines::QuietMethods`]), or the file's own when it is analysed
/// alone.
#[derive(Debug, Clone)]
pub enum Stops {
    Run(Arc<QuietMethods>),
    File(Arc<FileMethods>),
}

impl Stops {
    /// Where the checked code's only kind of `def name` is, a method that never suspends.
    pub fn quiet(&self, name: &str) -> Option<(String, usize)> {
        match self {
            Stops::Run(methods) => methods.quiet(name),
            Stops::File(methods) => methods.quiet(name),
        }
    }
}

/// What the text test may read beyond the file's own classes for an awaited method: where the
/// proof may stop, and the classes the file imports ([`super::first_step_awaited_import`]).
#[derive(Clone, Copy, Default)]
pub struct Beyond<'a> {
    pub stops: Option<&'a Stops>,
    pub imported: Option<&'a dyn Answers>,
}

/// What a reader of other modules may answer for an awaited method's name, before the proof
/// reads the object's class ([`super::first_step_awaited_import`]).
pub trait Answers {
    /// Whether some class the reader knows may define `name` as a coroutine that never suspends.
    fn may(&self, name: &str) -> bool;
}

impl Beyond<'_> {
    /// Whether an await of `name` may pass where no class of the file answers it.
    pub fn passes(&self, name: &str) -> bool {
        self.stops.is_some_and(|s| s.quiet(name).is_some())
            || self.imported.is_some_and(|i| i.may(name))
    }
}

/// How `definition`'s own body never suspends, with the awaits of methods that `follow` proves
/// (given the receiver and the method's name) never to suspend, where its parameters `off` are
/// `False`.
pub fn never_suspends<'t>(
    definition: Node<'t>,
    src: &str,
    queues: &QueueNames,
    off: &[String],
    follow: &mut dyn FnMut(Node<'t>, &str) -> Option<Reached>,
) -> Option<(Quiet, Vec<Await>)> {
    let mut through = Vec::new();
    let how = quiet_with(definition, src, queues, off, &mut |node| {
        let (receiver, method) = awaited_method(node, src)?;
        let reached = follow(receiver, method)?;
        let call = strip_parens(node.named_child(0)?);
        let function = strip_parens(call.child_by_field_name("function")?);
        let elided = match call.child_by_field_name("arguments")?.named_child_count() {
            0 => "()",
            _ => "(...)",
        };
        through.push(Await {
            call: format!("{}{elided}", text(function, src)),
            line: node.start_position().row + 1,
            reached,
        });
        // Its own yields and puts are said where it is.
        Some(Quiet::Bare)
    })?;
    Some((how, through))
}

/// The receiver and the method's name of an `await recv.m(...)`.
pub fn awaited_method<'t, 's>(node: Node<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    let call = strip_parens(node.named_child(0)?);
    let function = strip_parens(call.child_by_field_name("function")?);
    if call.kind() != "call" || function.kind() != "attribute" {
        return None;
    }
    let receiver = strip_parens(function.child_by_field_name("object")?);
    Some((
        receiver,
        text(function.child_by_field_name("attribute")?, src),
    ))
}

impl Proved {
    /// The site's reason and what its proof rests on: the words `first_step_method` has always
    /// written for a method that awaits no other, or those of the chain.
    pub fn reason(&self) -> (String, OpenProof) {
        let Proved {
            class,
            method,
            line,
            ..
        } = self;
        let holds = match self.yields() {
            true => "the loop holds it until it finishes",
            false => "it finishes in its first step, which the loop holds",
        };
        if self.through.is_empty() {
            let why = format!(
                "asyncio: its coroutine `{class}.{method}` (line {line}){} never suspends{}, nor \
                 does any override of `{method}` in this file, so {holds}; but a subclass in \
                 another file may override `{method}` with one that suspends",
                self.left(),
                own_words(&self.how, false)
            );
            let yields = match &self.how {
                Quiet::Yields(_, written) => Some(written.clone()),
                _ => None,
            };
            let open = OpenProof::Overrides {
                class: class.clone(),
                method: method.clone(),
                line: *line,
                yields,
                through: None,
                off: self.off.clone(),
            };
            return (why, open);
        }
        let mut methods = Vec::new();
        self.methods(&mut methods);
        let methods = methods.join(" or ");
        if self.stopped() {
            // Where an await's object is of no class the proof reads, it proves nothing.
            let why = format!(
                "asyncio: its coroutine `{class}.{method}` (line {line}){} may never suspend{}: \
                 {}; if so, {holds}; but undangle cannot tell which class's method the \
                 object runs, and a subclass in another file may override {methods} with one \
                 that suspends",
                self.left(),
                own_words(&self.how, true),
                self.awaits()
            );
            return (why, OpenProof::Awaits);
        }
        let why = format!(
            "asyncio: its coroutine `{class}.{method}` (line {line}){} never suspends{}: {}; nor \
             does any override of these methods in this file, so {holds}; but a subclass in \
             another file may override {methods} with one that suspends",
            self.left(),
            own_words(&self.how, true),
            self.awaits()
        );
        (why, OpenProof::Awaits)
    }

    /// The parameters the site's call leaves `False`, as the reason says them.
    fn left(&self) -> String {
        left_words(&self.off)
    }

    /// Whether the proof stopped at an await of an object whose class it does not read.
    fn stopped(&self) -> bool {
        self.through.iter().any(|a| match &a.reached {
            Reached::Method(p) => p.stopped(),
            Reached::Stopped { .. } => true,
        })
    }

    /// Whether it, or a method it awaits, yields to the ready queue.
    fn yields(&self) -> bool {
        let yields = |a: &Await| matches!(&a.reached, Reached::Method(p) if p.yields());
        matches!(self.how, Quiet::Yields(..)) || self.through.iter().any(yields)
    }

    /// "its await `x.n(...)` (line 5) runs `D.n` (line 9), which never suspends".
    fn awaits(&self) -> String {
        let each: Vec<String> = (self.through.iter())
            .map(|a| {
                let reached = match &a.reached {
                    Reached::Method(reached) => reached,
                    Reached::Stopped { method, file, line } => {
                        let place = match file.is_empty() {
                            true => format!("line {line}"),
                            false => format!("`{file}`, line {line}"),
                        };
                        return format!(
                            "`{}` (line {}) runs `{method}` on an object whose class undangle \
                             does not read, and the checked code's every `{method}` never \
                             suspends (the first at {place})",
                            a.call, a.line
                        );
                    }
                };
                let Proved {
                    class,
                    method,
                    line,
                    how,
                    through,
                    module,
                    ..
                } = reached;
                let further = match through.is_empty() {
                    true => String::new(),
                    false => format!(": {}", reached.awaits()),
                };
                let place = match module {
                    Some(module) => format!("`{module}`, line {line}"),
                    None => format!("line {line}"),
                };
                format!(
                    "`{}` (line {}) runs `{class}.{method}` ({place}), which never \
                     suspends{}{further}",
                    a.call,
                    a.line,
                    own_words(how, !through.is_empty())
                )
            })
            .collect();
        let which = match each.len() {
            1 => "its await",
            _ => "its awaits",
        };
        format!("{which} {}", each.join("; "))
    }

    /// The methods the proof rests on, each once, as `C.m`.
    fn methods(&self, into: &mut Vec<String>) {
        let named = format!("`{}.{}`", self.class, self.method);
        if !into.contains(&named) {
            into.push(named);
        }
        for a in &self.through {
            if let Reached::Method(reached) = &a.reached {
                reached.methods(into);
            }
        }
    }
}

/// The parameters `off` a site's call leaves `False`, as a reason says them after the method:
/// empty when there are none.
pub fn left_words(off: &[String]) -> String {
    if off.is_empty() {
        return String::new();
    }
    let named: Vec<String> = off.iter().map(|p| format!("`{p}`")).collect();
    let guards: Vec<String> = off.iter().map(|p| format!("`if {p}:`")).collect();
    format!(
        ", where the call leaves {} `False` (its {} skipped),",
        named.join(" and "),
        match guards.len() {
            1 => format!("{} is", guards[0]),
            _ => format!("{} are", guards.join(" and ")),
        }
    )
}

/// What a method's own awaits of asyncio are, when it has any; `others` when it also awaits
/// methods.
fn own_words(how: &Quiet, others: bool) -> String {
    let which = if others { "other" } else { "only" };
    match how {
        Quiet::Bare => String::new(),
        Quiet::UnboundedPut(put) => format!(
            " (its {which} awaits are `put` on an unbounded asyncio queue, line {put}: \
             {UNBOUNDED_PUT})"
        ),
        Quiet::Yields(at, written) => format!(" {YIELDS} (`{written}`, line {at}: {SLEEP_ZERO})"),
    }
}
