//! `audit`: the inventory of task-creation sites as JSON (one array, one object per site) or
//! as a Markdown report a reviewer reads top to bottom.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::audit::lifecycle::Risk;
use crate::detect::task_site::Reference;
use crate::render::report::{Audited, FileReport};

#[derive(Serialize)]
struct JsonSite<'a> {
    path: &'a str,
    /// In a notebook: the cell, as ruff counts them; `line` and `end_line` are in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<usize>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    callee: &'a str,
    function: &'a str,
    test: bool,
    /// What detection proved: `kept`, `dropped` or `unknown`.
    verdict: &'static str,
    /// What proves it, or for `unknown` what stopped the proof.
    evidence: &'a str,
    reference: &'static str,
    owner: Option<&'a str>,
    shutdown: &'static str,
    shutdown_at: Option<String>,
    exceptions: &'static str,
    risk: &'static str,
    action: &'a str,
    /// For dropped tasks that `check` reports: its kind, else null.
    kind: Option<&'static str>,
    /// Only for a kind in preview, which `check` reports only with `--preview`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    preview: bool,
    fixable: bool,
    /// Only when the branches of an `if` keep the task in different ways.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    branches: Vec<JsonBranch<'a>>,
}

#[derive(Serialize)]
struct JsonBranch<'a> {
    line: usize,
    branch: &'a str,
    reference: &'static str,
    holder: Option<&'a str>,
}

/// Test code, as pytest and most projects lay it out.
pub fn is_test_path(path: &str) -> bool {
    let path = Path::new(path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "conftest.py"
        || (name.starts_with("test_") && name.ends_with(".py"))
        || name.ends_with("_test.py")
        || path
            .parent()
            .is_some_and(|p| p.components().any(|c| c.as_os_str() == "tests"))
}

/// Every audited site with the path of its file, in path and source order.
fn sites(reports: &[FileReport]) -> Vec<Audited<'_>> {
    let mut all: Vec<Audited> = reports
        .iter()
        .flat_map(|r| r.audited().map(move |(s, t)| (r.display.as_str(), s, t)))
        .collect();
    all.sort_by_key(|(path, s, _)| (*path, s.at.cell, s.at.line, s.at.column));
    all
}

pub fn json(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let all: Vec<JsonSite> = sites(reports)
        .into_iter()
        .map(|(path, s, t)| JsonSite {
            path,
            cell: s.at.cell,
            line: s.at.line,
            column: s.at.column,
            end_line: s.at.end_line,
            end_column: s.at.end_column,
            callee: &s.callee,
            function: &t.function,
            test: is_test_path(path),
            verdict: s.verdict.as_str(),
            evidence: &t.evidence,
            reference: s.reference.as_str(),
            owner: s.owner.as_deref(),
            shutdown: t.shutdown.as_str(),
            shutdown_at: (t.shutdown_line)
                .map(|l| format!("{}:{l}", t.shutdown_file.as_deref().unwrap_or(path))),
            exceptions: t.exceptions.as_str(),
            risk: t.risk.as_str(),
            action: &t.action,
            kind: s.kind().map(|k| k.as_str()),
            preview: s.kind().is_some_and(|k| k.rule().is_preview()),
            fixable: s.fixable(),
            branches: (t.branches.iter())
                .map(|b| JsonBranch {
                    line: b.line,
                    branch: &b.branch,
                    reference: b.reference.as_str(),
                    holder: b.holder.as_deref(),
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

const RISKS: [Risk; 4] = [Risk::High, Risk::Medium, Risk::Low, Risk::None];

pub fn markdown(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let all = sites(reports);
    let files = (reports.iter())
        .filter(|r| r.audited().next().is_some())
        .count();
    writeln!(out, "# Task audit\n")?;
    writeln!(
        out,
        "{} task-creation site{} in {} file{}, found by undangle {}.\n",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" },
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "## Summary\n")?;
    writeln!(out, "| risk | production | test | total |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for risk in RISKS {
        let of_risk = || all.iter().filter(|(_, _, t)| t.risk == risk);
        let tests = of_risk().filter(|(p, _, _)| is_test_path(p)).count();
        let total = of_risk().count();
        writeln!(
            out,
            "| {} | {} | {tests} | {total} |",
            risk.as_str(),
            total - tests
        )?;
    }
    writeln!(out, "\n| reference | sites |")?;
    writeln!(out, "|---|---:|")?;
    for reference in Reference::ALL {
        let count = all
            .iter()
            .filter(|(_, s, _)| s.reference == reference)
            .count();
        if count > 0 {
            writeln!(out, "| {} | {count} |", reference.as_str())?;
        }
    }
    for &(path, s, t) in &all {
        let cell = super::cell(s.at.cell);
        writeln!(
            out,
            "\n## `{path}:{cell}{}` in `{}`\n",
            s.at.line, t.function
        )?;
        entry_head(out, (path, s, t))?;
        writeln!(out, "- **Lifetime:** {}", t.lifetime)?;
        if !t.branches.is_empty() {
            let each: Vec<String> = (t.branches.iter())
                .map(|b| match &b.holder {
                    Some(holder) => format!(
                        "`{}` (line {}): {} `{holder}`",
                        b.branch,
                        b.line,
                        b.reference.as_str()
                    ),
                    None => format!("`{}` (line {}): {}", b.branch, b.line, b.reference.as_str()),
                })
                .collect();
            writeln!(out, "- **Branches:** {}", each.join("; "))?;
        }
        match t.shutdown_line {
            Some(line) => writeln!(
                out,
                "- **Shutdown:** {} (`{}:{line}`)",
                t.shutdown.as_str(),
                t.shutdown_file.as_deref().unwrap_or(path)
            )?,
            None => writeln!(out, "- **Shutdown:** {}", t.shutdown.as_str())?,
        }
        writeln!(out, "- **Exceptions:** {}", t.exceptions.as_str())?;
        writeln!(out, "- **Risk:** {}", t.risk.as_str())?;
        writeln!(out, "- **Action:** {}", t.action)?;
        let fence = if t.code.contains("```") {
            "~~~~"
        } else {
            "```"
        };
        writeln!(out, "\n{fence}python\n{}\n{fence}", t.code)?;
    }
    Ok(())
}

/// An entry's first lines: where the site is, what it runs and creates, what holds it.
fn entry_head(out: &mut impl Write, (path, s, t): Audited) -> io::Result<()> {
    let purpose = match &t.purpose {
        Some(doc) => format!("`{}`: {doc}", t.function),
        None => format!("`{}`", t.function),
    };
    let code_kind = if is_test_path(path) {
        "test"
    } else {
        "production"
    };
    writeln!(
        out,
        "- **File:** `{path}`, {}line {}, column {} ({code_kind} code)",
        s.at.cell.map(|n| format!("cell {n}, ")).unwrap_or_default(),
        s.at.line,
        s.at.column
    )?;
    writeln!(out, "- **Purpose:** {purpose}")?;
    writeln!(out, "- **Creates:** `{}`", s.callee)?;
    writeln!(out, "- **Verdict:** {}: {}", s.verdict.as_str(), t.evidence)?;
    writeln!(out, "- **Reference:** {}", s.reference.as_str())?;
    if let Some(kind) = s.kind().filter(|k| k.rule().is_preview()) {
        writeln!(
            out,
            "- **Kind:** `{}`, in preview: `check` reports it only with `--preview`",
            kind.as_str()
        )?;
    }
    writeln!(
        out,
        "- **Owner:** {}",
        s.owner
            .as_deref()
            .map_or("none".to_owned(), |o| format!("`{o}`"))
    )?;
    Ok(())
}
