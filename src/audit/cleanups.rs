//! A cleanup a test registers: `self.addCleanup(f, *args)` and `self.addAsyncCleanup(f,
//! *args)`. unittest calls `f(*args)` when the test ends, and its asyncio test cases await
//! what `f` returns (`IsolatedAsyncioTestCase._callCleanup` calls `_callMaybeAsync`; asynctest's
//! `TestCase` does the same): a holder among `args` is handed to `f`, as `await f(*args)` hands
//! it. A coroutine function registered with `addCleanup` from a plain `def` is not read: a
//! synchronous test case would only make its coroutine, never run it.

use std::sync::LazyLock;

use regex::Regex;

use super::handed::Handed;
use super::names::{DEF, function_end};

/// `self.addCleanup(f, ...)` / `self.addAsyncCleanup(self.f, ...)` as a statement on one line:
/// the method, whether `f` is called on `self`, `f`, the other arguments.
static CLEANUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*self[ \t]*\.[ \t]*(addCleanup|addAsyncCleanup)[ \t]*\([ \t]*(self[ \t]*\.[ \t]*)?(\w+)[ \t]*,([^\n]*)\)[ \t]*(?:#[^\n]*)?$",
    )
    .expect("valid pattern")
});

/// The cleanups of `text` that hand `holder` to their function as one whole positional
/// argument: who gets it, at which parameter, at the offset of the registration.
pub(super) fn registered(text: &str, holder: &str) -> Vec<Handed> {
    let mut found = Vec::new();
    for c in CLEANUP.captures_iter(text) {
        let (Some(method), Some(function), Some(arguments), Some(whole)) =
            (c.get(1), c.get(3), c.get(4), c.get(0))
        else {
            continue;
        };
        let Some(index) = position(arguments.as_str(), holder) else {
            continue;
        };
        let at = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
        // `addCleanup` awaits a coroutine only in an asyncio test case: registered from a
        // coroutine (an async `setUp` or test), the test case is one.
        if method.as_str() == "addCleanup" && !in_coroutine(text, at) {
            continue;
        }
        found.push(Handed {
            function: function.as_str().to_owned(),
            on_self: c.get(2).is_some(),
            at,
            index: Some(index),
        });
    }
    found
}

/// Which argument of `arguments` (split at the commas outside brackets) is `holder`, spaces
/// aside. `None` when the brackets do not close.
fn position(arguments: &str, holder: &str) -> Option<usize> {
    split_arguments(arguments)?.iter().position(|p| p == holder)
}

/// The arguments of a call's text, split at the commas outside brackets, each without its
/// spaces. `None` when the brackets do not close.
pub(crate) fn split_arguments(arguments: &str) -> Option<Vec<String>> {
    let mut depth = 0i32;
    let mut pieces = vec![String::new()];
    for ch in arguments.chars() {
        match ch {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = pieces.last_mut()
            && !ch.is_whitespace()
        {
            last.push(ch);
        }
    }
    (depth == 0).then_some(pieces)
}

/// Whether the innermost `def` of `text` around `at` is an `async def`.
fn in_coroutine(text: &str, at: usize) -> bool {
    let around = DEF
        .find_iter(text.as_bytes())
        .filter(|def| def.start() < at && at < function_end(text, def.start()))
        .last();
    around.is_some_and(|def| {
        let spelled = text.get(def.start()..def.end()).unwrap_or_default();
        spelled.trim_start().starts_with("async")
    })
}

#[cfg(test)]
mod tests {
    use super::registered;

    #[test]
    fn a_cleanup_hands_its_arguments_to_its_function() {
        let text = "    async def setUp(self):\n        self.t = create_task(w())\n        self.addCleanup(stop_and_wait, self.t)\n";
        let found = registered(text, "self.t");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].function.as_str(), found[0].index),
            ("stop_and_wait", Some(0))
        );
        let method =
            "    def setUp(self):\n        self.addAsyncCleanup(self._stop, 1, self.t)  # end\n";
        let found = registered(method, "self.t");
        assert_eq!((found[0].on_self, found[0].index), (true, Some(1)));
        let sync = "    def setUp(self):\n        self.addCleanup(stop_and_wait, self.t)\n";
        assert!(
            registered(sync, "self.t").is_empty(),
            "a synchronous test case"
        );
        assert!(registered(text, "self.other").is_empty());
    }
}
