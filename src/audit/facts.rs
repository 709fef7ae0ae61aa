//! What a class or module does to the names that hold tasks, read once per block of text with
//! a few fixed patterns: which names it cancels, awaits, gathers, iterates, takes elements out
//! of, and which callbacks it registers. [`super::lifecycle`] then answers each task's
//! questions by looking names up, instead of compiling a pattern per task.
//!
//! Names are dotted expressions with the spaces taken out (`self._tasks`). A local that stands
//! for a holder (`task = self._task`, then `task.cancel()`) counts as the holder.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::aliases::Bindings;
pub use super::handed::Handed;
use super::names::DEF;
pub use super::names::function_end;
use super::names::{closing, group, names_in, pattern, pieces, squeeze, starts_name};

static AWAIT: LazyLock<Regex> = LazyLock::new(|| {
    // `yield from x` in a generator-based coroutine is `await x` (`Future.__iter__`).
    pattern(
        r"\b(?:await|yield\s+from)\s+(?:asyncio[ \t]*\.[ \t]*)?(?:(?:wait_for|shield)\s*\(\s*)?(DOTTED)",
    )
});
/// `await helper(holder, ...)`, `await utils.aio.cancel_and_wait(*self._tasks)`, `await
/// self._stop(a, b)`: holders handed to a function that may shut them down (whether it is
/// called on `self`, and its own name; the holders are its arguments).
static HANDED: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\bawait\s+((?:\w+\s*\.\s*)*)(\w+)\s*\("));
/// One whole argument that is a name (`self._t`, `*tasks`).
static NAMED_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\s*(?:\*\s*)?(DOTTED)\s*$"));
/// `loop.run_until_complete(task)` runs the task to its end and returns its result, as an
/// `await` does.
static WAITER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b(?:gather|wait|wait_for|shield|run_until_complete)\s*\("));
/// An argument (`*x`, `f(x)`, the first element of a literal: `asyncio.wait({self._t})`), or
/// each list of a sum (`asyncio.wait(a + b)`) or set of a union (`asyncio.wait(a | b)`).
static ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?:^|[(,+|])\s*(?:\*\s*)?(?:\w+\s*\(\s*|[\[{]\s*)?(DOTTED)(?:[ \t]*\.[ \t]*values\s*\(\s*\))?",
    )
});
/// A comprehension over a holder among a waiter's arguments whose element is the holder's
/// element, or a call of a function on it (`gather(*[wrap_future(f) for f in self._futs])`):
/// each is waited for. Not `[s.stop() for s in self._tasks]`, which waits for something else.
static COMPREHENDED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?:[\w.]+\s*\(\s*(\w+)\s*\)|(\w+))\s+for\s+(\w+)\s+in\s+(DOTTED)\s*[\])]")
});
/// `await utils.aio.cancel_and_wait(...)`, `await gracefully_cancel(...)`: a helper whose name
/// says it cancels what it is given (the names in its arguments are handed to it).
static CANCEL_HELPER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\bawait\s+((?:\w+\s*\.\s*)*)(\w*cancel\w*)\s*\("));
/// `name.result()`, `name.exception()`, `name[key].result()`: the outcome is looked at. A
/// concurrent future's takes a timeout (`fut.result(10)`), and blocks until it is done.
static RESULT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(DOTTED)(?:[ \t]*\[[^\]\n]*\])?[ \t]*\.[ \t]*(?:result|exception)\s*\([^()\n]*\)")
});
static TAKE_OUT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(DOTTED)[ \t]*\.[ \t]*(?:discard|remove|pop|popleft|popitem|clear|difference_update)\b|\bdel\s+(DOTTED)\s*\[|(DOTTED)\s*=[^=\n]*\bfor\b|(DOTTED)[ \t]*-=",
    )
});
/// `to_wait.append(task)`: an element put in another list (whose wait then waits for it).
static APPEND: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(DOTTED)[ \t]*\.[ \t]*append\s*\(\s*(\w+)\s*\)"));
static CALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    // `functools.partial(cb, ...)` calls `cb`.
    pattern(
        r"(DOTTED)[ \t]*\.[ \t]*add_done_callback\s*\(\s*(?:(?:functools\s*\.\s*)?partial\s*\(\s*)?(lambda[^\n]*|[\w.]+)",
    )
});

/// Offsets are relative to the block's text.
#[derive(Debug, Default)]
pub struct Facts {
    /// Name → offsets of `name.cancel(`.
    pub cancels: HashMap<String, Vec<usize>>,
    /// `for var in name:` → (var, name, offset of the loop, offset after its header).
    pub loops: Vec<(String, String, usize, usize)>,
    /// The loops that are statements (`for t in x:` starting its line), not comprehensions:
    /// the offset of each → the end of its body (the lines indented under it).
    pub statement_loops: HashMap<usize, usize>,
    /// Name → offsets of `await name` (also through `wait_for` / `shield`).
    pub awaits: HashMap<String, Vec<usize>>,
    /// Name → offsets of a `gather` / `wait` call that has it among its arguments.
    pub gathers: HashMap<String, Vec<usize>>,
    /// Names something is taken out of (`discard`, `pop`, `del x[k]`, `x -= done`, a filter).
    pub taken_out: HashSet<String>,
    /// Name → callbacks given to `name.add_done_callback(...)`.
    pub callbacks: HashMap<String, Vec<String>>,
    /// Name → each `await function(..., name, ...)` (or `create_task(function(..., name))`).
    pub handed: HashMap<String, Vec<Handed>>,
    /// Name → offsets of `name.result()` / `name.exception()`.
    pub results: HashMap<String, Vec<usize>>,
    /// `list.append(name)` → (list, name, offset).
    pub appended: Vec<(String, String, usize)>,
    /// The `wait(...)` calls that drop their done set (see [`super::waits::blind`]): the
    /// offset of the call (as in `gathers`) and the end of its arguments.
    pub blind: Vec<(usize, usize)>,
}

impl Facts {
    pub fn read(text: &[u8]) -> Facts {
        let mut facts = Facts::default();
        // One multi-keyword scan of the block; each pattern then runs only on the lines that
        // spell its keyword (a pattern that starts with a name has no literal to skip ahead to).
        let mut seen = HashSet::new();
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        for hit in KEYWORDS.find_iter(text) {
            // Whole words only: `format` spells `for`, `model` spells `del`.
            if hit
                .start()
                .checked_sub(1)
                .and_then(|i| text.get(i))
                .is_some_and(word)
                || text.get(hit.end()).is_some_and(word)
            {
                continue;
            }
            let keyword = hit.pattern().as_usize();
            let start = memchr::memrchr(b'\n', &text[..hit.start()]).map_or(0, |i| i + 1);
            // A line is read once per keyword it spells.
            if !seen.insert((start, GROUPS[keyword])) {
                continue;
            }
            let mut end =
                memchr::memchr(b'\n', &text[hit.end()..]).map_or(text.len(), |i| hit.end() + i);
            // `t.add_done_callback(\n    self._on_done,\n)`: the callback is on the next line.
            if GROUPS[keyword] == Group::Callback && text[..end].trim_ascii_end().ends_with(b"(") {
                let next = (end + 1).min(text.len());
                end = memchr::memchr(b'\n', &text[next..]).map_or(text.len(), |i| next + i);
            }
            facts.read_line(text, &text[start..end], start, GROUPS[keyword]);
        }
        facts.follow_aliases(text);
        facts
    }

    /// What is done to a local alias of a holder is done to the holder: `task, self._task =
    /// self._task, None` then `task.cancel()` and `await task` cancel and await `self._task`.
    /// Only the plain names that are cancelled, awaited, gathered or iterated are looked up.
    fn follow_aliases(&mut self, text: &[u8]) {
        let plain = |name: &String| !name.contains('.');
        let wanted: HashSet<&str> = (self.cancels.keys())
            .chain(self.awaits.keys())
            .chain(self.gathers.keys())
            .chain(self.results.keys())
            .chain(self.loops.iter().map(|(_, name, _, _)| name))
            .chain(self.handed.keys())
            .filter(|name| plain(name))
            .map(String::as_str)
            .collect();
        if wanted.is_empty() {
            return;
        }
        let bindings = Bindings::read(text, &wanted);
        let resolve = |found: &HashMap<String, Vec<usize>>| {
            let mut extra: Vec<(String, usize)> = Vec::new();
            for (name, offsets) in found.iter().filter(|(name, _)| plain(name)) {
                for &at in offsets {
                    for holder in bindings.holders_at(name, at) {
                        extra.push((holder.to_owned(), at));
                    }
                }
            }
            extra
        };
        let (cancels, awaits, gathers, results) = (
            resolve(&self.cancels),
            resolve(&self.awaits),
            resolve(&self.gathers),
            resolve(&self.results),
        );
        for (map, extra) in [
            (&mut self.cancels, cancels),
            (&mut self.awaits, awaits),
            (&mut self.gathers, gathers),
            (&mut self.results, results),
        ] {
            for (holder, at) in extra {
                map.entry(holder).or_default().push(at);
            }
        }
        let loops: Vec<_> = (self.loops.iter())
            .flat_map(|(var, name, start, end)| {
                (bindings.holders_at(name, *start).into_iter())
                    .map(|holder| (var.clone(), holder, *start, *end))
            })
            .collect();
        self.loops.extend(loops);
        // `to_cancel = [t for t in (self._a, self._b)]`, then `await cancel_all(*to_cancel)`.
        let mut handed: Vec<(String, Handed)> = Vec::new();
        for (name, uses) in self.handed.iter().filter(|(name, _)| plain(name)) {
            for by in uses {
                for holder in bindings.holders_at(name, by.at) {
                    handed.push((holder.clone(), by.clone()));
                }
            }
        }
        for (holder, by) in handed {
            self.handed.entry(holder).or_default().push(by);
        }
    }

    fn read_line(&mut self, text: &[u8], line: &[u8], base: usize, group_: Group) {
        match group_ {
            Group::Cancel => {
                for (name, at) in super::cancels::read(text, line, base, &self.loops) {
                    self.cancels.entry(name).or_default().push(at);
                }
            }
            Group::Loop => {
                self.loop_line(text, line, base);
                self.take_out(line);
            }
            Group::Await => self.await_line(text, line, base),
            Group::Spawn => self.spawn_line(text, line, base),
            Group::Waiter => self.waiters(text, line, base),
            Group::Result => {
                for c in RESULT.captures_iter(line) {
                    if let Some((at, name)) =
                        group(line, &c, 1).filter(|(at, _)| starts_name(line, *at))
                    {
                        (self.results.entry(squeeze(name)).or_default()).push(base + at);
                    }
                }
            }
            Group::TakeOut => self.take_out(line),
            Group::Append => {
                for c in APPEND.captures_iter(line) {
                    if let (Some((at, list)), Some((_, element))) =
                        (group(line, &c, 1), group(line, &c, 2))
                        && starts_name(line, at)
                    {
                        (self.appended).push((squeeze(list), squeeze(element), base + at));
                    }
                }
            }
            Group::Callback => {
                // `add_done_callback(` or `partial(` at the line's end: its callback is on the
                // lines after (Black's wrapping), read with them.
                let wrapped = line.trim_ascii_end().ends_with(b"(");
                let span = match text.get(base..(base + line.len() + 240).min(text.len())) {
                    Some(span) if wrapped => span,
                    _ => line,
                };
                for c in CALLBACK.captures_iter(span) {
                    if let (Some((at, name)), Some((_, callback))) =
                        (group(span, &c, 1), group(span, &c, 2))
                        && at < line.len()
                        && starts_name(line, at)
                    {
                        self.callbacks
                            .entry(squeeze(name))
                            .or_default()
                            .push(String::from_utf8_lossy(callback).trim().to_owned());
                    }
                }
            }
        }
    }

    /// A line that awaits: what it awaits, and the holders it hands to helpers.
    fn await_line(&mut self, text: &[u8], line: &[u8], base: usize) {
        for c in HANDED.captures_iter(line) {
            if let (Some((_, on)), Some((_, function)), Some(whole)) =
                (group(line, &c, 1), group(line, &c, 2), c.get(0))
            {
                let on: String = squeeze(on);
                let handed = Handed {
                    function: String::from_utf8_lossy(function).into_owned(),
                    on_self: on == "self." || on == "cls.",
                    at: base + whole.start(),
                    index: None,
                };
                self.arguments(text, base + whole.end() - 1, &handed);
            }
        }
        for c in CANCEL_HELPER.captures_iter(line) {
            if let (Some((_, on)), Some((_, function)), Some(whole)) =
                (group(line, &c, 1), group(line, &c, 2), c.get(0))
            {
                let on = squeeze(on);
                let by = Handed {
                    function: String::from_utf8_lossy(function).into_owned(),
                    on_self: on == "self." || on == "cls.",
                    at: base + whole.start(),
                    index: None,
                };
                let open = base + whole.end() - 1;
                for name in names_in(&text[open..closing(text, open)]) {
                    (self.handed.entry(name).or_default()).push(by.clone());
                }
            }
        }
        for c in AWAIT.captures_iter(line) {
            if let (Some((_, name)), Some(whole)) = (group(line, &c, 1), c.get(0)) {
                self.awaits
                    .entry(squeeze(name))
                    .or_default()
                    .push(base + whole.start());
            }
        }
    }

    /// `create_task(helper(..., holder))`: see [`super::handed::spawned`].
    fn spawn_line(&mut self, text: &[u8], line: &[u8], base: usize) {
        for (by, open) in super::handed::spawned(text, line, base) {
            self.arguments(text, open, &by);
        }
    }

    /// A waiter's arguments (`gather`, `wait`, `wait_for`, `shield`, `run_until_complete`): the
    /// holders it waits for.
    fn waiters(&mut self, text: &[u8], line: &[u8], base: usize) {
        for call in WAITER.find_iter(line) {
            // The arguments may run over the following lines.
            let open = base + call.end() - 1;
            let arguments = &text[open..closing(text, open)];
            let word = line[call.range()].trim_ascii_end().strip_suffix(b"(");
            if super::waits::runs_a_waiter(word, arguments) {
                continue;
            }
            if word.is_some_and(|w| w.trim_ascii_end() == b"wait")
                && super::waits::blind(text, base + call.start(), open)
            {
                self.blind
                    .push((base + call.start(), open + arguments.len()));
            }
            let comprehended = COMPREHENDED.captures_iter(arguments).filter_map(|c| {
                let element = group(arguments, &c, 1).or(group(arguments, &c, 2));
                let var = group(arguments, &c, 3);
                let same = matches!((element, var), (Some((_, e)), Some((_, v))) if e == v);
                same.then(|| group(arguments, &c, 4)).flatten()
            });
            let found = ARGUMENT.captures_iter(arguments);
            let found = found.filter_map(|c| group(arguments, &c, 1));
            for (_, name) in found.chain(comprehended) {
                self.gathers
                    .entry(squeeze(name))
                    .or_default()
                    .push(base + call.start());
            }
        }
    }

    /// The whole-name positional arguments of the call whose parenthesis is at `open`, each
    /// handed to it with its position.
    fn arguments(&mut self, text: &[u8], open: usize, by: &Handed) {
        for (index, argument) in pieces(text, open).into_iter().enumerate() {
            if let Some(name) = NAMED_ARGUMENT.captures(argument).and_then(|c| c.get(1)) {
                let handed = Handed {
                    index: Some(index),
                    ..by.clone()
                };
                (self.handed.entry(squeeze(name.as_bytes())).or_default()).push(handed);
            }
        }
    }

    fn take_out(&mut self, line: &[u8]) {
        for c in TAKE_OUT.captures_iter(line) {
            for i in 1..=4 {
                if let Some((_, name)) = group(line, &c, i).filter(|(at, _)| starts_name(line, *at))
                {
                    self.taken_out.insert(squeeze(name));
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    Cancel,
    Loop,
    Await,
    Waiter,
    TakeOut,
    Callback,
    Result,
    Append,
    Spawn,
}

/// The keywords each pattern needs, and the pattern each one calls for.
const KEYWORD_LIST: [(&str, Group); KEYWORD_COUNT] = [
    ("cancel", Group::Cancel),
    ("for", Group::Loop),
    ("await", Group::Await),
    ("gather", Group::Waiter),
    ("wait", Group::Waiter),
    ("wait_for", Group::Waiter),
    ("popleft", Group::TakeOut),
    ("popitem", Group::TakeOut),
    ("difference_update", Group::TakeOut),
    ("shield", Group::Waiter),
    ("discard", Group::TakeOut),
    ("remove", Group::TakeOut),
    ("pop", Group::TakeOut),
    ("clear", Group::TakeOut),
    ("del", Group::TakeOut),
    // `done_set -= done`: a set difference in place takes the elements out.
    ("-=", Group::TakeOut),
    ("add_done_callback", Group::Callback),
    ("run_until_complete", Group::Waiter),
    ("result", Group::Result),
    ("exception", Group::Result),
    ("append", Group::Append),
    ("create_task", Group::Spawn),
    ("ensure_future", Group::Spawn),
    ("yield", Group::Await),
];
const KEYWORD_COUNT: usize = 24;
const GROUPS: [Group; KEYWORD_COUNT] = {
    let mut groups = [Group::Cancel; KEYWORD_COUNT];
    let mut i = 0;
    while i < KEYWORD_COUNT {
        groups[i] = KEYWORD_LIST[i].1;
        i += 1;
    }
    groups
};
static KEYWORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    // Leftmost-longest, so `wait_for` is one word rather than `wait` cut short.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(KEYWORD_LIST.map(|(k, _)| k))
        .expect("valid keywords")
});

/// The bytes of capture group 1 of `c` in `line` (none when it did not match).
/// Where each `def name(` of the module starts: callbacks are looked up by name.
pub fn definitions(src: &str) -> HashMap<String, usize> {
    let mut found = HashMap::new();
    for c in DEF.captures_iter(src.as_bytes()) {
        if let (Some(name), Some(whole)) = (c.get(1), c.get(0)) {
            found
                .entry(String::from_utf8_lossy(name.as_bytes()).into_owned())
                .or_insert(whole.start());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cancelled(text: &str) -> Vec<String> {
        let mut names: Vec<String> = Facts::read(text.as_bytes()).cancels.into_keys().collect();
        names.sort();
        names
    }

    #[test]
    fn a_local_alias_stands_for_its_holder() {
        let swapped =
            "async def close(self):\n    task, self._task = self._task, None\n    task.cancel()\n";
        assert_eq!(cancelled(swapped), ["self._task", "task"]);
        let annotated =
            "def stop(self):\n    t: asyncio.Task = self._t  # the last one\n    t.cancel()\n";
        assert_eq!(cancelled(annotated), ["self._t", "t"]);
        let walrus = "def stop(self):\n    if (t := self._t) is not None:\n        t.cancel()\n";
        assert_eq!(cancelled(walrus), ["self._t", "t"]);
        let module = "def stop():\n    task = _worker\n    task.cancel()\n";
        assert_eq!(cancelled(module), ["_worker", "task"]);
    }

    #[test]
    fn a_copy_of_a_collection_stands_for_it() {
        for copy in [
            "list(self._jobs)",
            "tuple(self._jobs.values())",
            "self._jobs.copy()",
            "[*self._jobs]",
        ] {
            let text = format!(
                "async def stop(self):\n    jobs = {copy}\n    for job in jobs:\n        job.cancel()\n    await asyncio.gather(*jobs)\n"
            );
            let facts = Facts::read(text.as_bytes());
            assert!(
                facts
                    .loops
                    .iter()
                    .any(|(var, name, _, _)| var == "job" && name == "self._jobs"),
                "{copy}: {:?}",
                facts.loops
            );
            assert!(facts.gathers.contains_key("self._jobs"), "{copy}");
        }
    }

    #[test]
    fn each_list_of_a_sum_is_waited_for() {
        let text = b"async def run(a, b):\n    await asyncio.wait(a + b)\n";
        let facts = Facts::read(text);
        assert!(
            ["a", "b"].iter().all(|n| facts.gathers.contains_key(*n)),
            "{:?}",
            facts.gathers
        );
    }

    #[test]
    fn an_alias_ends_with_its_function_or_its_next_binding() {
        // Bound again to something else before the cancel.
        let rebound = "def stop(self):\n    t = self._t\n    t = self._spare\n    t.cancel()\n";
        assert_eq!(cancelled(rebound), ["self._spare", "t"]);
        // Bound to a call: no longer the holder.
        let replaced = "def stop(self):\n    t = self._t\n    t = make()\n    t.cancel()\n";
        assert_eq!(cancelled(replaced), ["t"]);
        // Bound in another function (after a signature Black split over lines).
        let elsewhere = "class C:\n    def status(\n        self,\n    ) -> bool:\n        t = self._t\n        return t.done()\n\n    def stop(self, t):\n        t.cancel()\n";
        assert_eq!(cancelled(elsewhere), ["t"]);
        // Still in the same function, after a nested block and the signature's closing line.
        let nested = "class C:\n    async def stop(\n        self,\n    ) -> None:\n        t = self._t\n        if t:\n            pass\n        t.cancel()\n";
        assert_eq!(cancelled(nested), ["self._t", "t"]);
        // `None` is no holder.
        let none = "def stop(self):\n    t = None\n    t.cancel()\n";
        assert_eq!(cancelled(none), ["t"]);
    }
}
