//! The logger of the code the fix writes (the log callback of `--log-exceptions`, the drain's
//! warning): the module's own, else `logging.getLogger(__name__)`.

use tree_sitter::Node;

use super::header::{Binding, NewImport};
use super::model::ModulePlan;
use crate::scan::syntax::{statements, text};

/// The module's own logger, else one of its own (and `import logging` if need be); true when it
/// must be created.
pub fn logger(module: &ModulePlan, at: usize, imports: &mut Vec<NewImport>) -> (String, bool) {
    let src = module.source.text;
    module_logger(module.root, src)
        .map(|name| (name, false))
        .unwrap_or_else(|| {
            let logging = match module.header.binding(src, at, "logging", None) {
                Some(Binding::Runtime(name)) => name,
                _ => {
                    imports.push(NewImport::module("logging", &module.settings.import_order));
                    "logging".to_owned()
                }
            };
            (format!("{logging}.getLogger(__name__)"), true)
        })
}

/// The module's own logger: a top-level `name = <...>getLogger(...)`.
fn module_logger(root: Node, src: &str) -> Option<String> {
    statements(root).into_iter().find_map(|stmt| {
        let assignment = stmt.named_child(0).filter(|n| n.kind() == "assignment")?;
        let left = assignment.child_by_field_name("left")?;
        let right = assignment.child_by_field_name("right")?;
        let function = right
            .kind()
            .eq("call")
            .then(|| right.child_by_field_name("function"))??;
        (left.kind() == "identifier" && text(function, src).ends_with("getLogger"))
            .then(|| text(left, src).to_owned())
    })
}
