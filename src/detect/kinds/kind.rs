//! The kinds of dropped task, as values: what a site, a finding and a fix name. What each one
//! means is its rule's, in the file of the same name.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Bare,
    UnusedAssignment,
    ChainedCallback,
    Comprehension,
    CallbackOnly,
    FactoryResult,
    ThreadsafeHandoff,
    Rebound,
    DyingContainer,
    CallbackReturn,
    WeakContainer,
    WaitPending,
    /// Never reported: the `return` in a task factory whose result some caller drops, where
    /// `fix` keeps the task.
    FactoryReturn,
}
