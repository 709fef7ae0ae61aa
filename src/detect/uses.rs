//! How one occurrence of a task is used where it stands: the words every reader of a task's
//! reference shares (the call's own use, a local's later reads, a hand-off's).

use tree_sitter::Node;

/// How one occurrence of a task (the call itself, or a later read of its name) is used.
#[derive(Debug, Clone, Copy)]
pub(super) enum Use<'t> {
    Awaited,
    Returned,
    /// A statement of its own: nothing keeps it.
    Statement,
    /// The value of an assignment (or walrus) to this target.
    Assigned(Node<'t>),
    /// Given to `holder.add(...)`, `holder.append(...)` and the like.
    AddedTo(Node<'t>),
    /// An argument of some other call.
    Passed,
    /// `task.method(...)`: a method call on the task itself.
    Method,
    /// `task.cancel()`, `task.done()`, `task.cancelled()`, or `for t in tasks: t.cancel()`: the
    /// function cancels or inspects the task where it reads it.
    Handled,
    /// `task.result()` / `task.exception()`: the outcome is read, so the task is done (or the
    /// caller waits for it, as with the future of `run_coroutine_threadsafe`).
    Retrieved,
    /// Read without being kept (compared, iterated, tested).
    Other,
}
