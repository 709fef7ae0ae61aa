//! Whether a file binds a class's name itself (`import X as Name`, `Name = X`), read from its
//! text: the lines that spell the name.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// Whether the file binds `name` itself (`import X as Name`, `Name = X`): then an annotation
/// with it may stand for any class, as a call would.
pub fn rebinds(src: &str, name: &str) -> bool {
    let Some(pattern) = pattern(name) else {
        return true;
    };
    if name.is_empty() || name.contains('\n') {
        return pattern.is_match(src);
    }
    // A match holds the name and lies within one line and its newline, so only the lines that
    // spell the name are searched: the pattern's Unicode `\b` makes the regex crate give up its
    // DFA on a file with any non-ASCII byte, and a whole-file search then costs more than a parse.
    let mut searched = 0;
    memchr::memmem::find_iter(src.as_bytes(), name.as_bytes()).any(|at| {
        if at < searched {
            return false;
        }
        let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = src[at..].find('\n').map_or(src.len(), |i| at + i + 1);
        searched = end;
        pattern.is_match(&src[start..end])
    })
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
        ];
        for src in files {
            assert_eq!(rebinds(src, "Client"), whole(src, "Client"), "{src:?}");
        }
    }
}
