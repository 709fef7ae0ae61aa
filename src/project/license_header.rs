//! The comment lines every module of a package opens with (its license and copyright, e.g.
//! frequenz's `# License: MIT` / `# Copyright © 2022 Frequenz Energy-as-a-Service GmbH`), which
//! a module the fix writes into the package carries too, as a reviewer asks.
//!
//! The header is the run of leading comment lines that every module of the package with any
//! content opens with, and the module docstring after them where every module opens with the
//! same one whole (Wavelink's `"""MIT License ... """`: the license is the docstring, and the new
//! module has no docstring of its own), a year (four digits) allowed to differ; it must name a
//! license or a copyright: other opening comments and docstrings describe their own module. The year is the newest the
//! modules show: each module carries the year it was written, and the newest is one the
//! maintainers wrote; the same tree always gives the same module (no clock is read).
//!
//! Where the shared lines name no license, the pragma lines they open with are the header still
//! (denonavr's `#!/usr/bin/env python3` and `# -*- coding: utf-8 -*-` in every module,
//! poke-env's coding line, which its pre-commit `fix-encoding-pragma` adds to any module without
//! it): a shebang on the first line, a PEP 263 encoding declaration on the first or second.
//!
//! "Every module" is every module with any content: an empty `__init__.py` opens with nothing
//! and says nothing, while one module with content that lacks the lines means the package has no
//! header and the new module gets none.

use std::path::{Path, PathBuf};

/// Modules read at most, and the bytes read of each: a header is at the top.
const MAX_MODULES: usize = 500;
const HEAD_BYTES: usize = 4096;

/// The lines every module of a package opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The lines, with the blank line the modules put after them.
    pub text: String,
    /// They end with the module docstring: the new module's own would be a second string.
    pub docstring: bool,
}

impl Header {
    /// The header without its UTF-8 encoding declaration, which ruff's UP009 reports where the
    /// project selects it (UTF-8 is Python 3's default); `None` where nothing else is left.
    pub fn without_utf8_pragma(&self) -> Option<Header> {
        let utf8 = |at: usize, line: &str| {
            let lower = line.to_ascii_lowercase();
            !line.starts_with("#!")
                && pragma(at, line)
                && ["utf-8", "utf8", "utf_8"].iter().any(|e| lower.contains(e))
        };
        let text: String = (self.text.split_inclusive('\n').enumerate())
            .filter(|(at, line)| !utf8(*at, line.trim_end()))
            .map(|(_, line)| line)
            .collect();
        (!text.trim().is_empty()).then(|| Header {
            text: text.trim_start_matches('\n').to_owned(),
            docstring: self.docstring,
        })
    }
}

/// The header of the package holding `module` (the new module's path, in the package's top
/// folder); `None` where the modules share none.
pub fn of_package(module: &Path) -> Option<Header> {
    let folder = module.parent()?;
    let mut files = Vec::new();
    python_files(folder, &mut files);
    let heads: Vec<Vec<String>> = files
        .iter()
        .filter(|path| path.as_path() != module)
        .filter_map(|path| head(path))
        .filter(|lines| lines.iter().any(|l| !l.trim().is_empty()))
        .collect();
    common(&heads)
}

/// The `.py` files below `folder`, in a stable order, at most [`MAX_MODULES`].
pub(super) fn python_files(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if out.len() >= MAX_MODULES {
            return;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            python_files(&path, out);
        } else if name.ends_with(".py") {
            out.push(path);
        }
    }
}

/// The first lines of a module, up to [`HEAD_BYTES`].
fn head(path: &Path) -> Option<Vec<String>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(HEAD_BYTES as u64).read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.lines().map(str::to_owned).collect())
}

/// The header every module in `heads` opens with (see the module's documentation).
fn common(heads: &[Vec<String>]) -> Option<Header> {
    let first = heads.first()?;
    let shared = |at: usize| {
        let line = masked(&first[at]);
        heads
            .iter()
            .all(|h| h.get(at).is_some_and(|l| masked(l) == line))
    };
    let mut length = 0;
    // A shebang is a comment line of the header only where Python's loader reads it: first.
    while first
        .get(length)
        .is_some_and(|l| l.starts_with('#') && (length == 0 || !l.starts_with("#!")))
        && shared(length)
    {
        length += 1;
    }
    // The comment run ends with its last paragraph that names a license or a copyright: prose
    // after it is about the module (kailash-py's "Portions of this module were originally
    // contributed ..." below its copyright and SPDX lines, issue 36's sixteenth exam).
    let licensed = licensed_end(&first[..length]);
    let cut = licensed.is_some_and(|end| end < length);
    if let Some(end) = licensed {
        length = end;
    }
    let mut docstring = false;
    // One module's docstring is its own (denonavr's `api.py` names its license in a docstring
    // that describes the module): a header docstring is one that two modules or more share.
    if heads.len() > 1
        && !cut
        && let Some(end) = docstring_end(first, length)
        && (length..end).all(shared)
    {
        length = end;
        docstring = true;
    }
    if !first[..length].iter().any(|l| names_license(l)) {
        // No license: only the pragma lines the shared run opens with.
        length = (0..length).take_while(|&at| pragma(at, &first[at])).count();
        docstring = false;
    }
    if length == 0 {
        return None;
    }
    // The module whose header shows the newest year.
    let newest = heads
        .iter()
        .max_by_key(|h| h[..length].iter().flat_map(|l| years(l)).max())?;
    let mut text: String = newest[..length].iter().map(|l| format!("{l}\n")).collect();
    if newest.get(length).is_some_and(|l| l.trim().is_empty()) {
        text.push('\n');
    }
    Some(Header { text, docstring })
}

/// Whether a line names a license or a copyright.
fn names_license(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["copyright", "license", "licence", "spdx", "©"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The end of the last paragraph of comment `lines` (paragraphs split by `#` lines) that names
/// a license or a copyright; `None` where none does.
fn licensed_end(lines: &[String]) -> Option<usize> {
    let separator = |l: &String| l.trim() == "#";
    let mut end = None;
    let mut at = 0;
    while at < lines.len() {
        if separator(&lines[at]) {
            at += 1;
            continue;
        }
        let stop = (at..lines.len())
            .find(|&i| separator(&lines[i]))
            .unwrap_or(lines.len());
        if lines[at..stop].iter().any(|l| names_license(l)) {
            end = Some(stop);
        }
        at = stop;
    }
    end
}

/// Whether line `at` of a module is a pragma Python reads: a shebang first, or an encoding
/// declaration (PEP 263: `^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+`) on the first or second line.
fn pragma(at: usize, line: &str) -> bool {
    if at == 0 && line.starts_with("#!") {
        return true;
    }
    let comment = line.trim_start_matches([' ', '\t', '\x0c']);
    if at > 1 || !comment.starts_with('#') {
        return false;
    }
    comment.match_indices("coding").any(|(i, _)| {
        let rest = &comment[i + "coding".len()..];
        let Some(value) = rest.strip_prefix([':', '=']) else {
            return false;
        };
        (value.trim_start_matches([' ', '\t']).chars().next())
            .is_some_and(|c| c.is_alphanumeric() || "-_.".contains(c))
    })
}

/// Where the docstring that opens at line `start` ends (the index of the line after its
/// closing quotes), if a triple-quoted string opens there and closes within the lines read.
fn docstring_end(lines: &[String], start: usize) -> Option<usize> {
    let line = lines.get(start)?;
    let body = line.trim_start_matches(['r', 'R', 'u', 'U']);
    let quotes = ["\"\"\"", "'''"]
        .into_iter()
        .find(|q| body.starts_with(q))?;
    // Closed on the same line, after the opening quotes, and nothing after it.
    let rest = &body[quotes.len()..];
    if let Some(at) = rest.find(quotes) {
        return rest[at + quotes.len()..]
            .trim()
            .is_empty()
            .then_some(start + 1);
    }
    let close = (start + 1..lines.len()).find(|&i| lines[i].contains(quotes))?;
    let after = lines[close]
        .split_once(quotes)
        .map_or("", |(_, after)| after);
    after.trim().is_empty().then_some(close + 1)
}

/// The line with each year (four digits standing alone) replaced, for comparison.
fn masked(line: &str) -> String {
    let mut out = line.to_owned();
    for year in years(line) {
        out = out.replacen(&year.to_string(), "YYYY", 1);
    }
    out
}

/// The years a line names: runs of exactly four digits, from 1900 to 2999.
fn years(line: &str) -> Vec<u32> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let end = (at..bytes.len())
            .find(|&i| !bytes[i].is_ascii_digit())
            .unwrap_or(bytes.len());
        if end - at == 4
            && let Ok(year) = line[at..end].parse::<u32>()
            && (1900..3000).contains(&year)
        {
            found.push(year);
        }
        at = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::common;

    fn heads(modules: &[&str]) -> Vec<Vec<String>> {
        (modules.iter())
            .map(|m| m.lines().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn the_license_every_module_opens_with_at_its_newest_year() {
        let a = "# License: MIT\n# Copyright © 2022 Frequenz GmbH\n\n\"\"\"A.\"\"\"\n";
        let b = "# License: MIT\n# Copyright © 2024 Frequenz GmbH\n\n\"\"\"B.\"\"\"\n";
        let header = common(&heads(&[a, b])).unwrap();
        assert_eq!(
            header.text,
            "# License: MIT\n# Copyright © 2024 Frequenz GmbH\n\n"
        );
        assert!(!header.docstring);
    }

    #[test]
    fn prose_after_the_license_is_the_modules_own() {
        let a = "# Copyright 2026 Terrene Foundation\n# SPDX-License-Identifier: Apache-2.0\n#\n\
                 # Portions of this module were originally contributed from MLFP\n\
                 # (kailash-py issue #567).\n\"\"\"TraceExporter.\"\"\"\n";
        let header = common(&heads(&[a])).unwrap();
        assert_eq!(
            header.text,
            "# Copyright 2026 Terrene Foundation\n# SPDX-License-Identifier: Apache-2.0\n"
        );
        // Paragraphs before the last licensed one stay: the header is whole.
        let gpl =
            "# This file is part of Foo.\n#\n# Copyright 2020 Foo\n#\n# License: GPL\n\nimport x\n";
        assert_eq!(
            common(&heads(&[gpl, gpl])).unwrap().text,
            "# This file is part of Foo.\n#\n# Copyright 2020 Foo\n#\n# License: GPL\n\n"
        );
    }

    #[test]
    fn no_header_unless_all_share_one_that_names_a_license() {
        let licensed = "# License: MIT\n\"\"\"A.\"\"\"\n";
        assert_eq!(common(&heads(&[licensed, "\"\"\"B.\"\"\"\n"])), None);
        let other = "# Handles the widgets.\nimport x\n";
        assert_eq!(common(&heads(&[other, other])), None);
    }

    #[test]
    fn the_pragma_lines_every_module_opens_with() {
        let a = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\"\"\"A.\"\"\"\n";
        let b = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\"\"\"B.\"\"\"\n";
        let header = common(&heads(&[a, b])).unwrap();
        assert_eq!(
            header.text,
            "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"
        );
        assert!(!header.docstring);
        // The pragma, not the module's own comment after it, nor one module without it.
        let a = "# -*- coding: utf-8 -*-\n# Players.\n\nimport x\n";
        let b = "# -*- coding: utf-8 -*-\n# Players.\n\nimport y\n";
        let header = common(&heads(&[a, b])).unwrap();
        assert_eq!(header.text, "# -*- coding: utf-8 -*-\n");
        assert_eq!(common(&heads(&[a, "import z\n"])), None);
        // A shebang with a license after it is the header whole; one not first is no pragma.
        let licensed = "#!/usr/bin/env python\n# License: MIT\n";
        let header = common(&heads(&[licensed, licensed])).unwrap();
        assert_eq!(header.text, licensed);
        assert_eq!(
            common(&heads(&[
                "# Widgets.\n#!/x\n# vim: set fileencoding=utf-8 :\n"
            ])),
            None
        );
    }

    #[test]
    fn a_license_docstring_every_module_opens_with_whole() {
        let license = "\"\"\"\nMIT License\n\nCopyright (c) 2019-Present Guild\n\"\"\"\n";
        let a = format!("{license}from __future__ import annotations\n");
        let b = format!("# -*- coding: utf-8 -*-\n{license}import os\n");
        // The docstring follows the same comment lines in every module, or it is not shared.
        assert_eq!(common(&heads(&[&a, &b])), None);
        let b = format!("{license}\nimport os\n");
        let header = common(&heads(&[&a, &b])).unwrap();
        assert_eq!(header.text, format!("{license}\n"));
        assert!(header.docstring);
        // A docstring that goes on to describe its module is that module's own.
        let own = "\"\"\"MIT License.\n\nThe widgets.\n\"\"\"\n";
        let other = "\"\"\"MIT License.\n\nThe gadgets.\n\"\"\"\n";
        assert_eq!(common(&heads(&[own, other])), None);
        let own = "#!/usr/bin/env python3\n\"\"\"The API.\n\n:license: MIT\n\"\"\"\n";
        let header = common(&heads(&[own])).unwrap();
        assert_eq!(header.text, "#!/usr/bin/env python3\n");
        let one_line = "\"\"\"Copyright 2020 Guild.\"\"\"\nimport os\n";
        assert!(common(&heads(&[one_line, one_line])).unwrap().docstring);
    }

    #[test]
    fn a_utf8_declaration_left_out_and_other_lines_kept() {
        let header = |text: &str| super::Header {
            text: text.to_owned(),
            docstring: false,
        };
        assert_eq!(
            header("# -*- coding: utf-8 -*-\n").without_utf8_pragma(),
            None
        );
        let shebang = header("#!/usr/bin/env python3\n# coding=UTF8\n\n").without_utf8_pragma();
        assert_eq!(shebang.unwrap().text, "#!/usr/bin/env python3\n\n");
        let licensed = header("# -*- coding: utf-8 -*-\n# License: MIT\n").without_utf8_pragma();
        assert_eq!(licensed.unwrap().text, "# License: MIT\n");
        let latin = header("# -*- coding: latin-1 -*-\n").without_utf8_pragma();
        assert_eq!(latin.unwrap().text, "# -*- coding: latin-1 -*-\n");
    }
}
