//! Whether a module's text may bind the name `asyncio` (issue 35): read from the tokens of the
//! whole text, so that a function a partial parse left out cannot hide a binding. Every
//! `asyncio` must be the object of an attribute (`asyncio.x`) outside any import. Anything else
//! (an import of it, even in a function or under `try:`, `asyncio = ...`, a parameter, `global
//! asyncio`, `for asyncio in`) may bind it, and so may a star import of a module other than
//! asyncio's own (`from asyncio import *` binds no `asyncio`). What a module that never binds
//! it makes of its `asyncio.x(...)` calls is `detect::unbound_asyncio`'s.

use super::lexer::{Token, TokenKind, lex};

/// The text calls `asyncio.` in code and nothing in it may bind `asyncio`.
pub fn never_bound(src: &str) -> bool {
    let bytes = src.as_bytes();
    // Nearly every file that reaches here spells no `asyncio.` at all: no lexing for those.
    let dotted = memchr::memmem::find_iter(bytes, b"asyncio").any(|at| {
        let rest = &bytes[at + "asyncio".len()..];
        rest.iter().find(|&&b| b != b' ') == Some(&b'.')
    });
    if !dotted {
        return false;
    }
    let Ok(lexed) = lex(bytes) else {
        return false; // what the lexer cannot follow may bind it
    };
    let mut read = false;
    for i in 0..lexed.lines.len() {
        let line = lexed.line(i);
        let statements = line.split(|t| t.depth == 0 && t.is_op(bytes, b';'));
        for statement in statements {
            match reads_only(statement, bytes) {
                None => return false,
                Some(r) => read |= r,
            }
        }
    }
    read
}

/// `Some(whether it reads asyncio.x)` when the statement cannot bind `asyncio`; `None` when it
/// may.
fn reads_only(statement: &[Token], src: &[u8]) -> Option<bool> {
    let name = |t: &Token, word: &[u8]| t.kind == TokenKind::Name && t.text(src) == word;
    let import = statement
        .iter()
        .position(|t| t.depth == 0 && name(t, b"import"));
    // `from asyncio.x import y`: the module's path binds nothing.
    let from = import.and_then(|i| statement[..i].iter().rposition(|t| name(t, b"from")));
    if let (Some(from), Some(import)) = (from, import) {
        let module: Vec<u8> = (statement[from + 1..import].iter())
            .flat_map(|t| t.text(src).iter().copied())
            .collect();
        let star = statement[import + 1..].iter().any(|t| t.is_op(src, b'*'));
        if star && module != b"asyncio" && !module.starts_with(b"asyncio.") {
            return None; // another module's `*` may bind it
        }
    }
    let mut read = false;
    for (i, token) in statement.iter().enumerate() {
        if !name(token, b"asyncio") || from.is_some_and(|f| f < i && import.is_some_and(|m| i < m))
        {
            continue;
        }
        if i > 0 && statement[i - 1].is_op(src, b'.') {
            continue; // `x.asyncio`: an attribute's name
        }
        let attribute = statement.get(i + 1).is_some_and(|t| t.is_op(src, b'.'));
        if !attribute || import.is_some() {
            return None;
        }
        read = true;
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::never_bound;

    #[test]
    fn only_attribute_reads_leave_it_unbound() {
        let unbound = [
            "def f():\n    asyncio.create_task(g())\n",
            "# needs asyncio\nasyncio.create_task(g())  # asyncio = x\n",
            "import aioasyncio\nx.asyncio = 1\nasyncio.create_task(g())\n",
            "from asyncio import sleep\nasyncio.create_task(sleep(1))\n",
            "from asyncio.tasks import *\nasyncio.ensure_future(g())\n",
            "s = 'import asyncio'\nasyncio . create_task(g())\n",
        ];
        for src in unbound {
            assert!(never_bound(src), "{src}");
        }
        let bound = [
            "def f():\n    loop.create_task(g())\n",
            "import asyncio\nasyncio.create_task(g())\n",
            "def f():\n    import asyncio.subprocess\nasyncio.create_task(g())\n",
            "try: import asyncio.tasks\nexcept E: pass\nasyncio.create_task(g())\n",
            "x = 1; import asyncio.tasks\nasyncio.create_task(g())\n",
            "asyncio = pytest.importorskip('asyncio')\nasyncio.run(m())\n",
            "def f():\n    global asyncio\nasyncio.create_task(g())\n",
            "def f(asyncio):\n    asyncio.create_task(g())\n",
            "from compat import (\n    asyncio,\n)\nasyncio.create_task(g())\n",
            "from .common import *\nasyncio.create_task(g())\n",
            "for asyncio in mods:\n    asyncio.create_task(g())\n",
            "with x as asyncio:\n    asyncio.create_task(g())\n",
            "s = 'unterminated\nasyncio.create_task(g())\n",
        ];
        for src in bound {
            assert!(!never_bound(src), "{src}");
        }
    }
}
