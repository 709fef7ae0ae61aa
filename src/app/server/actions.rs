//! Code actions: per finding, a quick fix for each strategy that gives its own text (the planner
//! run with only that site selected) and one that adds `# noqa: RUF006`; for the whole file,
//! `source.fixAll.undangle`, the text `fix -` writes. A client that resolves edits gets the
//! fixes without them, and `codeAction/resolve` computes the one it picks.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit, Uri,
    WorkspaceEdit,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::server::diagnostics;
use crate::app::server::document::{Document, Encoding};
use crate::app::server::state::{Analysed, State};
use crate::core::site::{Dropping, findings};
use crate::settings::Strategy;

pub(crate) const FIX_ALL: &str = "source.fixAll.undangle";

/// The actions for the request's range and kinds.
pub(crate) fn code_actions(
    state: &mut State,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let wanted = |kind: &str| {
        params.context.only.as_ref().is_none_or(|only| {
            // `source.fixAll` asks for ours too: kinds are hierarchical.
            only.iter()
                .any(|o| kind == o.as_str() || kind.starts_with(&format!("{}.", o.as_str())))
        })
    };
    let mut actions = Vec::new();
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        actions.extend(quick_fixes(state, &params.text_document.uri, params.range));
    }
    if wanted(FIX_ALL)
        && let Some(action) = fix_all(state, &params.text_document.uri)
    {
        actions.push(action);
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// The quick fixes of every finding the range touches.
fn quick_fixes(state: &mut State, uri: &Uri, range: Range) -> Vec<CodeAction> {
    let encoding = state.encoding;
    let Some(Analysed::Findings(sites)) = state.analyse(uri.as_str()) else {
        return Vec::new();
    };
    let mut actions = Vec::new();
    for (_, finding) in findings(&sites) {
        let Some(doc) = state.docs.get(uri.as_str()) else {
            break;
        };
        let site = diagnostics::range(finding, doc, encoding);
        // By lines: an editor asks at the cursor, which may stand before the statement.
        if site.end.line < range.start.line || range.end.line < site.start.line {
            continue;
        }
        let diagnostic = vec![diagnostics::diagnostic(finding, doc, encoding)];
        let noqa = disable_for_line(doc, finding, uri, encoding);
        if finding.fixable() && state.lazy_edits {
            for (title, strategy) in lazy_strategies(state, uri.as_str(), finding) {
                let site = Some(finding.at.start());
                let mut action = lazy(state, uri, title, site, strategy);
                action.kind = Some(CodeActionKind::QUICKFIX);
                action.is_preferred = Some(false);
                action.diagnostics = Some(diagnostic.clone());
                actions.push(action);
            }
        } else if finding.fixable() {
            for (title, fixed) in strategy_fixes(state, uri.as_str(), finding) {
                let Some(doc) = state.docs.get(uri.as_str()) else {
                    break;
                };
                let mut action = quickfix(title, replace(doc, &fixed, uri, encoding));
                action.diagnostics = Some(diagnostic.clone());
                actions.push(action);
            }
        }
        if let Some(mut action) = noqa {
            action.diagnostics = Some(diagnostic);
            actions.push(action);
        }
    }
    actions
}

/// The fixed text of one finding under each strategy, the configured one first; a strategy
/// that gives the same text as an earlier one is left out.
fn strategy_fixes(state: &mut State, uri: &str, finding: &Dropping) -> Vec<(String, String)> {
    let path = crate::app::server::state::uri_to_path(uri);
    let Ok(settings) = state.settings(path.as_deref()) else {
        return Vec::new();
    };
    let at = Some(finding.at.start());
    if let Some(keep_with) = &settings.keep_with {
        // The project's own keeper is the project's choice: no other strategy is offered.
        let title = format!("Keep the task with {} (keep-with)", keep_with.spelling());
        return state
            .fixed(uri, at, None)
            .map(|t| (title, t))
            .into_iter()
            .collect();
    }
    let mut strategies = vec![settings.strategy];
    for other in [Strategy::Inline, Strategy::Helper, Strategy::Owner] {
        if !strategies.contains(&other) {
            strategies.push(other);
        }
    }
    let mut fixes: Vec<(String, String)> = Vec::new();
    for strategy in strategies {
        let Some(fixed) = state.fixed(uri, at, Some(strategy)) else {
            continue;
        };
        if fixes.iter().all(|(_, earlier)| *earlier != fixed) {
            fixes.push((title(strategy).to_owned(), fixed));
        }
    }
    fixes
}

fn title(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Inline => "Keep the task in a module set (inline)",
        Strategy::Helper => "Keep the task with a helper function (helper)",
        Strategy::Owner => "Keep the task in a set on its owner (owner)",
    }
}

/// `# noqa: RUF006` at the end of the statement's first line (added to a `# noqa:` list there),
/// unless that line continues with a backslash or the result would not parse.
fn disable_for_line(
    doc: &Document,
    finding: &Dropping,
    uri: &Uri,
    encoding: Encoding,
) -> Option<CodeAction> {
    if doc.continues(finding.at.line) {
        return None;
    }
    let line = doc.line_text(finding.at.line);
    let end = doc.line_end(finding.at.line);
    let insert = match line.rfind("# noqa:") {
        Some(_) => ", RUF006",
        None => "  # noqa: RUF006",
    };
    let mut text = doc.text.clone();
    text.insert_str(end, insert);
    if crate::scan::validate::check(&text).is_err() {
        return None;
    }
    let at = doc.position_of(end, encoding);
    let edit = TextEdit::new(Range::new(at, at), insert.to_owned());
    Some(quickfix(
        "Disable for this line (# noqa: RUF006)".to_owned(),
        workspace_edit(uri, edit),
    ))
}

/// `source.fixAll.undangle`: the whole file fixed, as `fix -` prints it.
fn fix_all(state: &mut State, uri: &Uri) -> Option<CodeAction> {
    let title = "Keep every dropped task (undangle fix)".to_owned();
    let kind = Some(CodeActionKind::new(FIX_ALL));
    if state.lazy_edits {
        // Offered where `fix -` may change something: a fixable finding, or a factory whose
        // task a caller drops. Resolved, it is `fix -`'s text (or no edit).
        let Analysed::Findings(sites) = state.analyse(uri.as_str())? else {
            return None;
        };
        let fixable = findings(&sites).any(|(_, f)| f.fixable());
        (fixable || state.defines_factories(uri.as_str())).then_some(())?;
        let mut action = lazy(state, uri, title, None, None);
        action.kind = kind;
        return Some(action);
    }
    let fixed = state.fixed(uri.as_str(), None, None)?;
    let doc = state.docs.get(uri.as_str())?;
    Some(CodeAction {
        title,
        kind,
        edit: Some(replace(doc, &fixed, uri, state.encoding)),
        ..CodeAction::default()
    })
}

/// What a fix left to `codeAction/resolve` carries to be computed there: the document and its
/// version, the settings' generation, the site (none for the whole file) and the strategy
/// (none for the configured one).
#[derive(Serialize, Deserialize)]
struct Pending {
    uri: String,
    version: i32,
    generation: u64,
    site: Option<(usize, usize)>,
    strategy: Option<String>,
}

fn lazy(
    state: &State,
    uri: &Uri,
    title: String,
    site: Option<(usize, usize)>,
    strategy: Option<Strategy>,
) -> CodeAction {
    let pending = Pending {
        uri: uri.as_str().to_owned(),
        version: state.docs.get(uri.as_str()).map_or(0, |d| d.version),
        generation: state.generation,
        site,
        strategy: strategy.map(|s| name(s).to_owned()),
    };
    CodeAction {
        title,
        data: serde_json::to_value(pending).ok(),
        ..CodeAction::default()
    }
}

/// `codeAction/resolve`: the edit of an action offered without one, computed from the text it
/// was offered for. A document changed since (or settings) is refused with `ContentModified`:
/// an edit for other text would be a wrong edit.
pub(crate) fn resolve(
    state: &mut State,
    mut action: CodeAction,
) -> Result<CodeAction, (ErrorCode, String)> {
    let Some(data) = action.data.clone().filter(|_| action.edit.is_none()) else {
        return Ok(action); // nothing left to compute
    };
    let pending: Pending = serde_json::from_value(data)
        .map_err(|err| (ErrorCode::InvalidParams, format!("invalid data: {err}")))?;
    let strategy = match pending.strategy.map(Value::String) {
        Some(value) => Some(
            serde_json::from_value::<Strategy>(value)
                .map_err(|err| (ErrorCode::InvalidParams, format!("invalid strategy: {err}")))?,
        ),
        None => None,
    };
    let current = state.docs.get(&pending.uri).map(|d| d.version);
    if current != Some(pending.version) || state.generation != pending.generation {
        let message = format!("{} changed since the action was offered", pending.uri);
        return Err((ErrorCode::ContentModified, message));
    }
    let uri: Uri = pending
        .uri
        .parse()
        .map_err(|_| (ErrorCode::InvalidParams, "invalid uri".to_owned()))?;
    // Nothing to change (the site is kept already): the action stays without an edit.
    if let Some(fixed) = state.fixed(uri.as_str(), pending.site, strategy)
        && let Some(doc) = state.docs.get(uri.as_str())
    {
        action.edit = Some(replace(doc, &fixed, &uri, state.encoding));
    }
    Ok(action)
}

/// The strategies offered for a finding without computing their texts: the configured one
/// first (or the project's keeper alone). Outside a method `owner` keeps the task in the module
/// set, as `inline` does: only the first of the two is offered there.
fn lazy_strategies(
    state: &State,
    uri: &str,
    finding: &Dropping,
) -> Vec<(String, Option<Strategy>)> {
    let path = crate::app::server::state::uri_to_path(uri);
    let Ok(settings) = state.settings(path.as_deref()) else {
        return Vec::new();
    };
    if let Some(keep_with) = &settings.keep_with {
        let title = format!("Keep the task with {} (keep-with)", keep_with.spelling());
        return vec![(title, None)];
    }
    // A factory's task is kept in the factory, which may be a method anywhere.
    let in_method = finding.factory.is_some()
        || state
            .docs
            .get(uri)
            .is_none_or(|doc| in_method(doc, finding));
    let mut strategies = vec![settings.strategy];
    for other in [Strategy::Inline, Strategy::Helper, Strategy::Owner] {
        let same = |s: &Strategy| {
            !in_method
                && matches!(
                    (s, other),
                    (Strategy::Inline, Strategy::Owner) | (Strategy::Owner, Strategy::Inline)
                )
        };
        if !strategies.contains(&other) && !strategies.iter().any(same) {
            strategies.push(other);
        }
    }
    strategies
        .into_iter()
        .map(|s| (title(s).to_owned(), Some(s)))
        .collect()
}

/// Whether the finding's statement lies in a function defined in a class body, however deeply
/// nested (true when the document has no tree to tell): there `owner` may differ from `inline`.
fn in_method(doc: &Document, finding: &Dropping) -> bool {
    let Some(tree) = &doc.tree else {
        return true;
    };
    let at = doc.position(finding.at.line, finding.at.column, Encoding::Utf8);
    let point = tree_sitter::Point::new(at.line as usize, at.character as usize);
    let mut node = tree.root_node().descendant_for_point_range(point, point);
    while let Some(current) = node {
        if current.kind() == "function_definition" {
            let mut outer = current.parent();
            if outer.is_some_and(|o| o.kind() == "decorated_definition") {
                outer = outer.and_then(|o| o.parent());
            }
            let class = outer
                .filter(|o| o.kind() == "block")
                .and_then(|b| b.parent());
            if class.is_some_and(|c| c.kind() == "class_definition") {
                return true;
            }
        }
        node = current.parent();
    }
    false
}

fn name(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Inline => "inline",
        Strategy::Helper => "helper",
        Strategy::Owner => "owner",
    }
}

fn quickfix(title: String, edit: WorkspaceEdit) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit),
        // A set that holds the task changes how long it lives: the user decides.
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

/// One edit that turns the document's text into `fixed`: the part between their common
/// beginning and end.
fn replace(doc: &Document, fixed: &str, uri: &Uri, encoding: Encoding) -> WorkspaceEdit {
    let old = doc.text.as_bytes();
    let new = fixed.as_bytes();
    let mut start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while !doc.text.is_char_boundary(start) || !fixed.is_char_boundary(start) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !doc.text.is_char_boundary(old.len() - suffix)
        || !fixed.is_char_boundary(new.len() - suffix)
    {
        suffix -= 1;
    }
    let range = Range::new(
        doc.position_of(start, encoding),
        doc.position_of(old.len() - suffix, encoding),
    );
    let edit = TextEdit::new(range, fixed[start..new.len() - suffix].to_owned());
    workspace_edit(uri, edit)
}

fn workspace_edit(uri: &Uri, edit: TextEdit) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
        ..WorkspaceEdit::default()
    }
}
