//! The byte scan that finds a file's coroutines that may never suspend, for the never-suspends
//! rule across files ([`crate::project::quiet_coroutines`] keeps them): the names of its
//! column-0 `async def`s whose block spells no `yield` or `async` and awaits only `.put(` calls,
//! and of its column-0 bindings `name = C(...)` where it spells a column-0 `class C` with a
//! coroutine method. Nothing is parsed; the proof reads the definition's body.

use memchr::memmem::Finder;

/// A file's module functions and singletons that may never suspend, and its classes with a
/// coroutine method (another file may make an instance of one).
pub type Candidates = (Vec<String>, Vec<String>, Vec<String>);

/// The file's candidates by its bytes: the names of its column-0 `async def`s whose block
/// spells no `yield` or `async` and no `await` but of a `.put(` call, and of its column-0
/// bindings `name = C(...)` where it spells a column-0 `class C`.
pub fn candidates(bytes: &[u8]) -> Candidates {
    let mut functions = Vec::new();
    let mut singletons = Vec::new();
    // Searches only, no walk of the lines (one cost `check` several percent): most files with
    // no `async def` pay one search.
    if !may_have_candidates(bytes) {
        return (functions, singletons, Vec::new());
    }
    let at_column_0 = |needle: &'static [u8]| {
        let first = bytes.starts_with(needle).then_some(0);
        let newline = [b"\n", needle].concat();
        let rest: Vec<usize> = memchr::memmem::find_iter(bytes, &newline)
            .map(|at| at + 1)
            .collect();
        first.into_iter().chain(rest)
    };
    let async_defs: Vec<usize> = at_column_0(b"async def ").collect();
    let classes: Vec<usize> = at_column_0(b"class ").collect();
    // The next column-0 header bounds each block from above (it is code at column 0): the
    // scans below search up to it, and walk the lines only as far as what they found.
    let mut headers = [&async_defs[..], &classes[..]].concat();
    headers.sort_unstable();
    let finders = Finders::default();
    let body = |at: usize| {
        let next = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let after = headers.partition_point(|&h| h <= at);
        let bound = headers.get(after).map_or(bytes.len(), |&h| h.max(next));
        Block::new(&bytes[next..bound], &finders)
    };
    for &at in &async_defs {
        let name = leading_name(bytes[at + 10..].trim_ascii_start());
        if !name.is_empty() && body(at).quiet() {
            functions.extend(std::str::from_utf8(name).ok().map(str::to_owned));
        }
    }
    // Only a class with a coroutine method is searched for: `name = C(` at column 0.
    let mut made: Vec<Vec<u8>> = (classes.iter())
        .filter_map(|&at| {
            let class = leading_name(bytes[at + 6..].trim_ascii_start());
            let coroutines = !class.is_empty() && body(at).spells_async_def();
            coroutines.then(|| [class, b"("].concat())
        })
        .collect();
    made.sort_unstable();
    made.dedup();
    let classes = (made.iter()).filter_map(|m| {
        std::str::from_utf8(m.strip_suffix(b"(")?)
            .ok()
            .map(str::to_owned)
    });
    let classes: Vec<String> = classes.collect();
    let singleton = |call: usize| {
        let line = memchr::memrchr(b'\n', &bytes[..call]).map_or(0, |i| i + 1);
        let before = bytes[line..call].trim_ascii_end();
        let target = before.strip_suffix(b"=").map(<[u8]>::trim_ascii_end)?;
        let name = leading_name(target);
        (!name.is_empty() && name.len() == target.len()).then_some(name)
    };
    let calls = made
        .iter()
        .flat_map(|m| memchr::memmem::find_iter(bytes, m));
    for name in calls.filter_map(singleton) {
        singletons.extend(std::str::from_utf8(name).ok().map(str::to_owned));
    }
    singletons.sort();
    singletons.dedup();
    functions.sort();
    functions.dedup();
    (functions, singletons, classes)
}

/// Whether [`candidates`] may find any: the bytes spell `async def` (one search).
pub fn may_have_candidates(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"async def").is_some()
}

/// The words [`Block`] searches for, built once a file.
struct Finders {
    yield_: Finder<'static>,
    async_: Finder<'static>,
    await_: Finder<'static>,
    async_def: Finder<'static>,
}

impl Default for Finders {
    fn default() -> Self {
        Finders {
            yield_: Finder::new(b"yield"),
            async_: Finder::new(b"async"),
            await_: Finder::new(b"await"),
            async_def: Finder::new(b"async def"),
        }
    }
}

/// A block (a body after its header, up to the first line that starts at column 0 with code: a gate only, as a string at column 0 ends it early, and the parse decides) within a longer text that
/// holds it: the searches run on the text, and the block's end is found by walking its lines
/// only up to the place asked about, so a body is rarely walked far.
struct Block<'b> {
    text: &'b [u8],
    finders: &'b Finders,
    /// How far the lines are walked: the block's end when `ended`.
    walked: usize,
    ended: bool,
}

impl<'b> Block<'b> {
    fn new(text: &'b [u8], finders: &'b Finders) -> Self {
        Block {
            text,
            finders,
            walked: 0,
            ended: false,
        }
    }

    /// Whether offset `at` of the text lies in the block.
    fn holds(&mut self, at: usize) -> bool {
        while !self.ended && self.walked <= at {
            let line = &self.text[self.walked..];
            if line
                .first()
                .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#'))
            {
                self.ended = true;
            } else if self.walked < self.text.len() {
                self.walked =
                    memchr::memchr(b'\n', line).map_or(self.text.len(), |i| self.walked + i + 1);
            } else {
                self.ended = true;
            }
        }
        at < self.walked
    }

    /// Whether the block spells `async def`.
    fn spells_async_def(&mut self) -> bool {
        let needle = &self.finders.async_def;
        let last = needle.needle().len() - 1;
        needle
            .find(self.text)
            .is_some_and(|at| self.holds(at + last))
    }

    /// Whether the block spells no `yield` or `async`, and `await` only before a `.put(` call.
    fn quiet(&mut self) -> bool {
        let text = self.text;
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        let whole = |w: &[u8], i: usize| {
            (i == 0 || !word(text[i - 1])) && text.get(i + w.len()).is_none_or(|&b| !word(b))
        };
        let finders = self.finders;
        let first = |w: &Finder| w.find_iter(text).find(|&i| whole(w.needle(), i));
        let spelt_in = [first(&finders.yield_), first(&finders.async_)];
        if spelt_in.into_iter().flatten().any(|i| self.holds(i)) {
            return false;
        }
        let awaits = finders.await_.find_iter(text);
        for i in awaits.filter(|&i| whole(b"await", i)) {
            if !self.holds(i) {
                break;
            }
            let from = i + 5;
            let rest = text[from..].trim_ascii_start();
            let dotted = rest.iter().take_while(|&&b| word(b) || b == b'.').count();
            let after = rest[dotted..].trim_ascii_start();
            // The `(` must be in the block too: a block's text stops at its end.
            let paren = text.len() - after.len();
            if !(rest[..dotted].ends_with(b".put") && after.starts_with(b"(") && self.holds(paren))
            {
                return false;
            }
        }
        true
    }
}

/// The name at the start of `text`.
fn leading_name(text: &[u8]) -> &[u8] {
    let end = text
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80))
        .unwrap_or(text.len());
    match text.first() {
        Some(b) if !b.is_ascii_digit() => &text[..end],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan as it was before [`Block`]: each block walked whole, then searched.
    fn reference(bytes: &[u8]) -> Candidates {
        let mut functions = Vec::new();
        let mut singletons = Vec::new();
        let mut classes = Vec::new();
        let at_column_0 = |needle: &'static [u8]| {
            let first = bytes.starts_with(needle).then_some(0);
            let newline = [b"\n", needle].concat();
            let rest: Vec<usize> = memchr::memmem::find_iter(bytes, &newline)
                .map(|at| at + 1)
                .collect();
            first.into_iter().chain(rest)
        };
        let block_after = |at: usize| {
            let next = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
            &bytes[next..next + column_0_block(&bytes[next..])]
        };
        for at in at_column_0(b"async def ") {
            let name = leading_name(bytes[at + 10..].trim_ascii_start());
            if !name.is_empty() && quiet_text(block_after(at)) {
                functions.extend(std::str::from_utf8(name).ok().map(str::to_owned));
            }
        }
        for at in at_column_0(b"class ") {
            let class = leading_name(bytes[at + 6..].trim_ascii_start());
            if class.is_empty() || memchr::memmem::find(block_after(at), b"async def").is_none() {
                continue;
            }
            classes.extend(std::str::from_utf8(class).ok().map(str::to_owned));
            let made = [class, b"("].concat();
            for call in memchr::memmem::find_iter(bytes, &made) {
                let line = memchr::memrchr(b'\n', &bytes[..call]).map_or(0, |i| i + 1);
                let before = bytes[line..call].trim_ascii_end();
                let Some(target) = before.strip_suffix(b"=").map(<[u8]>::trim_ascii_end) else {
                    continue;
                };
                let name = leading_name(target);
                if !name.is_empty() && name.len() == target.len() {
                    singletons.extend(std::str::from_utf8(name).ok().map(str::to_owned));
                }
            }
        }
        singletons.sort();
        singletons.dedup();
        functions.sort();
        functions.dedup();
        classes.sort();
        classes.dedup();
        (functions, singletons, classes)
    }

    /// The length of the block that starts `bytes` (a body after its header): up to the first line
    /// that starts at column 0 with code. A gate only (a string at column 0 ends it early); the
    /// parse decides.
    fn column_0_block(bytes: &[u8]) -> usize {
        let mut at = 0;
        while at < bytes.len() {
            let code = bytes[at..]
                .first()
                .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'#'));
            if code {
                return at;
            }
            at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        }
        bytes.len()
    }

    /// A block that spells no `yield` or `async`, and `await` only before a `.put(` call.
    fn quiet_text(block: &[u8]) -> bool {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        let whole = |w: &[u8], i: usize| {
            (i == 0 || !word(block[i - 1])) && block.get(i + w.len()).is_none_or(|&b| !word(b))
        };
        let spelt =
            |w: &'static [u8]| memchr::memmem::find_iter(block, w).filter(move |&i| whole(w, i));
        if spelt(b"yield").next().is_some() || spelt(b"async").next().is_some() {
            return false;
        }
        spelt(b"await").all(|i| {
            let rest = block[i + 5..].trim_ascii_start();
            let dotted = rest.iter().take_while(|&&b| word(b) || b == b'.').count();
            rest[..dotted].ends_with(b".put") && rest[dotted..].trim_ascii_start().starts_with(b"(")
        })
    }

    #[test]
    fn blocks_end_where_the_whole_walk_ends_them() {
        let cases: &[&str] = &[
            "async def f():\n    await q.put(1)\n",
            "async def f():\n    await q.put(1)\nx = 1\nasync def g():\n    yield 1\n",
            "async def f():\n    pass\nx = (await\nq.put(1))\n",
            "async def f():\n    x = (await q.put\n(1))\n",
            "async def f():\n    x = 1\n# c\n\n    await q.put(1)\nyield_ = 2\n",
            "async def f():\n    await\nq.put(1)\n",
            "class C:\n    def m(self):\n        pass\nasync def f():\n    pass\nc = C()\n",
            "class C:\n    async def m(self):\n        pass\nc = C()\nclass D:\n    pass\nd = D()\n",
            "class C:\n    x = 1\nz = 2\n    async def m(self): pass\nc = C()\n",
            "async def f():\n    return 1\nasync def g():\n    await g()\n",
            "async def f(): pass",
            "class C:\n    async def m(self): pass\nclass BC:\n    async def m(self): pass\nx = BC()\ny = C()\nz=C(1)\n  w = C()\nv = MyC()\nclass C:\n    pass\n",
            "async def f():\n",
        ];
        for case in cases {
            assert_eq!(
                candidates(case.as_bytes()),
                reference(case.as_bytes()),
                "{case}"
            );
        }
    }

    #[test]
    fn the_scan_finds_what_the_whole_walk_found_in_testdata() {
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata")];
        let mut read = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "py")
                    && let Ok(bytes) = std::fs::read(&path)
                {
                    read += 1;
                    assert_eq!(candidates(&bytes), reference(&bytes), "{}", path.display());
                }
            }
        }
        assert!(read > 0);
    }
}
