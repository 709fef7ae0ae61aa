//! What ruff's settings say of the imports the fix writes: whether flake8-tidy-imports' TID252
//! bans relative imports (`ban-relative-imports`, "parents" by default: `from .. import x` is
//! banned, `from . import x` allowed; "all": every relative import), and ruff's `src`, the
//! folders its module resolution takes as import roots (`[".", "src"]` by default). Both are
//! read from the same settings file, and the files it extends, that every other ruff value
//! comes from.

use super::ruff_defaults::{DefaultSelection, Defaults};
use std::path::{Path, PathBuf};

/// Which relative imports the project's ruff allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RelativeImports {
    /// TID252 is off: any.
    #[default]
    Allowed,
    /// TID252 with `ban-relative-imports = "parents"`: only from the module's own package.
    Siblings,
    /// TID252 with `ban-relative-imports = "all"`: none.
    Banned,
}

impl RelativeImports {
    /// Whether `from <dots>module import name` may be written, with `dots` leading dots.
    pub fn allow(self, dots: usize) -> bool {
        match self {
            RelativeImports::Allowed => true,
            RelativeImports::Siblings => dots <= 1,
            RelativeImports::Banned => false,
        }
    }
}

/// The rule lists and TID252's option of one ruff settings table, each `None` where the table
/// leaves it to the file it extends (or to ruff's default).
#[derive(Debug, Clone, Default)]
pub(super) struct RuffImports {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    ban: Option<String>,
    /// ruff's `src`, resolved against the folder of the file that sets it.
    pub(super) src: Option<Vec<PathBuf>>,
    /// ruff's `namespace-packages`: folders it takes for packages though they have no
    /// `__init__.py`, resolved against the folder of the file that sets them.
    pub(super) namespace_packages: Option<Vec<PathBuf>>,
    /// `per-file-ignores` entries that switch TID252 off, and the `extend-per-file-ignores`
    /// ones, which add up.
    per_file: Option<Vec<PerFileIgnore>>,
    extend_per_file: Vec<PerFileIgnore>,
    /// `[lint.pydocstyle] convention`: each convention switches D213 off.
    convention: Option<String>,
    /// `[lint.flake8-type-checking] exempt-modules`: TC001-TC003 leave imports of these alone.
    exempt_modules: Option<Vec<String>>,
    /// `[lint.flake8-type-checking] strict`: TC001-TC003 report an import even where a runtime
    /// import of the same module is there (by default they leave it alone).
    strict: Option<bool>,
    /// The default selection of the ruff the project pins, where `select` is not set.
    pub(super) defaults: Defaults,
}

/// One `per-file-ignores` pattern that switches TID252 off, as ruff matches it: against the
/// file's name, or against its absolute path with the pattern taken from the folder of the
/// settings file that sets it; a leading `!` ignores the rule in the files it does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerFileIgnore {
    pattern: String,
    absolute: PathBuf,
    negated: bool,
}

impl PerFileIgnore {
    fn new(pattern: &str, folder: &Path) -> Self {
        let (negated, pattern) = match pattern.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        PerFileIgnore {
            pattern: pattern.to_owned(),
            absolute: normal(&folder.join(pattern)),
            negated,
        }
    }

    /// Whether it switches TID252 off for `file` (absolute). ruff compiles each side with
    /// globset's defaults (`*` crosses `/`); a pattern that does not compile matches nothing.
    fn ignores(&self, file: &Path) -> bool {
        let glob = |pattern: &str| {
            globset::Glob::new(pattern)
                .ok()
                .map(|g| g.compile_matcher())
        };
        let name = file.file_name().map(Path::new);
        let by_name = glob(&self.pattern).is_some_and(|m| name.is_some_and(|n| m.is_match(n)));
        let absolute = self.absolute.to_str().and_then(glob);
        let matched = by_name || absolute.is_some_and(|m| m.is_match(file));
        matched != self.negated
    }
}

/// The relative imports ruff allows in one file: the folder's, unless a `per-file-ignores`
/// entry switches TID252 off for it.
pub fn relative_imports_at(
    folder: RelativeImports,
    ignores: &[PerFileIgnore],
    file: &Path,
) -> RelativeImports {
    if ignores.is_empty() {
        return folder;
    }
    // As walked (`./pkg/a.py` joined to the working folder): without its `.` and `..`.
    let file = normal(file);
    match ignores.iter().any(|i| i.ignores(&file)) {
        true => RelativeImports::Allowed,
        false => folder,
    }
}

/// `path` without `.` and `..` components, as ruff prints its `src`.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    // `components` leaves out a `.` that is not the path's first.
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

const RULE: &str = "TID252";

impl RuffImports {
    /// What `table` (a `ruff.toml`, or a `pyproject.toml`'s `[tool.ruff]`) at `path` says; the
    /// `lint` section's keys, else the top-level ones of older ruff.
    pub(super) fn read(table: &toml::Table, path: &Path) -> RuffImports {
        let get = |key: &str| {
            let lint = table.get("lint").and_then(|l| l.get(key));
            lint.or_else(|| table.get(key))
        };
        let list = |key: &str| {
            get(key).and_then(toml::Value::as_array).map(|items| {
                (items.iter().filter_map(toml::Value::as_str))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
        };
        let tidy = get("flake8-tidy-imports");
        let ban = tidy.and_then(|t| t.get("ban-relative-imports"));
        let folder = path.parent().unwrap_or(Path::new(""));
        let folders = |key: &str| {
            table.get(key).and_then(toml::Value::as_array).map(|roots| {
                (roots.iter().filter_map(toml::Value::as_str))
                    .map(|root| normal(&folder.join(root)))
                    .collect()
            })
        };
        let src = folders("src");
        // The entries whose codes switch TID252 off (`TID252`, `TID`, `ALL`...).
        let per_file = |key: &str| {
            get(key).and_then(toml::Value::as_table).map(|entries| {
                (entries.iter())
                    .filter(|(_, codes)| {
                        (codes.as_array().into_iter().flatten())
                            .filter_map(toml::Value::as_str)
                            .any(|c| c == "ALL" || (!c.is_empty() && RULE.starts_with(c)))
                    })
                    .map(|(pattern, _)| PerFileIgnore::new(pattern, folder))
                    .collect::<Vec<_>>()
            })
        };
        RuffImports {
            per_file: per_file("per-file-ignores"),
            extend_per_file: per_file("extend-per-file-ignores").unwrap_or_default(),
            select: list("select"),
            extend_select: list("extend-select").unwrap_or_default(),
            ignore: [list("ignore"), list("extend-ignore")]
                .into_iter()
                .flatten()
                .flatten()
                .collect(),
            ban: ban.and_then(toml::Value::as_str).map(str::to_owned),
            src,
            namespace_packages: folders("namespace-packages"),
            convention: (get("pydocstyle").and_then(|p| p.get("convention")))
                .and_then(toml::Value::as_str)
                .map(str::to_owned),
            exempt_modules: (get("flake8-type-checking").and_then(|t| t.get("exempt-modules")))
                .and_then(toml::Value::as_array)
                .map(|items| {
                    (items.iter().filter_map(toml::Value::as_str))
                        .map(str::to_owned)
                        .collect()
                }),
            strict: (get("flake8-type-checking").and_then(|t| t.get("strict")))
                .and_then(toml::Value::as_bool),
            defaults: Defaults::default(),
        }
    }

    /// These values over `base`'s, those of the file this one extends: a `select` or an option
    /// set here wins; the extending lists add up.
    pub(super) fn over(mut self, base: RuffImports) -> RuffImports {
        self.select = self.select.or(base.select);
        self.extend_select.extend(base.extend_select);
        self.ignore.extend(base.ignore);
        self.ban = self.ban.or(base.ban);
        self.src = self.src.or(base.src);
        self.namespace_packages = self.namespace_packages.or(base.namespace_packages);
        self.per_file = self.per_file.or(base.per_file);
        self.extend_per_file.extend(base.extend_per_file);
        self.convention = self.convention.or(base.convention);
        self.exempt_modules = self.exempt_modules.or(base.exempt_modules);
        self.strict = self.strict.or(base.strict);
        self
    }

    /// Whether a multi-line docstring's summary goes on the line after its quotes: D213 is on
    /// and D212, its opposite, is off (with both on, ruff drops D213), and no pydocstyle
    /// convention is set (each switches D213 off).
    pub(super) fn summary_on_second_line(&self) -> bool {
        self.convention.is_none() && self.selects("D213") && !self.selects("D212")
    }

    /// The modules whose imports ruff's TC003 wants under `if TYPE_CHECKING:` when only
    /// annotations use them: `None` where TC003 is off, else what `exempt-modules` leaves out
    /// (`typing` by default).
    pub(super) fn type_checking_exempt(&self) -> Option<Vec<String>> {
        let exempt = self.exempt_modules.clone();
        self.selects("TC003")
            .then(|| exempt.unwrap_or_else(|| vec!["typing".to_owned()]))
    }

    /// What ruff runs where these settings select nothing themselves: the pinned defaults with
    /// what they add and take out; `None` where they `select`.
    pub(super) fn default_selection(&self) -> Option<DefaultSelection> {
        let selection = || DefaultSelection::new(self.defaults, &self.extend_select, &self.ignore);
        self.select.is_none().then(selection)
    }

    /// flake8-type-checking's `strict` (off by default).
    pub(super) fn type_checking_strict(&self) -> bool {
        self.strict.unwrap_or(false)
    }

    /// The `per-file-ignores` entries that switch TID252 off, where it is on at all.
    pub(super) fn relative_ignores(&self) -> Vec<PerFileIgnore> {
        if self.relative_imports() == RelativeImports::Allowed {
            return Vec::new();
        }
        let per_file = self.per_file.iter().flatten();
        per_file.chain(&self.extend_per_file).cloned().collect()
    }

    /// Which relative imports ruff lets the file write: TID252 is on where the most specific
    /// selector that names it selects it.
    pub(super) fn relative_imports(&self) -> RelativeImports {
        match self.selects(RULE) {
            true => match self.ban.as_deref() {
                Some("all") => RelativeImports::Banned,
                _ => RelativeImports::Siblings,
            },
            false => RelativeImports::Allowed,
        }
    }

    /// Whether ruff checks `rule` (`FA100`): the most specific selector that names it (`ALL`,
    /// its linter's prefix with or without digits, the code) selects it; an ignore of the same
    /// length wins, as in ruff. `F` is Pyflakes, not a prefix of `FA100`.
    pub(super) fn selects(&self, rule: &str) -> bool {
        let linter =
            |code: &str| -> String { code.chars().take_while(char::is_ascii_alphabetic).collect() };
        let names = |code: &str| {
            code == "ALL"
                || (rule.starts_with(code) && !code.is_empty() && linter(code) == linter(rule))
        };
        // ruff 0.8 renamed flake8-type-checking's `TCH` to `TC` and still reads the old codes.
        let redirected = |code: &str| match code.strip_prefix("TCH") {
            Some(rest) => format!("TC{rest}"),
            None => code.to_owned(),
        };
        let longest = |codes: &mut dyn Iterator<Item = &str>| {
            codes
                .map(|code| redirected(code.trim()))
                .filter(|code| names(code))
                .map(|code| if code == "ALL" { 0 } else { code.len() })
                .max()
        };
        let select = match &self.select {
            Some(select) => longest(&mut select.iter().map(String::as_str)),
            None => longest(&mut self.defaults.selectors()),
        };
        let selected = select.max(longest(&mut self.extend_select.iter().map(String::as_str)));
        let ignored = longest(&mut self.ignore.iter().map(String::as_str));
        selected.is_some_and(|s| ignored.is_none_or(|i| s > i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative(toml: &str) -> RelativeImports {
        let table: toml::Table = toml.parse().unwrap();
        RuffImports::read(&table, Path::new("ruff.toml")).relative_imports()
    }

    #[test]
    fn a_docstring_summary_goes_on_the_second_line_where_d213_is_on_alone() {
        let second = |toml: &str| {
            let table: toml::Table = toml.parse().unwrap();
            RuffImports::read(&table, Path::new("ruff.toml")).summary_on_second_line()
        };
        assert!(!second(""));
        assert!(!second("lint.select = [\"D\"]"), "ruff drops D213 for D212");
        assert!(second(
            "lint.extend-select = [\"D\"]\nlint.extend-ignore = [\"D212\"]"
        ));
        assert!(second("select = [\"D213\"]"));
        let convention = "lint.select = [\"D\"]\nlint.ignore = [\"D212\"]\n\
                          lint.pydocstyle.convention = \"google\"";
        assert!(!second(convention));
    }

    #[test]
    fn tc003_is_read_with_its_exempt_modules() {
        let exempt = |toml: &str| {
            let table: toml::Table = toml.parse().unwrap();
            RuffImports::read(&table, Path::new("ruff.toml")).type_checking_exempt()
        };
        assert_eq!(exempt("lint.select = [\"E\", \"F\"]"), None);
        assert_eq!(
            exempt("lint.select = [\"TC\"]"),
            Some(vec!["typing".to_owned()])
        );
        let marimo = "lint.select = [\"TC\"]\n\
                      lint.flake8-type-checking.exempt-modules = [\"typing\", \"concurrent\"]";
        assert_eq!(
            exempt(marimo),
            Some(vec!["typing".to_owned(), "concurrent".to_owned()])
        );
        assert_eq!(
            exempt("lint.select = [\"ALL\"]\nlint.ignore = [\"TC003\"]"),
            None
        );
        let strict = |toml: &str| {
            let table: toml::Table = toml.parse().unwrap();
            RuffImports::read(&table, Path::new("ruff.toml")).type_checking_strict()
        };
        assert!(!strict("lint.select = [\"TC\"]"));
        assert!(strict("lint.flake8-type-checking.strict = true"));
        // marimo's `extend-select = ["TCH"]`, ruff's old name for the linter.
        assert!(exempt("lint.extend-select = [\"TCH\"]").is_some());
        assert_eq!(
            exempt("lint.select = [\"TC\"]\nlint.ignore = [\"TCH003\"]"),
            None
        );
    }

    #[test]
    fn tid252_bans_parents_unless_it_says_all() {
        use RelativeImports::*;
        assert_eq!(relative(""), Allowed);
        let fa100 = |toml: &str| {
            let table: toml::Table = toml.parse().unwrap();
            RuffImports::read(&table, Path::new("ruff.toml")).selects("FA100")
        };
        assert!(!fa100(""));
        assert!(fa100("lint.select = [\"ALL\"]"));
        assert!(fa100("select = [\"E\", \"FA\"]"));
        assert!(fa100("lint.extend-select = [\"FA100\"]"));
        assert!(!fa100("lint.select = [\"ALL\"]\nlint.ignore = [\"FA\"]"));
        assert!(!fa100("lint.select = [\"FA102\"]"));
        assert!(!fa100("lint.select = [\"E\", \"F\"]"));
        assert_eq!(relative("lint.select = [\"E\", \"TID252\"]"), Siblings);
        assert_eq!(relative("select = [\"TID\"]"), Siblings);
        assert_eq!(relative("lint.extend-select = [\"TID25\"]"), Siblings);
        assert_eq!(relative("lint.select = [\"ALL\"]"), Siblings);
        let all = "lint.select = [\"TID\"]\n\
                   lint.flake8-tidy-imports.ban-relative-imports = \"all\"";
        assert_eq!(relative(all), Banned);
        // The most specific selector decides; at the same length, the ignore.
        assert_eq!(
            relative("lint.select = [\"ALL\"]\nlint.ignore = [\"TID\"]"),
            Allowed
        );
        assert_eq!(
            relative("lint.select = [\"TID252\"]\nlint.ignore = [\"TID\"]"),
            Siblings
        );
        assert_eq!(
            relative("lint.select = [\"TID\"]\nlint.ignore = [\"TID\"]"),
            Allowed
        );
        assert!(Siblings.allow(1) && !Siblings.allow(2) && !Banned.allow(1));
    }

    #[test]
    fn an_extending_file_wins_and_adds_up() {
        let base: toml::Table = "lint.select = [\"TID\"]\nsrc = [\"src\"]".parse().unwrap();
        let base = RuffImports::read(&base, Path::new("/p/base.toml"));
        let near: toml::Table = "lint.ignore = [\"E501\"]".parse().unwrap();
        let near = RuffImports::read(&near, Path::new("/p/sub/ruff.toml")).over(base);
        assert_eq!(near.relative_imports(), RelativeImports::Siblings);
        assert_eq!(near.src, Some(vec![PathBuf::from("/p/src")]));
    }

    #[test]
    fn per_file_ignores_switch_tid252_off_as_ruff_matches_them() {
        let table: toml::Table = "lint.select = [\"TID\"]\n\
            [lint.per-file-ignores]\n\"tests/*\" = [\"TID252\"]\n\
            \"__init__.py\" = [\"ALL\"]\n\"docs/*\" = [\"E501\"]\n\
            [lint.extend-per-file-ignores]\n\"!src/*\" = [\"TID25\"]\n"
            .parse()
            .unwrap();
        let read = RuffImports::read(&table, Path::new("/p/ruff.toml"));
        let ignores = read.relative_ignores();
        assert_eq!(ignores.len(), 3, "{ignores:?}");
        let at = |file: &str| {
            let only = |n: usize| &ignores[n..=n];
            (0..3)
                .map(|n| relative_imports_at(RelativeImports::Siblings, only(n), Path::new(file)))
                .collect::<Vec<_>>()
        };
        use RelativeImports::*;
        // By name; by path from the settings file's folder, `*` across folders; negated (the
        // table's keys in order, then the extending list).
        assert_eq!(at("/p/tests/a/b.py"), [Siblings, Allowed, Allowed]);
        assert_eq!(at("/p/src/pkg/__init__.py"), [Allowed, Siblings, Siblings]);
        assert_eq!(at("/p/./src/x.py"), [Siblings, Siblings, Siblings]);
        // TID252 off for the whole folder: nothing to switch off.
        let off: toml::Table = "[lint.per-file-ignores]\n\"x\" = [\"TID\"]"
            .parse()
            .unwrap();
        assert!(
            RuffImports::read(&off, Path::new("/p/ruff.toml"))
                .relative_ignores()
                .is_empty()
        );
    }
}
