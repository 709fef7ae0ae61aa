//! One file through the whole pipeline: prefilter, decode, parse, detect, plan, apply, verify.
//! Pure: it reads nothing from disk and writes nothing, so the walker, the tests and the
//! benchmarks all drive it the same way.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Parser, Tree};

use crate::detect::factory;
use crate::detect::{self, Dropped, Kind, Project};
use crate::plan;
use crate::plan::PackageHelper;
use crate::plan::edit::{self, FilePlan};
use crate::project::factories::{self, FactoryIndex};
use crate::scan::asyncio_api::TASK_FUNCTIONS;
use crate::scan::piecewise::{self, ValidPieces};
use crate::scan::pinned;
use crate::scan::prefilter::Verdict;
use crate::scan::source::is_generated;
use crate::scan::source::{self, SourceFile};
use crate::scan::span::Span;
use crate::scan::syntax;
use crate::scan::triage::Triage;
use crate::scan::validate;
use crate::settings::Settings;

pub use super::options::{Mode, Options};
use super::site::{Dropping, Site, findings};
use super::sites::{keep_factories, notes_of, sites_of};
use super::to_parse::{self, ranges_to_parse, verdict};

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No possible site: the file was not parsed.
    NoCandidate,
    /// The file cannot be analysed; the reason names the problem (and where, if known).
    Skipped(String),
    Analyzed(Analysis),
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The sites `check` reports (`Mode::Audit`: every site, with the audit's words).
    pub sites: Vec<Site>,
    /// The whole fixed file, when `Mode::Fix` changed it.
    pub fixed: Option<String>,
    /// Tasks the fix covers.
    pub fixed_count: usize,
    /// The planned fix would not re-parse: a bug in undangle, and the file is left alone.
    pub internal_error: Option<String>,
    /// For `Mode::Audit`: what the file does to every task at once (a loop-wide task factory
    /// that keeps them), one line each with its line number.
    pub notes: Vec<(usize, String)>,
    /// For `Mode::Audit`: the functions its `unknown` sites hand their task to, by the names
    /// a summary of one is found by (see [`crate::detect::Detection::handed_to`]).
    pub handed_to: Vec<String>,
    /// The applied fix, site by site (offsets in the text without its byte order mark), when
    /// `fixed` is set.
    pub plan: FilePlan,
}

impl Analysis {
    /// The sites `check` reports, with their drops.
    pub fn findings(&self) -> impl Iterator<Item = (&Site, &Dropping)> {
        findings(&self.sites)
    }
}

pub fn process(bytes: &[u8], parser: &mut Parser, mode: Mode, options: &Options) -> Outcome {
    process_triaged(&Triage::of(bytes), parser, mode, options)
}

/// [`process`] of bytes already looked at.
pub fn process_triaged(
    triage: &Triage,
    parser: &mut Parser,
    mode: Mode,
    options: &Options,
) -> Outcome {
    run(triage, parser, mode, options, None).0
}

/// `check` or `audit` of a file that may define a task factory ([`may_define`]), before the
/// project's factories are known: the outcome (with `options`' factories, none yet) and the
/// factories the file defines, from one parse. The file is parsed around every mention of a
/// creator, as [`factories_of`] parses it; the outcome is the one [`process`] gives.
pub fn process_defining(
    triage: &Triage,
    parser: &mut Parser,
    mode: Mode,
    options: &Options,
) -> (Outcome, Vec<factories::Factory>) {
    // The parts a factory's `return` needs, and whether `check` would parse anything at all.
    let reported = verdict(triage, mode, options, false);
    let parsed = match &reported {
        Verdict::Full => Verdict::Full,
        _ if mode == Mode::Check => triage.examine_all(),
        other => other.clone(),
    };
    let (outcome, found) = run(triage, parser, mode, options, Some(parsed));
    match reported {
        Verdict::Skip => (Outcome::NoCandidate, found),
        _ => (outcome, found),
    }
}

/// Whether the file may define a task factory, by a line scan (see [`factories::may_define`]),
/// run only when the file may spell a task function.
pub fn may_define(triage: &Triage, settings: &Settings) -> bool {
    let mut creators = TASK_FUNCTIONS.to_vec();
    creators.extend(settings.task_function_names());
    if creators.len() == TASK_FUNCTIONS.len() && !triage.may_spell_a_task_function() {
        return false;
    }
    factories::may_define(triage.bytes(), &creators)
}

/// Whether [`process`] may parse any of the file while the project has no factory (`options`
/// without one): what the walk asks before it analyses a file it could have to analyse again
/// once every factory is known.
pub fn may_parse(triage: &Triage, mode: Mode, options: &Options) -> bool {
    options.no_prefilter
        || to_parse::mentions_configured(triage.bytes(), &options.settings)
        || triage.may_mention_a_task(mode == Mode::Audit)
}

/// The file through the pipeline; `defining` gives what to parse of it, and then the factories
/// it defines are returned too.
fn run(
    triage: &Triage,
    parser: &mut Parser,
    mode: Mode,
    options: &Options,
    defining: Option<Verdict>,
) -> (Outcome, Vec<factories::Factory>) {
    let mut defined = Vec::new();
    let outcome = pinned::with_pins(options.settings.pins, || {
        analysed(triage, parser, mode, options, defining, &mut defined)
    });
    (outcome, defined)
}

fn analysed(
    triage: &Triage,
    parser: &mut Parser,
    mode: Mode,
    options: &Options,
    defining: Option<Verdict>,
    defined: &mut Vec<factories::Factory>,
) -> Outcome {
    // A factory some caller drops the result of is kept in its file, found or not.
    let mut kept_factories = match mode {
        Mode::Fix => options.factories.used_in(options.file.as_deref()),
        _ => Default::default(),
    };
    let wants_factories = defining.is_some();
    // `fix` validates a file after planning its fix: its tokens are not kept meanwhile.
    triage.lend_tokens(mode != Mode::Fix);
    let verdict = match defining {
        Some(verdict) => verdict,
        None => verdict(triage, mode, options, !kept_factories.is_empty()),
    };
    if verdict == Verdict::Skip {
        return Outcome::NoCandidate;
    }
    let bytes = triage.bytes();
    let text = match source::decode(bytes) {
        Ok(text) => text,
        Err(err) => return Outcome::Skipped(err.to_string()),
    };
    let source = SourceFile::new(text);
    let tokens = triage.lexed_already(source.text);
    let source = source.with_tokens(tokens);
    let ranges = ranges_to_parse(verdict, mode, bytes.len());

    let parsed = match parse(parser, &source, ranges.as_deref()) {
        Ok(tree) => tree,
        Err(reason) => return Outcome::Skipped(reason),
    };
    let detection = detect::analyse(&parsed, &source, &options.settings, options.project());
    if wants_factories {
        *defined = factory::defined(&detection.sites, &source);
    }
    let (notes, handed_to) = match mode {
        Mode::Audit => (notes_of(&detection), detection.handed_to(source.text)),
        _ => (Vec::new(), Vec::new()),
    };
    let analysis = Analysis {
        sites: sites_of(&detection, &source, mode, options),
        fixed: None,
        fixed_count: 0,
        internal_error: None,
        notes,
        handed_to,
        plan: FilePlan::default(),
    };
    let file = options.file.as_deref();
    keep_factories(&mut kept_factories, &analysis.sites, file, options.select);
    if is_generated(source.text) || detection.facts.names.asyncio_unbound {
        kept_factories.clear(); // reported, never edited: not even to keep its factories' tasks
    }
    let plannable = analysis
        .findings()
        .filter(|(_, d)| options.select.is_none_or(|at| d.at.start() == at))
        .any(|(_, d)| d.fixable() && d.factory.is_none());
    if matches!(mode, Mode::Check | Mode::Audit) || (!plannable && kept_factories.is_empty()) {
        drop(detection);
        drop(parsed); // no syntax tree is kept while ruff's parser builds its own
        // Only files with findings pay for the whole-file check.
        if analysis.findings().next().is_some()
            && let Err(reason) = valid(&source, triage, options.notebook)
        {
            return Outcome::Skipped(reason);
        }
        return Outcome::Analyzed(analysis);
    }
    if ranges.is_none() {
        let sites = &analysis.sites;
        let plan = plan_edits(&source, &parsed, detection, sites, &kept_factories, options);
        drop(parsed); // no syntax tree is kept while ruff's parser checks the file
        return apply_fix(&source, triage, plan, analysis, options.notebook);
    }
    // Planning needs the whole module (its header, its names): a partial tree is parsed again
    // whole, and analysed again; a whole one keeps its analysis.
    drop(detection);
    let whole = match parse_whole(parser, &source, Some(&parsed)) {
        Ok(whole) => whole,
        Err(reason) => return Outcome::Skipped(reason),
    };
    drop(parsed);
    let detection = detect::analyse(&whole, &source, &options.settings, options.project());
    let sites = &analysis.sites;
    let plan = plan_edits(&source, &whole, detection, sites, &kept_factories, options);
    drop(whole);
    apply_fix(&source, triage, plan, analysis, options.notebook)
}

/// `Mode::Check` of a whole `tree` of `text` that the caller parsed (an editor's buffer, parsed
/// again incrementally after each edit): the findings [`process`] gives for the same text, or
/// its reason to skip it. Only the pieces of the text that `known` does not hold are checked
/// for CPython's verdict ([`piecewise`]); `known` learns them.
///
/// The prefilter, which can only turn the outcome into [`Outcome::NoCandidate`], is asked only
/// where that changes what is reported: a file with a syntax error or that cannot be decoded.
/// It never passes over a file with a finding (the tests compare every fixture, generated
/// module and corpus file with it switched off), and a file with none comes back as an empty
/// analysis where `process` says `NoCandidate`: no finding either way.
pub fn check_parsed(
    text: &str,
    tree: &Tree,
    options: &Options,
    known: &mut ValidPieces,
) -> Outcome {
    pinned::with_pins(options.settings.pins, || {
        check_parsed_pinned(text, tree, options, known)
    })
}

fn check_parsed_pinned(
    text: &str,
    tree: &Tree,
    options: &Options,
    known: &mut ValidPieces,
) -> Outcome {
    let bytes = text.as_bytes();
    let passed_over = || verdict(&Triage::of(bytes), Mode::Check, options, false) == Verdict::Skip;
    let text = match source::decode(bytes) {
        Ok(text) => text,
        Err(_) if passed_over() => return Outcome::NoCandidate,
        Err(err) => return Outcome::Skipped(err.to_string()),
    };
    let source = SourceFile::new(text);
    if let Some((at, what)) = syntax::first_syntax_error(tree.root_node(), source.text) {
        if passed_over() {
            return Outcome::NoCandidate;
        }
        let (line, column) = source.line_col(at);
        return Outcome::Skipped(format!("{line}:{column}: {what}, skipped"));
    }
    let detection = detect::analyse(tree, &source, &options.settings, options.project());
    let sites = sites_of(&detection, &source, Mode::Check, options);
    drop(detection);
    if !sites.is_empty() {
        let starts = top_level_starts(tree);
        let checked = if options.notebook || source.bom {
            check_text(source.text, options.notebook)
        } else {
            piecewise::check(source.text, &starts, known)
        };
        if let Err(invalid) = checked {
            return Outcome::Skipped(invalid_reason(&source, &invalid));
        }
    }
    Outcome::Analyzed(Analysis {
        sites,
        ..Analysis::default()
    })
}

/// Where the top-level statements of a whole tree start.
fn top_level_starts(tree: &Tree) -> Vec<usize> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .map(|n| n.start_byte())
        .collect()
}

/// The plan that fixes the analysed whole `tree`, with the returns of the factories to keep:
/// each drop as its site's verdict settled it (`sites`), a dropped factory result kept at its
/// call where the verdict names no factory.
fn plan_edits<'t>(
    source: &SourceFile,
    tree: &'t Tree,
    detection: detect::Detection<'t, '_>,
    sites: &[Site],
    kept_factories: &HashSet<String>,
    options: &Options,
) -> FilePlan {
    let mut dropped = detection.dropped();
    // One site, one verdict: the fix plans only the drops the file's findings report, even
    // where the whole tree planned on was parsed after the parts the findings were read in.
    let reported: HashSet<Span> = findings(sites).map(|(_, d)| d.at).collect();
    dropped.retain(|d| reported.contains(&source.span(d.stmt.byte_range())));
    let at_call: HashSet<Span> = (findings(sites))
        .filter(|(_, d)| d.factory.is_none())
        .map(|(_, d)| d.at)
        .collect();
    for drop in &mut dropped {
        if drop.factory.is_some() && at_call.contains(&source.span(drop.stmt.byte_range())) {
            drop.factory = None;
        }
    }
    if !kept_factories.is_empty() {
        let returns = factory::returns_of(&detection.sites, kept_factories, source);
        let placements = detect::placements_of(tree.root_node(), returns.iter().map(|r| r.0));
        let keeps: Vec<Dropped> = returns
            .into_iter()
            .filter_map(|(stmt, call)| factory_return(&placements, stmt, call))
            .collect();
        dropped.extend(keeps);
    }
    if let Some(at) = options.select {
        dropped.retain(|site| {
            site.kind == Kind::FactoryReturn || source.line_col(site.stmt.start_byte()) == at
        });
    }
    plan::plan(
        source,
        tree.root_node(),
        dropped,
        detection.scopes,
        &options.settings,
        &detection.facts.factories,
        (options.helper_module.as_ref()).map(|module| PackageHelper {
            module,
            facts: &options.facts,
        }),
    )
}

/// Applies the edits to a file CPython accepts, and keeps the result only if CPython accepts it
/// too.
fn apply_fix(
    source: &SourceFile,
    triage: &Triage,
    plan: FilePlan,
    mut analysis: Analysis,
    notebook: bool,
) -> Outcome {
    if let Err(reason) = valid(source, triage, notebook) {
        return Outcome::Skipped(reason);
    }
    if let Some(refused) = plan.refused {
        return Outcome::Skipped(format!("{refused}; file left unchanged"));
    }
    match edit::apply(source.text, plan.edits()) {
        Err(err) => analysis.internal_error = Some(err.to_string()),
        // Nothing to change after all (a factory whose return could not be placed).
        Ok(new_text) if new_text == source.text => {}
        // The fix must be Python that CPython accepts, or nothing is written.
        Ok(new_text) => match check_text(&new_text, notebook) {
            Ok(()) => {
                // A dropped factory result is counted where its factory is fixed.
                analysis.fixed_count = plan.fixed_sites();
                analysis.fixed = Some(source.with_bom(new_text));
                analysis.plan = plan;
            }
            Err(invalid) => {
                analysis.internal_error = Some(format!(
                    "the planned fix is not valid Python ({} at byte {}); file left unchanged",
                    invalid.message, invalid.offset
                ))
            }
        },
    }
    Outcome::Analyzed(analysis)
}

/// Nothing is reported of, or done to, a file CPython would reject, even where tree-sitter
/// recovered without saying so. The audit writes nothing: it checks only what `check` would, so
/// the two agree. The text's tokens are the triage's when it lexed them (the same bytes).
fn valid(source: &SourceFile, triage: &Triage, notebook: bool) -> Result<(), String> {
    let checked = match triage.lexed_for(source.text) {
        Some(lexed) => validate::check_lexed(source.text, notebook, lexed),
        None => check_text(source.text, notebook),
    };
    checked.map_err(|invalid| invalid_reason(source, &invalid))
}

fn invalid_reason(source: &SourceFile, invalid: &validate::Invalid) -> String {
    let (line, column) = source.line_col(invalid.offset);
    format!(
        "{line}:{column}: syntax error: {}, skipped",
        invalid.message
    )
}

fn check_text(text: &str, notebook: bool) -> Result<(), validate::Invalid> {
    if notebook {
        validate::check_notebook(text)
    } else {
        validate::check(text)
    }
}

/// Whether the `keep-with` keeper's module (these bytes) defines it as it is declared: taking
/// a task or a coroutine. `Err` names the definition and says what it does instead. A file that
/// cannot be parsed says nothing here (the analysis reports it).
pub fn keeper_contract(
    bytes: &[u8],
    parser: &mut Parser,
    keep_with: &crate::settings::KeepWith,
) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let Some(tree) = parser.parse(text, None) else {
        return Ok(());
    };
    crate::plan::keeper_contract(tree.root_node(), text, keep_with)
}

/// The task factories a file defines (see [`factory`]), or none when it cannot hold one or
/// cannot be parsed (the analysis reports that).
pub fn factories_of(
    bytes: &[u8],
    parser: &mut Parser,
    settings: &Settings,
) -> Vec<factories::Factory> {
    let triage = Triage::of(bytes);
    if !may_define(&triage, settings) {
        return Vec::new();
    }
    // Nothing validates the file here: its tokens go once they picked what to parse.
    triage.lend_tokens(false);
    // A factory returns a task it creates: only the functions around the creators are parsed.
    let ranges = match triage.examine_all() {
        Verdict::Skip => return Vec::new(),
        Verdict::Partial(ranges) => Some(ranges),
        Verdict::Full => None,
    };
    let Ok(text) = source::decode(bytes) else {
        return Vec::new();
    };
    let source = SourceFile::new(text);
    let Ok(tree) = parse(parser, &source, ranges.as_deref()) else {
        return Vec::new();
    };
    let none = FactoryIndex::default();
    let project = Project {
        factories: &none,
        file: None,
    };
    pinned::with_pins(settings.pins, || {
        let detection = detect::analyse(&tree, &source, settings, project);
        factory::defined(&detection.sites, &source)
    })
}

/// The site that keeps a factory's task where the factory returns it: `return <call>`, or
/// `name = <call>` whose name is returned later.
fn factory_return<'t>(
    placements: &HashMap<usize, detect::Placement<'t>>,
    stmt: tree_sitter::Node<'t>,
    call: tree_sitter::Node<'t>,
) -> Option<Dropped<'t>> {
    let value = stmt.named_child(0)?;
    let target = (value.kind() == "assignment")
        .then(|| value.child_by_field_name("left"))
        .flatten();
    Some(Dropped {
        kind: Kind::FactoryReturn,
        stmt,
        call,
        expr: value,
        target,
        unfixable: None,
        placement: *placements.get(&stmt.id())?,
        factory: None,
    })
}

/// Parses `ranges` of the source (all of it for `None`) and checks that it is valid Python 3. A
/// partial parse with an error is retried whole, so that errors are reported as they are.
fn parse(
    parser: &mut Parser,
    source: &SourceFile,
    ranges: Option<&[Range<usize>]>,
) -> Result<Tree, String> {
    let partial = ranges.and_then(|r| syntax::parse_ranges(parser, source, r));
    match partial {
        Some(tree) if !tree.root_node().has_error() => Ok(tree),
        _ => parse_whole(parser, source, None),
    }
}

/// Parses all of the source, reusing what a partial parse of it holds, and checks that it is
/// valid Python 3: errors outside the parts come to light here.
fn parse_whole(
    parser: &mut Parser,
    source: &SourceFile,
    partial: Option<&Tree>,
) -> Result<Tree, String> {
    let tree = syntax::parse(parser, source.text, partial).ok_or("could not be parsed, skipped")?;
    if let Some((at, what)) = syntax::first_syntax_error(tree.root_node(), source.text) {
        let (line, column) = source.line_col(at);
        return Err(format!("{line}:{column}: {what}, skipped"));
    }
    Ok(tree)
}
