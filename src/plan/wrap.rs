//! Keeping a written line within the project's line length, split the way Black and ruff's
//! formatter split it: at the last bracket pair ("right-hand split"), the content one level
//! deeper; content that is still too long is split again, or one element a line at its commas
//! with a trailing comma. Where the project's ruff checks COM812, content split alone onto its
//! own line gets a trailing comma too (`f(\n    x,\n)`): the formatter does not add it (it keeps
//! it, as a magic trailing comma) and `ruff check --fix` does, so that is where both tools
//! leave the line (issue 36's tenth exam, class 5: nekro-agent).

/// `code` (one line, to stand at `indent`) as it fits in `limit` columns. Continuation lines
/// carry their full indentation; the first line carries none. `shape`: the indentation unit,
/// the line ending, and whether the project wants a trailing comma after content split alone
/// into a call's or a display's brackets (COM812).
pub fn fit(code: &str, indent: &str, shape: (&str, &str, bool), limit: usize) -> String {
    split(code, indent, shape, (limit, 0), 6)
}

/// [`fit`] for a line that a comment of `tail` columns follows: the formatters count it when
/// they decide whether the line fits, so the code splits where code and comment do not fit
/// (the comment then follows the closing bracket's line).
pub fn fit_before_comment(
    code: &str,
    indent: &str,
    (unit, eol, comma): (&str, &str, bool),
    (limit, tail): (usize, usize),
) -> String {
    split(code, indent, (unit, eol, comma), (limit, tail), 6)
}

/// The columns a comment in `rest` (the text after a statement, to the end of its line) takes
/// once formatted (two spaces and the comment), as Black and ruff format count it in a line's
/// width; a pragma comment (`# noqa`, `# type:`, `# pylint:`, `# pyright:`), which they leave
/// out, and code after the statement (`; x`) take none.
pub fn comment_width(rest: &str) -> usize {
    let Some(hash) = rest.find('#') else {
        return 0;
    };
    if !rest[..hash].trim().is_empty() {
        return 0;
    }
    let comment = rest[hash..].trim_end();
    let body = comment.trim_start_matches('#').trim_start();
    let pragma = ["noqa", "type:", "pylint:", "pyright:"];
    match pragma.iter().any(|p| body.starts_with(p)) {
        true => 0,
        false => 2 + comment.chars().count(),
    }
}

/// At most `levels` nested splits: deeper ones are the formatter's business.
fn split(
    code: &str,
    indent: &str,
    (unit, eol, comma): (&str, &str, bool),
    (limit, tail): (usize, usize),
    levels: usize,
) -> String {
    let fits = width(indent) + code.chars().count() + tail <= limit;
    if levels == 0 || code.contains('\n') || fits {
        return code.to_owned();
    }
    let Some(brackets) = scan(code) else {
        return code.to_owned();
    };
    // The last closing bracket, before an optional `:` (a `for` header).
    let trimmed = code.trim_end();
    let end = trimmed
        .strip_suffix(':')
        .unwrap_or(trimmed)
        .trim_end()
        .len();
    let Some(&(close, _, depth)) = brackets.iter().rev().find(|(at, _, _)| at + 1 == end) else {
        return code.to_owned();
    };
    let Some(&(open, _, _)) = brackets
        .iter()
        .rev()
        .find(|(at, opening, d)| *at < close && *opening && *d == depth)
    else {
        return code.to_owned();
    };
    let body = code[open + 1..close].trim();
    if body.is_empty() {
        return code.to_owned();
    }
    let inner = format!("{indent}{unit}");
    let shape = (unit, eol, comma);
    // COM812's trailing comma after content alone in its brackets, counted on its line.
    let alone = usize::from(
        comma && takes_trailing_comma(&code[..open], code[open..].chars().next(), body),
    );
    let body = if width(&inner) + body.chars().count() + alone <= limit {
        format!("{body}{}", if alone == 1 { "," } else { "" })
    } else {
        let parts = top_level_commas(body);
        if parts.len() > 1 {
            // One element a line, each split again when it is still too long.
            let parts: Vec<String> = (parts.iter())
                .map(|part| {
                    // The comma after it counts on its last line.
                    let limit = limit.saturating_sub(1);
                    split(part, &inner, shape, (limit, 0), levels - 1) + ","
                })
                .collect();
            parts.join(&format!("{eol}{inner}"))
        } else {
            let limit = limit.saturating_sub(alone);
            split(body, &inner, shape, (limit, 0), levels - 1) + if alone == 1 { "," } else { "" }
        }
    };
    format!(
        "{}{eol}{inner}{body}{eol}{indent}{}",
        &code[..=open],
        &code[close..]
    )
}

/// Whether content split alone into the brackets that open after `before` takes COM812's
/// trailing comma: a call's arguments (the bracket follows a name or a closing bracket) or a
/// list, set or dict display; not a subscript (`x[\n    a,\n]` is a tuple index), nor a
/// parenthesized expression (a comma makes it a tuple), nor a lone generator (`f(x for x in
/// y,)` is no Python).
fn takes_trailing_comma(before: &str, bracket: Option<char>, body: &str) -> bool {
    let after_name = before
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ')' || c == ']');
    let generator = body.contains(" for ") && body.contains(" in ");
    let shape = match bracket {
        Some('(') => after_name,
        Some('[' | '{') => !after_name,
        _ => false,
    };
    shape && !generator && !body.ends_with(',')
}

/// A bracketed multi-line statement joined onto one line, as the formatter joins what fits.
/// `None` when it must stay split: a comment, a backslash, a multi-line string, or a magic
/// trailing comma (a `,` right before a closing bracket).
pub fn join(code: &str) -> Option<String> {
    if !code.contains('\n')
        || code.contains('\\')
        || code.contains("\"\"\"")
        || code.contains("'''")
    {
        return None;
    }
    scan(code)?;
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    let mut joined = String::new();
    for line in &lines {
        if line.contains('#') {
            return None; // possibly a comment: keep the author's layout
        }
        let opens = joined.ends_with(['(', '[', '{']) || joined.is_empty();
        let closes = line.starts_with([')', ']', '}']);
        if closes && joined.ends_with(',') {
            return None;
        }
        if !opens && !closes {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    Some(joined)
}

/// A function's docstring: `one_line` when it fits the line length, else a summary line and a
/// paragraph (as pydocstyle wants them), the summary on the line after the quotes where the
/// project's ruff asks for that (D213, `second_line`).
pub fn docstring(
    unit: &str,
    one_line: &str,
    split: (&str, &str),
    line_length: usize,
    second_line: bool,
) -> Vec<String> {
    let one_line = format!("\"\"\"{one_line}\"\"\"");
    if fits_at(&one_line, unit, line_length) {
        return vec![format!("{unit}{one_line}")];
    }
    let (summary, detail) = split;
    if second_line {
        return vec![
            format!("{unit}\"\"\""),
            format!("{unit}{summary}"),
            String::new(),
            format!("{unit}{detail}"),
            format!("{unit}\"\"\""),
        ];
    }
    vec![
        format!("{unit}\"\"\"{summary}"),
        String::new(),
        format!("{unit}{detail}"),
        format!("{unit}\"\"\""),
    ]
}

/// Whether `code` stands on one line within `limit` columns at `indent`.
pub fn fits_at(code: &str, indent: &str, limit: usize) -> bool {
    !code.contains('\n') && width(indent) + code.chars().count() <= limit
}

/// Columns taken by text (a tab counts as four, ruff's default `indent-width`).
pub fn width(indent: &str) -> usize {
    indent.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// Brackets outside strings and comments: (byte offset, is opening, depth of the pair).
/// `None` when the brackets do not balance (nothing is split then).
fn scan(code: &str) -> Option<Vec<(usize, bool, usize)>> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => break,
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                let delimiter: &[u8] = if triple { &[quote; 3] } else { &[quote] };
                i += delimiter.len();
                while i < bytes.len() && !bytes[i..].starts_with(delimiter) {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += delimiter.len();
                continue;
            }
            b'(' | b'[' | b'{' => {
                found.push((i, true, depth));
                depth += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                found.push((i, false, depth));
            }
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(found)
}

/// `a, f(b, c), d` → ["a", "f(b, c)", "d"]; a trailing comma is dropped. A lambda's parameters
/// (`lambda u=done, t=total: ...`, up to its `:`) are one element with its body: their commas
/// separate no elements (bambuddy's progress callback, issue 36's fourteenth exam).
fn top_level_commas(body: &str) -> Vec<String> {
    let Some(brackets) = scan(body) else {
        return vec![body.to_owned()];
    };
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut next_bracket = brackets.iter().peekable();
    let mut in_string = None;
    let mut in_lambda = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&&(at, opening, _)) = next_bracket.peek()
            && at == i
        {
            if opening {
                depth += 1;
            } else {
                depth = depth.saturating_sub(1);
            }
            next_bracket.next();
        } else if let Some(quote) = in_string {
            if bytes[i] == b'\\' {
                i += 1;
            } else if bytes[i] == quote {
                in_string = None;
            }
        } else if matches!(bytes[i], b'"' | b'\'') {
            in_string = Some(bytes[i]);
        } else if depth == 0 && lambda_at(body, i) {
            in_lambda = true;
        } else if bytes[i] == b':' && depth == 0 {
            in_lambda = false;
        } else if bytes[i] == b',' && depth == 0 && !in_lambda {
            parts.push(body[start..i].trim().to_owned());
            start = i + 1;
        }
        i += 1;
    }
    let last = body[start..].trim();
    if !last.is_empty() {
        parts.push(last.to_owned());
    }
    parts
}

/// Whether the keyword `lambda` starts at byte `at` of `code` (a whole word).
fn lambda_at(code: &str, at: usize) -> bool {
    // Bytes: `at` may fall inside a character (a non-ASCII name).
    let bytes = code.as_bytes();
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || !b.is_ascii();
    let end = at + b"lambda".len();
    bytes.get(at..end) == Some(b"lambda".as_slice())
        && !at
            .checked_sub(1)
            .and_then(|b| bytes.get(b))
            .is_some_and(word)
        && !bytes.get(end).is_some_and(word)
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_lambdas_parameters_are_not_split_at_their_commas() {
        let code = "loop.call_soon_threadsafe(lambda u=uploaded, t=total: \
                    _keep_task(asyncio.create_task(self._progress(job, u, t))), late)";
        assert_eq!(
            super::top_level_commas(&code[26..code.len() - 1]),
            [
                "lambda u=uploaded, t=total: _keep_task(asyncio.create_task(self._progress(job, u, t)))",
                "late"
            ]
        );
        assert_eq!(
            super::top_level_commas("é, lambdas, x"),
            ["é", "lambdas", "x"]
        );
    }

    #[test]
    fn a_trailing_comma_where_com812_wants_one() {
        use super::takes_trailing_comma as takes;
        assert!(takes("task = create_task", Some('('), "work(x)"));
        assert!(takes("f(x)", Some('('), "lambda _: g(x)"));
        assert!(takes("x = ", Some('['), "first_element"));
        assert!(takes("x = ", Some('{'), "key: value"));
        // A subscript, a parenthesized expression and a lone generator take none.
        assert!(!takes("items", Some('['), "index"));
        assert!(!takes("x = ", Some('('), "a + b"));
        assert!(!takes("f", Some('('), "x for x in y"));
        let code = "task = asyncio.create_task(refresh_every_minute(interval * 60))";
        assert_eq!(
            fit(code, "    ", ("    ", "\n", true), 60),
            "task = asyncio.create_task(\n        refresh_every_minute(interval * 60),\n    )"
        );
        let index = "value = some_mapping_with_a_long_name[compute_the_key(argument)]";
        assert!(!fit(index, "    ", ("    ", "\n", true), 60).contains("),"));
    }

    #[test]
    fn splits_at_the_last_bracket_pair() {
        let code = "task = asyncio.create_task(self.handle_incoming_message(message, connection))";
        assert_eq!(
            fit(code, "        ", ("    ", "\n", false), 80),
            "task = asyncio.create_task(\n            self.handle_incoming_message(message, connection)\n        )"
        );
        assert_eq!(
            fit("task = f(x)", "", ("    ", "\n", false), 88),
            "task = f(x)"
        );
    }

    #[test]
    fn splits_arguments_one_a_line_when_still_too_long() {
        let code =
            "task = asyncio.create_task(handle(first_argument_value, second_argument_value))";
        assert_eq!(
            fit(code, "", ("    ", "\n", false), 40),
            "task = asyncio.create_task(\n    handle(\n        first_argument_value,\n        second_argument_value,\n    )\n)"
        );
    }

    #[test]
    fn ignores_brackets_in_strings_and_keeps_a_for_header() {
        let code = "for task in [asyncio.create_task(f(\")\")) for f in handlers_with_long_names]:";
        assert_eq!(
            fit(code, "", ("    ", "\n", false), 40),
            "for task in [\n    asyncio.create_task(f(\")\")) for f in handlers_with_long_names\n]:"
        );
    }
}
