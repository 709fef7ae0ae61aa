//! Project settings: what the fix must respect in the project it edits. Read once per
//! `pyproject.toml` (the closest one above each file, as ruff finds it) and handed to the stages
//! that need them.
//!
//! From other tools' tables: the minimum Python (`[project] requires-python`, ruff's
//! `target-version`, or setuptools' `python_requires` in a `setup.cfg` / `setup.py` beside it,
//! which also stand for a project that has no `pyproject.toml`), the line length (the smallest of
//! ruff's, Black's, isort's and flake8's) and isort's settings (ruff's, and isort's own from
//! `.isort.cfg`, `[tool.isort]`, `setup.cfg` or `tox.ini`, with its profiles).
//! undangle's own options live in `[tool.undangle]`, or at the top of an `undangle.toml` beside
//! it (which wins); an unknown key there is an error, as in ruff. `--config FILE` names the file
//! for every path; `--isolated` reads none.

mod exclude;
mod file;
mod ini;
mod isort;
mod loader;
mod model;
mod python;
mod reference;
mod tables;

pub use exclude::{DEFAULT_EXCLUDE, Exclude};
pub use loader::{Loader, Source};
pub use model::{
    ImportOrder, IsortSources, KeepWith, Overrides, Settings, SettingsError, Strategy, Takes,
    drain_timeout,
};
pub use python::{PythonVersion, minimum_python};
pub use reference::{SETTINGS, SettingDoc, setting};
