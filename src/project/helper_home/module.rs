//! The package helper of `--strategy helper` as one file reaches it: where its module is, how
//! the file imports it, and whether it is there already (see `package`, which finds it).

use std::path::{Path, PathBuf};

use crate::project::facts::ProjectFacts;
use crate::project::helper_home::shared;
use crate::project::keeper_imports::standalone;
use crate::project::path_root::layout::{TopPackage, is_identifier};

/// The module's file name and the helper's name in it.
pub const MODULE_FILE: &str = "_background.py";
pub const MODULE_NAME: &str = "_background";
pub const FUNCTION: &str = "keep_task";

/// The package's helper module, as one file of the package reaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperModule {
    /// Its path, spelled from the file's path as walked (`pkg/sub/../_background.py` folded to
    /// `pkg/_background.py`), for writing it and showing it.
    pub path: PathBuf,
    /// The top package's name: `from pkg._background import keep_task`.
    pub package: String,
    /// How many packages the file's folder lies below the top package: `from .._background`
    /// is `depth + 1` dots.
    pub depth: usize,
    /// It is there already and defines the helper: imported, not written.
    pub exists: bool,
    /// The file is a script or an example outside the package: it uses the helper only where
    /// it is there already, and keeps its tasks inline where not.
    pub outside: bool,
    /// The file is outside the package (a test or a script): it imports the helper absolutely,
    /// whatever its own relative imports reach (`from . import conftest`).
    pub absolute: bool,
    /// The file is a module of the package that may be run by its path (see [`run_by_path`]):
    /// no import of its package resolves there, so it keeps its tasks inline.
    pub script: bool,
    /// The package has no name the fix can spell (the project's own folder is the package, see
    /// [`layout::unnamed_top`]): the helper is imported relatively or not at all.
    pub unnamed: bool,
    /// The helper is a top-level module of a flat distribution (see `flat_modules`): imported
    /// as the module itself (`from dbussy import keep_task`), never written as a new file.
    pub flat: bool,
    /// The file is that module: it defines the helper itself, under its public name.
    pub own: bool,
}

impl HelperModule {
    /// The helper module at `path`, imported absolutely as `package`'s (`from
    /// pkg._background import keep_task`) from a file of no package it climbs: the shape every
    /// home outside the file's own package takes; callers set what differs.
    pub(crate) fn absolute(path: PathBuf, package: String, exists: bool) -> Self {
        HelperModule {
            path,
            package,
            depth: 0,
            exists,
            outside: false,
            absolute: true,
            script: false,
            unnamed: false,
            flat: false,
            own: false,
        }
    }

    /// The module as the file imports it: relatively (`.._background`) or absolutely
    /// (`pkg._background`).
    pub fn spelling(&self, relative: bool) -> String {
        match relative {
            false if self.flat => self.package.clone(),
            true => format!("{}{MODULE_NAME}", ".".repeat(self.depth + 1)),
            // The folder's modules are top-level modules (see [`imports_its_folder`]).
            false if self.package.is_empty() => MODULE_NAME.to_owned(),
            false => format!("{}.{MODULE_NAME}", self.package),
        }
    }

    /// Whether the file keeps its tasks inline: a script's package has no helper yet.
    pub fn keeps_inline(&self) -> bool {
        (self.outside && !self.exists) || self.script
    }
}

/// Whether the package at `top` has the helper module already (`Some(false)`: it may be
/// written); `None` when a `_background.py` of another kind is in the way.
pub(crate) fn helper_there(top: &Path, creates: bool) -> Option<bool> {
    match std::fs::read(top.join(MODULE_FILE)) {
        Ok(bytes) => defines_helper(&bytes).then_some(true),
        Err(err) if creates && err.kind() == std::io::ErrorKind::NotFound => Some(false),
        Err(_) => None,
    }
}

/// The folder `levels` above the file's, spelled from its path as walked (`pkg/sub/..` folded
/// to `pkg`).
pub(crate) fn up_from(path: &Path, levels: usize) -> PathBuf {
    let mut spelled = path.parent().unwrap_or(Path::new("")).to_path_buf();
    for _ in 0..levels {
        spelled = match spelled.file_name() {
            Some(_) => spelled.parent().unwrap_or(Path::new("")).to_path_buf(),
            None => spelled.join(".."),
        };
    }
    spelled
}

/// Whether the top package `top` shadows an installed library, so that no import of it reaches
/// its folder where its files run: alembic's script folder `src/alembic/` beside the declared
/// `alembic` dependency (exam36s), whose `env.py` runs under the installed `alembic`. No
/// package home then: the file keeps its own private helper.
pub(crate) fn shadows_library(
    top: &TopPackage,
    project: Option<&Path>,
    facts: &ProjectFacts,
) -> bool {
    crate::project::declared::declares_import(&top.folder, &top.name, project, facts)
}

/// The sibling package whose helper a package of an application shares, where it imports that
/// one (see `helper_home::shared`), unless it has its own helper module already.
pub(crate) fn shared_home(top: &TopPackage, facts: &ProjectFacts) -> Option<TopPackage> {
    let own = top.folder.join(MODULE_FILE).is_file();
    (!own).then(|| shared::shared_home(top, facts)).flatten()
}

/// Where a package keeps its private code, when it keeps all of its code in one private
/// subpackage: its top folder holds no module but `__init__.py` and `__main__.py`, and one
/// regular package whose name starts with a single underscore (playwright's `_impl/`, which its
/// public `async_api/` and `sync_api/` re-export). The helper module goes there, beside the
/// private code that uses it, not beside the public subpackages.
pub(crate) fn private_home(top: &Path) -> Option<String> {
    let mut home = None;
    for entry in std::fs::read_dir(top).ok()?.flatten() {
        let name = entry.file_name();
        let name = name.to_str()?;
        let path = entry.path();
        if path.is_dir() {
            let private = name.starts_with('_') && !name.starts_with("__") && is_identifier(name);
            if private && path.join("__init__.py").is_file() {
                if home.is_some() {
                    return None;
                }
                home = Some(name.to_owned());
            }
        } else if name.ends_with(".py") && !matches!(name, "__init__.py" | "__main__.py") {
            return None;
        }
    }
    home
}

/// Whether a `_background.py` is the helper module: it defines the helper at its top level and
/// imports only the standard library.
fn defines_helper(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let defines = text
        .lines()
        .any(|line| line.starts_with(&format!("def {FUNCTION}")));
    defines && standalone(bytes)
}
