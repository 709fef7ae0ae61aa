//! Findings as the protocol's diagnostics: the kind as the code, `undangle` as the source, and a
//! link to the kind's documentation.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::app::server::document::{Document, Encoding};
use crate::app::server::state::Analysed;
use crate::detect::{Finding, Kind};

/// Where the kinds are documented: the repository's docs/kinds.md (the project names no
/// repository in Cargo.toml or pyproject.toml, so the address is a constant). Each kind's entry
/// there has the anchor `kind-<kind>`.
pub(crate) const DOCS: &str = "https://github.com/undangle/undangle/blob/main/docs/kinds.md";

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

/// The address of a kind's own entry in docs/kinds.md.
pub(crate) fn href(kind: Kind) -> String {
    format!("{DOCS}#kind-{}", kind.as_str())
}

fn diagnostic(finding: &Finding, doc: &Document, encoding: Encoding) -> Diagnostic {
    let href = href(finding.kind).parse::<Uri>().ok();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind links to its own entry, and docs/kinds.md has the anchor the link names.
    #[test]
    fn every_kind_links_to_its_own_anchor_in_the_docs() {
        let readme = include_str!("../../../docs/kinds.md");
        let mut seen = std::collections::HashSet::new();
        for kind in Kind::all() {
            let href = href(kind);
            assert!(href.parse::<Uri>().is_ok(), "{href}");
            assert!(seen.insert(href.clone()), "{href} is not the kind's own");
            let anchor = href.rsplit_once('#').map(|(_, a)| a).unwrap_or_default();
            assert_eq!(anchor, format!("kind-{}", kind.as_str()));
            assert!(
                readme.contains(&format!("<a id=\"{anchor}\"></a>`{}`", kind.as_str())),
                "docs/kinds.md has no anchor {anchor} at the entry of {}",
                kind.as_str()
            );
        }
        assert_eq!(seen.len(), Kind::all().count());
    }
}
