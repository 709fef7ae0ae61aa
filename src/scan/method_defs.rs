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
    /// The names of the `def`s among them that are `@abstractmethod` stubs (see [`Abstracts`]).
    pub abstracts: Vec<String>,
    /// The names the file assigns as attributes, sorted, each once.
    pub assigned: Vec<String>,
}

/// The scan of `src`.
pub fn of(src: &str) -> MethodDefs {
    let bytes = src.as_bytes();
    let mut abstracts = Vec::new();
    let defs = def_names_at(bytes)
        .filter_map(|(at, name)| {
            let name = std::str::from_utf8(name).ok()?;
            let line = quiet_method_line(src, at);
            // A stub is never quiet: only those are read again.
            if line.is_none() && abstract_stub(src, at) {
                abstracts.push(name.to_owned());
            }
            Some((name.to_owned(), line))
        })
        .collect();
    MethodDefs {
        defs,
        abstracts,
        assigned: assigned(bytes),
    }
}

/// The offset of the first `def name(` of `src` that is an `@abstractmethod` stub.
pub fn abstract_at(src: &str, name: &str) -> Option<usize> {
    def_names_at(src.as_bytes())
        .filter(|(_, n)| *n == name.as_bytes())
        .map(|(at, _)| at)
        .find(|&at| abstract_stub(src, at))
}

/// How a lookup reads an `@abstractmethod` stub (`@abstractmethod` on the line above an
/// indented `async def` whose block only passes, raises or documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abstracts {
    /// As any stub: a hook whose filling is elsewhere, which says nothing of what runs.
    Loud,
    /// As no `def` at all: asked where the object's class declares the method abstract, whose
    /// objects run a subclass's `m` (the stub itself, if a subclass calls it, never suspends).
    Skipped,
}

/// What one file says of the method name it is asked about (see [`one`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// It spells no `def name(` and assigns no attribute `name`.
    Absent,
    /// Every `def name(` it spells is a method that never suspends, the first at this 1-based
    /// line, and it assigns no attribute `name`.
    Quiet(usize),
    /// Some `def name(` is no such method, or an attribute `name` is assigned.
    Loud,
}

/// [`of`] asked about one name only (the proof's stops look a name up in the few files whose
/// [`names`] hold it).
pub fn one(src: &str, name: &str, abstracts: Abstracts) -> Named {
    let bytes = src.as_bytes();
    if assigned_one(bytes, name) {
        return Named::Loud;
    }
    let mut first = None;
    for (at, _) in def_names_at(bytes).filter(|(_, n)| *n == name.as_bytes()) {
        if abstracts == Abstracts::Skipped && abstract_stub(src, at) {
            continue;
        }
        match quiet_method_line(src, at) {
            Some(line) => first = first.or(Some(line)),
            None => return Named::Loud,
        }
    }
    first.map_or(Named::Absent, Named::Quiet)
}

/// The hash the walk keeps of a name a file spells `async def` for (`scan::triage`): 16 bits,
/// so a file's names cost two bytes each; a collision only has a file read that holds no such
/// name.
pub fn hash(name: &[u8]) -> u16 {
    let h = (name.iter()).fold(name.len() as u32, |h, &b| {
        (h.rotate_left(5) ^ u32::from(b)).wrapping_mul(0x9E37_79B9)
    });
    (h >> 16) as u16
}

/// The searcher for `def`, built once.
static DEF: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"def"));

/// The name of the `def name(` (or `def name[`) whose `def` is at `at`, if it is one.
fn def_name(bytes: &[u8], at: usize) -> Option<&[u8]> {
    if at > 0 && word(bytes[at - 1]) {
        return None;
    }
    name_after_def(bytes, at + 3)
}

/// The name after a `def` that ends at `end`, if a space, the name and `(` or `[` follow (the
/// walk's one pass hands the end of each `async def` it finds: `scan::triage`).
pub fn name_after_def(bytes: &[u8], end: usize) -> Option<&[u8]> {
    let blank = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'));
    // A space first: most `def`s spelt are inside longer words (`default`, `undefined`).
    if !blank(end) {
        return None;
    }
    let mut i = end + 1;
    while blank(i) {
        i += 1;
    }
    let start = i;
    while bytes.get(i).is_some_and(|&b| word(b)) {
        i += 1;
    }
    let name_end = i;
    while blank(i) {
        i += 1;
    }
    let opens = matches!(bytes.get(i), Some(b'(' | b'['));
    (name_end > start && opens).then(|| &bytes[start..name_end])
}

/// Each `def name(` (or `def name[`) `bytes` spells: the offset of `def`, and the name.
fn def_names_at(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    DEF.find_iter(bytes)
        .filter_map(move |at| def_name(bytes, at).map(|name| (at, name)))
}

/// The offset of each `def name(` (or `def name[`) `bytes` spells for one name.
pub fn defs_of<'b>(bytes: &'b [u8], name: &'b str) -> impl Iterator<Item = usize> + 'b {
    def_names_at(bytes).filter_map(move |(at, n)| (n == name.as_bytes()).then_some(at))
}

/// The 1-based line of the `def` at `at` when it is a method that never suspends (an indented
/// `async def` whose block spells no `await`, `async` or `yield` and is no stub).
fn quiet_method_line(src: &str, at: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let head = bytes[line_start..at].trim_ascii();
    let method = matches!(bytes.get(line_start), Some(b' ' | b'\t'))
        && head == b"async"
        && header_end(bytes, at)
            .and_then(|end| block_under(src, end))
            .is_some_and(|block| quiet(block) && !stub(block));
    method.then(|| memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1)
}

/// Whether the `def` at `at` is an `@abstractmethod` stub: an indented `async def` whose line
/// above is `@abstractmethod` (or `@abc.abstractmethod`, or another decorator line under it)
/// and whose block only passes, raises or documents.
fn abstract_stub(src: &str, at: usize) -> bool {
    let bytes = src.as_bytes();
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    if bytes[line_start..at].trim_ascii() != b"async" || line_start == 0 {
        return false;
    }
    // The decorator lines right above the `def`.
    let mut end = line_start - 1;
    let mut abstract_one = false;
    loop {
        let start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        let line = bytes[start..end].trim_ascii();
        if !line.starts_with(b"@") {
            break;
        }
        abstract_one |= line == b"@abstractmethod" || line == b"@abc.abstractmethod";
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    abstract_one
        && header_end(bytes, at)
            .and_then(|end| block_under(src, end))
            .is_some_and(stub)
}

/// The `:` that ends the `def` header at `at`: a header on several lines (parameters one a
/// line, then `) -> T:` at the `def`'s indentation) would hide the body from `block_under`.
pub(crate) fn header_end(bytes: &[u8], at: usize) -> Option<usize> {
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

/// Whether `bytes` assigns an attribute `name` as [`assigned`] reads one.
fn assigned_one(bytes: &[u8], name: &str) -> bool {
    let dotted = [b".", name.as_bytes()].concat();
    memchr::memmem::find_iter(bytes, &dotted).any(|at| {
        let rest = &bytes[at + dotted.len()..];
        let after = rest.trim_ascii_start();
        !rest.first().is_some_and(|&b| word(b))
            && ((after.starts_with(b"=") && !after.starts_with(b"=="))
                || (after.starts_with(b":") && !after.starts_with(b":=")))
    })
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

    #[test]
    fn one_name_settles_as_the_whole_scan_does_and_a_name_is_read_after_its_def() {
        let src = "class P:\n    async def release(self, c):\n        self.free.append(c)\n\n    \
                   async def read(self):\n        await self.r.read()\n\n\
                   class Q:\n    async def release(self, c):\n        c.close()\n\n\
                   def default_read(x): pass\nundefined = 1\nw.closed = True\n";
        let one = |src, name| one(src, name, Abstracts::Loud);
        assert_eq!(one(src, "release"), Named::Quiet(2));
        assert_eq!(one(src, "read"), Named::Loud);
        assert_eq!(one(src, "closed"), Named::Loud);
        assert_eq!(one(src, "write"), Named::Absent);
        let bytes = src.as_bytes();
        let after = |d: &str| memchr::memmem::find(bytes, d.as_bytes()).map(|at| at + d.len());
        let named = |d: &str| after(d).and_then(|end| name_after_def(bytes, end));
        assert_eq!(named("async def"), Some(&b"release"[..]));
        assert_eq!(named("\ndef"), Some(&b"default_read"[..]));
        assert_eq!(named("undef"), None);
        assert_ne!(hash(b"release"), hash(b"read"));
    }

    #[test]
    fn an_abstract_stub_is_skipped_only_when_asked() {
        let src = "class B(ABC):\n    @abstractmethod\n    async def close(self):\n        \
                   \"\"\"Close.\"\"\"\n        pass\n\n    async def hook(self):\n        pass\n\n\
                   class C(B):\n    async def close(self):\n        self.closed = 1\n";
        assert_eq!(one(src, "close", Abstracts::Loud), Named::Loud);
        assert_eq!(one(src, "close", Abstracts::Skipped), Named::Quiet(11));
        assert_eq!(one(src, "hook", Abstracts::Skipped), Named::Loud);
        assert_eq!(of(src).abstracts, ["close"]);
    }
}
