//! reorder-python-imports, as a project's pre-commit hook runs it (`id: reorder-python-imports`,
//! asottile's tool or its Black-compatible fork): it splits every `from x import a, b` into one
//! statement per name and sorts each block its own way, so the imports a fix adds must already
//! be in that shape or the hook fails on the diff (issue 36's twenty-first exam, onyx).

use std::fs;
use std::path::{Path, PathBuf};

use super::model::ImportOrder;

const PRE_COMMIT: [&str; 2] = [".pre-commit-config.yaml", ".pre-commit-config.yml"];
const HOOK: &str = "reorder-python-imports";
const APPLICATION: &str = "--application-directories";

/// The application directories of the reorder-python-imports hook that the pre-commit
/// configuration in `dir` runs (its `--application-directories`, `.` by default), as folders
/// below `dir`; `None` where no such hook runs.
pub(super) fn hook(dir: &Path) -> Option<Vec<PathBuf>> {
    let config = PRE_COMMIT
        .iter()
        .find_map(|name| fs::read_to_string(dir.join(name)).ok())?;
    let args = hook_args(&config)?;
    let dirs = application_directories(&args).unwrap_or_else(|| ".".to_owned());
    Some(dirs.split(':').map(|d| dir.join(d)).collect())
}

/// The `args` of the hook, as words (empty where it has none); `None` where it is not there.
fn hook_args(config: &str) -> Option<Vec<String>> {
    let mut found: Option<Vec<String>> = None;
    // Inside the hook's entry, and inside its block list of `args`.
    let (mut inside, mut in_args) = (false, false);
    for line in config.lines() {
        let line = line.split(" #").next().unwrap_or_default().trim();
        let item = line.strip_prefix('-').map(str::trim_start);
        let key = item.unwrap_or(line);
        if let Some(id) = key.strip_prefix("id:") {
            let id = id.trim().trim_matches(['"', '\'']);
            inside = id == HOOK;
            in_args = false;
            if inside && found.is_none() {
                found = Some(Vec::new());
            }
        } else if key.starts_with("repo:") {
            (inside, in_args) = (false, false);
        } else if inside && let Some(rest) = key.strip_prefix("args:") {
            in_args = rest.trim().is_empty();
            found.get_or_insert_with(Vec::new).extend(words(rest));
        } else if inside
            && in_args
            && let Some(item) = item
        {
            found.get_or_insert_with(Vec::new).extend(words(item));
        } else if !line.is_empty() {
            in_args = false;
        }
    }
    found
}

fn words(text: &str) -> Vec<String> {
    let cleaned: String = (text.chars())
        .map(|c| match c {
            '"' | '\'' | ',' | '[' | ']' => ' ',
            c => c,
        })
        .collect();
    cleaned.split_whitespace().map(str::to_owned).collect()
}

/// `--application-directories=a:b` or `--application-directories a:b` (the last one given).
fn application_directories(args: &[String]) -> Option<String> {
    let mut found = None;
    for (i, arg) in args.iter().enumerate() {
        if let Some(value) = arg.strip_prefix(APPLICATION) {
            found = match value.strip_prefix('=') {
                Some(value) => Some(value.to_owned()),
                None if value.is_empty() => args.get(i + 1).cloned(),
                None => found,
            };
        }
    }
    found
}

/// The import order under the hook: one name per `from` line, every name of every module;
/// members by name, case ignored; relative imports in the application's block; and the top
/// modules and packages of the application directories the application's (as its
/// `classify_imports` finds them).
pub(super) fn order(mut order: ImportOrder, directories: &[PathBuf]) -> ImportOrder {
    order.force_single_line = true;
    order.single_line_exclusions.clear();
    order.alphabetical_members = true;
    order.relative_first_party = true;
    for dir in directories {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        let mut names: Vec<String> = (entries.flatten())
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let path = entry.path();
                // `classify_imports` takes a folder only where it holds something.
                match path.is_dir() {
                    true => fs::read_dir(&path).ok()?.next().map(|_| name),
                    false => name.strip_suffix(".py").map(str::to_owned),
                }
            })
            .filter(|name| is_identifier(name) && !order.known_first_party.contains(name))
            .collect();
        names.sort();
        order.known_first_party.extend(names);
    }
    order
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hooks_application_directories_are_read_from_its_args() {
        let inline = "repos:\n  - repo: https://github.com/psf/black\n    hooks:\n      \
                      - id: black\n        args: [\"--application-directories=no\"]\n  \
                      - repo: https://github.com/wimglenn/reorder-python-imports-black\n    \
                      hooks:\n      - id: reorder-python-imports\n        \
                      args: [\"--py311-plus\", \"--application-directories=backend/\"]\n";
        let args = hook_args(inline).unwrap();
        assert_eq!(application_directories(&args).as_deref(), Some("backend/"));
        let block = "  - repo: https://github.com/asottile/reorder-python-imports\n    hooks:\n    \
                     - id: reorder-python-imports\n      args:\n        - --py39-plus\n        \
                     - --application-directories\n        - .:src\n    - id: other\n";
        let args = hook_args(block).unwrap();
        assert_eq!(application_directories(&args).as_deref(), Some(".:src"));
        let bare = "  - repo: https://github.com/asottile/reorder-python-imports\n    hooks:\n    \
                    - id: reorder-python-imports\n";
        assert_eq!(hook_args(bare), Some(Vec::new()));
        assert_eq!(
            hook_args("  - repo: x\n    hooks:\n    - id: isort\n"),
            None
        );
    }
}
