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

/// Whether a file's bytes may define a function that does something telling with a task it
/// is handed: it adds a done callback (what code that keeps tasks, or keeps nothing of them,
/// does to them) and stores a plain name (`.add(task)`, `.append(task)`), or it is a generator
/// context manager with a `finally` (see [`super::guards`]; the summaries are [`super::handling`]'s). Only such files are
/// parsed whole and summarized: nearly every async file awaits or stores something, and
/// parsing each whole made `audit` several times slower.
pub fn may_handle(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    let stores_a_name = |method: &[u8]| {
        memchr::memmem::find_iter(bytes, method).any(|at| {
            let rest = &bytes[at + method.len()..];
            let length = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_');
            let length = length.count();
            length > 0 && rest.get(length) == Some(&b')')
        })
    };
    // A generator context manager may await what it yields in its `finally`.
    let guards = || has(b"contextmanager") && has(b"yield") && has(b"finally");
    // What awaits every task it is handed, or runs the loop until it is done.
    let awaits = || has(b"asyncio.gather(*") || has(b".run_until_complete(");
    has(b"def ")
        && ((has(b"add_done_callback(") && (stores_a_name(b".add(") || stores_a_name(b".append(")))
            || guards()
            || awaits())
}
