//! The local names that stand for holders in shutdown code: `task = self._task`, `jobs =
//! list(self._jobs)`, `task = self._tasks[key]`, `to_cancel = [t for t in (self._a, self._b) if t]`, which stands for
//! each attribute it lists, and a set union of holders (`list(self._a | self._b)`, see
//! [`super::unions`]).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{DEF, closing, function_end, names_in, pattern, squeeze};

static BINDING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?m)^[ \t]*(\w+)[ \t]*(,[^=\n]*)?(?::[^=\n]*)?=([^=\n][^\n]*)|\([ \t]*(\w+)[ \t]*:=([^)\n]*)\)",
    )
});
static ALIASED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"^\s*(?:(?:list|set|tuple|frozenset)\s*\(\s*|\[\s*\*\s*)?(DOTTED)(?:[ \t]*\.[ \t]*(?:values|copy)\s*\(\s*\))?\s*[)\]]?\s*$|^\s*(DOTTED)[ \t]*\[[^\[\]\n]+\]\s*$",
    )
});

/// A binding: its offset, the end of its function, its value (the range and whether the
/// target is a tuple) and the holders it stands for, read the first time it is asked for.
struct Binding {
    at: usize,
    end: usize,
    value: Option<(Range<usize>, bool)>,
    holders: OnceCell<Vec<String>>,
}

/// The bindings of the names some shutdown code uses, in the order they are written.
pub(super) struct Bindings<'t> {
    text: &'t [u8],
    by_name: HashMap<String, Vec<Binding>>,
}

impl<'t> Bindings<'t> {
    pub(super) fn read(text: &'t [u8], wanted: &HashSet<&str>) -> Bindings<'t> {
        let mut by_name: HashMap<String, Vec<Binding>> = HashMap::new();
        // The functions around each binding, innermost last, as the bindings come in order.
        let mut functions: Option<Vec<(usize, usize)>> = None;
        let mut next = 0;
        let mut open: Vec<(usize, usize)> = Vec::new();
        // Only the matches that bind a wanted name are captured (the costly part): the
        // name is the match's first word, or the one after `(` for `(name := ...)`.
        for found in BINDING.find_iter(text) {
            let spelled = bound_name(found.as_bytes());
            if !std::str::from_utf8(spelled).is_ok_and(|name| wanted.contains(name)) {
                continue;
            }
            if let Some(c) = BINDING.captures_at(&text[..found.end()], found.start()) {
                let (name, tuple, value) = match (c.get(1), c.get(4)) {
                    (Some(name), _) => (name, c.get(2).is_some(), c.get(3)),
                    (None, Some(name)) => (name, false, c.get(5)),
                    _ => continue,
                };
                let Ok(spelled) = std::str::from_utf8(name.as_bytes()) else {
                    continue;
                };
                if !wanted.contains(spelled) {
                    continue;
                }
                let at = name.start();
                let functions = functions.get_or_insert_with(|| self::functions(text));
                while let Some(&function) = functions.get(next).filter(|f| f.0 < at) {
                    open.retain(|f| f.1 > function.0);
                    open.push(function);
                    next += 1;
                }
                open.retain(|f| f.1 > at);
                let end = open.last().map_or(text.len(), |f| f.1);
                by_name
                    .entry(spelled.to_owned())
                    .or_default()
                    .push(Binding {
                        at,
                        end,
                        value: value.map(|v| (v.range(), tuple)),
                        holders: OnceCell::new(),
                    });
            }
        }
        Bindings { text, by_name }
    }

    /// The holders `name` stands for at `at`: set by the last binding before it, in the same
    /// function, and those appended or added to it between that binding and `at` (`tasks =
    /// [*self._jobs]`, then `tasks.append(self._pump)`: the list holds both).
    pub(super) fn holders_at(&self, name: &str, at: usize) -> Vec<String> {
        let found = (self.by_name.get(name)).and_then(|b| {
            b.iter()
                .rfind(|binding| binding.at < at && at < binding.end)
        });
        let Some(binding) = found else {
            return Vec::new();
        };
        let mut holders = binding
            .holders
            .get_or_init(|| match &binding.value {
                Some((value, tuple)) => {
                    let bytes = self.text.get(value.clone()).unwrap_or_default();
                    holders_of(self.text, value.start, bytes, *tuple)
                }
                None => Vec::new(),
            })
            .clone();
        let between = self.text.get(binding.at..at).unwrap_or_default();
        for added in appended(between, name) {
            if !holders.contains(&added) {
                holders.push(added);
            }
        }
        holders
    }
}

/// The attributes `name.append(self._x)` or `name.add(self._x)` puts in the local `name`, in
/// `text`.
fn appended(text: &[u8], name: &str) -> Vec<String> {
    let mut found = Vec::new();
    for method in ["append", "add"] {
        let call = format!("{name}.{method}(");
        for at in memchr::memmem::find_iter(text, call.as_bytes()) {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            if at > 0 && text.get(at - 1).is_some_and(|b| word(b) || *b == b'.') {
                continue;
            }
            let open = at + call.len() - 1;
            // `closing` is just past the `)`.
            let close = closing(text, open).saturating_sub(1);
            let argument = text.get(open + 1..close).unwrap_or_default();
            let argument = squeeze(argument);
            let dotted =
                argument.contains('.') && (argument.bytes()).all(|b| word(&b) || b == b'.');
            if dotted {
                found.push(argument);
            }
        }
    }
    found
}

/// The name a match of [`BINDING`] binds: its first word, after `(` for a walrus.
fn bound_name(found: &[u8]) -> &[u8] {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let skipped = found
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'('))
        .count();
    let rest = &found[skipped..];
    &rest[..rest.iter().take_while(|b| word(b)).count()]
}

/// The holders a binding's value stands for: a copy of one (`self._task`, `list(self._jobs)`),
/// or the attributes a list, tuple or comprehension gathers (read to its closing bracket).
fn holders_of(text: &[u8], start: usize, value: &[u8], tuple: bool) -> Vec<String> {
    // `task, self._task = self._task, None`: the first value goes to the first target.
    let value = if tuple {
        &value[..value.iter().position(|&b| b == b',').unwrap_or(value.len())]
    } else {
        value
    };
    let value = &value[..value.iter().position(|&b| b == b'#').unwrap_or(value.len())];
    // `list(\n    getattr(self, "_tasks", {}).values()\n)`: a call's value runs to its `)`.
    let count = |b: u8| value.iter().filter(|&&v| v == b).count();
    let whole = match memchr::memchr(b'(', value) {
        Some(open) if !tuple && count(b'(') > count(b')') => {
            let whole = text.get(start..closing(text, start + open));
            whole.map(|w| squeeze(w).into_bytes())
        }
        _ => None,
    };
    let named = super::getattr_names::holders(text, start, whole.as_deref().unwrap_or(value));
    if !named.is_empty() {
        return named;
    }
    // `task = self._tasks[key]`: one element, which stands for the collection as the loop
    // variable of `for t in self._tasks` does.
    let copied = ALIASED
        .captures(value)
        .and_then(|a| a.get(1).or(a.get(2)))
        .map(|h| squeeze(h.as_bytes()))
        .filter(|h| !matches!(h.as_str(), "None" | "True" | "False"));
    if let Some(holder) = copied {
        return vec![holder];
    }
    if !tuple {
        let joined = super::unions::joined(text, start, value);
        if !joined.is_empty() {
            return joined;
        }
    }
    let skipped = value.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if tuple || !matches!(value.get(skipped), Some(b'[' | b'(' | b'{')) {
        return Vec::new();
    }
    let open = start + skipped;
    let listed = text.get(open..closing(text, open)).unwrap_or_default();
    // A set (`{t for t in (self._a, self._b) if t}`) holds what it lists; a dict's iteration
    // gives its keys, not the tasks it may hold as values.
    if value.get(skipped) == Some(&b'{') && is_dict(listed) {
        return Vec::new();
    }
    let mut holders: Vec<String> = (names_in(listed).into_iter())
        .filter(|name| name.contains('.'))
        .collect();
    holders.dedup();
    holders
}

/// Whether the braces `listed` (from `{` to its `}`) make a dict: a `:` at their own depth
/// (not in a nested bracket, a string or a lambda).
fn is_dict(listed: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut quote = None;
    for &b in listed {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b':') if depth == 1 => return true,
            _ => {}
        }
    }
    false
}

/// Each function of the text as (start, end), in order of their starts.
fn functions(text: &[u8]) -> Vec<(usize, usize)> {
    let Ok(src) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    (DEF.find_iter(text))
        .map(|def| (def.start(), function_end(src, def.start())))
        .collect()
}
