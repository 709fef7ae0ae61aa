//! Where each tool that formats or checks the lines the fix writes finds its settings for a
//! folder, walking up from it on its own rules, and the lengths they give: code lines the
//! formatter's (Black's where Black finds its table, else ruff's), import lines isort's (else
//! ruff's isort), E501's limit flake8's. The tool files of each folder are read once.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::formatters::{self, BlackTable, Run};
use super::ini::Ini;
use super::isort::IsortFiles;
use super::python::{PythonVersion, minimum_python, ruff_target_version};
use super::reorder;
use super::ruff_defaults::Defaults;
use super::ruff_imports::RuffImports;

/// ruff's settings files in a folder, by its precedence (a `pyproject.toml` only with a
/// `[tool.ruff]` table).
const RUFF_FILES: [&str; 3] = [".ruff.toml", "ruff.toml", "pyproject.toml"];
/// flake8's files in a folder, in its order (the first with a `[flake8]` section wins).
const FLAKE8_FILES: [&str; 3] = ["setup.cfg", "tox.ini", ".flake8"];
/// Black's and ruff's line length when nothing sets one.
pub(super) const DEFAULT_LENGTH: usize = 88;

/// The tool files of one folder, as read once.
#[derive(Default)]
pub(super) struct Folder {
    /// A `.git` here (file or folder), or a `.hg` folder: Black's project root.
    black_root: bool,
    /// ruff's settings file here, with what it (and what it extends) says.
    ruff: Option<Arc<Ruff>>,
    /// A `pyproject.toml` here, and its `[tool.black]` table's line length when it has the
    /// table (`Some(None)`: the table, without one).
    pyproject: bool,
    /// The lowest Python its `[project] requires-python` allows.
    requires_python: Option<PythonVersion>,
    black: Option<Option<usize>>,
    /// Its `[tool.black]` sets `skip-string-normalization`: Black leaves quotes as written.
    black_skips_strings: bool,
    /// The first of flake8's files here with a `[flake8]` section that `configparser` reads, and
    /// E501's limit there (`None` where E501 is off).
    flake8: Option<(PathBuf, Option<usize>)>,
    /// isort's files here.
    pub(super) isort: Arc<IsortFiles>,
    /// The formatter this folder's files run (its hooks, workflows, tox, make or nox commands,
    /// its development dependencies), read where a project has its root.
    runs: Option<Run>,
    /// The application directories of the reorder-python-imports hook its pre-commit
    /// configuration runs (`reorder.rs`), read where a project has its root.
    reorder: Option<Arc<Vec<PathBuf>>>,
}

/// What ruff reads in one settings file and the files it extends (the closer file's value wins).
#[derive(Debug, Default)]
pub(super) struct Ruff {
    pub(super) file: PathBuf,
    pub(super) line_length: Option<usize>,
    pub(super) quote: Option<char>,
    /// `format.quote-style = "preserve"`: ruff's formatter leaves quotes as written.
    pub(super) preserves_quotes: bool,
    /// `lint.isort` (or the older `isort`).
    pub(super) isort: Option<toml::Table>,
    /// TID252's ban of relative imports, and `src`.
    pub(super) imports: RuffImports,
    /// `target-version`; in a `pyproject.toml`, else its `requires-python` (ruff's order: a
    /// closer file's either one before what it extends).
    pub(super) target_version: Option<PythonVersion>,
}

impl Ruff {
    /// ruff's import roots: its `src`, else the settings file's folder and its `src/`.
    pub(super) fn import_roots(&self) -> Vec<PathBuf> {
        let folder = self.file.parent().unwrap_or(Path::new(""));
        (self.imports.src.clone()).unwrap_or_else(|| vec![folder.to_owned(), folder.join("src")])
    }
}

/// Reads each folder's tool files once; safe to share between threads.
#[derive(Default)]
pub struct Discovery {
    /// Keyed by the path's bytes with FNV: every folder of a tree asks for each folder above it
    /// for each tool, and hashing a `Path` component by component cost more than the rest.
    folders: Mutex<fnv::FnvHashMap<OsString, Arc<Folder>>>,
}

impl Discovery {
    /// The tool files of `dir`, read on first use.
    pub(super) fn folder(&self, dir: &Path) -> Arc<Folder> {
        let lock = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(dir.as_os_str()) {
            return known.clone();
        }
        let read = Arc::new(read_folder(dir));
        lock()
            .entry(dir.as_os_str().to_owned())
            .or_insert(read)
            .clone()
    }

    /// ruff's settings for `folder`: the closest settings file at or above it.
    pub(super) fn ruff(&self, folder: &Path) -> Option<Arc<Ruff>> {
        folder
            .ancestors()
            .find_map(|dir| self.folder(dir).ruff.clone())
    }

    /// The oldest Python ruff checks the files of `folder` for, as ruff (0.11 and later) finds
    /// it: its settings file's `target-version` (see [`Ruff::target_version`]), else the
    /// `requires-python` of the closest `pyproject.toml` at or above that file that declares
    /// one. Without a settings file ruff takes the closest `requires-python` from the folder it
    /// runs in; undangle takes it from `folder`, as ruff run there does.
    pub(super) fn ruff_python(&self, folder: &Path) -> Option<PythonVersion> {
        let ruff = self.ruff(folder);
        if let Some(version) = ruff.as_ref().and_then(|r| r.target_version) {
            return Some(version);
        }
        let from = ruff
            .as_ref()
            .and_then(|r| r.file.parent())
            .unwrap_or(folder);
        from.ancestors()
            .find_map(|dir| self.folder(dir).requires_python)
    }

    /// Black's `pyproject.toml` for `folder` and its line length, when Black has a table
    /// there: Black's project root is the closest folder with a `.git`, a `.hg` folder or a
    /// `pyproject.toml` with `[tool.black]`, and it reads that root's `pyproject.toml`.
    pub(super) fn black(&self, folder: &Path) -> Option<(PathBuf, usize)> {
        let (root, files) = self.black_root(folder)?;
        let length = (*files.black.as_ref()?).unwrap_or(DEFAULT_LENGTH);
        files
            .pyproject
            .then(|| (root.join("pyproject.toml"), length))
    }

    /// Whether Black, run for `folder`, rewrites every string to double quotes: unless the
    /// table it reads sets `skip-string-normalization`.
    pub(super) fn black_normalises_strings(&self, folder: &Path) -> bool {
        self.black_root(folder)
            .is_none_or(|(_, files)| !files.black_skips_strings)
    }

    /// Black's project root for `folder` (see [`Discovery::black`]) and its files.
    fn black_root<'p>(&self, folder: &'p Path) -> Option<(&'p Path, Arc<Folder>)> {
        let root = folder.ancestors().find(|dir| {
            let files = self.folder(dir);
            files.black_root || files.black.is_some()
        })?;
        Some((root, self.folder(root)))
    }

    /// The formatter the project of `folder` runs: the closest folder whose files run one, up
    /// to the repository's root (a `.git` or `.hg`), the home folder left out.
    pub(super) fn formatter(&self, folder: &Path) -> Option<Run> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for (i, dir) in folder.ancestors().enumerate() {
            if i > 0 && home.as_deref() == Some(dir) {
                return None;
            }
            let files = self.folder(dir);
            if files.runs.is_some() || files.black_root {
                return files.runs;
            }
        }
        None
    }

    /// The application directories of the reorder-python-imports hook that the project of
    /// `folder` runs: the closest folder whose pre-commit configuration runs it, up to the
    /// repository's root, the home folder left out.
    pub(super) fn reorder(&self, folder: &Path) -> Option<Arc<Vec<PathBuf>>> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for (i, dir) in folder.ancestors().enumerate() {
            if i > 0 && home.as_deref() == Some(dir) {
                return None;
            }
            let files = self.folder(dir);
            if files.reorder.is_some() || files.black_root {
                return files.reorder.clone();
            }
        }
        None
    }

    /// flake8's settings file for `folder`, as flake8 run there finds it (it looks in the folder
    /// it runs in, then each folder above, the home folder and those above it left out), and
    /// E501's limit there.
    pub(super) fn flake8(&self, folder: &Path) -> Option<(PathBuf, Option<usize>)> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        for (i, dir) in folder.ancestors().enumerate() {
            if i > 0 && home.as_deref() == Some(dir) {
                return None;
            }
            if let Some(found) = &self.folder(dir).flake8 {
                return Some(found.clone());
            }
        }
        None
    }
}

fn read_folder(dir: &Path) -> Folder {
    let hg = dir.join(".hg");
    let text = |name: &str| fs::read_to_string(dir.join(name)).ok();
    let pyproject = text("pyproject.toml").and_then(|t| t.parse::<toml::Table>().ok());
    let pyproject_is_file = dir.join("pyproject.toml").is_file();
    let tool = |name: &str| {
        let table = pyproject.as_ref()?.get("tool")?.get(name)?;
        table.as_table()
    };
    let requires_python = pyproject.as_ref().and_then(project_python);
    let ruff = RUFF_FILES.iter().find_map(|name| {
        let path = dir.join(name);
        match *name {
            "pyproject.toml" => {
                tool("ruff").map(|table| ruff_settings(&path, table, requires_python))
            }
            _ => path.is_file().then(|| {
                let table = text(name).and_then(|t| t.parse::<toml::Table>().ok());
                ruff_settings(&path, &table.unwrap_or_default(), None)
            }),
        }
    });
    let black_table = tool("black").map(BlackTable::read);
    let black = black_table.map(|table| table.length);
    let black_skips_strings = black_table.is_some_and(|table| table.skips_strings);
    let ini = |name: &str| text(name).map(|t| Ini::parse(&t));
    let flake8 = FLAKE8_FILES.iter().find_map(|name| {
        let file = ini(name)?;
        let has = file.has_section("flake8") || file.has_section("flake8:local-plugins");
        (file.error.is_none() && has).then(|| (dir.join(name), flake8_line_length(&file)))
    });
    let git = dir.join(".git").exists();
    // Where a project has its root: its repository's, or a folder with its settings.
    let root = git || hg.exists() || pyproject_is_file || flake8.is_some();
    let root = root
        || ["setup.cfg", "tox.ini"]
            .iter()
            .any(|n| dir.join(n).is_file());
    let runs = root
        .then(|| formatters::runs(dir, pyproject.as_ref()))
        .flatten();
    let reorder = root.then(|| reorder::hook(dir)).flatten().map(Arc::new);
    Folder {
        black_root: git || hg.is_dir(),
        ruff: ruff.map(Arc::new),
        pyproject: pyproject_is_file,
        requires_python,
        black,
        black_skips_strings,
        flake8,
        isort: Arc::new(IsortFiles::read(dir, git || hg.exists(), tool("isort"))),
        runs,
        reorder,
    }
}

/// The lowest Python a `pyproject.toml`'s `[project] requires-python` allows.
fn project_python(pyproject: &toml::Table) -> Option<PythonVersion> {
    let spec = pyproject.get("project")?.get("requires-python")?.as_str()?;
    minimum_python(spec)
}

/// ruff's settings in `table` (a `ruff.toml`, or a `pyproject.toml`'s `[tool.ruff]`, whose
/// `requires-python` is `requires`) at `path`, over those of the files it extends.
fn ruff_settings(path: &Path, table: &toml::Table, requires: Option<PythonVersion>) -> Ruff {
    let mut ruff = Ruff {
        file: path.to_owned(),
        imports: RuffImports::read(table, path),
        ..one_ruff_table(table)
    };
    ruff.target_version = ruff.target_version.or(requires);
    let mut extend = table
        .get("extend")
        .and_then(|e| e.as_str())
        .map(str::to_owned);
    let mut from = path.to_owned();
    // A few levels, and no circle.
    for _ in 0..8 {
        let Some(next) = extend.take() else { break };
        let Some(next) = from.parent().map(|dir| dir.join(next)) else {
            break;
        };
        let Some(text) = fs::read_to_string(&next).ok() else {
            break;
        };
        let Ok(parsed) = text.parse::<toml::Table>() else {
            break;
        };
        let (table, requires) = match next.file_name().and_then(|n| n.to_str()) {
            Some("pyproject.toml") => match parsed.get("tool").and_then(|t| t.get("ruff")) {
                Some(toml::Value::Table(table)) => (table.clone(), project_python(&parsed)),
                _ => break,
            },
            _ => (parsed, None),
        };
        let base = one_ruff_table(&table);
        ruff.target_version = ruff.target_version.or(base.target_version).or(requires);
        ruff.line_length = ruff.line_length.or(base.line_length);
        if !ruff.preserves_quotes && ruff.quote.is_none() {
            ruff.quote = base.quote;
            ruff.preserves_quotes = base.preserves_quotes;
        }
        ruff.isort = ruff.isort.take().or(base.isort);
        ruff.imports = std::mem::take(&mut ruff.imports).over(RuffImports::read(&table, &next));
        extend = table
            .get("extend")
            .and_then(|e| e.as_str())
            .map(str::to_owned);
        from = next;
    }
    // The ruff that reads this file is the one its project pins.
    ruff.imports.defaults = Defaults::pinned(path.parent().unwrap_or(Path::new("")));
    ruff
}

/// What one ruff settings table says, read leniently (ruff reports its own errors).
fn one_ruff_table(table: &toml::Table) -> Ruff {
    let get = |path: &[&str]| {
        let mut value = table.get(path[0])?;
        for key in &path[1..] {
            value = value.get(*key)?;
        }
        Some(value)
    };
    let text = |path: &[&str]| get(path).and_then(toml::Value::as_str);
    // ruff's formatter rewrites every string to its quote; else its linter asks for one.
    let quote = (text(&["format", "quote-style"]))
        .or(text(&["lint", "flake8-quotes", "inline-quotes"]))
        .or(text(&["flake8-quotes", "inline-quotes"]))
        .and_then(|style| match style {
            "single" => Some('\''),
            "double" => Some('"'),
            _ => None,
        });
    let isort = (get(&["lint", "isort"]).or(get(&["isort"])))
        .and_then(toml::Value::as_table)
        .cloned();
    Ruff {
        file: PathBuf::new(),
        preserves_quotes: text(&["format", "quote-style"]) == Some("preserve"),
        line_length: (get(&["line-length"]).and_then(toml::Value::as_integer))
            .and_then(|l| usize::try_from(l).ok())
            .filter(|&l| l > 0),
        quote,
        isort,
        imports: RuffImports::default(),
        target_version: text(&["target-version"]).and_then(ruff_target_version),
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
