//! Where a piece of a file stands, as the printers and the fix name it: its first and last
//! line and column, and in a notebook its cell.

use std::ops::Range;

use super::notebook::Notebook;
use super::source::SourceFile;

/// Lines and columns are 1-based, columns in characters; in a notebook `cell` is the code cell
/// (as ruff counts them) and the lines are the cell's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub cell: Option<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl SourceFile<'_> {
    /// The span of `bytes` of the text.
    pub fn span(&self, bytes: Range<usize>) -> Span {
        let (line, column) = self.line_col(bytes.start);
        let (end_line, end_column) = self.line_col(bytes.end);
        Span {
            cell: None,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

impl Span {
    /// Where it starts: (line, column).
    pub fn start(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    /// The same span with lines of the notebook's code-cell text made lines of its cell.
    pub fn in_cells(self, notebook: &Notebook) -> Span {
        let (cell, line) = notebook.cell_line(self.line);
        Span {
            cell: Some(cell),
            line,
            end_line: notebook.cell_line(self.end_line).1,
            ..self
        }
    }
}
