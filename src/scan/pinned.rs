//! Library contracts that changed between releases, and which release the project runs on: the
//! versions its requirements allow (read with the settings, `settings/pins.rs`) decide the
//! contract of the file being analysed. pyee's `AsyncIOEventEmitter` keeps what a listener
//! returns only since 9.1.1.

/// A release as `major.minor.micro` (missing parts are 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

/// python-telegram-bot's release whose `Application.create_task(coroutine, update=None)` keeps
/// the task while the application runs and `stop()` awaits it (20.0, the asyncio rewrite).
pub const PTB_CREATE_TASK_SINCE: Version = Version(20, 0, 0);
/// The release whose `Application.create_task` takes `name=` (20.4, `versionadded:: 20.4`).
pub const PTB_TASK_NAME_SINCE: Version = Version(20, 4, 0);

/// Which side of a release every version of a package a project allows is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Every allowed version is older than the release.
    Before,
    /// Every allowed version is the release or newer.
    Since,
}

/// pyee's release whose `AsyncIOEventEmitter` began to keep a listener's future (#123,
/// `8d20776`, tagged 9.1.1, 2023-06-09); 8.1.0 and 9.0.4 only add a done callback to it.
pub const PYEE_KEEPS_SINCE: Version = Version(9, 1, 1);

/// What the project's requirements show of the libraries whose contracts changed between
/// releases, for the file being analysed (see [`with_pins`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pins {
    /// Which side of [`PYEE_KEEPS_SINCE`] every pyee the project allows is on.
    pub pyee: Option<Side>,
    /// Which side of [`PTB_CREATE_TASK_SINCE`] every python-telegram-bot the project allows is
    /// on (one it leaves open above is the newest).
    pub telegram: Option<Side>,
    /// The same, of [`PTB_TASK_NAME_SINCE`].
    pub telegram_name: Option<Side>,
}

thread_local! {
    static PINS: std::cell::Cell<Pins> = const { std::cell::Cell::new(Pins {
        pyee: None,
        telegram: None,
        telegram_name: None,
    }) };
}

/// Runs `f` with `pins` as what the contracts of the file being analysed read: the contract of
/// a registration is asked deep inside the walks, which see the file's text but not its
/// project, and a file is analysed on one thread from start to end.
pub fn with_pins<R>(pins: Pins, f: impl FnOnce() -> R) -> R {
    let before = PINS.with(|p| p.replace(pins));
    let result = f();
    PINS.with(|p| p.set(before));
    result
}

/// The pins of the file being analysed ([`Pins::default`] outside [`with_pins`]).
pub fn pins() -> Pins {
    PINS.with(std::cell::Cell::get)
}

/// The contract of an `AsyncIOEventEmitter` where the project allows only a pyee older than
/// [`PYEE_KEEPS_SINCE`].
pub const PYEE_BEFORE_KEEPING: &str = "pyee's `AsyncIOEventEmitter` before 9.1.1 (the project's \
                                       requirements allow no newer pyee) wraps what a listener \
                                       returns in a task and keeps no reference to it";
