//! `check` text output: `path:line:col: message`, one line per finding.

use std::io::{self, Write};

use super::{PATH, POSITION};
use crate::report::FileReport;

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    for report in reports {
        for finding in &report.findings {
            writeln!(
                out,
                "{PATH}{}{PATH:#}:{POSITION}{}:{}{POSITION:#}: {}",
                report.display, finding.line, finding.column, finding.message
            )?;
        }
    }
    Ok(())
}
