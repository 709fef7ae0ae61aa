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

/// Loop methods that call their first argument later, on the loop's thread: handed a task
/// function (`loop.call_soon_threadsafe(loop.create_task, coro)`), the task it creates is
/// dropped by the loop.
pub const HANDOFF_METHODS: [&str; 2] = ["call_soon_threadsafe", "call_soon"];

/// `asyncio.run_coroutine_threadsafe(coro, loop)`: its concurrent Future is all that holds the
/// task it schedules.
pub const THREADSAFE_RUNNER: &str = "run_coroutine_threadsafe";

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
pub const FRAMEWORK_KEEPERS: [FrameworkKeeper; 5] = [
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
