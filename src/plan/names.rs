//! The names the module-level declarations use (asyncio, `concurrent.futures`, `typing.Any`,
//! `TypeVar`), resolved against the module's own imports, and the imports to add for what it
//! lacks.

use super::annotation::task_result;
use super::header::{Binding, NewImport, Section};
use super::model::ModulePlan;
use crate::detect::scope::{Binding as ScopeBinding, binding, declared_global};

/// The names the declarations use, resolved against the module's own imports.
pub(super) struct Names {
    pub asyncio: String,
    /// The element class (`Task`, or `Future` for a set of futures) spelled on its own, where
    /// the file takes asyncio's names one by one (`from asyncio import Task, create_task`)
    /// rather than import asyncio: `asyncio` is then unused.
    pub element_class: Option<String>,
    /// `concurrent.futures`, for the set of concurrent futures.
    pub concurrent_futures: Option<String>,
    pub any: Option<String>,
    /// A task's result type, `object` or `Any` (see [`super::annotation::task_result`]).
    pub task_result: String,
    pub type_var: Option<String>,
    pub union: Option<String>,
    /// `typing.Set` as the module spells it, where a set is annotated with it.
    pub set_class: Option<String>,
    /// Every name the type uses is bound when the module runs (not only for type checkers).
    pub runtime: bool,
    pub imports: Vec<NewImport>,
}

/// What the declarations need besides asyncio.
pub(super) struct Wanted {
    /// Anything that names asyncio's types: a set of tasks, the helper, the log callback.
    pub tasks: bool,
    /// A `TypeVar` for the helper.
    pub type_var: bool,
    /// The set of concurrent futures (`run_coroutine_threadsafe`), or keepers that hold them.
    pub concurrent: bool,
    /// The drainer, which calls asyncio's functions.
    pub drain: bool,
    /// `typing.Union`, for the alias of both futures.
    pub union: bool,
    /// `typing.Set` for the sets' annotations (see [`super::annotation::set_class`]).
    pub typing_set: bool,
    /// No types at all (see [`super::annotation::Form::Untyped`]).
    pub untyped: bool,
}

/// Finds how the module spells asyncio (and `concurrent.futures`, `typing.Any` / `TypeVar` when
/// needed) before `at`, and the imports to add for what it lacks.
pub(super) fn resolve(module: &ModulePlan, at: usize, wanted: &Wanted) -> Names {
    let src = module.source.text;
    let header = &module.header;
    let order = &module.settings.import_order;
    let mut imports = Vec::new();
    // Only the set of concurrent futures: no asyncio to import.
    let (asyncio, element_class, mut runtime) = match wanted.tasks {
        true => asyncio_names(module, at, wanted.drain, &mut imports),
        false => ("asyncio".to_owned(), None, true),
    };
    let mut spell = |binding: Option<Binding>| {
        binding.map(|b| {
            runtime &= matches!(b, Binding::Runtime(_));
            b.spelling().to_owned()
        })
    };
    let concurrent_futures = wanted.concurrent.then(|| {
        spell(header.binding(src, at, "concurrent.futures", None)).unwrap_or_else(|| {
            imports.push(NewImport::module("concurrent.futures", order));
            "concurrent.futures".to_owned()
        })
    });
    let mut typing_names = Vec::new();
    let mut typing_module = false;
    let mut member = |name: &'static str, wanted: bool| {
        if !wanted {
            return None;
        }
        // `typing_extensions` re-exports both: a file that takes them from there keeps doing so
        // (a second `TypeVar` from `typing` would be a redefinition).
        let modules = ["typing", "typing_extensions"];
        let direct =
            || (modules.iter()).find_map(|module| header.binding(src, at, module, Some(name)));
        let via_module = || {
            (modules.iter())
                .find_map(|module| header.binding(src, at, module, None))
                .map(|b| match b {
                    Binding::Runtime(m) => Binding::Runtime(format!("{m}.{name}")),
                    Binding::TypeCheckingOnly(m) => {
                        Binding::TypeCheckingOnly(format!("{m}.{name}"))
                    }
                })
        };
        let found = direct().or_else(via_module);
        Some(match found {
            // A TypeVar is called, and the alias's Union subscripted, at import time: a
            // TYPE_CHECKING import does not do.
            Some(Binding::TypeCheckingOnly(_)) if matches!(name, "TypeVar" | "Union") => {
                typing_names.push(name);
                name.to_owned()
            }
            Some(binding) => spell(Some(binding)).unwrap_or_else(|| name.to_owned()),
            // A name the module binds or uses itself: `typing.Any` through `import typing`,
            // never an import that would redefine it.
            None if module.names.contains(name) => {
                typing_module = true;
                format!("typing.{name}")
            }
            None => {
                typing_names.push(name);
                name.to_owned()
            }
        })
    };
    // Only a set or helper this file declares names `Any`.
    let object_bound = wanted.tasks && (shadowed(module, "object") || module.any_result);
    let typed_any = ((module.futures || object_bound) && wanted.tasks) || wanted.concurrent;
    let any = member("Any", typed_any && !wanted.untyped);
    let type_var = member("TypeVar", wanted.type_var);
    let union = member("Union", wanted.union);
    let mut set_class = member("Set", wanted.typing_set && wanted.tasks);
    if set_class.is_none() && wanted.tasks && shadowed(module, "set") {
        set_class = Some(builtin_set(module, at, &mut imports));
    }
    let task_result = task_result(any.as_deref().filter(|_| object_bound)).to_owned();
    if typing_module {
        imports.push(NewImport::module("typing", order));
    }
    if !typing_names.is_empty() {
        imports.extend(NewImport::from(
            "typing",
            &typing_names,
            Section::StandardLibrary,
            order,
        ));
    }
    Names {
        asyncio,
        element_class,
        concurrent_futures,
        any,
        task_result,
        type_var,
        union,
        set_class,
        runtime,
        imports,
    }
}

/// How the declarations spell asyncio's types before `at`: the module's own name for asyncio,
/// else, where the file takes asyncio's names one by one (`from asyncio import create_task`),
/// the element class on its own (`Task`, or `Future` for a set of futures), which joins that
/// import; else a new `import asyncio`. Also whether the spelling is bound at run time.
fn asyncio_names(
    module: &ModulePlan,
    at: usize,
    drain: bool,
    imports: &mut Vec<NewImport>,
) -> (String, Option<String>, bool) {
    let src = module.source.text;
    let header = &module.header;
    let order = &module.settings.import_order;
    let runtime = |binding: &Binding| matches!(binding, Binding::Runtime(_));
    // Bound only further down (`import asyncio; loop = ...` on one line at import time): a
    // quoted annotation can name it there, and a second import would be a duplicate.
    let later = || {
        header
            .binding(src, src.len(), "asyncio", None)
            .map(|b| Binding::TypeCheckingOnly(b.spelling().to_owned()))
    };
    if let Some(binding) = header.binding(src, at, "asyncio", None).or_else(later) {
        return (binding.spelling().to_owned(), None, runtime(&binding));
    }
    // The drainer calls asyncio's functions: it needs the module.
    if !drain && header.imports_from(src, "asyncio", at) {
        let class = if module.futures { "Future" } else { "Task" };
        match header.binding(src, at, "asyncio", Some(class)) {
            Some(binding) => {
                let spelled = binding.spelling().to_owned();
                return ("asyncio".to_owned(), Some(spelled), runtime(&binding));
            }
            // A name the module binds or uses itself (its own `class Task`, in any scope): an
            // import of asyncio's would redefine it or be shadowed where the set is declared,
            // so the class is spelled through `import asyncio` instead.
            None if module.names.contains(class) => {}
            None => {
                let section = Section::StandardLibrary;
                imports.extend(NewImport::from("asyncio", &[class], section, order));
                return ("asyncio".to_owned(), Some(class.to_owned()), true);
            }
        }
    }
    imports.push(NewImport::module("asyncio", order));
    ("asyncio".to_owned(), None, true)
}

/// Whether `name` (`object`, `set`), where the fix writes it, names something other than the
/// builtin: by
/// Python's scope rule, a binding in a scope the annotation's name resolves through. A
/// module-level declaration resolves through the module; an instance set in `__init__` through
/// that function (its parameters and locals), the functions around it, then the module (a
/// class body is not searched from a function). A binding in any other function is not seen.
fn shadowed(module: &ModulePlan, name: &str) -> bool {
    let src = module.source.text;
    let binds = |scope| binding(scope, name, src) != ScopeBinding::None;
    if binds(module.root) || declared_global(module.root, name, src) {
        return true;
    }
    module.owners.iter().any(|owned| {
        let mut scope = Some(owned.init);
        while let Some(node) = scope {
            if node.kind() == "function_definition" && binds(node) {
                return true;
            }
            scope = node.parent();
        }
        false
    })
}

/// `set` bound to something else where the set is made: the builtin through `builtins`, as the
/// module spells it, or imported.
fn builtin_set(module: &ModulePlan, at: usize, imports: &mut Vec<NewImport>) -> String {
    let src = module.source.text;
    let builtins = match module.header.binding(src, at, "builtins", None) {
        Some(Binding::Runtime(name)) => name,
        _ => {
            imports.push(NewImport::module("builtins", &module.settings.import_order));
            "builtins".to_owned()
        }
    };
    format!("{builtins}.set")
}
