//! What the tools (ruff, Black, flake8, isort, and the formatter the project runs) read for
//! one folder: the lengths, quotes and import settings a fix must leave as they enforce them.

use std::path::{Path, PathBuf};

use super::discover::{DEFAULT_LENGTH, Discovery, Ruff};
use super::formatters::{Formatter, Run};
use super::isort::{import_order, own_settings};
use super::model::{ImportOrder, IsortValues, SettingsError, ToolFiles};
use super::python::PythonVersion;
use super::reorder;
use super::ruff_defaults::DefaultSelection;
use super::ruff_imports::{PerFileIgnore, RelativeImports};

/// What the tools read for one folder ([`Settings::with_tools`]): most folders of a tree read
/// the same, and share one copy of their settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ToolValues {
    pub(super) quote: Option<char>,
    pub(super) import_order: ImportOrder,
    pub(super) lines_after_imports: Option<usize>,
    pub(super) line_length: usize,
    pub(super) declares_line_length: bool,
    pub(super) import_line_length: usize,
    pub(super) max_line_length: Option<usize>,
    pub(super) ruff_e501: Option<usize>,
    pub(super) tools: ToolFiles,
    pub(super) relative_imports: RelativeImports,
    pub(super) relative_ignores: Vec<PerFileIgnore>,
    /// ruff checks FA100 (`future-rewritable-type-annotation`).
    pub(super) future_annotations_rule: bool,
    /// ruff checks COM812 (`missing-trailing-comma`).
    pub(super) trailing_comma_rule: bool,
    /// ruff checks UP009 (`utf8-encoding-declaration`).
    pub(super) utf8_pragma_rule: bool,
    /// ruff checks UP047 (`non-pep695-generic-function`) at a target of 3.12 or later.
    pub(super) generic_function_rule: bool,
    /// ruff checks TC003: the modules it exempts.
    pub(super) type_checking_exempt: Option<Vec<String>>,
    /// flake8-type-checking's `strict`.
    pub(super) type_checking_strict: bool,
    /// ruff's default selection where its settings select nothing.
    pub(super) ruff_defaults: Option<DefaultSelection>,
    pub(super) summary_on_second_line: bool,
    pub(super) import_roots: Vec<PathBuf>,
    pub(super) namespace_packages: Vec<PathBuf>,
    pub(super) required_imports: Vec<String>,
    /// The oldest Python ruff checks the folder's files for ([`Discovery::ruff_python`]).
    pub(super) ruff_python: Option<PythonVersion>,
}

impl ToolValues {
    pub(super) fn read(folder: &Path, discovery: &Discovery) -> Result<ToolValues, SettingsError> {
        let ruff = discovery.ruff(folder);
        let black = discovery.black(folder);
        let flake8 = discovery.flake8(folder);
        let (isort_file, isort) =
            match own_settings(folder, |dir| discovery.folder(dir).isort.clone())? {
                Some((file, values)) => (Some(file), Some(values)),
                None => (None, None),
            };
        let ruff_isort = (ruff.as_ref().and_then(|r| r.isort.as_ref()))
            .map_or_else(IsortValues::default, |t| IsortValues::from_toml(t, true));
        let runs = discovery.formatter(folder);
        // Black given a settings file (`--config black.toml`) reads that file, not its table.
        let black_config = runs.and_then(|run| run.config);
        let lengths = Lengths {
            ruff: ruff
                .as_ref()
                .map(|r| r.line_length.unwrap_or(DEFAULT_LENGTH)),
            black: match black_config {
                Some(config) => Some(config.length.unwrap_or(DEFAULT_LENGTH)),
                None => black.as_ref().map(|b| b.1),
            },
            flake8: flake8.as_ref().and_then(|f| f.1),
            isort: isort.as_ref(),
            runs,
        };
        let code = lengths.code();
        let line_length = code.unwrap_or(DEFAULT_LENGTH);
        Ok(ToolValues {
            quote: quote(
                lengths.normalises(),
                black_config.map_or_else(
                    || discovery.black_normalises_strings(folder),
                    |config| !config.skips_strings,
                ),
                ruff.as_deref(),
            ),
            import_order: match discovery.reorder(folder) {
                Some(dirs) => reorder::order(import_order(&ruff_isort, isort.as_ref()), &dirs),
                None => import_order(&ruff_isort, isort.as_ref()),
            },
            lines_after_imports: (ruff_isort.lines_after_imports())
                .or(isort.as_ref().and_then(IsortValues::lines_after_imports))
                .and_then(|n| usize::try_from(n).ok()),
            line_length,
            declares_line_length: code.is_some(),
            import_line_length: lengths.imports().unwrap_or(line_length),
            max_line_length: lengths.flake8,
            ruff_e501: (ruff.as_deref())
                .filter(|r| r.imports.selects("E501"))
                .map(|r| r.line_length.unwrap_or(DEFAULT_LENGTH)),
            relative_imports: (ruff.as_ref())
                .map_or_else(Default::default, |r| r.imports.relative_imports()),
            relative_ignores: (ruff.as_ref())
                .map_or_else(Vec::new, |r| r.imports.relative_ignores()),
            future_annotations_rule: ruff.as_ref().is_some_and(|r| r.imports.selects("FA100")),
            trailing_comma_rule: ruff.as_ref().is_some_and(|r| r.imports.selects("COM812")),
            utf8_pragma_rule: ruff.as_ref().is_some_and(|r| r.imports.selects("UP009")),
            generic_function_rule: ruff.as_ref().is_some_and(|r| r.imports.selects("UP047"))
                && discovery
                    .ruff_python(folder)
                    .is_some_and(|v| v.at_least(3, 12)),
            type_checking_exempt: ruff.as_ref().and_then(|r| r.imports.type_checking_exempt()),
            type_checking_strict: ruff
                .as_ref()
                .is_some_and(|r| r.imports.type_checking_strict()),
            ruff_defaults: ruff.as_ref().and_then(|r| r.imports.default_selection()),
            summary_on_second_line: (ruff.as_ref())
                .is_some_and(|r| r.imports.summary_on_second_line()),
            import_roots: ruff.as_ref().map_or_else(Vec::new, |r| r.import_roots()),
            namespace_packages: (ruff.as_ref())
                .and_then(|r| r.imports.namespace_packages.clone())
                .unwrap_or_default(),
            // Both tools add theirs: a module the fix writes holds what either asks.
            required_imports: {
                let isort = isort.as_ref().map_or(&[][..], IsortValues::add_imports);
                let mut all = ruff_isort.add_imports().to_vec();
                all.extend(
                    isort
                        .iter()
                        .filter(|i| !all.contains(i))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
                all
            },
            ruff_python: discovery.ruff_python(folder),
            tools: ToolFiles {
                ruff: ruff.map(|r| r.file.clone()),
                black: black.map(|b| b.0),
                flake8: flake8.map(|f| f.0),
                isort: isort_file,
                formatter: lengths.formatter(),
            },
        })
    }
}

/// The quote the project's strings keep: the one its formatter rewrites every string to (Black's
/// double quotes unless `skip-string-normalization`; ruff format's `quote-style`, double by
/// default, unless `preserve`), else the one ruff's linter asks for (flake8-quotes), else none
/// (the fix follows the code around it).
fn quote(
    formatter: Option<Formatter>,
    black_normalises: bool,
    ruff: Option<&Ruff>,
) -> Option<char> {
    let linter = ruff.and_then(|r| r.quote);
    match formatter {
        Some(Formatter::Black) if black_normalises => Some('"'),
        Some(Formatter::Ruff) if ruff.is_none_or(|r| !r.preserves_quotes) => linter.or(Some('"')),
        _ => linter,
    }
}

/// The line lengths the tools found for a folder give.
struct Lengths<'a> {
    /// ruff's `line-length`, where it has a settings file (88 when that sets none).
    ruff: Option<usize>,
    /// Black's, where it finds its table.
    black: Option<usize>,
    /// E501's limit under flake8's settings.
    flake8: Option<usize>,
    isort: Option<&'a IsortValues>,
    /// The formatter the project runs, where it runs one.
    runs: Option<Run>,
}

impl Lengths<'_> {
    /// Code lines: the formatter's the project runs (the length its command gives, else its
    /// table's, else its default), whatever flake8's limit; where it runs none that undangle
    /// sees, Black's where it has its table, else ruff's, else E501's.
    fn code(&self) -> Option<usize> {
        let run = self.runs.map(|run| {
            let table = match run.formatter {
                Formatter::Black => self.black,
                Formatter::Ruff => self.ruff,
            };
            run.length.or(table).unwrap_or(DEFAULT_LENGTH)
        });
        run.or(self.black)
            .or(self.ruff)
            .or(self.flake8)
            .filter(|&l| l > 0)
    }

    /// The formatter whose length code lines take: the one the project runs, else Black where
    /// it has its table, else ruff where it has its settings.
    fn formatter(&self) -> Option<Formatter> {
        let configured = match (self.black, self.ruff) {
            (Some(_), _) => Some(Formatter::Black),
            (None, Some(_)) => Some(Formatter::Ruff),
            (None, None) => None,
        };
        self.runs.map(|run| run.formatter).or(configured)
    }

    /// The formatter that rewrites the strings: the one the project runs, else Black where it
    /// has its table (ruff's settings alone are its linter's as often as its formatter's).
    fn normalises(&self) -> Option<Formatter> {
        let table = self.black.map(|_| Formatter::Black);
        self.runs.map(|run| run.formatter).or(table)
    }

    /// Import lines: isort's own length (or its profile's), else ruff's (its isort rule wraps
    /// at `line-length`), else isort's default 79 where isort has settings.
    fn imports(&self) -> Option<usize> {
        let isort = self.isort.filter(|i| !i.from_editorconfig);
        (isort.and_then(IsortValues::line_length))
            .or(self.ruff)
            .or(isort.map(|_| 79))
            .filter(|&l| l > 0)
    }
}
