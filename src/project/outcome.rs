//! A done callback another file defines (`partial(done_task_callback, self.logger)` of an
//! imported `done_task_callback`): what its body reads of the task's outcome is what the
//! callback reads. The summary keeps the function's text where its body reads a parameter's
//! `exception()` or `result()`; `audit` reads that text as it reads a callback of its own file.

use tree_sitter::Node;

use crate::scan::syntax::text;

/// Whether a file's bytes may define a function that reads an outcome (`.exception()`,
/// `.result()`). Of such a file that `may_handle` does not pass, only what its functions read
/// of an outcome is summarised.
pub fn may_read_outcome(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    has(b"def ") && (has(b".exception()") || has(b".result()"))
}

/// The function's text, where its body reads the outcome of one of its parameters (not `self`
/// or `cls`).
pub(super) fn read_by(function: Node, src: &str) -> Option<Box<str>> {
    let code = text(function.child_by_field_name("body")?, src);
    let params = crate::scan::params::parameters(function);
    let mut names = params.iter().filter_map(|p| p.name).map(|n| text(n, src));
    let reads = |name: &str| !matches!(name, "self" | "cls") && reads_outcome(name, code);
    names.any(reads).then(|| text(function, src).into())
}

/// Whether `body` reads the outcome of what `name` holds: `name.exception()`, `name.result()`
/// (not `other_name.result()`, nor `x.name.result()`).
fn reads_outcome(name: &str, body: &str) -> bool {
    let bytes = body.as_bytes();
    ["exception()", "result()"].iter().any(|read| {
        let spelled = format!("{name}.{read}");
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.';
        (memchr::memmem::find_iter(bytes, spelled.as_bytes()))
            .any(|at| at == 0 || !bytes.get(at - 1).is_some_and(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parameter_itself_is_read() {
        assert!(reads_outcome("task", "e = task.exception()"));
        assert!(!reads_outcome("t", "e = fut.result()"));
        assert!(!reads_outcome("t", "e = self.t.result()"));
    }
}
