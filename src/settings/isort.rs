//! isort's settings, which decide where a new import goes: ruff's `lint.isort` table, and
//! isort's own, from the first of its sources in the settings folder that has any, in isort's
//! order (`.isort.cfg`, `pyproject.toml`'s `[tool.isort]`, `setup.cfg`, `tox.ini`), over the
//! `profile` it names. Values are read as isort reads them: a list is an array or a comma- or
//! line-separated string, a flag is a boolean or `true` / `yes` / `1`...; a value isort would
//! reject is left to isort to report.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ini::Ini;
use super::model::{Grid, ImportOrder, IsortValues, SettingsError};

impl IsortValues {
    /// A TOML table: ruff's (`kebab-case` keys) or isort's (`snake_case`, with `profile`).
    pub(super) fn from_toml(table: &toml::Table, kebab: bool) -> IsortValues {
        let key = |name: &str| match kebab {
            true => name.replace('_', "-"),
            false => name.to_owned(),
        };
        let own = IsortValues::read(|name| {
            // ruff names isort's `add_imports` as its I002 does.
            let name = match (kebab, name) {
                (true, "add_imports") => "required_imports",
                _ => name,
            };
            table.get(&key(name)).map(Raw::Toml)
        });
        match kebab {
            true => own,
            false => own.over_profile(table.get("profile").and_then(|p| p.as_str())),
        }
    }

    /// An INI section's entries (later keys win).
    fn from_ini<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> IsortValues {
        let entries: Vec<(&str, &str)> = entries.collect();
        let get = |name: &str| {
            let value = entries.iter().rev().find(|(k, _)| *k == name)?;
            Some(Raw::Text(value.1))
        };
        IsortValues::read(get).over_profile(get("profile").and_then(Raw::text))
    }

    fn read<'a>(get: impl Fn(&str) -> Option<Raw<'a>>) -> IsortValues {
        let list = |name: &str| get(name).and_then(|v| v.list());
        let flag = |name: &str| get(name).and_then(|v| v.flag());
        let number = |name: &str| get(name).and_then(|v| v.number());
        IsortValues {
            extra_standard_library: list("extra_standard_library"),
            known_first_party: list("known_first_party"),
            known_third_party: list("known_third_party"),
            known_local_folder: list("known_local_folder"),
            force_sort_within_sections: flag("force_sort_within_sections"),
            force_single_line: flag("force_single_line"),
            single_line_exclusions: list("single_line_exclusions"),
            force_alphabetical_sort: flag("force_alphabetical_sort"),
            force_alphabetical_sort_within_sections: flag(
                "force_alphabetical_sort_within_sections",
            ),
            line_length: number("line_length").and_then(|n| usize::try_from(n).ok()),
            lines_after_imports: number("lines_after_imports"),
            add_imports: list("add_imports"),
            from_first: flag("from_first"),
            lines_between_types: number("lines_between_types"),
            force_to_top: list("force_to_top"),
            length_sort: flag("length_sort"),
            length_sort_straight: flag("length_sort_straight"),
            order_by_type: flag("order_by_type"),
            lexicographical: flag("lexicographical"),
            group_by_package: flag("group_by_package"),
            multi_line_output: get("multi_line_output").and_then(Raw::word),
            include_trailing_comma: flag("include_trailing_comma"),
            force_grid_wrap: number("force_grid_wrap"),
            wrap_length: number("wrap_length"),
            split_on_trailing_comma: flag("split_on_trailing_comma"),
            from_editorconfig: false,
        }
    }

    /// These values over the named profile's, as isort applies a profile first.
    fn over_profile(self, profile: Option<&str>) -> IsortValues {
        let base = profile.map(profile_values).unwrap_or_default();
        IsortValues {
            extra_standard_library: self.extra_standard_library.or(base.extra_standard_library),
            known_first_party: self.known_first_party.or(base.known_first_party),
            known_third_party: self.known_third_party.or(base.known_third_party),
            known_local_folder: self.known_local_folder.or(base.known_local_folder),
            force_sort_within_sections: (self.force_sort_within_sections)
                .or(base.force_sort_within_sections),
            force_single_line: self.force_single_line.or(base.force_single_line),
            single_line_exclusions: self.single_line_exclusions.or(base.single_line_exclusions),
            force_alphabetical_sort: (self.force_alphabetical_sort)
                .or(base.force_alphabetical_sort),
            force_alphabetical_sort_within_sections: (self.force_alphabetical_sort_within_sections)
                .or(base.force_alphabetical_sort_within_sections),
            line_length: self.line_length.or(base.line_length),
            lines_after_imports: self.lines_after_imports.or(base.lines_after_imports),
            add_imports: self.add_imports,
            from_first: self.from_first.or(base.from_first),
            lines_between_types: self.lines_between_types.or(base.lines_between_types),
            force_to_top: self.force_to_top.or(base.force_to_top),
            length_sort: self.length_sort.or(base.length_sort),
            length_sort_straight: self.length_sort_straight.or(base.length_sort_straight),
            order_by_type: self.order_by_type.or(base.order_by_type),
            lexicographical: self.lexicographical.or(base.lexicographical),
            group_by_package: self.group_by_package.or(base.group_by_package),
            multi_line_output: self.multi_line_output.or(base.multi_line_output),
            include_trailing_comma: self.include_trailing_comma.or(base.include_trailing_comma),
            force_grid_wrap: self.force_grid_wrap.or(base.force_grid_wrap),
            wrap_length: self.wrap_length.or(base.wrap_length),
            split_on_trailing_comma: (self.split_on_trailing_comma)
                .or(base.split_on_trailing_comma),
            from_editorconfig: self.from_editorconfig,
        }
    }

    pub(super) fn line_length(&self) -> Option<usize> {
        self.line_length
    }

    pub(super) fn lines_after_imports(&self) -> Option<i64> {
        self.lines_after_imports
    }

    pub(super) fn add_imports(&self) -> &[String] {
        self.add_imports.as_deref().unwrap_or_default()
    }
}

/// The placement and wrapping settings of isort's profiles (`isort/profiles.py`): of the
/// wrapping ones, those a grid mode reads (see [`grid`]).
fn profile_values(name: &str) -> IsortValues {
    let length = |n| IsortValues {
        line_length: Some(n),
        ..IsortValues::default()
    };
    let single_sorted = IsortValues {
        force_single_line: Some(true),
        force_sort_within_sections: Some(true),
        ..IsortValues::default()
    };
    let two_after = IsortValues {
        lines_after_imports: Some(2),
        ..IsortValues::default()
    };
    let mode = |mode: &str, trailing_comma: bool| IsortValues {
        multi_line_output: Some(mode.to_owned()),
        include_trailing_comma: Some(trailing_comma),
        ..IsortValues::default()
    };
    match name {
        "black" => IsortValues {
            line_length: Some(88),
            split_on_trailing_comma: Some(true),
            force_grid_wrap: Some(0),
            ..mode("3", true)
        },
        "django" => IsortValues {
            line_length: Some(79),
            ..mode("5", true)
        },
        "wemake" => IsortValues {
            line_length: Some(79),
            ..mode("3", true)
        },
        "hug" => IsortValues {
            line_length: Some(100),
            force_grid_wrap: Some(0),
            ..mode("3", true)
        },
        "pycharm" => IsortValues {
            force_grid_wrap: Some(2),
            multi_line_output: Some("3".to_owned()),
            ..two_after
        },
        "attrs" => IsortValues {
            force_grid_wrap: Some(0),
            include_trailing_comma: Some(true),
            multi_line_output: Some("3".to_owned()),
            ..two_after
        },
        // google's `line_length = 1000` stops isort wrapping imports (the code's lines are
        // still the formatter's).
        "google" => IsortValues {
            line_length: Some(1000),
            single_line_exclusions: Some(
                [
                    "collections.abc",
                    "six.moves",
                    "typing",
                    "typing_extensions",
                ]
                .map(str::to_owned)
                .to_vec(),
            ),
            order_by_type: Some(false),
            lexicographical: Some(true),
            group_by_package: Some(true),
            ..single_sorted
        },
        "open_stack" => IsortValues {
            lexicographical: Some(true),
            ..single_sorted
        },
        "plone" => IsortValues {
            force_single_line: Some(true),
            force_alphabetical_sort: Some(true),
            lines_after_imports: Some(2),
            ..length(88)
        },
        "appnexus" => IsortValues {
            force_sort_within_sections: Some(true),
            order_by_type: Some(false),
            ..length(88)
        },
        _ => IsortValues::default(),
    }
}

/// A value as a source spells it.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Toml(&'a toml::Value),
    Text(&'a str),
}

impl<'a> Raw<'a> {
    fn text(self) -> Option<&'a str> {
        match self {
            Raw::Toml(value) => value.as_str(),
            Raw::Text(text) => Some(text),
        }
    }

    fn list(self) -> Option<Vec<String>> {
        if let Raw::Toml(toml::Value::Array(items)) = self {
            let names = items.iter().filter_map(|i| i.as_str());
            return Some(names.map(|n| n.trim().to_owned()).collect());
        }
        // isort's `_as_list`: commas and line ends both separate.
        let names = self.text()?.split([',', '\n']).map(str::trim);
        Some(names.filter(|n| !n.is_empty()).map(str::to_owned).collect())
    }

    fn flag(self) -> Option<bool> {
        if let Raw::Toml(toml::Value::Boolean(on)) = self {
            return Some(*on);
        }
        // isort's `_as_bool`.
        match self.text()?.trim().to_lowercase().as_str() {
            "y" | "yes" | "t" | "true" | "on" | "1" => Some(true),
            "n" | "no" | "f" | "false" | "off" | "0" => Some(false),
            _ => None,
        }
    }

    /// A word or a number (`5`, `VERTICAL_GRID_GROUPED`), as text.
    fn word(self) -> Option<String> {
        match self {
            Raw::Toml(toml::Value::Integer(n)) => Some(n.to_string()),
            other => other.text().map(|t| t.trim().to_owned()),
        }
    }

    fn number(self) -> Option<i64> {
        match self {
            Raw::Toml(value) => value.as_integer(),
            Raw::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// isort's files in one folder, as read once.
#[derive(Default)]
pub(super) struct IsortFiles {
    /// A `.git` or `.hg` here: where isort's search stops.
    repository: bool,
    /// `[tool.isort]`, when it has any key.
    tool_isort: Option<IsortValues>,
    /// isort's INI files here, parsed.
    ini: Vec<(&'static str, Ini)>,
    /// isort's settings in the `.editorconfig` here, when it has any.
    editorconfig: Option<IsortValues>,
}

impl IsortFiles {
    /// The files of `dir`; `tool_isort` is its `pyproject.toml`'s table.
    pub(super) fn read(dir: &Path, repository: bool, tool_isort: Option<&toml::Table>) -> Self {
        let ini = |name: &str| {
            let text = std::fs::read_to_string(dir.join(name)).ok()?;
            Some(Ini::parse(&text))
        };
        IsortFiles {
            repository,
            tool_isort: (tool_isort.filter(|t| !t.is_empty()))
                .map(|t| IsortValues::from_toml(t, false)),
            ini: (INI_SOURCES.iter())
                .filter_map(|(name, _)| Some((*name, ini(name)?)))
                .collect(),
            editorconfig: editorconfig(dir),
        }
    }

    fn ini(&self, name: &str) -> Option<&Ini> {
        self.ini.iter().find(|f| f.0 == name).map(|f| &f.1)
    }
}

/// The section names isort reads in each of its INI files, in its order of files.
const INI_SOURCES: [(&str, &[&str]); 3] = [
    (".isort.cfg", &["settings", "isort"]),
    ("setup.cfg", &["isort", "tool:isort"]),
    ("tox.ini", &["isort", "tool:isort"]),
];

/// isort's own settings for `folder`, as isort run on a file there finds them: in `folder`, the
/// first source that has any (`.isort.cfg`, `[tool.isort]`, `setup.cfg`, `tox.ini`,
/// `.editorconfig` last); when none has any, those of the folders above, up to a repository's
/// root (a folder with `.git` or `.hg`, after its own files). `files` gives a folder's files. An
/// INI file in `folder` with an isort section that `configparser` cannot read is an error naming
/// it (isort would skip the file and use other settings); above, such a file is passed over, as
/// isort warns and goes on.
pub(super) fn own_settings(
    folder: &Path,
    files: impl Fn(&Path) -> Arc<IsortFiles>,
) -> Result<Option<(PathBuf, IsortValues)>, SettingsError> {
    let here = files(folder);
    if let Some(found) = in_folder(folder, &here, false)? {
        return Ok(Some(found));
    }
    if here.repository {
        return Ok(None);
    }
    for dir in folder.ancestors().skip(1).take(MAX_SEARCH_DEPTH - 1) {
        let there = files(dir);
        if let Ok(Some(found)) = in_folder(dir, &there, true) {
            return Ok(Some(found));
        }
        if there.repository {
            return Ok(None);
        }
    }
    Ok(None)
}

/// isort's settings in `dir` itself, with the file they are in (see [`own_settings`]);
/// `readable`: pass over a file `configparser` rejects.
fn in_folder(
    dir: &Path,
    files: &IsortFiles,
    readable: bool,
) -> Result<Option<(PathBuf, IsortValues)>, SettingsError> {
    let pyproject = || (files.tool_isort.clone()).map(|v| (dir.join("pyproject.toml"), v));
    for (index, (name, sections)) in INI_SOURCES.iter().enumerate() {
        if index == 1 && files.tool_isort.is_some() {
            return Ok(pyproject());
        }
        let Some(ini) = files.ini(name) else {
            continue;
        };
        if !sections.iter().any(|s| ini.has_section(s)) {
            continue;
        }
        if let Some(error) = &ini.error {
            if readable {
                continue;
            }
            return Err(SettingsError {
                path: dir.join(name),
                message: format!("{error} (isort cannot read its settings here)"),
            });
        }
        let entries = sections.iter().flat_map(|s| ini.entries(s));
        return Ok(Some((dir.join(name), IsortValues::from_ini(entries))));
    }
    if files.tool_isort.is_some() {
        return Ok(pyproject());
    }
    Ok((files.editorconfig.clone()).map(|v| (dir.join(".editorconfig"), v)))
}

/// The sections of an `.editorconfig` isort reads.
const EDITORCONFIG_SECTIONS: [&str; 4] = ["*", "*.py", "**.py", "*.{py}"];
/// How many folders isort looks in, its own included.
const MAX_SEARCH_DEPTH: usize = 25;

/// isort's settings in `folder`'s `.editorconfig` (its `[*]`, `[*.py]`, `[**.py]` and
/// `[*.{py}]` sections, lines before the first section skipped), when they have any: isort
/// stops its search there even when they only say how to indent. Its line length is not taken
/// (`max_line_length`, which isort maps to `line_length`): ruff, black and flake8 do not read
/// the file, and a longer one than their own would have the fix write lines they reject.
fn editorconfig(folder: &Path) -> Option<IsortValues> {
    let text = std::fs::read_to_string(folder.join(".editorconfig")).ok()?;
    let ini = Ini::parse(&text);
    let entries: Vec<(&str, &str)> = (EDITORCONFIG_SECTIONS.iter())
        .flat_map(|s| ini.entries(s))
        .collect();
    let placement = entries
        .iter()
        .copied()
        .filter(|(key, _)| !matches!(*key, "line_length" | "max_line_length"));
    (!entries.is_empty()).then(|| IsortValues {
        from_editorconfig: true,
        ..IsortValues::from_ini(placement)
    })
}

/// Where imports go when ruff and isort both have a say: a project runs one of them, or both
/// agreeing, so the lists are joined and either flag holds.
pub(super) fn import_order(ruff: &IsortValues, isort: Option<&IsortValues>) -> ImportOrder {
    let none = IsortValues::default();
    let isort = isort.unwrap_or(&none);
    let names = |a: &Option<Vec<String>>, b: &Option<Vec<String>>| {
        let joined = [a, b].into_iter().flatten().flatten().cloned();
        joined.collect::<Vec<String>>()
    };
    let flag = |a: Option<bool>, b: Option<bool>| a == Some(true) || b == Some(true);
    let alphabetical = isort.force_alphabetical_sort == Some(true);
    let apart = |n: Option<i64>| n.is_some_and(|n| n > 0);
    ImportOrder {
        extra_standard_library: names(&ruff.extra_standard_library, &isort.extra_standard_library),
        known_first_party: names(&ruff.known_first_party, &isort.known_first_party),
        known_third_party: names(&ruff.known_third_party, &isort.known_third_party),
        known_local_folder: names(&ruff.known_local_folder, &isort.known_local_folder),
        force_sort_within_sections: flag(
            ruff.force_sort_within_sections,
            isort.force_sort_within_sections,
        ),
        force_single_line: flag(ruff.force_single_line, isort.force_single_line),
        single_line_exclusions: names(&ruff.single_line_exclusions, &isort.single_line_exclusions),
        // isort's own modes: ruff has neither.
        force_alphabetical_sort: isort.force_alphabetical_sort == Some(true),
        alphabetical_members: isort.force_alphabetical_sort == Some(true)
            || isort.force_alphabetical_sort_within_sections == Some(true),
        // isort's `force_alphabetical_sort` sets both (its `settings.py`).
        from_first: alphabetical || flag(ruff.from_first, isort.from_first),
        lines_between_types: alphabetical
            || apart(ruff.lines_between_types)
            || apart(isort.lines_between_types),
        force_to_top: names(&ruff.force_to_top, &isort.force_to_top),
        // ruff's `length-sort` is isort's: modules (their dots counted) and members by length,
        // shortest first, compared as numbers.
        length_sort: flag(ruff.length_sort, isort.length_sort),
        length_sort_straight: flag(ruff.length_sort_straight, isort.length_sort_straight),
        // What isort alone reads (`isort/sorting.py`'s `section_key`).
        isort_sorts_lines: isort.force_sort_within_sections == Some(true),
        lines_ignore_case: isort.order_by_type == Some(false),
        lexicographical: isort.lexicographical == Some(true),
        group_by_package: isort.group_by_package == Some(true),
        grid: grid(isort),
        relative_first_party: false,
    }
}

/// isort's grid modes, as its `wrap_modes.from_string` reads `multi_line_output` (a mode's name
/// or its number; 6, a deprecated name of 5, is 5).
fn grid(isort: &IsortValues) -> Option<Grid> {
    let grouped = match isort.multi_line_output.as_deref()? {
        "4" | "VERTICAL_GRID" => false,
        "5" | "6" | "VERTICAL_GRID_GROUPED" | "VERTICAL_GRID_GROUPED_NO_COMMA" => true,
        _ => return None,
    };
    let count = |n: Option<i64>| n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    Some(Grid {
        grouped,
        include_trailing_comma: isort.include_trailing_comma == Some(true),
        force_grid_wrap: count(isort.force_grid_wrap),
        wrap_length: count(isort.wrap_length),
        split_on_trailing_comma: isort.split_on_trailing_comma == Some(true),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::settings::{Grid, ImportOrder, Settings};

    /// The settings of a folder holding `files` (name, text).
    fn folder(files: &[(&str, &str)]) -> Result<Settings, crate::settings::SettingsError> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        Settings::from_folder(dir.path())
    }

    #[test]
    fn isorts_ini_files_are_read_in_its_order() {
        let cfg = "[settings]\nknown_first_party = app,\n    lib\nforce_single_line = yes\n";
        let s = folder(&[(".isort.cfg", cfg)]).unwrap();
        assert_eq!(s.import_order.known_first_party, ["app", "lib"]);
        assert!(s.import_order.force_single_line);
        // `.isort.cfg` comes before `[tool.isort]`, which comes before `setup.cfg`.
        let pyproject = "[tool.isort]\nknown_first_party = [\"web\"]\n";
        let setup_cfg = "[tool:isort]\nknown_first_party = tools\n";
        let s = folder(&[(".isort.cfg", cfg), ("pyproject.toml", pyproject)]).unwrap();
        assert_eq!(s.import_order.known_first_party, ["app", "lib"]);
        let s = folder(&[("pyproject.toml", pyproject), ("setup.cfg", setup_cfg)]).unwrap();
        assert_eq!(s.import_order.known_first_party, ["web"]);
        let s = folder(&[
            ("setup.cfg", setup_cfg),
            ("tox.ini", "[isort]\nprofile = google\n"),
        ]);
        assert_eq!(s.unwrap().import_order.known_first_party, ["tools"]);
        // ruff's table is joined with whichever isort reads.
        let ruff = "[tool.ruff.lint.isort]\nknown-first-party = [\"core\"]\n";
        let s = folder(&[
            ("pyproject.toml", ruff),
            ("tox.ini", "[isort]\nknown_first_party = x\n"),
        ]);
        assert_eq!(s.unwrap().import_order.known_first_party, ["core", "x"]);
    }

    #[test]
    fn ruffs_length_sort_is_read() {
        let ruff = "[tool.ruff.lint.isort]\nlength-sort = true\n";
        let order = folder(&[("pyproject.toml", ruff)]).unwrap().import_order;
        assert!(order.length_sort && !order.length_sort_straight);
        let ruff = "[lint.isort]\nlength-sort-straight = true\n";
        let order = folder(&[("ruff.toml", ruff)]).unwrap().import_order;
        assert!(!order.length_sort && order.length_sort_straight);
    }

    #[test]
    fn the_imports_every_module_must_hold_are_isorts_and_ruffs() {
        let cfg = "[settings]\nadd_imports = from __future__ import annotations\n";
        let s = folder(&[(".isort.cfg", cfg)]).unwrap();
        assert_eq!(s.required_imports, ["from __future__ import annotations"]);
        let ruff = "[lint.isort]\nrequired-imports = [\"import os\"]\n";
        let s = folder(&[("ruff.toml", ruff), (".isort.cfg", cfg)]).unwrap();
        assert_eq!(
            s.required_imports,
            ["import os", "from __future__ import annotations"]
        );
    }

    #[test]
    fn a_profile_is_under_the_settings_that_name_it() {
        let s = folder(&[(".isort.cfg", "[isort]\nprofile = google\n")]).unwrap();
        let order = &s.import_order;
        assert!(order.force_single_line && order.force_sort_within_sections);
        assert_eq!(order.single_line_exclusions.len(), 4);
        assert!(
            !s.declares_line_length,
            "google's 1000 is no code line length"
        );
        assert_eq!(s.import_line_length, 1000);
        let s = folder(&[(
            "setup.cfg",
            "[isort]\nprofile = open_stack\nforce_single_line = 0\n",
        )]);
        let order = s.unwrap().import_order;
        assert!(order.force_sort_within_sections && !order.force_single_line);
        let s = folder(&[("pyproject.toml", "[tool.isort]\nprofile = \"django\"\n")]).unwrap();
        // django wraps in mode 5, with trailing commas.
        let grid = Grid {
            grouped: true,
            include_trailing_comma: true,
            ..Grid::default()
        };
        let order = ImportOrder {
            grid: Some(grid),
            ..ImportOrder::default()
        };
        assert_eq!(
            (s.line_length, s.import_line_length, s.import_order),
            (88, 79, order)
        );
        let s = folder(&[("tox.ini", "[isort]\nprofile = attrs\n")]).unwrap();
        assert_eq!(s.lines_after_imports, Some(2));
        let s = folder(&[(".isort.cfg", "[isort]\nprofile = hug\nline_length = 90\n")]);
        assert_eq!(s.unwrap().import_line_length, 90);
    }

    #[test]
    fn an_isort_section_configparser_rejects_is_an_error_naming_the_file() {
        let err = folder(&[("setup.cfg", "[isort]\nprofile = black\nnot a pair\n")]).unwrap_err();
        assert!(err.path.ends_with("setup.cfg"), "{err}");
        assert_eq!(
            err.message,
            "line 3: a line that is not `key = value` (isort cannot read its settings here)"
        );
        // A file isort does not take its settings from is not its to reject.
        let other = folder(&[("setup.cfg", "oops\n[metadata]\nname = x\n")]);
        assert!(other.is_ok());
        let later = [
            (".isort.cfg", "[settings]\nprofile = black\n"),
            ("tox.ini", "[isort]\nbroken\n"),
        ];
        assert!(folder(&later).is_ok());
    }
}
