//! A cancel that makes room for a new task (`self._t.cancel()` then `self._t = create_task(...)`)
//! replaces the task the holder held; it is not the holder's shutdown.

/// Whether the function goes on, after the line at `at`, to bind `name` to something other
/// than `None` or `False` (`name = new()`, `name: T = new()`; not `==`, not `name = None`,
/// which clears it as a shutdown does). The function ends, for this text scan, at the next
/// `def`, `class` or decorator line, and at a `return` or `raise` in a block around the
/// cancel (indented no deeper than every line since): what follows it is another path (`if
/// self._t: self._t.cancel(); return` then `self._t = go()` stops, or starts). A binding in
/// another branch of the `if` chain around the cancel (`elif kind == "restart": self._t =
/// go()`) is another path too.
pub fn bound_again_after(text: &[u8], at: usize, name: &str) -> bool {
    let Some(next) = memchr::memchr(b'\n', text.get(at..).unwrap_or_default()) else {
        return false;
    };
    let start = memchr::memrchr(b'\n', text.get(..at).unwrap_or_default()).map_or(0, |n| n + 1);
    let indent = |line: &[u8]| line.len() - line.trim_ascii_start().len();
    let own = indent(text.get(start..at).unwrap_or_default());
    let mut block = own;
    // The least indentation of the lines since the cancel's, and that of the other branch
    // being skipped, while inside it.
    let mut since: Option<usize> = None;
    let mut other: Option<usize> = None;
    for line in text[at + next + 1..].split(|b| *b == b'\n') {
        let code = line.trim_ascii_start();
        let opens = |word: &[u8]| code.starts_with(word);
        if opens(b"def ") || opens(b"async def ") || opens(b"class ") || opens(b"@") {
            return false;
        }
        if code.is_empty() || opens(b"#") {
            continue;
        }
        if other.is_some_and(|depth| indent(line) > depth) {
            continue;
        }
        other = None;
        let depth = indent(line);
        if depth <= own
            && since.is_none_or(|least| depth < least)
            && is_branch(code)
            && in_if_chain(text, start, depth)
        {
            other = Some(depth);
            continue;
        }
        since = Some(since.map_or(depth, |least| least.min(depth)));
        block = block.min(depth);
        let leaves = |word: &[u8]| {
            code.strip_prefix(word).is_some_and(|rest| {
                rest.first()
                    .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            })
        };
        if indent(line) <= block && (leaves(b"return") || leaves(b"raise")) {
            return false;
        }
        let Some(after) = code.strip_prefix(name.as_bytes()) else {
            continue;
        };
        let after = after.trim_ascii_start();
        let value = match after.first() {
            Some(b'=') if after.get(1) != Some(&b'=') => &after[1..],
            Some(b':') => match after.iter().position(|b| *b == b'=') {
                Some(eq) => &after[eq + 1..],
                None => continue,
            },
            _ => continue,
        };
        let value = value.trim_ascii();
        if !value.is_empty() && !value.starts_with(b"None") && !value.starts_with(b"False") {
            return true;
        }
    }
    false
}

/// Whether `code` opens another branch of an `if` chain (`elif ...:`, `else:`).
fn is_branch(code: &[u8]) -> bool {
    code.starts_with(b"elif ")
        || code.starts_with(b"elif(")
        || code
            .strip_prefix(b"else")
            .is_some_and(|rest| rest.trim_ascii_start().starts_with(b":"))
}

/// Whether the nearest line at or before the one starting at `start` indented no deeper than
/// `depth` is an `if` or `elif` header at `depth`: then a branch at `depth` after it belongs to
/// that chain (an `else:` of a `for`, `while` or `try` runs after its body, so it does not).
fn in_if_chain(text: &[u8], start: usize, depth: usize) -> bool {
    let before = text.get(..start).unwrap_or_default();
    let rest = text.get(start..).unwrap_or_default();
    let own = rest.split(|b| *b == b'\n').next().unwrap_or_default();
    let lines = before.split(|b| *b == b'\n').rev().skip(1);
    for line in std::iter::once(own).chain(lines) {
        let code = line.trim_ascii_start();
        if code.is_empty() || code.starts_with(b"#") {
            continue;
        }
        let indent = line.len() - code.len();
        if indent < depth {
            return false;
        }
        if indent == depth {
            return code.starts_with(b"if ")
                || code.starts_with(b"if(")
                || code.starts_with(b"elif ")
                || code.starts_with(b"elif(");
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::bound_again_after;

    fn cancel_rebound(text: &str, name: &str) -> bool {
        let at = text.find(&format!("{name}.cancel(")).unwrap();
        bound_again_after(text.as_bytes(), at, name)
    }

    #[test]
    fn a_cancel_that_makes_room_is_followed_by_a_binding_in_its_block() {
        let restart = "    def restart(self):\n        self._t.cancel()\n        self._t = go()\n";
        assert!(cancel_rebound(restart, "self._t"));
        let guarded = "        if self._t:\n            self._t.cancel()\n        self._t = go()\n";
        assert!(cancel_rebound(guarded, "self._t"));
        let stop = "    def stop(self):\n        self._t.cancel()\n        self._t == None\n\n    def start(self):\n        self._t = go()\n";
        assert!(!cancel_rebound(stop, "self._t"));
        let cleared =
            "    def stop(self):\n        self._t.cancel()\n        self._t: Task | None = None\n";
        assert!(!cancel_rebound(cleared, "self._t"));
        let reset = "    def stop(self):\n        self._t.cancel()\n        self._t=None\n";
        assert!(!cancel_rebound(reset, "self._t"));
        // A stop path that returns before the binding that starts the task.
        let toggle = "    if D.T:\n        if x:\n            D.T.cancel()\n        D.T = False\n        return\n    D.T = go()\n";
        assert!(!cancel_rebound(toggle, "D.T"));
        // A return in a branch of its own leaves the other path to the binding.
        let branch = "    D.T.cancel()\n    if x:\n        return\n    D.T = go()\n";
        assert!(cancel_rebound(branch, "D.T"));
        let sibling =
            "    if a:\n        D.T.cancel()\n    else:\n        return\n    D.T = go()\n";
        assert!(cancel_rebound(sibling, "D.T"));
    }

    #[test]
    fn a_binding_in_another_branch_of_the_if_chain_is_another_path() {
        let chain = "    if k == 1:\n        if f in D.t:\n            D.t[f].cancel()\n            del D.t[f]\n    elif k == 2:\n        D.t[f] = go()\n    else:\n        D.t[f] = go()\n";
        assert!(!cancel_rebound(chain, "D.t[f]"));
        let one_line = "    if a: D.T.cancel()\n    else:\n        D.T = go()\n";
        assert!(!cancel_rebound(one_line, "D.T"));
        // After the chain the function goes on from the cancel's branch too.
        let after = "    if a:\n        D.T.cancel()\n    elif b:\n        pass\n    D.T = go()\n";
        assert!(cancel_rebound(after, "D.T"));
        // The `else:` of a loop runs after its body, the cancel's own branch.
        let loop_else = "    for x in y:\n        D.T.cancel()\n    else:\n        D.T = go()\n";
        assert!(cancel_rebound(loop_else, "D.T"));
        let later_loop = "    if a:\n        D.T.cancel()\n        for x in y:\n            pass\n        else:\n            D.T = go()\n";
        assert!(cancel_rebound(later_loop, "D.T"));
        let try_else = "    try:\n        D.T.cancel()\n    except E:\n        pass\n    else:\n        D.T = go()\n";
        assert!(cancel_rebound(try_else, "D.T"));
    }
}
