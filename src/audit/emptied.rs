//! A collection that is emptied other than by taking each task out: bound anew to what a
//! `wait` left pending, bound to a new empty one after a shutdown went through it, or taken out
//! of through a callback's default argument bound to it. Read off the text of the holder's
//! scopes, as the other facts are.

/// Whether `holder` (`self._tasks`) is emptied in `scope` (the text of its class or module).
pub(super) fn emptied(holder: &str, scope: &str) -> bool {
    let lines: Vec<&str> = scope.lines().collect();
    (0..lines.len()).any(|i| {
        let next = lines.get(i + 1).copied().unwrap_or_default();
        rebound_pending(holder, lines[i], next)
            || emptied_after_shutdown(holder, &lines, i)
            || taken_out_by_default(holder, &lines, i)
    })
}

/// `done, holder = await asyncio.wait(holder, ...)` (its arguments may start on the next line):
/// the holder keeps only what is pending.
fn rebound_pending(holder: &str, line: &str, next: &str) -> bool {
    let Some((targets, value)) = assignment(line) else {
        return false;
    };
    let targets: Vec<&str> = targets.split(',').map(str::trim).collect();
    targets.len() == 2
        && targets[1] == holder
        && value.contains("wait(")
        && (value.contains(holder) || next.trim_start().starts_with(holder))
}

/// `holder = []` (or `set()`, `{}`, `None`, ...) in a function that went through the holder just
/// before (`for t in holder: t.cancel()`, a gather of it): the finished tasks go with the old
/// collection. Not in `__init__`, whose binding is the first.
fn emptied_after_shutdown(holder: &str, lines: &[&str], i: usize) -> bool {
    let Some((target, value)) = assignment(lines[i]) else {
        return false;
    };
    let empty = matches!(
        value.replace(' ', "").as_str(),
        "[]" | "{}" | "()" | "set()" | "list()" | "dict()" | "None" | "deque()"
    );
    if target.trim() != holder || !empty {
        return false;
    }
    let indent = indent_of(lines[i]);
    for line in lines[..i].iter().rev() {
        let code = line.trim_start();
        if code.is_empty() || code.starts_with('#') {
            continue;
        }
        // The function's start, and no shutdown of the holder before the binding.
        if indent_of(line) < indent && (code.starts_with("def ") || code.starts_with("async def "))
        {
            return false;
        }
        let through = code.starts_with("for ") && mentions(code, &format!(" in {holder}"));
        let waited = (code.contains("gather(") || code.contains("wait("))
            && mentions(code, &format!("*{holder}"));
        if through || waited {
            // Keep looking up for the enclosing `def`.
            return enclosing_is_not_init(&lines[..i], indent);
        }
    }
    false
}

fn enclosing_is_not_init(lines: &[&str], indent: usize) -> bool {
    for line in lines.iter().rev() {
        let code = line.trim_start();
        if indent_of(line) < indent && (code.starts_with("def ") || code.starts_with("async def "))
        {
            return !code.contains("__init__");
        }
    }
    false
}

/// `def done(t, _tasks=self._tasks): _tasks.remove(t)` (or a `lambda` with such a default): the
/// callback takes the task out of the holder through the name its default binds.
fn taken_out_by_default(holder: &str, lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim_start();
    let is_def = line.starts_with("def ") || line.starts_with("async def ");
    if !is_def && !line.contains("lambda") {
        return false;
    }
    let needle = format!("={holder}");
    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(at) = squeezed.find(&needle) else {
        return false;
    };
    let after = squeezed[at + needle.len()..].chars().next();
    if !matches!(after, Some(',' | ')' | ':')) {
        return false;
    }
    let alias: String = squeezed[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if alias.is_empty() {
        return false;
    }
    let takes = |code: &str| {
        ["remove(", "discard(", "pop("]
            .iter()
            .any(|m| code.contains(&format!("{alias}.{m}")))
    };
    if !is_def {
        return takes(&squeezed);
    }
    // The `def`'s body: the lines indented deeper than its header.
    let indent = indent_of(lines[i]);
    (lines[i + 1..].iter())
        .take_while(|l| l.trim().is_empty() || indent_of(l) > indent)
        .any(|l| takes(&l.replace(' ', "")))
}

/// `targets = value` as a statement of its own (not `==`, `<=`, ...): (targets, value).
fn assignment(line: &str) -> Option<(&str, &str)> {
    let code = line.trim();
    let at = code.find('=')?;
    let before = code[..at].chars().last()?;
    if code[at + 1..].starts_with('=') || matches!(before, '!' | '<' | '>' | '=' | ':') {
        return None;
    }
    let targets = code[..at].trim();
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | ' ');
    (!targets.is_empty() && targets.chars().all(plain)).then(|| (targets, code[at + 1..].trim()))
}

/// `code` spells `spelled` not followed by a word character (`self._bg`, not `self._bg2`).
pub(super) fn mentions(code: &str, spelled: &str) -> bool {
    code.match_indices(spelled).any(|(at, _)| {
        !(code[at + spelled.len()..].chars().next())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::emptied;

    #[test]
    fn a_collection_emptied_by_a_wait_a_shutdown_or_a_default_argument() {
        let wait = "    async def iter(self):\n        while self._p:\n            done, self._p = await asyncio.wait(\n                self._p, return_when=FIRST_COMPLETED)\n";
        assert!(emptied("self._p", wait));
        let wait = "        done, self._p = await asyncio.wait(self._p, timeout=1)\n";
        assert!(emptied("self._p", wait));
        let stop = "    def __init__(self):\n        self._bg = []\n\n    async def stop(self):\n        for t in self._bg:\n            t.cancel()\n        self._bg = []\n";
        assert!(emptied("self._bg", stop));
        let fresh = "    async def run(self):\n        self._bg = []\n        for t in self._bg:\n            t.cancel()\n";
        assert!(!emptied("self._bg", fresh), "bound before any shutdown");
        let init = "    def __init__(self):\n        for t in other:\n            pass\n        self._bg = []\n";
        assert!(!emptied("self._bg", init));
        let default =
            "        def done(t, _tasks=self._tasks, r=request):\n            _tasks.remove(t)\n";
        assert!(emptied("self._tasks", default));
        let read = "        def done(t, _tasks=self._tasks):\n            print(_tasks)\n";
        assert!(!emptied("self._tasks", read));
        let lambda = "        t.add_done_callback(lambda t, s=self._tasks: s.discard(t))\n";
        assert!(emptied("self._tasks", lambda));
    }
}
