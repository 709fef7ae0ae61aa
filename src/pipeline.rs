//! One file through the whole pipeline: prefilter, decode, parse, detect, plan, apply, verify.
//! Pure: it reads nothing from disk and writes nothing, so the walker, the tests and the
//! benchmarks all drive it the same way.

use tree_sitter::Parser;

use crate::detect::{self, Finding};
use crate::edit;
use crate::plan;
use crate::prefilter;
use crate::source::{self, SourceFile};
use crate::syntax;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Findings only.
    Check,
    /// Findings and the fixed text.
    Fix,
}

#[derive(Debug, Default)]
pub struct Options {
    /// Parse every file, not only those the prefilter lets through (to prove it loses nothing).
    pub no_prefilter: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No possible site: the file was not parsed.
    NoCandidate,
    /// The file cannot be analysed; the reason names the problem (and where, if known).
    Skipped(String),
    Analyzed(Analysis),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// The whole fixed file, when `Mode::Fix` changed it.
    pub fixed: Option<String>,
    /// Tasks the fix covers.
    pub fixed_count: usize,
    /// The planned fix would not re-parse: a bug in undangle, and the file is left alone.
    pub internal_error: Option<String>,
}

pub fn process(bytes: &[u8], parser: &mut Parser, mode: Mode, options: &Options) -> Outcome {
    if !options.no_prefilter && !prefilter::has_candidate(bytes) {
        return Outcome::NoCandidate;
    }
    let text = match source::decode(bytes) {
        Ok(text) => text,
        Err(err) => return Outcome::Skipped(err.to_string()),
    };
    let source = SourceFile::new(text);
    let Some(tree) = syntax::parse(parser, source.text) else {
        return Outcome::Skipped("could not be parsed, skipped".to_owned());
    };
    let root = tree.root_node();
    if let Some((at, what)) = syntax::first_syntax_error(root) {
        let (line, column) = source.line_col(at);
        return Outcome::Skipped(format!("{line}:{column}: {what}, skipped"));
    }
    let mut detection = detect::detect(&tree, &source);
    let findings: Vec<Finding> = detection.sites.iter().map(|s| s.finding(&source)).collect();
    let mut analysis = Analysis {
        findings,
        fixed: None,
        fixed_count: 0,
        internal_error: None,
    };
    if mode == Mode::Check || analysis.findings.iter().all(|f| !f.fixable) {
        return Outcome::Analyzed(analysis);
    }

    let edits = plan::plan(&source, root, &mut detection);
    match edit::apply(source.text, edits) {
        Err(err) => analysis.internal_error = Some(err.to_string()),
        Ok(new_text) => match syntax::parse(parser, &new_text) {
            Some(new_tree) if syntax::first_syntax_error(new_tree.root_node()).is_none() => {
                analysis.fixed_count = analysis.findings.iter().filter(|f| f.fixable).count();
                analysis.fixed = Some(source.with_bom(&new_text));
            }
            _ => {
                analysis.internal_error =
                    Some("the planned fix does not parse; file left unchanged".to_owned())
            }
        },
    }
    Outcome::Analyzed(analysis)
}
