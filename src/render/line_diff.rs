//! The line diff of a file and its fix, for the printers that show a fix (`diff`, SARIF).

use std::collections::HashMap;

use similar::{Algorithm, DiffOp, capture_diff_deadline};

/// The line diff of `old` and `new`, in time about linear in their lengths. Its anchors are the
/// lines that occur once on each side, kept where both sides have them in the same order (the
/// longest such run, as patience diff takes it); similar's patience diff then aligns each gap
/// between two anchors. (Run on the whole file, similar aligns every line unique to one side
/// against the other's: lines times edits, when a fix adds thousands of lines.)
pub fn line_ops(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    // Per line: its count on each side and its last index there.
    let mut seen: HashMap<&str, [(u32, usize); 2]> = HashMap::new();
    for (side, lines) in [old, new].into_iter().enumerate() {
        for (i, line) in lines.iter().enumerate() {
            let entry = &mut seen.entry(line).or_default()[side];
            *entry = (entry.0 + 1, i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .into_values()
        .filter(|[o, n]| o.0 == 1 && n.0 == 1)
        .map(|[o, n]| (o.1, n.1))
        .collect();
    pairs.sort_unstable();
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    for (ao, an) in increasing_run(&pairs) {
        ops.extend(capture_diff_deadline(
            Algorithm::Patience,
            old,
            o..ao,
            new,
            n..an,
            None,
        ));
        ops.push(DiffOp::Equal {
            old_index: ao,
            new_index: an,
            len: 1,
        });
        (o, n) = (ao + 1, an + 1);
    }
    ops.extend(capture_diff_deadline(
        Algorithm::Patience,
        old,
        o..old.len(),
        new,
        n..new.len(),
        None,
    ));
    // One run of equal lines is one op, so that hunks split where the context allows.
    let mut merged: Vec<DiffOp> = Vec::with_capacity(ops.len());
    for op in ops {
        match (merged.last_mut(), op) {
            (
                Some(DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                }),
                DiffOp::Equal {
                    old_index: next_old,
                    new_index: next_new,
                    len: more,
                },
            ) if *old_index + *len == next_old && *new_index + *len == next_new => *len += more,
            (_, op) => merged.push(op),
        }
    }
    merged
}

/// The longest run of `pairs` (sorted by their first index) whose second indices increase too,
/// by patience sorting: O(n log n).
fn increasing_run(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // `tops[k]`: the pair ending the best run of length k + 1 found so far; `back`: each pair's
    // predecessor in its run.
    let mut tops: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = Vec::with_capacity(pairs.len());
    for (i, &(_, second)) in pairs.iter().enumerate() {
        let k = tops.partition_point(|&t| pairs[t].1 < second);
        back.push(k.checked_sub(1).map(|p| tops[p]));
        match tops.get_mut(k) {
            Some(top) => *top = i,
            None => tops.push(i),
        }
    }
    let mut run = Vec::with_capacity(tops.len());
    let mut at = tops.last().copied();
    while let Some(i) = at {
        run.push(pairs[i]);
        at = back[i];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use similar::{DiffOp, DiffableStr};

    use super::{increasing_run, line_ops};

    /// The ops rebuild `new` from `old`, and cover both sides once, in order.
    fn rebuild(old: &str, new: &str) -> Vec<DiffOp> {
        let (old_lines, new_lines) = (old.tokenize_lines(), new.tokenize_lines());
        let ops = line_ops(&old_lines, &new_lines);
        let (mut o, mut n, mut text) = (0, 0, String::new());
        for op in &ops {
            assert_eq!(
                (op.old_range().start, op.new_range().start),
                (o, n),
                "{ops:?}"
            );
            if let DiffOp::Equal { .. } = op {
                assert_eq!(old_lines[op.old_range()], new_lines[op.new_range()]);
            }
            text.extend(new_lines[op.new_range()].iter().copied());
            (o, n) = (op.old_range().end, op.new_range().end);
        }
        assert_eq!((o, n), (old_lines.len(), new_lines.len()));
        assert_eq!(text, new);
        ops
    }

    #[test]
    fn the_longest_increasing_run_is_kept() {
        let pairs = [(0, 5), (1, 1), (2, 2), (3, 9), (4, 3), (5, 0), (6, 4)];
        assert_eq!(increasing_run(&pairs), vec![(1, 1), (2, 2), (4, 3), (6, 4)]);
        assert_eq!(increasing_run(&[]), vec![]);
    }

    #[test]
    fn line_ops_rebuild_the_new_text() {
        // Lines added after every line (what a fix of many sites does), and the edges.
        let old: String = (0..50).map(|i| format!("t{i} = f()\n")).collect();
        let new: String = (0..50)
            .map(|i| format!("t{i} = f()\nkeep(t{i})\n\n"))
            .collect();
        let ops = rebuild(&old, &new);
        let inserted: usize = ops
            .iter()
            .filter(|op| matches!(op, DiffOp::Insert { .. }))
            .map(|op| op.new_range().len())
            .sum();
        assert_eq!(inserted, 100);
        // Moved, repeated and unterminated lines; empty sides.
        rebuild("a\nb\nc\nb\nd", "d\nb\na\nc\nb\nx");
        rebuild("", "a\n");
        rebuild("a\n", "");
        rebuild("same\n", "same\n");
        rebuild("x\r\ny\r\n", "x\r\nz\r\ny\r\n");
    }
}
