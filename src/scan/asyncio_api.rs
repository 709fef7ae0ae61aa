//! The asyncio names undangle knows, in one place so that the prefilter and the detector can
//! never disagree about them.

/// Functions that create a Task, as asyncio and `asyncio.tasks` name them.
pub const TASK_FUNCTIONS: [&str; 2] = ["create_task", "ensure_future"];

/// Functions whose result is an event loop.
pub const LOOP_GETTERS: [&str; 3] = ["get_running_loop", "get_event_loop", "new_event_loop"];

pub fn is_task_function(name: &[u8]) -> bool {
    TASK_FUNCTIONS.iter().any(|f| f.as_bytes() == name)
}

/// `Task`, whose call creates a task (as a type, in annotations or `isinstance`, it creates
/// none: only its calls are sites).
pub fn is_task_class(name: &[u8]) -> bool {
    name == TASK_CLASS.as_bytes()
}

pub fn is_loop_getter(name: &[u8]) -> bool {
    LOOP_GETTERS.iter().any(|f| f.as_bytes() == name)
}

/// Loop methods that call a callable they are handed later, on the loop's thread, and ignore
/// what it returns: handed a task function (`loop.call_soon_threadsafe(loop.create_task, coro)`,
/// `loop.call_later(5, asyncio.create_task, coro)`), the task it creates is dropped by the loop.
pub const HANDOFF_METHODS: [&str; 4] =
    ["call_soon_threadsafe", "call_soon", "call_later", "call_at"];

/// The position of the callable among a hand-off method's arguments: `call_soon(callback,
/// *args)`, `call_later(delay, callback, *args)`, `call_at(when, callback, *args)`.
pub fn handoff_callable_at(name: &[u8]) -> Option<usize> {
    match name {
        b"call_soon_threadsafe" | b"call_soon" => Some(0),
        b"call_later" | b"call_at" => Some(1),
        _ => None,
    }
}

/// `asyncio.run_coroutine_threadsafe(coro, loop)`: its concurrent Future is all that holds the
/// task it schedules.
pub const THREADSAFE_RUNNER: &str = "run_coroutine_threadsafe";

/// asyncio's queue classes: `LifoQueue` and `PriorityQueue` inherit `Queue.put`.
pub const QUEUE_CLASSES: [&str; 3] = ["Queue", "LifoQueue", "PriorityQueue"];

/// The Task class itself: `asyncio.Task(coro)` creates a task too.
pub const TASK_CLASS: &str = "Task";

/// Every name whose call may create a task: what the audit's inventory and its prefilter look
/// for.
pub const CREATORS: [&str; 4] = [
    TASK_FUNCTIONS[0],
    TASK_FUNCTIONS[1],
    TASK_CLASS,
    THREADSAFE_RUNNER,
];

pub fn is_handoff_method(name: &[u8]) -> bool {
    HANDOFF_METHODS.iter().any(|f| f.as_bytes() == name)
}
