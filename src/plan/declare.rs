//! What the keepers need declared: the module set (and the helper) after the module header, the
//! imports they use where isort would put them, and sets on owning instances in `__init__`.
//!
//! Blank lines follow PEP 8 and isort: `lines-after-imports` (one by default before an
//! assignment) after the import block, and two around a top-level function or class.

use tree_sitter::Node;

use super::annotation::{self, Form};
use super::drain::{self, Drain};
use super::guarded_import::{self, Guarded};
use super::header::{NewImport, Section};
use super::keeper::OwnedSet;
use super::logger::logger;
use super::model::ModulePlan;
use super::module_lines::{Keepers, Spelling, black, import_statement, module_lines};
use super::names::{Wanted, resolve};
use super::type_checking;
use crate::plan::edit::Edit;
use crate::scan::source::SourceFile;
use crate::scan::syntax::statements;

/// Where the module-level declarations go.
struct Placement {
    /// The end of the module header, when they go after it (else before the first statement
    /// that runs at import time).
    after_header: Option<usize>,
    /// The end of asyncio's import further down, when they go after it.
    late_import: Option<usize>,
    at: usize,
}

pub fn declarations(module: &mut ModulePlan, unit: &str) -> Vec<Edit> {
    let set = module.module_set.clone().filter(|(_, declare)| *declare);
    let drain = (module.settings.drain_on_shutdown)
        .then(|| drain::plan(module, set.as_ref().map(|(name, _)| name)))
        .flatten();
    let mut keepers = Keepers {
        set,
        helper: module.helper.clone(),
        log: module.log.clone(),
        drain: drain
            .as_ref()
            .filter(|d| d.declare)
            .map(|d| d.function.clone()),
        futures: module.futures_set.clone(),
        alias: module.union_alias.clone(),
    };
    let nothing_else = module.owners.is_empty() && module.imports.is_empty() && drain.is_none();
    if !keepers.module_level() && nothing_else {
        return Vec::new();
    }
    let (mut place, mut spelling) = layout(module, &keepers);
    // Draining needs asyncio at run time.
    let drain = drain.filter(|_| spelling.names.runtime);
    if keepers.drain.is_some() && drain.is_none() {
        keepers.drain = None;
        (place, spelling) = layout(module, &keepers);
    }
    let module_level = keepers.module_level();
    let with_imports = place.after_header.is_none();
    let mut lines =
        module_level.then(|| module_lines(module, &keepers, &spelling, with_imports, unit));
    // A file with no import block that only imports its keeper (the project's helper) still
    // needs that import: the imports go where the declarations would.
    if lines.is_none() && with_imports && !spelling.names.imports.is_empty() {
        let placeholders = vec![String::new(); spelling.names.imports.len()];
        lines = Some((placeholders, false));
    }
    // In the order they always came: imports, the module's declarations, then the rest.
    let mut rest = instance_sets(module, &spelling);
    let sets = rest.len();
    rest.extend(
        drain
            .iter()
            .flat_map(|d: &Drain| drain::edits(module.source, d)),
    );
    // An import only unevaluated annotations use goes under `if TYPE_CHECKING:` where ruff
    // asks.
    let joined = match place.after_header.is_some() && place.late_import.is_none() {
        true => guard_imports(
            module,
            place.at,
            (&mut lines, &rest, sets),
            &mut spelling,
            unit,
        ),
        false => Vec::new(),
    };
    let imports = &mut spelling.names.imports;
    let count = if with_imports && !imports.is_empty() {
        imports.len()
    } else {
        0
    };
    let code = lines
        .iter()
        .flat_map(|(l, _)| l.iter().skip(count).map(String::as_str));
    drop_needless_noqa(imports, code.chain(rest.iter().map(|e| e.content.as_str())));
    if let Some((lines, _)) = &mut lines {
        for (line, import) in lines.iter_mut().zip(imports.iter()).take(count) {
            *line = import_statement(import);
        }
    }

    package_sections(module);
    let mut edits = placed(module, &place, imports, lines);
    edits.extend(joined);
    edits.extend(rest);
    runtime_typing_moved_out(module, &spelling, &mut edits);
    edits
}

/// The imports added to the module's header and the module-level `lines` inserted at
/// `place.at`.
fn placed(
    module: &ModulePlan,
    place: &Placement,
    imports: &[NewImport],
    lines: Option<Lines>,
) -> Vec<Edit> {
    let mut edits: Vec<Edit> = match place.after_header {
        Some(_) => (module.header).add_imports(
            imports,
            module.source,
            module.settings.import_line_length,
            place.at,
        ),
        None => Vec::new(),
    };
    let import_at_declarations =
        place.late_import.is_some() || edits.iter().any(|e| e.start == place.at);
    if lines.is_none() && import_at_declarations && module.header.imports.is_empty() {
        blank_after_first_imports(module, place.at, &mut edits);
    }
    if let Some((lines, ends_with_def)) = lines {
        edits.push(module_insertion(
            module,
            place.at,
            place.after_header.is_some(),
            import_at_declarations,
            &lines,
            ends_with_def,
        ));
    }
    edits
}

/// `TypeVar` and `Union`, now imported at run time, leave the `TYPE_CHECKING` import they were
/// in.
fn runtime_typing_moved_out(module: &ModulePlan, spelling: &Spelling, edits: &mut Vec<Edit>) {
    let typing = ["typing", "typing_extensions"];
    for name in ["TypeVar", "Union"] {
        let runtime = (spelling.names.imports.iter())
            .any(|i| typing.contains(&i.module.as_str()) && i.names.iter().any(|n| n == name));
        if runtime {
            type_checking::move_out(module.root, module.source, name, &typing, edits);
        }
    }
}

/// The module-level lines, and whether they end with a function.
type Lines = (Vec<String>, bool);

/// The module-level `lines` and the other edits (`rest`, of which the first `sets` are instance
/// sets) with the imports that only unevaluated annotations use moved under `if
/// TYPE_CHECKING:`: a new block spliced into `lines`, or the edits that join the module's own.
fn guard_imports(
    module: &ModulePlan,
    at: usize,
    (lines, rest, sets): (&mut Option<Lines>, &[Edit], usize),
    spelling: &mut Spelling,
    unit: &str,
) -> Vec<Edit> {
    let code = lines.iter().flat_map(|(l, _)| l).map(String::as_str);
    let code = code.collect::<Vec<_>>().join("\n");
    let mut module_level = vec![code.as_str()];
    module_level.extend(rest[sets..].iter().map(|e| e.content.as_str()));
    let written = guarded_import::Written {
        module_level,
        in_functions: rest[..sets].iter().map(|e| e.content.as_str()).collect(),
    };
    let imports = &mut spelling.names.imports;
    match guarded_import::guard(module, at, imports, &written, unit) {
        Some(Guarded::Block(block)) => {
            match lines {
                Some((lines, _)) => {
                    lines.splice(0..0, block);
                }
                None => {
                    let block = block.into_iter().filter(|l| !l.is_empty()).collect();
                    *lines = Some((block, false));
                }
            }
            Vec::new()
        }
        Some(Guarded::Joined(edits)) => edits,
        None => Vec::new(),
    }
}

/// Where the package helper's import is added, the package's imports are first-party where
/// isort finds them below the folder that holds the package; where that folder is isort's
/// source folder, so are the imports of every other module isort finds there.
fn package_sections(module: &mut ModulePlan) {
    let Some(helper) = module
        .package_helper
        .map(|h| h.module)
        .filter(|h| module.package_helper_used.is_some() && !h.unnamed)
    else {
        return;
    };
    // A flat distribution's module is first-party in its own folder.
    let levels = usize::from(!helper.flat) * helper.package.split('.').count();
    let mut root = helper.path.parent();
    for _ in 0..levels {
        root = root.and_then(std::path::Path::parent);
    }
    let top = helper.package.split('.').next().unwrap_or_default();
    match root {
        Some(root) if crate::project::isort_src::is_source_folder(module.settings, root) => {
            module.header.find_all_first_party(root);
        }
        Some(root) => module.header.find_first_party(root, top),
        None => {}
    }
}

/// Each owner's instance set, typed for what it holds.
fn instance_sets(module: &ModulePlan, spelling: &Spelling) -> Vec<Edit> {
    let mut edits = Vec::new();
    for owned in &module.owners {
        let element = match owned.concurrent {
            true => spelling.owned_element.as_str(),
            false => spelling.element.as_str(),
        };
        let ty = (spelling.set_class(), element);
        edits.extend(owner_edits(
            owned,
            module.source,
            ty,
            module.settings,
            module.quote,
        ));
    }
    edits
}

/// Linters do not read type comments, so an import used only in one says so with a `noqa`. One
/// that the fix's own code uses (a `TypeVar` called, a name in its `bound=` string, which
/// linters read) needs none: ruff would call that `noqa` unused (RUF100).
fn drop_needless_noqa<'a>(imports: &mut [NewImport], code: impl Iterator<Item = &'a str>) {
    if imports.iter().all(|i| i.comment.is_none()) {
        return;
    }
    let mut used = std::collections::HashSet::new();
    for line in code {
        let code = line.split('#').next().unwrap_or("");
        used.extend(code.split(|c: char| !(c.is_alphanumeric() || c == '_')));
    }
    for import in imports.iter_mut() {
        let bound: Vec<&str> = match import.names.is_empty() {
            true => import.module.split('.').take(1).collect(),
            false => import.names.iter().map(String::as_str).collect(),
        };
        if bound.iter().all(|name| used.contains(name)) {
            import.comment = None;
        }
    }
}

/// Where the declarations of `keepers` go and how they are spelled there.
fn layout(module: &ModulePlan, keepers: &Keepers) -> (Placement, Spelling) {
    let place = placement(module, keepers.module_level());
    let spelling = spelling(module, keepers, place.at, keepers.module_level());
    (place, spelling)
}

/// Declarations go after the header, unless something at import time comes first.
fn placement(module: &ModulePlan, module_level: bool) -> Placement {
    let source = module.source;
    let src = source.text;
    let header_end = module.header.end(source);
    let first = module.first_import_time;
    let after_header = header_end.filter(|&end| first.is_none_or(|f| f.start_byte() >= end));
    let at = match after_header {
        Some(end) => end,
        None => first
            .or_else(|| statements(module.root).into_iter().next())
            .map_or(0, |a| source.line_start(a.start_byte())),
    };
    // asyncio imported only further down, after some code: the declarations go after that import
    // rather than import asyncio a second time (which pyright reports as a duplicate import).
    let late_import = after_header
        .filter(|_| module_level && module.header.binding(src, at, "asyncio", None).is_none())
        .and_then(|_| {
            module
                .header
                .late_import(source, at, first.map(|f| f.start_byte()), "asyncio")
        });
    Placement {
        after_header,
        late_import,
        at: late_import.unwrap_or(at),
    }
}

/// ruff's FA100 rejects `typing.Set` in an annotation where the future import would allow
/// `set[...]`: where the project checks it, the fix writes what it asks, when every type the
/// fix writes is an annotation (no alias or `Union` evaluated at import time); not where it
/// writes no set at all (a file that only imports the package's helper).
fn adds_future_import(module: &ModulePlan, wanted: &Wanted) -> bool {
    wanted.tasks
        && module.settings.future_annotations_rule
        && !wanted.concurrent
        && !wanted.union
        && annotation::future_import_fits(module.root)
}

/// The names the declarations use and the imports they need (in isort's order), the form of
/// their annotations and the logger of the log callback, for declarations at `at`.
fn spelling(module: &ModulePlan, keepers: &Keepers, at: usize, module_level: bool) -> Spelling {
    let src = module.source.text;
    let pep695 = module.settings.min_python.at_least(3, 12);
    let typed = annotation::typed(module.settings.min_python);
    let typed_keepers = keepers.set.is_some() || keepers.helper.is_some() || keepers.log.is_some();
    let wanted = Wanted {
        // Untyped, only the drain spells asyncio.
        tasks: (typed && (typed_keepers || !module.owners.is_empty())) || keepers.drain.is_some(),
        type_var: keepers.helper.is_some() && !pep695 && typed,
        concurrent: keepers.futures.is_some() || module.concurrent || owned_concurrent(module),
        drain: keepers.drain.is_some(),
        union: keepers.alias.is_some(),
        typing_set: false,
        untyped: false,
    };
    let typing_set = annotation::set_class(
        module.settings.min_python,
        module.settings.declares_python,
        module.header.future_annotations,
    );
    let adds_future = typing_set && adds_future_import(module, &wanted);
    let wanted = Wanted {
        typing_set: typing_set && !adds_future && typed,
        untyped: !typed,
        ..wanted
    };
    let mut names = resolve(module, if module_level { at } else { src.len() }, &wanted);
    if adds_future {
        let order = &module.settings.import_order;
        let future = NewImport::from("__future__", &["annotations"], Section::Future, order);
        names.imports.extend(future);
    }
    let mut form = annotation::module_form(
        module.settings.min_python,
        module.settings.declares_python,
        module.header.future_annotations || adds_future,
        names.runtime,
    );
    // `X | Y` raises at import before 3.10: quoted, it is never evaluated (ruff asks for
    // `from __future__ import annotations` over a `Union`, FA100, in its default rules).
    // The alias's `Union` is evaluated, and its members are strings.
    let alias = keepers.alias.as_ref();
    if form == Form::Plain && module.concurrent && !pipe_union(module) && alias.is_none() {
        form = Form::Quoted;
    }
    let comment = !module_level && typed && !module.settings.min_python.at_least(3, 6);
    if form == Form::TypeComment || comment {
        // Linters do not read type comments: say why the import is there.
        for import in &mut names.imports {
            import.comment = Some("noqa: F401  (used in a type comment)".to_owned());
        }
    }
    names.imports.extend(module.imports.iter().cloned());
    let logger = (keepers.log.as_ref().or(keepers.drain.as_ref()))
        .map(|_| logger(module, at, &mut names.imports));
    // Added at one place, they must come in isort's order.
    names.imports.sort_by_key(|i| (i.section, i.key()));
    // `Any` may be there for the set of concurrent futures only.
    let any = names.any.as_deref().filter(|_| module.futures);
    let result = names.task_result.as_str();
    let mut element = match &names.element_class {
        Some(class) => annotation::element_of(class, any, result),
        None => annotation::element(&names.asyncio, any, result),
    };
    // The fix's keepers hold the concurrent futures too: `X | Y`, or the alias of both.
    let (mut futures, mut owned_element) = (None, None);
    if let Some(concurrent) = &names.concurrent_futures {
        let concurrent = annotation::concurrent_element(concurrent, any.unwrap_or("Any"));
        if owned_concurrent(module) {
            // `asyncio.Future[Any]`, or the class the file imports (`Task[Any]`).
            let any = Some(any.unwrap_or("Any"));
            let asyncio = match &names.element_class {
                Some(class) => annotation::element_of(class, any, result),
                None => annotation::element(&names.asyncio, any, result),
            };
            let union = annotation::union(&asyncio, &concurrent);
            owned_element = Some(alias.cloned().unwrap_or(union));
            futures = alias.map(|_| (asyncio, concurrent.clone()));
        }
        if module.concurrent {
            element = annotation::union(&element, &concurrent);
        }
    }
    Spelling {
        names,
        form,
        owned_element: owned_element.unwrap_or_else(|| element.clone()),
        element,
        logger,
        pep695,
        futures,
    }
}

/// Some instance set holds concurrent futures.
fn owned_concurrent(module: &ModulePlan) -> bool {
    module.owners.iter().any(|o| o.concurrent)
}

/// One level of indentation: the body's below its `def`.
fn indent_step(source: &SourceFile, def: Node, body_indent: &str) -> String {
    let outer = source.indentation(def.start_byte());
    body_indent
        .strip_prefix(outer)
        .filter(|s| !s.is_empty())
        .unwrap_or("    ")
        .to_owned()
}

/// Whether `X | Y` may stand unquoted in an annotation: where annotations are not evaluated
/// (`from __future__ import annotations`) or the project's oldest Python has the operator
/// (3.10); else it is quoted.
pub(super) fn pipe_union(module: &ModulePlan) -> bool {
    module.header.future_annotations || module.settings.min_python.at_least(3, 10)
}

/// One insertion at `at` holding `lines`, with the blank lines PEP 8 and isort expect around it.
fn module_insertion(
    module: &ModulePlan,
    at: usize,
    after_header: bool,
    import_here: bool,
    lines: &[String],
    ends_with_def: bool,
) -> Edit {
    let source = module.source;
    let src = source.text;
    let eol = source.eol;
    let mut content = String::new();
    if at == src.len() && !src.is_empty() && !src.ends_with('\n') {
        content.push_str(eol);
    }
    let lines_after_imports = module.settings.lines_after_imports.unwrap_or(1);
    let blank_before = if import_here || (after_header && module.header.ends_with_import) {
        lines_after_imports
    } else if after_header {
        1 // after a docstring or the module's dunders
    } else {
        0
    };
    content.push_str(&eol.repeat(blank_before));
    for line in lines {
        content.push_str(line);
        content.push_str(eol);
    }
    if at < src.len() {
        let existing = blank_lines_at(source, at);
        let next = statements(module.root)
            .into_iter()
            .find(|s| s.start_byte() >= at);
        let wanted: usize = if ends_with_def || next.is_some_and(is_definition) {
            2
        } else {
            1
        };
        content.push_str(&eol.repeat(wanted.saturating_sub(existing)));
    }
    Edit::insertion(at, content)
}

/// Imports that open a module's first import block, with no declaration after them, are
/// followed by the blank lines isort wants before the code (one, two before a definition).
fn blank_after_first_imports(module: &ModulePlan, at: usize, edits: &mut [Edit]) {
    let source = module.source;
    let last = edits.iter_mut().rfind(|e| e.start == at && e.end == at);
    let Some(last) = last.filter(|_| at < source.text.len()) else {
        return;
    };
    let next = statements(module.root)
        .into_iter()
        .find(|s| s.start_byte() >= at);
    let wanted: usize = if next.is_some_and(is_definition) {
        2
    } else {
        1
    };
    let existing = blank_lines_at(source, at);
    last.content
        .push_str(&source.eol.repeat(wanted.saturating_sub(existing)));
}

fn is_definition(stmt: Node) -> bool {
    matches!(
        stmt.kind(),
        "function_definition" | "class_definition" | "decorated_definition"
    )
}

/// How many blank lines start at `at`.
fn blank_lines_at(source: &SourceFile, mut at: usize) -> usize {
    let mut count = 0;
    while at < source.text.len() && source.is_blank_line(at) {
        count += 1;
        at = source.next_line_start(at);
    }
    count
}

/// The set created at the start of `__init__`, and `__slots__` extended.
fn owner_edits(
    owned: &OwnedSet,
    source: &SourceFile,
    ty: (&str, &str),
    settings: &crate::settings::Settings,
    quote: char,
) -> Vec<Edit> {
    let src = source.text;
    let mut edits = Vec::new();
    let Some(body) = owned.init.child_by_field_name("body") else {
        return edits;
    };
    let receiver = crate::scan::params::first_parameter(owned.init, src).unwrap_or("self");
    let body_statements = statements(body);
    let Some(first) = body_statements.first() else {
        return edits;
    };
    let indent = source.indentation(first.start_byte());
    // After the docstring, before anything that could start a task; above the comments over
    // the first statement, which describe it, not the set.
    let mut cursor = owned.init.walk();
    let colon = (owned.init.children(&mut cursor)).find(|c| c.kind() == ":");
    let at = match colon {
        _ if super::header::is_string_statement(*first) => source.next_line_start(first.end_byte()),
        Some(colon) if source.line_start(first.start_byte()) > colon.end_byte() => {
            // A signature's `# type:` comment stays right under the `def`.
            let mut at = source.next_line_start(colon.end_byte());
            while src[at..]
                .trim_start_matches([' ', '\t'])
                .starts_with("# type:")
            {
                at = source.next_line_start(at);
            }
            at
        }
        _ => source.line_start(first.start_byte()),
    };
    // Each later construction of a singleton returns at its guard: the set goes after it.
    let guard = super::reentry::reentry_guard(owned.init, src);
    let at = guard.map_or(at, |g| super::reentry::after_guard(g, source));
    let form = if settings.min_python.at_least(3, 6) {
        Form::Plain // not evaluated inside a function
    } else if annotation::typed(settings.min_python) {
        Form::TypeComment
    } else {
        Form::Untyped
    };
    let target = format!("{receiver}.{}", owned.name);
    let unit = indent_step(source, owned.init, indent);
    let width = (settings.line_length, black(settings));
    let lines = annotation::declaration_lines(&target, ty, form, quote, (indent, &unit), width);
    let eol = source.eol;
    let text: String = lines.iter().map(|l| format!("{l}{eol}")).collect();
    edits.push(Edit::insertion(at, text));
    if let Some(slots) = owned.slots {
        edits.push(super::slots::added_slot(
            source,
            slots,
            &owned.name,
            quote,
            settings.line_length,
        ));
    }
    edits
}
