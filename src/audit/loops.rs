//! The loops over holders in shutdown code: `for t in self._tasks:`, `for i, t in
//! enumerate(name)`, `for t in self._a | self._b:`, `for t in (self._a, self._b):`, each a
//! (loop variable, holder) of [`Facts::loops`], and where a statement loop's body ends
//! ([`block_end_bytes`]: a comment at the loop's indentation does not end its body).

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::facts::Facts;
use super::names::{group, pattern, squeeze};
use crate::scan::blocks::block_end_bytes;

/// `for t in name`, and `for i, t in enumerate(name)` / `for k, t in name.items()`: the
/// element is the last target.
static LOOP: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\bfor\s+(?:\w+\s*,\s*)?(\w+)\s+in\s+(?:\w+\s*\(\s*)?(DOTTED)(?:[ \t]*\.[ \t]*(?:values|items)\s*\(\s*\))?",
    )
});
/// `for t in (self._a, self._b)`, `for t in [a, b]`: the loop goes over each holder listed,
/// as a local bound to that list would (`aliases`).
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"\bfor\s+(\w+)\s+in\s+[(\[]\s*((?:DOTTED\s*,\s*)+(?:DOTTED\s*)?)[)\]]")
});
/// `| self._b` or `+ list(self._b)` right after a loop's container (`for t in self._a |
/// self._b:`): the loop goes over that holder's tasks too.
static JOINED: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"^\)?[ \t]*[|+][ \t]*(?:\w+\s*\(\s*)?(DOTTED)"));

impl Facts {
    /// The loops `line` (at `base` in `text`) starts, each over the holders it names.
    pub(super) fn loop_line(&mut self, text: &[u8], line: &[u8], base: usize) {
        for c in LOOP.captures_iter(line) {
            if let (Some((_, var)), Some((_, name)), Some(whole)) =
                (group(line, &c, 1), group(line, &c, 2), c.get(0))
            {
                let (var, start, mut end) = (squeeze(var), whole.start(), whole.end());
                self.statement_loop(text, line, base, start..end);
                self.loops
                    .push((var.clone(), squeeze(name), base + start, base + end));
                while let Some(joined) = JOINED.captures(&line[end..]) {
                    let (Some(name), Some(all)) = (joined.get(1), joined.get(0)) else {
                        break;
                    };
                    let name = squeeze(&line[end + name.start()..end + name.end()]);
                    end += all.end();
                    self.loops
                        .push((var.clone(), name, base + start, base + end));
                }
            }
        }
        for c in LISTED.captures_iter(line) {
            let (Some(var), Some(listed), Some(whole)) = (c.get(1), c.get(2), c.get(0)) else {
                continue;
            };
            let (start, end) = (whole.start(), whole.end());
            self.statement_loop(text, line, base, start..end);
            let names = listed.as_bytes().split(|&b| b == b',').map(squeeze);
            for name in names.filter(|n| !n.is_empty()) {
                let var = squeeze(var.as_bytes());
                self.loops.push((var, name, base + start, base + end));
            }
        }
    }

    /// A loop whose header is its line (`for t in x:`), not a comprehension's: where its body
    /// ends.
    fn statement_loop(&mut self, text: &[u8], line: &[u8], base: usize, found: Range<usize>) {
        let header = line[..found.start].trim_ascii().is_empty()
            && line[found.end..].trim_ascii_end().ends_with(b":");
        if header {
            let body = block_end_bytes(text, base, indent(line));
            self.statement_loops.insert(base + found.start, body);
        }
    }
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_over_joined_holders_goes_over_each() {
        for over in [
            "self._a | self._b",
            "list(self._a) + list(self._b)",
            "self._a | self._b | self._c",
        ] {
            let text = format!("async def stop(self):\n    for t in {over}:\n        t.cancel()\n");
            let facts = Facts::read(text.as_bytes());
            let names: Vec<&str> = facts.loops.iter().map(|(_, n, _, _)| n.as_str()).collect();
            assert!(
                names.contains(&"self._a") && names.contains(&"self._b"),
                "{over}: {names:?}"
            );
        }
    }

    #[test]
    fn a_loop_over_listed_holders_goes_over_each() {
        for over in [
            "(self._a, self._b)",
            "[self._a, self._b]",
            "(self._a, self._b,)",
        ] {
            let text = format!("async def stop(self):\n    for t in {over}:\n        t.cancel()\n");
            let facts = Facts::read(text.as_bytes());
            let names: Vec<&str> = facts.loops.iter().map(|(_, n, _, _)| n.as_str()).collect();
            assert_eq!(names, ["self._a", "self._b"], "{over}");
        }
    }

    #[test]
    fn a_comment_at_the_loops_indentation_does_not_end_its_body() {
        let text = "async def stop(self):\n    for t in self._a:\n        t.cancel()\n    # then\n        await t\n    done()\n";
        let facts = Facts::read(text.as_bytes());
        let start = text.find("for").unwrap();
        let end = text.find("    done()").unwrap();
        assert_eq!(facts.statement_loops.get(&start), Some(&end));
    }
}
