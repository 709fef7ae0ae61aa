//! What a line cancels: `name.cancel(`, `name[key].cancel(`, `cast(T, name).cancel(` and a
//! cancel the loop calls later (`loop.call_soon_threadsafe(name.cancel)`), read into
//! `Facts::cancels`. A cancel the function follows by binding the name again makes room for
//! a new task (see [`super::rebind`]); it is not a shutdown.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::names::{group, name_of, pattern, squeeze, starts_name};

/// `name.cancel(`, and `name[key].cancel(` (an element of the holder, as `await name[key]` is).
static CANCEL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(DOTTED)((?:[ \t]*\[[^\]\n]*\])?)[ \t]*\.[ \t]*cancel\s*\("));
/// `loop.call_soon_threadsafe(name.cancel)` (or `call_soon`, `call_later`, `call_at`): the
/// loop calls the task's cancel, as from another thread a stop must.
static CANCEL_LATER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\bcall_(?:soon_threadsafe|soon|later|at)\s*\((?:[^()\n]*,)?\s*(DOTTED)[ \t]*\.[ \t]*cancel\s*[,)]",
    )
});
/// `cast(T, name).cancel(` (`typing.cast` too): `cast` returns its second argument unchanged,
/// so this is `name.cancel(`.
static CAST_CANCEL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\bcast\s*\([^()\n]*,\s*(DOTTED)\s*\)[ \t]*\.[ \t]*cancel\s*\("));

/// The names `line` (at `base` in the block `text`) cancels, each with its offset in the
/// block; `loops` are the block's `for` loops read so far (var, holder, start, header end).
pub(super) fn read(
    text: &[u8],
    line: &[u8],
    base: usize,
    loops: &[(String, String, usize, usize)],
) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for c in CANCEL_LATER.captures_iter(line) {
        if let Some((at, name)) = group(line, &c, 1) {
            found.push((squeeze(name), base + at));
        }
    }
    for c in CAST_CANCEL.captures_iter(line) {
        if let Some((at, name)) = group(line, &c, 1)
            && !super::rebind::bound_again_after(text, base + at, &squeeze(name))
        {
            found.push((squeeze(name), base + at));
        }
    }
    for c in CANCEL.captures_iter(line) {
        // `self._t[k].cancel()` then `self._t[k] = ...`: the slot is bound again.
        let slot = c.get(2).map_or(&[][..], |m| &line[m.range()]);
        // A loop's element (`for t in self._tasks: t.cancel()`) is each task of the
        // holder in turn: binding the name again later makes no room in it.
        let element = |at: usize| {
            let name = squeeze(name_of(line, &c));
            loops.iter().any(|(var, _, start, end)| {
                *var == name && *start < base + at && base + at <= end + 400
            })
        };
        if let Some((at, name)) = group(line, &c, 1).filter(|(at, _)| starts_name(line, *at))
            && (element(at)
                || !super::rebind::bound_again_after(
                    text,
                    base + at,
                    &squeeze(&[name, slot].concat()),
                ))
        {
            found.push((squeeze(name), base + at));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    fn cancelled(text: &str) -> Vec<String> {
        let mut base = 0;
        let mut names = Vec::new();
        for line in text.split_inclusive('\n') {
            let found = super::read(text.as_bytes(), line.as_bytes(), base, &[]);
            names.extend(found.into_iter().map(|(name, _)| name));
            base += line.len();
        }
        names.sort();
        names
    }

    #[test]
    fn a_cast_is_its_value() {
        let cast =
            "async def close(self):\n    cast(_T, self._task).cancel()\n    self._task = None\n";
        assert_eq!(cancelled(cast), ["self._task"]);
        let typed = "def stop(self):\n    typing.cast(Dict[str, int], self._t).cancel()\n";
        assert_eq!(cancelled(typed), ["self._t"]);
        assert!(cancelled("def f(self):\n    cast(T, make(x)).cancel()\n").is_empty());
    }
}
