//! The versions of a library a project allows, for a contract that changed between releases
//! (pyee's `AsyncIOEventEmitter` keeps what a listener returns only since 9.1.1): the package's
//! requirements in the folder's `pyproject.toml` (PEP 621 dependencies, optional dependencies
//! and dependency groups, Poetry's), `setup.cfg` `install_requires`, the string literals of a
//! `setup.py` and `requirements*.txt`. A contract is decided only when every requirement read
//! puts every allowed version on one side of the release that changed it; anything else
//! (nothing declared, a bound that straddles it, an unreadable spelling) is `None`.

use std::fs;
use std::path::Path;

use super::ini::Ini;
use crate::scan::pinned::{Side, Version};

/// `8.1.0`, `9.1`, `11`, with the number of parts written; a pre-release suffix on the last
/// part is dropped (`9.1.1rc1` reads 9.1.1). `None` otherwise, and for a wildcard (`8.*`).
fn parse_version(text: &str) -> Option<(Version, usize)> {
    let text = text.trim();
    let mut parts = [0u32; 3];
    let mut count = 0;
    for part in text.split('.') {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if count == 3 || digits.is_empty() {
            return None;
        }
        parts[count] = digits.parse().ok()?;
        count += 1;
        if digits.len() != part.len() {
            break;
        }
    }
    Some((Version(parts[0], parts[1], parts[2]), count))
}

/// Which side of `release` every version of `package` that the files of `folder` allow is on.
pub fn side(folder: &Path, package: &str, release: Version) -> Option<Side> {
    let specs = requirements(folder, package);
    let sides: Vec<Option<Side>> = specs.iter().map(|s| spec_side(s, release)).collect();
    match sides.first() {
        Some(Some(first)) if sides.iter().all(|s| *s == Some(*first)) => Some(*first),
        _ => None,
    }
}

/// Which side of `release` (one ruff has published) every ruff the project of `folder` runs is
/// on: its requirements (as [`side`]) and the `rev` of its pre-commit hook
/// (`astral-sh/ruff-pre-commit`, formerly `charliermarsh/ruff-pre-commit`, tagged `v0.4.2`:
/// that ruff exactly). A requirement with no upper bound (`ruff`, `ruff>=0.4`) installs the
/// newest ruff, which runs what every published release brought: ruff's versioning policy
/// adds rules to the default set in minor releases, and does not hold them back from a
/// project that leaves the version open.
pub fn ruff_side(folder: &Path, release: Version) -> Option<Side> {
    open_side(&ruff_specs(folder), release)
}

/// Which side of `release` every `package` the files of `folder` allow is on, a requirement
/// with no upper bound (`python-telegram-bot`, `python-telegram-bot>=13`) installing the
/// newest, as [`ruff_side`] reads ruff.
pub fn newest_side(folder: &Path, package: &str, release: Version) -> Option<Side> {
    open_side(&requirements(folder, package), release)
}

fn open_side(specs: &[String], release: Version) -> Option<Side> {
    let newest = |s: &str| unbounded_above(s).then_some(Side::Since);
    let sides: Vec<Option<Side>> = (specs.iter())
        .map(|s| spec_side(s, release).or_else(|| newest(s)))
        .collect();
    match sides.first() {
        Some(Some(first)) if sides.iter().all(|s| *s == Some(*first)) => Some(*first),
        _ => None,
    }
}

/// Whether the files of `folder` name a ruff at all: a requirement or a pre-commit hook's `rev`.
pub fn names_ruff(folder: &Path) -> bool {
    !ruff_specs(folder).is_empty()
}

/// The specifiers of every ruff the files of `folder` name: its requirements, and the hook's
/// `rev` as `==` that version.
fn ruff_specs(folder: &Path) -> Vec<String> {
    let mut specs = requirements(folder, "ruff");
    for name in [".pre-commit-config.yaml", ".pre-commit-config.yml"] {
        if let Ok(config) = fs::read_to_string(folder.join(name)) {
            specs.extend(pre_commit_rev(&config).map(|rev| format!("=={rev}")));
        }
    }
    specs
}

/// The `rev` of the ruff-pre-commit repository's entry, without its `v`.
fn pre_commit_rev(config: &str) -> Option<String> {
    let mut in_ruff = false;
    for line in config.lines() {
        let item = line.split(" #").next().unwrap_or_default().trim();
        let item = item.trim_start_matches("- ").trim_start();
        if let Some(repo) = item.strip_prefix("repo:") {
            in_ruff = repo
                .trim()
                .trim_end_matches(".git")
                .ends_with("/ruff-pre-commit");
        } else if let Some(rev) = item.strip_prefix("rev:").filter(|_| in_ruff) {
            let rev = rev.trim().trim_matches(['"', '\'']);
            return Some(rev.trim_start_matches('v').to_owned());
        }
    }
    None
}

/// The version specifier of every requirement of `package` the files of `folder` declare.
fn requirements(folder: &Path, package: &str) -> Vec<String> {
    let read = |name: &str| fs::read_to_string(folder.join(name)).ok();
    let mut found = Vec::new();
    if let Some(table) = read("pyproject.toml").and_then(|t| t.parse::<toml::Table>().ok()) {
        found.extend(pyproject(&table, package));
    }
    if let Some(text) = read("setup.cfg") {
        let ini = Ini::parse(&text);
        let lines = ini
            .get("options", &["install_requires"])
            .unwrap_or_default();
        found.extend(lines.lines().filter_map(|l| requirement(l, package)));
    }
    if let Some(text) = read("setup.py") {
        found.extend(literals(&text).filter_map(|l| requirement(l, package)));
    }
    let files = fs::read_dir(folder).into_iter().flatten().flatten();
    for entry in files {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("requirements") && name.ends_with(".txt") {
            let text = fs::read_to_string(entry.path()).unwrap_or_default();
            found.extend(text.lines().filter_map(|l| requirement(l, package)));
        }
    }
    found
}

/// The specifier of a PEP 508 requirement of `package` (`pyee==8.1.0`, `pyee>=9,<12 ; python_version
/// >= "3.8"`, `PyEE[x] ~= 8.1`), without extras and marker; an empty one allows every version.
fn requirement(line: &str, package: &str) -> Option<String> {
    let line = line.split('#').next()?.split(';').next()?.trim();
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(line.len());
    if !same_name(&line[..end], package) {
        return None;
    }
    let rest = line[end..].trim_start();
    let rest = match rest.strip_prefix('[') {
        Some(extras) => extras.split_once(']')?.1,
        None => rest,
    };
    Some(
        rest.trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_owned(),
    )
}

/// PEP 503 names: case, `-`, `_` and `.` do not matter.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        (s.chars())
            .map(|c| match c {
                '_' | '.' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    !a.is_empty() && norm(a) == norm(b)
}

/// The quoted string literals of a `setup.py` (its `install_requires` list among them).
fn literals(text: &str) -> impl Iterator<Item = &str> {
    text.split(['"', '\'']).skip(1).step_by(2)
}

fn pyproject(table: &toml::Table, package: &str) -> Vec<String> {
    let mut found = Vec::new();
    let project = table.get("project").and_then(|p| p.as_table());
    let lists = (project.and_then(|p| p.get("dependencies")).into_iter())
        .chain(project.and_then(|p| p.get("optional-dependencies")))
        .chain(table.get("dependency-groups"));
    for list in lists {
        found.extend(strings(list).filter_map(|l| requirement(l, package)));
    }
    let poetry = (table.get("tool").and_then(|t| t.get("poetry"))).and_then(|p| p.as_table());
    if let Some(poetry) = poetry {
        let groups = poetry.get("group").and_then(|g| g.as_table());
        let tables = (["dependencies", "dev-dependencies"].iter())
            .filter_map(|key| poetry.get(*key))
            .chain(
                (groups.into_iter().flat_map(|g| g.values())).filter_map(|g| g.get("dependencies")),
            );
        for deps in tables.filter_map(|d| d.as_table()) {
            let spec = deps.iter().find(|(name, _)| same_name(name, package));
            let spec = match spec.map(|(_, v)| v) {
                Some(toml::Value::String(spec)) => spec.as_str(),
                Some(toml::Value::Table(t)) => match t.get("version").and_then(|v| v.as_str()) {
                    Some(spec) => spec,
                    None => continue,
                },
                _ => continue,
            };
            // Poetry's bare `"8.1.0"` means exactly that version.
            let exact = spec.trim().starts_with(|c: char| c.is_ascii_digit());
            found.push(if exact {
                format!("=={spec}")
            } else {
                spec.to_owned()
            });
        }
    }
    found
}

/// The strings of a list, or of the lists of a table (optional dependencies, groups).
fn strings(value: &toml::Value) -> Box<dyn Iterator<Item = &str> + '_> {
    match value {
        toml::Value::Array(items) => Box::new(items.iter().filter_map(|i| i.as_str())),
        toml::Value::Table(lists) => Box::new(lists.values().flat_map(strings)),
        _ => Box::new(std::iter::empty()),
    }
}

/// Whether `spec` allows every release after some version: no clause bounds it from above
/// (`==`, `<`, `<=`, `~=`, Poetry's `^` and `~`), and every clause is read.
fn unbounded_above(spec: &str) -> bool {
    (spec.split(',').map(str::trim).filter(|c| !c.is_empty())).all(|clause| {
        let op_end = clause
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(clause.len());
        let version = parse_version(clause[op_end..].trim());
        matches!(&clause[..op_end], ">=" | ">" | "!=") && version.is_some()
    })
}

/// Which side of `release` every version `spec` allows is on (its clauses together).
fn spec_side(spec: &str, release: Version) -> Option<Side> {
    let mut below = false; // an upper bound at or below the release
    let mut since = false; // a lower bound at or above it
    for clause in spec.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let op_end = clause
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(clause.len());
        let (op, version) = (&clause[..op_end], clause[op_end..].trim());
        let (v, parts) = parse_version(version)?;
        match op {
            "==" | "===" => {
                if v < release {
                    below = true;
                } else {
                    since = true;
                }
            }
            "<" => below |= v <= release,
            "<=" => below |= v < release,
            ">=" => since |= v >= release,
            ">" => since |= v >= release,
            // `~=8.1` allows `>=8.1, ==8.*`; Poetry's `^8.1` `>=8.1,<9`, its `~8.1` `>=8.1,<8.2`.
            "~=" | "^" | "~" => {
                let next = match (op, parts) {
                    ("~=", 2) | ("^", _) => Version(v.0 + 1, 0, 0),
                    ("~=", _) | ("~", 2) | ("~", 3) => Version(v.0, v.1 + 1, 0),
                    _ => Version(v.0 + 1, 0, 0),
                };
                let next = if op == "^" && v.0 == 0 {
                    Version(0, v.1 + 1, 0)
                } else {
                    next
                };
                since |= v >= release;
                below |= next <= release;
            }
            "!=" => {}
            _ => return None,
        }
    }
    match (below, since) {
        (true, false) => Some(Side::Before),
        (false, true) => Some(Side::Since),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEEPS: Version = Version(9, 1, 1);

    fn folder(files: &[(&str, &str)]) -> Option<Side> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        side(dir.path(), "pyee", KEEPS)
    }

    #[test]
    fn a_pin_or_an_upper_bound_below_the_release_is_before_it() {
        let setup = "setup(\n    install_requires=[\n        \"greenlet==1.1.2\",\n        \"pyee==8.1.0\",\n    ],\n)\n";
        assert_eq!(folder(&[("setup.py", setup)]), Some(Side::Before));
        assert_eq!(
            folder(&[("requirements.txt", "pyee<9\n")]),
            Some(Side::Before)
        );
        assert_eq!(
            folder(&[("requirements.txt", "pyee>=8,<=9.1.0\n")]),
            Some(Side::Before)
        );
        assert_eq!(
            folder(&[("requirements.txt", "PyEE ~= 8.1\n")]),
            Some(Side::Before)
        );
        let cfg = "[options]\ninstall_requires =\n    pyee==9.0.4\n    aiohttp\n";
        assert_eq!(folder(&[("setup.cfg", cfg)]), Some(Side::Before));
        let poetry = "[tool.poetry.dependencies]\npyee = \"^8.1\"\n";
        assert_eq!(folder(&[("pyproject.toml", poetry)]), Some(Side::Before));
        let bare = "[tool.poetry.dependencies]\npyee = \"8.1.0\"\n";
        assert_eq!(folder(&[("pyproject.toml", bare)]), Some(Side::Before));
    }

    #[test]
    fn a_lower_bound_at_the_release_is_since_it() {
        let pep621 = "[project]\nname = \"x\"\ndependencies = [\"pyee>=11,<14\"]\n";
        assert_eq!(folder(&[("pyproject.toml", pep621)]), Some(Side::Since));
        assert_eq!(
            folder(&[("requirements.txt", "pyee==9.1.1\n")]),
            Some(Side::Since)
        );
    }

    #[test]
    fn ruff_is_read_from_its_pre_commit_hook_and_its_requirements() {
        let dir = tempfile::tempdir().unwrap();
        let hook = "repos:\n  - repo: https://github.com/psf/black\n    rev: 22.3.0\n  \
                    - repo: https://github.com/charliermarsh/ruff-pre-commit\n    \
                    rev: 'v0.0.254'\n    hooks:\n      - id: ruff\n";
        fs::write(dir.path().join(".pre-commit-config.yaml"), hook).unwrap();
        assert_eq!(ruff_side(dir.path(), Version(0, 1, 0)), Some(Side::Before));
        fs::write(dir.path().join("requirements-dev.txt"), "ruff==0.4.2\n").unwrap();
        assert_eq!(
            ruff_side(dir.path(), Version(0, 1, 0)),
            None,
            "they disagree"
        );
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("requirements-dev.txt"), "ruff>=0.16\n").unwrap();
        assert_eq!(ruff_side(dir.path(), Version(0, 16, 0)), Some(Side::Since));
    }

    #[test]
    fn an_open_ruff_requirement_is_the_newest_ruff() {
        let side_of = |requirement: &str, release: Version| {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join("requirements-dev.txt"), requirement).unwrap();
            ruff_side(dir.path(), release)
        };
        let widened = Version(0, 16, 0);
        assert_eq!(side_of("ruff\n", widened), Some(Side::Since));
        assert_eq!(side_of("ruff>=0.4\n", widened), Some(Side::Since));
        assert_eq!(side_of("ruff>=0.4,!=0.5.1\n", widened), Some(Side::Since));
        assert_eq!(
            side_of("ruff  # linter\n", Version(0, 1, 0)),
            Some(Side::Since)
        );
        assert_eq!(side_of("ruff>=0.4,<0.16\n", widened), Some(Side::Before));
        assert_eq!(side_of("ruff>=0.4,<0.20\n", widened), None, "straddles");
        assert_eq!(side_of("ruff~=0.15.0\n", widened), Some(Side::Before));
        assert_eq!(side_of("ruff==0.*\n", widened), None, "unread");
        assert_eq!(
            side_of("ruff\nruff==0.4.2\n", widened),
            None,
            "they disagree"
        );
        // pyee's contracts stay undecided by an open requirement: its users' installs vary.
        assert_eq!(folder(&[("requirements.txt", "pyee>=8\n")]), None);
    }

    #[test]
    fn anything_else_is_not_decided() {
        assert_eq!(folder(&[]), None);
        assert_eq!(folder(&[("requirements.txt", "pyee\n")]), None);
        assert_eq!(folder(&[("requirements.txt", "pyee>=8\n")]), None);
        assert_eq!(folder(&[("requirements.txt", "pyee<10\n")]), None);
        assert_eq!(folder(&[("requirements.txt", "pyee==8.*\n")]), None);
        assert_eq!(folder(&[("requirements.txt", "pyeex==8.1.0\n")]), None);
        let disagree = [
            ("requirements.txt", "pyee==8.1.0\n"),
            ("requirements-dev.txt", "pyee>=11\n"),
        ];
        assert_eq!(folder(&disagree), None);
    }
}
