//! ruff's default rule selection, which changed twice: through 0.0.x it was pycodestyle's and
//! Pyflakes' rules whole (`E`, `F`); 0.1.0 dropped the rules that conflict with formatters,
//! leaving `E4`, `E7`, `E9`, `F` ("Drop formatting specific rules from the default set", #7900,
//! CHANGELOG 0.1.0, 2023-10-16); 0.16.0 enabled 413 rules, among them FA100, UP006, UP035,
//! I001 and TC004, and dropped 18 of `E` and `F` (E401, E402, E701 ...; CHANGELOG 0.16.0,
//! 2026-07-23; 0.17.0 took the DTZ rules out and F406 in). A project that selects nothing runs
//! the defaults of the ruff it pins, and those of the newest where it leaves the version open.
//! Each list is what that ruff's `check --isolated --show-settings` enables (tested against
//! ruff 0.15.0 and 0.16.0 themselves, `tests/it/ruff_defaults.rs`).

use super::pins::{names_ruff, ruff_side};
use crate::scan::pinned::{Side, Version};
use std::path::Path;

/// The defaults in force for a project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Defaults {
    /// Before 0.1.0: `E`, `F`.
    Whole,
    /// 0.1.0 to 0.15: `E4`, `E7`, `E9`, `F`; also where the project names no ruff in its
    /// requirements or its pins straddle a change (what undangle assumed before it read the
    /// pins). A requirement without an upper bound is the newest ruff (`pins::ruff_side`).
    #[default]
    Narrow,
    /// 0.16.x: the wide set with the DTZ rules 0.17.0 took out, without F406.
    Wide16,
    /// 0.17.0 and later.
    Wide,
}

const NARROWED: Version = Version(0, 1, 0);
const WIDENED: Version = Version(0, 16, 0);
const DTZ_OUT: Version = Version(0, 17, 0);

impl Defaults {
    /// The defaults of the ruff the project in `folder` pins.
    pub(super) fn pinned(folder: &Path) -> Defaults {
        if ruff_side(folder, NARROWED) == Some(Side::Before) {
            return Defaults::Whole;
        }
        match (ruff_side(folder, WIDENED), ruff_side(folder, DTZ_OUT)) {
            (_, Some(Side::Since)) => Defaults::Wide,
            (Some(Side::Since), _) => Defaults::Wide16,
            _ => Defaults::Narrow,
        }
    }

    /// The selectors the defaults are made of.
    pub(super) fn selectors(self) -> Box<dyn Iterator<Item = &'static str>> {
        match self {
            Defaults::Whole => Box::new(["E", "F"].into_iter()),
            Defaults::Narrow => Box::new(["E4", "E7", "E9", "F"].into_iter()),
            Defaults::Wide16 => Box::new(
                (WIDE.split_whitespace())
                    .filter(|code| *code != "F406")
                    .chain(DTZ_OF_16.split_whitespace()),
            ),
            Defaults::Wide => Box::new(WIDE.split_whitespace()),
        }
    }
}

/// What ruff runs on a file whose settings select nothing (`check --show-settings` prints it,
/// so that a harness runs the project's ruff rules with another ruff): the defaults of the ruff
/// the project pins, and what the settings add to them and take out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefaultSelection {
    pub defaults: Vec<&'static str>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl DefaultSelection {
    pub(super) fn new(defaults: Defaults, extend_select: &[String], ignore: &[String]) -> Self {
        DefaultSelection {
            defaults: defaults.selectors().collect(),
            extend_select: extend_select.to_vec(),
            ignore: ignore.to_vec(),
        }
    }

    /// For a file that no ruff settings file governs (ruff run from a pre-commit hook): the
    /// defaults of the ruff pinned in the closest folder at or above `folder` that names one
    /// (a requirement or the hook's `rev`), up to the repository's root; the narrow set
    /// where none does, as the fix assumes.
    pub fn unconfigured(folder: &Path) -> Self {
        let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
        let mut defaults = Defaults::default();
        for (i, dir) in folder.ancestors().enumerate() {
            if i > 0 && home.as_deref() == Some(dir) {
                break;
            }
            if names_ruff(dir) {
                defaults = Defaults::pinned(dir);
                break;
            }
            if dir.join(".git").exists() || dir.join(".hg").is_dir() {
                break;
            }
        }
        DefaultSelection::new(defaults, &[], &[])
    }
}

/// The DTZ rules ruff 0.16.x enables by default beside those it keeps in 0.17.
const DTZ_OF_16: &str = "DTZ001 DTZ005 DTZ006 DTZ007 DTZ011 DTZ012 DTZ901";

/// The rules ruff 0.17.5 enables by default (`ruff check --isolated --show-settings`).
const WIDE: &str = "YTT101 YTT102 YTT103 YTT201 YTT202 YTT203 YTT204 YTT301 YTT302 YTT303 ASYNC100 ASYNC105 \
    ASYNC115 ASYNC116 ASYNC210 ASYNC220 ASYNC221 ASYNC222 ASYNC230 ASYNC251 S102 S110 S112 \
    BLE001 B002 B003 B004 B005 B006 B008 B009 B010 B012 B013 B014 B015 B016 B017 B018 B019 \
    B020 B021 B022 B023 B025 B026 B029 B030 B031 B032 B033 B035 B039 C400 C401 C402 C403 C404 \
    C405 C406 C408 C409 C410 C411 C413 C414 C415 C417 C418 C419 DTZ002 DTZ003 DTZ004 T100 \
    EXE001 EXE002 EXE004 EXE005 FA100 FA102 INT001 INT002 INT003 ISC004 LOG001 LOG002 LOG009 \
    LOG014 LOG015 G010 G101 G201 G202 PIE790 PIE794 PIE796 PIE800 PIE804 PIE807 PIE808 PIE810 \
    PYI001 PYI002 PYI003 PYI004 PYI005 PYI006 PYI007 PYI008 PYI009 PYI010 PYI012 PYI013 \
    PYI015 PYI016 PYI017 PYI018 PYI019 PYI020 PYI025 PYI026 PYI029 PYI030 PYI032 PYI033 \
    PYI034 PYI035 PYI036 PYI041 PYI042 PYI043 PYI044 PYI045 PYI046 PYI047 PYI048 PYI049 \
    PYI050 PYI052 PYI055 PYI057 PYI058 PYI059 PYI061 PYI062 PYI063 PYI064 PYI066 PT010 PT014 \
    PT020 PT025 PT026 PT031 RET501 SIM101 SIM102 SIM103 SIM107 SIM113 SIM114 SIM115 SIM117 \
    SIM118 SIM201 SIM202 SIM208 SIM210 SIM211 SIM220 SIM221 SIM222 SIM223 SIM401 SIM905 \
    SIM911 TC004 TC005 TC007 TC010 PTH124 PTH210 FLY002 I001 N999 PERF101 PERF102 PERF402 \
    E722 E902 W605 D419 F401 F402 F404 F406 F407 F501 F502 F503 F504 F505 F506 F507 F508 F509 \
    F521 F522 F523 F524 F525 F541 F601 F602 F621 F622 F631 F632 F633 F634 F701 F702 F704 F706 \
    F707 F811 F821 F822 F823 F841 F842 F901 PGH005 PLC0105 PLC0131 PLC0132 PLC0205 PLC0206 \
    PLC0208 PLC0414 PLC3002 PLE0100 PLE0101 PLE0115 PLE0116 PLE0117 PLE0118 PLE0303 PLE0304 \
    PLE0305 PLE0307 PLE0308 PLE0309 PLE0604 PLE0605 PLE0643 PLE0704 PLE1132 PLE1142 PLE1205 \
    PLE1206 PLE1300 PLE1307 PLE1310 PLE1507 PLE1519 PLE1520 PLE1700 PLE2502 PLE2510 PLE2512 \
    PLE2513 PLE2514 PLE2515 PLR0124 PLR0133 PLR0206 PLR0402 PLR1704 PLR1708 PLR1711 PLR1716 \
    PLR1722 PLR1730 PLR1733 PLR1736 PLR2044 PLW0120 PLW0127 PLW0128 PLW0129 PLW0131 PLW0133 \
    PLW0177 PLW0211 PLW0245 PLW0406 PLW0602 PLW0604 PLW0642 PLW0711 PLW1501 PLW1507 PLW1508 \
    PLW1509 PLW1510 PLW2101 UP001 UP003 UP004 UP005 UP006 UP007 UP008 UP009 UP010 UP011 UP012 \
    UP014 UP017 UP018 UP019 UP020 UP021 UP022 UP023 UP024 UP025 UP026 UP028 UP029 UP030 UP031 \
    UP032 UP033 UP034 UP035 UP036 UP037 UP039 UP040 UP041 UP043 UP044 UP045 UP046 UP047 UP049 \
    UP050 FURB105 FURB122 FURB129 FURB132 FURB136 FURB157 FURB161 FURB162 FURB163 FURB166 \
    FURB167 FURB168 FURB169 FURB177 FURB181 FURB188 FURB192 RUF007 RUF008 RUF009 RUF010 \
    RUF012 RUF013 RUF015 RUF016 RUF017 RUF018 RUF019 RUF020 RUF022 RUF023 RUF024 RUF026 \
    RUF028 RUF030 RUF032 RUF033 RUF034 RUF040 RUF041 RUF046 RUF048 RUF049 RUF051 RUF053 \
    RUF057 RUF058 RUF059 RUF063 RUF068 RUF100 RUF101 RUF200 TRY002 TRY004 TRY201 TRY203 \
    TRY401";
