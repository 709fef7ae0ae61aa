//! The distributions a project declares, read to prove that a bare import name is none of
//! theirs (issue 36's sixteenth exam, class 2). Telegram-AI-Bot's `adapters/telegram/` imports
//! `telegram`, which its `requirements.txt` owns through `python-telegram-bot`: the name is the
//! library's, not the package's. A name counts as a library's where a declared distribution's
//! import name may be it: its normalized name (`qdrant-client` → `qdrant_client`), any word of
//! it (`python-telegram-bot` → `telegram`), or the name [`KNOWN`] gives it.
//!
//! Read are `pyproject.toml` (`[project]` dependencies and optional dependencies,
//! `[dependency-groups]`, Poetry's and uv's tables), `requirements*.txt` (with the files their
//! `-r` lines name), `setup.cfg` (`install_requires`, `extras_require`) and `setup.py` (their
//! literal lists), in each folder from the package up to the repository's root (the folder
//! with `.git`) or the project's folder. What cannot be read to a name (dynamic dependencies,
//! a requirement given by path, `install_requires=read_requirements()`) leaves no proof, nor
//! does a project that declares nothing.

use std::path::{Path, PathBuf};

use super::facts::{Names, ProjectFacts};

/// Distributions whose import name is no word of their own name.
const KNOWN: &[(&str, &str)] = &[
    ("attrs", "attr"),
    ("beautifulsoup4", "bs4"),
    ("dnspython", "dns"),
    ("gitpython", "git"),
    ("opencv_python", "cv2"),
    ("opencv_python_headless", "cv2"),
    ("opencv_contrib_python", "cv2"),
    ("pillow", "pil"),
    ("protobuf", "google"),
    ("py_cord", "discord"),
    ("pycryptodome", "crypto"),
    ("pygithub", "github"),
    ("pyjwt", "jwt"),
    ("pymupdf", "fitz"),
    ("pynacl", "nacl"),
    ("pyserial", "serial"),
    ("pyyaml", "yaml"),
    ("pyzmq", "zmq"),
    ("scikit_learn", "sklearn"),
];

/// How many folders above the package are read at most.
const MAX_LEVELS: usize = 8;

/// Whether `name` (a package's bare name) is proven to be no declared distribution's: the
/// project declares its distributions, each one read to a name, and none may own it.
pub fn owned_by_none(
    package: &Path,
    name: &str,
    project: Option<&Path>,
    facts: &ProjectFacts,
) -> bool {
    let name = name.to_ascii_lowercase();
    let mut found = false;
    for names in declared_above(package, project, facts) {
        let Some(names) = names else {
            return false;
        };
        found |= !names.is_empty();
        if names.iter().any(|d| owns(d, &name)) {
            return false;
        }
    }
    found
}

/// Whether a declared distribution installs `name` itself, the import name a folder of the
/// project shadows (alembic's script folder `src/alembic/` beside the `alembic` dependency): its
/// normalized name is `name`, or [`KNOWN`] gives it that one. A word of a longer name
/// (`python-telegram-bot`) is no proof here: a package named `bot` is the project's own.
pub fn declares_import(
    package: &Path,
    name: &str,
    project: Option<&Path>,
    facts: &ProjectFacts,
) -> bool {
    let name = name.to_ascii_lowercase();
    let installs = |d: &String| *d == name || KNOWN.contains(&(d.as_str(), name.as_str()));
    declared_above(package, project, facts)
        .any(|names| names.is_some_and(|n| n.iter().any(installs)))
}

/// What each folder above the package declares (`None`: a file that cannot be read to names),
/// nearest first, up to the repository's root (the folder with `.git`) or the project's folder,
/// at most [`MAX_LEVELS`] of them. Each folder is read lazily, once per run (see `facts`).
fn declared_above<'a>(
    package: &'a Path,
    project: Option<&'a Path>,
    facts: &'a ProjectFacts,
) -> impl Iterator<Item = Names> + 'a {
    let mut past_root = false;
    (package.ancestors().skip(1).take(MAX_LEVELS))
        .take_while(move |folder| {
            let read = !past_root;
            past_root = folder.join(".git").exists() || project == Some(*folder);
            read
        })
        .map(|folder| facts.declared.get_or(folder, || read_folder(folder)))
}

/// Whether the distribution `dist` (normalized: lower case, `_` for every run of `-_.`) may
/// install the top-level name `name`.
fn owns(dist: &str, name: &str) -> bool {
    dist == name
        || dist.split('_').any(|word| word == name)
        || KNOWN.iter().any(|(d, n)| *d == dist && *n == name)
}

/// The names a folder's declaration files give (read once per run: see `facts`).
fn read_folder(folder: &Path) -> Names {
    let mut names = Vec::new();
    let mut own = Vec::new();
    if let Ok(text) = std::fs::read_to_string(folder.join("pyproject.toml")) {
        names.extend(pyproject(&text)?);
        own.extend(pyproject_name(&text));
    }
    if let Ok(text) = std::fs::read_to_string(folder.join("setup.cfg")) {
        names.extend(setup_cfg(&text)?);
        own.extend(setup_cfg_name(&text));
    }
    if let Ok(text) = std::fs::read_to_string(folder.join("setup.py")) {
        names.extend(setup_py(&text)?);
        own.extend(setup_py_name(&text));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in files {
        let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if file_name.starts_with("requirements") && file_name.ends_with(".txt") {
            names.extend(requirements(&file, 0)?);
        }
    }
    // A project that lists itself (`"pkg[extra]"` in its own extras) declares no library of
    // that name: its folders are its own.
    names.retain(|name| !own.contains(name));
    Some(names)
}

/// The project's own distribution name in a `pyproject.toml` (`[project]` or Poetry's), normalized.
fn pyproject_name(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let poetry = (table.get("tool"))
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("name"));
    [table.get("project").and_then(|p| p.get("name")), poetry]
        .into_iter()
        .flatten()
        .filter_map(|name| name.as_str().and_then(normalized))
        .collect()
}

/// `setup.cfg`'s `[metadata] name`, normalized.
fn setup_cfg_name(text: &str) -> Option<String> {
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim();
        } else if let Some((key, value)) = line.split_once('=')
            && section == "metadata"
            && key.trim() == "name"
        {
            return normalized(value);
        }
    }
    None
}

/// `setup.py`'s `name="..."` literal, normalized.
fn setup_py_name(text: &str) -> Option<String> {
    for (at, _) in text.match_indices("name") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let rest = text[at + 4..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|r| !r.starts_with('=')) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let value = rest[1..].split(quote).next()?;
        return normalized(value);
    }
    None
}

/// The distribution named by one requirement (`fastmcp[tasks]>=3.0.1`, `pkg @ url`,
/// `git+https://...#egg=pkg`), normalized; `None` where it names none (a path, a bare URL).
fn requirement(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if let Some((_, egg)) = spec.split_once("#egg=") {
        return normalized(egg);
    }
    // `pkg @ https://...` names `pkg`; a bare URL names none.
    if let Some(scheme) = spec.find("://") {
        let at = spec.find('@').filter(|at| *at < scheme)?;
        return normalized(&spec[..at]);
    }
    if spec.starts_with('.') || spec.starts_with('/') {
        return None;
    }
    normalized(spec)
}

/// The leading distribution name of `spec`, normalized.
fn normalized(spec: &str) -> Option<String> {
    let name: String = (spec.trim().chars())
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if name.is_empty() {
        return None;
    }
    let mut out = String::new();
    for c in name.to_ascii_lowercase().chars() {
        match c {
            '-' | '_' | '.' if out.ends_with('_') => {}
            '-' | '_' | '.' => out.push('_'),
            c => out.push(c),
        }
    }
    Some(out)
}

/// A `requirements*.txt` and the files its `-r` lines name (two levels at most).
fn requirements(file: &Path, level: usize) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let included = ["-r", "--requirement", "-c", "--constraint"]
            .iter()
            .find_map(|flag| line.strip_prefix(flag))
            .filter(|rest| rest.starts_with([' ', '=']));
        if let Some(rest) = included {
            let other = file
                .parent()?
                .join(rest.trim_start_matches([' ', '=']).trim());
            if level < 2 {
                names.extend(requirements(&other, level + 1)?);
            }
            continue;
        }
        let editable = ["-e", "--editable"]
            .iter()
            .find_map(|flag| line.strip_prefix(flag));
        match editable {
            // The project itself (`-e .`) installs nothing else.
            Some(rest) if rest.trim().starts_with('.') && !rest.contains("#egg=") => {}
            Some(rest) => names.push(requirement(rest)?),
            None if line.starts_with('-') => {}
            None => names.push(requirement(line)?),
        }
    }
    Some(names)
}

fn pyproject(text: &str) -> Option<Vec<String>> {
    let table: toml::Table = text.parse().ok()?;
    let mut specs: Vec<String> = Vec::new();
    let strings = |value: Option<&toml::Value>, specs: &mut Vec<String>| {
        for item in value.and_then(|v| v.as_array()).into_iter().flatten() {
            specs.extend(item.as_str().map(str::to_owned));
        }
    };
    if let Some(project) = table.get("project").and_then(|p| p.as_table()) {
        let dynamic = project.get("dynamic").and_then(|d| d.as_array());
        let dynamic = dynamic.into_iter().flatten().filter_map(|d| d.as_str());
        if dynamic
            .into_iter()
            .any(|d| matches!(d, "dependencies" | "optional-dependencies"))
        {
            return None;
        }
        strings(project.get("dependencies"), &mut specs);
        let optional = project
            .get("optional-dependencies")
            .and_then(|o| o.as_table());
        for extra in optional.into_iter().flat_map(|o| o.values()) {
            strings(Some(extra), &mut specs);
        }
    }
    let groups = table.get("dependency-groups").and_then(|g| g.as_table());
    for group in groups.into_iter().flat_map(|g| g.values()) {
        strings(Some(group), &mut specs);
    }
    let tool = table.get("tool").and_then(|t| t.as_table());
    let uv = tool.and_then(|t| t.get("uv"));
    strings(uv.and_then(|u| u.get("dev-dependencies")), &mut specs);
    let mut names: Vec<String> = Vec::new();
    if let Some(poetry) = tool
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.as_table())
    {
        let mut tables = vec![poetry.get("dependencies"), poetry.get("dev-dependencies")];
        let groups = poetry.get("group").and_then(|g| g.as_table());
        tables.extend(
            groups
                .into_iter()
                .flat_map(|g| g.values())
                .map(|g| g.get("dependencies")),
        );
        for deps in tables.into_iter().flatten().filter_map(|d| d.as_table()) {
            names.extend(
                (deps.keys())
                    .filter(|k| *k != "python")
                    .filter_map(|k| normalized(k)),
            );
        }
    }
    for spec in specs {
        names.push(requirement(&spec)?);
    }
    Some(names)
}

/// `setup.cfg`'s `[options] install_requires` and `[options.extras_require]`, one requirement a
/// line (or `;`-free comma lists); a `file:` directive leaves no proof.
fn setup_cfg(text: &str) -> Option<Vec<String>> {
    let (mut section, mut key) = (String::new(), String::new());
    let mut names = Vec::new();
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim().to_owned();
            continue;
        }
        let value = match raw.starts_with([' ', '\t']) {
            true => line.trim(),
            false => {
                let (k, v) = line.split_once(['=', ':']).unwrap_or((line, ""));
                key = k.trim().to_owned();
                v.trim()
            }
        };
        let wanted = (section == "options" && key == "install_requires")
            || section == "options.extras_require";
        if !wanted || value.is_empty() {
            continue;
        }
        if value.starts_with("file:") {
            return None;
        }
        for spec in value.split(',').filter(|s| !s.trim().is_empty()) {
            names.push(requirement(spec)?);
        }
    }
    Some(names)
}

/// `setup.py`'s `install_requires=[...]` and `extras_require={...}` literals: every string in
/// them (an extra's name too, which only adds a name); any other value leaves no proof.
fn setup_py(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for (keyword, open, close) in [("install_requires", '[', ']'), ("extras_require", '{', '}')] {
        for (at, _) in text.match_indices(keyword) {
            let rest = text[at + keyword.len()..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let rest = rest.trim_start();
            if !rest.starts_with(open) {
                return None;
            }
            let end = rest.find(close)?;
            for (i, quoted) in rest[..end].split(['"', '\'']).enumerate() {
                if i % 2 == 1 {
                    names.push(requirement(quoted)?);
                }
            }
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_projects_own_name_is_read_from_each_declaration_file() {
        let toml = "[project]\nname = \"My.Bridge\"\n[tool.poetry]\nname = \"other-name\"\n";
        assert_eq!(pyproject_name(toml), ["my_bridge", "other_name"]);
        assert_eq!(pyproject_name("not toml ["), Vec::<String>::new());
        let cfg = "[options]\nname = no\n[metadata]\nname = my-bridge\n";
        assert_eq!(setup_cfg_name(cfg).as_deref(), Some("my_bridge"));
        let py = "pkg_name = 'no'\nsetup(\n    name='my-bridge',\n    install_requires=[],\n)\n";
        assert_eq!(setup_py_name(py).as_deref(), Some("my_bridge"));
        assert_eq!(setup_py_name("setup(name=NAME)"), None);
        assert_eq!(setup_py_name("if name == 'x': pass"), None);
    }

    #[test]
    fn a_name_is_proven_no_librarys_only_against_what_the_project_declares() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("adapters/telegram")).unwrap();
        let package = root.join("adapters/telegram");
        let facts = ProjectFacts::default();
        fs::write(
            root.join("requirements.txt"),
            "# bot\npython-telegram-bot==22.8\nPyYAML>=6 ; python_version>'3'\n-e .\n",
        )
        .unwrap();
        assert!(!owned_by_none(&package, "telegram", None, &facts));
        assert!(!owned_by_none(&package, "yaml", None, &facts));
        assert!(owned_by_none(&package, "middleware", None, &facts));
        // Nothing declared: no proof.
        let bare = tempfile::tempdir().unwrap();
        fs::create_dir_all(bare.path().join(".git/x")).unwrap();
        assert!(!owned_by_none(
            &bare.path().join(".git/x"),
            "middleware",
            None,
            &facts
        ));
    }

    #[test]
    fn declarations_are_read_from_each_file_kind() {
        let names = pyproject(
            "[project]\ndependencies = [\"fastmcp[tasks]>=3.0.1\", \"qdrant-client>=1.7\"]\n\
             [project.optional-dependencies]\ndev = [\"pytest\"]\n\
             [dependency-groups]\nlint = [\"ruff\", {include-group = \"dev\"}]\n\
             [tool.poetry.dependencies]\npython = \"^3.11\"\n\"Zope.Interface\" = \"*\"\n",
        )
        .unwrap();
        assert_eq!(
            names,
            [
                "zope_interface",
                "fastmcp",
                "qdrant_client",
                "pytest",
                "ruff"
            ]
        );
        assert!(pyproject("[project]\ndynamic = [\"dependencies\"]\n").is_none());
        let cfg = "[options]\ninstall_requires =\n    aiohttp>=3\n    attrs\n\
                   [options.extras_require]\ntest = pytest\n";
        assert_eq!(setup_cfg(cfg).unwrap(), ["aiohttp", "attrs", "pytest"]);
        assert!(setup_cfg("[options]\ninstall_requires = file: req.txt\n").is_none());
        let py = "setup(install_requires=['a-b>=1', \"c\"], extras_require={'x': ['d']})";
        assert_eq!(setup_py(py).unwrap(), ["a_b", "c", "x", "d"]);
        assert!(setup_py("setup(install_requires=reqs)").is_none());
        assert!(owns("attrs", "attr") && owns("google_api_python_client", "google"));
        assert!(!owns("fastmcp", "middleware"));
    }
}
