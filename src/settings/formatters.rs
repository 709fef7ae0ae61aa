//! Which formatter a project runs on its code, read from where projects run it: a pre-commit
//! hook, a CI workflow, tox, a Makefile, a noxfile, or Black in its development dependencies.
//! The formatter's length is the one code lines must keep, whatever flake8's limit says: a line
//! within flake8's 140 columns that Black splits at 88 is reformatted by the project's own CI.

use std::fs;
use std::path::Path;

/// A formatter of code lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Formatter {
    Black,
    Ruff,
}

impl Formatter {
    pub fn name(self) -> &'static str {
        match self {
            Formatter::Black => "black",
            Formatter::Ruff => "ruff",
        }
    }
}

/// A formatter the project runs, and the length its command line gives (`black -l 100`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) formatter: Formatter,
    pub(super) length: Option<usize>,
}

/// Files that run commands, in the folder (a project's root).
const COMMAND_FILES: [&str; 3] = ["tox.ini", "Makefile", "noxfile.py"];
const PRE_COMMIT: [&str; 2] = [".pre-commit-config.yaml", ".pre-commit-config.yml"];
/// Words after which the next word is the command run (`python -m black`, `poetry run black`,
/// `uvx ruff format`, `cmd && black .`).
const RUNNERS: [&str; 10] = [
    "-m", "run", "uvx", "exec", "&&", "||", ";", "|", "time", "pipx",
];

/// The formatter the files of `dir` run, if any: a command (a hook, a workflow step, a tox,
/// make or nox command) first, then Black among the development dependencies of `pyproject`
/// (ruff there says nothing: its linter is used without its formatter).
pub(super) fn runs(dir: &Path, pyproject: Option<&toml::Table>) -> Option<Run> {
    let text = |path: &Path| fs::read_to_string(path).ok();
    let mut found = Vec::new();
    for name in PRE_COMMIT {
        if let Some(config) = text(&dir.join(name)) {
            found.extend(pre_commit(&config));
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
                found.extend(commands(&steps));
                // The Black action (`uses: psf/black@stable`) runs Black.
                found.extend(steps.lines().filter(|l| uses_black(l)).map(|_| Run {
                    formatter: Formatter::Black,
                    length: None,
                }));
            }
        }
    }
    for name in COMMAND_FILES {
        if let Some(file) = text(&dir.join(name)) {
            found.extend(commands(&file));
        }
    }
    // Black where it runs, with a length its command line gives wherever that is.
    let chosen = [Formatter::Black, Formatter::Ruff]
        .into_iter()
        .find(|f| found.iter().any(|r| r.formatter == *f));
    if let Some(formatter) = chosen {
        let length = (found.iter())
            .filter(|r| r.formatter == formatter)
            .find_map(|r| r.length);
        return Some(Run { formatter, length });
    }
    dev_dependency_black(pyproject?).then_some(Run {
        formatter: Formatter::Black,
        length: None,
    })
}

fn uses_black(line: &str) -> bool {
    let line = line.trim().trim_start_matches("- ").trim_start();
    line.strip_prefix("uses:")
        .is_some_and(|action| action.trim().starts_with("psf/black@"))
}

/// The formatters a pre-commit configuration's hooks run (`id: black`, `id: ruff-format`),
/// with a length their `args` give, and those its local hooks' `entry` commands run.
fn pre_commit(config: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    // The hook being read: its run, still open to an `args:` line.
    let mut open: Option<usize> = None;
    for line in config.lines() {
        let line = line.split(" #").next().unwrap_or_default().trim();
        let item = line.trim_start_matches("- ").trim_start();
        if let Some(id) = item.strip_prefix("id:") {
            let id = id.trim().trim_matches(['"', '\'']);
            let formatter = match id {
                "black" | "black-jupyter" => Some(Formatter::Black),
                "ruff-format" => Some(Formatter::Ruff),
                _ => None,
            };
            open = formatter.map(|formatter| {
                runs.push(Run {
                    formatter,
                    length: None,
                });
                runs.len() - 1
            });
        } else if item.starts_with("repo:") {
            open = None;
        } else if let Some(at) = open
            && item.starts_with("args:")
        {
            runs[at].length = runs[at].length.or(length_option(&words(item), 0));
        } else if let Some(entry) = item.strip_prefix("entry:") {
            runs.extend(commands(entry));
        }
    }
    runs
}

/// The formatters the commands in `text` run: `black` as a command (first on its line, or
/// after a runner such as `python -m`, `poetry run` or `&&`), or `ruff format`.
fn commands(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let words = words(line);
        for (i, word) in words.iter().enumerate() {
            let command = word.trim_start_matches('@');
            let command = command.rsplit('/').next().unwrap_or(command);
            let first = i == 0 || is_runner(&words[i - 1]);
            let formatter = match command {
                "black" if first => Formatter::Black,
                "ruff" if first && words.get(i + 1).is_some_and(|w| w == "format") => {
                    Formatter::Ruff
                }
                _ => continue,
            };
            runs.push(Run {
                formatter,
                length: length_option(&words, i + 1),
            });
        }
    }
    runs
}

fn is_runner(word: &str) -> bool {
    RUNNERS.contains(&word) || word.ends_with(".run") || word.ends_with(':') || word == "="
}

/// The words of a line, with the quotes, brackets and commas of YAML lists, INI values and
/// `session.run("black", ".")` left out, and a YAML item's `- ` with them.
fn words(line: &str) -> Vec<String> {
    let cleaned: String = line
        .chars()
        .map(|c| match c {
            '"' | '\'' | ',' | '(' | ')' | '[' | ']' | '{' | '}' => ' ',
            c => c,
        })
        .collect();
    let mut words: Vec<String> = cleaned.split_whitespace().map(str::to_owned).collect();
    if words.first().is_some_and(|w| w == "-" || w == "|") {
        words.remove(0);
    }
    // `run: black .`, `commands = black .`: the key is no command.
    if words
        .first()
        .is_some_and(|w| w.ends_with(':') || w == "commands")
    {
        words.remove(0);
        if words.first().is_some_and(|w| w == "=" || w == "|") {
            words.remove(0);
        }
    }
    words
}

/// `--line-length N`, `--line-length=N`, `-l N` or `-lN` among `words` from `from`, up to
/// the next command.
fn length_option(words: &[String], from: usize) -> Option<usize> {
    let mut rest = words.iter().skip(from);
    while let Some(word) = rest.next() {
        if matches!(word.as_str(), "&&" | "||" | ";" | "|") {
            return None;
        }
        let value = match word.as_str() {
            "--line-length" | "-l" => rest.next().map(String::as_str),
            _ => (word.strip_prefix("--line-length="))
                .or_else(|| word.strip_prefix("-l").filter(|v| !v.is_empty())),
        };
        if let Some(length) = value.and_then(|v| v.parse().ok()).filter(|&l| l > 0) {
            return Some(length);
        }
    }
    None
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

    fn run(formatter: Formatter, length: Option<usize>) -> Vec<Run> {
        vec![Run { formatter, length }]
    }

    #[test]
    fn a_command_that_runs_a_formatter_names_it() {
        use Formatter::{Black, Ruff};
        for (text, expected) in [
            (
                "      - run: black --extend-exclude contrib .",
                run(Black, None),
            ),
            ("  black -l 100 src", run(Black, Some(100))),
            ("python -m black --line-length=120 .", run(Black, Some(120))),
            ("commands = poetry run black --check .", run(Black, None)),
            ("\t@black .", run(Black, None)),
            (
                "    session.run(\"black\", \"--check\", \".\")",
                run(Black, None),
            ),
            ("uvx ruff format --line-length 99", run(Ruff, Some(99))),
            ("ruff check . && ruff format --check .", run(Ruff, None)),
        ] {
            assert_eq!(commands(text), expected, "{text}");
        }
        for text in [
            "pip install black ruff",
            "ruff check --fix .",
            "# black .",
            "echo the black box",
        ] {
            assert_eq!(commands(text), [], "{text}");
        }
    }

    #[test]
    fn a_pre_commit_hook_runs_its_formatter_with_its_args() {
        let config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    \
                      hooks:\n      - id: black\n        args: [--line-length=100]\n  \
                      - repo: https://github.com/PyCQA/flake8\n    hooks:\n      - id: flake8\n        \
                      args: [--max-line-length=140]\n";
        assert_eq!(pre_commit(config), run(Formatter::Black, Some(100)));
        let ruff = "  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      \
                    - id: ruff\n      - id: ruff-format\n";
        assert_eq!(pre_commit(ruff), run(Formatter::Ruff, None));
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
