//! What libraries do with what they are handed, as their documentation and code say: the one
//! table a verdict that rests on a library names. A call whose callee is neither in the checked
//! code nor here proves nothing, so the audit says `unknown` and `check` stays silent.

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
