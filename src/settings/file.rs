//! Reading one settings file: a `pyproject.toml` (other tools' tables and `[tool.undangle]`), an
//! `undangle.toml`, and the setuptools files beside them.

use std::fs;
use std::path::Path;

use super::discover::Discovery;
use super::exclude::{DEFAULT_EXCLUDE, Exclude};
use super::ini::Ini;
use super::model::{DEFAULT_DRAIN_TIMEOUT, KeepWith, Settings, SettingsError, drain_timeout};
use super::python::{
    classifiers_python, envlist_python, minimum_python, ruff_target_version, setup_cfg_python,
    setup_py_python,
};
use super::tables::{PyProject, Undangle};
use crate::scan::pinned::{PTB_CREATE_TASK_SINCE, PTB_TASK_NAME_SINCE};

/// python-telegram-bot's distribution, whose `Application.create_task` the fix may call.
const PTB: &str = "python-telegram-bot";
pub(super) use super::tool_values::ToolValues;

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

        // The line lengths, the quote and isort's settings are each tool's own, found as it
        // finds them for each folder (`discover.rs`, `Settings::with_tools`).

        // ruff's walk is the project's: what it leaves out (a vendored tree, with settings
        // files of its own) is never read, unless undangle's own table says otherwise.
        let mut own = tools.undangle.unwrap_or_default();
        own.exclude = own.exclude.or(ruff.exclude);
        own.extend_exclude = match (ruff.extend_exclude, own.extend_exclude) {
            (Some(mut ruffs), Some(owns)) => {
                ruffs.extend(owns);
                Some(ruffs)
            }
            (ruffs, owns) => owns.or(ruffs),
        };
        own.force_exclude = own.force_exclude.or(ruff.force_exclude);
        settings.apply(own, path, "[tool.undangle] ")?;
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
            .as_ref()
            .map(keep_with)
            .transpose()
            .map_err(error)?;
        self.drain_on_shutdown = own.drain_on_shutdown.unwrap_or(false);
        self.drain_timeout = match own.drain_timeout {
            None => DEFAULT_DRAIN_TIMEOUT,
            Some(toml::Value::Integer(seconds)) => drain_timeout(seconds as f64).map_err(error)?,
            Some(toml::Value::Float(seconds)) => drain_timeout(seconds).map_err(error)?,
            Some(other) => {
                return Err(error(format!(
                    "`drain-timeout = {other}` must be a positive number of seconds"
                )));
            }
        };
        self.log_exceptions = own.log_exceptions.unwrap_or(false);
        self.preview = own.preview.unwrap_or(false);
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
}

/// The versions of the libraries whose contracts changed that the files of `folder` allow.
pub(super) fn pins_in(folder: &Path) -> crate::scan::pinned::Pins {
    crate::scan::pinned::Pins {
        pyee: super::pins::side(folder, "pyee", crate::scan::pinned::PYEE_KEEPS_SINCE),
        telegram: super::pins::newest_side(folder, PTB, PTB_CREATE_TASK_SINCE),
        telegram_name: super::pins::newest_side(folder, PTB, PTB_TASK_NAME_SINCE),
    }
}

impl Settings {
    /// Folds in setuptools' `python_requires` in the `setup.cfg` and `setup.py` of `folder`, the
    /// oldest Home Assistant its files declare, and the versions of the libraries whose
    /// contracts changed (`pins.rs`).
    pub(super) fn with_setuptools(
        mut self,
        folder: Option<&Path>,
    ) -> Result<Settings, SettingsError> {
        let Some(folder) = folder else {
            return Ok(self);
        };
        let read = |name: &str| fs::read_to_string(folder.join(name)).ok();
        let setup_cfg = read("setup.cfg").map(|text| Ini::parse(&text));
        self.declare_python(setup_cfg.as_ref().and_then(setup_cfg_python));
        let setup_py = read("setup.py");
        self.declare_python(setup_py.as_deref().and_then(setup_py_python));
        if !self.declares_python {
            // The package's own statement where it declares no minimum: the oldest Python 3 its
            // classifiers or tox's environments name (a variable annotation is a SyntaxError
            // before 3.6, so a 3.4 there matters).
            let tox = read("tox.ini").map(|text| Ini::parse(&text));
            let envlist = |ini: Option<&Ini>, section: &str| {
                ini.and_then(|ini| ini.get(section, &["envlist"]).and_then(envlist_python))
            };
            let weak = [
                setup_py.as_deref().and_then(classifiers_python),
                read("setup.cfg").as_deref().and_then(classifiers_python),
                read("pyproject.toml")
                    .as_deref()
                    .and_then(classifiers_python),
                envlist(tox.as_ref(), "tox"),
                envlist(setup_cfg.as_ref(), "tox:tox"),
            ];
            let guess = weak.into_iter().flatten().min();
            self.guesses_python = guess.is_some();
            self.declare_python(guess);
        }
        self.home_assistant = super::frameworks::home_assistant(folder);
        self.pins = pins_in(folder);
        Ok(self)
    }

    /// What the tools that format and check the lines read for `folder`, each found as the tool
    /// finds it: the three line lengths, ruff's quote and isort's settings (ruff's and isort's
    /// own). An isort section in `folder` that isort cannot read is an error naming its file.
    pub fn with_tools(
        self,
        folder: &Path,
        discovery: &Discovery,
    ) -> Result<Settings, SettingsError> {
        Ok(self.with_tool_values(ToolValues::read(folder, discovery)?))
    }

    /// These settings with what the tools read for a folder.
    pub(super) fn with_tool_values(mut self, values: ToolValues) -> Settings {
        let ToolValues {
            quote,
            import_order,
            lines_after_imports,
            line_length,
            declares_line_length,
            import_line_length,
            max_line_length,
            ruff_e501,
            tools,
            relative_imports,
            relative_ignores,
            future_annotations_rule,
            trailing_comma_rule,
            utf8_pragma_rule,
            generic_function_rule,
            type_checking_exempt,
            type_checking_strict,
            ruff_defaults,
            summary_on_second_line,
            import_roots,
            namespace_packages,
            required_imports,
            ruff_python,
        } = values;
        self.quote = quote;
        self.import_order = import_order;
        self.lines_after_imports = lines_after_imports;
        self.line_length = line_length;
        self.declares_line_length = declares_line_length;
        self.import_line_length = import_line_length;
        self.max_line_length = max_line_length;
        self.ruff_e501 = ruff_e501;
        self.tools = tools;
        self.relative_imports = relative_imports;
        self.relative_ignores = relative_ignores;
        self.future_annotations_rule = future_annotations_rule;
        self.trailing_comma_rule = trailing_comma_rule;
        self.utf8_pragma_rule = utf8_pragma_rule;
        self.generic_function_rule = generic_function_rule;
        self.type_checking_exempt = type_checking_exempt;
        self.type_checking_strict = type_checking_strict;
        self.ruff_defaults = ruff_defaults;
        self.summary_on_second_line = summary_on_second_line;
        self.import_roots = import_roots;
        self.namespace_packages = namespace_packages;
        self.required_imports = required_imports;
        // ruff's minimum is a declaration: it replaces a guess from classifiers or tox.
        if ruff_python.is_some() && self.guesses_python {
            self.declares_python = false;
            self.guesses_python = false;
        }
        self.declare_python(ruff_python);
        self
    }
}

/// `keep-with`: `"pkg.mod:spawn"`, `"self._spawn"`, or `{ function = "...", takes = "..." }`.
fn keep_with(value: &toml::Value) -> Result<KeepWith, String> {
    let table = match value {
        toml::Value::String(spec) => return KeepWith::parse(spec),
        toml::Value::Table(table) => table,
        _ => return Err("`keep-with` must be a string or a table".to_owned()),
    };
    if let Some(key) = table
        .keys()
        .find(|k| !matches!(k.as_str(), "function" | "takes"))
    {
        return Err(format!(
            "unknown key `keep-with.{key}` (expected `function` or `takes`)"
        ));
    }
    let Some(toml::Value::String(function)) = table.get("function") else {
        return Err("`keep-with.function` must be a string".to_owned());
    };
    let takes = match table.get("takes") {
        None => None,
        Some(toml::Value::String(takes)) => Some(takes.as_str()),
        Some(_) => return Err("`keep-with.takes` must be \"task\" or \"coroutine\"".to_owned()),
    };
    KeepWith::from_table(function, takes)
}

pub(super) fn read_text(path: &Path) -> Result<String, SettingsError> {
    fs::read_to_string(path).map_err(|e| SettingsError {
        path: path.to_owned(),
        message: format!("cannot read: {e}"),
    })
}

/// A settings file named by `--config`, or found: `undangle.toml` or `pyproject.toml`.
pub(super) fn read_file(path: &Path) -> Result<Settings, SettingsError> {
    let text = read_text(path)?;
    match path.file_name().and_then(|n| n.to_str()) {
        Some("pyproject.toml") => Settings::from_pyproject(path, &text),
        _ => Settings::from_undangle_toml(Settings::default(), path, &text),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::settings::{ImportOrder, KeepWith, PythonVersion, Settings, Strategy, Takes};

    /// The settings of a folder holding `files` (name, text; a name may have folders).
    fn folder(files: &[(&str, &str)]) -> Settings {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Settings::from_folder(dir.path()).unwrap()
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
        let s = folder(&[("pyproject.toml", text)]);
        assert_eq!(s.min_python, PythonVersion(3, 7));
        assert_eq!(s.line_length, 100);
        assert_eq!(s.lines_after_imports, Some(2));
        assert_eq!(s.strategy, Strategy::Helper);
        assert_eq!(
            s.keep_with,
            Some(KeepWith {
                module: "app.tasks".into(),
                function: "spawn".into(),
                takes: Takes::Task,
                in_scope: false,
            })
        );
    }

    #[test]
    fn each_line_length_comes_from_the_tool_that_formats_or_checks_that_line() {
        let lengths = |s: &Settings| {
            (
                s.line_length,
                s.import_line_length,
                s.max_line_length,
                s.declares_line_length,
            )
        };
        // ruff's `extend` gives 120 to code and imports; Black formats the code at 100.
        let extend = "[tool.ruff]\nextend = \"../pyproject.toml\"\n";
        let base = ("pyproject.toml", "[tool.ruff]\nline-length = 120\n");
        let black = format!("{extend}[tool.black]\nline-length = 100\n");
        let s = folder(&[base, ("sub/pyproject.toml", &black)]);
        assert_eq!(lengths(&s), (120, 120, None, true), "the root's own folder");
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [base, ("sub/pyproject.toml", black.as_str())] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let s = Settings::from_folder(&dir.path().join("sub")).unwrap();
        assert_eq!(lengths(&s), (100, 120, None, true));
        std::fs::write(dir.path().join("sub/pyproject.toml"), extend).unwrap();
        let s = Settings::from_folder(&dir.path().join("sub")).unwrap();
        assert_eq!(lengths(&s), (120, 120, None, true));
        // isort's profile is for import lines only; flake8's limit is E501's.
        let s = folder(&[
            (
                "pyproject.toml",
                "[tool.black]\nline-length = 99\n[tool.isort]\nprofile = \"black\"\n",
            ),
            (
                "tox.ini",
                "[tox]\nenvlist = py\n[flake8]\nmax-line-length = 110\n",
            ),
        ]);
        assert_eq!(lengths(&s), (99, 88, Some(110), true));
        assert_eq!(s.text_width(), 99);
        // flake8 alone: its limit is the code's; isort's own default is 79.
        let s = folder(&[
            (
                "setup.cfg",
                "[metadata]\nname = x\n[flake8]\nmax-line-length = 100\n",
            ),
            (".isort.cfg", "[settings]\nknown_first_party = app\n"),
        ]);
        assert_eq!(lengths(&s), (100, 79, Some(100), true));
        assert_eq!(lengths(&folder(&[])), (88, 88, None, false));
    }

    #[test]
    fn keep_with_names_what_the_keeper_takes() {
        let read = |value: &str| {
            let text = format!("[tool.undangle]\nkeep-with = {value}\n");
            Settings::from_pyproject(Path::new("pyproject.toml"), &text)
                .unwrap()
                .keep_with
                .unwrap()
        };
        let table = read("{ function = \"app.bg:spawn\", takes = \"coroutine\" }");
        assert_eq!(
            (table.module.as_str(), table.takes),
            ("app.bg", Takes::Coroutine)
        );
        let method = read("\"self._track\"");
        assert!(method.is_method());
        assert_eq!(
            (method.spelling(), method.takes),
            ("self._track".into(), Takes::Task)
        );
        let method = read("{ function = \"self._spawn\", takes = \"coroutine\" }");
        assert_eq!(
            (method.function.as_str(), method.takes),
            ("_spawn", Takes::Coroutine)
        );
        // A method of an object the instance holds.
        let held = read("\"self.registry.background\"");
        assert!(held.is_method());
        assert_eq!(held.spelling(), "self.registry.background");
        // A method of an object in scope at the site.
        let hass = read("{ function = \"hass.async_create_task\", takes = \"coroutine\" }");
        assert!(hass.in_scope && !hass.is_method());
        assert_eq!(hass.spelling(), "hass.async_create_task");
    }

    #[test]
    fn isort_settings_come_from_ruff_and_isort_and_a_bad_value_is_no_error() {
        let order = |text: &str| folder(&[("pyproject.toml", text)]).import_order;
        let ruff = "[tool.ruff.lint.isort]\nextra-standard-library = [\"uvloop\"]\n\
                    force-sort-within-sections = true\n";
        let o = order(ruff);
        assert_eq!(o.extra_standard_library, ["uvloop"]);
        assert!(o.force_sort_within_sections && !o.force_single_line);
        let legacy = "[tool.ruff.isort]\nknown-first-party = [\"app\"]\n";
        assert_eq!(order(legacy).known_first_party, ["app"]);
        let isort = "[tool.isort]\nknown_third_party = \"a, b\"\nforce_single_line = true\n\
                     single_line_exclusions = [\"typing\"]\n";
        let o = order(isort);
        assert_eq!(o.known_third_party, ["a", "b"]);
        assert!(o.force_single_line);
        assert_eq!(o.single_line_exclusions, ["typing"]);
        // Another tool's table: a value of the wrong type is that tool's to report.
        let odd = "[tool.isort]\nknown_first_party = 3\nforce_single_line = \"sometimes\"\n";
        assert_eq!(order(odd), ImportOrder::default());
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
        let quote = |text: &str| folder(&[("pyproject.toml", text)]).quote;
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
    fn the_oldest_declaration_wins() {
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
    fn the_drain_timeout_is_a_positive_number_of_seconds() {
        let read = |text: &str| Settings::from_pyproject(Path::new("pyproject.toml"), text);
        assert_eq!(read("").unwrap().drain_timeout, 10.0);
        let whole = read("[tool.undangle]\ndrain-timeout = 3\n").unwrap();
        assert_eq!(whole.drain_timeout, 3.0);
        let fraction = read("[tool.undangle]\ndrain-timeout = 0.25\n").unwrap();
        assert_eq!(fraction.drain_timeout, 0.25);
        for bad in ["0", "-2", "\"10\"", "true", "inf", "nan"] {
            let err = read(&format!("[tool.undangle]\ndrain-timeout = {bad}\n")).unwrap_err();
            assert!(
                err.message.starts_with("[tool.undangle] `drain-timeout = ")
                    && err
                        .message
                        .ends_with("must be a positive number of seconds"),
                "{bad}: {err}"
            );
        }
        let own = Settings::from_undangle_toml(
            Settings::default(),
            Path::new("undangle.toml"),
            "drain-timeout = 1.5\n",
        )
        .unwrap();
        assert_eq!(own.drain_timeout, 1.5);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_file() {
        for text in [
            "[tool.undangle]\nstrategy = \"nope\"\n",
            "[tool.undangle]\nstrategee = \"inline\"\n",
            "[tool.undangle]\nkeep-with = \"no_colon\"\n",
            "[tool.undangle]\nkeep-with = { function = \"a:b\", takes = \"future\" }\n",
            "[tool.undangle]\nkeep-with = { takes = \"coroutine\" }\n",
            "[tool.undangle]\nkeep-with = { function = \"a:b\", take = \"task\" }\n",
            "[tool.undangle]\nkeep-with = 3\n",
            "[tool.undangle]\ndrain-timeout = 0\n",
            "[tool.undangle]\ndrain-timeout = -1.5\n",
            "[tool.undangle]\ndrain-timeout = \"10\"\n",
            "[tool.undangle]\ndrain-timeout = nan\n",
            "[project\n",
        ] {
            let err = Settings::from_pyproject(Path::new("x/pyproject.toml"), text).unwrap_err();
            assert!(err.to_string().starts_with("x/pyproject.toml: "), "{err}");
        }
    }
}
