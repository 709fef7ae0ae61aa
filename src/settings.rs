//! Project settings: what the fix must respect in the project it edits. Read once per
//! `pyproject.toml` (the closest one above each file, as ruff finds it) and handed to the stages
//! that need them.
//!
//! From other tools' tables: the minimum Python (`[project] requires-python`, ruff's
//! `target-version`), the line length (ruff's, else Black's) and isort's `lines-after-imports`.
//! undangle's own options live in `[tool.undangle]`; an unknown key there is an error, as in ruff.

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The `pyproject.toml` these came from, if any.
    pub source: Option<PathBuf>,
    /// The oldest Python the project declares: the fixed code must import on it.
    pub min_python: PythonVersion,
    pub line_length: usize,
    /// Blank lines after the import block; `None` is isort's automatic choice.
    pub lines_after_imports: Option<usize>,
    pub strategy: Strategy,
    pub keep_with: Option<KeepWith>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source: None,
            min_python: PythonVersion::DEFAULT,
            line_length: 88,
            lines_after_imports: None,
            strategy: Strategy::Inline,
            keep_with: None,
        }
    }
}

/// Settings given on the command line, which win over the file's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub strategy: Option<Strategy>,
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
    /// ruff's older layout: `[tool.ruff.isort]`.
    isort: Option<RuffIsort>,
}

#[derive(Deserialize, Default)]
struct RuffLint {
    isort: Option<RuffIsort>,
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

impl Settings {
    /// Settings from the text of a `pyproject.toml` at `path`.
    pub fn from_pyproject(path: &Path, text: &str) -> Result<Settings, SettingsError> {
        let error = |message: String| SettingsError {
            path: path.to_owned(),
            message,
        };
        let parsed: PyProject = toml::from_str(text).map_err(|e| {
            // One line, as every other message: where, then what.
            let at = e.span().map_or(String::new(), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {column}: ")
            });
            error(format!("{at}{}", e.message().trim()))
        })?;
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
        let ruff_target = ruff.target_version.as_deref().and_then(ruff_target_version);
        // The oldest of what is declared: the code must run there.
        settings.min_python = match (declared, ruff_target) {
            (Some(a), Some(b)) => a.min(b),
            (Some(v), None) | (None, Some(v)) => v,
            (None, None) => PythonVersion::DEFAULT,
        };

        let isort = tools.isort.unwrap_or_default();
        if let Some(length) = ruff
            .line_length
            .or(tools.black.and_then(|b| b.line_length))
            .or(isort.line_length)
        {
            settings.line_length = length;
        }
        let ruff_isort = ruff
            .lint
            .and_then(|l| l.isort)
            .or(ruff.isort)
            .and_then(|i| i.lines_after_imports);
        settings.lines_after_imports = ruff_isort
            .or(isort.lines_after_imports)
            .and_then(|n| usize::try_from(n).ok());

        let own = tools.undangle.unwrap_or_default();
        settings.strategy = own.strategy.unwrap_or_default();
        settings.keep_with = own
            .keep_with
            .as_deref()
            .map(KeepWith::parse)
            .transpose()
            .map_err(|m| error(format!("[tool.undangle] {m}")))?;
        Ok(settings)
    }

    fn with(mut self, overrides: &Overrides) -> Settings {
        if let Some(strategy) = overrides.strategy {
            self.strategy = strategy;
        }
        self
    }
}

/// The lowest Python a PEP 440 `requires-python` allows, when it names a lower bound.
pub fn minimum_python(spec: &str) -> Option<PythonVersion> {
    spec.split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            let version = ["~=", ">=", "==", ">"]
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

/// Finds and reads settings for each file, once per `pyproject.toml`; safe to share between the
/// walker's threads.
#[derive(Default)]
pub struct Loader {
    overrides: Overrides,
    /// Folder → the closest `pyproject.toml` at or above it.
    closest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// `pyproject.toml` → its settings.
    read: Mutex<HashMap<PathBuf, Result<Arc<Settings>, SettingsError>>>,
    default: Arc<Settings>,
    /// `pyproject.toml` files whose error was already reported.
    reported: Mutex<std::collections::HashSet<PathBuf>>,
}

impl Loader {
    pub fn new(overrides: Overrides) -> Self {
        let default = Arc::new(Settings::default().with(&overrides));
        Loader {
            overrides,
            default,
            ..Loader::default()
        }
    }

    /// The settings that govern `file`.
    pub fn for_file(&self, file: &Path) -> Result<Arc<Settings>, SettingsError> {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
        let Some(folder) = absolute.parent() else {
            return Ok(self.default.clone());
        };
        match self.closest_pyproject(folder) {
            Some(pyproject) => self.read(&pyproject),
            None => Ok(self.default.clone()),
        }
    }

    /// True the first time an error about this file is seen: one message per bad file.
    pub fn first_report(&self, err: &SettingsError) -> bool {
        let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        reported.insert(err.path.clone())
    }

    fn closest_pyproject(&self, folder: &Path) -> Option<PathBuf> {
        let mut closest = self.closest.lock().unwrap_or_else(|e| e.into_inner());
        let mut visited = Vec::new();
        let mut found = None;
        for dir in folder.ancestors() {
            if let Some(known) = closest.get(dir) {
                found = known.clone();
                break;
            }
            visited.push(dir.to_owned());
            let candidate = dir.join("pyproject.toml");
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for dir in visited {
            closest.insert(dir, found.clone());
        }
        found
    }

    fn read(&self, pyproject: &Path) -> Result<Arc<Settings>, SettingsError> {
        let mut read = self.read.lock().unwrap_or_else(|e| e.into_inner());
        read.entry(pyproject.to_owned())
            .or_insert_with(|| {
                let text = fs::read_to_string(pyproject).map_err(|e| SettingsError {
                    path: pyproject.to_owned(),
                    message: format!("cannot read: {e}"),
                })?;
                Settings::from_pyproject(pyproject, &text)
                    .map(|s| Arc::new(s.with(&self.overrides)))
            })
            .clone()
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
