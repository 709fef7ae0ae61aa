//! A set union of holders read into a local (`list(self._a | self._b)`, `self._a | self._b`,
//! `set().union(self._a, self._b)`, `self._a.union(self._b)`), or a concatenation of them
//! (`self._a + self._b`): the language makes it hold every element of each, so a wait or a cancel of the local's tasks is one of each holder's (as
//! `tasks = list(self._tasks)` is of its one holder).

use super::names::{closing, squeeze};

/// The builtins that copy what they are handed into a new container.
const COPIES: [&str; 4] = ["list", "set", "tuple", "frozenset"];

/// The holders a binding's value joins by a set union, or none where it is not one of at
/// least two dotted names. `start` is the value's offset in `text`, `value` its first line.
pub(super) fn joined(text: &[u8], start: usize, value: &[u8]) -> Vec<String> {
    let skipped = value.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let rest = &value[skipped..];
    let word = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let copied = std::str::from_utf8(&rest[..word]).is_ok_and(|w| COPIES.contains(&w));
    let after_word = &rest[word..];
    let spaces = after_word
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    // `list(...)` or `(...)` that ends the value: what it holds, read to its closing bracket
    // (over lines); `set().union(...)` goes on after its bracket, and is read as it is.
    let open = match (copied, after_word.get(spaces), rest.first()) {
        (true, Some(b'('), _) => Some(start + skipped + word + spaces),
        (_, _, Some(b'(')) => Some(start + skipped),
        _ => None,
    };
    let expression = match open.filter(|&open| ends_value(text, open)) {
        Some(open) => inside(text, open),
        None => rest.to_vec(),
    };
    let parts = union_parts(&expression);
    if parts.len() < 2 || !parts.iter().all(|p| dotted(p)) {
        return Vec::new();
    }
    parts
}

/// Nothing but spaces or a comment follows the bracket that `open` opens, on its line.
fn ends_value(text: &[u8], open: usize) -> bool {
    let close = closing(text, open);
    let after = text.get(close..).unwrap_or_default();
    let line = &after[..memchr::memchr(b'\n', after).unwrap_or(after.len())];
    let line = &line[..memchr::memchr(b'#', line).unwrap_or(line.len())];
    line.iter().all(u8::is_ascii_whitespace)
}

/// The bytes between the bracket at `open` and its closing one.
fn inside(text: &[u8], open: usize) -> Vec<u8> {
    let close = closing(text, open).saturating_sub(1);
    text.get(open + 1..close).unwrap_or_default().to_vec()
}

/// The operands of `a | b | c`, or of `x.union(a, b)` (`set().union(a, b)` has no operand
/// but its arguments), squeezed; one element where it is neither.
fn union_parts(expression: &[u8]) -> Vec<String> {
    let squeezed = squeeze(expression);
    let squeezed = squeezed.trim_end_matches(',');
    if let Some((object, arguments)) = squeezed.split_once(".union(") {
        let Some(arguments) = arguments.strip_suffix(')') else {
            return Vec::new();
        };
        let mut parts: Vec<String> = Vec::new();
        if object != "set()" {
            parts.push(object.to_owned());
        }
        parts.extend(
            arguments
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_owned),
        );
        return parts;
    }
    // `a + b` of two lists (or tuples) holds every element of each, as a union does.
    squeezed.split(['|', '+']).map(str::to_owned).collect()
}

/// An attribute or a dotted name (`self._tasks`), nothing else (no call, no subscript).
fn dotted(part: &str) -> bool {
    part.contains('.')
        && !part.starts_with('.')
        && !part.ends_with('.')
        && part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(code: &str) -> Vec<String> {
        let at = code.find('=').map_or(0, |i| i + 1);
        let line_end = code[at..].find('\n').map_or(code.len(), |i| at + i);
        joined(code.as_bytes(), at, &code.as_bytes()[at..line_end])
    }

    #[test]
    fn a_union_of_holders_stands_for_each() {
        let three = ["self._a", "self._b", "self._c"];
        assert_eq!(of("x = list(\n    self._a | self._b | self._c\n)\n"), three);
        assert_eq!(of("x = self._a | self._b | self._c\n"), three);
        assert_eq!(of("x = set().union(self._a, self._b, self._c)\n"), three);
        assert_eq!(of("x = self._a.union(self._b, self._c)\n"), three);
        assert_eq!(of("x = (self._a | self._b)\n"), ["self._a", "self._b"]);
        assert_eq!(of("x = self._a + self._b\n"), ["self._a", "self._b"]);
    }

    #[test]
    fn anything_else_stands_for_none() {
        assert!(of("x = list(self._a)\n").is_empty());
        assert!(of("x = self._a | flag\n").is_empty());
        assert!(of("x = list(self._a | self._b())\n").is_empty());
        assert!(of("x = sorted(self._a | self._b)\n").is_empty());
        assert!(of("x = self._a + 1\n").is_empty());
    }
}
