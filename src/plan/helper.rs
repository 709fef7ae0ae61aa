//! `helper`: one small module-level function next to the set keeps a task and returns it, so each
//! site becomes a one-line wrap of its call. `keep-with`: the project's own function, imported.

use super::header::{NewImport, Section};
use super::keeper::Keeper;
use super::model::{ModulePlan, Planner};
use crate::detect::Site;
use crate::scan::syntax::{statements, text};
use crate::settings::KeepWith as KeepWithSetting;

pub struct Helper;

impl Planner for Helper {
    fn keeper<'t>(&self, _site: &Site<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        Keeper::Call {
            function: module.helper(),
            returns: true,
        }
    }
}

/// `[tool.undangle] keep-with = "package.module:function"`.
pub struct KeepWith {
    function: String,
    /// The import to add, unless the file defines or imports the function itself.
    import: Option<NewImport>,
}

impl KeepWith {
    pub fn new(setting: &KeepWithSetting, module: &ModulePlan) -> Self {
        let src = module.source.text;
        let function = &setting.function;
        let at = module.source.text.len();
        let defined_here = statements(module.root).into_iter().any(|stmt| {
            let def = match stmt.kind() {
                "decorated_definition" => stmt.child_by_field_name("definition"),
                _ => Some(stmt),
            };
            def.filter(|d| d.kind() == "function_definition")
                .and_then(|d| d.child_by_field_name("name"))
                .is_some_and(|n| text(n, src) == function)
        });
        let imported = module
            .header
            .binding(src, at, &setting.module, Some(function))
            .is_some_and(|b| matches!(b, super::header::Binding::Runtime(_)));
        let import = (!defined_here && !imported).then(|| {
            // The project's own code: isort's first-party section, after third-party imports.
            NewImport::from(&setting.module, &[function], Section::FirstParty)
        });
        KeepWith {
            function: function.clone(),
            import,
        }
    }
}

impl Planner for KeepWith {
    fn keeper<'t>(&self, _site: &Site<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        if let Some(import) = &self.import
            && !module.imports.contains(import)
        {
            module.imports.push(import.clone());
        }
        // Its body is not in this file: whether it returns the task is unknown.
        Keeper::Call {
            function: self.function.clone(),
            returns: false,
        }
    }
}
