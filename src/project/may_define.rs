//! Whether a file may define a task factory, by a line scan: cheap enough for every file of the
//! project, before any is parsed.

use std::collections::HashSet;

use memchr::memmem;

/// Whether the file may define a factory: a line with a task creator that is a `return`, or that
/// binds a name the file later returns (`task = create_task(...)` … `return task`). Cheap, so
/// every file can be asked; the inventory decides.
pub fn may_define(bytes: &[u8], creators: &[&str]) -> bool {
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
    // `from asyncio import create_task as ct`: `ct` creates tasks too.
    let mut all: Vec<&[u8]> = creators.iter().map(|c| c.as_bytes()).collect();
    for creator in creators {
        let renamed = [creator.as_bytes(), b" as "].concat();
        for at in memmem::find_iter(bytes, &renamed) {
            let alias = &bytes[at + renamed.len()..];
            let end = alias.iter().position(|&b| !word(b)).unwrap_or(alias.len());
            if end > 0 {
                all.push(&alias[..end]);
            }
        }
    }
    // The names some `return NAME` returns, gathered once (a search per binding would be
    // quadratic in a file of many).
    let mut returned: Option<HashSet<&[u8]>> = None;
    for creator in all {
        for at in memmem::find_iter(bytes, creator) {
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
            if binds
                && returned
                    .get_or_insert_with(|| returned_names(bytes))
                    .contains(name)
            {
                return true;
            }
        }
    }
    false
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
