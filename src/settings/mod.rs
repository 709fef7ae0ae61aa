//! Project settings: what the fix must respect in the project it edits. Read once per
//! `pyproject.toml` (the closest one above each file, as ruff finds it) and handed to the stages
//! that need them.
//!
//! From other tools' tables: the minimum Python (`[project] requires-python`, ruff's
//! `target-version`, or setuptools' `python_requires` in a `setup.cfg` / `setup.py` beside it,
//! which also stand for a project that has no `pyproject.toml`), the line length (ruff's, else Black's) and isort's `lines-after-imports`.
//! undangle's own options live in `[tool.undangle]`, or at the top of an `undangle.toml` beside
//! it (which wins); an unknown key there is an error, as in ruff. `--config FILE` names the file
//! for every path; `--isolated` reads none.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Deserialize;

/// A Python version as `(major, minor)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersion(pub u8, pub u8);

impl PythonVersion {
    /// ruff's default target when a project declares nothing.
    pub const DEFAULT: PythonVersion = PythonVersion(3, 9);

    pub fn at_least(self, major: u8, minor: u8) -> bool {
        self >= PythonVersion(major, minor)
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// How the fix keeps a task alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The pattern of the asyncio docs: three lines at each site and a module-level set.
    #[default]
    Inline,
    /// One small module-level function that keeps a task; each site wraps its call in it.
    Helper,
    /// In methods, a set on the instance created in `__init__`; elsewhere the module set.
    Owner,
}

/// `[tool.undangle] keep-with = "package.module:function"`: the project's own keeper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepWith {
    pub module: String,
    pub function: String,
}

impl KeepWith {
    fn parse(spec: &str) -> Result<Self, String> {
        let (module, function) = spec.split_once(':').ok_or_else(|| {
            format!("`keep-with = \"{spec}\"` must be \"package.module:function\"")
        })?;
        let dotted_ok =
            !module.is_empty() && module.split('.').all(is_identifier) && is_identifier(function);
        if !dotted_ok {
            return Err(format!(
                "`keep-with = \"{spec}\"` must be \"package.module:function\""
            ));
        }
        Ok(KeepWith {
            module: module.to_owned(),
            function: function.to_owned(),
        })
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// The file these came from, if any.
    pub source: Option<PathBuf>,
    /// The oldest Python the project declares: the fixed code must import on it.
    pub min_python: PythonVersion,
    /// Whether the project declares one at all (`min_python` is otherwise ruff's default).
    pub declares_python: bool,
    pub line_length: usize,
    /// Blank lines after the import block; `None` is isort's automatic choice.
    pub lines_after_imports: Option<usize>,
    /// The quote of the strings the fix writes, when the project's formatter or linter sets
    /// it; `None` follows the file.
    pub quote: Option<char>,
    pub strategy: Strategy,
    pub keep_with: Option<KeepWith>,
    /// Cancel and await the tasks of each set the fix adds in its owner's shutdown hook.
    pub drain_on_shutdown: bool,
    /// Log the exception of a kept task that fails.
    pub log_exceptions: bool,
    /// More receiver names that are event loops (`loop-names`).
    pub loop_names: Vec<String>,
    /// More callables that create tasks, as called (`task-functions`, e.g. `spawn`).
    pub task_functions: Vec<String>,
    /// Task-creating calls never reported, as called (`ignore-functions`).
    pub ignore_functions: Vec<String>,
    /// Which paths are not read.
    pub exclude: Exclude,
    /// The patterns behind `exclude`, for command-line flags to extend.
    pub exclude_patterns: Vec<String>,
}

/// `exclude`, `extend-exclude` and `force-exclude`, matched as ruff matches them: a pattern
/// without a `/` against each path's file or folder name, one with a `/` against the path
/// relative to the project root (the folder of the settings file).
#[derive(Debug, Clone)]
pub struct Exclude {
    root: Option<PathBuf>,
    names: globset::GlobSet,
    paths: globset::GlobSet,
    /// Apply to paths named on the command line too.
    pub force: bool,
}

/// ruff's default `exclude`, plus `build`.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];

impl Exclude {
    fn new(root: Option<PathBuf>, patterns: &[String], force: bool) -> Result<Self, String> {
        let mut names = globset::GlobSetBuilder::new();
        let mut paths = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let glob = globset::GlobBuilder::new(pattern.trim_end_matches('/'))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad exclude pattern `{pattern}`: {}", e.kind()))?;
            if pattern.trim_end_matches('/').contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: globset::GlobSetBuilder| b.build().map_err(|e| e.to_string());
        Ok(Exclude {
            root,
            names: build(names)?,
            paths: build(paths)?,
            force,
        })
    }

    fn defaults() -> Self {
        let patterns: Vec<String> = DEFAULT_EXCLUDE.iter().map(|p| (*p).to_owned()).collect();
        // The default patterns are plain names: they always compile.
        Exclude::new(None, &patterns, false).unwrap_or(Exclude {
            root: None,
            names: globset::GlobSet::empty(),
            paths: globset::GlobSet::empty(),
            force: false,
        })
    }

    /// Whether `path` (absolute) is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        if path
            .file_name()
            .is_some_and(|name| self.names.is_match(Path::new(name)))
        {
            return true;
        }
        match &self.root {
            Some(root) if !self.paths.is_empty() => path
                .strip_prefix(root)
                .is_ok_and(|relative| self.paths.is_match(relative)),
            _ => false,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source: None,
            min_python: PythonVersion::DEFAULT,
            declares_python: false,
            line_length: 88,
            lines_after_imports: None,
            quote: None,
            strategy: Strategy::Inline,
            keep_with: None,
            drain_on_shutdown: false,
            log_exceptions: false,
            loop_names: Vec::new(),
            task_functions: Vec::new(),
            ignore_functions: Vec::new(),
            exclude: Exclude::defaults(),
            exclude_patterns: DEFAULT_EXCLUDE.iter().map(|p| (*p).to_owned()).collect(),
        }
    }
}

/// Settings given on the command line, which win over the file's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub strategy: Option<Strategy>,
    /// `--drain-on-shutdown` (a flag can only turn it on).
    pub drain_on_shutdown: bool,
    /// `--log-exceptions`.
    pub log_exceptions: bool,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Vec<String>,
    pub force_exclude: bool,
}

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

// The parts of pyproject.toml that are read. Other tools' tables are read leniently (their own
// tools validate them); undangle's own table is strict.
#[derive(Deserialize, Default)]
struct PyProject {
    project: Option<Project>,
    tool: Option<Tools>,
}

#[derive(Deserialize, Default)]
struct Project {
    #[serde(rename = "requires-python")]
    requires_python: Option<String>,
}

#[derive(Deserialize, Default)]
struct Tools {
    ruff: Option<Ruff>,
    poetry: Option<Poetry>,
    black: Option<Black>,
    isort: Option<Isort>,
    undangle: Option<Undangle>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Ruff {
    target_version: Option<String>,
    line_length: Option<usize>,
    lint: Option<RuffLint>,
    /// ruff's older layout: `[tool.ruff.isort]`, `[tool.ruff.flake8-quotes]`.
    isort: Option<RuffIsort>,
    #[serde(rename = "flake8-quotes")]
    flake8_quotes: Option<Flake8Quotes>,
    format: Option<RuffFormat>,
}

#[derive(Deserialize, Default)]
struct RuffLint {
    isort: Option<RuffIsort>,
    #[serde(rename = "flake8-quotes")]
    flake8_quotes: Option<Flake8Quotes>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Flake8Quotes {
    inline_quotes: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RuffFormat {
    quote_style: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RuffIsort {
    lines_after_imports: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Black {
    line_length: Option<usize>,
    target_version: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
struct Poetry {
    dependencies: Option<PoetryDependencies>,
}

#[derive(Deserialize, Default)]
struct PoetryDependencies {
    python: Option<String>,
}

#[derive(Deserialize, Default)]
struct Isort {
    lines_after_imports: Option<i64>,
    line_length: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Undangle {
    strategy: Option<Strategy>,
    keep_with: Option<String>,
    drain_on_shutdown: Option<bool>,
    log_exceptions: Option<bool>,
    exclude: Option<Vec<String>>,
    extend_exclude: Option<Vec<String>>,
    force_exclude: Option<bool>,
    loop_names: Option<Vec<String>>,
    task_functions: Option<Vec<String>>,
    ignore_functions: Option<Vec<String>>,
}

/// A `pyproject.toml` that cannot be used: its path and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Parses TOML, with an error of one line: where, then what.
fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, SettingsError> {
    toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(String::new(), |span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            format!("line {line}, column {column}: ")
        });
        SettingsError {
            path: path.to_owned(),
            message: format!("{at}{}", e.message().trim()),
        }
    })
}

impl Settings {
    /// Settings from the text of a `pyproject.toml` at `path`.
    pub fn from_pyproject(path: &Path, text: &str) -> Result<Settings, SettingsError> {
        let parsed: PyProject = parse_toml(path, text)?;
        let mut settings = Settings {
            source: Some(path.to_owned()),
            ..Settings::default()
        };
        let tools = parsed.tool.unwrap_or_default();
        let ruff = tools.ruff.unwrap_or_default();

        let declared = parsed
            .project
            .and_then(|p| p.requires_python)
            .and_then(|spec| minimum_python(&spec));
        let poetry = tools
            .poetry
            .and_then(|p| p.dependencies)
            .and_then(|d| d.python)
            .and_then(|spec| minimum_python(&spec));
        let ruff_target = ruff.target_version.as_deref().and_then(ruff_target_version);
        let black = tools.black.as_ref();
        let black_target = black
            .and_then(|b| b.target_version.as_ref())
            .and_then(|targets| targets.iter().filter_map(|t| ruff_target_version(t)).min());
        // The oldest of what is declared anywhere: the code must run there.
        for version in [declared, poetry, ruff_target, black_target] {
            settings.declare_python(version);
        }

        let isort = tools.isort.unwrap_or_default();
        if let Some(length) = ruff
            .line_length
            .or(black.and_then(|b| b.line_length))
            .or(isort.line_length)
        {
            settings.line_length = length;
        }
        // ruff's formatter rewrites every string to its quote; else its linter asks for one.
        let quote = |style: &str| match style {
            "single" => Some('\''),
            "double" => Some('"'),
            _ => None,
        };
        let lint = ruff.lint.unwrap_or_default();
        settings.quote = (ruff.format.and_then(|f| f.quote_style))
            .or((lint.flake8_quotes.or(ruff.flake8_quotes)).and_then(|q| q.inline_quotes))
            .as_deref()
            .and_then(quote);
        let ruff_isort = lint
            .isort
            .or(ruff.isort)
            .and_then(|i| i.lines_after_imports);
        settings.lines_after_imports = ruff_isort
            .or(isort.lines_after_imports)
            .and_then(|n| usize::try_from(n).ok());

        settings.apply(tools.undangle.unwrap_or_default(), path, "[tool.undangle] ")?;
        Ok(settings)
    }

    /// An `undangle.toml` at `path`: undangle's options at the top level, over `base` (the
    /// settings of a `pyproject.toml` beside it, if any).
    pub fn from_undangle_toml(
        base: Settings,
        path: &Path,
        text: &str,
    ) -> Result<Settings, SettingsError> {
        let own: Undangle = parse_toml(path, text)?;
        let mut settings = Settings {
            source: Some(path.to_owned()),
            ..base
        };
        settings.apply(own, path, "")?;
        Ok(settings)
    }

    /// undangle's own options, read from `path` (`prefix` names the table in messages).
    fn apply(&mut self, own: Undangle, path: &Path, prefix: &str) -> Result<(), SettingsError> {
        let error = |message: String| SettingsError {
            path: path.to_owned(),
            message: format!("{prefix}{message}"),
        };
        self.strategy = own.strategy.unwrap_or_default();
        self.keep_with = own
            .keep_with
            .as_deref()
            .map(KeepWith::parse)
            .transpose()
            .map_err(error)?;
        self.drain_on_shutdown = own.drain_on_shutdown.unwrap_or(false);
        self.log_exceptions = own.log_exceptions.unwrap_or(false);
        self.loop_names = own.loop_names.unwrap_or_default();
        self.task_functions = own.task_functions.unwrap_or_default();
        self.ignore_functions = own.ignore_functions.unwrap_or_default();
        let mut patterns: Vec<String> = match own.exclude {
            Some(patterns) => patterns,
            None => DEFAULT_EXCLUDE.iter().map(|p| (*p).to_owned()).collect(),
        };
        patterns.extend(own.extend_exclude.unwrap_or_default());
        let root = path.parent().map(Path::to_owned);
        let force = own.force_exclude.unwrap_or(false);
        self.exclude = Exclude::new(root, &patterns, force).map_err(error)?;
        self.exclude_patterns = patterns;
        Ok(())
    }

    fn with(mut self, overrides: &Overrides) -> Result<Settings, SettingsError> {
        if let Some(strategy) = overrides.strategy {
            self.strategy = strategy;
        }
        self.drain_on_shutdown |= overrides.drain_on_shutdown;
        self.log_exceptions |= overrides.log_exceptions;
        let flags = overrides.exclude.is_some() || !overrides.extend_exclude.is_empty();
        if flags || overrides.force_exclude {
            let mut patterns = overrides
                .exclude
                .clone()
                .unwrap_or_else(|| self.exclude_patterns.clone());
            patterns.extend(overrides.extend_exclude.iter().cloned());
            let root = self
                .exclude
                .root
                .clone()
                .or_else(|| std::env::current_dir().ok());
            let force = self.exclude.force || overrides.force_exclude;
            self.exclude =
                Exclude::new(root, &patterns, force).map_err(|message| SettingsError {
                    path: PathBuf::from("--exclude"),
                    message,
                })?;
            self.exclude_patterns = patterns;
        }
        Ok(self)
    }
}

impl Settings {
    /// Another declaration of the oldest Python: the oldest of all declared wins.
    fn declare_python(&mut self, version: Option<PythonVersion>) {
        if let Some(version) = version {
            self.min_python = match self.declares_python {
                true => self.min_python.min(version),
                false => version,
            };
            self.declares_python = true;
        }
    }

    /// Folds in setuptools' `python_requires` from the `setup.cfg` and `setup.py` in `folder`.
    fn with_setuptools(mut self, folder: Option<&Path>) -> Settings {
        if let Some(folder) = folder {
            let read = |name: &str| fs::read_to_string(folder.join(name)).ok();
            self.declare_python(read("setup.cfg").as_deref().and_then(setup_cfg_python));
            self.declare_python(read("setup.py").as_deref().and_then(setup_py_python));
        }
        self
    }
}

/// `python_requires` in the `[options]` section of a `setup.cfg`.
fn setup_cfg_python(text: &str) -> Option<PythonVersion> {
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim();
        } else if section == "options"
            && let Some((key, value)) = line.split_once(['=', ':'])
            && matches!(key.trim(), "python_requires" | "python-requires")
        {
            return minimum_python(value);
        }
    }
    None
}

/// A literal `python_requires="..."` in a `setup.py` (a computed one is not read).
fn setup_py_python(text: &str) -> Option<PythonVersion> {
    let at = text.find("python_requires")?;
    let rest = text[at + "python_requires".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let value = rest[1..].split(quote).next()?;
    minimum_python(value)
}

/// The lowest Python a PEP 440 `requires-python` allows, when it names a lower bound.
pub fn minimum_python(spec: &str) -> Option<PythonVersion> {
    spec.split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            // PEP 440's operators, and Poetry's caret and tilde.
            let version = ["~=", ">=", "==", ">", "^", "~"]
                .iter()
                .find_map(|op| clause.strip_prefix(op))?;
            let mut parts = version.trim().split('.');
            let major = parts.next()?.trim().parse().ok()?;
            let minor = parts
                .next()
                .map_or(Some(0), |m| m.trim().trim_end_matches('*').parse().ok())?;
            Some(PythonVersion(major, minor))
        })
        .max()
}

/// ruff's `target-version = "py38"`.
fn ruff_target_version(target: &str) -> Option<PythonVersion> {
    let digits = target.strip_prefix("py")?;
    let (major, minor) = digits.split_at_checked(1)?;
    Some(PythonVersion(major.parse().ok()?, minor.parse().ok()?))
}

/// Finds and reads settings for each file, once per folder that holds a settings file; safe to
/// share between the walker's threads.
pub struct Loader {
    source: Source,
    overrides: Overrides,
    /// Folder → the closest folder at or above it that holds a settings file.
    closest: Mutex<HashMap<PathBuf, Found>>,
    /// Settings folder → its settings.
    read: Mutex<HashMap<PathBuf, Result<Arc<Settings>, SettingsError>>>,
    /// `--isolated`, no settings file found, or `--config`: one set for every path.
    fixed: Option<Result<Arc<Settings>, SettingsError>>,
    default: Result<Arc<Settings>, SettingsError>,
    /// Settings files whose error was already reported.
    reported: Mutex<std::collections::HashSet<PathBuf>>,
    /// Where relative paths start, read once.
    cwd: PathBuf,
}

const SETTINGS_FILES: [&str; 2] = ["undangle.toml", "pyproject.toml"];
/// For a folder: the closest folder above with a settings file, and the closest with a
/// setuptools file.
type Found = (Option<PathBuf>, Option<PathBuf>);
/// A project without either declares its Python to setuptools.
const SETUPTOOLS_FILES: [&str; 2] = ["setup.cfg", "setup.py"];

impl Loader {
    pub fn new(source: Source, overrides: Overrides) -> Self {
        let default = Settings::default().with(&overrides).map(Arc::new);
        let fixed = match &source {
            Source::Discover => None,
            Source::Isolated => Some(default.clone()),
            Source::File(path) => Some(
                read_file(path)
                    .map(|s| s.with_setuptools(path.parent()))
                    .and_then(|s| s.with(&overrides))
                    .map(Arc::new),
            ),
        };
        Loader {
            source,
            overrides,
            closest: Mutex::default(),
            read: Mutex::default(),
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
        let absolute = self.cwd.join(path);
        let folder = if is_dir {
            Some(absolute.as_path())
        } else {
            absolute.parent()
        };
        match folder.and_then(|f| self.closest_settings(f)) {
            Some(folder) => self.read(&folder),
            None => self.default.clone(),
        }
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
        settings.exclude.matches(&self.cwd.join(path))
    }

    /// True the first time an error about this file is seen: one message per bad file.
    pub fn first_report(&self, err: &SettingsError) -> bool {
        let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        reported.insert(err.path.clone())
    }

    /// The closest folder at or above `folder` with a settings file; without one anywhere
    /// above, the closest with a `setup.cfg` or `setup.py` (a `setup.py` inside a project, an
    /// example or a vendored package, must not hide the project's own `pyproject.toml`).
    fn closest_settings(&self, folder: &Path) -> Option<PathBuf> {
        let mut closest = self.closest.lock().unwrap_or_else(|e| e.into_inner());
        let has = |dir: &Path, names: &[&str]| names.iter().any(|n| dir.join(n).is_file());
        let mut visited = Vec::new();
        // (closest settings folder, closest setuptools folder) above the visited ones.
        let mut above: Found = (None, None);
        for dir in folder.ancestors() {
            if let Some(known) = closest.get(dir) {
                above = known.clone();
                break;
            }
            if has(dir, &SETTINGS_FILES) {
                above = (Some(dir.to_owned()), None);
                closest.insert(dir.to_owned(), above.clone());
                break;
            }
            visited.push(dir.to_owned());
        }
        for dir in visited.into_iter().rev() {
            if above.0.is_none() && has(&dir, &SETUPTOOLS_FILES) {
                above.1 = Some(dir.clone());
            }
            closest.insert(dir, above.clone());
        }
        above.0.or(above.1)
    }

    fn read(&self, folder: &Path) -> Result<Arc<Settings>, SettingsError> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry(folder.to_owned())
            .or_insert_with(|| {
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
                (settings.with_setuptools(Some(folder)))
                    .with(&self.overrides)
                    .map(Arc::new)
            })
            .clone()
    }

    /// Whether the run uses settings files at all.
    pub fn source(&self) -> &Source {
        &self.source
    }
}

fn read_text(path: &Path) -> Result<String, SettingsError> {
    fs::read_to_string(path).map_err(|e| SettingsError {
        path: path.to_owned(),
        message: format!("cannot read: {e}"),
    })
}

/// A settings file named by `--config`, or found: `undangle.toml` or `pyproject.toml`.
fn read_file(path: &Path) -> Result<Settings, SettingsError> {
    let text = read_text(path)?;
    match path.file_name().and_then(|n| n.to_str()) {
        Some("pyproject.toml") => Settings::from_pyproject(path, &text),
        _ => Settings::from_undangle_toml(Settings::default(), path, &text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_python_lower_bounds() {
        assert_eq!(minimum_python(">=3.7"), Some(PythonVersion(3, 7)));
        assert_eq!(minimum_python(">=3.8, <4"), Some(PythonVersion(3, 8)));
        assert_eq!(minimum_python("~=3.10"), Some(PythonVersion(3, 10)));
        assert_eq!(minimum_python("==3.12.*"), Some(PythonVersion(3, 12)));
        assert_eq!(minimum_python(">3"), Some(PythonVersion(3, 0)));
        assert_eq!(minimum_python("<4"), None);
        assert_eq!(minimum_python("^3.8"), Some(PythonVersion(3, 8)));
        assert_eq!(minimum_python("~3.7"), Some(PythonVersion(3, 7)));
    }

    #[test]
    fn reads_every_table() {
        let text = r#"
[project]
requires-python = ">=3.8"
[tool.ruff]
target-version = "py37"
line-length = 100
[tool.ruff.lint.isort]
lines-after-imports = 2
[tool.undangle]
strategy = "helper"
keep-with = "app.tasks:spawn"
"#;
        let s = Settings::from_pyproject(Path::new("pyproject.toml"), text).unwrap();
        assert_eq!(s.min_python, PythonVersion(3, 7));
        assert_eq!(s.line_length, 100);
        assert_eq!(s.lines_after_imports, Some(2));
        assert_eq!(s.strategy, Strategy::Helper);
        assert_eq!(
            s.keep_with,
            Some(KeepWith {
                module: "app.tasks".into(),
                function: "spawn".into()
            })
        );
    }

    #[test]
    fn black_targets_and_poetry_declare_the_minimum_too() {
        let black = "[tool.black]\ntarget-version = [\"py38\", \"py37\"]\n";
        let s = Settings::from_pyproject(Path::new("pyproject.toml"), black).unwrap();
        assert_eq!(s.min_python, PythonVersion(3, 7));
        let poetry = "[tool.poetry.dependencies]\npython = \"^3.8\"\n";
        let s = Settings::from_pyproject(Path::new("pyproject.toml"), poetry).unwrap();
        assert_eq!(s.min_python, PythonVersion(3, 8));
    }

    #[test]
    fn the_quote_comes_from_ruffs_formatter_else_its_linter() {
        let quote = |text: &str| {
            Settings::from_pyproject(Path::new("pyproject.toml"), text)
                .unwrap()
                .quote
        };
        let format = "[tool.ruff.format]\nquote-style = \"single\"\n";
        assert_eq!(quote(format), Some('\''));
        let lint = "[tool.ruff.lint.flake8-quotes]\ninline-quotes = \"single\"\n";
        assert_eq!(quote(lint), Some('\''));
        let legacy = "[tool.ruff.flake8-quotes]\ninline-quotes = \"double\"\n";
        assert_eq!(quote(legacy), Some('"'));
        // The formatter wins; `preserve` follows the file.
        assert_eq!(
            quote(&format!(
                "{lint}[tool.ruff.format]\nquote-style = \"double\"\n"
            )),
            Some('"')
        );
        assert_eq!(
            quote("[tool.ruff.format]\nquote-style = \"preserve\"\n"),
            None
        );
        assert_eq!(quote(""), None);
    }

    #[test]
    fn setuptools_declares_the_minimum_too() {
        let cfg = "[metadata]\npython_requires = >=3.5\n[options]\npython_requires = >=3.7, <4\n";
        assert_eq!(setup_cfg_python(cfg), Some(PythonVersion(3, 7)));
        assert_eq!(setup_cfg_python("[options]\ninstall_requires = x\n"), None);
        let py = "setup(\n    name='p',\n    python_requires = \"~=3.8\",\n)\n";
        assert_eq!(setup_py_python(py), Some(PythonVersion(3, 8)));
        assert_eq!(setup_py_python("setup(python_requires=PYTHON)\n"), None);
        // The oldest of every declaration wins.
        let pyproject = "[project]\nrequires-python = \">=3.10\"\n";
        let mut s = Settings::from_pyproject(Path::new("pyproject.toml"), pyproject).unwrap();
        s.declare_python(Some(PythonVersion(3, 8)));
        assert_eq!(s.min_python, PythonVersion(3, 8));
        let mut s = Settings::default();
        s.declare_python(Some(PythonVersion(3, 11)));
        assert_eq!(s.min_python, PythonVersion(3, 11), "not the default's 3.9");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_file() {
        for text in [
            "[tool.undangle]\nstrategy = \"nope\"\n",
            "[tool.undangle]\nstrategee = \"inline\"\n",
            "[tool.undangle]\nkeep-with = \"no_colon\"\n",
            "[project\n",
        ] {
            let err = Settings::from_pyproject(Path::new("x/pyproject.toml"), text).unwrap_err();
            assert!(err.to_string().starts_with("x/pyproject.toml: "), "{err}");
        }
    }
}
