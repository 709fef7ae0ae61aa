//! Findings as the protocol's diagnostics: the kind as the code, `undangle` as the source, and a
//! link to the kind's documentation.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};

use crate::app::server::document::{Document, Encoding};
use crate::app::server::state::Analysed;
use crate::core::site::{Dropping, findings};
use crate::detect::Kind;

pub(crate) const SOURCE: &str = "undangle";

/// The range a finding covers in the document.
pub(crate) fn range(finding: &Dropping, doc: &Document, encoding: Encoding) -> Range {
    Range::new(
        doc.position(finding.at.line, finding.at.column, encoding),
        doc.position(finding.at.end_line, finding.at.end_column, encoding),
    )
}

/// The diagnostics of one analysis of `doc`.
pub(crate) fn of(analysed: &Analysed, doc: &Document, encoding: Encoding) -> Vec<Diagnostic> {
    match analysed {
        Analysed::Findings(sites) => findings(sites)
            .map(|(_, f)| diagnostic(f, doc, encoding))
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

/// The address of a kind's own page on the documentation site.
pub(crate) fn href(kind: Kind) -> String {
    crate::render::rule::url(kind.rule())
}

pub(crate) fn diagnostic(finding: &Dropping, doc: &Document, encoding: Encoding) -> Diagnostic {
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

    /// Each kind links to its own page, the one `undangle rule` and the documentation site
    /// generate from the same rule.
    #[test]
    fn every_kind_links_to_its_own_page() {
        let mut seen = std::collections::HashSet::new();
        for kind in Kind::all() {
            let href = href(kind);
            assert!(href.parse::<Uri>().is_ok(), "{href}");
            assert!(seen.insert(href.clone()), "{href} is not the kind's own");
            assert!(
                href.ends_with(&format!("/rules/{}/", kind.as_str())),
                "{href}"
            );
        }
        assert_eq!(seen.len(), Kind::all().count());
    }
}
