//! What keeps a site's task alive, and the names and sets the fix declares for it.

use tree_sitter::Node;

/// The name the asyncio docs give the set, the helper's name, and the temporary name for a task.
pub const SET_NAME: &str = "_background_tasks";
pub const HELPER_NAME: &str = "_keep_task";
pub const TASK_NAME: &str = "task";
/// The set of concurrent futures (`run_coroutine_threadsafe`), and the temporary name for one.
pub const FUTURES_SET_NAME: &str = "_background_futures";
pub const FUTURE_NAME: &str = "future";
/// The type alias of both futures, for a set that holds both below Python 3.10.
pub const UNION_NAME: &str = "_Background";
/// The done callback that logs a failed task's exception (`--log-exceptions`).
pub const LOG_NAME: &str = "_log_task_exception";

/// What keeps one site's task alive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeper {
    /// `task = <call>`, `<set>.add(task)`, `task.add_done_callback(<set>.discard)`.
    Set(String),
    /// `task = <call>`, `<set>.add(task)`, `task.add_done_callback(<set>.remove)`: a class's own
    /// set, which its methods empty with `remove`, as they write it.
    SetRemoving(String),
    /// `task = <call>`, `<list>.append(task)`, `task.add_done_callback(<list>.remove)`: a list the
    /// class keeps its tasks in and cancels (see `class_tasks.rs`).
    List(String),
    /// `task = <call>`, `<put>(task)`: a queue the class reaps its tasks from, `put` being
    /// `await self.<q>.put` or `self.<q>.put_nowait` (see `detect/reaped_queue.rs`).
    Queue(String),
    /// `<attribute> = <call>`: the attribute the class declares for this task and cancels (see
    /// `declared_attribute.rs`).
    Attribute(String),
    /// `<function>(<call>)`. When it `returns` its argument, chains and comprehensions wrap the
    /// call in place; otherwise the task is named first.
    Call { function: String, returns: bool },
    /// `future = <call>`, `<set>.add(future)`, `future.add_done_callback(<set>.discard)`: the
    /// module's set of the concurrent futures of `run_coroutine_threadsafe`, which hold their
    /// tasks (whatever the strategy: its sets and helpers are typed for asyncio's tasks).
    Futures(String),
    /// `<function>(<the call's arguments>)`: a keeper that takes the coroutine and creates and
    /// keeps the task itself (see `spawn.rs`).
    Spawn(String),
    /// `<function>(<before><the call's arguments><after>)`: a framework's keeper that takes the
    /// coroutine and what else it needs (`hass, ` first, a task name last; see `framework.rs`).
    Framework {
        function: String,
        before: String,
        after: String,
    },
}

/// A set to create on the instances of one class.
pub struct OwnedSet<'t> {
    pub class: Node<'t>,
    pub name: String,
    /// `__init__`, where the set is created.
    pub init: Node<'t>,
    /// A literal `__slots__` to extend.
    pub slots: Option<Node<'t>>,
    /// It holds concurrent futures too (typed for both; a set of tasks only keeps its type).
    pub concurrent: bool,
}
