//! The oldest Python a project declares: PEP 440 `requires-python`, ruff's `target-version` and
//! setuptools' `python_requires`.

use std::fmt;

/// A Python version as `(major, minor)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersion(pub u8, pub u8);

impl PythonVersion {
    /// ruff's default target when a project declares nothing.
    pub const DEFAULT: PythonVersion = PythonVersion(3, 9);

    pub fn at_least(self, major: u8, minor: u8) -> bool {
        self >= PythonVersion(major, minor)
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// `python_requires` in the `[options]` section of a `setup.cfg`.
pub(super) fn setup_cfg_python(text: &str) -> Option<PythonVersion> {
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim();
        } else if section == "options"
            && let Some((key, value)) = line.split_once(['=', ':'])
            && matches!(key.trim(), "python_requires" | "python-requires")
        {
            return minimum_python(value);
        }
    }
    None
}

/// A literal `python_requires="..."` in a `setup.py` (a computed one is not read).
pub(super) fn setup_py_python(text: &str) -> Option<PythonVersion> {
    let at = text.find("python_requires")?;
    let rest = text[at + "python_requires".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let value = rest[1..].split(quote).next()?;
    minimum_python(value)
}

/// The lowest Python a PEP 440 `requires-python` allows, when it names a lower bound.
pub fn minimum_python(spec: &str) -> Option<PythonVersion> {
    spec.split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            // PEP 440's operators, and Poetry's caret and tilde.
            let version = ["~=", ">=", "==", ">", "^", "~"]
                .iter()
                .find_map(|op| clause.strip_prefix(op))?;
            let mut parts = version.trim().split('.');
            let major = parts.next()?.trim().parse().ok()?;
            let minor = parts
                .next()
                .map_or(Some(0), |m| m.trim().trim_end_matches('*').parse().ok())?;
            Some(PythonVersion(major, minor))
        })
        .max()
}

/// ruff's `target-version = "py38"`.
pub(super) fn ruff_target_version(target: &str) -> Option<PythonVersion> {
    let digits = target.strip_prefix("py")?;
    let (major, minor) = digits.split_at_checked(1)?;
    Some(PythonVersion(major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_python_lower_bounds() {
        assert_eq!(minimum_python(">=3.7"), Some(PythonVersion(3, 7)));
        assert_eq!(minimum_python(">=3.8, <4"), Some(PythonVersion(3, 8)));
        assert_eq!(minimum_python("~=3.10"), Some(PythonVersion(3, 10)));
        assert_eq!(minimum_python("==3.12.*"), Some(PythonVersion(3, 12)));
        assert_eq!(minimum_python(">3"), Some(PythonVersion(3, 0)));
        assert_eq!(minimum_python("<4"), None);
        assert_eq!(minimum_python("^3.8"), Some(PythonVersion(3, 8)));
        assert_eq!(minimum_python("~3.7"), Some(PythonVersion(3, 7)));
    }

    #[test]
    fn setuptools_declares_the_minimum_too() {
        let cfg = "[metadata]\npython_requires = >=3.5\n[options]\npython_requires = >=3.7, <4\n";
        assert_eq!(setup_cfg_python(cfg), Some(PythonVersion(3, 7)));
        assert_eq!(setup_cfg_python("[options]\ninstall_requires = x\n"), None);
        let py = "setup(\n    name='p',\n    python_requires = \"~=3.8\",\n)\n";
        assert_eq!(setup_py_python(py), Some(PythonVersion(3, 8)));
        assert_eq!(setup_py_python("setup(python_requires=PYTHON)\n"), None);
    }
}
