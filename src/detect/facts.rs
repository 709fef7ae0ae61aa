//! What a class or module does to the names that hold tasks, read once per block of text with
//! a few fixed patterns: which names it cancels, awaits, gathers, iterates, takes elements out
//! of, and which callbacks it registers. [`super::lifecycle`] then answers each task's
//! questions by looking names up, instead of compiling a pattern per task.
//!
//! Names are dotted expressions with the spaces taken out (`self._tasks`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// A dotted name: `self._tasks`, `_background`, `app.state.task`.
/// Spaces around the dots, but no line break: outside brackets Python has none there, and a
/// comment's last word followed by a statement must not read as one name.
const DOTTED: &str = r"[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*";

fn pattern(source: &str) -> Regex {
    // ASCII classes: far cheaper, and the names these patterns look for are ASCII.
    Regex::new(&format!("(?-u){}", source.replace("DOTTED", DOTTED))).expect("valid pattern")
}

static CANCEL: LazyLock<Regex> = LazyLock::new(|| pattern(r"(DOTTED)[ \t]*\.[ \t]*cancel\s*\("));
static LOOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"\bfor\s+(\w+)\s+in\s+(?:\w+\s*\(\s*)?(DOTTED)(?:[ \t]*\.[ \t]*values\s*\(\s*\))?")
});
static AWAIT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"\bawait\s+(?:asyncio[ \t]*\.[ \t]*)?(?:(?:wait_for|shield)\s*\(\s*)?(DOTTED)")
});
static WAITER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b(?:gather|wait|wait_for|shield)\s*\("));
static ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?:^|[(,])\s*(?:\*\s*)?(?:\w+\s*\(\s*)?(DOTTED)(?:[ \t]*\.[ \t]*values\s*\(\s*\))?")
});
static TAKE_OUT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(DOTTED)[ \t]*\.[ \t]*(?:discard|remove|pop|popleft|popitem|clear|difference_update)\b|\bdel\s+(DOTTED)\s*\[|(DOTTED)\s*=[^=\n]*\bfor\b",
    )
});
static CALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(DOTTED)[ \t]*\.[ \t]*add_done_callback\s*\(\s*(lambda[^\n]*|[\w.]+)")
});
static DEF: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?m)^[ \t]*(?:async\s+)?def\s+(\w+)\s*\("));

/// The name without its spaces, and without a trailing `.values` / `.copy` (as in
/// `for t in self._tasks.values():`), which stands for the container itself.
fn squeeze(bytes: &[u8]) -> String {
    let name: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match name
        .strip_suffix(".values")
        .or_else(|| name.strip_suffix(".copy"))
    {
        Some(container) => container.to_owned(),
        None => name,
    }
}

/// Offsets are relative to the block's text.
#[derive(Debug, Default)]
pub struct Facts {
    /// Name → offsets of `name.cancel(`.
    pub cancels: HashMap<String, Vec<usize>>,
    /// `for var in name:` → (var, name, offset of the loop, offset after its header).
    pub loops: Vec<(String, String, usize, usize)>,
    /// Name → offsets of `await name` (also through `wait_for` / `shield`).
    pub awaits: HashMap<String, Vec<usize>>,
    /// Name → offsets of a `gather` / `wait` call that has it among its arguments.
    pub gathers: HashMap<String, Vec<usize>>,
    /// Names something is taken out of (`discard`, `remove`, `pop`, `del x[k]`, a filter).
    pub taken_out: std::collections::HashSet<String>,
    /// Name → callbacks given to `name.add_done_callback(...)`.
    pub callbacks: HashMap<String, Vec<String>>,
}

impl Facts {
    pub fn read(text: &[u8]) -> Facts {
        let mut facts = Facts::default();
        // One multi-keyword scan of the block; each pattern then runs only on the lines that
        // spell its keyword (a pattern that starts with a name has no literal to skip ahead to).
        let mut seen = std::collections::HashSet::new();
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
            let end =
                memchr::memchr(b'\n', &text[hit.end()..]).map_or(text.len(), |i| hit.end() + i);
            facts.read_line(text, &text[start..end], start, GROUPS[keyword]);
        }
        facts
    }

    fn read_line(&mut self, text: &[u8], line: &[u8], base: usize, group_: Group) {
        match group_ {
            Group::Cancel => {
                for c in CANCEL.captures_iter(line) {
                    if let Some((at, name)) =
                        group(line, &c, 1).filter(|(at, _)| starts_name(line, *at))
                    {
                        self.cancels
                            .entry(squeeze(name))
                            .or_default()
                            .push(base + at);
                    }
                }
            }
            Group::Loop => {
                for c in LOOP.captures_iter(line) {
                    if let (Some((_, var)), Some((_, name)), Some(whole)) =
                        (group(line, &c, 1), group(line, &c, 2), c.get(0))
                    {
                        self.loops.push((
                            squeeze(var),
                            squeeze(name),
                            base + whole.start(),
                            base + whole.end(),
                        ));
                    }
                }
                self.take_out(line);
            }
            Group::Await => {
                for c in AWAIT.captures_iter(line) {
                    if let (Some((_, name)), Some(whole)) = (group(line, &c, 1), c.get(0)) {
                        self.awaits
                            .entry(squeeze(name))
                            .or_default()
                            .push(base + whole.start());
                    }
                }
            }
            Group::Waiter => {
                for call in WAITER.find_iter(line) {
                    // The arguments may run over the following lines.
                    let open = base + call.end() - 1;
                    let arguments = &text[open..closing(text, open)];
                    for c in ARGUMENT.captures_iter(arguments) {
                        if let Some((_, name)) = group(arguments, &c, 1) {
                            self.gathers
                                .entry(squeeze(name))
                                .or_default()
                                .push(base + call.start());
                        }
                    }
                }
            }
            Group::TakeOut => self.take_out(line),
            Group::Callback => {
                for c in CALLBACK.captures_iter(line) {
                    if let (Some((at, name)), Some((_, callback))) =
                        (group(line, &c, 1), group(line, &c, 2))
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

    fn take_out(&mut self, line: &[u8]) {
        for c in TAKE_OUT.captures_iter(line) {
            for i in 1..=3 {
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
}

/// The keywords each pattern needs, and the pattern each one calls for.
const KEYWORD_LIST: [(&str, Group); 16] = [
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
    ("add_done_callback", Group::Callback),
];
const GROUPS: [Group; 16] = {
    let mut groups = [Group::Cancel; 16];
    let mut i = 0;
    while i < 16 {
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

/// Capture group `i` as (offset, bytes of `text`).
fn group<'h>(text: &'h [u8], c: &regex::bytes::Captures, i: usize) -> Option<(usize, &'h [u8])> {
    c.get(i).map(|m| (m.start(), &text[m.range()]))
}

/// The name at `at` is not the tail of a longer dotted name (`x.self._task`).
fn starts_name(text: &[u8], at: usize) -> bool {
    at == 0 || !matches!(text[at - 1], b'.' | b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
}

/// The offset just past the parenthesis that closes the one at `open` (or the end of the
/// text), skipping nested brackets.
fn closing(text: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, &b) in text.iter().enumerate().skip(open) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

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

/// Where a block ends: the first line after the one at `from` (a line start) that is not
/// blank nor a comment and is indented `base` or less.
pub fn block_end(src: &str, from: usize, base: usize) -> usize {
    let Some(rest) = src.get(from..) else {
        return src.len();
    };
    let mut lines = rest.split_inclusive('\n');
    let mut offset = from + lines.next().map_or(0, str::len);
    for line in lines {
        let stripped = line.trim_start_matches([' ', '\t']);
        let blank = stripped.trim().is_empty() || stripped.starts_with('#');
        if !blank && line.len() - stripped.len() <= base {
            return offset;
        }
        offset += line.len();
    }
    src.len()
}
