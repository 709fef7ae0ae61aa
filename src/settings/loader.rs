//! Finding the settings that govern each path: the closest settings file above it, read once
//! per project root, and whether the walk leaves the path out.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::discover::Discovery;
use super::file::{ToolValues, read_file, read_text};
use super::model::{Overrides, Settings, SettingsError};

/// Where settings come from.
#[derive(Debug, Clone, Default)]
pub enum Source {
    /// The closest `undangle.toml` or `pyproject.toml` above each file.
    #[default]
    Discover,
    /// This file, for every path (`--config`).
    File(PathBuf),
    /// No file at all (`--isolated`).
    Isolated,
}

/// Finds and reads settings for each file, once per folder that holds a settings file; safe to
/// share between the walker's threads.
pub struct Loader {
    source: Source,
    overrides: Overrides,
    /// Folder → the closest folder at or above it that holds a settings file.
    closest: Mutex<HashMap<PathBuf, Found>>,
    /// Settings folder → its settings, without the tools' (which are each folder's).
    read: Mutex<HashMap<PathBuf, Result<Arc<Settings>, SettingsError>>>,
    /// Each folder's tool files, read once.
    discovery: Discovery,
    /// Any folder a file was looked up in → its settings. Keyed by the path's bytes with FNV:
    /// the lookup runs several times per file, and hashing a `Path` component by component
    /// with SipHash cost more than the rest of the lookup.
    resolved: Mutex<fnv::FnvHashMap<OsString, Result<Arc<Settings>, SettingsError>>>,
    /// The settings made for folders, one for each settings file and what the tools read: the
    /// folders of a tree share a few (a copy per folder held megabytes on a large tree).
    made: Mutex<Vec<Made>>,
    /// `--isolated`, no settings file found, or `--config`: one set for every path.
    fixed: Option<Result<Arc<Settings>, SettingsError>>,
    default: Result<Arc<Settings>, SettingsError>,
    /// Settings files whose error was already reported.
    reported: Mutex<std::collections::HashSet<PathBuf>>,
    /// Where relative paths start, read once.
    cwd: PathBuf,
}

const SETTINGS_FILES: [&str; 2] = ["undangle.toml", "pyproject.toml"];
/// For a folder: the closest folder above with a settings file, the closest with another
/// tool's file, and the closest with a `requirements*.txt`.
type Found = (Option<PathBuf>, Option<PathBuf>, Option<PathBuf>);
/// Settings made for folders: the file's settings, what the tools read, the two together.
type Made = (Arc<Settings>, ToolValues, Arc<Settings>);
/// A project without either declares its Python to setuptools in these files, and a Home
/// Assistant integration its oldest Home Assistant in `hacs.json` (the other tools' files are
/// found by each tool's own walk, `discover.rs`).
const OTHER_TOOLS_FILES: [&str; 3] = ["setup.cfg", "setup.py", "hacs.json"];

impl Loader {
    pub fn new(source: Source, overrides: Overrides) -> Self {
        let default = Settings::default().with(&overrides).map(Arc::new);
        let discovery = Discovery::default();
        let fixed = match &source {
            Source::Discover => None,
            Source::Isolated => Some(default.clone()),
            // The tools' settings are those they find for the file's folder.
            Source::File(path) => Some(
                read_file(path)
                    .and_then(|s| s.with_setuptools(path.parent()))
                    .and_then(|s| match path.parent() {
                        Some(folder) => s.with_tools(&absolute(folder), &discovery),
                        None => Ok(s),
                    })
                    .and_then(|s| s.with(&overrides))
                    .map(Arc::new),
            ),
        };
        Loader {
            source,
            overrides,
            closest: Mutex::default(),
            read: Mutex::default(),
            discovery,
            resolved: Mutex::default(),
            made: Mutex::default(),
            fixed,
            default,
            reported: Mutex::default(),
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }

    /// The settings that govern `path`, a folder (`is_dir`) or a file.
    pub fn for_path(&self, path: &Path, is_dir: bool) -> Result<Arc<Settings>, SettingsError> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let absolute = match path.is_absolute() {
            true => Cow::Borrowed(path),
            false => Cow::Owned(self.cwd.join(path)),
        };
        let folder = if is_dir {
            Some(absolute.as_ref())
        } else {
            absolute.parent()
        };
        let Some(folder) = folder else {
            return self.default.clone();
        };
        let lock = || self.resolved.lock().unwrap_or_else(|e| e.into_inner());
        // A file's own: ruff's `per-file-ignores` may switch TID252 off for it.
        let own = |settings: Result<Arc<Settings>, SettingsError>| match is_dir {
            true => settings,
            false => settings.map(|s| per_file(s, &absolute)),
        };
        if let Some(known) = lock().get(folder.as_os_str()) {
            return own(known.clone());
        }
        let settings = match self.closest_settings(folder) {
            Some(Closest::Settings(folder)) => self.read(&folder),
            Some(Closest::Requirements(folder)) => self.pins_only(&folder),
            None => self.default.clone(),
        };
        // The tools' own settings, as each finds them for this folder.
        let settings = settings.and_then(|base| {
            let values = ToolValues::read(folder, &self.discovery)?;
            Ok(self.with_values(&base, values))
        });
        lock().insert(folder.as_os_str().to_owned(), settings.clone());
        own(settings)
    }

    /// `base` with what the tools read for a folder: one copy for every folder that reads the
    /// same.
    fn with_values(&self, base: &Arc<Settings>, values: ToolValues) -> Arc<Settings> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let known = made
            .iter()
            .find(|(b, v, _)| Arc::ptr_eq(b, base) && *v == values);
        if let Some((_, _, settings)) = known {
            return settings.clone();
        }
        let settings = Arc::new(base.as_ref().clone().with_tool_values(values.clone()));
        made.push((base.clone(), values, settings.clone()));
        settings
    }

    /// The settings that govern `file`.
    pub fn for_file(&self, file: &Path) -> Result<Arc<Settings>, SettingsError> {
        self.for_path(file, false)
    }

    /// Whether the walk leaves `path` out: excluded by the settings that govern it. A path named
    /// on the command line (`named`) is read unless `force-exclude` is on.
    pub fn excludes(&self, path: &Path, is_dir: bool, named: bool) -> bool {
        let Ok(settings) = self.for_path(path, is_dir) else {
            return false; // the error is reported when the path's files are read
        };
        if named {
            // A named path is left out when it, or a folder above it, is excluded (as in ruff).
            let absolute = self.cwd.join(path);
            return settings.exclude.force
                && absolute
                    .ancestors()
                    .take_while(|a| {
                        settings
                            .exclude
                            .root
                            .as_deref()
                            .is_none_or(|r| a.starts_with(r))
                    })
                    .any(|a| settings.exclude.matches(a));
        }
        match path.is_absolute() {
            true => settings.exclude.matches(path),
            false => settings.exclude.matches(&self.cwd.join(path)),
        }
    }

    /// True the first time an error about this file is seen: one message per bad file.
    pub fn first_report(&self, err: &SettingsError) -> bool {
        let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        reported.insert(err.path.clone())
    }

    /// The closest folder at or above `folder` with a settings file; without one anywhere
    /// above, the closest with a `setup.cfg` or `setup.py` (a `setup.py` inside a project, an
    /// example or a vendored package, must not hide the project's own `pyproject.toml`); and
    /// without either, the closest with a `requirements*.txt`, for its pins only.
    fn closest_settings(&self, folder: &Path) -> Option<Closest> {
        let mut closest = self.closest.lock().unwrap_or_else(|e| e.into_inner());
        let has = |dir: &Path, names: &[&str]| names.iter().any(|n| dir.join(n).is_file());
        let mut visited = Vec::new();
        // (closest settings folder, closest setuptools folder, closest requirements folder)
        // above the visited ones.
        let mut above: Found = (None, None, None);
        for dir in folder.ancestors() {
            if let Some(known) = closest.get(dir) {
                above = known.clone();
                break;
            }
            if has(dir, &SETTINGS_FILES) {
                above = (Some(dir.to_owned()), None, None);
                closest.insert(dir.to_owned(), above.clone());
                break;
            }
            visited.push(dir.to_owned());
        }
        for dir in visited.into_iter().rev() {
            if above.0.is_none() && has(&dir, &OTHER_TOOLS_FILES) {
                above.1 = Some(dir.clone());
            }
            if above.0.is_none() && above.1.is_none() && has_requirements(&dir) {
                above.2 = Some(dir.clone());
            }
            closest.insert(dir, above.clone());
        }
        let (settings, setuptools, requirements) = above;
        match settings.or(setuptools) {
            Some(folder) => Some(Closest::Settings(folder)),
            None => requirements.map(Closest::Requirements),
        }
    }

    /// The default settings with the pins of `folder`'s `requirements*.txt`: a project that
    /// lists its requirements there and nowhere else (claude-tg-bot pins
    /// `python-telegram-bot>=22.0` so) still decides the contracts that changed between
    /// releases, but no tool reads its settings from such a file.
    fn pins_only(&self, folder: &Path) -> Result<Arc<Settings>, SettingsError> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry(folder.to_owned())
            .or_insert_with(|| {
                let settings = Settings {
                    pins: super::file::pins_in(folder),
                    ..Settings::default()
                };
                settings.with(&self.overrides).map(Arc::new)
            })
            .clone()
    }

    fn read(&self, folder: &Path) -> Result<Arc<Settings>, SettingsError> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry(folder.to_owned())
            .or_insert_with(|| {
                (Settings::undangle_in(folder))
                    .and_then(|s| s.with(&self.overrides))
                    .map(Arc::new)
            })
            .clone()
    }

    /// Whether the run uses settings files at all.
    pub fn source(&self) -> &Source {
        &self.source
    }
}

/// Where a folder's settings come from.
enum Closest {
    /// A settings file's folder (or setuptools').
    Settings(PathBuf),
    /// Only a `requirements*.txt`: pins, no settings.
    Requirements(PathBuf),
}

/// Whether `dir` holds a `requirements*.txt` (pip's usual names: `requirements.txt`,
/// `requirements-dev.txt`), as `pins.rs` reads them.
fn has_requirements(dir: &Path) -> bool {
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    entries.into_iter().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.starts_with("requirements") && name.ends_with(".txt") && entry.path().is_file()
    })
}

impl Settings {
    /// The settings of the files in `folder`, without the command line's: its `pyproject.toml`,
    /// its `undangle.toml` over them, the setuptools files beside them, and what the tools find
    /// for the folder.
    pub fn from_folder(folder: &Path) -> Result<Settings, SettingsError> {
        let folder = absolute(folder);
        Self::undangle_in(&folder)?.with_tools(&folder, &Discovery::default())
    }

    /// undangle's own settings files in `folder`, and setuptools'.
    fn undangle_in(folder: &Path) -> Result<Settings, SettingsError> {
        let undangle = folder.join("undangle.toml");
        let pyproject = folder.join("pyproject.toml");
        let base = match pyproject.is_file() {
            true => read_file(&pyproject)?,
            false => Settings::default(),
        };
        let settings = match undangle.is_file() {
            true => Settings::from_undangle_toml(base, &undangle, &read_text(&undangle)?)?,
            false => base,
        };
        settings.with_setuptools(Some(folder))
    }
}

/// `path` from the current folder, where it is relative: the tools walk up from there.
fn absolute(path: &Path) -> PathBuf {
    match path.is_absolute() {
        true => path.to_owned(),
        false => std::env::current_dir().unwrap_or_default().join(path),
    }
}

/// The folder's settings as they hold for one file: ruff's `per-file-ignores` may switch TID252
/// off for it (a copy only for such a file).
fn per_file(settings: Arc<Settings>, file: &Path) -> Arc<Settings> {
    let relative = super::ruff_imports::relative_imports_at(
        settings.relative_imports,
        &settings.relative_ignores,
        file,
    );
    if relative == settings.relative_imports {
        return settings;
    }
    let mut own = settings.as_ref().clone();
    own.relative_imports = relative;
    Arc::new(own)
}
