//! Jupyter notebooks (`.ipynb`) as ruff reads them: the code cells' sources joined into one
//! Python text, IPython magics blanked out for parsing, positions mapped back to cells, and an
//! edited text written back into the very same JSON, where only changed `source` values move.

use std::ops::Range;

use serde::Deserialize;

/// A notebook read from its bytes.
#[derive(Debug)]
pub struct Notebook {
    raw: String,
    cells: Vec<CodeCell>,
    /// The Python text undangle analyses: every code cell, each ending in a newline.
    pub python: String,
}

#[derive(Debug)]
struct CodeCell {
    /// 1-based among all the notebook's cells, as ruff counts them (markdown cells too).
    number: usize,
    /// The first line of the cell in `python`, 0-based.
    first_line: usize,
    /// The cell's lines as written (magics too), each without its newline.
    lines: Vec<String>,
    /// Whether the source ends with a newline.
    ends_with_newline: bool,
    /// Which lines are magics, blanked in `python`.
    magic: Vec<bool>,
    /// Where the `source` value sits in the raw JSON.
    span: Range<usize>,
}

#[derive(Deserialize)]
struct RawNotebook {
    cells: Vec<RawCell>,
}

#[derive(Deserialize)]
struct RawCell {
    cell_type: String,
    #[serde(default)]
    source: Source,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Source {
    Lines(Vec<String>),
    Text(String),
}

impl Default for Source {
    fn default() -> Self {
        Source::Text(String::new())
    }
}

/// Cell magics whose body is Python (ruff checks these cells; all others are skipped).
const PYTHON_CELL_MAGICS: &[&str] = &[
    "capture", "debug", "prun", "pypy", "python", "python3", "time", "timeit",
];

impl Notebook {
    pub fn parse(bytes: &[u8]) -> Result<Notebook, String> {
        let raw = std::str::from_utf8(bytes)
            .map_err(|_| "not a notebook: not UTF-8".to_owned())?
            .to_owned();
        let parsed: RawNotebook =
            serde_json::from_str(&raw).map_err(|err| format!("not a notebook: {err}"))?;
        let spans = source_spans(&raw).ok_or("not a notebook: no cells with a source")?;
        if spans.len() != parsed.cells.len() {
            return Err("not a notebook: a cell has no source".to_owned());
        }
        let mut python = String::new();
        let mut cells = Vec::new();
        for (index, (cell, span)) in parsed.cells.into_iter().zip(spans).enumerate() {
            if cell.cell_type != "code" {
                continue;
            }
            let text = match cell.source {
                Source::Lines(lines) => lines.concat(),
                Source::Text(text) => text,
            };
            let lines: Vec<String> = text.lines().map(str::to_owned).collect();
            if skipped_cell(&lines) {
                continue;
            }
            let magic: Vec<bool> = magic_lines(&lines);
            let first_line = python.matches('\n').count();
            for (line, &is_magic) in lines.iter().zip(&magic) {
                python.push_str(&if is_magic { blank(line) } else { line.clone() });
                python.push('\n');
            }
            cells.push(CodeCell {
                number: index + 1,
                first_line,
                ends_with_newline: text.ends_with('\n'),
                lines,
                magic,
                span,
            });
        }
        Ok(Notebook { raw, cells, python })
    }

    /// The cell (1-based) and the line in it (1-based) of a 1-based line of `python`.
    pub fn cell_line(&self, line: usize) -> (usize, usize) {
        let zero = line.saturating_sub(1);
        let at = self.cells.partition_point(|c| c.first_line <= zero);
        match at.checked_sub(1).and_then(|i| self.cells.get(i)) {
            Some(cell) => (cell.number, zero - cell.first_line + 1),
            None => (0, line),
        }
    }

    /// The first line (0-based) of each code cell in `python`.
    pub fn cell_starts(&self) -> Vec<usize> {
        self.cells.iter().map(|c| c.first_line).collect()
    }

    /// The notebook with `fixed`, an edit of `python`, written into its cells. A line of
    /// `fixed` belongs to the cell of the original line it matches; an added line to the cell of
    /// the line it replaces or follows (so the fix's header lands in the first code cell).
    /// Fails, changing nothing, when a source's layout could not be written back as it was.
    pub fn write_fixed(&self, fixed: &str) -> Result<String, String> {
        let old: Vec<&str> = self.python.lines().collect();
        let new: Vec<&str> = fixed.lines().collect();
        let cell_of = |old_line: usize| self.cell_starts().partition_point(|&s| s <= old_line);
        let mut cell_of_line = Vec::with_capacity(new.len());
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
            match op {
                similar::DiffOp::Equal { old_index, len, .. } => {
                    cell_of_line.extend((old_index..old_index + len).map(|i| cell_of(i) - 1));
                }
                similar::DiffOp::Delete { .. } => {}
                similar::DiffOp::Insert {
                    old_index, new_len, ..
                } => {
                    let cell = cell_of(old_index.saturating_sub(1)).saturating_sub(1);
                    cell_of_line.extend(std::iter::repeat_n(cell, new_len));
                }
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    // Rewritten lines of two cells may form one block: a new line follows the
                    // old line it still contains (`task = f()` holds `f()`).
                    let mut at = old_index;
                    for line in new.iter().skip(new_index).take(new_len) {
                        let later = (at..old_index + old_len).find(|&k| {
                            old.get(k)
                                .is_some_and(|o| !o.trim().is_empty() && line.contains(o.trim()))
                        });
                        at = later.unwrap_or(at);
                        cell_of_line.push(cell_of(at).saturating_sub(1));
                    }
                }
            }
        }
        self.write_back(fixed, &cell_of_line)
    }

    fn write_back(&self, fixed: &str, cell_of_line: &[usize]) -> Result<String, String> {
        let mut new_lines: Vec<Vec<&str>> = vec![Vec::new(); self.cells.len()];
        for (line, &cell) in fixed.lines().zip(cell_of_line) {
            if let Some(lines) = new_lines.get_mut(cell) {
                lines.push(line);
            }
        }
        let mut out = String::with_capacity(self.raw.len() + fixed.len());
        let mut at = 0;
        for (cell, lines) in self.cells.iter().zip(new_lines) {
            let restored = restore_magics(cell, &lines);
            if restored == cell.lines {
                continue;
            }
            if !layout_kept(cell, &self.raw) {
                return Err(format!(
                    "cell {}'s source is written in a layout undangle cannot reproduce \
                     (an escaped character?); left unchanged",
                    cell.number
                ));
            }
            let mut text = restored.join("\n");
            if cell.ends_with_newline {
                text.push('\n');
            }
            out.push_str(&self.raw[at..cell.span.start]);
            out.push_str(&serialise(&self.raw[cell.span.clone()], &text));
            at = cell.span.end;
        }
        out.push_str(&self.raw[at..]);
        Ok(out)
    }
}

/// Whether the cell's source, written unchanged, gives back its very bytes (an escape written
/// differently, `\u00e9` for `é`, would otherwise show as a change).
fn layout_kept(cell: &CodeCell, raw: &str) -> bool {
    let old = &raw[cell.span.clone()];
    let mut text = cell.lines.join("\n");
    if cell.ends_with_newline {
        text.push('\n');
    }
    serialise(old, &text) == old
}

/// The cell's new lines, with every magic line that survived unchanged written back as it was.
fn restore_magics(cell: &CodeCell, lines: &[&str]) -> Vec<String> {
    let blanked: Vec<(String, &String)> = cell
        .lines
        .iter()
        .zip(&cell.magic)
        .filter(|(_, m)| **m)
        .map(|(line, _)| (blank(line), line))
        .collect();
    let mut next = 0;
    lines
        .iter()
        .map(|&line| match blanked.get(next) {
            Some((blank, original)) if blank == line => {
                next += 1;
                (*original).clone()
            }
            _ => line.to_owned(),
        })
        .collect()
}

/// A cell that starts with a cell magic whose body is not Python.
fn skipped_cell(lines: &[String]) -> bool {
    let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let Some(magic) = first.trim_start().strip_prefix("%%") else {
        return false;
    };
    let name = magic.split_whitespace().next().unwrap_or("");
    !PYTHON_CELL_MAGICS.contains(&name)
}

/// Which lines are IPython escapes (`%magic`, `%%cell`, `!shell`, `?help`, `x = !ls`,
/// `x = %time f()`), with the lines that continue them (a trailing backslash).
fn magic_lines(lines: &[String]) -> Vec<bool> {
    let mut out = Vec::with_capacity(lines.len());
    let mut continued = false;
    for line in lines {
        let is_magic = continued || is_escape(line);
        continued = is_magic && line.ends_with('\\');
        out.push(is_magic);
    }
    out
}

fn is_escape(line: &str) -> bool {
    let code = line.trim_start();
    if code.starts_with(['%', '!', '?']) {
        return true;
    }
    // `name = !ls` / `name = %who_ls`: an assignment whose value is an escape.
    let Some((target, value)) = code.split_once('=') else {
        return false;
    };
    let target = target.trim();
    !target.is_empty()
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ',' || c == ' ')
        && value.trim_start().starts_with(['%', '!'])
}

/// A magic line as Python sees it: `pass`, indented as the line was, so a block whose only
/// statement is a magic stays a block.
fn blank(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    format!("{}pass", &line[..indent])
}

/// The new `source` value in the layout of the old one (`old` is its JSON text).
fn serialise(old: &str, text: &str) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    if old.trim_start().starts_with('"') {
        return quote(text);
    }
    // A list: items one a line, indented as the old items (or the bracket plus one space).
    let close_indent = old
        .rfind('\n')
        .map(|i| &old[i + 1..old.len() - 1])
        .unwrap_or("");
    let item_indent = match old.find('\n') {
        Some(i) => {
            let rest = &old[i + 1..];
            let width = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            rest[..width].to_owned()
        }
        None => format!("{close_indent} "),
    };
    let items: Vec<String> = text.split_inclusive('\n').map(quote).collect();
    if items.is_empty() {
        return "[]".to_owned();
    }
    let sep = format!(",\n{item_indent}");
    format!("[\n{item_indent}{}\n{close_indent}]", items.join(&sep))
}

/// The byte range of every cell's `source` value, in order, found by walking the JSON.
fn source_spans(raw: &str) -> Option<Vec<Range<usize>>> {
    let mut json = Walker {
        src: raw.as_bytes(),
        at: 0,
    };
    json.space();
    json.eat(b'{')?;
    loop {
        json.space();
        let key = json.string()?;
        json.space();
        json.eat(b':')?;
        json.space();
        if key == "cells" {
            return json.cells();
        }
        json.value()?;
        json.space();
        json.eat(b',')?;
    }
}

struct Walker<'a> {
    src: &'a [u8],
    at: usize,
}

impl<'a> Walker<'a> {
    fn space(&mut self) {
        while self.src.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.src.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    /// A string's raw content (escapes left as written; keys need none).
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        std::str::from_utf8(self.src.get(start..self.at - 1)?).ok()
    }

    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                self.space();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    self.space();
                    if open == b'{' {
                        self.string()?;
                        self.space();
                        self.eat(b':')?;
                        self.space();
                    }
                    self.value()?;
                    self.space();
                    if self.eat(close).is_some() {
                        return Some(());
                    }
                    self.eat(b',')?;
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// The `cells` array: each cell's `source` span.
    fn cells(&mut self) -> Option<Vec<Range<usize>>> {
        self.eat(b'[')?;
        let mut spans = Vec::new();
        self.space();
        if self.eat(b']').is_some() {
            return Some(spans);
        }
        loop {
            self.space();
            self.eat(b'{')?;
            let mut span = None;
            loop {
                self.space();
                if self.eat(b'}').is_some() {
                    break;
                }
                let key = self.string()?;
                self.space();
                self.eat(b':')?;
                self.space();
                let start = self.at;
                self.value()?;
                if key == "source" {
                    span = Some(start..self.at);
                }
                self.space();
                self.eat(b',');
            }
            spans.push(span?);
            self.space();
            if self.eat(b']').is_some() {
                return Some(spans);
            }
            self.eat(b',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTEBOOK: &str = "{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n   \"source\": [\n    \"# T\"\n   ]\n  },\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 1,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"import asyncio\\n\",\n    \"%time x = 1\\n\",\n    \"asyncio.create_task(f())\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";

    #[test]
    fn joins_code_cells_with_magics_blanked() {
        let nb = Notebook::parse(NOTEBOOK.as_bytes()).unwrap();
        assert_eq!(
            nb.python,
            "import asyncio\npass\nasyncio.create_task(f())\n"
        );
        assert_eq!(nb.cell_line(3), (2, 3));
    }

    #[test]
    fn unchanged_text_writes_the_same_bytes() {
        let nb = Notebook::parse(NOTEBOOK.as_bytes()).unwrap();
        assert_eq!(nb.write_fixed(&nb.python).unwrap(), NOTEBOOK);
    }

    #[test]
    fn an_edit_rewrites_only_the_source() {
        let nb = Notebook::parse(NOTEBOOK.as_bytes()).unwrap();
        let fixed = "import asyncio\npass\nt = asyncio.create_task(f())\n";
        let out = nb.write_fixed(fixed).unwrap();
        assert_eq!(
            out,
            NOTEBOOK.replace("\"asyncio.create_task", "\"t = asyncio.create_task")
        );
    }

    #[test]
    fn a_layout_that_cannot_be_reproduced_is_refused() {
        let escaped = NOTEBOOK
            .replace("# T", "caf\\u00e9")
            .replace("import asyncio", "import asyncio  # \\u00e9");
        let nb = Notebook::parse(escaped.as_bytes()).unwrap();
        assert!(nb.write_fixed(&nb.python).is_ok());
        let fixed = nb
            .python
            .replace("asyncio.create_task", "t = asyncio.create_task");
        assert!(nb.write_fixed(&fixed).is_err());
    }

    #[test]
    fn bad_notebooks_are_errors() {
        assert!(Notebook::parse(b"{").is_err());
        assert!(Notebook::parse(b"{\"metadata\": {}}").is_err());
        assert!(Notebook::parse(b"[1]").is_err());
    }

    #[test]
    fn cell_magics_skip_the_cell() {
        assert!(skipped_cell(&["%%bash".to_owned(), "ls".to_owned()]));
        assert!(!skipped_cell(&["%%timeit".to_owned(), "f()".to_owned()]));
        assert!(is_escape("x = !ls"));
        assert!(is_escape("  !pip install x"));
        assert!(!is_escape("x = 1 % 2"));
    }
}
