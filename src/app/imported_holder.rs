//! After the walk (`audit` only): a module-level holder imported from another module of the
//! checked code (`from anony import tasks`, then `tasks.append(create_task(...))`). The
//! language's `from m import x` binds the importer's `x` to `m`'s object: the owner is the
//! module that binds the name, and its shutdown is read there, as a module's own holder is read
//! in its own text ([`crate::audit::other_class::shutdown_in_module`]). Only a module found as a
//! file of the checked code beside the importer (a relative import, or an absolute one whose
//! package is a folder above it), and only where the importer binds no name of its own.
//!
//! The same holds for a holder spelled through the package (`import app.state`, then
//! `app.state.sessions.tasks.add(...)`): `app.state.sessions` is the module `app/state/
//! sessions.py`, whose `tasks` is the holder.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::app::walk;
use crate::audit::lifecycle::Shutdown;
use crate::audit::other_class;
use crate::detect::task_site::Reference;
use crate::render::report::FileReport;

/// `from .m import a, b as c` (one logical line, or parenthesised): the dots, the module, the
/// names.
static FROM_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^from[ \t]+(\.*)((?-u:[\w.])*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)")
        .expect("valid pattern")
});

/// `import a.b, c.d as e` (one logical line): the modules.
static IMPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^import[ \t]+([^\n#;]*)").expect("valid pattern"));

/// Settles the module-holder entries shut down `none` whose name is imported from a module of
/// the checked code that shuts it down.
pub(crate) fn settle(reports: &mut [FileReport]) {
    for report in reports.iter_mut() {
        let open: Vec<(usize, String)> = (report.sites.iter().enumerate())
            .filter(|(_, s)| matches!(s.reference, Reference::Module | Reference::Collection))
            .filter(|(_, s)| s.described().is_some_and(|d| d.shutdown == Shutdown::None))
            .filter_map(|(i, s)| {
                let owner = s.owner.as_deref()?;
                if let Some(name) = owner.strip_prefix("module.") {
                    return (!name.contains('.')).then(|| (i, name.to_owned()));
                }
                // A dotted name as written (`app.state.sessions.tasks`), not an attribute of
                // the site's class (`Class.attr`, named like its function) nor an element.
                let plain = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
                let function = s.described().map_or("", |d| d.function.as_str());
                let (first, _) = owner.split_once('.')?;
                let of_class = function.split('.').next() == Some(first);
                (!of_class && owner.chars().all(plain)).then(|| (i, owner.to_owned()))
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        let Some(src) = read(&report.path) else {
            continue;
        };
        for (i, name) in open {
            let found = match name.contains('.') {
                false => imported(&src, &name, &report.path),
                true => through_package(&src, &name, &report.path),
            };
            let Some((module, original, path)) = found else {
                continue;
            };
            let Some(other) = read(&path) else {
                continue;
            };
            let Some(mut shut) = other_class::shutdown_in_module(&other, &original) else {
                continue;
            };
            shut.class = module.clone();
            let owner = format!("{module}.{original}");
            let why = match name.contains('.') {
                false => format!("`{name}` is `{module}`'s `{original}`, imported from it"),
                true => format!("`{name}` is the module `{module}`'s `{original}`"),
            };
            let site = &mut report.sites[i];
            if let Some(description) = site.audit.as_deref_mut() {
                let file = walk::display(&path);
                other_class::settle(description, &owner, &shut, Some(&file), &why);
                site.owner = Some(owner);
            }
        }
    }
}

fn read(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    crate::scan::source::decode(&bytes).ok().map(str::to_owned)
}

/// The module `name` is imported from (as spelled, dots and all), its own name for it, and its
/// file: when the importer binds no `name` of its own at its top level.
fn imported(src: &str, name: &str, importer: &Path) -> Option<(String, String, PathBuf)> {
    if other_class::binds_at_top(src, name) {
        return None;
    }
    for c in FROM_IMPORT.captures_iter(src) {
        let (Some(dots), Some(module), Some(names)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let names = names.as_str().trim_matches(['(', ')']);
        let original = names.split(',').find_map(|piece| {
            let mut words = piece.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some(n), None, None) if n == name => Some(n.to_owned()),
                (Some(n), Some("as"), Some(alias)) if alias == name => Some(n.to_owned()),
                _ => None,
            }
        });
        let Some(original) = original else {
            continue;
        };
        let module = module.as_str();
        let path = module_file(dots.as_str().len(), module, importer)?;
        let spelled = format!("{}{module}", dots.as_str());
        return Some((spelled, original, path));
    }
    None
}

/// For a holder spelled `a.b.c.name` through a module the importer imports (`import a.b`, or
/// `import a.b as x` for `x.c.name`), the module `a.b.c`, `name`, and its file: when the
/// importer binds the first name only by that import, and the packages on the way bind the
/// next part by no assignment of their own.
fn through_package(src: &str, dotted: &str, importer: &Path) -> Option<(String, String, PathBuf)> {
    let (path, name) = dotted.rsplit_once('.')?;
    let (first, rest) = path.split_once('.').unwrap_or((path, ""));
    if other_class::binds_at_top(src, first) {
        return None;
    }
    let base = IMPORT.captures_iter(src).find_map(|c| {
        c.get(1)?.as_str().split(',').find_map(|piece| {
            let mut words = piece.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                // `import a.b` binds `a` to the package `a`.
                (Some(m), None, None) if m.split('.').next() == Some(first) => Some(first),
                // `import a.b as x` binds `x` to the module `a.b`.
                (Some(m), Some("as"), Some(alias)) if alias == first => Some(m),
                _ => None,
            }
        })
    })?;
    let module = match rest {
        "" => base.to_owned(),
        rest => format!("{base}.{rest}"),
    };
    let file = module_file(0, &module, importer)?;
    // Each package on the way must not rebind the next part (`sessions = None`).
    let mut package = file.parent()?.to_path_buf();
    let parts: Vec<&str> = module.split('.').collect();
    if file.ends_with("__init__.py") {
        package = package.parent()?.to_path_buf();
    }
    for part in parts.iter().skip(1).rev() {
        let init = read(&package.join("__init__.py")).unwrap_or_default();
        if other_class::binds_at_top(&init, part) {
            return None;
        }
        package = package.parent()?.to_path_buf();
    }
    Some((module, name.to_owned(), file))
}

/// The file of the module `module` imported `dots` levels up (0: absolute) from `importer`.
fn module_file(dots: usize, module: &str, importer: &Path) -> Option<PathBuf> {
    let parts: Vec<&str> = module.split('.').filter(|p| !p.is_empty()).collect();
    let folder = importer.parent()?;
    let candidates = |base: &Path| {
        let mut at = base.to_path_buf();
        at.extend(&parts);
        [at.join("__init__.py"), at.with_extension("py")]
    };
    let found = |base: &Path| {
        candidates(base)
            .into_iter()
            .find(|p| p.is_file() && (!parts.is_empty() || p.ends_with("__init__.py")))
    };
    match dots {
        0 if parts.is_empty() => None,
        // An absolute import: the package is a folder at or above the importer's.
        0 => folder.ancestors().find_map(found),
        _ => found(folder.ancestors().nth(dots - 1)?),
    }
}
