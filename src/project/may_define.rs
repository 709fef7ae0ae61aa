//! Whether a file may define a task factory, by a line scan: cheap enough for every file of the
//! project, before any is parsed.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::packed::{Config, Searcher};
use memchr::memmem;

use crate::scan::asyncio_api::TASK_FUNCTIONS;

/// Whether the file may define a factory: a line with a task creator that is a `return`, or that
/// binds a name the file later returns (`task = create_task(...)` … `return task`). Cheap, so
/// every file can be asked; the inventory decides.
pub fn may_define(bytes: &[u8], creators: &[&str]) -> bool {
    let built;
    let searcher = if creators == TASK_FUNCTIONS {
        DEFAULT.as_ref()
    } else {
        // A project's own task functions: searched for in this file only, rarely.
        built = searcher(creators);
        built.as_ref()
    };
    let Some(searcher) = searcher else {
        return true; // never: the patterns are words; the inventory decides
    };
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    // The names some `return NAME` returns, gathered once (a search per binding would be
    // quadratic in a file of many).
    let mut returned: Option<HashSet<&[u8]>> = None;
    // `from asyncio import create_task as ct`: `ct` creates tasks too.
    let mut aliases: Vec<&[u8]> = Vec::new();
    // One pass over the bytes for every creator (a search per creator was a tenth of `check`).
    for m in searcher.find_iter(bytes) {
        let after = &bytes[m.end()..];
        if let Some(alias) = after.strip_prefix(b" as ") {
            let end = alias.iter().position(|&b| !word(b)).unwrap_or(alias.len());
            if end > 0 {
                aliases.push(&alias[..end]);
            }
        }
        if defines_at(bytes, m.start(), &mut returned) {
            return true;
        }
    }
    aliases
        .into_iter()
        .any(|alias| memmem::find_iter(bytes, alias).any(|at| defines_at(bytes, at, &mut returned)))
}

/// The task functions asyncio gives, searched for together.
static DEFAULT: LazyLock<Option<Searcher>> = LazyLock::new(|| searcher(&TASK_FUNCTIONS));

fn searcher(creators: &[&str]) -> Option<Searcher> {
    // Teddy's SIMD search: aho-corasick's general searcher picks a rare-byte prefilter for two
    // words, several times slower here.
    Config::new().builder().extend(creators).build()
}

/// Whether the creator spelled at `at` stands on a `return` line, or on a line that binds a
/// name the file returns somewhere (`task = create_task(...)` … `return task`).
fn defines_at<'b>(bytes: &'b [u8], at: usize, returned: &mut Option<HashSet<&'b [u8]>>) -> bool {
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let line = bytes[start..at].trim_ascii_start();
    if line.starts_with(b"return") && line.get(6).is_none_or(|&b| !word(b)) {
        return true;
    }
    let name_end = line.iter().position(|&b| !word(b)).unwrap_or(line.len());
    let (name, rest) = line.split_at(name_end);
    let rest = rest.trim_ascii_start();
    let binds = !name.is_empty()
        && (rest.starts_with(b":") || (rest.starts_with(b"=") && !rest.starts_with(b"==")));
    binds
        && returned
            .get_or_insert_with(|| returned_names(bytes))
            .contains(name)
}

/// Every `NAME` of a `return NAME` in the file.
fn returned_names(bytes: &[u8]) -> HashSet<&[u8]> {
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    memmem::find_iter(bytes, b"return ")
        .filter(|&at| at == 0 || !word(bytes[at - 1]))
        .filter_map(|at| {
            let rest = &bytes[at + b"return ".len()..];
            let end = rest.iter().position(|&b| !word(b)).unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}

/// The search for `needle`, built once for the run: [`may_handle`] reads every file of an audit,
/// and `memmem::find` builds its searcher at each call (22,865 on the corpus).
macro_rules! finder {
    ($needle:literal) => {{
        static FINDER: std::sync::LazyLock<memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memmem::Finder::new($needle));
        &*FINDER
    }};
}

/// Whether a file's bytes may define a function that does something telling with a task it
/// is handed: it adds a done callback (what code that keeps tasks, or keeps nothing of them,
/// does to them) and stores a plain name (`.add(task)`, `.append(task)`), or it is a generator
/// context manager with a `finally` (see [`super::guards`]), or it awaits a parameter
/// ([`awaits_a_parameter`]); the summaries are [`super::handling`]'s. Only such files are
/// parsed whole and summarized: nearly every async file awaits or stores something, and
/// parsing each whole made `audit` several times slower.
pub fn may_handle(bytes: &[u8]) -> bool {
    let has = |needle: &memmem::Finder| needle.find(bytes).is_some();
    let stores_a_name = |method: &memmem::Finder| {
        method.find_iter(bytes).any(|at| {
            let rest = &bytes[at + method.needle().len()..];
            let length = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_');
            let length = length.count();
            length > 0 && rest.get(length) == Some(&b')')
        })
    };
    // A generator context manager may await what it yields in its `finally`.
    let guards =
        || has(finder!(b"contextmanager")) && has(finder!(b"yield")) && has(finder!(b"finally"));
    let stores = || stores_a_name(finder!(b".add(")) || stores_a_name(finder!(b".append("));
    has(finder!(b"def "))
        && ((has(finder!(b"add_done_callback(")) && stores())
            || guards()
            || awaits_a_parameter(bytes)
            || may_poll(bytes, |name| in_a_header(bytes, name)))
}

/// The bytes await what a name holds, and that name is a parameter of some `def`: `await
/// asyncio.gather(*p)`, `gather(*(f(t) for t in p))`, `loop.run_until_complete(p)` or of
/// `asyncio.wait_for(p, ...)`. (Any `gather(*` or `run_until_complete(` let 61 files of the
/// corpus be parsed whole, most for a local list: `audit` +5%.)
fn awaits_a_parameter(bytes: &[u8]) -> bool {
    fn skip_space(rest: &[u8]) -> &[u8] {
        let n = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        rest.get(n..).unwrap_or_default()
    }
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    // The name at the start of `rest`, if `end` follows it (after spaces).
    let name_then = |rest: &[u8], end: &[u8]| -> Option<Vec<u8>> {
        let n = rest.iter().take_while(|b| word(b)).count();
        let after = skip_space(rest.get(n..)?);
        (n > 0 && end.iter().any(|e| after.first() == Some(e))).then(|| rest[..n].to_vec())
    };
    let mut names: Vec<Vec<u8>> = Vec::new();
    for at in finder!(b"asyncio.gather(*").find_iter(bytes) {
        let rest = &bytes[at + b"asyncio.gather(*".len()..];
        match rest.strip_prefix(b"(") {
            // `(f(t) for t in p)`: the name after the last ` in ` of the line.
            Some(generator) => {
                let line =
                    &generator[..memchr::memchr(b'\n', generator).unwrap_or(generator.len())];
                let last_in = memchr::memmem::rfind(line, b" in ");
                names.extend(last_in.and_then(|i| name_then(skip_space(&line[i + 4..]), b")")));
            }
            None => names.extend(name_then(rest, b")")),
        }
    }
    for at in finder!(b".run_until_complete(").find_iter(bytes) {
        let rest = skip_space(&bytes[at + b".run_until_complete(".len()..]);
        let rest = rest
            .strip_prefix(b"asyncio.wait_for(")
            .map_or(rest, skip_space);
        names.extend(name_then(rest, b",)"));
    }
    names.sort_unstable();
    names.dedup();
    names.iter().any(|name| in_a_header(bytes, name))
}

/// A `def` header (up to its first `)`) spells the name as a word.
fn in_a_header(bytes: &[u8], name: &[u8]) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    memchr::memmem::find_iter(bytes, b"def ").any(|at| {
        let header = &bytes[at..];
        let header = &header[..memchr::memchr(b')', header).unwrap_or(header.len())];
        memchr::memmem::find_iter(header, name).any(|i| {
            let before = i.checked_sub(1).and_then(|j| header.get(j));
            !before.is_some_and(word) && !header.get(i + name.len()).is_some_and(word)
        })
    })
}

/// The bytes may define a function that polls a task it is handed ([`super::polls`]): `not p.done()` and `p.result()` (or `p.exception()`)
/// spelled with one name, a parameter of some `def`.
fn may_poll(bytes: &[u8], in_header: impl Fn(&[u8]) -> bool) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    finder!(b".done()").find_iter(bytes).any(|at| {
        let start = bytes[..at]
            .iter()
            .rposition(|b| !word(b))
            .map_or(0, |i| i + 1);
        let name = &bytes[start..at];
        let read = |method: &[u8]| {
            let spelled = [name, method].concat();
            memchr::memmem::find(bytes, &spelled).is_some()
        };
        !name.is_empty()
            && bytes[..start].ends_with(b"not ")
            && (read(b".result()") || read(b".exception()"))
            && in_header(name)
    })
}

#[cfg(test)]
mod tests {
    use super::{awaits_a_parameter, may_poll};

    fn header(bytes: &[u8]) -> impl Fn(&[u8]) -> bool + '_ {
        |name| {
            let spelled = [b"(" as &[u8], name].concat();
            memchr::memmem::find(bytes, &spelled).is_some()
        }
    }

    #[test]
    fn only_a_parameter_awaited_makes_a_file_summarisable() {
        let each = b"async def all(tasks):\n    return await asyncio.gather(*tasks)\n";
        assert!(awaits_a_parameter(each));
        let generator =
            b"async def g(n, tasks):\n    await asyncio.gather(*(f(t) for t in tasks))\n";
        assert!(awaits_a_parameter(generator));
        let runs = b"def run(coro, t=1):\n    return loop.run_until_complete(\n        asyncio.wait_for(\n            coro, t))\n";
        assert!(awaits_a_parameter(runs));
        // A local list, or a parameter of another name, is no parameter awaited.
        let local = b"async def f(x):\n    tasks = [g(x)]\n    await asyncio.gather(*tasks)\n";
        assert!(!awaits_a_parameter(local));
        let other = b"def test(ts):\n    loop.run_until_complete(main())\n";
        assert!(!awaits_a_parameter(other));
    }

    #[test]
    fn only_a_parameter_polled_and_read_makes_a_file_summarisable() {
        let polls = b"def wait(task):\n    while not task.done():\n        sleep(1)\n    return task.result()\n";
        assert!(may_poll(polls, header(polls)));
        let unread = b"def wait(task):\n    while not task.done():\n        sleep(1)\n";
        assert!(!may_poll(unread, header(unread)));
        let local =
            b"def f(x):\n    t = g(x)\n    while not t.done():\n        pass\n    t.result()\n";
        assert!(!may_poll(local, header(local)));
    }
}
