//! A collection filled in batches, not with every task: every place that adds to it is in a
//! function that either first returns when it holds anything (`if self._tasks: return`, no
//! suspension before the add: tonutils' `BaseMonitor._start_update_loops`), or adds a counted
//! batch (`for _ in range(n):` with no other loop around it) to a collection the class waits
//! for in full (`gather(*self._tasks)`, `wait(self._tasks)`: jackdaw's workers). It then holds
//! one batch, or batches that are all waited for, not a task for every event; nothing ever
//! taking a task out of it piles up nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::names::{DEF, function_end};

/// The ways of adding to a list or set.
const ADDS: [&str; 4] = [".append(", ".add(", ".extend(", ".insert("];

/// `if holder:` / `if len(holder):` / `if len(holder) > 0:`, and what follows the colon.
static GUARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([ \t]*)if[ \t]+(?:len[ \t]*\([ \t]*)?([\w.]+)[ \t]*\)?[ \t]*(?:>[ \t]*0[ \t]*)?:[ \t]*(.*)$",
    )
    .expect("valid pattern")
});

/// Whether every place of `text` that adds to `holder` is in a function that returns first
/// when `holder` is not empty, with no `await` between that test and the add (a second call
/// could pass the test meanwhile). `None` when `text` adds to it nowhere.
pub(super) fn filled_once(holder: &str, text: &str) -> Option<bool> {
    let mut adds = ADDS
        .iter()
        .flat_map(|add| {
            let spelled = format!("{holder}{add}");
            let found: Vec<usize> = text.match_indices(&spelled).map(|(at, _)| at).collect();
            found
        })
        .filter(|&at| {
            // `self._tasks.append(`, not `other_self._tasks.append(`.
            !text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .peekable();
    adds.peek()?;
    if super::emptied::mentions(text, &format!("{holder} +=")) {
        return Some(false);
    }
    let defs: Vec<(usize, usize)> = DEF
        .find_iter(text.as_bytes())
        .map(|def| (def.start(), function_end(text, def.start())))
        .collect();
    // Looked for once, and only when an add is not guarded.
    let mut waited = None;
    Some(adds.all(|at| {
        let Some(&(start, _)) = (defs.iter()).rfind(|(start, end)| *start < at && at < *end) else {
            // The module's body runs once: under `for` loops only, one batch.
            return top_level_batch(text.get(..at).unwrap_or_default())
                && *waited.get_or_insert_with(|| waited_in_full(holder, text));
        };
        let before = text.get(start..at).unwrap_or_default();
        guarded(holder, before)
            || (counted(before) && *waited.get_or_insert_with(|| waited_in_full(holder, text)))
    }))
}

/// Whether `text` waits for every task of `holder` at once: `gather(*holder)` or
/// `wait(holder)` (under `wait_for` too).
fn waited_in_full(holder: &str, text: &str) -> bool {
    [format!("gather(*{holder}"), format!("wait({holder}")]
        .iter()
        .any(|spelled| {
            text.match_indices(spelled.as_str()).any(|(at, _)| {
                let next = text[at + spelled.len()..].trim_start().chars().next();
                matches!(next, Some(')' | ','))
            })
        })
}

/// Whether the add that ends the function text `before` is in a `for _ in range(...):` loop
/// with no other loop around it: a counted batch for each call, not one task per event.
fn counted(before: &str) -> bool {
    let mut lines = before.lines().rev();
    let Some(add_line) = lines.next() else {
        return false;
    };
    let mut indent = indent_of(add_line);
    let mut counted = false;
    for line in lines {
        let code = line.trim();
        if code.is_empty() || code.starts_with('#') || indent_of(line) >= indent {
            continue;
        }
        indent = indent_of(line);
        if code.starts_with("def ") || code.starts_with("async def ") {
            return counted;
        }
        let is_loop = ["for ", "while ", "async for "]
            .iter()
            .any(|l| code.starts_with(l));
        // The first header above the add is the counted loop; any other loop repeats it.
        if is_loop && (counted || !is_counted_loop(code)) {
            return false;
        }
        counted |= is_loop;
        if !counted {
            return false;
        }
    }
    false
}

/// Whether the add that ends `before` (text outside every function) is in the module's body
/// under `for` loops only (no `while`, no `async for`, no class): the body runs once, so each
/// loop adds one batch (PyLinkbot3's `for l in linkbots: tasks.append(...)`).
fn top_level_batch(before: &str) -> bool {
    let mut lines = before.lines().rev();
    let Some(add_line) = lines.next() else {
        return false;
    };
    let mut indent = indent_of(add_line);
    for line in lines {
        let code = line.trim();
        if indent == 0 {
            break;
        }
        if code.is_empty() || code.starts_with('#') || indent_of(line) >= indent {
            continue;
        }
        indent = indent_of(line);
        let header = ["for ", "if ", "elif ", "else:"];
        if !header.iter().any(|h| code.starts_with(h)) {
            return false;
        }
    }
    indent == 0
}

/// `for <name> in range(...):`.
fn is_counted_loop(code: &str) -> bool {
    let Some(rest) = code.strip_prefix("for ") else {
        return false;
    };
    let Some((name, iterable)) = rest.split_once(" in ") else {
        return false;
    };
    let name = name.trim();
    !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && iterable.trim_start().starts_with("range(")
        && code.ends_with(':')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether the function text `before` (from its `def` to the add) returns first when `holder`
/// is not empty: a test at the body's own indentation whose branch is a bare `return`, with
/// no `await` after it.
fn guarded(holder: &str, before: &str) -> bool {
    let mut lines = before
        .lines()
        .skip_while(|line| !line.trim_end().ends_with(':'));
    lines.next();
    let mut body_indent = None;
    let mut guard_at = None;
    let rest: Vec<&str> = lines.collect();
    for (i, line) in rest.iter().enumerate() {
        let code = line.trim();
        if code.is_empty() || code.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = *body_indent.get_or_insert(indent);
        if guard_at.is_none()
            && indent == body
            && let Some(c) = GUARD.captures(line)
            && c.get(2).is_some_and(|h| h.as_str() == holder)
        {
            let inline = c.get(3).map_or("", |m| m.as_str().trim());
            let branch = match inline {
                "" => rest[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
                    .filter(|l| l.len() - l.trim_start().len() > body)
                    .map(|l| l.trim()),
                inline => Some(inline),
            };
            if branch == Some("return") {
                guard_at = Some(i);
            }
        }
    }
    let Some(guard) = guard_at else {
        return false;
    };
    !rest[guard..]
        .iter()
        .any(|line| super::emptied::mentions(line, "await"))
}

#[cfg(test)]
mod tests {
    use super::filled_once;

    #[test]
    fn a_collection_added_to_only_after_an_early_return_when_full() {
        let once = "    def start(self):\n        \"\"\"Spawn.\"\"\"\n        if self._tasks:\n            return\n\n        for i in range(3):\n            self._tasks.append(asyncio.create_task(w(i)))\n";
        assert_eq!(filled_once("self._tasks", once), Some(true));
        let inline = "    def start(self):\n        if len(self._tasks) > 0: return\n        self._tasks.append(t)\n";
        assert_eq!(filled_once("self._tasks", inline), Some(true));
    }

    #[test]
    fn a_counted_batch_waited_for_in_full() {
        let batch = "    async def run(self):\n        try:\n            for _ in range(self.n):\n                self.w.append(asyncio.create_task(work()))\n            await asyncio.gather(*self.w, return_exceptions=True)\n        except Exception:\n            pass\n";
        assert_eq!(filled_once("self.w", batch), Some(true));
        let unwaited = batch.replace("gather(*self.w,", "gather(*other,");
        assert_eq!(filled_once("self.w", &unwaited), Some(false));
        let repeated = "    async def run(self):\n        while True:\n            for _ in range(3):\n                self.w.append(t)\n            await asyncio.wait(self.w)\n";
        assert_eq!(
            filled_once("self.w", repeated),
            Some(false),
            "a loop repeats it"
        );
        let each = "    async def run(self, items):\n        for i in items:\n            self.w.append(t)\n        await asyncio.wait(self.w)\n";
        assert_eq!(filled_once("self.w", each), Some(false), "one per item");
        let bare = "    async def on(self, e):\n        self.w.append(t)\n        await asyncio.gather(*self.w)\n";
        assert_eq!(filled_once("self.w", bare), Some(false), "one per call");
    }

    #[test]
    fn a_collection_that_may_grow() {
        let unguarded = "    def add(self):\n        self._tasks.append(t)\n";
        assert_eq!(filled_once("self._tasks", unguarded), Some(false));
        assert_eq!(
            filled_once("self._tasks", "    def f(self):\n        pass\n"),
            None
        );
        let nested = "    def add(self):\n        if x:\n            if self._tasks:\n                return\n        self._tasks.append(t)\n";
        assert_eq!(
            filled_once("self._tasks", nested),
            Some(false),
            "the test is in a branch"
        );
        let awaits = "    async def add(self):\n        if self._tasks:\n            return\n        await setup()\n        self._tasks.append(t)\n";
        assert_eq!(
            filled_once("self._tasks", awaits),
            Some(false),
            "a second call may pass the test"
        );
        let other = "    def start(self):\n        if self._tasks:\n            return\n        self._tasks.append(t)\n\n    def more(self):\n        self._tasks.append(u)\n";
        assert_eq!(
            filled_once("self._tasks", other),
            Some(false),
            "another method adds"
        );
        let logs = "    def start(self):\n        if self._tasks:\n            log()\n        self._tasks.append(t)\n";
        assert_eq!(filled_once("self._tasks", logs), Some(false));
    }
}
