//! The oldest Home Assistant a project declares, for the framework keepers the fix may call
//! (`hass.async_create_background_task` came in 2023.3): `homeassistant` in the dependencies of
//! its `pyproject.toml` (PEP 621, its dependency groups and optional dependencies, Poetry's
//! groups), in its `requirements*.txt`, or HACS's `hacs.json` (`"homeassistant": "2023.3.0"`),
//! and Home Assistant itself by its own version. The oldest declared wins; unknown is `None`.

use std::fs;
use std::path::Path;

use crate::scan::contracts::Release;

const PACKAGE: &str = "homeassistant";

/// The oldest Home Assistant the files of `folder` declare.
pub(super) fn home_assistant(folder: &Path) -> Option<Release> {
    let mut found: Vec<Release> = Vec::new();
    if let Ok(text) = fs::read_to_string(folder.join("pyproject.toml"))
        && let Ok(table) = text.parse::<toml::Table>()
    {
        found.extend(from_pyproject(&table));
    }
    if let Ok(text) = fs::read_to_string(folder.join("hacs.json"))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
    {
        found.extend((json.get(PACKAGE).and_then(|v| v.as_str())).and_then(Release::parse));
    }
    let requirements = fs::read_dir(folder).into_iter().flatten().flatten();
    for entry in requirements {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("requirements") && name.ends_with(".txt") {
            let text = fs::read_to_string(entry.path()).unwrap_or_default();
            found.extend(text.lines().filter_map(requirement));
        }
    }
    found.into_iter().min()
}

/// `homeassistant>=2023.3.0` (or `==`, `~=`, with extras or a marker): its lower bound.
fn requirement(line: &str) -> Option<Release> {
    let line = line.split('#').next()?.split(';').next()?.trim();
    let rest = line.strip_prefix(PACKAGE)?;
    let rest = match rest.strip_prefix('[') {
        Some(extras) => extras.split_once(']')?.1,
        None => rest,
    };
    lower_bound(rest)
}

/// The lower bound of a version specifier: `>=2023.3`, `==2023.3.0`, `~=2023.3`, Poetry's
/// `^2023.3`; `None` without one (`<2024.1`, `*`).
fn lower_bound(spec: &str) -> Option<Release> {
    spec.split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            let version = ["~=", ">=", "===", "==", "^", "~"]
                .iter()
                .find_map(|op| clause.strip_prefix(op))?;
            Release::parse(version)
        })
        .max()
}

fn from_pyproject(table: &toml::Table) -> Vec<Release> {
    let mut found = Vec::new();
    let project = table.get("project").and_then(|p| p.as_table());
    // Home Assistant's own checkout: every keeper of its version is there.
    if let Some(project) = project
        && project.get("name").and_then(|n| n.as_str()) == Some(PACKAGE)
    {
        return (project.get("version").and_then(|v| v.as_str()))
            .and_then(Release::parse)
            .into_iter()
            .collect();
    }
    let lists = (project.and_then(|p| p.get("dependencies")).into_iter())
        .chain(project.and_then(|p| p.get("optional-dependencies")))
        .chain(table.get("dependency-groups"));
    for list in lists {
        found.extend(specifiers(list).filter_map(requirement));
    }
    let poetry = (table.get("tool").and_then(|t| t.get("poetry"))).and_then(|p| p.as_table());
    if let Some(poetry) = poetry {
        let groups = poetry.get("group").and_then(|g| g.as_table());
        let tables = ["dependencies", "dev-dependencies"]
            .iter()
            .filter_map(|key| poetry.get(*key))
            .chain(
                groups
                    .into_iter()
                    .flat_map(|g| g.values())
                    .filter_map(|g| g.get("dependencies")),
            );
        for deps in tables {
            let spec = match deps.get(PACKAGE) {
                Some(toml::Value::String(spec)) => Some(spec.as_str()),
                Some(toml::Value::Table(t)) => t.get("version").and_then(|v| v.as_str()),
                _ => None,
            };
            // Poetry's bare `"2023.3.0"` means exactly that version.
            let bare = spec.and_then(Release::parse);
            found.extend(spec.and_then(lower_bound).or(bare));
        }
    }
    found
}

/// The strings of a list, or of the lists of a table (optional dependencies, groups).
fn specifiers(value: &toml::Value) -> Box<dyn Iterator<Item = &str> + '_> {
    match value {
        toml::Value::Array(items) => Box::new(items.iter().filter_map(|i| i.as_str())),
        toml::Value::Table(lists) => Box::new(lists.values().flat_map(specifiers)),
        _ => Box::new(std::iter::empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> Option<Release> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        home_assistant(dir.path())
    }

    #[test]
    fn the_oldest_declared_home_assistant_wins() {
        assert_eq!(folder(&[]), None);
        let pep621 = "[project]\nname = \"x\"\ndependencies = [\"homeassistant>=2023.3.0\"]\n";
        assert_eq!(
            folder(&[("pyproject.toml", pep621)]),
            Some(Release(2023, 3))
        );
        let poetry = "[tool.poetry.group.dev.dependencies]\nhomeassistant = \">=2022.11.0\"\n";
        let hacs = "{\"name\": \"x\", \"homeassistant\": \"2023.6.0\"}";
        assert_eq!(
            folder(&[("pyproject.toml", poetry), ("hacs.json", hacs)]),
            Some(Release(2022, 11))
        );
        let pinned = "pytest-homeassistant-custom-component==0.13\nhomeassistant==2024.1.2  # x\n";
        assert_eq!(
            folder(&[("requirements_test.txt", pinned)]),
            Some(Release(2024, 1))
        );
        let itself = "[project]\nname = \"homeassistant\"\nversion = \"2026.11.0\"\n";
        assert_eq!(
            folder(&[("pyproject.toml", itself)]),
            Some(Release(2026, 11))
        );
        assert_eq!(
            folder(&[("requirements.txt", "homeassistant<2024.1\n")]),
            None
        );
    }
}
