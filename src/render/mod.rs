//! Printers, one per output format. Each writes to a buffered stream that strips colour when it
//! is not a terminal.

pub(crate) mod audit;
pub mod diff;
pub(crate) mod explain;
pub(crate) mod full;
pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod json;
mod line_diff;
pub(crate) mod pr_body;
pub(crate) mod report;
pub(crate) mod rule;
pub(crate) mod sarif;
pub(crate) mod summary;
pub(crate) mod text;

use anstyle::{AnsiColor, Style};

/// `cell N:` before a notebook position's line, as ruff writes it (`a.ipynb:cell 2:3:1`).
pub fn cell(cell: Option<usize>) -> String {
    cell.map(|n| format!("cell {n}:")).unwrap_or_default()
}

pub const PATH: Style = Style::new().bold();
pub const POSITION: Style = AnsiColor::Cyan.on_default();
pub const REMOVED: Style = AnsiColor::Red.on_default();
pub const ADDED: Style = AnsiColor::Green.on_default();
pub const HUNK: Style = AnsiColor::Cyan.on_default();
