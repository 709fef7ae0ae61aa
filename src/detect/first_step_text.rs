//! The text tests of the never-suspends proofs of methods ([`super::first_step_method`],
//! [`super::first_step_through`]) before anything is lexed or parsed: most sites' methods fail
//! them, and then no method body is walked.

use std::collections::HashSet;

use super::first_step_through::Beyond;
use crate::scan::blocks::{block_under, spelt};
use crate::scan::lexer::{self, Token, TokenKind};

/// By the text alone (nothing lexed or parsed): the file spells a method `def m` (indented),
/// one such `def m` is an `async def` whose block spells no `async` or `yield` and no `await`
/// but of a `put` call or `asyncio.sleep(0)` (the others, if the object's class may bind them,
/// are read by [`proved`]), or of a method `n` (`x.n(...)`) that passes this test `follow` awaits
/// further (or that `beyond` may answer), and nothing assigns an attribute `m` or defines
/// `__getattribute__`.
pub(super) fn quiet_by_text(
    bytes: &[u8],
    src: &str,
    name: &str,
    follow: usize,
    beyond: Beyond,
) -> bool {
    let spelt = def_spellings(bytes, name);
    let mut methods = spelt.iter().filter(|(at, _)| indented(bytes, *at));
    methods.any(|&(at, is_async)| is_async && quiet_block(src, at, follow, beyond))
        && !bytes_assign_attribute(bytes, name)
        && !src.contains("__getattribute__")
}

/// As [`quiet_by_text`] with no await followed, each `def`'s block read under its whole header:
/// a header on several lines (parameters one a line, then `):` at the `def`'s indentation)
/// would leave only the parameters in the block [`quiet_block`] reads from the `def`'s line,
/// and a module parsed whole for nothing (litellm's `ProxyLogging.budget_alerts`).
pub(super) fn quiet_by_text_headed(bytes: &[u8], src: &str, name: &str) -> bool {
    let spelt = def_spellings(bytes, name);
    let mut methods = spelt.iter().filter(|(at, _)| indented(bytes, *at));
    methods.any(|&(at, is_async)| {
        is_async
            && crate::scan::method_defs::header_end(bytes, at)
                .is_some_and(|colon| quiet_block(src, colon, 0, Beyond::default()))
    }) && !bytes_assign_attribute(bytes, name)
        && !src.contains("__getattribute__")
}

/// Whether the line holding `at` starts with indentation.
pub(super) fn indented(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    matches!(bytes.get(line_start), Some(b' ' | b'\t'))
}

/// Where `bytes` spells `def name(` or `def name[`: the offset of `def`, and whether `async`
/// comes before it.
pub(super) fn def_spellings(bytes: &[u8], name: &str) -> Vec<(usize, bool)> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    memchr::memmem::find_iter(bytes, name.as_bytes())
        .filter_map(|at| {
            let before = bytes[..at].trim_ascii_end();
            let after = bytes[at + name.len()..].trim_ascii_start();
            let def = before.strip_suffix(b"def")?;
            let spaced = before.len() < at;
            let alone = def.last().is_none_or(|&b| !word(b));
            (spaced && alone && (after.starts_with(b"(") || after.starts_with(b"[")))
                .then_some(())?;
            let is_async = def.trim_ascii_end().ends_with(b"async");
            Some((def.len(), is_async))
        })
        .collect()
}

/// Whether the block of the `def` at `at`, read by indentation, spells no `async` or `yield`
/// and no `await` but of a `put` call, `asyncio.sleep(0)` or, `follow` awaits further, a method
/// that passes [`quiet_by_text`]: a cheap test that most coroutines fail, before anything is
/// parsed.
fn quiet_block(src: &str, at: usize, follow: usize, beyond: Beyond) -> bool {
    use crate::scan::blocks::{block_under, is_word_byte as word, spelt};
    block_under(src, at).is_some_and(|block| {
        // A word after a `#` on its line is most likely a comment's (picows's "from async
        // method only"), and one after a quote a string's (MythosMUD's "Error in async error
        // handler"): left to the parse, which decides.
        let code = |i: &usize| {
            let line_start = memchr::memrchr(b'\n', &block[..*i]).map_or(0, |l| l + 1);
            memchr::memchr3(b'#', b'"', b'\'', &block[line_start..*i]).is_none()
        };
        let method = |rest: &[u8]| {
            let dotted = rest.iter().take_while(|&&b| word(b) || b == b'.').count();
            let called = &rest[..dotted];
            let name = called.rsplit(|&b| b == b'.').next().unwrap_or_default();
            follow > 0
                && called.contains(&b'.')
                && rest[dotted..].trim_ascii_start().starts_with(b"(")
                && std::str::from_utf8(name).is_ok_and(|n| {
                    !n.is_empty()
                        && (quiet_by_text(src.as_bytes(), src, n, follow - 1, beyond)
                            || beyond.passes(n))
                })
        };
        spelt(block, "async").find(code).is_none()
            && spelt(block, "yield").find(code).is_none()
            && spelt(block, "await").filter(code).all(|i| {
                let rest = block[i + 5..].trim_ascii_start();
                super::quiet_awaits::spells_put(rest)
                    || crate::scan::ready_queue::spells_sleep_zero(rest)
                    || method(rest)
            })
    })
}

/// Whether the text spells a method `async def name(` whose header spells `False` (a default a
/// call may leave), and, as [`quiet_by_text`] asks, nothing assigns an attribute `name` nor
/// defines `__getattribute__`: read before anything is parsed.
pub(super) fn spells_false_default(bytes: &[u8], name: &str) -> bool {
    let spelt = def_spellings(bytes, name);
    spelt.iter().any(|&(at, is_async)| {
        is_async
            && indented(bytes, at)
            && crate::scan::method_defs::header_end(bytes, at)
                .and_then(|end| bytes.get(at..end))
                .is_some_and(|header| memchr::memmem::find(header, b"False").is_some())
    }) && !bytes_assign_attribute(bytes, name)
        && memchr::memmem::find(bytes, b"__getattribute__").is_none()
}

/// Whether the file assigns an attribute `name` (`x.name = ...`, `x.name: T = ...`) or may
/// set one by `setattr`: an instance attribute shadows the method.
pub(super) fn bytes_assign_attribute(bytes: &[u8], name: &str) -> bool {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    let dotted = format!(".{name}");
    let assigned = memchr::memmem::find_iter(bytes, dotted.as_bytes()).any(|at| {
        let rest = &bytes[at + dotted.len()..];
        let rest_trimmed = rest.trim_ascii_start();
        !rest.first().is_some_and(word)
            && (rest_trimmed.starts_with(b":")
                || (rest_trimmed.starts_with(b"=") && !rest_trimmed.starts_with(b"==")))
    });
    let quoted =
        |q: &str| memchr::memmem::find(bytes, format!("{q}{name}{q}").as_bytes()).is_some();
    assigned || (memchr::memmem::find(bytes, b"setattr").is_some() && (quoted("\"") || quoted("'")))
}

/// The names `src` spells as `def name(` or `def name[` (any spaces between), read once per
/// file: a cheap test before the walks, which most sites' names fail.
pub fn def_names(src: &str) -> HashSet<&str> {
    memchr::memmem::find_iter(src.as_bytes(), b"def")
        .filter_map(|at| {
            let rest = src.get(at + 3..)?;
            let name = rest.trim_start_matches([' ', '\t']);
            if name.len() == rest.len() {
                return None;
            }
            let end = name
                .find([' ', '\t', '(', '[', ':', '\n', '\r'])
                .unwrap_or(name.len());
            let after = name[end..].trim_start_matches([' ', '\t']);
            (end > 0 && after.starts_with(['(', '['])).then(|| &name[..end])
        })
        .collect()
}

/// The text test of [`super::first_step_elements`], before any tree: one `async def m` whose block loops and spells no `async`
/// or `yield`, in a file that appends to something and spells no `__getattribute__`.
pub(super) fn elements_pass_text(src: &str, name: &str) -> Option<()> {
    let bytes = src.as_bytes();
    let [(at, true)] = def_spellings(bytes, name)[..] else {
        return None;
    };
    let block = block_under(src, at)?;
    let fails = spelt(block, "for").next().is_none()
        || spelt(block, "async").next().is_some()
        || spelt(block, "yield").next().is_some()
        || bytes_assign_attribute(bytes, name)
        || src.contains("__getattribute__")
        || !src.contains(".append(")
        || !awaits_may_be_read(block);
    (!fails).then_some(())
}

/// Whether every `await` in `block` (the method's body, by its text) may be one the proof
/// reads: of a call of `….sleep` or `….put`, or of `v.m(...)` where the block spells `for v`.
/// Any other call awaited stops the proof, so the file is not parsed for it (litellm's 846 KB
/// router was, for `await self._run_silent_experiment(...)` in a block that spells "for" in a
/// string). Read in the block's tokens: an `await` in a string or a comment awaits nothing.
/// What the tokens do not show plainly (a block the lexer cannot follow, `await (x).m()`) is
/// left to the proof.
fn awaits_may_be_read(block: &[u8]) -> bool {
    let Ok(lexed) = lexer::lex(block) else {
        return true;
    };
    let tokens = &lexed.tokens;
    let is_name = |t: &Token| t.kind == TokenKind::Name;
    let is = |t: &Token, word: &[u8]| is_name(t) && t.text(block) == word;
    let for_targets: Vec<&[u8]> = (tokens.windows(2))
        .filter(|w| is(&w[0], b"for") && is_name(&w[1]))
        .map(|w| w[1].text(block))
        .collect();
    let mut awaits = tokens.iter().enumerate().filter(|(_, t)| is(t, b"await"));
    awaits.all(|(at, _)| {
        let mut rest = tokens[at + 1..].iter().skip_while(|t| t.is_op(block, b'('));
        // The awaited function as a dotted name.
        let mut parts: Vec<&[u8]> = Vec::new();
        loop {
            match rest.next() {
                Some(t) if is_name(t) => parts.push(t.text(block)),
                _ => return true,
            }
            match rest.next() {
                Some(t) if t.is_op(block, b'.') => continue,
                Some(t) if t.is_op(block, b'(') => break,
                _ => return true,
            }
        }
        match parts[..] {
            [.., last] if last == b"sleep" || last == b"put" => true,
            [receiver, _] => for_targets.contains(&receiver),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::awaits_may_be_read;

    #[test]
    fn awaits_the_proof_reads() {
        let elements = b"        for gen in self.gens:\n            await gen.run(self.q)\n        await self.q.put(None)\n        await asyncio.sleep(0)\n";
        assert!(awaits_may_be_read(elements));
        // A method of `self` other than `put`, or of a name no `for` binds, stops the proof.
        assert!(!awaits_may_be_read(
            b"        for x in y:\n            await self.other(x)\n"
        ));
        assert!(!awaits_may_be_read(
            b"        for x in y:\n            await gen.run(x)\n"
        ));
        assert!(!awaits_may_be_read(
            b"        for x in y:\n            await (helper(x))\n"
        ));
        // An `await` in a string or a comment awaits nothing.
        let quoted =
            b"        for x in y:\n            log('await self.other()')  # await self.other()\n";
        assert!(awaits_may_be_read(quoted));
        // What the tokens do not show plainly is left to the proof.
        assert!(awaits_may_be_read(
            b"        for x in y:\n            await (x).run()\n"
        ));
        assert!(awaits_may_be_read(
            b"        for x in y:\n            await fut\n"
        ));
    }
}
