//! `check --output-format github`: GitHub Actions workflow commands, which annotate the pull
//! request's diff (`::warning file=…,line=…::message`).

use std::io::{self, Write};

use crate::render::report::FileReport;

/// Escaping of a command's message, as GitHub's toolkit does it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value: also `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    for report in reports {
        for (_, f) in report.findings() {
            writeln!(
                out,
                "::warning title={},file={},line={},col={},endLine={},endColumn={}::{}",
                property(&format!("undangle ({})", f.kind.as_str())),
                property(&report.display),
                f.at.line,
                f.at.column,
                f.at.end_line,
                f.at.end_column,
                data(&format!(
                    "{}:{}{}:{}: {}",
                    report.display,
                    super::cell(f.at.cell),
                    f.at.line,
                    f.at.column,
                    f.message
                ))
            )?;
        }
    }
    Ok(())
}
