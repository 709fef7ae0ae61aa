//! Futures handed on: the library calls that return a future holding the one they are handed
//! (asyncio's `wrap_future`, Twisted's `Deferred.fromFuture`), and the asyncio calls that
//! return a future and never a task.

/// A library function that returns a future holding the one it is handed: holding what it
/// returns keeps the argument (and the task behind it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chained {
    /// Its name, bare (`wrap_future`) or as its class's method (`Deferred.fromFuture`).
    pub function: &'static str,
    /// The modules it is also spelled through (`asyncio.wrap_future`, `defer.Deferred...`).
    pub modules: &'static [&'static str],
    pub api: &'static str,
}

/// CPython 3.13 `Lib/asyncio/futures.py`: `wrap_future(future)` returns an asyncio future
/// as is, else a new one that `_chain_future` joins to it (each has a done callback that
/// refers to the other); `run_coroutine_threadsafe`'s concurrent future is joined to its task
/// the same way, which is why a dropped one loses the task (`threadsafe-handoff`).
///
/// Twisted (twisted/twisted `src/twisted/internet/defer.py`, `Deferred.fromFuture`, "Adapt a
/// Future to a Deferred", since Twisted 17.5.0): `self = cls(cancel)`, a Deferred whose
/// canceller closes over the future (`future.cancel()`), then `future.add_done_callback(
/// adapt)`, where `adapt` reads `result.result()` (or the failure it raises) and fires the
/// Deferred with it. Holding the Deferred, or awaiting it, holds the future; the future's
/// exception is read by `adapt` and handed on to whoever waits for the Deferred.
pub const CHAINED: [Chained; 2] = [
    Chained {
        function: "wrap_future",
        modules: &["asyncio"],
        api: "asyncio `wrap_future(future)`: the asyncio future it returns is chained to the \
              one it is handed (`Lib/asyncio/futures.py` `_chain_future`)",
    },
    Chained {
        function: "Deferred.fromFuture",
        modules: &["defer", "twisted.internet.defer"],
        api: "Twisted `Deferred.fromFuture(future)` (`twisted/internet/defer.py`): the Deferred \
              it returns holds the future (its canceller cancels it) and fires with the \
              future's result or exception, which its done callback reads",
    },
];

/// The chained contract a call spelled `spelled` (its callee, without whitespace) is.
pub fn chained(spelled: &str) -> Option<&'static Chained> {
    CHAINED.iter().find(|c| {
        spelled == c.function
            || (c.modules.iter()).any(|m| {
                spelled
                    .strip_prefix(m)
                    .and_then(|rest| rest.strip_prefix('.'))
                    == Some(c.function)
            })
    })
}

/// CPython 3.13 `Lib/asyncio/tasks.py` `ensure_future(obj)`: "If the argument is a Future, it is
/// returned directly"; only a coroutine (or another awaitable) is wrapped in a new task.
pub const ENSURE_FUTURE_OF_FUTURE: &str = "asyncio `ensure_future(obj)` returns a future it is \
                                           handed as it is (`Lib/asyncio/tasks.py`): no task is \
                                           created";

/// CPython 3.13 `Lib/asyncio/tasks.py` `Task.__step`: a task whose coroutine awaits a pending
/// future hands it `self.__wakeup` with `add_done_callback`, and the future keeps its done
/// callbacks until it is done (`Lib/asyncio/futures.py`, `_callbacks`); when it is, they go to
/// the loop's ready queue with `call_soon`.
pub const FUTURE_WAKEUP: &str = "a pending future's done callbacks hold the task that awaits \
                                 it (`Task.__step` adds its wakeup, `Lib/asyncio/tasks.py`), \
                                 so what holds the future holds the task until it is done";

/// CPython 3.13 `Lib/asyncio/queues.py` and `locks.py`: `Queue.get`/`put` (full or empty),
/// `Lock.acquire`, `Semaphore.acquire`, `Event.wait` and `Condition.wait` make a future with
/// `loop.create_future()`, append it to the object's own deque (`_getters`, `_putters`,
/// `_waiters`) and await it; the object drops it only when the wait ends.
pub const WAITER_FUTURES: &str = "asyncio's queue, lock, semaphore, event and condition keep \
                                  the future each wait awaits in their own deque until the \
                                  wait ends (`Lib/asyncio/queues.py`, `locks.py`)";

/// The calls that return an asyncio future and never a task (CPython 3.13 `Lib/asyncio/
/// base_events.py`, `futures.py`), with what holds that future until it is done.
pub const FUTURE_MAKERS: [(&str, &str); 4] = [
    (
        ".run_in_executor",
        "`loop.run_in_executor(...)` returns a future chained to the executor's, which its work \
         item holds until the call is done",
    ),
    (
        "asyncio.wrap_future",
        "`asyncio.wrap_future(f)` returns a future chained to `f` (each done callback refers to \
         the other)",
    ),
    (
        ".create_future",
        "`loop.create_future()` returns a plain future, which runs nothing",
    ),
    (
        "asyncio.Future",
        "`asyncio.Future()` is a plain future, which runs nothing",
    ),
];
