//! A property that hands out the holders: reading `self.running_tasks` runs its body, and a
//! body that yields each of several attributes (`for t in (self._a, self._b): yield t`) or
//! returns a tuple or list of them (`return (self._a, self._b)`) hands out those very
//! objects (the language's `property` calls the getter on each read). A loop over the
//! property that cancels or awaits each item cancels or awaits each attribute.

use super::facts::Facts;
use super::fate::Shutdown;
use super::shutdown::{Found, shutdown_of};

/// How `holder` is shut down through the properties of the class text `text` that hand it
/// out (`for t in self.running_tasks: t.cancel()`), with the offset in `text`.
pub(super) fn shutdown_through(
    holder: &str,
    text: &str,
    facts: &Facts,
) -> (Shutdown, Option<usize>) {
    let mut found = Found::default();
    for property in standing_for(holder, text) {
        let (shutdown, at) = shutdown_of(&property, facts);
        found.add(shutdown, at);
    }
    found.shutdown()
}

/// The properties of the class text `text` that hand out `holder` (`self._task`), each as
/// `self.<name>`.
pub(super) fn standing_for(holder: &str, text: &str) -> Vec<String> {
    let has = |word: &[u8]| memchr::memmem::find(text.as_bytes(), word).is_some();
    if !holder.starts_with("self.") || !has(b"@property") {
        return Vec::new();
    }
    let mut found = Vec::new();
    // `@property` right above a `def` (or `async def`): the getter. Read by hand, not by a
    // pattern whose compiling costs more than the reading.
    for at in memchr::memmem::find_iter(text.as_bytes(), b"@property") {
        let after = &text[at + "@property".len()..];
        let Some(line) = after.find('\n') else {
            continue;
        };
        if !after[..line].trim().is_empty() {
            continue;
        }
        let start = at + "@property".len() + line + 1;
        let def = text[start..].trim_start_matches([' ', '\t']);
        let def = def.strip_prefix("async ").map_or(def, str::trim_start);
        let Some(name) = def.strip_prefix("def ") else {
            continue;
        };
        let name: String = (name.trim_start().chars())
            .take_while(|c| *c == '_' || c.is_ascii_alphanumeric())
            .collect();
        let end = super::names::function_end(text, start);
        let body = text.get(start..end).unwrap_or_default();
        if !name.is_empty() && hands_out(body, holder) {
            found.push(format!("self.{name}"));
        }
    }
    found
}

/// Whether the getter `body` hands out `holder`: the holder is a whole element of a tuple or
/// list (or a `yield`'s or `return`'s whole operand), in a generator (a body that yields) or in
/// a `return` statement.
fn hands_out(body: &str, holder: &str) -> bool {
    let generator = body.split_whitespace().any(|w| w == "yield");
    body.match_indices(holder).any(|(at, _)| {
        let before = body[..at].trim_end();
        let after = body[at + holder.len()..].trim_start_matches([' ', '\t']);
        let opens = before.ends_with(['(', '[', ','])
            || word_before(before, "yield")
            || word_before(before, "return");
        let closes = after.is_empty() || after.starts_with([',', ')', ']', '\n', '\r', '#']);
        opens && closes && (generator || in_return(&body[..at]))
    })
}

/// Whether `text` ends with the keyword `word` (not the end of a longer name).
fn word_before(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        !rest
            .chars()
            .next_back()
            .is_some_and(|c| c == '_' || c == '.' || c.is_alphanumeric())
    })
}

/// Whether the text up to an element is inside a `return` statement: the last `return` before
/// it starts a statement whose brackets are still open, or that has not ended its line.
fn in_return(text: &str) -> bool {
    let Some(at) = text.rfind("return") else {
        return false;
    };
    if !word_before(&text[..at + "return".len()], "return") {
        return false;
    }
    let mut depth = 0i32;
    for c in text[at..].chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '\n' if depth <= 0 => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::standing_for;

    #[test]
    fn a_property_that_yields_or_returns_the_attribute_stands_for_it() {
        let looped = "class A:\n    @property\n    def running(self):\n        for t in (\n            self._a,\n            self._b,\n        ):\n            if t is not None:\n                yield t\n\n    def other(self):\n        return self._a\n";
        assert_eq!(standing_for("self._a", looped), ["self.running"]);
        assert_eq!(standing_for("self._b", looped), ["self.running"]);
        assert!(standing_for("self._c", looped).is_empty());
        let tuple =
            "class A:\n    @property\n    def tasks(self):\n        return (self._a, self._b)\n";
        assert_eq!(standing_for("self._b", tuple), ["self.tasks"]);
        let list = "class A:\n    @property\n    def tasks(self):\n        return [self._a,\n                self._b]\n";
        assert_eq!(standing_for("self._b", list), ["self.tasks"]);
        // A property that returns something else built from the attribute hands out another
        // object; a longer name is another attribute.
        let other = "class A:\n    @property\n    def name(self):\n        return self._a.get_name()\n\n    @property\n    def two(self):\n        return (self._ab, 1)\n";
        assert!(standing_for("self._a", other).is_empty());
        let called = "class A:\n    @property\n    def done(self):\n        x = (self._a, 1)\n        return len(x)\n";
        assert!(standing_for("self._a", called).is_empty());
    }
}
