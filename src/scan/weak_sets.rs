//! Whether a file's `weakref.WeakSet`s (and `WeakValueDictionary`s) may hold a task, read off its tokens: only then does the
//! prefilter ask for a whole parse (`detect::weak` needs every assignment of the holder, which the
//! parts around the sites do not show). Most weak sets in real code hold other objects
//! (instances, connections, timers), and their files are parsed in parts.
//!
//! `detect::weak` reports a task only where a holder that a line assigns a `WeakSet(` is added
//! to, `holder.add(<arg>)`, and the argument is a task-creating call, or a name bound to one.
//! This is asked more loosely: any `add` on a name some line assigns a `WeakSet(` to, whose
//! argument mentions a task creator (or one of `extra`, the project's task factories), or is a
//! name that some line binds with a creator's mention on it.

use std::collections::HashSet;

use crate::scan::lexer::{Lexed, Token, TokenKind};
use crate::scan::possible_site::is_mention;

/// Whether some weak set of the file may hold a task (see the module's documentation).
pub fn may_hold_a_task(src: &[u8], lexed: &Lexed, extra: &[&[u8]]) -> bool {
    let lines = || (0..lexed.lines.len()).map(|i| lexed.line(i));
    // A task stored as a key of a `WeakKeyDictionary` (`detect::weak_dicts`): rare enough that
    // any such file gets the whole parse.
    let weak_keys = |tokens: &[Token]| {
        (tokens.windows(2)).any(|p| p[0].text(src) == b"WeakKeyDictionary" && p[1].is_op(src, b'('))
    };
    if lines().any(weak_keys) {
        return true;
    }
    // `WeakSet([create_task(w()) for _ in range(n)])`: a task made inside the maker's call
    // (`detect::weak_held`).
    let made_inside = |tokens: &[Token]| {
        (1..tokens.len()).any(|open| {
            tokens[open - 1].kind == TokenKind::Name
                && tokens[open - 1].text(src) == b"WeakSet"
                && tokens[open].is_op(src, b'(')
                && (open + 1..tokens.len()).any(|i| is_mention(tokens, i, src))
        })
    };
    if lines().any(made_inside) {
        return true;
    }
    let holders: HashSet<&[u8]> = lines().filter_map(|l| weak_holder(l, src)).collect();
    if holders.is_empty() {
        return false;
    }
    let creates = |tokens: &[Token]| {
        (0..tokens.len()).any(|i| {
            is_mention(tokens, i, src)
                || (tokens[i].kind == TokenKind::Name && extra.contains(&tokens[i].text(src)))
        })
    };
    let mut bound_names: Vec<&[u8]> = Vec::new();
    for tokens in lines() {
        for (holder, argument) in adds(tokens, src).chain(stores(tokens, src)) {
            if !holders.contains(holder) {
                continue;
            }
            match argument {
                [only] if only.kind == TokenKind::Name => bound_names.push(only.text(src)),
                // An argument never closed on its line: be safe.
                [] => return true,
                argument if creates(argument) => return true,
                _ => {}
            }
        }
    }
    !bound_names.is_empty()
        && lines().any(|tokens| {
            bound_name(tokens, src).is_some_and(|name| bound_names.contains(&name))
                && creates(tokens)
        })
}

/// The name a line assigns a `WeakSet(` to (`self._tasks = weakref.WeakSet()`,
/// `_tasks: WeakSet[Task] = WeakSet()`): the last name before its first `:` or `=`.
fn weak_holder<'s>(tokens: &[Token], src: &'s [u8]) -> Option<&'s [u8]> {
    let weak = tokens.windows(2).any(|pair| {
        pair[0].kind == TokenKind::Name
            && matches!(pair[0].text(src), b"WeakSet" | b"WeakValueDictionary")
            && pair[1].is_op(src, b'(')
    });
    if !weak {
        return None;
    }
    bound_name(tokens, src)
}

/// The last name before a line's first `:` or `=` outside brackets, when that is a `=` or a
/// `:` followed by a `=`: what an assignment binds (`self._t` gives `_t`).
fn bound_name<'s>(tokens: &[Token], src: &'s [u8]) -> Option<&'s [u8]> {
    let end = tokens
        .iter()
        .position(|t| t.depth == 0 && (t.kind == TokenKind::Assign || t.is_op(src, b':')))?;
    let assigns = tokens[end].kind == TokenKind::Assign
        || tokens[end..].iter().any(|t| t.kind == TokenKind::Assign);
    let name = tokens[..end].last().filter(|t| t.kind == TokenKind::Name)?;
    assigns.then(|| name.text(src))
}

/// Each `<name>.add(<argument>)` of a line: the receiver's last name and the argument's tokens
/// (none when the call is not closed on the line).
fn adds<'t, 's>(
    tokens: &'t [Token],
    src: &'s [u8],
) -> impl Iterator<Item = (&'s [u8], &'t [Token])> + 't
where
    's: 't,
{
    (3..tokens.len()).filter_map(move |open| {
        let [receiver, dot, method] = [&tokens[open - 3], &tokens[open - 2], &tokens[open - 1]];
        let call = receiver.kind == TokenKind::Name
            && dot.is_op(src, b'.')
            && method.kind == TokenKind::Name
            && method.text(src) == b"add"
            && tokens[open].is_op(src, b'(');
        if !call {
            return None;
        }
        let depth = tokens[open].depth;
        let close = tokens[open + 1..]
            .iter()
            .position(|t| t.depth == depth && t.is_op(src, b')'));
        let argument = close.map_or(&[][..], |c| &tokens[open + 1..open + 1 + c]);
        Some((receiver.text(src), argument))
    })
}

/// `<name>[...] = <value>` of a line (a weak mapping's store): the receiver's last name and the
/// value's tokens.
fn stores<'t, 's>(tokens: &'t [Token], src: &'s [u8]) -> Option<(&'s [u8], &'t [Token])> {
    let assign = tokens
        .iter()
        .position(|t| t.depth == 0 && t.kind == TokenKind::Assign)?;
    let [receiver, open] = [tokens.first()?, tokens.get(1)?];
    let closed = assign >= 3 && tokens[assign - 1].is_op(src, b']');
    // `self._x[k] = v`: the name just before the first `[`.
    let at = tokens.iter().position(|t| t.is_op(src, b'['))?;
    let receiver = if at > 0 { &tokens[at - 1] } else { receiver };
    let plain = receiver.kind == TokenKind::Name && (open.is_op(src, b'[') || at > 1);
    (plain && closed && at < assign).then(|| (receiver.text(src), &tokens[assign + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::lexer::lex;

    fn holds(code: &str) -> bool {
        let lexed = lex(code.as_bytes()).expect("lexed");
        may_hold_a_task(code.as_bytes(), &lexed, &[b"spawn"])
    }

    #[test]
    fn a_weak_set_made_of_new_tasks_holds_them() {
        assert!(holds(
            "import asyncio, weakref\nclass P:\n    def __init__(self):\n        \
             self.w = weakref.WeakSet([\n            asyncio.ensure_future(self.go())\n            \
             for _ in range(3)])\n"
        ));
        assert!(!holds(
            "import asyncio, weakref\nclass P:\n    def __init__(self):\n        \
             self.w = weakref.WeakSet([self])\n        asyncio.ensure_future(self.go())\n"
        ));
    }

    #[test]
    fn a_weak_set_may_hold_a_task_only_where_one_is_added() {
        for code in [
            "self._tasks = weakref.WeakSet()\nself._tasks.add(asyncio.create_task(w()))\n",
            "_t: WeakSet[Task] = WeakSet()\nt = loop.create_task(w())\n_t.add(t)\n",
            "s = WeakSet()\ns.add(spawn(w()))\n",
            "s = WeakSet()\ns.add(asyncio.Task(w()))\n",
            "self._r = weakref.WeakValueDictionary()\nself._r[n] = loop.create_task(w())\n",
            "_r = WeakValueDictionary()\nt = asyncio.ensure_future(w())\n_r[t.get_name()] = t\n",
        ] {
            assert!(holds(code), "{code}");
        }
        for code in [
            "_instances = weakref.WeakSet()\ncls._instances.add(self)\nasyncio.create_task(w())\n",
            "self._timers = WeakSet()\ntimer = Timer()\nself._timers.add(timer)\n",
            "x = WeakSet\nx.add(asyncio.create_task(w()))\n",
            "seen = set()\nseen.add(asyncio.create_task(w()))\n",
        ] {
            assert!(!holds(code), "{code}");
        }
    }
}
