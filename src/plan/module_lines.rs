//! The lines declared at module level: the imports (where there is no header to add them to),
//! the set, the logger, the helper that keeps a task and the done callback that logs a failed one.

use super::annotation::{self, Form};
use super::drainer::{self, DrainSpelling};
use super::header::NewImport;
use super::model::ModulePlan;
use super::names::Names;
use super::wrap::docstring;

/// The module-level keepers to declare: the set (when the module has none to reuse), the set of
/// concurrent futures, the helper, the log callback and the function that drains sets at shutdown.
pub(super) struct Keepers {
    pub(super) set: Option<(String, bool)>,
    pub(super) helper: Option<String>,
    pub(super) log: Option<String>,
    pub(super) drain: Option<String>,
    /// The set of concurrent futures.
    pub(super) futures: Option<String>,
    /// The type alias of both futures, for the instance sets that hold them.
    pub(super) alias: Option<String>,
}

impl Keepers {
    pub(super) fn module_level(&self) -> bool {
        self.set.is_some()
            || self.helper.is_some()
            || self.log.is_some()
            || self.drain.is_some()
            || self.futures.is_some()
            || self.alias.is_some()
    }
}

/// How the declarations are spelled.
pub(super) struct Spelling {
    pub(super) names: Names,
    pub(super) form: Form,
    /// The type of the sets' elements.
    pub(super) element: String,
    /// The type of the elements of an instance set that holds concurrent futures.
    pub(super) owned_element: String,
    /// The logger of the log callback, and whether it must be created.
    pub(super) logger: Option<(String, bool)>,
    /// Python 3.12's type parameters are there for the helper.
    pub(super) pep695: bool,
    /// Both futures' types, for the alias: each quoted in the `Union`.
    pub(super) futures: Option<(String, String)>,
}

impl Spelling {
    /// The sets' class: `set`, or `typing.Set` as the module spells it.
    pub(super) fn set_class(&self) -> &str {
        self.names.set_class.as_deref().unwrap_or("set")
    }
}

/// Whether Black formats the project's code (it wraps more than ruff format does).
pub(super) fn black(settings: &crate::settings::Settings) -> bool {
    settings.tools.formatter == Some(crate::settings::Formatter::Black)
}

/// The lines declared at module level: the imports (`with_imports`, when there is no header to
/// add them to), the set, the logger, the helper and the log callback; and whether they end with
/// a function.
pub(super) fn module_lines(
    module: &mut ModulePlan,
    keepers: &Keepers,
    spelling: &Spelling,
    with_imports: bool,
    unit: &str,
) -> (Vec<String>, bool) {
    let names = &spelling.names;
    let mut lines: Vec<String> = Vec::new();
    if with_imports && !names.imports.is_empty() {
        lines.extend(names.imports.iter().map(import_statement));
        lines.push(String::new()); // isort's blank line after imports
    }
    let width = (module.settings.line_length, black(module.settings));
    if let (Some(alias), Some((asyncio, concurrent))) = (&keepers.alias, &spelling.futures) {
        let union = names.union.as_deref().unwrap_or("Union");
        let members = [asyncio, concurrent].map(|m| format!("{q}{m}{q}", q = module.quote));
        lines.extend(alias_lines(
            alias,
            union,
            &members,
            unit,
            module.settings.line_length,
        ));
    }
    if let Some((name, _)) = &keepers.set {
        let ty = (spelling.set_class(), spelling.element.as_str());
        let (form, quote) = (spelling.form, module.quote);
        let declaration = annotation::declaration_lines(name, ty, form, quote, ("", unit), width);
        lines.extend(declaration);
    }
    if let (Some(name), Some(futures)) = (&keepers.futures, &names.concurrent_futures) {
        let any = names.any.as_deref().unwrap_or("Any");
        let element = annotation::concurrent_element(futures, any);
        let ty = (spelling.set_class(), element.as_str());
        let declaration = annotation::declaration(name, ty, spelling.form, module.quote);
        lines.push(declaration);
    }
    let mut ends_with_def = false;
    let mut logger_name = None;
    if let Some((logger, true)) = &spelling.logger {
        let name = module.names.fresh("_logger");
        lines.push(format!("{name} = {logger}"));
        logger_name = Some(name);
    }
    if let Some(helper) = &keepers.helper {
        let set_name = match &keepers.set {
            Some((name, _)) => name.clone(),
            None => module.module_set(),
        };
        lines.extend(helper_lines(
            module,
            helper,
            &set_name,
            &spelling.element,
            names,
            (spelling.pep695, spelling.form == Form::Untyped),
            unit,
            keepers.log.as_deref(),
        ));
        ends_with_def = true;
    }
    if let (Some(log), Some((logger, _))) = (&keepers.log, &spelling.logger) {
        let logger = logger_name.clone().unwrap_or_else(|| logger.clone());
        if !lines.is_empty() {
            lines.extend([String::new(), String::new()]);
        }
        lines.extend(log_callback_lines(module, log, &logger, spelling, unit));
        ends_with_def = true;
    }
    if let (Some(drain), Some((logger, _))) = (&keepers.drain, &spelling.logger) {
        let logger = logger_name.as_deref().unwrap_or(logger);
        if !lines.is_empty() {
            lines.extend([String::new(), String::new()]);
        }
        let drain_spelling = DrainSpelling {
            asyncio: &names.asyncio,
            element: &spelling.element,
            set: spelling.set_class(),
            form: spelling.form,
            logger,
        };
        lines.extend(drainer::lines(module, drain, &drain_spelling, unit));
        ends_with_def = true;
    }
    (lines, ends_with_def)
}

/// The done callback that logs the exception of a task that failed, with `logger`.
fn log_callback_lines(
    module: &ModulePlan,
    log: &str,
    logger: &str,
    spelling: &Spelling,
    unit: &str,
) -> Vec<String> {
    let element = &spelling.element;
    let mut lines = vec![match spelling.form {
        Form::Plain => format!("def {log}(task: {element}) -> None:"),
        Form::Untyped => format!("def {log}(task):"),
        _ => format!(
            "def {log}(task: {q}{element}{q}) -> None:",
            q = module.quote
        ),
    }];
    lines.extend(docstring(
        unit,
        "Log the exception of a task that failed (not of one that was cancelled).",
        (
            "Log the exception of a task that failed.",
            "A cancelled task has none to log.",
        ),
        module.settings.text_width(),
        module.settings.summary_on_second_line,
    ));
    lines.push(format!(
        "{unit}if not task.cancelled() and task.exception() is not None:"
    ));
    lines.push(format!(
        "{unit}{unit}{logger}.error({q}Task %r failed{q}, task, exc_info=task.exception())",
        q = module.quote
    ));
    lines
}

pub(super) fn import_statement(new: &NewImport) -> String {
    new.statement()
}

/// The helper that keeps a task and returns it, typed for `mypy --strict`.
#[allow(clippy::too_many_arguments)]
fn helper_lines(
    module: &ModulePlan,
    helper: &str,
    set: &str,
    element: &str,
    names: &Names,
    (pep695, spelling_untyped): (bool, bool),
    unit: &str,
    log: Option<&str>,
) -> Vec<String> {
    let type_param = module.names.fresh("_TaskT");
    let mut lines = Vec::new();
    let signature = if spelling_untyped {
        format!("def {helper}(task):")
    } else if pep695 {
        format!("def {helper}[T: {element}](task: T) -> T:")
    } else {
        let type_var = names.type_var.as_deref().unwrap_or("TypeVar");
        let q = module.quote;
        let arguments = format!("{q}{type_param}{q}, bound={q}{element}{q}");
        let line = format!("{type_param} = {type_var}({arguments})");
        // Black's wrap, where it is longer than the line.
        match line.chars().count() <= module.settings.line_length {
            true => lines.push(line),
            false => lines.extend([
                format!("{type_param} = {type_var}("),
                format!("{unit}{arguments}"),
                ")".to_owned(),
            ]),
        }
        // ruff's UP047 asks for type parameters the oldest Python cannot run.
        let noqa = match module.settings.generic_function_rule {
            true => "  # noqa: UP047",
            false => "",
        };
        format!("def {helper}(task: {type_param}) -> {type_param}:{noqa}")
    };
    lines.push(String::new());
    lines.push(String::new());
    lines.push(signature);
    lines.extend(docstring(
        unit,
        "Keep a reference to `task` until it is done, so it is not garbage-collected.",
        (
            "Keep a reference to `task` until it is done.",
            "Otherwise it can be garbage-collected before it finishes.",
        ),
        module.settings.text_width(),
        module.settings.summary_on_second_line,
    ));
    lines.push(format!("{unit}{set}.add(task)"));
    lines.push(format!("{unit}task.add_done_callback({set}.discard)"));
    if let Some(log) = log {
        lines.push(format!("{unit}task.add_done_callback({log})"));
    }
    lines.push(format!("{unit}return task"));
    lines
}

/// `alias = Union["A", "B"]`, wrapped as the formatters wrap a subscript: its body on one line
/// inside the brackets, else one member a line with a trailing comma.
fn alias_lines(
    alias: &str,
    union: &str,
    members: &[String],
    unit: &str,
    width: usize,
) -> Vec<String> {
    let body = members.join(", ");
    let line = format!("{alias} = {union}[{body}]");
    if line.chars().count() <= width {
        return vec![line];
    }
    let open = format!("{alias} = {union}[");
    let mut lines = vec![open];
    if unit.chars().count() + body.chars().count() <= width {
        lines.push(format!("{unit}{body}"));
    } else {
        lines.extend(members.iter().map(|m| format!("{unit}{m},")));
    }
    lines.push("]".to_owned());
    lines
}
