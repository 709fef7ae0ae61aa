//! `check --output-format full`: each finding with its source lines and a caret span under the
//! statement, then whether `fix` fixes it (as ruff's `full` format).

use std::io::{self, Write};

use super::{PATH, POSITION};
use crate::render::report::FileReport;

pub fn findings(out: &mut impl Write, reports: &[FileReport], colour: bool) -> io::Result<()> {
    let paint = |style: anstyle::Style| if colour { style } else { anstyle::Style::new() };
    let (path, position) = (paint(PATH), paint(POSITION));
    let caret = paint(anstyle::AnsiColor::Red.on_default().bold());
    for report in reports {
        for (_, f) in report.findings() {
            writeln!(
                out,
                "{path}{}{path:#}:{position}{}{}:{}{position:#}: {} {}",
                report.display,
                super::cell(f.at.cell),
                f.at.line,
                f.at.column,
                f.kind.as_str(),
                f.message
            )?;
            let lines: Vec<&str> = f.statement.lines().collect();
            let width = (f.at.line + lines.len()).to_string().len();
            writeln!(out, "{:width$} |", "")?;
            for (i, text) in lines.iter().enumerate() {
                let number = f.at.line + i;
                writeln!(out, "{number:>width$} | {text}")?;
                // The span's part of this line, in characters (columns are 1-based): from the
                // finding's column on its first line, from the indentation on the others.
                let from = if number == f.at.line {
                    f.at.column - 1
                } else {
                    text.chars().take_while(|c| c.is_whitespace()).count()
                };
                let to = if number == f.at.end_line {
                    f.at.end_column - 1
                } else {
                    text.chars().count()
                };
                if to > from {
                    // Tabs stay tabs under the source, so the carets line up in any terminal.
                    let pad: String = text
                        .chars()
                        .take(from)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    writeln!(
                        out,
                        "{:width$} | {pad}{caret}{}{caret:#}",
                        "",
                        "^".repeat(to - from)
                    )?;
                }
                if number >= f.at.end_line {
                    break;
                }
            }
            writeln!(out, "{:width$} |", "")?;
            match f.unfixable {
                None => writeln!(out, "{:width$} = fixable with `undangle fix`", "")?,
                Some(reason) => writeln!(out, "{:width$} = not fixable: {reason}", "")?,
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
