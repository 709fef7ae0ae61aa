//! Functions that run on a thread of their own, where no event loop runs and none is set: a
//! creator that needs the thread's loop raises there, and no task is made.

/// CPython 3.10-3.14 `Lib/asyncio/events.py`: `get_running_loop()` raises `RuntimeError`
/// where no loop runs in the thread, and `create_task`, `ensure_future` (of a coroutine, no
/// `loop=`) and `get_event_loop()` go through it; `get_event_loop()` then asks the policy,
/// whose `get_event_loop` creates a loop only in the main thread and raises `RuntimeError`
/// ("There is no current event loop in thread") in any other where `set_event_loop` was not
/// called.
pub const NO_LOOP_IN_THREAD: &str = "asyncio: in a thread where no loop runs, \
                                     `get_running_loop()` raises RuntimeError, and so do \
                                     `create_task`, `ensure_future` and (with no \
                                     `set_event_loop` in that thread) `get_event_loop()` \
                                     (`Lib/asyncio/events.py`)";

/// watchdog's event handler classes (`watchdog/events.py`), whose `dispatch` and `on_*`
/// methods the observer calls on its own emitter thread (`watchdog/observers/api.py`
/// `BaseObserver.dispatch_events`, run by the observer's `threading.Thread`).
pub const WATCHDOG_HANDLERS: [&str; 4] = [
    "FileSystemEventHandler",
    "PatternMatchingEventHandler",
    "RegexMatchingEventHandler",
    "LoggingEventHandler",
];

/// The handler methods the observer calls (`watchdog/events.py` `FileSystemEventHandler`).
pub const WATCHDOG_METHODS: [&str; 10] = [
    "dispatch",
    "on_any_event",
    "on_created",
    "on_deleted",
    "on_modified",
    "on_moved",
    "on_closed",
    "on_closed_no_write",
    "on_opened",
    "on_accessed",
];

pub const WATCHDOG_THREAD: &str = "watchdog: the observer calls a `FileSystemEventHandler`'s \
                                   `dispatch` and `on_*` methods on its own thread \
                                   (`watchdog/observers/api.py`)";
