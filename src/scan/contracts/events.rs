//! asyncio's `Event`: what a task that only waits for one can raise.

/// The class, and the modules it is imported from (`from asyncio import Event`,
/// `from asyncio.locks import Event`; `asyncio.Event` through the module).
pub const EVENT_CLASS: &str = "Event";
pub const EVENT_MODULES: [&str; 2] = ["asyncio", "asyncio.locks"];

/// CPython 3.10-3.14 `Lib/asyncio/locks.py` `Event.wait`: `if self._value: return True`, else
/// it awaits a new future of its loop, which only `set()` resolves (`fut.set_result(True)`),
/// and returns `True`; only a cancellation of the waiting task ends it otherwise. The one other
/// exception is `_get_loop`'s (`Lib/asyncio/mixins.py`): `RuntimeError` when the event is bound
/// to another event loop than the running one, a bug of the program that every wait of that
/// event raises (3.8 and 3.9 bind it when it is made, and fail the same way).
pub const EVENT_WAIT: &str = "asyncio `Event.wait()` (`Lib/asyncio/locks.py`) returns `True` \
                              once the event is set and raises nothing but `CancelledError` \
                              (or `RuntimeError` if the event is bound to another event loop): \
                              the task has no exception to retrieve";
