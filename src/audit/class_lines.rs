//! A scope's lines without their whitespace, made once per scope (class or module) and shared
//! by every task site there: [`super::drains`] looks for a holder's shapes in them, and each
//! site squeezing every line of its class again was most of the audit's own shutdown lookup.

use std::ops::Range;

/// The lines of a text (split after each `\n`), each without its whitespace.
pub(super) struct Squeezed {
    /// Every line squeezed, each followed by `\n` (which no squeezed line holds).
    text: String,
    /// Where each line starts in `text`.
    starts: Vec<usize>,
}

impl Squeezed {
    pub(super) fn of(text: &str) -> Squeezed {
        let mut squeezed = Squeezed {
            text: String::with_capacity(text.len()),
            starts: Vec::new(),
        };
        for line in text.split_inclusive('\n') {
            squeezed.starts.push(squeezed.text.len());
            squeezed.text.extend(line.split_whitespace());
            squeezed.text.push('\n');
        }
        squeezed
    }

    /// Line `i` without its whitespace.
    pub(super) fn line(&self, i: usize) -> &str {
        let start = self.starts.get(i).copied().unwrap_or(self.text.len());
        // Up to the `\n` that follows it.
        let next = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text
            .get(start..next.saturating_sub(1).max(start))
            .unwrap_or_default()
    }

    /// The lines whose squeezed text spells `word`, in order (each once): the lines where
    /// `line(i).contains(word)`, found in one search of the whole text.
    pub(super) fn lines_spelling(&self, word: &str) -> Vec<usize> {
        // No squeezed line holds whitespace, nor, then, a word that does; an empty word is in
        // every line.
        if word.is_empty() {
            return (0..self.starts.len()).collect();
        }
        if word.chars().any(char::is_whitespace) {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        for at in memchr::memmem::find_iter(self.text.as_bytes(), word.as_bytes()) {
            let line = self.starts.partition_point(|&start| start <= at) - 1;
            if found.last() != Some(&line) {
                found.push(line);
            }
        }
        found
    }
}

/// The offset of each line of `lines` in their text.
pub(super) fn offsets(lines: &[&str]) -> Vec<usize> {
    let mut at = 0;
    (lines.iter())
        .map(|line| {
            let start = at;
            at += line.len();
            start
        })
        .collect()
}

/// The key a scope's squeezed lines are kept under.
pub(super) fn key(scope: &Range<usize>) -> (usize, usize) {
    (scope.start, scope.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_lines_whose_squeezed_text_spells_the_word() {
        let text = "a = 1\nself . _tasks.pop().cancel()\n\nx = self._tasks\nself._t";
        let squeezed = Squeezed::of(text);
        assert_eq!(squeezed.line(1), "self._tasks.pop().cancel()");
        assert_eq!(squeezed.line(2), "");
        assert_eq!(squeezed.line(4), "self._t");
        assert_eq!(squeezed.lines_spelling("self._tasks"), vec![1, 3]);
        assert_eq!(squeezed.lines_spelling("self._t"), vec![1, 3, 4]);
        // A match never runs over two lines, and a word with whitespace is in none.
        assert!(squeezed.lines_spelling("1a").is_empty());
        assert!(squeezed.lines_spelling("a =").is_empty());
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            let own: String = line.split_whitespace().collect();
            assert_eq!(squeezed.line(i), own);
        }
        assert_eq!(offsets(&lines), vec![0, 6, 35, 36, 52]);
    }
}
