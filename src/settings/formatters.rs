//! Which formatter a project runs on its code, read from where projects run it: a pre-commit
//! hook, a CI workflow, tox, a Makefile, a noxfile, a shell script of the project one of those
//! runs, or Black in its development dependencies.
//! The formatter's length is the one code lines must keep, whatever flake8's limit says: a line
//! within flake8's 140 columns that Black splits at 88 is reformatted by the project's own CI.

use std::fs;
use std::path::{Path, PathBuf};

pub use super::commands::Formatter;
use super::commands::{Command, Found, pre_commit, read_commands, uses_black};

/// A formatter the project runs, the length its command line gives (`black -l 100`), and the
/// settings file it names (`black --config black.toml`), which Black then reads instead of the
/// project's `pyproject.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) formatter: Formatter,
    pub(super) length: Option<usize>,
    pub(super) config: Option<BlackTable>,
}

/// What undangle reads of a `[tool.black]` table in a file Black is given with `--config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct BlackTable {
    pub(super) length: Option<usize>,
    pub(super) skips_strings: bool,
}

/// Files that run commands, in the folder (a project's root).
const COMMAND_FILES: [&str; 3] = ["tox.ini", "Makefile", "noxfile.py"];
const PRE_COMMIT: [&str; 2] = [".pre-commit-config.yaml", ".pre-commit-config.yml"];

/// Scripts followed from the files above: those they run, and those these run (a pre-commit
/// hook script that runs `./format.sh`), each read once.
const SCRIPT_DEPTH: usize = 2;
const MAX_SCRIPTS: usize = 16;
/// A script longer than this is no formatting script.
const MAX_SCRIPT_BYTES: u64 = 64 * 1024;

/// The formatter the files of `dir` run, if any: a command (a hook, a workflow step, a tox,
/// make or nox command, a script of the project one of those runs) first, then Black among the
/// development dependencies of `pyproject` (ruff there says nothing: its linter is used without
/// its formatter).
pub(super) fn runs(dir: &Path, pyproject: Option<&toml::Table>) -> Option<Run> {
    let text = |path: &Path| fs::read_to_string(path).ok();
    let mut found = Found::default();
    for name in PRE_COMMIT {
        if let Some(config) = text(&dir.join(name)) {
            pre_commit(&config, &mut found);
        }
    }
    if let Ok(entries) = fs::read_dir(dir.join(".github/workflows")) {
        let mut workflows: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        workflows.sort();
        for workflow in workflows {
            let yaml = workflow
                .extension()
                .is_some_and(|e| e == "yml" || e == "yaml");
            if let Some(steps) = yaml.then(|| text(&workflow)).flatten() {
                read_commands(&steps, &mut found);
                // The Black action (`uses: psf/black@stable`) runs Black.
                let actions = steps.lines().filter(|l| uses_black(l));
                found.commands.extend(actions.map(|_| Command {
                    formatter: Formatter::Black,
                    length: None,
                    config: None,
                }));
            }
        }
    }
    for name in COMMAND_FILES {
        if let Some(file) = text(&dir.join(name)) {
            read_commands(&file, &mut found);
        }
    }
    follow_scripts(dir, &mut found);
    // Black where it runs, with a length (and a settings file) its command line gives
    // wherever that is.
    let chosen = [Formatter::Black, Formatter::Ruff]
        .into_iter()
        .find(|f| found.commands.iter().any(|c| c.formatter == *f));
    if let Some(formatter) = chosen {
        let ours = || found.commands.iter().filter(|c| c.formatter == formatter);
        let length = ours().find_map(|c| c.length);
        let config = ours()
            .filter_map(|c| c.config.as_deref())
            .find_map(|file| black_table(dir, file));
        return Some(Run {
            formatter,
            length,
            config,
        });
    }
    dev_dependency_black(pyproject?).then_some(Run {
        formatter: Formatter::Black,
        length: None,
        config: None,
    })
}

/// The commands of the scripts `found` names, and of those they name, to [`SCRIPT_DEPTH`]: each
/// a file inside `dir` (a script elsewhere is another project's), read once.
fn follow_scripts(dir: &Path, found: &mut Found) {
    if found.scripts.is_empty() {
        return;
    }
    let Ok(root) = dir.canonicalize() else {
        return;
    };
    let mut read: Vec<PathBuf> = Vec::new();
    let mut next = std::mem::take(&mut found.scripts);
    for _ in 0..SCRIPT_DEPTH {
        let mut inner = Found::default();
        for name in &next {
            let Some(path) = script(&root, name) else {
                continue;
            };
            if read.contains(&path) || read.len() >= MAX_SCRIPTS {
                continue;
            }
            if let Ok(text) = fs::read_to_string(&path) {
                read_commands(&text, &mut inner);
            }
            read.push(path);
        }
        found.commands.append(&mut inner.commands);
        next = inner.scripts;
    }
}

/// The file a script's name (relative to the project's `root`) is, where it is a file of the
/// project small enough to be a script.
fn script(root: &Path, name: &str) -> Option<PathBuf> {
    if name.starts_with(['/', '~']) || name.contains('$') {
        return None;
    }
    let path = root.join(name).canonicalize().ok()?;
    let meta = fs::metadata(&path).ok()?;
    (path.starts_with(root) && meta.is_file() && meta.len() <= MAX_SCRIPT_BYTES).then_some(path)
}

/// What `[tool.black]` says in the settings file `file` (relative to the project's root `dir`)
/// that a command gives Black with `--config`: Black reads only that file then. None where the
/// file is missing or no TOML (Black stops there; undangle keeps what it read without it).
fn black_table(dir: &Path, file: &str) -> Option<BlackTable> {
    if Path::new(file).is_absolute() {
        return None;
    }
    let table: toml::Table = fs::read_to_string(dir.join(file)).ok()?.parse().ok()?;
    let black = table.get("tool").and_then(|t| t.get("black"));
    Some(
        black
            .and_then(toml::Value::as_table)
            .map_or_else(BlackTable::default, BlackTable::read),
    )
}

impl BlackTable {
    /// Black's `line-length` and `skip-string-normalization` in a `[tool.black]` table.
    pub(super) fn read(table: &toml::Table) -> BlackTable {
        let length = table.get("line-length").and_then(toml::Value::as_integer);
        let skips = (table.get("skip-string-normalization"))
            .or(table.get("skip_string_normalization"))
            .and_then(toml::Value::as_bool);
        BlackTable {
            length: length.and_then(|l| usize::try_from(l).ok()),
            skips_strings: skips.unwrap_or(false),
        }
    }
}

/// Whether Black is among the development dependencies `pyproject` declares: dependency
/// groups, extras, Poetry's groups, PDM's and uv's development dependencies.
fn dev_dependency_black(pyproject: &toml::Table) -> bool {
    let get = |path: &[&str]| {
        let mut value = pyproject.get(path[0])?;
        for key in &path[1..] {
            value = value.get(*key)?;
        }
        Some(value)
    };
    let is_black = |requirement: &str| {
        let name = requirement
            .trim()
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .next()
            .unwrap_or_default();
        name.eq_ignore_ascii_case("black")
    };
    // Lists of requirements, in a table of lists (groups, extras).
    let in_lists = |value: Option<&toml::Value>| {
        let lists = value.and_then(toml::Value::as_table).into_iter().flatten();
        lists
            .filter_map(|(_, list)| list.as_array())
            .flatten()
            .filter_map(toml::Value::as_str)
            .any(is_black)
    };
    let in_list = |value: Option<&toml::Value>| {
        (value.and_then(toml::Value::as_array).into_iter().flatten())
            .filter_map(toml::Value::as_str)
            .any(is_black)
    };
    // Poetry's tables of dependencies, by name.
    let names_black = |value: Option<&toml::Value>| {
        value
            .and_then(toml::Value::as_table)
            .is_some_and(|t| t.keys().any(|k| k.eq_ignore_ascii_case("black")))
    };
    let poetry_groups = get(&["tool", "poetry", "group"])
        .and_then(toml::Value::as_table)
        .into_iter()
        .flatten()
        .any(|(_, group)| names_black(group.get("dependencies")));
    in_lists(get(&["dependency-groups"]))
        || in_lists(get(&["project", "optional-dependencies"]))
        || in_lists(get(&["tool", "pdm", "dev-dependencies"]))
        || in_list(get(&["tool", "uv", "dev-dependencies"]))
        || names_black(get(&["tool", "poetry", "dev-dependencies"]))
        || poetry_groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        dir
    }

    const HOOK_WORKFLOW: (&str, &str) = (
        ".github/workflows/format_lint.yml",
        "jobs:\n  main:\n    steps:\n      - name: Run pre-commit hook\n        run: |\n          \
         hooks/pre-commit\n",
    );

    #[test]
    fn a_script_the_project_runs_gives_blacks_length() {
        // The workflow runs the hook, the hook runs format.sh, format.sh runs Black at 160.
        let format = "#!/usr/bin/env bash\nset -e\nfind . -name \"*.py\" -exec black \
                      --line-length 160 {} \\+\nfind . -exec isort --profile black {} \\+\n";
        let dir = tree(&[
            HOOK_WORKFLOW,
            (
                "hooks/pre-commit",
                "#!/usr/bin/env bash\n./format.sh\n./lint.sh\n",
            ),
            ("format.sh", format),
            ("lint.sh", "flake8 --max-line-length 160\n"),
        ]);
        let found = runs(dir.path(), None).unwrap();
        assert_eq!(
            (found.formatter, found.length),
            (Formatter::Black, Some(160))
        );
        // A script without a length: Black at its default.
        let dir = tree(&[
            ("Makefile", "fmt:\n\tbash scripts/fmt.sh\n"),
            ("scripts/fmt.sh", "black .\n"),
        ]);
        let found = runs(dir.path(), None).unwrap();
        assert_eq!((found.formatter, found.length), (Formatter::Black, None));
        // Three scripts deep is past what is followed; a script that runs itself is read once.
        let dir = tree(&[
            ("Makefile", "fmt:\n\t./a.sh\n"),
            ("a.sh", "./a.sh\n./b.sh\n"),
            ("b.sh", "./c.sh\n"),
            ("c.sh", "black -l 100 .\n"),
        ]);
        assert_eq!(runs(dir.path(), None), None);
    }

    #[test]
    fn a_script_outside_the_project_is_not_read() {
        let outside = tree(&[("format.sh", "black --line-length 160 .\n")]);
        let project = outside.path().join("project");
        fs::create_dir(&project).unwrap();
        fs::write(project.join("Makefile"), "fmt:\n\t../format.sh\n").unwrap();
        assert_eq!(runs(&project, None), None);
        let absolute = format!(
            "fmt:\n\tbash {}\n",
            outside.path().join("format.sh").display()
        );
        fs::write(project.join("Makefile"), absolute).unwrap();
        assert_eq!(runs(&project, None), None);
    }

    #[test]
    fn blacks_settings_file_gives_its_length_and_quotes() {
        let toml = "[tool.black]\nline-length = 100\nskip-string-normalization = true\n";
        let dir = tree(&[
            (
                "Makefile",
                "check:\n\tblack --check --config black.toml .\n",
            ),
            ("black.toml", toml),
        ]);
        let table = BlackTable {
            length: Some(100),
            skips_strings: true,
        };
        assert_eq!(runs(dir.path(), None).unwrap().config, Some(table));
        // A length on the command line is kept beside it (it wins, as in Black).
        let dir = tree(&[
            (
                "tox.ini",
                "[testenv:lint]\ncommands = black -l 120 --config black.toml .\n",
            ),
            ("black.toml", toml),
        ]);
        let found = runs(dir.path(), None).unwrap();
        assert_eq!((found.length, found.config), (Some(120), Some(table)));
        // A file without `[tool.black]`: Black's defaults, not the pyproject's table.
        let dir = tree(&[
            ("Makefile", "\tblack --config lint.toml .\n"),
            ("lint.toml", "[tool.isort]\n"),
        ]);
        let found = runs(dir.path(), None).unwrap();
        assert_eq!(found.config, Some(BlackTable::default()));
        // A missing file: as without it.
        let dir = tree(&[("Makefile", "\tblack --config black.toml .\n")]);
        let found = runs(dir.path(), None).unwrap();
        assert_eq!(
            (found.formatter, found.length, found.config),
            (Formatter::Black, None, None)
        );
    }

    #[test]
    fn black_among_the_development_dependencies() {
        for text in [
            "[dependency-groups]\ndev = [\"black>=23\", \"pytest\"]\n",
            "[project.optional-dependencies]\nlint = [\"black[jupyter]==24.1\"]\n",
            "[tool.poetry.group.dev.dependencies]\nblack = \"^23.1\"\n",
            "[tool.poetry.dev-dependencies]\nBlack = \"*\"\n",
        ] {
            let table: toml::Table = text.parse().unwrap();
            assert!(dev_dependency_black(&table), "{text}");
        }
        let table: toml::Table = "[dependency-groups]\ndev = [\"blackjack\", \"ruff\"]\n"
            .parse()
            .unwrap();
        assert!(!dev_dependency_black(&table));
    }
}
