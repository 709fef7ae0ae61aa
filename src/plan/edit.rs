//! The edit model: byte-range replacements that are sorted, never overlap, and are applied in one
//! pass (after ruff's `Edit`).

use std::fmt;

use crate::scan::span::Span;

/// Replace `start..end` of the source text with `content`. An insertion has `start == end`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub content: String,
}

impl Edit {
    pub fn insertion(at: usize, content: impl Into<String>) -> Self {
        Edit {
            start: at,
            end: at,
            content: content.into(),
        }
    }

    pub fn replacement(start: usize, end: usize, content: impl Into<String>) -> Self {
        Edit {
            start,
            end,
            content: content.into(),
        }
    }
}

/// The edits that fix one site, or the sites that share its line and are rewritten together
/// (after ruff's `Fix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFix {
    /// The statement of each site it fixes, where the site's drop stands (as `check` reports
    /// it); none for a factory's `return`, which fixes the findings of its callers.
    pub sites: Vec<Span>,
    pub edits: Vec<Edit>,
}

/// A file's fix: each site's own edits, and the edits the sites share (the module set, the
/// helper, the imports, the drains).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePlan {
    pub fixes: Vec<SiteFix>,
    pub shared: Vec<Edit>,
    /// Why the file cannot be fixed as the settings ask (a `keep-with` keeper defined here
    /// contradicts what it is declared to take): the file is left unchanged, with this message.
    pub refused: Option<String>,
    /// A file the fix creates beside it: the package's helper module, which the fix imports.
    pub creates: Option<Box<NewFile>>,
}

/// A file the fix creates, with its whole text; its path as the file's own is spelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: std::path::PathBuf,
    pub text: String,
}

impl FilePlan {
    /// Every edit: the sites' in order, then the shared ones.
    pub fn edits(&self) -> Vec<Edit> {
        let sites = self.fixes.iter().flat_map(|f| f.edits.iter());
        sites.chain(&self.shared).cloned().collect()
    }

    /// The findings of the file that the plan fixes.
    pub fn fixed_sites(&self) -> usize {
        self.fixes.iter().map(|f| f.sites.len()).sum()
    }
}

/// Two edits touch the same bytes: a planner bug, reported instead of producing garbage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlapError {
    pub first: (usize, usize),
    pub second: (usize, usize),
}

impl fmt::Display for OverlapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "planned edits overlap ({}..{} and {}..{})",
            self.first.0, self.first.1, self.second.0, self.second.1
        )
    }
}

/// Applies `edits` to `text`. Edits are sorted by position first; insertions at the same offset
/// keep their given order. Ranges must lie on character boundaries and must not overlap.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> Result<String, OverlapError> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.content.len()).sum::<usize>());
    let mut cursor = 0;
    let mut last = (0, 0);
    for edit in &edits {
        let in_bounds = edit.start <= edit.end
            && edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end);
        if edit.start < cursor || !in_bounds {
            return Err(OverlapError {
                first: last,
                second: (edit.start, edit.end),
            });
        }
        out.push_str(&text[cursor..edit.start]);
        out.push_str(&edit.content);
        cursor = edit.end;
        last = (edit.start, edit.end);
    }
    out.push_str(&text[cursor..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_unsorted_edits_after_multibyte_text() {
        let text = "é = f()\n";
        let at = text.find('f').unwrap();
        let out = apply(
            text,
            vec![
                Edit::insertion(text.len(), "# end\n"),
                Edit::insertion(at, "await "),
            ],
        )
        .unwrap();
        assert_eq!(out, "é = await f()\n# end\n");
    }

    #[test]
    fn rejects_overlapping_edits() {
        let err = apply(
            "abcdef",
            vec![Edit::replacement(0, 3, "x"), Edit::replacement(2, 4, "y")],
        );
        assert!(err.is_err());
    }
}
