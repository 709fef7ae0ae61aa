//! A standard-library import the fix adds that only annotations nobody evaluates use, where the
//! project's ruff checks TC003: ruff wants it under `if TYPE_CHECKING:`. The rule is ruff's
//! (flake8-type-checking): a name is needed at run time when code the module runs reads it;
//! an annotation inside a function body is never evaluated, and neither is any annotation under
//! `from __future__ import annotations`; a module-level annotation and a signature's otherwise
//! are (`quote-annotations`, which would quote them, is not done: such an import stays). An
//! import in `exempt-modules` stays, and so, unless `strict` is set, does one whose module a
//! runtime import already loads. The import joins the module's own `if TYPE_CHECKING:` block
//! where isort (ruff's I001) orders it there; else the fix writes a new block after the imports
//! as ruff's own fix for TC003 does, with `TYPE_CHECKING` joining the `typing` import.

use std::collections::HashSet;

use tree_sitter::Node;

use super::edit::Edit;
use super::header::{Binding, NewImport, Section};
use super::model::ModulePlan;
use crate::scan::syntax::{new_parser, statements, text, walk};

/// Where the guarded imports go.
pub(super) enum Guarded {
    /// The lines of a new `if TYPE_CHECKING:` block (a blank line last).
    Block(Vec<String>),
    /// Edits that add them to the module's own block.
    Joined(Vec<Edit>),
}

/// The code the fix writes, to learn which names it reads at run time.
pub(super) struct Written<'a> {
    /// Statements at module level (declarations, the helper's `def`).
    pub module_level: Vec<&'a str>,
    /// Statements inside a function body (an instance set in `__init__`).
    pub in_functions: Vec<&'a str>,
}

/// Takes the annotation-only imports out of `imports` (adding `TYPE_CHECKING` where a new block
/// needs it) and says where they go instead. `at` is where the declarations go.
pub(super) fn guard(
    module: &ModulePlan,
    at: usize,
    imports: &mut Vec<NewImport>,
    written: &Written,
    unit: &str,
) -> Option<Guarded> {
    let exempt = module.settings.type_checking_exempt.as_ref()?;
    let src = module.source.text;
    let deferred = module.header.future_annotations
        || (imports.iter())
            .any(|i| i.module == "__future__" && i.names.iter().any(|n| n == "annotations"));
    let mut runtime = HashSet::new();
    for code in &written.module_level {
        runtime_names(code, deferred, &mut runtime);
    }
    for code in &written.in_functions {
        runtime_names(code, true, &mut runtime);
    }
    let strict = module.settings.type_checking_strict;
    let loaded = runtime_modules(module.root, src);
    let candidate = |i: &NewImport| {
        i.section == Section::StandardLibrary
            && i.comment.is_none()
            && !module.imports.contains(i)
            && !bound_names(i).iter().any(|n| runtime.contains(*n))
            && !qualified_names(i).iter().any(|q| is_exempt(q, exempt))
    };
    let mut guarded: Vec<usize> = (0..imports.len())
        .filter(|&i| candidate(&imports[i]))
        .collect();
    // Without `strict`, ruff leaves an import whose module a runtime import loads too.
    let kept_modules = |guarded: &[usize]| -> HashSet<String> {
        let mut modules = loaded.clone();
        let kept = (0..imports.len()).filter(|i| !guarded.contains(i));
        modules.extend(kept.map(|i| module_name(&imports[i])));
        modules
    };
    if !strict {
        let modules = kept_modules(&guarded);
        guarded.retain(|&i| !modules.contains(&module_name(&imports[i])));
    }
    if guarded.is_empty() {
        return None;
    }
    if let Some(block) = type_checking_block(module.root, src) {
        let moved = take(imports, &guarded);
        return Some(Guarded::Joined(join_block(module, block, &moved)));
    }
    let flag = match module
        .header
        .binding(src, at, "typing", Some("TYPE_CHECKING"))
    {
        Some(Binding::Runtime(name)) => name,
        Some(Binding::TypeCheckingOnly(_)) => return None,
        None => {
            // `TYPE_CHECKING` comes from `typing` at run time: without `strict`, ruff leaves
            // the other `typing` names beside it.
            if !strict {
                guarded.retain(|&i| module_name(&imports[i]) != "typing");
                if guarded.is_empty() {
                    return None;
                }
            }
            let order = &module.settings.import_order;
            let typing = (0..imports.len()).find(|i| {
                let i = &imports[*i];
                i.module == "typing" && !i.names.is_empty() && i.comment.is_none()
            });
            let mut names = vec!["TYPE_CHECKING".to_owned()];
            let mut section = Section::StandardLibrary;
            if let Some(typing) = typing.filter(|t| !guarded.contains(t)) {
                let old = imports.remove(typing);
                guarded = (guarded.iter())
                    .map(|&g| if g > typing { g - 1 } else { g })
                    .collect();
                section = old.section;
                names.extend(old.names);
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            imports.extend(NewImport::from("typing", &names, section, order));
            "TYPE_CHECKING".to_owned()
        }
    };
    let mut moved = take(imports, &guarded);
    imports.sort_by_key(|i| (i.section, i.key()));
    moved.sort_by_key(|i| (i.section, i.key()));
    let mut block = vec![format!("if {flag}:")];
    block.extend(moved.iter().map(|i| format!("{unit}{}", i.statement())));
    block.push(String::new());
    Some(Guarded::Block(block))
}

/// Removes the imports at `indices` from `imports` and returns them.
fn take(imports: &mut Vec<NewImport>, indices: &[usize]) -> Vec<NewImport> {
    let mut moved = Vec::new();
    let mut index = 0;
    imports.retain(|i| {
        let keep = !indices.contains(&index);
        index += 1;
        if !keep {
            moved.push(i.clone());
        }
        keep
    });
    moved
}

/// The edits that add `moved` to the module's `if TYPE_CHECKING:` block where isort orders
/// them, indented as the block is.
fn join_block(module: &ModulePlan, block: Node, moved: &[NewImport]) -> Vec<Edit> {
    let source = module.source;
    let src = source.text;
    let inner = statements(block);
    let Some(first) = inner.first() else {
        return Vec::new();
    };
    let indent = source.indentation(first.start_byte()).to_owned();
    let view = module.header.block_view(block, src);
    let length = (module.settings.import_line_length).saturating_sub(indent.chars().count());
    let fallback = source.line_start(first.start_byte());
    let mut edits = view.add_imports(moved, source, length, fallback);
    for edit in &mut edits {
        // Whole new lines: each gets the block's indentation.
        if edit.start == edit.end && source.line_start(edit.start) == edit.start {
            edit.content = (edit.content.split_inclusive('\n'))
                .map(|line| match line.trim().is_empty() {
                    true => line.to_owned(),
                    false => format!("{indent}{line}"),
                })
                .collect();
        }
    }
    edits
}

/// The module's top-level `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) block with no other
/// branch, if any: its body.
fn type_checking_block<'t>(root: Node<'t>, src: &str) -> Option<Node<'t>> {
    statements(root).into_iter().find_map(|stmt| {
        let condition = stmt.child_by_field_name("condition")?;
        let checking = matches!(
            text(condition, src),
            "TYPE_CHECKING" | "typing.TYPE_CHECKING"
        );
        let only_branch = stmt.child_by_field_name("alternative").is_none();
        (stmt.kind() == "if_statement" && checking && only_branch)
            .then(|| stmt.child_by_field_name("consequence"))
            .flatten()
    })
}

/// The names the import binds: `asyncio` for `import asyncio.x`, the members of a `from` import.
fn bound_names(import: &NewImport) -> Vec<&str> {
    match import.names.is_empty() {
        true => import.module.split('.').take(1).collect(),
        false => import.names.iter().map(String::as_str).collect(),
    }
}

/// The qualified names ruff matches against `exempt-modules`: `concurrent.futures`,
/// `typing.Any`.
fn qualified_names(import: &NewImport) -> Vec<String> {
    match import.names.is_empty() {
        true => vec![import.module.clone()],
        false => (import.names.iter())
            .map(|n| format!("{}.{n}", import.module))
            .collect(),
    }
}

/// ruff's `is_exempt`: the name or one of its parents is listed.
fn is_exempt(name: &str, exempt: &[String]) -> bool {
    let mut name = name;
    loop {
        if exempt.iter().any(|e| e == name) {
            return true;
        }
        match name.rfind('.') {
            Some(dot) => name = &name[..dot],
            None => return false,
        }
    }
}

/// The module an import loads as ruff compares them for `strict`: the first segment of
/// `import a.b`, the whole module of `from a.b import c`.
fn module_name(import: &NewImport) -> String {
    match import.names.is_empty() {
        true => (import.module.split('.').next().unwrap_or_default()).to_owned(),
        false => import.module.clone(),
    }
}

/// The modules the module's own imports load at run time (outside `if TYPE_CHECKING:`), at
/// module level, inside `if` and `try` blocks too.
fn runtime_modules(root: Node, src: &str) -> HashSet<String> {
    let mut modules = HashSet::new();
    walk(root, |node| match node.kind() {
        "function_definition" | "class_definition" | "lambda" => false,
        "if_statement" => node
            .child_by_field_name("condition")
            .is_none_or(|c| !text(c, src).ends_with("TYPE_CHECKING")),
        "import_statement" => {
            let mut cursor = node.walk();
            for name in node.children_by_field_name("name", &mut cursor) {
                let dotted = match name.kind() {
                    "aliased_import" => name.child_by_field_name("name").unwrap_or(name),
                    _ => name,
                };
                let first = text(dotted, src).split('.').next().unwrap_or_default();
                modules.insert(first.trim().to_owned());
            }
            false
        }
        "import_from_statement" => {
            if let Some(module) = node.child_by_field_name("module_name") {
                modules.insert(text(module, src).to_owned());
            }
            false
        }
        _ => true,
    });
    modules
}

/// Adds to `names` every name `code` reads at run time: outside annotations, and in the
/// annotations that are evaluated (a module-level one or a signature's, unless `deferred`).
/// Code that does not parse on its own counts every word it holds.
fn runtime_names(code: &str, deferred: bool, names: &mut HashSet<String>) {
    let code = dedent(code);
    let tree = new_parser().parse(&code, None);
    let Some(tree) = tree.filter(|t| !t.root_node().has_error()) else {
        let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
        names.extend(words.filter(|w| !w.is_empty()).map(str::to_owned));
        return;
    };
    walk(tree.root_node(), |node| {
        if node.kind() != "identifier" {
            return true;
        }
        let parent = node.parent();
        // `x.Task` reads `x`, not a name `Task`; `bound=` names a parameter.
        let member = parent.is_some_and(|p| {
            (p.kind() == "attribute" && p.child_by_field_name("attribute") == Some(node))
                || (p.kind() == "keyword_argument" && p.child_by_field_name("name") == Some(node))
        });
        if !member && !unevaluated(node, deferred) {
            names.insert(text(node, &code).to_owned());
        }
        false
    });
}

/// Whether `node` stands in an annotation Python never evaluates: inside a function body, or
/// anywhere where annotations are `deferred`.
fn unevaluated(node: Node, deferred: bool) -> bool {
    let mut annotation = false;
    let mut current = Some(node);
    while let Some(n) = current {
        match n.kind() {
            "type" => annotation = true,
            "block"
                if n.parent()
                    .is_some_and(|p| p.kind() == "function_definition") =>
            {
                return annotation;
            }
            _ => {}
        }
        current = n.parent();
    }
    annotation && deferred
}

/// `code` with the indentation its lines share taken off.
fn dedent(code: &str) -> String {
    let indent = (code.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    (code.lines())
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime(code: &str, deferred: bool) -> Vec<String> {
        let mut names = HashSet::new();
        runtime_names(code, deferred, &mut names);
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort();
        names
    }

    #[test]
    fn annotations_are_read_at_run_time_only_where_python_evaluates_them() {
        let set = "_tasks: set[asyncio.Task[Any]] = set()";
        assert_eq!(runtime(set, false), ["Any", "_tasks", "asyncio", "set"]);
        assert_eq!(runtime(set, true), ["_tasks", "set"]);
        // A function body's annotations never run; its signature's do, unless deferred.
        let def = "def keep(task: asyncio.Task[T]) -> None:\n    x: logging.Logger = log\n";
        assert_eq!(
            runtime(def, false),
            ["T", "asyncio", "keep", "log", "task", "x"]
        );
        assert_eq!(runtime(def, true), ["keep", "log", "task", "x"]);
        // A string names nothing at run time; a keyword argument's name is no name.
        let var = "T = TypeVar(\"T\", bound=\"asyncio.Future[Any]\")";
        assert_eq!(runtime(var, false), ["T", "TypeVar"]);
        // Indented code (an instance set) is read dedented; code that does not parse counts
        // every word.
        assert_eq!(
            runtime("        self.s: set[x.Task] = set()", true),
            ["self", "set"]
        );
        assert!(runtime("if (asyncio", true).contains(&"asyncio".to_owned()));
    }

    #[test]
    fn exempt_modules_and_strict_compare_as_ruff_does() {
        let exempt = vec!["typing".to_owned(), "concurrent".to_owned()];
        assert!(is_exempt("typing.Any", &exempt));
        assert!(is_exempt("concurrent.futures", &exempt));
        assert!(!is_exempt("asyncio", &exempt));
        assert!(!is_exempt("typing_extensions.Any", &exempt));
        let order = crate::settings::ImportOrder::default();
        assert_eq!(
            module_name(&NewImport::module("concurrent.futures", &order)),
            "concurrent"
        );
        let task = NewImport::from("asyncio", &["Task"], Section::StandardLibrary, &order);
        assert_eq!(module_name(&task[0]), "asyncio");
    }
}
