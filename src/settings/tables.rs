//! The tables of `pyproject.toml` and `undangle.toml` that are read, as serde reads them.

use serde::Deserialize;

use super::model::Strategy;

// The parts of pyproject.toml that are read. Other tools' tables are read leniently (their own
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

/// A `ruff.toml`, `.ruff.toml` (top-level keys) that a `[tool.ruff] extend` names.
#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct RuffToml {
    pub(super) line_length: Option<usize>,
    pub(super) extend: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct Tools {
    pub(super) ruff: Option<Ruff>,
    pub(super) poetry: Option<Poetry>,
    pub(super) black: Option<Black>,
    /// Another tool's keys, read leniently (see `isort.rs`).
    pub(super) isort: Option<toml::Table>,
    pub(super) undangle: Option<Undangle>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Ruff {
    pub(super) target_version: Option<String>,
    pub(super) line_length: Option<usize>,
    /// `extend = "../pyproject.toml"`: settings this file's are laid over.
    pub(super) extend: Option<String>,
    pub(super) lint: Option<RuffLint>,
    /// ruff's older layout: `[tool.ruff.isort]`, `[tool.ruff.flake8-quotes]`.
    pub(super) isort: Option<toml::Table>,
    #[serde(rename = "flake8-quotes")]
    pub(super) flake8_quotes: Option<Flake8Quotes>,
    pub(super) format: Option<RuffFormat>,
    /// What ruff leaves out of its walk, which undangle leaves out too unless `[tool.undangle]`
    /// says otherwise.
    pub(super) exclude: Option<Vec<String>>,
    pub(super) extend_exclude: Option<Vec<String>>,
    pub(super) force_exclude: Option<bool>,
}

#[derive(Deserialize, Default)]
pub(super) struct RuffLint {
    pub(super) isort: Option<toml::Table>,
    #[serde(rename = "flake8-quotes")]
    pub(super) flake8_quotes: Option<Flake8Quotes>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Flake8Quotes {
    pub(super) inline_quotes: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct RuffFormat {
    pub(super) quote_style: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(super) struct Black {
    pub(super) line_length: Option<usize>,
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
