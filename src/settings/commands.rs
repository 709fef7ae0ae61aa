//! The commands a project's files run, as written: the formatter a command runs (`black` as a
//! command, after a runner such as `python -m`, `poetry run`, `&&` or `find -exec`; `ruff
//! format`), the length and Black settings file its command line gives, and the shell scripts of
//! the project it runs. `formatters.rs` reads the files and follows the scripts.

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

/// A formatter a command runs, as written: the settings file it names is read later, from the
/// project's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Command {
    pub(super) formatter: Formatter,
    pub(super) length: Option<usize>,
    pub(super) config: Option<String>,
}

/// What the files that run commands say: the formatters they run, and the scripts of the
/// project they run (`./format.sh`, `bash scripts/lint.sh`, `hooks/pre-commit`).
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) commands: Vec<Command>,
    pub(super) scripts: Vec<String>,
}

/// Words after which the next word is the command run (`python -m black`, `poetry run black`,
/// `uvx ruff format`, `cmd && black .`, `find . -exec black {} +`, `xargs black`).
const RUNNERS: [&str; 13] = [
    "-m", "run", "uvx", "exec", "&&", "||", ";", "|", "time", "pipx", "-exec", "-execdir", "xargs",
];
/// Shells that run the script named after them (`bash scripts/format.sh`).
const SHELLS: [&str; 3] = ["bash", "sh", "zsh"];

/// Whether `word` names a shell script of the project: a path (`./format.sh`,
/// `hooks/pre-commit`) or a `.sh` file, without an extension of another language.
fn names_script(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    let extension = name.rsplit_once('.').map(|(_, e)| e);
    let shell = extension.is_none_or(|e| matches!(e, "sh" | "bash"));
    !name.is_empty() && shell && (word.contains('/') || extension.is_some())
}

pub(super) fn uses_black(line: &str) -> bool {
    let line = line.trim().trim_start_matches("- ").trim_start();
    line.strip_prefix("uses:")
        .is_some_and(|action| action.trim().starts_with("psf/black@"))
}

/// The formatters a pre-commit configuration's hooks run (`id: black`, `id: ruff-format`),
/// with a length (and Black's settings file) their `args` give, and what its local hooks'
/// `entry` commands run.
pub(super) fn pre_commit(config: &str, found: &mut Found) {
    // The hook being read: its command, still open to an `args:` line.
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
                found.commands.push(Command {
                    formatter,
                    length: None,
                    config: None,
                });
                found.commands.len() - 1
            });
        } else if item.starts_with("repo:") {
            open = None;
        } else if let Some(at) = open
            && item.starts_with("args:")
        {
            let words = words(item);
            let hook = &mut found.commands[at];
            hook.length = hook.length.or(length_option(&words, 0));
            if hook.formatter == Formatter::Black {
                hook.config = hook.config.take().or(config_option(&words, 0));
            }
        } else if let Some(entry) = item.strip_prefix("entry:") {
            read_commands(entry, found);
        }
    }
}

/// The formatters the commands in `text` run: `black` as a command (first on its line, or
/// after a runner such as `python -m`, `poetry run`, `&&` or `find -exec`), or `ruff format`;
/// and the scripts of the project they run (`./format.sh`, `bash scripts/lint.sh`).
pub(super) fn read_commands(text: &str, found: &mut Found) {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let words = words(line);
        for (i, word) in words.iter().enumerate() {
            let first = i == 0 || is_runner(&words[i - 1]);
            if !first {
                continue;
            }
            let path = word.trim_start_matches('@');
            let command = path.rsplit('/').next().unwrap_or(path);
            let formatter = match command {
                "black" => Formatter::Black,
                "ruff" if words.get(i + 1).is_some_and(|w| w == "format") => Formatter::Ruff,
                _ if SHELLS.contains(&command) => {
                    let script = words[i + 1..].iter().find(|w| !w.starts_with('-'));
                    found
                        .scripts
                        .extend(script.filter(|s| names_script(s)).cloned());
                    continue;
                }
                _ if names_script(path) => {
                    found.scripts.push(path.to_owned());
                    continue;
                }
                _ => continue,
            };
            let config = (formatter == Formatter::Black)
                .then(|| config_option(&words, i + 1))
                .flatten();
            found.commands.push(Command {
                formatter,
                length: length_option(&words, i + 1),
                config,
            });
        }
    }
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

/// Black's `--config FILE` or `--config=FILE` among `words` from `from`, up to the next command.
fn config_option(words: &[String], from: usize) -> Option<String> {
    let mut rest = words.iter().skip(from);
    while let Some(word) = rest.next() {
        if matches!(word.as_str(), "&&" | "||" | ";" | "|") {
            return None;
        }
        let value = match word.as_str() {
            "--config" => rest.next().map(String::as_str),
            _ => word.strip_prefix("--config="),
        };
        if let Some(file) = value.filter(|v| !v.is_empty()) {
            return Some(file.to_owned());
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(formatter: Formatter, length: Option<usize>) -> Vec<Command> {
        vec![Command {
            formatter,
            length,
            config: None,
        }]
    }

    fn commands(text: &str) -> Vec<Command> {
        let mut found = Found::default();
        read_commands(text, &mut found);
        found.commands
    }

    fn scripts(text: &str) -> Vec<String> {
        let mut found = Found::default();
        read_commands(text, &mut found);
        found.scripts
    }

    fn pre_commit_commands(config: &str) -> Vec<Command> {
        let mut found = Found::default();
        pre_commit(config, &mut found);
        found.commands
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
            (
                "find . -name \"*.py\" -exec black --line-length 160 {} \\+",
                run(Black, Some(160)),
            ),
            (
                "git ls-files '*.py' | xargs black -l 99",
                run(Black, Some(99)),
            ),
        ] {
            assert_eq!(commands(text), expected, "{text}");
        }
        for text in [
            "pip install black ruff",
            "ruff check --fix .",
            "# black .",
            "echo the black box",
            "find . -name black",
        ] {
            assert_eq!(commands(text), [], "{text}");
        }
    }

    #[test]
    fn black_given_a_settings_file_names_it() {
        let black = |config: &str| Command {
            formatter: Formatter::Black,
            length: None,
            config: Some(config.to_owned()),
        };
        assert_eq!(
            commands("\tblack --check --config black.toml ."),
            [black("black.toml")]
        );
        assert_eq!(
            commands("- run: python -m black --config=tools/black.toml src && ruff check"),
            [black("tools/black.toml")]
        );
        // ruff's `--config` is ruff's own, and a later command's is not Black's.
        let ruff = commands("ruff format --config ruff.toml .");
        assert_eq!(ruff[0].config, None);
        assert_eq!(commands("black . && mypy --config x.toml")[0].config, None);
        let hook = "  - repo: https://github.com/psf/black\n    hooks:\n      - id: black\n        \
                    args: [--config, black.toml]\n";
        assert_eq!(pre_commit_commands(hook), [black("black.toml")]);
    }

    #[test]
    fn a_command_that_runs_a_script_of_the_project_names_it() {
        for (text, expected) in [
            ("  - run: ./format.sh", "./format.sh"),
            (
                "        run: |\n          hooks/pre-commit\n",
                "hooks/pre-commit",
            ),
            ("\tbash scripts/lint.sh --fix", "scripts/lint.sh"),
            ("commands = sh -e tools/format.sh", "tools/format.sh"),
            ("make lint && ./scripts/format", "./scripts/format"),
        ] {
            assert_eq!(scripts(text), [expected], "{text}");
        }
        for text in [
            "python scripts/format.py",
            "./scripts/format.py",
            "cat format.sh",
            "echo ./format.sh",
            "pip install -e .",
            "black .",
        ] {
            assert_eq!(scripts(text), Vec::<String>::new(), "{text}");
        }
        let local = "  - repo: local\n    hooks:\n      - id: format\n        entry: ./format.sh\n        \
                     language: script\n";
        let mut found = Found::default();
        pre_commit(local, &mut found);
        assert_eq!(found.scripts, ["./format.sh"]);
    }

    #[test]
    fn a_pre_commit_hook_runs_its_formatter_with_its_args() {
        let config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    \
                      hooks:\n      - id: black\n        args: [--line-length=100]\n  \
                      - repo: https://github.com/PyCQA/flake8\n    hooks:\n      - id: flake8\n        \
                      args: [--max-line-length=140]\n";
        assert_eq!(
            pre_commit_commands(config),
            run(Formatter::Black, Some(100))
        );
        let ruff = "  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      \
                    - id: ruff\n      - id: ruff-format\n";
        assert_eq!(pre_commit_commands(ruff), run(Formatter::Ruff, None));
    }
}
