//! The done callbacks of a file that are functions of other files (`add_done_callback(done_cb)`
//! of `from .helper import done_cb`, `utils._callback` of `from . import utils`): the names
//! `audit` asks summaries for, so that what their bodies read of a task's outcome is read in
//! their own files.

/// The functions a done callback of the file calls that the file does not define and imports
/// by name (`add_done_callback(done_cb)`, `partial(done_cb, self.logger)` of `from .helper
/// import done_cb`): `audit` reads what their bodies read of the task's outcome, in their own
/// files; also `utils._callback` of `from . import utils`, by the function's own name
/// (`self._tasks.discard` is no function of a module).
pub(super) fn callbacks_elsewhere(src: &str) -> Vec<String> {
    if !src.contains("add_done_callback(") {
        return Vec::new();
    }
    let imports = crate::scan::import_lines::import_lines(src.as_bytes());
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let imported = |name: &str| {
        (imports.ranges.iter()).any(|r| {
            let line = src.as_bytes().get(r.clone()).unwrap_or_default();
            let end = |at: usize| at + name.len();
            (memchr::memmem::find_iter(line, name.as_bytes())).any(|at| {
                !word(at.checked_sub(1).and_then(|b| line.get(b))) && !word(line.get(end(at)))
            })
        })
    };
    let ident = |s: &str| (s.find(|c: char| !(c.is_alphanumeric() || c == '_'))).unwrap_or(s.len());
    let mut names = Vec::new();
    let calls = src.match_indices("add_done_callback(");
    for (at, _) in calls.chain(src.match_indices("partial(")) {
        let rest = src[at..]
            .split_once('(')
            .map_or("", |(_, r)| r)
            .trim_start();
        let rest = rest.strip_prefix("functools.partial(").unwrap_or(rest);
        let rest = rest.strip_prefix("partial(").unwrap_or(rest).trim_start();
        let (mut name, after) = rest.split_at(ident(rest));
        if name.is_empty() || matches!(name, "lambda" | "partial") || !imported(name) {
            continue;
        }
        // `utils._callback`: a function of the module, not `utils.x.y` nor a call of it.
        if let Some(attribute) = after.strip_prefix('.') {
            let (function, tail) = attribute.split_at(ident(attribute));
            if function.is_empty() || tail.starts_with(['.', '(']) {
                continue;
            }
            name = function;
        }
        if !crate::project::handlers::defines_one_of(src.as_bytes(), &[name.to_owned()]) {
            names.push(name.to_owned());
        }
    }
    names
}
