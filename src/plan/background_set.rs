//! The module-level set that holds the tasks: reuse the file's own, or declare one after the
//! import block, above anything that runs at import time and uses it.

use tree_sitter::Node;

use super::SET_NAME;
use crate::detect::{Detection, Site};
use crate::edit::Edit;
use crate::source::SourceFile;
use crate::syntax::{statements, strip_parens, text};

pub struct BackgroundSet {
    pub name: String,
    /// `None` when the file already defines a usable set.
    pub declaration: Option<Edit>,
}

pub fn choose<'s>(
    source: &SourceFile<'s>,
    root: Node,
    detection: &mut Detection<'_, 's>,
    sites: &[Site],
) -> BackgroundSet {
    let src = source.text;
    let module = detection.scopes.names(root, src);
    let first_import_time = sites
        .iter()
        .filter(|s| s.placement.import_time)
        .map(|s| s.placement.top_level)
        .min_by_key(|n| n.start_byte());

    if module.all.contains(SET_NAME) {
        let defined_once = module.stores.get(SET_NAME) == Some(&1);
        let reusable = statements(root)
            .into_iter()
            .find(|stmt| is_empty_set_definition(*stmt, src));
        if let Some(definition) = reusable
            && defined_once
            && first_import_time.is_none_or(|first| definition.end_byte() <= first.start_byte())
        {
            return BackgroundSet {
                name: SET_NAME.to_owned(),
                declaration: None,
            };
        }
    }
    let name = module.fresh(SET_NAME);
    let declaration = declare(source, root, detection, &name, first_import_time);
    BackgroundSet {
        name,
        declaration: Some(declaration),
    }
}

fn declare(
    source: &SourceFile,
    root: Node,
    detection: &Detection,
    name: &str,
    first_import_time: Option<Node>,
) -> Edit {
    let eol = source.eol;
    let header_end = header_end(root);
    let after_header =
        header_end.filter(|h| first_import_time.is_none_or(|t| t.start_byte() >= h.end_byte()));
    let at = match after_header {
        Some(h) => source.next_line_start(h.end_byte()),
        None => {
            // Something that runs at import time comes first: declare right above it.
            let anchor = first_import_time.or_else(|| statements(root).into_iter().next());
            anchor.map_or(0, |a| source.line_start(a.start_byte()))
        }
    };
    // The annotation is evaluated at import time, so asyncio must already be imported above `at`.
    let alias = detection
        .names
        .top_level_module
        .as_ref()
        .filter(|(_, end)| *end <= at)
        .map(|(alias, _)| alias.as_str());
    let import = if alias.is_none() {
        format!("import asyncio{eol}")
    } else {
        String::new()
    };
    let declaration = format!("{name}: set[{}.Task] = set()", alias.unwrap_or("asyncio"));

    let mut content = String::new();
    if let Some(header) = after_header {
        if at == source.text.len() && !source.text.ends_with('\n') {
            content.push_str(eol);
        }
        if !import.is_empty() && is_string_statement(header) {
            content.push_str(eol); // a blank line between the docstring and the import
        }
        content.push_str(&import);
        content.push_str(eol);
        content.push_str(&declaration);
        content.push_str(eol);
        if at < source.text.len() && !source.is_blank_line(at) {
            content.push_str(eol);
        }
    } else {
        content.push_str(&import);
        content.push_str(&declaration);
        content.push_str(eol);
        content.push_str(eol);
    }
    Edit::insertion(at, content)
}

/// `_background_tasks = set()` or `_background_tasks: … = set()` at module level.
fn is_empty_set_definition(stmt: Node, src: &str) -> bool {
    let Some(assignment) = stmt.named_child(0).filter(|n| n.kind() == "assignment") else {
        return false;
    };
    let left = assignment.child_by_field_name("left");
    let right = assignment.child_by_field_name("right").map(strip_parens);
    let (Some(left), Some(right)) = (left, right) else {
        return false;
    };
    let function = right.child_by_field_name("function");
    let arguments = right.child_by_field_name("arguments");
    text(left, src) == SET_NAME
        && right.kind() == "call"
        && function.is_some_and(|f| text(f, src) == "set")
        && arguments.is_some_and(|a| a.named_child_count() == 0)
}

/// The last statement of the module header: docstring, `__future__` imports, imports, and
/// `try`/`if` blocks (`except ImportError:`, `if TYPE_CHECKING:`) that hold only imports.
fn header_end(root: Node) -> Option<Node> {
    let mut last = None;
    for (i, stmt) in statements(root).into_iter().enumerate() {
        let docstring = i == 0 && is_string_statement(stmt);
        if docstring || is_import_like(stmt) {
            last = Some(stmt);
        } else {
            break;
        }
    }
    last
}

fn is_string_statement(stmt: Node) -> bool {
    stmt.kind() == "expression_statement"
        && stmt.named_child_count() == 1
        && stmt
            .named_child(0)
            .is_some_and(|n| matches!(n.kind(), "string" | "concatenated_string"))
}

fn is_import_like(stmt: Node) -> bool {
    match stmt.kind() {
        "import_statement" | "import_from_statement" | "future_import_statement" => true,
        "try_statement" | "if_statement" => {
            let blocks = blocks(stmt);
            let mut any_import = false;
            let all_fit = blocks.iter().all(|block| {
                statements(*block).into_iter().all(|inner| {
                    let import = is_import_like(inner);
                    any_import |= import;
                    import || is_filler(inner)
                })
            });
            all_fit && any_import
        }
        _ => false,
    }
}

/// Statements that may stand beside imports in a guarded import block.
fn is_filler(stmt: Node) -> bool {
    match stmt.kind() {
        "pass_statement" | "raise_statement" => true,
        "expression_statement" => {
            stmt.named_child(0)
                .is_some_and(|n| n.kind() == "assignment")
                || is_string_statement(stmt)
        }
        _ => false,
    }
}

/// The suites of a `try` or `if` statement, its clauses' included.
fn blocks(stmt: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut cursor = stmt.walk();
    for child in stmt.named_children(&mut cursor) {
        if child.kind() == "block" {
            found.push(child);
        } else if child.kind().ends_with("_clause") {
            let mut inner = child.walk();
            found.extend(
                child
                    .named_children(&mut inner)
                    .filter(|n| n.kind() == "block"),
            );
        }
    }
    found
}
