//! A read that the function's default path never reaches: it stands under an `if` (or `elif`)
//! whose test is false while every flag the function is handed is off (exam35l class 8,
//! podman-compose's `compose_up`: the done set of `asyncio.wait` is read only under
//! `if args.abort_on_container_failure ...:` and `if args.abort_on_container_exit or
//! first_failed_task:`). A read there may never run: on the path where the flags are off the
//! exceptions of the tasks are not looked at.
//!
//! A test is off by default when it is
//! - a flag: an attribute of a parameter (`args.verbose`), an attribute of `self` the function
//!   does not assign, or a parameter whose default is `None`, `False` or `0`;
//! - a local bound once to `None`, `False` or `0` and bound otherwise only under such tests;
//! - `a and b` with one side off, or `a or b` with both off.
//!
//! Anything else (a comparison, a call, `not x`, parentheses) may be true: no proof.

/// Whether the read at `at` of `function` (the text of one function, from its `def` line) is
/// only reached when a flag is on.
pub(super) fn under_flag(function: &str, at: usize) -> bool {
    under_flag_at(function, at, 0)
}

fn under_flag_at(function: &str, at: usize, depth: usize) -> bool {
    let Some(start) = function
        .get(..at)
        .map(|t| t.rfind('\n').map_or(0, |i| i + 1))
    else {
        return false;
    };
    let mut limit = indent(&function[start..]);
    let mut end = start;
    // The headers of the blocks around the read, innermost first, by their indentation.
    while end > 0 {
        let from = function[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &function[from..end - 1];
        end = from;
        let code = line.trim();
        if code.is_empty() || code.starts_with('#') || indent(line) >= limit {
            continue;
        }
        limit = indent(line);
        if code.starts_with("def ") || code.starts_with("async def ") || code.starts_with("class ")
        {
            return false;
        }
        let test = (code
            .strip_prefix("if ")
            .or_else(|| code.strip_prefix("elif ")))
        .and_then(|t| t.strip_suffix(':'));
        if test.is_some_and(|t| off(t, function, depth)) {
            return true;
        }
    }
    false
}

/// Whether `test` is false while every flag is off.
fn off(test: &str, function: &str, depth: usize) -> bool {
    if test.contains(['(', ')', '[', '"', '\'']) {
        return false;
    }
    test.split(" or ").all(|either| {
        either
            .split(" and ")
            .any(|both| atom_off(both.trim(), function, depth))
    })
}

fn atom_off(atom: &str, function: &str, depth: usize) -> bool {
    let dotted = atom.split('.').all(|part| {
        !part.is_empty()
            && part.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric())
            && !part.as_bytes()[0].is_ascii_digit()
    });
    if !dotted || matches!(atom, "not" | "None" | "True" | "False") || depth > 2 {
        return false;
    }
    let bound = bindings(function, atom);
    // Bound again only where a flag is on: still off on the default path.
    let only_flagged = |values: Vec<(usize, &str)>| {
        values.into_iter().all(|(at, value)| {
            falsy(value)
                || flag_value(value, function, depth + 1)
                || under_flag_at(function, at, depth + 1)
        })
    };
    match atom.split_once('.') {
        // Handed in (a parameter, `self`) or global: the function's caller sets it.
        Some((root, _)) => bindings(function, root).is_empty() && only_flagged(bound),
        None => match parameters(function).iter().find(|(name, _)| *name == atom) {
            Some((_, default)) => default.is_some_and(falsy) && only_flagged(bound),
            // A local: bound only to false constants and flags, or under flags.
            None => !bound.is_empty() && !loop_bound(function, atom) && only_flagged(bound),
        },
    }
}

/// A value read from what the caller hands in: a flag (`args.verbose`), or an entry of it
/// looked up by a literal key with no other default (`args.__dict__.get("exit_code_from")`).
fn flag_value(value: &str, function: &str, depth: usize) -> bool {
    let value = value.trim();
    let looked_up = value
        .strip_suffix(')')
        .and_then(|v| v.split_once(".get("))
        .filter(|(_, key)| {
            let key = key.trim();
            key.len() >= 2
                && (key.starts_with('"') && key.ends_with('"')
                    || key.starts_with('\'') && key.ends_with('\''))
                && !key[1..key.len() - 1].contains(['"', '\'', ','])
        })
        .map(|(of, _)| of);
    let of = looked_up.unwrap_or(value);
    let root = of.split('.').next().unwrap_or_default();
    of.contains('.') && atom_off(of, function, depth) && bindings(function, root).is_empty()
}

/// Each `target = value` (or annotated) that starts a line of the function: its offset and
/// value (`""` for an augmented assignment, which is no constant).
fn bindings<'f>(function: &'f str, target: &str) -> Vec<(usize, &'f str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in function.split_inclusive('\n') {
        let code = line.trim_start();
        let at = offset + (line.len() - code.len());
        offset += line.len();
        let Some(rest) = code.strip_prefix(target) else {
            continue;
        };
        if rest.starts_with(|c: char| c == '_' || c == '.' || c.is_ascii_alphanumeric()) {
            continue;
        }
        let rest = rest.trim_start();
        // `name: T = value`: the annotation is no value.
        let rest = match rest.strip_prefix(':') {
            Some(annotated) => match annotated.split_once('=') {
                Some((_, value)) => &rest[rest.len() - value.len() - 1..],
                None => continue,
            },
            None => rest,
        };
        if let Some(value) = rest.strip_prefix('=').filter(|v| !v.starts_with('=')) {
            found.push((at, value.trim()));
        } else if ["+=", "-=", "|="].iter().any(|op| rest.starts_with(op)) {
            found.push((at, ""));
        }
    }
    found
}

/// A `for name in ...` or `with ... as name` binds it too: no flag.
fn loop_bound(function: &str, name: &str) -> bool {
    function.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("for ") && l.contains(&format!(" {name} in ")))
            || l.contains(&format!(" as {name}"))
            || l.contains(&format!("{name} :="))
            // `a, name = ...`: a tuple's target.
            || l.split_once('=').is_some_and(|(targets, _)| {
                targets.contains(',')
                    && targets.split(',').any(|t| t.trim().trim_matches(['(', ')', '[', ']']) == name)
            })
    })
}

fn falsy(value: &str) -> bool {
    matches!(value.trim(), "None" | "False" | "0")
}

/// The function's parameters (`self` and `cls` too), each with its default's text.
fn parameters(function: &str) -> Vec<(&str, Option<&str>)> {
    let Some(open) = function.find('(') else {
        return Vec::new();
    };
    let pieces = super::names::pieces(function.as_bytes(), open);
    let mut found = Vec::new();
    for piece in pieces {
        let piece = std::str::from_utf8(piece).unwrap_or_default();
        let (head, default) = match piece.split_once('=') {
            Some((head, default)) => (head, Some(default.trim())),
            None => (piece, None),
        };
        let name = head.split(':').next().unwrap_or_default();
        let name = name.trim().trim_start_matches('*').trim();
        if !name.is_empty() && name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()) {
            found.push((name, default));
        }
    }
    found
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

#[cfg(test)]
mod tests {
    use super::under_flag;

    fn flagged(code: &str, read: &str) -> bool {
        under_flag(code, code.find(read).unwrap())
    }

    #[test]
    fn a_read_under_a_flag_of_a_parameter_is_off_the_default_path() {
        let code = "async def up(args, tasks):\n    first = None\n    while tasks:\n        done, tasks = await asyncio.wait(tasks)\n        if args.abort and first is None:\n            for t in done:\n                if t.result():\n                    first = t\n        if args.exit or first:\n            if first:\n                pass\n            else:\n                for u in done:\n                    u.result()\n";
        assert!(flagged(code, "for t in done"));
        assert!(flagged(code, "for u in done"));
        // The wait itself runs on every turn.
        assert!(!flagged(code, "done, tasks"));
    }

    #[test]
    fn a_test_that_may_be_true_proves_nothing() {
        let code = "def f(self, tasks, quiet=False, loud=True):\n    self.on = True\n    if self.on:\n        a.result()\n    if not quiet:\n        b.result()\n    if loud:\n        c.result()\n    if quiet:\n        d.result()\n    if self.other:\n        e.result()\n    if len(tasks) > 1:\n        g.result()\n    else:\n        h.result()\n";
        assert!(!flagged(code, "a.result"));
        assert!(!flagged(code, "b.result"));
        assert!(!flagged(code, "c.result"));
        assert!(flagged(code, "d.result"));
        assert!(flagged(code, "e.result"));
        assert!(!flagged(code, "g.result"));
        assert!(!flagged(code, "h.result"));
    }

    #[test]
    fn a_local_set_outside_any_flag_is_no_flag() {
        let code = "def f(args, done):\n    seen = None\n    seen = done\n    if args.x or seen:\n        done.pop().result()\n";
        assert!(!flagged(code, "done.pop"));
    }
}
