//! What a function summary is (issue 35, point 3), and how a caller reads it: for each
//! parameter of a function of the checked code, what the body does with the value handed in
//! ([`Handling`]), and which parameter an argument of a call binds ([`Handler::param`]). Where
//! the handling is decided, from the body, is [`super::handling`].

use tree_sitter::Node;

use crate::scan::params::ParamKind;
use crate::scan::syntax::text;

/// What a function does with the value of one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handling {
    /// Stored, on every path, in `holder` (`self._tasks`, a module's `_TASKS`): by `.add`,
    /// `.append`, `holder[k] = p` or `holder = p` (an attribute or a global).
    Keeps {
        holder: String,
        /// The holder's class (a method's `self.x`), or `None` for a module's name.
        class: Option<String>,
        /// The holder is a `WeakSet` or weak mapping: it keeps nothing.
        weak: bool,
        /// `holder = p`: the holder is the reference itself, not a container.
        direct: bool,
        /// The line of the store, in the function's file.
        line: usize,
    },
    /// `await p`, or `await asyncio.gather(p)` / `wait_for(p)` / `shield(p)`, on every path;
    /// or `loop.run_until_complete(p)` (or of `wait_for(p)`), which runs the loop until `p` is
    /// done and returns its result or raises its exception.
    Awaits { line: usize },
    /// Every element of `p`, a collection of tasks, awaited on every path (see
    /// [`super::awaits`]): `await asyncio.gather(*p)`, `gather(*(f(t) for t in p))`.
    AwaitsEach { line: usize },
    /// `p.cancel()`, and nothing that keeps it.
    Cancels,
    /// Polled by a plain `def` (`while not p.done(): ...`) that reads its outcome
    /// (`p.result()`, line `reads`), and cancels it where it gives up (line `cancels`): see
    /// [`super::polls`].
    Polls {
        reads: usize,
        cancels: Option<usize>,
    },
    /// `return p`, and nothing that keeps it.
    Returns,
    /// Passed on, as the argument at `arg`, to `callee` (`self.m`, `helper`): followed one
    /// level through the same file's summaries (see [`super::handlers`]).
    HandsOn { callee: String, arg: Arg },
    /// A generator context manager's: yielded (line `yields`) from a `try` whose `finally`
    /// awaits it (line `awaits`), after cancelling it (line `cancels`) where it does: held by
    /// the suspended frame for the `with` block, awaited at the block's exit (see
    /// [`super::guards`]).
    Guards {
        yields: usize,
        cancels: Option<usize>,
        awaits: usize,
    },
    /// Nothing keeps it: only its own methods are called (`p.add_done_callback(log)`).
    Nothing,
    /// Anything else.
    Unknown,
}

/// Where an argument stands in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    At(usize),
    Named(String),
}

/// A parameter: its name, and whether a caller may pass it by position and by keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub positional: bool,
    pub keyword: bool,
}

/// What one function does with each of its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handler {
    pub function: String,
    pub class: Option<String>,
    /// The line of its `def`.
    pub line: usize,
    /// Its parameters, `self` or `cls` of a method left out, each with its handling.
    pub params: Vec<(Param, Handling)>,
    /// Its text, where its body reads a parameter's outcome (see [`super::outcome`]).
    pub outcome: Option<Box<str>>,
}

impl Handler {
    pub fn qualified(&self) -> String {
        match &self.class {
            Some(class) => format!("{class}.{}", self.function),
            None => self.function.clone(),
        }
    }

    /// The parameter an argument binds.
    pub fn param(&self, arg: &Arg) -> Option<&(Param, Handling)> {
        match arg {
            Arg::At(i) => (self.params.iter().filter(|(p, _)| p.positional)).nth(*i),
            Arg::Named(name) => (self.params.iter()).find(|(p, _)| p.keyword && p.name == *name),
        }
    }
}

/// The named parameters, with how a call may pass each; `*args` and `**kwargs` left out.
pub(super) fn parameters(function: Node, src: &str) -> Vec<Param> {
    let passed = crate::scan::params::parameters(function);
    let named = passed.iter().filter(|p| p.kind != ParamKind::Rest);
    named
        .filter_map(|p| {
            Some(Param {
                name: text(p.name?, src).to_owned(),
                positional: p.kind != ParamKind::KeywordOnly,
                keyword: p.kind != ParamKind::PositionalOnly,
            })
        })
        .collect()
}
