//! Whether a word that asks the prefilter for a whole parse can matter in this file, read from its
//! text and tokens: most files that spell one use it for something a partial parse reads as well.
//!
//! - `Task as` (or `create_task as`): an alias of asyncio's own can create tasks under any name
//!   (`detect::imports` reads only `from asyncio import …` and `from asyncio.tasks import …`);
//!   `from prefect.tasks import Task as TaskObject` creates none.
//! - `set_task_factory(`: `detect::loop_factory` reads only `<loop>.set_task_factory(<name>)`, a
//!   bare name; `set_task_factory(asyncio.eager_task_factory)` sets none it can read.
//! - `pyee`: `detect::emitters` resolves only a lambda handed to a registration whose contract
//!   depends on the receiver's class (`emitter.on("e", lambda: …)`), on the same logical line.
//!
//! Each test answers "may matter" whenever it cannot tell: the whole parse stays.

use crate::scan::contracts::{CALLBACKS, Effect};
use crate::scan::lexer::{Lexed, Token, TokenKind};

/// Some `set_task_factory(` of the text may be handed a bare name: its argument starts with a
/// name that no `.`, `(` or `[` follows (or with anything this does not read, a comment).
pub(super) fn factory_may_be_set(bytes: &[u8]) -> bool {
    const CALL: &[u8] = b"set_task_factory(";
    memchr::memmem::find_iter(bytes, CALL).any(|at| {
        let rest = skip_blank(&bytes[at + CALL.len()..]);
        let name = rest.iter().take_while(|&&b| is_name_byte(b)).count();
        if name == 0 || rest[0].is_ascii_digit() {
            // A string, a number, `*args`, `)`: never a bare name; a comment: may be.
            return rest.first() == Some(&b'#');
        }
        !matches!(skip_blank(&rest[name..]).first(), Some(b'.' | b'(' | b'['))
    })
}

/// Some line of the file imports asyncio's task class or a task function under another name
/// (or spells `<creator> as` anywhere but in an import from another module).
pub(super) fn aliases_asyncio(src: &[u8], lexed: &Lexed) -> bool {
    let aliased = |tokens: &[Token]| {
        tokens.windows(2).any(|pair| {
            pair[0].kind == TokenKind::Name
                && matches!(
                    pair[0].text(src),
                    b"Task" | b"create_task" | b"ensure_future"
                )
                && pair[1].kind == TokenKind::Name
                && pair[1].text(src) == b"as"
        })
    };
    (0..lexed.lines.len())
        .map(|i| lexed.line(i))
        .filter(|tokens| aliased(tokens))
        .any(|tokens| !imports_from_another_module(tokens, src))
}

/// `from <module> import …` where the module is not asyncio's nor `asyncio.tasks`.
fn imports_from_another_module(tokens: &[Token], src: &[u8]) -> bool {
    let name = |t: &Token, word: &[u8]| t.kind == TokenKind::Name && t.text(src) == word;
    if !tokens.first().is_some_and(|t| name(t, b"from")) {
        return false;
    }
    let Some(import) = tokens.iter().position(|t| name(t, b"import")) else {
        return false;
    };
    let module: Vec<u8> = (tokens[1..import].iter())
        .flat_map(|t| t.text(src).iter().copied())
        .collect();
    !module.is_empty() && module != b"asyncio" && module != b"asyncio.tasks"
}

/// Some logical line holds a `lambda` and a call of a registration whose contract depends on
/// its receiver's class (`.on(`, `.once(`, `.connect(`, …): where `detect::emitters` reads the
/// whole file.
pub(super) fn lambda_may_be_registered(src: &[u8], lexed: &Lexed) -> bool {
    let depends = |method: &[u8]| {
        CALLBACKS
            .iter()
            .any(|c| matches!(c.effect, Effect::Depends(_)) && c.method.as_bytes() == method)
    };
    let registers = |tokens: &[Token]| {
        (1..tokens.len().saturating_sub(1)).any(|i| {
            tokens[i].kind == TokenKind::Name
                && tokens[i - 1].is_op(src, b'.')
                && tokens[i + 1].is_op(src, b'(')
                && depends(tokens[i].text(src))
        })
    };
    let lambda = |tokens: &[Token]| {
        (tokens.iter()).any(|t| t.kind == TokenKind::Name && t.text(src) == b"lambda")
    };
    (0..lexed.lines.len())
        .map(|i| lexed.line(i))
        .any(|tokens| lambda(tokens) && registers(tokens))
}

fn skip_blank(bytes: &[u8]) -> &[u8] {
    let blank = (bytes.iter())
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\\' | b'\x0c'))
        .count();
    &bytes[blank..]
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::lexer::lex;

    #[test]
    fn a_factory_is_set_only_by_a_bare_name() {
        assert!(factory_may_be_set(b"loop.set_task_factory(keeping)\n"));
        assert!(factory_may_be_set(
            b"loop.set_task_factory(\n    keeping,\n)\n"
        ));
        assert!(factory_may_be_set(
            b"loop.set_task_factory(  # why\n    f)\n"
        ));
        assert!(factory_may_be_set(
            b"loop.set_task_factory(f if a else g)\n"
        ));
        assert!(!factory_may_be_set(
            b"loop.set_task_factory(asyncio.eager_task_factory)\n"
        ));
        assert!(!factory_may_be_set(b"loop.set_task_factory(make(x))\n"));
        assert!(factory_may_be_set(b"loop.set_task_factory(None)\n"));
        assert!(!factory_may_be_set(b"loop.set_task_factory(\"f\")\n"));
        assert!(!factory_may_be_set(b"loop.set_task_factory()\n"));
        assert!(!factory_may_be_set(b"loop.set_task_factory(*fs)\n"));
        assert!(factory_may_be_set(
            b"loop.set_task_factory(a.b)\nloop.set_task_factory(f)\n"
        ));
    }

    fn aliases(code: &str) -> bool {
        let lexed = lex(code.as_bytes()).expect("lexed");
        aliases_asyncio(code.as_bytes(), &lexed)
    }

    #[test]
    fn only_asyncio_s_aliases_count() {
        assert!(aliases("from asyncio import Task as T\n"));
        assert!(aliases("from asyncio.tasks import create_task as spawn\n"));
        assert!(aliases(
            "from asyncio import (\n    ensure_future as ef,\n)\n"
        ));
        assert!(aliases("with Task as t:\n    pass\n"));
        assert!(!aliases("from prefect.tasks import Task as TaskObject\n"));
        assert!(!aliases("from .compat import create_task as spawn\n"));
        assert!(!aliases(
            "x = 1  # Task as a word\n\"\"\"Task as text\"\"\"\n"
        ));
    }

    /// The prefilter's verdict for the audit: a whole parse only where a word may matter.
    fn whole(code: &str) -> bool {
        crate::scan::prefilter::examine_all(code.as_bytes())
            == crate::scan::prefilter::Verdict::Full
    }

    #[test]
    fn the_words_ask_for_a_whole_parse_only_where_they_may_matter() {
        let body = "\n\nasync def f():\n    asyncio.ensure_future(g())\n";
        for head in [
            "import asyncio\nfrom pyee.asyncio import AsyncIOEventEmitter\n",
            "import asyncio\nfrom prefect.tasks import Task as TaskObject\n",
            "import asyncio\n\ndef run(loop):\n    loop.set_task_factory(asyncio.eager_task_factory)\n",
        ] {
            assert!(!whole(&format!("{head}{body}")), "{head}");
        }
        for head in [
            "import asyncio\nfrom pyee.asyncio import AsyncIOEventEmitter\nee = AsyncIOEventEmitter()\nee.on('e', lambda: asyncio.ensure_future(g()))\n",
            "from asyncio import Task as T\n",
            "import asyncio\n\ndef run(loop):\n    loop.set_task_factory(keeping)\n",
        ] {
            assert!(whole(&format!("{head}{body}")), "{head}");
        }
    }

    fn registered(code: &str) -> bool {
        let lexed = lex(code.as_bytes()).expect("lexed");
        lambda_may_be_registered(code.as_bytes(), &lexed)
    }

    #[test]
    fn a_lambda_counts_only_where_a_registration_takes_it() {
        assert!(registered("ee.on('e', lambda: create_task(f()))\n"));
        assert!(registered(
            "self.ee.once(\n    'e',\n    lambda *_: spawn(),\n)\n"
        ));
        assert!(!registered("f = lambda *args: None\nee.on('e', handler)\n"));
        assert!(!registered("ctx.set_verify(PEER, lambda *args: True)\n"));
    }
}
