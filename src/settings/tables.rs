//! The tables of `pyproject.toml` and `undangle.toml` that are read, as serde reads them.

use serde::Deserialize;

use super::model::Strategy;

// The parts of pyproject.toml that are read here (the tables that give line lengths, quotes and
// isort's settings are read in `discover.rs`). Other tools' tables are read leniently (their own
// tools validate them); undangle's own table is strict.
#[derive(Deserialize, Default)]
pub(super) struct PyProject {
    pub(super) project: Option<Project>,
    pub(super) tool: Option<Tools>,
}

#[derive(Deserialize, Default)]
pub(super) struct Project {
    #[serde(rename = "requires-python")]
    pub(super) requires_python: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct Tools {
    pub(super) ruff: Option<Ruff>,
    pub(super) poetry: Option<Poetry>,
    pub(super) black: Option<Black>,
    pub(super) undangle: Option<Undangle>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Ruff {
    pub(super) target_version: Option<String>,
    /// What ruff leaves out of its walk, which undangle leaves out too unless `[tool.undangle]`
    /// says otherwise.
    pub(super) exclude: Option<Vec<String>>,
    pub(super) extend_exclude: Option<Vec<String>>,
    pub(super) force_exclude: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Black {
    pub(super) target_version: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
pub(super) struct Poetry {
    pub(super) dependencies: Option<PoetryDependencies>,
}

#[derive(Deserialize, Default)]
pub(super) struct PoetryDependencies {
    pub(super) python: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(super) struct Undangle {
    pub(super) strategy: Option<Strategy>,
    /// A string, or a table (see `file.rs`).
    pub(super) keep_with: Option<toml::Value>,
    pub(super) drain_on_shutdown: Option<bool>,
    /// Any TOML value: a wrong one is an error that names the key (see `file.rs`).
    pub(super) drain_timeout: Option<toml::Value>,
    pub(super) log_exceptions: Option<bool>,
    pub(super) preview: Option<bool>,
    pub(super) exclude: Option<Vec<String>>,
    pub(super) extend_exclude: Option<Vec<String>>,
    pub(super) force_exclude: Option<bool>,
    pub(super) loop_names: Option<Vec<String>>,
    pub(super) task_functions: Option<Vec<String>>,
    pub(super) ignore_functions: Option<Vec<String>>,
}
