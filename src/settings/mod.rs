//! Project settings: what the fix must respect in the project it edits. undangle's own, and the
//! oldest Python, are read once per `pyproject.toml` (the closest one above each file) and
//! handed to the stages that need them; the other tools' (line lengths, quote, isort's
//! settings) are found for each file's folder as each tool finds them (`discover.rs`).
//!
//! The minimum Python comes from `[project] requires-python`, ruff's `target-version`, or
//! setuptools' `python_requires` in a `setup.cfg` / `setup.py` beside it (which also stand for
//! a project that has no `pyproject.toml`). Code lines take the formatter's length (Black's or
//! ruff's), import lines isort's (or ruff's isort), and E501's limit is flake8's; isort's
//! settings are ruff's and isort's own (`.isort.cfg`, `[tool.isort]`, `setup.cfg`, `tox.ini`,
//! with its profiles). undangle's own options live in `[tool.undangle]`, or at the top of an
//! `undangle.toml` beside it (which wins); an unknown key there is an error, as in ruff.
//! `--config FILE` names the file for every path; `--isolated` reads none.

mod commands;
mod discover;
mod exclude;
mod file;
mod formatters;
mod frameworks;
mod ini;
mod isort;
mod loader;
mod model;
mod pins;
mod python;
mod reference;
mod reorder;
mod ruff_defaults;
mod ruff_imports;
mod tables;
mod tool_values;

pub use discover::Discovery;
pub use exclude::{DEFAULT_EXCLUDE, Exclude};
pub use formatters::Formatter;
pub use loader::{Loader, Source};
pub use model::{
    Grid, ImportOrder, KeepWith, Overrides, Settings, SettingsError, Strategy, Takes, ToolFiles,
    drain_timeout,
};
pub use python::{PythonVersion, minimum_python};
pub use reference::{SETTINGS, SettingDoc, setting};
pub use ruff_defaults::DefaultSelection;
pub use ruff_imports::RelativeImports;
