//! `check` text output: `path:line:col: message`, one line per finding.

use std::io::{self, Write};

use super::{PATH, POSITION};
use crate::render::report::FileReport;

pub fn findings(out: &mut impl Write, reports: &[FileReport], colour: bool) -> io::Result<()> {
    let paint = |style: anstyle::Style| if colour { style } else { anstyle::Style::new() };
    let (path, position) = (paint(PATH), paint(POSITION));
    for report in reports {
        for (_, finding) in report.findings() {
            writeln!(
                out,
                "{path}{}{path:#}:{position}{}{}:{}{position:#}: {}",
                report.display,
                super::cell(finding.at.cell),
                finding.at.line,
                finding.at.column,
                finding.message
            )?;
        }
    }
    Ok(())
}
