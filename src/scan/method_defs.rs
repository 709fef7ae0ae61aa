//! The byte scan behind the never-suspends proof's stops (`detect/first_step_through.rs`):
//! every `def name(` a file spells, whether it is a method that never suspends (an indented
//! `async def` whose block spells no `await`, `async` or `yield` in code and does more than
//! pass, raise or document), and the attribute names the file assigns (`x.name = ...`), which
//! would shadow a method. Nothing is parsed.

use crate::scan::blocks::{block_under, is_word_byte as word, spelt};

/// One file's `def`s and assigned attribute names.
#[derive(Debug, Clone, Default)]
pub struct MethodDefs {
    /// Each `def name(` spelt, with its 1-based line when it is a method that never suspends.
    pub defs: Vec<(String, Option<usize>)>,
    /// The names the file assigns as attributes, sorted, each once.
    pub assigned: Vec<String>,
}

/// The scan of `src`.
pub fn of(src: &str) -> MethodDefs {
    let bytes = src.as_bytes();
    let mut defs = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"def") {
        if at > 0 && word(bytes[at - 1]) {
            continue;
        }
        let rest = &bytes[at + 3..];
        let name_at = rest.len() - rest.trim_ascii_start().len();
        if name_at == 0 {
            continue;
        }
        let name_len = rest[name_at..].iter().take_while(|&&b| word(b)).count();
        let after = rest[name_at + name_len..].trim_ascii_start();
        if name_len == 0 || !(after.starts_with(b"(") || after.starts_with(b"[")) {
            continue;
        }
        let Ok(name) = std::str::from_utf8(&rest[name_at..name_at + name_len]) else {
            continue;
        };
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let head = bytes[line_start..at].trim_ascii();
        let method = matches!(bytes.get(line_start), Some(b' ' | b'\t'))
            && head == b"async"
            && header_end(bytes, at)
                .and_then(|end| block_under(src, end))
                .is_some_and(|block| quiet(block) && !stub(block));
        let line = method.then(|| memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1);
        defs.push((name.to_owned(), line));
    }
    MethodDefs {
        defs,
        assigned: assigned(bytes),
    }
}

/// The `:` that ends the `def` header at `at`: a header on several lines (parameters one a
/// line, then `) -> T:` at the `def`'s indentation) would hide the body from `block_under`.
fn header_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (Some(_), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b':') if depth == 0 => return Some(i),
            (None, b'#') => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a block spells no `await`, `async` or `yield` outside a comment (one in a string
/// counts: no proof).
fn quiet(block: &[u8]) -> bool {
    let code = |i: &usize| {
        let line_start = memchr::memrchr(b'\n', &block[..*i]).map_or(0, |l| l + 1);
        memchr::memchr(b'#', &block[line_start..*i]).is_none()
    };
    ["await", "async", "yield"]
        .iter()
        .all(|w| spelt(block, w).find(code).is_none())
}

/// Whether a block only passes, raises, is `...` or documents: a hook for another class to
/// fill, which says nothing of what runs.
fn stub(block: &[u8]) -> bool {
    let mut in_doc = false;
    for line in block.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        let quotes = memchr::memmem::find_iter(line, b"\"\"\"").count()
            + memchr::memmem::find_iter(line, b"'''").count();
        let doc = in_doc || line.starts_with(b"\"\"\"") || line.starts_with(b"'''");
        if quotes % 2 == 1 {
            in_doc = !in_doc;
        }
        let empty = line.is_empty() || line.starts_with(b"#");
        let hook = line == b"pass" || line == b"..." || line.starts_with(b"raise");
        // A one-line string is a docstring too.
        let string = line.starts_with(b"\"") || line.starts_with(b"'");
        if !(doc || empty || hook || string) {
            return false;
        }
    }
    true
}

/// The names spelt as assigned attributes: `.name =` (not `==`) or `.name:` followed by an
/// annotation, the way `first_step_method::bytes_assign_attribute` reads one name.
fn assigned(bytes: &[u8]) -> Vec<String> {
    let mut names: Vec<String> = memchr::memchr_iter(b'.', bytes)
        .filter_map(|at| {
            let rest = &bytes[at + 1..];
            let len = rest.iter().take_while(|&&b| word(b)).count();
            let after = rest[len..].trim_ascii_start();
            let assigns = (after.starts_with(b"=") && !after.starts_with(b"=="))
                || (after.starts_with(b":") && !after.starts_with(b":="));
            (len > 0 && assigns)
                .then(|| std::str::from_utf8(&rest[..len]).ok().map(str::to_owned))
                .flatten()
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_method_a_suspending_one_a_stub_and_an_assignment() {
        let src = "class P:\n    async def release(self, c):\n        \"\"\"Doc.\"\"\"\n        \
                   self.free.append(c)\n\n    async def read(self):\n        await self.r.read()\n\n    \
                   async def hook(self):\n        \"\"\"To fill.\"\"\"\n        pass\n\n    \
                   async def create(\n        cls,\n        *,\n        host: str = \"a:b\",\n    \
                   ) -> Node:\n        await node.connect()\n\n\
                   async def top():\n    return 1\n\nx.hook = None\n";
        let found = of(src);
        assert_eq!(
            found.defs,
            [
                ("release".to_owned(), Some(2)),
                ("read".to_owned(), None),
                ("hook".to_owned(), None),
                ("create".to_owned(), None),
                ("top".to_owned(), None),
            ]
        );
        assert_eq!(found.assigned, ["hook"]);
    }
}
