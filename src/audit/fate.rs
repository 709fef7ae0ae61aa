//! The audit's verdicts on a task, as plain values: how it is shut down, whether its exception
//! is looked at, how risky it is, and what a description of it is made from.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    CancelledAndAwaited,
    Cancelled,
    Awaited,
    None,
    NotApplicable,
}

impl Shutdown {
    pub fn as_str(self) -> &'static str {
        match self {
            Shutdown::CancelledAndAwaited => "cancelled-and-awaited",
            Shutdown::Cancelled => "cancelled",
            Shutdown::Awaited => "awaited",
            Shutdown::None => "none",
            Shutdown::NotApplicable => "n/a",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceptions {
    Retrieved,
    Logged,
    NotRetrieved,
}

impl Exceptions {
    pub fn as_str(self) -> &'static str {
        match self {
            Exceptions::Retrieved => "retrieved",
            Exceptions::Logged => "logged",
            Exceptions::NotRetrieved => "not-retrieved",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Risk {
    None,
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

/// What the words of one description are made from.
pub(super) struct Fate<'a> {
    /// The line of the call.
    pub(super) line: usize,
    /// The enclosing classes and functions, dotted, or `<module>`.
    pub(super) function: &'a str,
    /// The owner's name, or "its owner".
    pub(super) owner: &'a str,
    pub(super) shutdown: Shutdown,
    pub(super) shutdown_line: Option<usize>,
    /// A collection that keeps the task and never has anything taken out of it.
    pub(super) never_discarded: bool,
    /// The collection is made anew and returned by the function that fills it.
    pub(super) handed_back: bool,
    /// The line of an `asyncio.wait` that may leave the task pending and drop it there.
    pub(super) left_pending: Option<usize>,
    pub(super) risk: Risk,
}
