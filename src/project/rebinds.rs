//! Whether a file binds a class's name itself (`import X as Name`, `Name = X`), read from its
//! text: the lines that spell the name.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// Whether the file binds `name` itself (`import X as Name`, `Name = X`): then an annotation
/// with it may stand for any class, as a call would.
pub fn rebinds(src: &str, name: &str) -> bool {
    if name.is_empty() || name.contains('\n') {
        return pattern(name).is_none_or(|pattern| pattern.is_match(src));
    }
    // A match holds the name and lies within one line and its newline, so only the lines that
    // spell the name are searched: the pattern's Unicode `\b` makes the regex crate give up its
    // DFA on a file with any non-ASCII byte, and a whole-file search then costs more than a parse.
    // An ASCII line is read by hand, as the pattern reads it: compiling the pattern for each
    // class a file's receivers are of cost more than the searches (33M of the corpus's audit).
    // A name of word characters and dots: one with a blank or `:`/`=` in it could match the
    // pattern where the hand reading, which takes the longest run of blanks, would not.
    let plain = (name.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    let mut searched = 0;
    memchr::memmem::find_iter(src.as_bytes(), name.as_bytes()).any(|at| {
        if at < searched {
            return false;
        }
        let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = src[at..].find('\n').map_or(src.len(), |i| at + i + 1);
        searched = end;
        let line = &src[start..end];
        match line.is_ascii() && plain {
            true => ascii_line_binds(line.as_bytes(), name.as_bytes()),
            false => pattern(name).is_none_or(|pattern| pattern.is_match(line)),
        }
    })
}

/// The pattern's answer for an ASCII `line` (up to and with its newline) and name, where `\b`
/// is the edge of an ASCII word: `as Name` (after no word character, followed by an edge), or
/// the line's `Name =`, `Name: T =` (the `=` not followed by another, nor last).
fn ascii_line_binds(line: &[u8], name: &[u8]) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let blanks = |from: usize| {
        from + line[from..]
            .iter()
            .take_while(|b| b" \t".contains(b))
            .count()
    };
    // `\bas[ \t]+Name\b`
    let aliased = memchr::memmem::find_iter(line, b"as").any(|at| {
        let before = at.checked_sub(1).and_then(|b| line.get(b));
        let spelled = blanks(at + 2);
        !word(before)
            && spelled > at + 2
            && line[spelled..].starts_with(name)
            && word(name.last()) != word(line.get(spelled + name.len()))
    });
    if aliased {
        return true;
    }
    // `^[ \t]*Name[ \t]*(:[^=\n]*)?=[^=]`
    let first = blanks(0);
    if !line[first..].starts_with(name) {
        return false;
    }
    let mut at = blanks(first + name.len());
    if line.get(at) == Some(&b':') {
        match line[at..].iter().position(|b| b"=\n".contains(b)) {
            Some(end) => at += end,
            None => return false,
        }
    }
    line.get(at) == Some(&b'=') && line.get(at + 1).is_some_and(|&b| b != b'=')
}

/// The pattern for `name`, compiled once per name: the callers' pass asks about the same few
/// classes in many files, and compiling the pattern cost more than the searches (29M of the
/// corpus's audit for 50 asks).
fn pattern(name: &str) -> Option<regex::Regex> {
    static COMPILED: LazyLock<Mutex<HashMap<String, regex::Regex>>> = LazyLock::new(Mutex::default);
    // A poisoned lock only means another thread panicked while inserting: compile anew.
    let known = COMPILED.lock().ok().and_then(|c| c.get(name).cloned());
    if known.is_some() {
        return known;
    }
    let pattern = regex::Regex::new(&format!(
        r"(?m)\bas[ \t]+{0}\b|^[ \t]*{0}[ \t]*(:[^=\n]*)?=[^=]",
        regex::escape(name)
    ))
    .ok()?;
    if let Ok(mut compiled) = COMPILED.lock() {
        // Bounded, for a long-lived process (the language server) that meets many names.
        if compiled.len() >= 1024 {
            compiled.clear();
        }
        compiled.insert(name.to_owned(), pattern.clone());
    }
    Some(pattern)
}

#[cfg(test)]
mod tests {
    use super::rebinds;

    /// The whole-file search this replaces.
    fn whole(src: &str, name: &str) -> bool {
        regex::Regex::new(&format!(
            r"(?m)\bas[ \t]+{0}\b|^[ \t]*{0}[ \t]*(:[^=\n]*)?=[^=]",
            regex::escape(name)
        ))
        .unwrap()
        .is_match(src)
    }

    #[test]
    fn lines_that_spell_the_name_answer_as_the_whole_file() {
        let files = [
            "import x as Client\n",
            "héllo = 1\nClient = make()\n",
            "Client: type = other\n",
            "Client == other\n",
            "Client =",
            "Client =\n",
            "x = Client()\ny: Client = Client()\n",
            "from a import b as ClientX\n",
            "é as Client\n",
            "alias Client\n  Client  : int=\n",
            "# Client\nClient.x = 1\n",
            "",
            "import a as\tClient, b as ClientB\n",
            "has Client\n",
            "x.as Client\n",
            "import a as Client_\n",
            "import a asClient\n",
            "  Client : Dict[str, int] = {}\n",
            "Client: int\nx = 1\n",
            "Client:int==3\n",
            "Client=\n",
            "Client==\n",
            "Client = \u{e9}\n",
            "import \u{e9} as Client\n",
            "ClientX = 1\n",
            "\tClient\t=1",
            "import a as  Client\n",
            "x = 1 as Client.y\n",
        ];
        for src in files {
            assert_eq!(rebinds(src, "Client"), whole(src, "Client"), "{src:?}");
        }
    }
}
