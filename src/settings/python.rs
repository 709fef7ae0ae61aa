//! The oldest Python a project declares: PEP 440 `requires-python`, ruff's `target-version` and
//! setuptools' `python_requires`; without any of them, its trove classifiers and tox's `envlist`.

use std::fmt;

use super::ini::Ini;

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
pub(super) fn setup_cfg_python(setup_cfg: &Ini) -> Option<PythonVersion> {
    let value = setup_cfg.get("options", &["python_requires", "python-requires"])?;
    minimum_python(value)
}

/// `python_requires` in a `setup.py`: a literal (`python_requires=">=3.8"`), a module-level
/// constant of the same file (`python_requires=REQUIRES_PYTHON`, with `REQUIRES_PYTHON =
/// ">=3.8.0"`), or a literal formatted from one (`">={}".format(MIN_VERSION)`, `f">={MIN}"`,
/// `">=%s" % MIN`, with `MIN_VERSION = (3, 8)` or `"3.8"`). Anything else is not read.
pub(super) fn setup_py_python(text: &str) -> Option<PythonVersion> {
    let at = text.find("python_requires")?;
    let rest = text[at + "python_requires".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let f_string = rest.starts_with(['f', 'F']) && rest[1..].starts_with(['"', '\'']);
    if !f_string && rest.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) {
        let end =
            (rest.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))).unwrap_or(rest.len());
        return minimum_python(&constant_text(text, &rest[..end])?);
    }
    let rest = if f_string { &rest[1..] } else { rest };
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let value = rest[1..].split(quote).next()?;
    let after = rest[1 + value.len()..].strip_prefix(quote)?.trim_start();
    // The constant the literal is formatted with, if it is.
    let constant = if f_string {
        let (head, name) = value.split_once('{')?;
        Some((head, name.split_once('}')?.0.trim()))
    } else if let Some(call) = after.strip_prefix(".format(") {
        let name = call.split_once(')')?.0.trim();
        Some((value.split_once("{}")?.0, name))
    } else if let Some(operand) = after.strip_prefix('%') {
        let operand = operand.trim_start();
        let end = operand.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))?;
        Some((value.split_once("%s")?.0, &operand[..end]))
    } else {
        None
    };
    match constant {
        None => minimum_python(value),
        Some((operator, name)) => {
            let version = constant_version(text, name)?;
            minimum_python(&format!("{operator}{version}"))
        }
    }
}

/// The string a line of `text` (at its start: a module-level name) binds to `name`:
/// `NAME = ">=3.8"` or `NAME: str = '>=3.8'`.
fn constant_text(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.trim_start();
        let rest = match rest.strip_prefix(':') {
            Some(annotated) => annotated.split_once('=')?.1,
            None => rest.strip_prefix('=').filter(|r| !r.starts_with('='))?,
        };
        let rest = rest.trim();
        let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value = rest[1..].split(quote).next()?;
        Some(value.to_owned())
    })
}

/// `NAME = (3, 8)`, `NAME = [3, 8]`, `NAME = "3.8"` at the start of a line of `text`, as
/// `3.8`; `".".join(map(str, NAME))` is the same number.
fn constant_version(text: &str, name: &str) -> Option<String> {
    let name = name
        .strip_prefix("\".\".join(map(str, ")
        .or_else(|| name.strip_prefix("'.'.join(map(str, "))
        .map_or(name, |n| n.trim_end_matches(')').trim());
    if name.is_empty() || !name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric()) {
        return None;
    }
    let value = text.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.trim_start();
        let rest = rest.strip_prefix('=')?;
        (!rest.starts_with('=')).then(|| rest.trim())
    })?;
    let inner = value
        .strip_prefix(['(', '['])
        .and_then(|v| v.strip_suffix([')', ']']));
    let parts: Vec<&str> = match inner {
        Some(inner) => inner
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect(),
        None => {
            let quoted = value.strip_prefix(['"', '\''])?.strip_suffix(['"', '\''])?;
            quoted.split('.').collect()
        }
    };
    let numbers: Option<Vec<u8>> = parts.iter().take(2).map(|p| p.parse().ok()).collect();
    match numbers?.as_slice() {
        [major, minor] => Some(format!("{major}.{minor}")),
        [major] => Some(format!("{major}")),
        _ => None,
    }
}

/// The oldest Python 3 a package's trove classifiers name (`Programming Language :: Python ::
/// 3.4`), in the text of a `setup.py`, `setup.cfg` or `pyproject.toml`; a line commented out
/// does not count. Python 2's do not either: the code that is fixed runs asyncio.
pub(super) fn classifiers_python(text: &str) -> Option<PythonVersion> {
    const CLASSIFIER: &str = "Programming Language :: Python :: ";
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| {
            line.match_indices(CLASSIFIER)
                .map(move |(at, _)| &line[at..])
        })
        .filter_map(|from| {
            let rest = from[CLASSIFIER.len()..].strip_prefix("3.")?;
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            Some(PythonVersion(3, rest[..end].parse().ok()?))
        })
        .min()
}

/// The oldest Python 3 of tox's `envlist` (`py34, py35, lint`, `{py36,py37}-django`, `py3.8`).
pub(super) fn envlist_python(envlist: &str) -> Option<PythonVersion> {
    envlist
        .split(|c: char| matches!(c, ',' | '-' | '{' | '}') || c.is_whitespace())
        .filter_map(|factor| {
            let minor = factor.strip_prefix("py3")?;
            let minor = minor.strip_prefix('.').unwrap_or(minor);
            Some(PythonVersion(3, minor.parse().ok()?))
        })
        .min()
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
    fn classifiers_and_envlists_name_the_oldest_python_3() {
        let setup = "    classifiers=[\n        'Programming Language :: Python :: 2.7',\n        \
                     'Programming Language :: Python :: 3.5',\n        'Programming Language :: \
                     Python :: 3.4',\n        'Programming Language :: Python :: 3 :: Only',\n";
        assert_eq!(classifiers_python(setup), Some(PythonVersion(3, 4)));
        let commented = "#  'Programming Language :: Python :: 3.3',\n\
                         'Programming Language :: Python :: 3.10',\n";
        assert_eq!(classifiers_python(commented), Some(PythonVersion(3, 10)));
        assert_eq!(
            classifiers_python("'Programming Language :: Python :: 3'"),
            None
        );
        assert_eq!(
            envlist_python("py34, py35, py36, py37, lint"),
            Some(PythonVersion(3, 4))
        );
        assert_eq!(
            envlist_python("{py38,py310}-django, pypy3"),
            Some(PythonVersion(3, 8))
        );
        assert_eq!(envlist_python("py3.9\npy3.12"), Some(PythonVersion(3, 9)));
        assert_eq!(envlist_python("py, lint, py3"), None);
    }

    #[test]
    fn setuptools_declares_the_minimum_too() {
        let cfg = "[metadata]\npython_requires = >=3.5\n[options]\npython_requires = >=3.7, <4\n";
        assert_eq!(
            setup_cfg_python(&Ini::parse(cfg)),
            Some(PythonVersion(3, 7))
        );
        let none = Ini::parse("[options]\ninstall_requires = x\n");
        assert_eq!(setup_cfg_python(&none), None);
        let py = "setup(\n    name='p',\n    python_requires = \"~=3.8\",\n)\n";
        assert_eq!(setup_py_python(py), Some(PythonVersion(3, 8)));
        assert_eq!(setup_py_python("setup(python_requires=PYTHON)\n"), None);
    }

    #[test]
    fn a_computed_minimum_is_read_from_its_constant() {
        let formatted = "MIN_VERSION = (3, 8)\nsetup(python_requires=\">={}\".format(\".\".join(map(str, MIN_VERSION))))\n";
        assert_eq!(setup_py_python(formatted), Some(PythonVersion(3, 8)));
        let plain = "MIN = \"3.7\"\nsetup(python_requires='>={}'.format(MIN))\n";
        assert_eq!(setup_py_python(plain), Some(PythonVersion(3, 7)));
        let f_string = "PY = [3, 6]\nsetup(python_requires=f\">={PY[0]}\")\n";
        assert_eq!(setup_py_python(f_string), None);
        let f_string = "MINIMUM = '3.10'\nsetup(python_requires=f\">={MINIMUM}\")\n";
        assert_eq!(setup_py_python(f_string), Some(PythonVersion(3, 10)));
        let percent = "V = (3, 9)\nsetup(python_requires=\">=%s\" % \".\".join(map(str, V)))\n";
        assert_eq!(setup_py_python(percent), None);
        let percent = "V = '3.9'\nsetup(python_requires=\">=%s\" % V)\n";
        assert_eq!(setup_py_python(percent), Some(PythonVersion(3, 9)));
        let unknown = "setup(python_requires=\">={}\".format(get_min()))\n";
        assert_eq!(setup_py_python(unknown), None);
    }

    #[test]
    fn a_minimum_named_by_a_constant_is_read_from_it() {
        let template = "REQUIRES_PYTHON = '>=3.6.0'\n\nsetup(\n    name=NAME,\n    \
                        python_requires=REQUIRES_PYTHON,\n)\n";
        assert_eq!(setup_py_python(template), Some(PythonVersion(3, 6)));
        let annotated = "FLOOR: str = \">=3.9, <4\"\nsetup(python_requires=FLOOR)\n";
        assert_eq!(setup_py_python(annotated), Some(PythonVersion(3, 9)));
        let computed = "FLOOR = compute()\nsetup(python_requires=FLOOR)\n";
        assert_eq!(setup_py_python(computed), None);
    }
}
