//! `check --show-settings` (hidden): what undangle reads for each path, as the fix uses it, so
//! that a harness or a test compares it with what the tools themselves read.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::app::cli::Common;
use crate::settings::{DefaultSelection, Loader, RelativeImports, Settings};

/// One JSON object per path (`.` when none is given); `true` when a settings file is bad.
pub(crate) fn print(common: &Common, loader: &Loader) -> io::Result<bool> {
    let paths = match common.paths.is_empty() {
        true => vec![PathBuf::from(".")],
        false => common.paths.clone(),
    };
    let mut out = io::stdout().lock();
    let mut bad = false;
    for path in &paths {
        let line = match loader.for_path(path, path.is_dir()) {
            Ok(settings) => described(path, &settings),
            Err(err) => {
                bad = true;
                json!({ "path": path, "error": err.to_string() })
            }
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(bad)
}

fn described(path: &Path, settings: &Settings) -> Value {
    let file = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    // Where no settings file governs the file, ruff (run by a hook) applies its defaults: those
    // of the ruff the project names. Read here only, since the fix writes for no ruff rules there.
    let defaults = match (&settings.tools.ruff, &settings.ruff_defaults) {
        (_, Some(selection)) => Some(selection.clone()),
        (Some(_), None) => None,
        (None, None) => {
            let folder = match path.parent() {
                _ if path.is_dir() => path,
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
            Some(DefaultSelection::unconfigured(&folder))
        }
    };
    let (extend_select, ignore) = match &defaults {
        Some(d) => (d.extend_select.clone(), d.ignore.clone()),
        None => (Vec::new(), Vec::new()),
    };
    json!({
        "path": path,
        "line_length": settings.line_length,
        "declares_line_length": settings.declares_line_length,
        "import_line_length": settings.import_line_length,
        "max_line_length": settings.max_line_length,
        "min_python": settings.min_python.to_string(),
        "quote": settings.quote.map(String::from),
        "settings": file(&settings.source),
        "ruff": file(&settings.tools.ruff),
        "black": file(&settings.tools.black),
        "flake8": file(&settings.tools.flake8),
        "isort": file(&settings.tools.isort),
        "relative_imports": match settings.relative_imports {
            RelativeImports::Allowed => "allowed",
            RelativeImports::Siblings => "parents",
            RelativeImports::Banned => "all",
        },
        "import_roots": settings.import_roots,
        "namespace_packages": settings.namespace_packages,
        "formatter": settings.tools.formatter.map(|f| f.name()),
        // ruff's default rules where the settings select none (`null` where they select).
        "ruff_defaults": defaults.map(|d| d.defaults),
        "ruff_extend_select": extend_select,
        "ruff_ignore": ignore,
    })
}
