//! Which paths are not read: `exclude`, `extend-exclude` and `force-exclude`.

use std::path::{Path, PathBuf};

/// `exclude`, `extend-exclude` and `force-exclude`, matched as ruff matches them: a pattern
/// without a `/` against each path's file or folder name, one with a `/` against the path
/// relative to the project root (the folder of the settings file).
#[derive(Debug, Clone)]
pub struct Exclude {
    pub(super) root: Option<PathBuf>,
    names: globset::GlobSet,
    paths: globset::GlobSet,
    /// Apply to paths named on the command line too.
    pub force: bool,
}

/// ruff's default `exclude`, plus `build`.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
];

impl Exclude {
    pub(super) fn new(
        root: Option<PathBuf>,
        patterns: &[String],
        force: bool,
    ) -> Result<Self, String> {
        let mut names = globset::GlobSetBuilder::new();
        let mut paths = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let glob = globset::GlobBuilder::new(pattern.trim_end_matches('/'))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad exclude pattern `{pattern}`: {}", e.kind()))?;
            if pattern.trim_end_matches('/').contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: globset::GlobSetBuilder| b.build().map_err(|e| e.to_string());
        Ok(Exclude {
            root,
            names: build(names)?,
            paths: build(paths)?,
            force,
        })
    }

    pub(super) fn defaults() -> Self {
        let patterns: Vec<String> = DEFAULT_EXCLUDE.iter().map(|p| (*p).to_owned()).collect();
        // The default patterns are plain names: they always compile.
        Exclude::new(None, &patterns, false).unwrap_or(Exclude {
            root: None,
            names: globset::GlobSet::empty(),
            paths: globset::GlobSet::empty(),
            force: false,
        })
    }

    /// Whether `path` (absolute) is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        if path
            .file_name()
            .is_some_and(|name| self.names.is_match(Path::new(name)))
        {
            return true;
        }
        match &self.root {
            Some(root) if !self.paths.is_empty() => path
                .strip_prefix(root)
                .is_ok_and(|relative| self.paths.is_match(relative)),
            _ => false,
        }
    }
}
