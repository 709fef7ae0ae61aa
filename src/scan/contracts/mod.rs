//! What libraries do with what they are handed, as their documentation and code say: the one
//! table a verdict or a fix that rests on a library names (asyncio's callback registrations,
//! emitters' and signals', frameworks' own keepers). A call whose callee is neither in the checked
//! code nor here proves nothing, so the audit says `unknown` and `check` stays silent.

mod events;
mod futures;
mod loops;
mod threads;

pub use events::{EVENT_CLASS, EVENT_MODULES, EVENT_WAIT};
pub use futures::{
    Chained, ENSURE_FUTURE_OF_FUTURE, FUTURE_MAKERS, FUTURE_WAKEUP, WAITER_FUTURES, chained,
};
pub use loops::{WORKFLOW_ENGINES, WorkflowEngine, new_loop_run};
pub use threads::{NO_LOOP_IN_THREAD, WATCHDOG_HANDLERS, WATCHDOG_METHODS, WATCHDOG_THREAD};

/// What a callback registration is called on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// An asyncio event loop, by its name (`loop`, `self._loop`, `get_running_loop()`).
    Loop,
    /// Any future: asyncio's and `concurrent.futures`' alike.
    Future,
    /// An object whose class decides, and which the code does not show.
    Unresolved,
}

/// What the registration does with what the callback returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Calls it later and ignores what it returns: a task it returns is dropped.
    DropsReturn,
    /// Depends on the receiver's class, in the words of the contracts that differ.
    Depends(&'static str),
}

/// A method that registers a callback to call later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Callback {
    pub method: &'static str,
    pub receiver: Receiver,
    pub effect: Effect,
    /// The contract as the library documents it.
    pub api: &'static str,
}

const LOOP_DROPS: Effect = Effect::DropsReturn;

const EMITTERS: Effect = Effect::Depends(
    "pyee's `EventEmitter` drops what a listener returns, its `AsyncIOEventEmitter` keeps the \
     futures until they finish, and other emitters differ; the code does not show which class \
     the emitter is",
);

const SIGNALS: Effect = Effect::Depends(
    "Qt's `Signal.connect` drops what a slot returns, blinker's `send` hands its receivers' \
     results back to the sender; the code does not show which the signal is",
);

const HANDLERS: Effect = Effect::Depends(
    "Starlette drops what a startup or shutdown handler returns, other frameworks await it; the \
     code does not show which the application is",
);

/// Callback registrations, asyncio's (Python 3.7 to 3.14 `asyncio-eventloop` and
/// `asyncio-future` documentation) and the emitters' and signals' that share their names.
pub const CALLBACKS: [Callback; 13] = [
    Callback {
        method: "call_soon",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.call_soon(callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "call_soon_threadsafe",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.call_soon_threadsafe(callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "call_later",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.call_later(delay, callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "call_at",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.call_at(when, callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "add_signal_handler",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.add_signal_handler(signum, callback, *args)`: the callback's result \
              is ignored",
    },
    Callback {
        method: "add_reader",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.add_reader(fd, callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "add_writer",
        receiver: Receiver::Loop,
        effect: LOOP_DROPS,
        api: "asyncio `loop.add_writer(fd, callback, *args)`: the callback's result is ignored",
    },
    Callback {
        method: "add_done_callback",
        receiver: Receiver::Future,
        effect: LOOP_DROPS,
        api: "`Future.add_done_callback(fn)` (asyncio and concurrent.futures): the callback's \
              result is ignored",
    },
    Callback {
        method: "on",
        receiver: Receiver::Unresolved,
        effect: EMITTERS,
        api: "`emitter.on(event, listener)`",
    },
    Callback {
        method: "once",
        receiver: Receiver::Unresolved,
        effect: EMITTERS,
        api: "`emitter.once(event, listener)`",
    },
    Callback {
        method: "add_listener",
        receiver: Receiver::Unresolved,
        effect: EMITTERS,
        api: "`emitter.add_listener(event, listener)`",
    },
    Callback {
        method: "add_event_handler",
        receiver: Receiver::Unresolved,
        effect: HANDLERS,
        api: "`app.add_event_handler(event, handler)`",
    },
    Callback {
        method: "connect",
        receiver: Receiver::Unresolved,
        effect: SIGNALS,
        api: "`signal.connect(slot)`",
    },
];

/// The callback registration a method of this name is, if it is one.
pub fn callback(method: &str) -> Option<&'static Callback> {
    CALLBACKS.iter().find(|c| c.method == method)
}

// `weakref`'s containers.

/// The makers of a mapping that holds its values weakly: CPython `Lib/weakref.py`
/// `WeakValueDictionary.__setitem__` stores `KeyedRef(value, ...)`, a weak reference.
pub const WEAK_VALUE_MAKERS: [&str; 2] = ["weakref.WeakValueDictionary(", "WeakValueDictionary("];

/// The makers of a mapping that holds its keys weakly (its values strongly): CPython
/// `Lib/weakref.py` `WeakKeyDictionary.__setitem__` stores `self.data[ref(key, self._remove)]`.
/// A task stored only as a key is held as little as in a `WeakSet` (`Lib/_weakrefset.py`).
pub const WEAK_KEY_MAKERS: [&str; 2] = ["weakref.WeakKeyDictionary(", "WeakKeyDictionary("];

// Emitters and signals whose class the file shows.

/// An emitter class the table knows, by the module that defines it: what its `on`, `once` and
/// `add_listener` do with what a listener returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmitterClass {
    /// The modules it is imported from (`from pyee.asyncio import AsyncIOEventEmitter`).
    pub modules: &'static [&'static str],
    pub class: &'static str,
    /// It keeps a future or task a listener returns until it is done.
    pub keeps: bool,
    /// The release of its package that began to keep them, when older ones did not: the
    /// contract then holds only where the project's requirements allow no older one.
    pub keeps_since: Option<(&'static str, Version)>,
    pub api: &'static str,
}

/// pyee as read in its repository (jfhbrook/pyee, 733143c, `pyee/base.py` and
/// `pyee/asyncio.py`): `EventEmitter._emit_run` calls the listener and ignores what it returns;
/// `AsyncIOEventEmitter._emit_run` wraps a returned coroutine or future with `ensure_future`
/// and adds it to `self._waiting` until its done callback discards it, since pyee 9.1.1
/// ([`PYEE_KEEPS_SINCE`]); before that (8.1.0's `pyee/_asyncio.py`, 9.0.4's `pyee/asyncio.py`)
/// nothing held it. pyee 8 exported the class from `pyee` itself.
use super::pinned::{PYEE_KEEPS_SINCE, Version};

pub const EMITTER_CLASSES: [EmitterClass; 2] = [
    EmitterClass {
        modules: &["pyee.asyncio", "pyee"],
        class: "AsyncIOEventEmitter",
        keeps: true,
        keeps_since: Some(("pyee", PYEE_KEEPS_SINCE)),
        api: "pyee's `AsyncIOEventEmitter` (`pyee/asyncio.py` `_emit_run`) keeps a future a \
              listener returns in `self._waiting` until it is done (since pyee 9.1.1)",
    },
    EmitterClass {
        modules: &["pyee", "pyee.base"],
        class: "EventEmitter",
        keeps: false,
        keeps_since: None,
        api: "pyee's `EventEmitter` (`pyee/base.py` `_emit_run`) calls a listener and ignores \
              what it returns",
    },
];

/// The methods of [`EMITTER_CLASSES`] that register a listener.
pub const EMITTER_METHODS: [&str; 3] = ["on", "once", "add_listener"];

/// The Qt bindings: a file that imports one connects Qt signals (`button.clicked.connect`).
pub const QT_MODULES: [&str; 5] = ["PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy"];

/// Libraries whose signals also have `connect` and whose contracts differ from Qt's (blinker's
/// and Django's `send` hand their receivers' results back): a file that imports one of them
/// does not show which a `connect` is.
pub const OTHER_SIGNALS: [&str; 6] = [
    "blinker",
    "django.dispatch",
    "psygnal",
    "pydispatch",
    "louie",
    "aiosignal",
];

/// Qt's contract, as the Qt documentation (`signalsandslots.html`: "Signals ... can never have
/// return types (i.e. use void)") and PySide6's `SignalInstance.emit` (returns `None`) say.
pub const QT_CONNECT: &str = "Qt `SignalInstance.connect(slot)` (PyQt5/6, PySide2/6): emitting the \
                              signal calls the slot and ignores what it returns";

/// aiohttp's application hooks (aiohttp 3.x `web_app.py`: `Application.startup()`,
/// `shutdown()` and `cleanup()` send the `on_startup`, `on_shutdown` and `on_cleanup` signals
/// with the application, `await receiver(app)`; `cleanup_ctx` calls each of its contexts with
/// it): every function appended to them is called with the application object itself.
pub const AIOHTTP_APP_HOOKS: [&str; 4] = ["on_startup", "on_shutdown", "on_cleanup", "cleanup_ctx"];

/// An asyncio function that returns an iterator whose items wait for the tasks it is handed:
/// a `for` over it whose body awaits each item waits for every task (`Lib/asyncio/tasks.py`
/// `as_completed`: it holds the tasks in its own set until each is done, and each item it
/// yields returns the next one's result or raises its exception).
pub const AWAITED_WHEN_ITERATED: [&str; 1] = ["as_completed"];

/// Python's built-ins that only iterate over what they are handed and return an iterator or
/// a container of the same items (the language reference's "Built-in Functions"): they keep
/// no reference past what they return, so the tasks' fate is what happens to that.
pub const ITERATING_BUILTINS: [&str; 6] =
    ["enumerate", "zip", "sorted", "reversed", "iter", "filter"];

/// Python's built-ins that read what they are handed and return no container of it (a count,
/// a truth value, a sum, one item, a `map` of another function's results): a read, not a
/// keep; the tasks' fate is decided by the local's other uses.
pub const READING_BUILTINS: [&str; 7] = ["len", "any", "all", "sum", "min", "max", "map"];

// Threads and executors.

/// A call that hands its arguments to a callable it runs in another thread: the task handed
/// there lives as long as that callable holds it, which the call's own contract cannot say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadHandoff {
    /// The callee as written: a whole name (`threading.Thread`) or a method (`.submit`).
    pub callee: &'static str,
    pub api: &'static str,
}

/// CPython 3.13 `Lib/threading.py` (`Thread.run` calls `self._target(*self._args,
/// **self._kwargs)`, then deletes them) and `Lib/concurrent/futures/thread.py` (`_WorkItem.run`
/// calls `self.fn(*self.args, **self.kwargs)` and sets its future's result to what it returns).
pub const THREAD_HANDOFFS: [ThreadHandoff; 5] = [
    ThreadHandoff {
        callee: "threading.Thread",
        api: "`threading.Thread(target=f, args=...)` holds its arguments only until `f` \
              returns (`Lib/threading.py` `Thread.run`)",
    },
    ThreadHandoff {
        callee: "Thread",
        api: "`threading.Thread(target=f, args=...)` holds its arguments only until `f` \
              returns (`Lib/threading.py` `Thread.run`)",
    },
    ThreadHandoff {
        callee: ".submit",
        api: "`Executor.submit(fn, *args)` holds its arguments only until `fn` returns \
              (`Lib/concurrent/futures/thread.py` `_WorkItem.run`)",
    },
    ThreadHandoff {
        callee: ".run_in_executor",
        api: "`loop.run_in_executor(executor, fn, *args)` submits `fn` to the executor, which \
              holds its arguments only until `fn` returns",
    },
    ThreadHandoff {
        callee: "asyncio.to_thread",
        api: "`asyncio.to_thread(fn, *args)` runs `fn` in the default executor, which holds its \
              arguments only until `fn` returns",
    },
];

/// The thread hand-off a call spelled `callee` (without whitespace) is, if it is one.
pub fn thread_handoff(callee: &str) -> Option<&'static ThreadHandoff> {
    THREAD_HANDOFFS
        .iter()
        .find(|h| match h.callee.strip_prefix('.') {
            Some(method) => callee.rsplit_once('.').is_some_and(|(_, m)| m == method),
            None => callee == h.callee,
        })
}

// Start hooks a service library calls once per start.

/// A method a service library calls once each time the service starts, after the stop before
/// it: a task it binds to an attribute replaces one that stop has already ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartHook {
    /// The modules whose import marks the file as using the library (`mode`, `mode.threads`).
    pub modules: &'static [&'static str],
    pub method: &'static str,
    pub api: &'static str,
}

/// mode (faust-streaming/mode, `mode/services.py`; faust re-exports its `Service`):
/// `Service.start` asserts `not self._started.is_set()`, sets it, then `_actually_start` awaits
/// `self.on_start()`; `restart` stops the service (clearing it) before it starts again.
///
/// unittest (the standard library, `unittest/async_case.py`): `IsolatedAsyncioTestCase.run`
/// and `debug` call `_setupAsyncioLoop` (3.8-3.10) or `_setupAsyncioRunner` (3.11+) once per
/// run of a test, and its teardown pair in the `finally` after it.
pub const START_HOOKS: [StartHook; 3] = [
    StartHook {
        modules: &["mode", "faust"],
        method: "on_start",
        api: "mode's `Service.start` (`mode/services.py`) calls `on_start` once per start, after \
              the stop before it",
    },
    StartHook {
        modules: &["unittest"],
        method: "_setupAsyncioLoop",
        api: "unittest's `IsolatedAsyncioTestCase.run` (`unittest/async_case.py`, Python \
              3.8-3.10) calls `_setupAsyncioLoop` once per run, `_tearDownAsyncioLoop` after it",
    },
    StartHook {
        modules: &["unittest"],
        method: "_setupAsyncioRunner",
        api: "unittest's `IsolatedAsyncioTestCase.run` (`unittest/async_case.py`, Python 3.11+) \
              calls `_setupAsyncioRunner` once per run, `_tearDownAsyncioRunner` after it",
    },
];

/// The start hook `method` is, in a file where `imports` says which modules are imported.
pub fn start_hook(method: &str, imports: impl Fn(&str) -> bool) -> Option<&'static StartHook> {
    START_HOOKS
        .iter()
        .find(|h| h.method == method && h.modules.iter().any(|m| imports(m)))
}

// Frameworks' keepers.

/// A framework release as `(year, month)`: Home Assistant's calendar versions (`2023.3.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release(pub u16, pub u16);

impl Release {
    /// `2023.3.0`, `2023.3`, `2023.3.0b1`: the year and the month.
    pub fn parse(version: &str) -> Option<Release> {
        let mut parts = version.trim().split('.');
        let year = parts.next()?.parse().ok()?;
        let month: String = parts
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some(Release(year, month.parse().ok()?))
    }
}

/// A framework's own keeper: a method of one of its objects that makes a task of a coroutine
/// and keeps it (the framework tracks, awaits or cancels it). One table, for the fix (chosen
/// where its object is in scope, and a `keep-with` keeper that names one is checked against its
/// contract) and for detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameworkKeeper {
    pub framework: &'static str,
    /// The class and method, as the framework's documentation names them.
    pub qualified: &'static str,
    /// The names code gives the object (`hass`, `self.hass`): the last part of the receiver.
    pub objects: &'static [&'static str],
    pub method: &'static str,
    /// The parameters it requires before the coroutine (`entry.async_create_background_task(
    /// hass, coro, name)`) and after it.
    pub before: &'static [&'static str],
    pub after: &'static [&'static str],
    /// It takes a task or future as well as a coroutine (Sanic's `add_task`).
    pub takes_task: bool,
    /// What it is for.
    pub purpose: &'static str,
    /// The release that added it; `None`: older than any release a project declares.
    pub since: Option<Release>,
    /// The release from which it takes an optional `name=`; `None`: it takes none, or requires
    /// one (`after`).
    pub name_keyword_since: Option<Release>,
    /// For a task that runs until shutdown or unload (a loop), not one-off work: startup and
    /// `async_block_till_done` do not wait for it.
    pub long_running: bool,
    /// `fix` hands a dropped task to it by itself where its object is in scope.
    pub automatic: bool,
    /// It keeps a task only under a name the caller makes unique (a second task of that name
    /// replaces the first): no fix can name it.
    pub keeps_only_named: bool,
}

/// Signatures as read in Home Assistant 2026.11.0 (`homeassistant/core.py`,
/// `config_entries.py`) and Sanic 25.12.1 (`sanic/app.py`); the releases that added them as
/// read in Home Assistant 2023.2.0, 2023.3.0 and 2023.4.0 (the background tasks came in
/// 2023.3.0, `name=` on `HomeAssistant.async_create_task` in 2023.4.0; `ConfigEntry.
/// async_create_task` in 2022.7, home-assistant/core#73828). Sanic's `add_task` keeps a task
/// only by its name (`_task_registry[name]`, and a second task of that name replaces the
/// first): without one it is as dropped as before, so it is never chosen by itself.
/// python-telegram-bot's `Application.create_task` as read in its `src/telegram/ext/
/// _application.py` (1183d401f): it keeps the task in a set until done and `stop()` gathers
/// them, only while the application runs (before, it warns and keeps nothing; see
/// `plan/telegram.rs`); 20.0 made it asyncio's, `name=` came in 20.4 (its releases are written
/// here as `Release(20, 4)`, major and minor).
pub const FRAMEWORK_KEEPERS: [FrameworkKeeper; 6] = [
    FrameworkKeeper {
        framework: "Home Assistant",
        qualified: "HomeAssistant.async_create_task(target, name=None)",
        objects: &["hass"],
        method: "async_create_task",
        before: &[],
        after: &[],
        takes_task: false,
        purpose: "one-off work that startup and shutdown wait for",
        since: None,
        name_keyword_since: Some(Release(2023, 4)),
        long_running: false,
        automatic: true,
        keeps_only_named: false,
    },
    FrameworkKeeper {
        framework: "Home Assistant",
        qualified: "HomeAssistant.async_create_background_task(target, name)",
        objects: &["hass"],
        method: "async_create_background_task",
        before: &[],
        after: &["name"],
        takes_task: false,
        purpose: "a long-running task, cancelled at shutdown",
        since: Some(Release(2023, 3)),
        name_keyword_since: None,
        long_running: true,
        automatic: true,
        keeps_only_named: false,
    },
    FrameworkKeeper {
        framework: "Home Assistant",
        qualified: "ConfigEntry.async_create_task(hass, target, name=None)",
        objects: &["entry", "config_entry"],
        method: "async_create_task",
        before: &["hass"],
        after: &[],
        takes_task: false,
        purpose: "one-off work of a config entry",
        since: Some(Release(2022, 7)),
        name_keyword_since: None,
        long_running: false,
        automatic: false,
        keeps_only_named: false,
    },
    FrameworkKeeper {
        framework: "Home Assistant",
        qualified: "ConfigEntry.async_create_background_task(hass, target, name)",
        objects: &["entry", "config_entry"],
        method: "async_create_background_task",
        before: &["hass"],
        after: &["name"],
        takes_task: false,
        purpose: "a loop that runs until the config entry unloads",
        since: Some(Release(2023, 3)),
        name_keyword_since: None,
        long_running: true,
        automatic: true,
        keeps_only_named: false,
    },
    FrameworkKeeper {
        framework: "Sanic",
        qualified: "Sanic.add_task(task, *, name=None)",
        objects: &["app"],
        method: "add_task",
        before: &[],
        after: &["name"],
        takes_task: true,
        purpose: "a task of the application, kept under its name",
        since: None,
        name_keyword_since: None,
        long_running: false,
        automatic: false,
        keeps_only_named: true,
    },
    FrameworkKeeper {
        framework: "python-telegram-bot",
        qualified: "Application.create_task(coroutine, update=None, *, name=None)",
        objects: &["application", "app"],
        method: "create_task",
        before: &[],
        after: &[],
        takes_task: false,
        purpose: "a task of the running application, awaited by stop()",
        since: Some(Release(20, 0)),
        name_keyword_since: Some(Release(20, 4)),
        long_running: false,
        automatic: true,
        keeps_only_named: false,
    },
];

/// The framework keeper a call spelled `receiver.method` (`self.hass.async_create_task`) is.
pub fn framework_keeper(spelling: &str) -> Option<&'static FrameworkKeeper> {
    let (receiver, method) = spelling.rsplit_once('.')?;
    let object = receiver.rsplit('.').next()?;
    FRAMEWORK_KEEPERS
        .iter()
        .find(|k| k.method == method && k.objects.contains(&object))
}

/// Whether `release` (the oldest the project declares; `None`: unknown) has the keeper.
pub fn has_keeper(keeper: &FrameworkKeeper, release: Option<Release>) -> bool {
    match keeper.since {
        None => true,
        Some(since) => release.is_some_and(|r| r >= since),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_method_has_one_contract_and_the_loops_drop_what_callbacks_return() {
        let mut seen = std::collections::HashSet::new();
        for c in &CALLBACKS {
            assert!(seen.insert(c.method), "{} twice", c.method);
            let drops = c.effect == Effect::DropsReturn;
            assert_eq!(drops, c.receiver != Receiver::Unresolved, "{}", c.method);
        }
        assert_eq!(
            callback("call_later").map(|c| c.receiver),
            Some(Receiver::Loop)
        );
        assert!(callback("create_task").is_none());
    }
}
