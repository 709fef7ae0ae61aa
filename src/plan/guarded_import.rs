//! A standard-library import the fix adds that only its annotations use, where the project's
//! ruff checks TC003 and annotations are never evaluated (`from __future__ import annotations`):
//! ruff wants it under `if TYPE_CHECKING:`. The fix writes the block as ruff's own fix for TC003
//! does: `TYPE_CHECKING` joins the `typing` import, the block goes after the imports.

use super::header::{Binding, NewImport, Section};
use super::model::ModulePlan;
use crate::scan::syntax::{statements, text};

/// The one module the fix imports for annotations alone: the set of concurrent futures and the
/// union's quoted members name it, no statement the fix writes runs it.
const ANNOTATION_ONLY: &str = "concurrent.futures";

/// Takes the annotation-only import out of `imports` (adding `TYPE_CHECKING` where the module
/// lacks it) and returns the lines of the `if TYPE_CHECKING:` block that holds it, where ruff's
/// TC003 would report it at run time. A module with a block of its own keeps the import where
/// it was (its place inside that block is not worked out).
pub(super) fn guard(
    module: &ModulePlan,
    at: usize,
    imports: &mut Vec<NewImport>,
    unit: &str,
) -> Option<Vec<String>> {
    let exempt = module.settings.type_checking_exempt.as_ref()?;
    let exempted = |e: &String| {
        ANNOTATION_ONLY == e
            || (ANNOTATION_ONLY.strip_prefix(e.as_str())).is_some_and(|r| r.starts_with('.'))
    };
    if !module.header.future_annotations || exempt.iter().any(exempted) {
        return None;
    }
    let src = module.source.text;
    let has_block = statements(module.root).into_iter().any(|s| {
        s.kind() == "if_statement"
            && (s.child_by_field_name("condition"))
                .is_some_and(|c| text(c, src).ends_with("TYPE_CHECKING"))
    });
    if has_block {
        return None;
    }
    let index = imports
        .iter()
        .position(|i| i.module == ANNOTATION_ONLY && i.names.is_empty() && i.comment.is_none())?;
    let flag = match module
        .header
        .binding(src, at, "typing", Some("TYPE_CHECKING"))
    {
        Some(Binding::Runtime(name)) => name,
        Some(Binding::TypeCheckingOnly(_)) => return None,
        None => {
            let order = &module.settings.import_order;
            let typing = (imports.iter())
                .position(|i| i.module == "typing" && !i.names.is_empty() && i.comment.is_none());
            let mut names = vec!["TYPE_CHECKING".to_owned()];
            let mut section = Section::StandardLibrary;
            if let Some(typing) = typing {
                let old = imports.remove(typing);
                section = old.section;
                names.extend(old.names);
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            imports.extend(NewImport::from("typing", &names, section, order));
            "TYPE_CHECKING".to_owned()
        }
    };
    let index = (imports.iter())
        .position(|i| i.module == ANNOTATION_ONLY && i.names.is_empty())
        .unwrap_or(index);
    let import = imports.remove(index);
    imports.sort_by_key(|i| (i.section, i.key()));
    Some(vec![
        format!("if {flag}:"),
        format!("{unit}{}", import.statement()),
        String::new(),
    ])
}
