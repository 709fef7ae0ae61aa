//! INI files as Python's `configparser` reads them for setuptools, flake8 and isort (`setup.cfg`,
//! `tox.ini`, `.flake8`, `.isort.cfg`): `[section]` headers, `key = value` or `key: value` lines
//! (keys lower-cased), a value continued on the more indented lines after it, and `#` or `;`
//! comment lines. Inline comments stay part of the value, as in `configparser`.

/// A parsed INI file. A line `configparser` would reject is skipped and remembered in `error`:
/// each tool decides whether that matters to it.
#[derive(Debug, Default)]
pub(super) struct Ini {
    sections: Vec<Section>,
    /// The first line `configparser` rejects: `line N: ...`.
    pub(super) error: Option<String>,
}

#[derive(Debug)]
struct Section {
    name: String,
    entries: Vec<(String, String)>,
}

impl Ini {
    pub(super) fn parse(text: &str) -> Ini {
        let mut ini = Ini::default();
        // The indentation of the current key's line: a more indented line continues its value.
        let mut key_indent: Option<usize> = None;
        for (number, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let indent = raw.len() - raw.trim_start().len();
            if line.is_empty() || line.starts_with(['#', ';']) {
                continue;
            }
            let continues = key_indent.is_some_and(|k| indent > k);
            if continues && let Some(entry) = ini.last_entry() {
                entry.1.push('\n');
                entry.1.push_str(line);
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                ini.sections.push(Section {
                    name: name.trim().to_owned(),
                    entries: Vec::new(),
                });
                key_indent = None;
                continue;
            }
            let fault = match (ini.sections.last_mut(), line.find(['=', ':'])) {
                (Some(section), Some(at)) => {
                    let key = line[..at].trim().to_lowercase();
                    let value = line[at + 1..].trim().to_owned();
                    section.entries.push((key, value));
                    key_indent = Some(indent);
                    continue;
                }
                (None, _) => "a line before the first [section]",
                (Some(_), None) => "a line that is not `key = value`",
            };
            key_indent = None;
            ini.error
                .get_or_insert_with(|| format!("line {}: {fault}", number + 1));
        }
        ini
    }

    fn last_entry(&mut self) -> Option<&mut (String, String)> {
        self.sections.last_mut()?.entries.last_mut()
    }

    pub(super) fn has_section(&self, name: &str) -> bool {
        self.sections.iter().any(|s| s.name == name)
    }

    /// The entries of every section called `name`, in file order (a repeated section adds to
    /// the first, as `configparser` does when not strict).
    pub(super) fn entries<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.sections
            .iter()
            .filter(move |s| s.name == name)
            .flat_map(|s| s.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The last value of any of `keys` in section `name`.
    pub(super) fn get<'a>(&'a self, name: &'a str, keys: &[&str]) -> Option<&'a str> {
        self.entries(name)
            .filter(|(k, _)| keys.contains(k))
            .last()
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::Ini;

    #[test]
    fn reads_sections_keys_and_continued_values() {
        let ini = Ini::parse(
            "# top\n[isort]\nKnown_First_Party = app,\n    lib\n; note\nprofile: black\n\
             [flake8]\nmax-line-length = 100\n[isort]\nforce_single_line = true\n",
        );
        assert_eq!(ini.error, None);
        assert_eq!(ini.get("isort", &["known_first_party"]), Some("app,\nlib"));
        assert_eq!(ini.get("isort", &["profile"]), Some("black"));
        assert_eq!(ini.get("isort", &["force_single_line"]), Some("true"));
        assert_eq!(ini.get("flake8", &["max-line-length"]), Some("100"));
        assert!(ini.has_section("flake8") && !ini.has_section("tool:isort"));
    }

    #[test]
    fn a_line_configparser_rejects_is_remembered() {
        let before = Ini::parse("key = 1\n[isort]\nprofile = black\n");
        assert_eq!(
            before.error.as_deref(),
            Some("line 1: a line before the first [section]")
        );
        assert_eq!(before.get("isort", &["profile"]), Some("black"));
        let no_value = Ini::parse("[isort]\nprofile = black\njust words\n");
        assert_eq!(
            no_value.error.as_deref(),
            Some("line 3: a line that is not `key = value`")
        );
    }
}
