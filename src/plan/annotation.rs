//! The type of the set that keeps tasks, written so that it imports on the project's oldest
//! Python and satisfies `mypy --strict`.
//!
//! `asyncio.Task` is covariant in typeshed, so `set[asyncio.Task[object]]` takes a task of any
//! result type. `ensure_future` may return a plain Future, which is invariant: files that call it
//! get `set[asyncio.Future[Any]]`.

use crate::settings::PythonVersion;

/// How the annotation is spelled where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `name: T = set()`, evaluated at import time: Python 3.9+, or not evaluated at all
    /// (`from __future__ import annotations`, or inside a function).
    Plain,
    /// `name: "T" = set()`: never evaluated, for Python 3.6 to 3.8.
    Quoted,
    /// `name = set()  # type: T`: Python before 3.6 has no variable annotations.
    TypeComment,
    /// `name = set()`: before Python 3.5 `typing` is not in the standard library, and a type
    /// the fix would spell needs it (`Set`, `Any`, `TypeVar`), so the fix writes none.
    Untyped,
}

/// Whether the fix may write types: `typing`, which they need, is in the standard library
/// from Python 3.5 on (a project that supports 3.4 would need the backport as a dependency).
pub fn typed(min_python: PythonVersion) -> bool {
    min_python.at_least(3, 5)
}

/// The form for a module-level declaration. `runtime_names` is false when a name the type uses
/// is bound only under `if TYPE_CHECKING:`. `declared` is false when the project's oldest Python
/// is not known (not declared, or computed in a way that cannot be read): `min_python` is then
/// ruff's default, but the project may run on 3.8, where `set[...]` raises at import, so the
/// annotation is quoted (which imports on every Python with variable annotations).
pub fn module_form(
    min_python: PythonVersion,
    declared: bool,
    future_annotations: bool,
    runtime_names: bool,
) -> Form {
    if !typed(min_python) {
        Form::Untyped
    } else if !min_python.at_least(3, 6) {
        Form::TypeComment
    } else if future_annotations || (declared && min_python.at_least(3, 9) && runtime_names) {
        Form::Plain
    } else {
        Form::Quoted
    }
}

/// The element type: `asyncio.Task[object]`, or `asyncio.Future[Any]` when `any` is given.
/// `result` is how the task's result type is spelled: see [`task_result`].
pub fn element(asyncio: &str, any: Option<&str>, result: &str) -> String {
    match any {
        Some(any) => format!("{asyncio}.Future[{any}]"),
        None => format!("{asyncio}.Task[{result}]"),
    }
}

/// The element type with its class spelled on its own (`Task[object]`, `Future[Any]`).
pub fn element_of(class: &str, any: Option<&str>, result: &str) -> String {
    match any {
        Some(any) => format!("{class}[{any}]"),
        None => format!("{class}[{result}]"),
    }
}

/// How a task's result type is spelled: `object`, or `Any` (as the module spells it) where the
/// module binds `object` itself (a parameter of `__init__`, a local, a global): mypy resolves
/// a bare `object` in an annotation to that binding, not the builtin ("Variable ... is not
/// valid as a type"). `Any` says the same for a covariant `Task`, needs only the `typing`
/// import a maintainer expects, and `names` spells it `typing.Any` where the module binds
/// `Any` too; `builtins.object` would be a new import of a module few files name.
pub fn task_result(any: Option<&str>) -> &str {
    any.unwrap_or("object")
}

/// The element type of the set of concurrent futures: `concurrent.futures.Future[Any]` (the
/// class is invariant, and `run_coroutine_threadsafe` returns a future of the coroutine's
/// result).
pub fn concurrent_element(concurrent_futures: &str, any: &str) -> String {
    format!("{concurrent_futures}.Future[{any}]")
}

/// The class a set is annotated with: `set`, or `typing.Set` (`Set`, as the module imports
/// it) where the project's oldest Python is below 3.9 and annotations are evaluated there:
/// mypy, at `--python-version 3.7` or 3.8, rejects `set[...]` ("\"set\" is not subscriptable,
/// use \"typing.Set\" instead"), quoted or in a function alike; only `from __future__ import
/// annotations` lets it pass.
pub fn set_class(min_python: PythonVersion, declared: bool, future_annotations: bool) -> bool {
    declared && !min_python.at_least(3, 9) && !future_annotations
}

/// Whether `from __future__ import annotations` may be added to the module: the module's first
/// statement after its docstring is an import (a future import must come before any other
/// code) or there is none (the new helper module, only its docstring so far), and it names no
/// future feature yet (the new one joins no existing line).
pub fn future_import_fits(root: tree_sitter::Node) -> bool {
    let mut cursor = root.walk();
    let mut statements = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment");
    let mut first = statements.next();
    let docstring = first.filter(|f| {
        f.kind() == "expression_statement" && f.named_child(0).is_some_and(|s| s.kind() == "string")
    });
    if docstring.is_some() {
        first = statements.next();
    }
    let future = |n: &tree_sitter::Node| n.kind() == "future_import_statement";
    let mut cursor = root.walk();
    let any_future = root.named_children(&mut cursor).any(|n| future(&n));
    !any_future
        && first.is_none_or(|f| matches!(f.kind(), "import_statement" | "import_from_statement"))
}

/// `target: set[E] = set()` in the given form (a quoted annotation in the file's `quote`);
/// `ty` is the set's class (`set`, `Set`) and its element type.
pub fn declaration(target: &str, ty: (&str, &str), form: Form, quote: char) -> String {
    let (set, element) = ty;
    let new = constructor(set);
    match form {
        Form::Plain => format!("{target}: {set}[{element}] = {new}()"),
        Form::Quoted => format!("{target}: {quote}{set}[{element}]{quote} = {new}()"),
        Form::TypeComment => format!("{target} = {new}()  # type: {set}[{element}]"),
        Form::Untyped => format!("{target} = {new}()"),
    }
}

/// What makes the set: the builtin `set`, or the class itself where it is spelled through
/// `builtins` because the scope binds `set` to something else.
fn constructor(set: &str) -> &str {
    match set.ends_with(".set") {
        true => set,
        false => "set",
    }
}

/// Either element type, `X | Y` (quoted where the operator is not there at run time).
pub fn union(first: &str, second: &str) -> String {
    format!("{first} | {second}")
}

/// The declaration's lines, `indent` before each, wrapped as the formatters wrap it where it is
/// longer than `width`: inside `set[...]`, or, for a quoted annotation, the value in
/// parentheses; where that is still too long, the annotation in parentheses under Black
/// (`black`), while ruff format leaves the line as it is. A type comment is left as it is.
pub fn declaration_lines(
    target: &str,
    (set, element): (&str, &str),
    form: Form,
    quote: char,
    (indent, unit): (&str, &str),
    (width, black): (usize, bool),
) -> Vec<String> {
    let line = format!(
        "{indent}{}",
        declaration(target, (set, element), form, quote)
    );
    if line.chars().count() <= width {
        return vec![line];
    }
    let new = constructor(set);
    match form {
        Form::Plain => vec![
            format!("{indent}{target}: {set}["),
            format!("{indent}{unit}{element}"),
            format!("{indent}] = {new}()"),
        ],
        Form::Quoted => {
            let annotation = format!("{quote}{set}[{element}]{quote}");
            let first = format!("{indent}{target}: {annotation} = (");
            match (first.chars().count() <= width, black) {
                (true, _) => vec![
                    first,
                    format!("{indent}{unit}{new}()"),
                    format!("{indent})"),
                ],
                (false, true) => vec![
                    format!("{indent}{target}: ("),
                    format!("{indent}{unit}{annotation}"),
                    format!("{indent}) = {new}()"),
                ],
                (false, false) => vec![line],
            }
        }
        Form::TypeComment | Form::Untyped => vec![line],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_declaration_is_wrapped_as_black_wraps_it() {
        let element = union("asyncio.Future[Any]", "concurrent.futures.Future[Any]");
        let lines = |target, form, indent| {
            let ty = ("set", element.as_str());
            declaration_lines(target, ty, form, '"', (indent, "    "), (88, true)).join("\n")
        };
        assert_eq!(
            lines("self._background_tasks", Form::Plain, "        "),
            "        self._background_tasks: set[\n            \
             asyncio.Future[Any] | concurrent.futures.Future[Any]\n        ] = set()"
        );
        assert_eq!(
            lines("self._background_tasks", Form::Quoted, "        "),
            "        self._background_tasks: (\n            \
             \"set[asyncio.Future[Any] | concurrent.futures.Future[Any]]\"\n        ) = set()"
        );
        assert_eq!(
            lines("_background_tasks_of_the_module", Form::Quoted, ""),
            "_background_tasks_of_the_module: (\n    \
             \"set[asyncio.Future[Any] | concurrent.futures.Future[Any]]\"\n) = set()"
        );
        assert_eq!(
            lines("_tasks", Form::Plain, ""),
            "_tasks: set[asyncio.Future[Any] | concurrent.futures.Future[Any]] = set()"
        );
    }
}
