//! Reading one settings file: a `pyproject.toml` (other tools' tables and `[tool.undangle]`), an
//! `undangle.toml`, and the setuptools files beside them.

use std::fs;
use std::path::Path;

use super::exclude::{DEFAULT_EXCLUDE, Exclude};
use super::ini::Ini;
use super::isort::{import_order, own_settings};
use super::model::{
    DEFAULT_DRAIN_TIMEOUT, IsortSources, IsortValues, KeepWith, Settings, SettingsError,
    drain_timeout,
};
use super::python::{minimum_python, ruff_target_version, setup_cfg_python, setup_py_python};
use super::tables::{PyProject, RuffToml, Undangle};

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

        // Every tool that checks or rewrites the lines must accept them: the smallest length
        // (isort's is known once its own files are read, in `with_setuptools`).
        let ruff_length = ruff.line_length.or_else(|| {
            let folder = path.parent()?;
            extended_line_length(folder, ruff.extend.as_deref()?, 0)
        });
        for length in [ruff_length, black.and_then(|b| b.line_length)] {
            settings.declare_line_length(length);
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
        let ruff_isort = lint.isort.or(ruff.isort);
        settings.isort_sources = IsortSources {
            ruff: (ruff_isort.as_ref())
                .map_or_else(IsortValues::default, |t| IsortValues::from_toml(t, true)),
            pyproject: (tools.isort.filter(|t| !t.is_empty()))
                .map(|t| IsortValues::from_toml(&t, false)),
        };
        let pyproject_isort = settings.isort_sources.pyproject.clone();
        settings.resolve_isort(pyproject_isort.as_ref());

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

impl Settings {
    /// Folds in what the INI files and `setup.py` in `folder` say: setuptools'
    /// `python_requires` (`setup.cfg`, `setup.py`), flake8's `max-line-length` (`.flake8`,
    /// `setup.cfg` or `tox.ini`) and isort's settings (`.isort.cfg`, `setup.cfg`, `tox.ini`).
    /// Each file is read once; an isort section that cannot be read is an error naming it.
    pub(super) fn with_setuptools(
        mut self,
        folder: Option<&Path>,
    ) -> Result<Settings, SettingsError> {
        let Some(folder) = folder else {
            return Ok(self);
        };
        let read = |name: &str| fs::read_to_string(folder.join(name)).ok();
        let ini = |name: &str| read(name).map(|text| Ini::parse(&text));
        let (setup_cfg, tox_ini) = (ini("setup.cfg"), ini("tox.ini"));
        self.declare_python(setup_cfg.as_ref().and_then(setup_cfg_python));
        self.declare_python(read("setup.py").as_deref().and_then(setup_py_python));
        // flake8 reads the first of these that has a `[flake8]` section.
        let dot_flake8 = ini(".flake8");
        let flake8 = [&dot_flake8, &setup_cfg, &tox_ini]
            .into_iter()
            .flatten()
            .find(|file| file.has_section("flake8"));
        self.declare_line_length(flake8.and_then(flake8_line_length));
        let isort_cfg = ini(".isort.cfg");
        let files = [
            (".isort.cfg", &isort_cfg),
            ("setup.cfg", &setup_cfg),
            ("tox.ini", &tox_ini),
        ];
        let file = |name: &str| files.iter().find(|f| f.0 == name)?.1.as_ref();
        let isort = own_settings(folder, self.isort_sources.pyproject.as_ref(), file)?;
        self.resolve_isort(isort.as_ref());
        self.declare_line_length(isort.as_ref().and_then(IsortValues::line_length));
        Ok(self)
    }

    /// Where imports go and the blank lines after them, from ruff's isort table and isort's
    /// own settings.
    fn resolve_isort(&mut self, isort: Option<&IsortValues>) {
        let ruff = &self.isort_sources.ruff;
        self.import_order = import_order(ruff, isort);
        self.lines_after_imports = (ruff.lines_after_imports())
            .or(isort.and_then(IsortValues::lines_after_imports))
            .and_then(|n| usize::try_from(n).ok());
    }

    /// Another tool's line length: the smallest of all declared wins.
    fn declare_line_length(&mut self, length: Option<usize>) {
        if let Some(length) = length.filter(|&l| l > 0) {
            self.line_length = match self.declares_line_length {
                true => self.line_length.min(length),
                false => length,
            };
            self.declares_line_length = true;
        }
    }
}

/// flake8's line length from its section: `max-line-length`, else its default 79 where E501 is
/// on (a section that ignores it, or selects codes without it, sets none).
fn flake8_line_length(file: &Ini) -> Option<usize> {
    let get = |keys: &[&str]| file.get("flake8", keys);
    if let Some(length) = get(&["max-line-length", "max_line_length"]) {
        return length.trim().parse().ok();
    }
    // The longest code in a list that E501 starts with: flake8 lets the longer of the selecting
    // and the ignoring one decide.
    let longest = |lists: &[Option<&str>]| {
        lists
            .iter()
            .flatten()
            .flat_map(|list| list.split(|c: char| c == ',' || c.is_whitespace()))
            .map(|code| code.split('#').next().unwrap_or_default().trim())
            .filter(|code| !code.is_empty() && "E501".starts_with(code))
            .map(str::len)
            .max()
            .unwrap_or(0)
    };
    let select = get(&["select"]).unwrap_or("E,F,W,C90");
    let selected = longest(&[Some(select), get(&["extend-select", "extend_select"])]);
    let ignored = longest(&[get(&["ignore"]), get(&["extend-ignore", "extend_ignore"])]);
    (selected > ignored).then_some(79)
}

/// The `line-length` of the settings that `[tool.ruff] extend` names (a `pyproject.toml`'s
/// `[tool.ruff]`, or a `ruff.toml`), following their own `extend` a few levels deep.
fn extended_line_length(folder: &Path, extend: &str, depth: usize) -> Option<usize> {
    if depth > 8 {
        return None; // a circle
    }
    let path = folder.join(extend);
    let text = fs::read_to_string(&path).ok()?;
    let (length, next) = match path.file_name().and_then(|n| n.to_str()) {
        Some("pyproject.toml") => {
            let parsed: PyProject = toml::from_str(&text).ok()?;
            let ruff = parsed.tool.and_then(|t| t.ruff)?;
            (ruff.line_length, ruff.extend)
        }
        _ => {
            let parsed: RuffToml = toml::from_str(&text).ok()?;
            (parsed.line_length, parsed.extend)
        }
    };
    length.or_else(|| extended_line_length(path.parent()?, next.as_deref()?, depth + 1))
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
                function: "spawn".into(),
                takes: Takes::Task,
            })
        );
    }

    #[test]
    fn the_smallest_line_length_of_every_tool_applies() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("pyproject.toml");
        std::fs::write(&base, "[tool.ruff]\nline-length = 120\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let sub = dir.path().join("sub/pyproject.toml");
        // ruff's `extend` gives 120; Black asks for 100.
        let text = "[tool.ruff]\nextend = \"../pyproject.toml\"\n[tool.black]\nline-length = 100\n";
        let s = Settings::from_pyproject(&sub, text).unwrap();
        assert_eq!((s.line_length, s.declares_line_length), (100, true));
        let text = "[tool.ruff]\nextend = \"../pyproject.toml\"\n";
        let s = Settings::from_pyproject(&sub, text).unwrap();
        assert_eq!(s.line_length, 120);
        // flake8's `max-line-length` in the first file with a `[flake8]` section.
        std::fs::write(dir.path().join("sub/setup.cfg"), "[metadata]\nname = x\n").unwrap();
        std::fs::write(
            dir.path().join("sub/tox.ini"),
            "[tox]\nenvlist = py\n[flake8]\nmax-line-length = 110\n",
        )
        .unwrap();
        let s = s.with_setuptools(Some(&dir.path().join("sub"))).unwrap();
        assert_eq!(s.line_length, 110);
        let s = Settings::default()
            .with_setuptools(Some(&dir.path().join("sub")))
            .unwrap();
        assert_eq!((s.line_length, s.declares_line_length), (110, true));
        assert_eq!(Settings::default().line_length, 88);
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
    }

    #[test]
    fn isort_settings_come_from_ruff_and_isort_and_a_bad_value_is_no_error() {
        let order = |text: &str| {
            Settings::from_pyproject(Path::new("pyproject.toml"), text)
                .unwrap()
                .import_order
        };
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
