//! The audit's verdicts on a task, as plain values: how it is shut down, whether its exception
//! is looked at, how risky it is, and what a description of it is made from.

use crate::detect::task_site::{Reference, TaskSite};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    CancelledAndAwaited,
    Cancelled,
    Awaited,
    None,
    /// A holder keeps the task, but its shutdown is not in the text the audit reads.
    Unknown,
    NotApplicable,
}

impl Shutdown {
    pub fn as_str(self) -> &'static str {
        match self {
            Shutdown::CancelledAndAwaited => "cancelled-and-awaited",
            Shutdown::Cancelled => "cancelled",
            Shutdown::Awaited => "awaited",
            Shutdown::None => "none",
            Shutdown::Unknown => "unknown",
            Shutdown::NotApplicable => "n/a",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceptions {
    Retrieved,
    Logged,
    NotRetrieved,
    /// Its coroutine raises nothing to retrieve, by a contract of the table (see
    /// [`super::event_wait`]).
    NotApplicable,
}

impl Exceptions {
    pub fn as_str(self) -> &'static str {
        match self {
            Exceptions::Retrieved => "retrieved",
            Exceptions::Logged => "logged",
            Exceptions::NotRetrieved => "not-retrieved",
            Exceptions::NotApplicable => "n/a",
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
#[derive(Clone, Copy)]
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
    /// What reads its exception (a done callback that logs it leaves only the wait to ask).
    pub(super) exceptions: Exceptions,
}

/// How likely the task is to be lost, or to fail unseen.
pub(super) fn risk_of(
    site: &TaskSite,
    shutdown: Shutdown,
    exceptions: Exceptions,
    never_discarded: bool,
    // The function rebinds the attribute with no look at the task it held.
    rebind: bool,
) -> Risk {
    let kept = matches!(
        site.reference,
        Reference::Attribute | Reference::Collection | Reference::Module
    );
    match site.reference {
        // Nothing is collected, but the task's work never runs: the bug a reviewer must see.
        _ if site.never_runs.is_some() => Risk::High,
        // A future, not a task, cancelled: done at once, and asyncio logs nothing of it.
        _ if site.not_a_task && shutdown == Shutdown::Cancelled => Risk::None,
        // A dropped future, not a task: only its failure can go unseen.
        _ if site.not_a_task && exceptions == Exceptions::NotRetrieved => Risk::Low,
        _ if site.not_a_task => Risk::None,
        // Held across the await, then lost when its loop's next turn binds the local again.
        Reference::Local if site.lost_next_turn.is_some() && site.kind().is_none() => Risk::High,
        // Its frame holds it until it is done with it: lost only if the function fails first,
        // unless the frame also waits for it (then its exception is retrieved too).
        Reference::Local
            if site.held_by_frame
                && site.kind().is_none()
                && matches!(shutdown, Shutdown::Awaited | Shutdown::CancelledAndAwaited) =>
        {
            Risk::None
        }
        // Its `result()` read in the frame: done there, its exception read (asyncio's
        // contract: a pending task's `result()` raises `InvalidStateError`); unless the frame
        // cancels it on another path (`if not t.done(): t.cancel()` / `elif ...: t.exception()`)
        // and never awaits it there.
        Reference::Local
            if site.held_by_frame
                && site.outcome_read
                && site.kind().is_none()
                && shutdown != Shutdown::Cancelled =>
        {
            Risk::None
        }
        Reference::Local if site.held_by_frame && site.kind().is_none() => Risk::Low,
        Reference::Dropped if site.finishes_at_once && site.kind().is_none() => Risk::Low,
        Reference::Dropped | Reference::Local => Risk::High,
        // `await asyncio.wait([...])` that drops its result: a failure is logged, unseen.
        Reference::Awaited if exceptions == Exceptions::NotRetrieved => Risk::Low,
        // Left pending by `asyncio.wait` on one path, cancelled there and never awaited.
        Reference::Awaited if shutdown == Shutdown::Cancelled => Risk::Low,
        _ if kept && (shutdown == Shutdown::None || never_discarded || rebind) => Risk::Medium,
        _ if kept
            && (shutdown == Shutdown::Cancelled || exceptions == Exceptions::NotRetrieved) =>
        {
            Risk::Low
        }
        // A function it is handed to cancels it where it gives up, and never awaits it.
        Reference::Passed if site.cancelled_by_callee.is_some() => Risk::Low,
        _ => Risk::None,
    }
}
