//! Module globals of the checked code bound to an event loop: `LOOP = get_event_loop()` at a
//! module's top level (asyncio's `get_event_loop()` or `new_event_loop()`, either spelled
//! `asyncio.` or imported from asyncio), the module's only binding of the name. A file that
//! imports the name from that module (`from .shared import LOOP`) calls `LOOP.create_task(...)`
//! on that loop: a task site, as `loop.create_task(...)` is (Monocle, exam35k, where neither
//! undangle nor ruff saw the nine sites). A function summary fact, gathered in the walk by a
//! byte scan of the files that spell a getter, and found by the name the file's imports bind.

use std::collections::HashSet;
use std::path::PathBuf;

use tree_sitter::Node;

use super::file_imports::FileImports;
use super::paths::{Bound, import_bindings, module_parts};
use super::reexports::Import;
use crate::scan::syntax::text;

/// The getters whose call at a module's top level binds a loop, as the line may spell them.
const GETTERS: [&str; 2] = ["get_event_loop()", "new_event_loop()"];

#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
    parts: Vec<String>,
    names: Vec<String>,
}

/// Every module global of the run bound to an event loop.
#[derive(Debug, Clone, Default)]
pub struct ModuleLoops {
    modules: Vec<Module>,
    /// The names, for a quick "no" on an import.
    names: HashSet<String>,
}

impl ModuleLoops {
    pub fn add(&mut self, file: PathBuf, names: Vec<String>) {
        if names.is_empty() {
            return;
        }
        let parts = module_parts(&file);
        self.modules.push(Module { file, parts, names });
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Orders the modules (the walk is parallel; resolution must not depend on its order).
    pub fn finish(&mut self) {
        self.modules.sort_by(|a, b| a.file.cmp(&b.file));
        self.names = (self.modules.iter().flat_map(|m| m.names.iter().cloned())).collect();
    }

    /// Whether `bytes` spell `NAME.create_task` of one of the names, called or handed on (one
    /// search each: the names are few, and most runs have none).
    pub fn spelled_in(&self, bytes: &[u8]) -> bool {
        self.names.iter().any(|name| {
            let needle = [name.as_bytes(), b".create_task"].concat();
            memchr::memmem::find(bytes, &needle).is_some()
        })
    }

    /// The names the file's imports bind to another module's loop (`from .shared import LOOP`
    /// gives `LOOP`).
    pub fn for_file(&self, at: &FileImports) -> Vec<String> {
        let mut found = Vec::new();
        if self.modules.is_empty() {
            return found;
        }
        let src = at.src;
        let names_one = |stmt: &Node| {
            let spelled = text(*stmt, src);
            self.names
                .iter()
                .any(|name| spelled.contains(name.as_str()))
        };
        for stmt in at.imports.iter().filter(|stmt| names_one(stmt)) {
            import_bindings(stmt, src, |bound| {
                let Bound::Name {
                    level,
                    dotted,
                    name,
                    local,
                } = bound
                else {
                    return;
                };
                // Renamed (`as L`), the calls do not spell the name the prefilter looks for
                // ([`Self::spelled_in`]): left alone.
                if !self.names.contains(name) || local != name {
                    return;
                }
                let defines = |m: &Module, i: &Import| m.names.iter().any(|n| n == i.name);
                let import = (level, dotted, name);
                if !at
                    .defining(&self.modules, parts, import, defines)
                    .is_empty()
                {
                    found.push(local.to_owned());
                }
            });
        }
        found
    }
}

/// The module's dotted path, as [`FileImports::defining`] matches it.
fn parts(module: &Module) -> &[String] {
    &module.parts
}

/// The names `bytes` binds at its top level (asked only where the triage found `_event_loop()`), once, to a loop getter's call: a line that starts
/// at column 0 with `NAME = <getter>` and nothing after but a comment, where the file spells no
/// other binding of `NAME` (`NAME =` anywhere else, `global NAME`, `as NAME`, `for NAME`).
pub fn of_text(bytes: &[u8]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let imported = memchr::memmem::find(bytes, b"from asyncio import").is_some();
    let getters = GETTERS
        .iter()
        .flat_map(|g| memchr::memmem::find_iter(bytes, g.as_bytes()));
    for at in getters {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let Ok(line) = std::str::from_utf8(&bytes[start..end]) else {
            continue;
        };
        // `loop` and `*_loop` are loops by their name already, wherever they are bound.
        let Some(name) =
            bound_to_getter(line, imported).filter(|n| *n != "loop" && !n.ends_with("_loop"))
        else {
            continue;
        };
        if !found.iter().any(|f| f == name) && bound_once(bytes, name) {
            found.push(name.to_owned());
        }
    }
    found
}

/// `NAME = asyncio.get_event_loop()` (or a getter imported from asyncio, when `imported`):
/// the name.
fn bound_to_getter(line: &str, imported: bool) -> Option<&str> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let name = &line[..end];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value = line[end..].trim_start().strip_prefix('=')?;
    if value.starts_with('=') {
        return None;
    }
    let value = value.split('#').next().unwrap_or(value).trim();
    let plain = GETTERS.contains(&value);
    let spelled = value
        .strip_prefix("asyncio.")
        .is_some_and(|v| GETTERS.contains(&v));
    (spelled || plain && imported).then_some(name)
}

/// The file spells one binding of `name`: one `name =` (not `==`), and no `global name`, `as
/// name`, `for name` or `name :=`.
fn bound_once(bytes: &[u8], name: &str) -> bool {
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut stores = 0;
    for at in memchr::memmem::find_iter(bytes, name.as_bytes()) {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after_at = at + name.len();
        if before.is_some_and(part) || bytes.get(after_at).is_some_and(|&b| part(b)) {
            continue;
        }
        let rest = &bytes[after_at..];
        let skip = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        let rest = &rest[skip..];
        let assigns = (rest.starts_with(b"=") && !rest.starts_with(b"=="))
            || rest.starts_with(b":=")
            || rest.starts_with(b":");
        stores += usize::from(assigns);
        let head = &bytes[..at];
        let trimmed = head.trim_ascii_end();
        let binder = [b"global".as_slice(), b"as", b"for", b"nonlocal"]
            .iter()
            .any(|w| trimmed.ends_with(w) && trimmed.len() < head.len());
        if binder {
            return false;
        }
    }
    stores == 1
}

#[cfg(test)]
mod tests {
    use super::of_text;

    #[test]
    fn a_module_global_bound_once_to_a_loop() {
        let shared = b"from asyncio import get_event_loop\n\nLOOP = get_event_loop()\n";
        assert_eq!(of_text(shared), ["LOOP"]);
        let spelled = b"import asyncio\nEVENT_LOOP = asyncio.new_event_loop()  # the one\n";
        assert_eq!(of_text(spelled), ["EVENT_LOOP"]);
    }

    #[test]
    fn a_name_bound_again_or_another_getter_is_no_loop() {
        let again = b"import asyncio\nLOOP = asyncio.get_event_loop()\nLOOP = other()\n";
        assert!(of_text(again).is_empty());
        let global =
            b"import asyncio\nLOOP = asyncio.get_event_loop()\ndef f():\n    global LOOP\n";
        assert!(of_text(global).is_empty());
        let unknown = b"from mylib import get_event_loop\nLOOP = get_event_loop()\n";
        assert!(of_text(unknown).is_empty());
        let indented = b"import asyncio\nif x:\n    LOOP = asyncio.get_event_loop()\n";
        assert!(of_text(indented).is_empty());
        let compared =
            b"import asyncio\nLOOP = asyncio.get_event_loop()\nif LOOP == x:\n    pass\n";
        assert_eq!(of_text(compared), ["LOOP"]);
    }
}
