//! `t in done`, `t not in done`: a test of membership looks at no task's outcome. Retrieval is
//! per task: a done set read only to test which task finished (`if parent in done:`) retrieves
//! none of them, and a task only tested for membership is not read (exam35i class 8,
//! mcp-atlassian's raced `parent_task`). Iteration (`for t in done`, a comprehension) is a read.

/// Whether the name at `at..end` of `text` (both offsets in `text`) is a side of a membership
/// test on a line that iterates nothing: `name in x`, `name not in x`, `x in name`, `x not in
/// name`. Read off the line's text; a line that spells `for` anywhere is taken for iteration.
pub(super) fn only_tested(text: &[u8], at: usize, end: usize) -> bool {
    let line = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i);
    if spells_word(&text[line..line_end], b"for") {
        return false;
    }
    let after = text[end..line_end].trim_ascii_start();
    let element = [&b"in"[..], b"not in"].iter().any(|op| {
        after
            .strip_prefix(*op)
            .is_some_and(|rest| rest.first().is_some_and(|b| !is_word(*b)))
    });
    let ahead = text[line..at].trim_ascii_end();
    let container = ahead
        .strip_suffix(b"in")
        .is_some_and(|before| before.last().is_some_and(|b| !is_word(*b)));
    element || container
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `line` spells `word` as a whole word.
fn spells_word(line: &[u8], word: &[u8]) -> bool {
    memchr::memmem::find_iter(line, word).any(|i| {
        let before = i.checked_sub(1).map(|j| line[j]);
        !before.is_some_and(is_word) && !line.get(i + word.len()).is_some_and(|b| is_word(*b))
    })
}

#[cfg(test)]
mod tests {
    use super::only_tested;

    fn tested(text: &str, name: &str) -> bool {
        let at = text.find(name).unwrap();
        only_tested(text.as_bytes(), at, at + name.len())
    }

    #[test]
    fn a_membership_test_reads_no_task() {
        assert!(tested(
            "    if parent in done and not server.done():\n",
            "done"
        ));
        assert!(tested(
            "    if parent in done and not server.done():\n",
            "parent"
        ));
        assert!(tested("    if parent not in done:\n", "parent"));
        assert!(tested("    ok = x not in done\n", "done"));
        // Iteration reads each task.
        assert!(!tested("    for t in done:\n", "done"));
        assert!(!tested("    rs = [t.result() for t in done]\n", "done"));
        assert!(!tested(
            "    rs = [t for t in tasks if t in done]\n",
            "done"
        ));
        // Not a test at all.
        assert!(!tested("    await gather(*done)\n", "done"));
        assert!(!tested("    inner = done.pop()\n", "done"));
        assert!(!tested("    begin(done)\n", "done"));
    }
}
