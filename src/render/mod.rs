//! Printers, one per output format. Each writes to a buffered stream that strips colour when it
//! is not a terminal.

pub mod audit;
pub mod diff;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
mod line_diff;
pub mod pr_body;
pub mod report;
pub mod sarif;
pub mod summary;
pub mod text;

use anstyle::{AnsiColor, Style};

pub const PATH: Style = Style::new().bold();
pub const POSITION: Style = AnsiColor::Cyan.on_default();
pub const REMOVED: Style = AnsiColor::Red.on_default();
pub const ADDED: Style = AnsiColor::Green.on_default();
pub const HUNK: Style = AnsiColor::Cyan.on_default();
