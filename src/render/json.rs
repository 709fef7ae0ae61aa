//! `check --output-format json` (one array, one object per finding) and `json-lines` (the same
//! objects, one per line).

use std::io::{self, Write};

use serde::Serialize;

use crate::render::report::FileReport;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    /// In a notebook: the cell, as ruff counts them; `line` and `end_line` are in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<usize>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    kind: &'static str,
    callee: &'a str,
    message: &'a str,
    fixable: bool,
    /// For `factory-result`: where the factory is defined (the fix goes there).
    #[serde(skip_serializing_if = "Option::is_none")]
    factory: Option<FactoryLocation<'a>>,
}

#[derive(Serialize)]
struct FactoryLocation<'a> {
    path: &'a str,
    line: usize,
    name: &'a str,
}

fn all(reports: &[FileReport]) -> impl Iterator<Item = JsonFinding<'_>> {
    reports.iter().flat_map(|report| {
        report.findings().map(|(site, f)| JsonFinding {
            path: &report.display,
            cell: f.at.cell,
            line: f.at.line,
            column: f.at.column,
            end_line: f.at.end_line,
            end_column: f.at.end_column,
            kind: f.kind.as_str(),
            callee: &site.callee,
            message: &f.message,
            fixable: f.fixable(),
            factory: f.factory.as_ref().map(|factory| FactoryLocation {
                path: &factory.display,
                line: factory.line,
                name: &factory.name,
            }),
        })
    })
}

pub fn findings(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let all: Vec<JsonFinding> = all(reports).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

pub fn lines(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    for finding in all(reports) {
        serde_json::to_writer(&mut *out, &finding)?;
        writeln!(out)?;
    }
    Ok(())
}
