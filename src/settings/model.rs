//! The settings themselves, their defaults, the command line's overrides and the error of a
//! settings file that cannot be used.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;

use super::exclude::{DEFAULT_EXCLUDE, Exclude};
use super::python::PythonVersion;

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

/// `[tool.undangle] keep-with = "package.module:function"` (or `"self.method"`,
/// `"self.attribute.method"`, `"object.method"` on an object in scope at the site, or the table
/// `{ function = "...", takes = "task" | "coroutine" }`): the project's own keeper.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeepWith {
    /// The module to import it from; empty for a method of `self` (`function` is then `method`
    /// or `attribute.method`) or of an object in scope.
    pub module: String,
    pub function: String,
    /// What it is called with.
    pub takes: Takes,
    /// A method of an object in scope at the site (`hass.async_create_task`: a parameter or a
    /// local of the site's function or one enclosing it); `function` is `object.method`.
    pub in_scope: bool,
}

/// What a keeper is called with: the task (`keep(asyncio.create_task(work()))`), or the
/// coroutine, which the keeper turns into a task itself (`spawn(work())`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Takes {
    #[default]
    Task,
    Coroutine,
}

impl KeepWith {
    const FORM: &str = "must be \"package.module:function\", \"self.method\", \
         \"self.attribute.method\" or \"object.method\"";

    pub(super) fn parse(spec: &str) -> Result<Self, String> {
        Self::parse_taking(spec, Takes::Task)
    }

    /// The table form: `{ function = "...", takes = "task" | "coroutine" }`.
    pub(super) fn from_table(function: &str, takes: Option<&str>) -> Result<Self, String> {
        let takes = match takes {
            None | Some("task") => Takes::Task,
            Some("coroutine") => Takes::Coroutine,
            Some(other) => {
                return Err(format!(
                    "`keep-with.takes = \"{other}\"` must be \"task\" or \"coroutine\""
                ));
            }
        };
        Self::parse_taking(function, takes)
    }

    fn parse_taking(spec: &str, takes: Takes) -> Result<Self, String> {
        let error = || format!("`keep-with = \"{spec}\"` {}", Self::FORM);
        if let Some(method) = spec.strip_prefix("self.") {
            // `self._spawn`, or a method of an object the instance holds: `self.registry.spawn`.
            let parts: Vec<&str> = method.split('.').collect();
            return match parts.len() <= 2 && parts.iter().all(|p| is_identifier(p)) {
                true => Ok(KeepWith {
                    module: String::new(),
                    function: method.to_owned(),
                    takes,
                    in_scope: false,
                }),
                false => Err(error()),
            };
        }
        // A method of an object in scope: `hass.async_create_task`.
        if let Some((object, method)) = spec.split_once('.')
            && !spec.contains(':')
            && is_identifier(object)
            && is_identifier(method)
        {
            return Ok(KeepWith {
                module: String::new(),
                function: spec.to_owned(),
                takes,
                in_scope: true,
            });
        }
        let (module, function) = spec.split_once(':').ok_or_else(error)?;
        let dotted_ok =
            !module.is_empty() && module.split('.').all(is_identifier) && is_identifier(function);
        if !dotted_ok {
            return Err(error());
        }
        Ok(KeepWith {
            module: module.to_owned(),
            function: function.to_owned(),
            takes,
            in_scope: false,
        })
    }

    /// A method of `self` (`keep-with = "self._spawn"`), not a function to import.
    pub fn is_method(&self) -> bool {
        self.module.is_empty() && !self.in_scope
    }

    /// Whether `path` is the keeper's module (`pkg/mod.py` or `pkg/mod/__init__.py`).
    pub fn is_module(&self, path: &std::path::Path) -> bool {
        if self.module.is_empty() {
            return false;
        }
        let parts: Vec<&str> = self.module.split('.').collect();
        let components: Vec<&std::ffi::OsStr> = path.iter().collect();
        let ends_with = |tail: &[&str], file: &str| {
            let n = tail.len() + 1;
            components.len() >= n
                && components[components.len() - 1] == file
                && components[components.len() - n..components.len() - 1]
                    .iter()
                    .zip(tail)
                    .all(|(c, t)| *c == std::ffi::OsStr::new(t))
        };
        let (last, package) = parts.split_last().map_or(("", &[][..]), |(l, p)| (*l, p));
        ends_with(package, &format!("{last}.py")) || ends_with(&parts, "__init__.py")
    }

    /// As the user wrote it: `pkg.mod:spawn` or `self._spawn`.
    pub fn spelling(&self) -> String {
        match (self.in_scope, self.is_method()) {
            (true, _) => self.function.clone(),
            (false, true) => format!("self.{}", self.function),
            (false, false) => format!("{}:{}", self.module, self.function),
        }
    }
}

/// What the tools read for one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolFiles {
    /// ruff's settings file.
    pub ruff: Option<PathBuf>,
    /// The `pyproject.toml` whose `[tool.black]` Black reads.
    pub black: Option<PathBuf>,
    /// flake8's settings file.
    pub flake8: Option<PathBuf>,
    /// The file isort takes its own settings from (`.isort.cfg`, `pyproject.toml`,
    /// `setup.cfg`, `tox.ini` or `.editorconfig`), where it finds one.
    pub isort: Option<PathBuf>,
    /// The formatter whose length code lines take: the one the project runs, else the one
    /// whose settings it has.
    pub formatter: Option<super::formatters::Formatter>,
}

/// Seconds a shutdown hook waits for its tasks when nothing says otherwise.
pub const DEFAULT_DRAIN_TIMEOUT: f64 = 10.0;

/// A drain timeout as given: a finite number of seconds above zero.
pub fn drain_timeout(seconds: f64) -> Result<f64, String> {
    match seconds.is_finite() && seconds > 0.0 {
        true => Ok(seconds),
        false => Err(format!(
            "`drain-timeout = {seconds}` must be a positive number of seconds"
        )),
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// isort's settings that decide where an import goes (ruff's `lint.isort` or `[tool.isort]`):
/// the modules named into a section, and how a section's lines are laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOrder {
    pub extra_standard_library: Vec<String>,
    pub known_first_party: Vec<String>,
    pub known_third_party: Vec<String>,
    pub known_local_folder: Vec<String>,
    /// `import x` and `from x import y` sorted together, by module.
    pub force_sort_within_sections: bool,
    /// One imported name per `from` line, except for the modules in `single_line_exclusions`.
    pub force_single_line: bool,
    pub single_line_exclusions: Vec<String>,
    /// isort's `force_alphabetical_sort`: one block for every section but `__future__`, its
    /// `from` lines first and then, after a blank line, its `import` lines.
    pub force_alphabetical_sort: bool,
    /// Imported members in plain alphabetical order, case ignored, not by type (isort's
    /// `force_alphabetical_sort_within_sections`, which `force_alphabetical_sort` implies).
    pub alphabetical_members: bool,
    /// `from x import y` lines before `import x` lines in a section (isort's and ruff's
    /// `from_first`, which `force_alphabetical_sort` implies).
    pub from_first: bool,
    /// A blank line between a section's `import` lines and its `from` lines (isort's and ruff's
    /// `lines_between_types`, which `force_alphabetical_sort` sets to 1).
    pub lines_between_types: bool,
    /// Modules whose imports go first among those of their kind in their section (isort's and
    /// ruff's `force_to_top`: the module's exact name).
    pub force_to_top: Vec<String>,
    /// isort's `length_sort`: modules, lines (with `force_sort_within_sections`) and imported
    /// names shortest first, then by name.
    pub length_sort: bool,
    /// isort's `length_sort_straight`: the same for `import x` lines only.
    pub length_sort_straight: bool,
    /// isort's own settings force-sort within sections: its lines compare as isort's
    /// `section_key` makes them (the whole line, case and all), not as ruff's module keys.
    pub isort_sorts_lines: bool,
    /// isort's `order_by_type = false` (profiles google, appnexus): force-sorted lines compare
    /// with case ignored.
    pub lines_ignore_case: bool,
    /// isort's `lexicographical` (profiles google, open_stack): a force-sorted `from a import b`
    /// compares as `a.b`.
    pub lexicographical: bool,
    /// isort's `group_by_package` (profile google): a force-sorted `from` line compares by its
    /// module alone.
    pub group_by_package: bool,
    /// isort's grid wrap for a `from` import it wraps (`multi_line_output` 4 or 5), read from
    /// isort's own settings only (ruff's isort has no modes).
    pub grid: Option<Grid>,
    /// Relative imports sort among the first-party ones, not in a block after them
    /// (reorder-python-imports, see `reorder.rs`).
    pub relative_first_party: bool,
}

/// isort's `VERTICAL_GRID` (4) and `VERTICAL_GRID_GROUPED` (5): as many names a line as fit,
/// under `from x import (` (see `plan/isort_grid.rs`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Grid {
    /// Mode 5: the closing parenthesis on a line of its own.
    pub grouped: bool,
    pub include_trailing_comma: bool,
    /// `force_grid_wrap`: wrapped from this many names on, even where the line fits (0: never).
    pub force_grid_wrap: usize,
    /// `wrap_length` (0: the line length).
    pub wrap_length: usize,
    /// `split_on_trailing_comma` (profile black): a wrapped import is exploded one name a line.
    pub split_on_trailing_comma: bool,
}

/// What one source of isort's settings says; `None` where it says nothing (read in `isort.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IsortValues {
    pub(super) extra_standard_library: Option<Vec<String>>,
    pub(super) known_first_party: Option<Vec<String>>,
    pub(super) known_third_party: Option<Vec<String>>,
    pub(super) known_local_folder: Option<Vec<String>>,
    pub(super) force_sort_within_sections: Option<bool>,
    pub(super) force_single_line: Option<bool>,
    pub(super) single_line_exclusions: Option<Vec<String>>,
    pub(super) force_alphabetical_sort: Option<bool>,
    pub(super) force_alphabetical_sort_within_sections: Option<bool>,
    pub(super) line_length: Option<usize>,
    pub(super) lines_after_imports: Option<i64>,
    /// isort's `add_imports`, ruff's `required-imports`: lines every module must hold.
    pub(super) add_imports: Option<Vec<String>>,
    pub(super) from_first: Option<bool>,
    pub(super) lines_between_types: Option<i64>,
    pub(super) force_to_top: Option<Vec<String>>,
    pub(super) length_sort: Option<bool>,
    pub(super) length_sort_straight: Option<bool>,
    pub(super) order_by_type: Option<bool>,
    pub(super) lexicographical: Option<bool>,
    pub(super) group_by_package: Option<bool>,
    /// `multi_line_output`, as written (`5`, `VERTICAL_GRID_GROUPED`).
    pub(super) multi_line_output: Option<String>,
    pub(super) include_trailing_comma: Option<bool>,
    pub(super) force_grid_wrap: Option<i64>,
    pub(super) wrap_length: Option<i64>,
    pub(super) split_on_trailing_comma: Option<bool>,
    /// Read from an `.editorconfig` (whose line length is not taken, see `isort.rs`).
    pub(super) from_editorconfig: bool,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// The file these came from, if any.
    pub source: Option<PathBuf>,
    /// The oldest Python the project declares: the fixed code must import on it.
    pub min_python: PythonVersion,
    /// Whether the project declares one at all (`min_python` is otherwise ruff's default).
    pub declares_python: bool,
    /// `min_python` is only guessed from trove classifiers or tox's `envlist`.
    pub guesses_python: bool,
    /// The oldest Home Assistant the project declares (`frameworks.rs`): which of its keepers
    /// the fix may call. `None` when unknown.
    pub home_assistant: Option<crate::scan::contracts::Release>,
    /// What the project's requirements show of the libraries whose contracts changed between
    /// releases (`pins.rs`): which pyee it runs on, for what a listener's task becomes.
    pub pins: crate::scan::pinned::Pins,
    /// The length of code lines: the formatter's (Black's or ruff's), else flake8's E501 limit.
    pub line_length: usize,
    /// Whether a tool's settings gave `line_length` (else it is Black's and ruff's default).
    pub declares_line_length: bool,
    /// The length of import lines: isort's, else ruff's (its isort rule), else `line_length`.
    pub import_line_length: usize,
    /// flake8's E501 limit, where the project has one: lines the formatter leaves as they are
    /// (docstrings, a statement it cannot split) keep to it too.
    pub max_line_length: Option<usize>,
    /// ruff's E501 limit (its `line-length`), where ruff checks E501: selected, or in the
    /// defaults of the ruff the project pins (older than 0.1.0).
    pub ruff_e501: Option<usize>,
    /// The files the tools read these from.
    pub tools: ToolFiles,
    /// The relative imports ruff allows (TID252), as a new import is spelled.
    pub relative_imports: super::ruff_imports::RelativeImports,
    /// ruff's D213 is on, D212 off: a multi-line docstring's summary starts on its second line.
    pub summary_on_second_line: bool,
    /// ruff's `per-file-ignores` entries that switch TID252 off: a file they match may import
    /// relatively whatever `relative_imports` says (the settings of a file say it for it).
    pub relative_ignores: Vec<super::ruff_imports::PerFileIgnore>,
    /// ruff checks FA100, which asks for `from __future__ import annotations` over `typing.Set`
    /// in an annotation: below Python 3.9 the fix writes that import and `set[...]`.
    pub future_annotations_rule: bool,
    /// ruff checks COM812: content the fix splits alone into a call's or a display's brackets
    /// gets a trailing comma, as `ruff check --fix` adds and the formatter keeps.
    pub trailing_comma_rule: bool,
    /// ruff checks UP009: a module the fix writes carries no UTF-8 encoding declaration, even
    /// where the package's modules open with one (issue 36's twenty-first exam, py-xiaozhi).
    pub utf8_pragma_rule: bool,
    /// ruff checks UP047 at a target of Python 3.12 or later, where the oldest Python the
    /// project runs on may be older: a helper generic through a `TypeVar` (which 3.12's type
    /// parameters would need) carries `# noqa: UP047` (issue 36's nineteenth exam, class 5).
    pub generic_function_rule: bool,
    /// ruff checks TC003 (a standard-library import used only in annotations belongs under
    /// `if TYPE_CHECKING:`), exempting these modules (`exempt-modules`); `None` where it is off.
    pub type_checking_exempt: Option<Vec<String>>,
    /// flake8-type-checking's `strict`: an import is reported even where a runtime import of the
    /// same module is there.
    pub type_checking_strict: bool,
    /// What ruff runs where its settings file selects nothing (the defaults of the ruff the
    /// project pins); `None` where it selects, or where no settings file governs the file.
    pub ruff_defaults: Option<super::ruff_defaults::DefaultSelection>,
    /// ruff's import roots (`src`), where it finds any settings: the folders a package's
    /// dotted name starts from.
    pub import_roots: Vec<PathBuf>,
    /// ruff's `namespace-packages`: folders without an `__init__.py` that ruff, and the fix,
    /// take for packages (PEP 420 packages the project declares).
    pub namespace_packages: Vec<PathBuf>,
    /// The imports every module must hold: ruff's `[lint.isort] required-imports` (I002) and
    /// isort's `add_imports`; a module the fix writes carries them.
    pub required_imports: Vec<String>,
    /// Blank lines after the import block; `None` is isort's automatic choice.
    pub lines_after_imports: Option<usize>,
    /// Where a new import goes, by isort's settings.
    pub import_order: ImportOrder,
    /// The quote of the strings the fix writes, when the project's formatter or linter sets
    /// it; `None` follows the file.
    pub quote: Option<char>,
    pub strategy: Strategy,
    pub keep_with: Option<KeepWith>,
    /// Cancel and await the tasks of each set the fix adds in its owner's shutdown hook.
    pub drain_on_shutdown: bool,
    /// How long, in seconds, a shutdown hook waits for the tasks it drains (`drain-timeout`).
    pub drain_timeout: f64,
    /// Log the exception of a kept task that fails.
    pub log_exceptions: bool,
    /// Report the kinds in preview too (`preview`; see `undangle rule --all`).
    pub preview: bool,
    /// Suppression comments (`# noqa: RUF006`, `# undangle: ignore`, ...) silence nothing
    /// (`--ignore-noqa`, as ruff's flag; no setting, as ruff has none).
    pub ignore_noqa: bool,
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

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source: None,
            min_python: PythonVersion::DEFAULT,
            declares_python: false,
            guesses_python: false,
            home_assistant: None,
            pins: crate::scan::pinned::Pins::default(),
            line_length: 88,
            declares_line_length: false,
            import_line_length: 88,
            max_line_length: None,
            ruff_e501: None,
            tools: ToolFiles::default(),
            relative_imports: super::ruff_imports::RelativeImports::Allowed,
            summary_on_second_line: false,
            relative_ignores: Vec::new(),
            future_annotations_rule: false,
            trailing_comma_rule: false,
            utf8_pragma_rule: false,
            generic_function_rule: false,
            type_checking_exempt: None,
            type_checking_strict: false,
            ruff_defaults: None,
            import_roots: Vec::new(),
            namespace_packages: Vec::new(),
            required_imports: Vec::new(),
            lines_after_imports: None,
            import_order: ImportOrder::default(),
            quote: None,
            strategy: Strategy::Inline,
            keep_with: None,
            drain_on_shutdown: false,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
            log_exceptions: false,
            preview: false,
            ignore_noqa: false,
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
    /// `--drain-timeout`.
    pub drain_timeout: Option<f64>,
    /// `--log-exceptions`.
    pub log_exceptions: bool,
    /// `--preview` (a flag can only turn it on).
    pub preview: bool,
    /// `--ignore-noqa`.
    pub ignore_noqa: bool,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Vec<String>,
    pub force_exclude: bool,
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
    /// The project's own task functions by their last name (`utils.spawn` → `spawn`): how a
    /// call of one is spelled.
    pub fn task_function_names(&self) -> impl Iterator<Item = &str> {
        self.task_functions
            .iter()
            .map(|f| f.rsplit('.').next().unwrap_or(f))
    }

    /// The longest a line the formatter leaves as it is may be: within the code's length and
    /// flake8's E501 limit.
    pub fn text_width(&self) -> usize {
        self.e501_limit()
            .map_or(self.line_length, |limit| limit.min(self.line_length))
    }

    /// E501's limit under every tool that checks it (flake8's, ruff's): the shorter.
    pub fn e501_limit(&self) -> Option<usize> {
        match (self.max_line_length, self.ruff_e501) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The command line's overrides, over the file's settings.
    pub(super) fn with(mut self, overrides: &Overrides) -> Result<Settings, SettingsError> {
        if let Some(strategy) = overrides.strategy {
            self.strategy = strategy;
        }
        self.drain_on_shutdown |= overrides.drain_on_shutdown;
        if let Some(timeout) = overrides.drain_timeout {
            self.drain_timeout = timeout;
        }
        self.log_exceptions |= overrides.log_exceptions;
        self.preview |= overrides.preview;
        self.ignore_noqa |= overrides.ignore_noqa;
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

    /// Another declaration of the oldest Python: the oldest of all declared wins.
    pub(super) fn declare_python(&mut self, version: Option<PythonVersion>) {
        if let Some(version) = version {
            self.min_python = match self.declares_python {
                true => self.min_python.min(version),
                false => version,
            };
            self.declares_python = true;
        }
    }
}
