//! Findings as the protocol's diagnostics: the kind as the code, `undangle` as the source, and a
//! link to the kind's documentation.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::app::server::document::{Document, Encoding};
use crate::app::server::state::Analysed;
use crate::detect::Finding;

/// Where the kinds are documented: the README's section on them (the project names no
/// repository in Cargo.toml or pyproject.toml, so the address is a constant).
pub(crate) const DOCS: &str = "https://github.com/undangle/undangle#what-is-a-dropped-task";

pub(crate) const SOURCE: &str = "undangle";

/// The range a finding covers in the document.
pub(crate) fn range(finding: &Finding, doc: &Document, encoding: Encoding) -> Range {
    Range::new(
        doc.position(finding.line, finding.column, encoding),
        doc.position(finding.end_line, finding.end_column, encoding),
    )
}

/// The diagnostics of one analysis of `doc`.
pub(crate) fn of(analysed: &Analysed, doc: &Document, encoding: Encoding) -> Vec<Diagnostic> {
    match analysed {
        Analysed::Findings(findings) => findings
            .iter()
            .map(|f| diagnostic(f, doc, encoding))
            .collect(),
        // A file undangle cannot read says so once, at its top, as `check` says it on stderr.
        Analysed::Problem(message) => vec![Diagnostic {
            range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some(SOURCE.to_owned()),
            message: message.clone(),
            ..Diagnostic::default()
        }],
    }
}

fn diagnostic(finding: &Finding, doc: &Document, encoding: Encoding) -> Diagnostic {
    // The README lists every kind in that one section: it has no anchor per kind.
    let href = DOCS.parse::<Uri>().ok();
    Diagnostic {
        range: range(finding, doc, encoding),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(finding.kind.as_str().to_owned())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}
