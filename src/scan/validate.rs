//! Is this text Python that CPython accepts? tree-sitter recovers from some errors without
//! saying so (an unexpected indent, `g(a=1, 2)`, a `try:` with no handler), so before a file is
//! changed, and again after the fix is planned, its text goes through ruff's parser, which
//! rejects what CPython's parser rejects, and then through the checks CPython's compiler adds
//! (a repeated keyword argument or parameter, `return`, `yield` or `await` where they cannot
//! stand, `break` outside a loop, `nonlocal` at module level). tree-sitter stays the engine for
//! detection and edits.

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Parameters, Stmt};
use ruff_python_parser::parse_module;
use ruff_text_size::Ranged;

use crate::scan::lexer::{Confused, Lexed, lex};

/// Where the text stops being valid Python, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Byte offset into the text.
    pub offset: usize,
    pub message: String,
}

pub fn check(text: &str) -> Result<(), Invalid> {
    check_as(text, false, None)
}

/// [`check`] for a notebook's code, where `await` may stand at the top level.
pub fn check_notebook(text: &str) -> Result<(), Invalid> {
    check_as(text, true, None)
}

/// [`check`] (or [`check_notebook`]) of a text whose tokens were lexed already (`lexed`, the
/// result of [`lex`] of `text`): they are not lexed again.
pub fn check_lexed(
    text: &str,
    notebook: bool,
    lexed: Result<&Lexed, Confused>,
) -> Result<(), Invalid> {
    check_as(text, notebook, Some(lexed))
}

fn check_as(
    text: &str,
    top_level_await: bool,
    lexed: Option<Result<&Lexed, Confused>>,
) -> Result<(), Invalid> {
    grammar(text, top_level_await)?;
    // Logical lines come from undangle's own lexer; a file it cannot follow keeps ruff's verdict.
    match lexed {
        Some(Ok(lexed)) => indentation(text, lexed),
        Some(Err(Confused)) => Ok(()),
        None => match lex(text.as_bytes()) {
            Ok(lexed) => indentation(text, &lexed),
            Err(Confused) => Ok(()),
        },
    }
}

/// [`check`] of a piece of a file, alone: `None` when undangle's lexer cannot follow it, so
/// that its indentation is not checked (the whole file's check may still check it there).
pub fn check_alone(text: &str) -> Option<bool> {
    if grammar(text, false).is_err() {
        return Some(false);
    }
    let lexed = lex(text.as_bytes()).ok()?;
    Some(indentation(text, &lexed).is_ok())
}

/// ruff's parser, then the checks CPython's compiler adds.
fn grammar(text: &str, top_level_await: bool) -> Result<(), Invalid> {
    let parsed = parse_module(text).map_err(|err| Invalid {
        offset: usize::from(err.location.start()),
        message: err.error.to_string(),
    })?;
    let mut compiler = CompileChecks {
        top_level_await,
        ..CompileChecks::default()
    };
    compiler.visit_body(&parsed.syntax().body);
    compiler.error.map_or(Ok(()), Err)
}

/// CPython's tokenizer rules for indentation, which ruff's parser applies more leniently: a tab
/// moves to the next multiple of 8 columns, and the same lines measured with a tab as one
/// column must agree (else `TabError`); a dedent must land on an enclosing level.
fn indentation(text: &str, lexed: &Lexed) -> Result<(), Invalid> {
    let src = text.as_bytes();
    let mut levels: Vec<(usize, usize)> = vec![(0, 0)];
    for range in &lexed.lines {
        let Some(first) = lexed.tokens.get(range.start) else {
            continue;
        };
        let line_start = memchr::memrchr(b'\n', &src[..first.start]).map_or(0, |i| i + 1);
        let indent = &src[line_start..first.start];
        if !indent.iter().all(|b| matches!(b, b' ' | b'\t' | b'\x0c')) {
            continue; // not the first statement of its physical line (`a; b`)
        }
        let (mut col, mut alt) = (0, 0);
        for &b in indent {
            match b {
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => (col, alt) = (0, 0),
                _ => {
                    col += 1;
                    alt += 1;
                }
            }
        }
        let invalid = |message: &str| Invalid {
            offset: first.start,
            message: message.to_owned(),
        };
        let &(top, top_alt) = levels.last().unwrap_or(&(0, 0));
        if col > top {
            if alt <= top_alt {
                return Err(invalid(
                    "inconsistent use of tabs and spaces in indentation",
                ));
            }
            levels.push((col, alt));
            continue;
        }
        while levels.len() > 1 && levels.last().is_some_and(|&(c, _)| col < c) {
            levels.pop();
        }
        match levels.last() {
            Some(&(c, _)) if c != col => {
                return Err(invalid(
                    "unindent does not match any outer indentation level",
                ));
            }
            Some(&(_, a)) if a != alt => {
                return Err(invalid(
                    "inconsistent use of tabs and spaces in indentation",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The scope a statement or expression runs in, for the compiler's checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function { is_async: bool },
    Lambda,
}

/// CPython's compile-time errors that ruff's parser leaves to its semantic checker; the first
/// one found is kept.
struct CompileChecks {
    scopes: Vec<Scope>,
    /// Loop depth of each scope (`break` in a nested function is outside any loop).
    loops: Vec<usize>,
    error: Option<Invalid>,
    /// A notebook: IPython runs its top level in a loop.
    top_level_await: bool,
}

impl Default for CompileChecks {
    fn default() -> Self {
        CompileChecks {
            scopes: vec![Scope::Module],
            loops: vec![0],
            error: None,
            top_level_await: false,
        }
    }
}

impl CompileChecks {
    fn scope(&self) -> Scope {
        self.scopes.last().copied().unwrap_or(Scope::Module)
    }

    fn fail(&mut self, at: impl Ranged, message: &str) {
        if self.error.is_none() {
            self.error = Some(Invalid {
                offset: usize::from(at.start()),
                message: message.to_owned(),
            });
        }
    }

    /// A body that runs in a new scope, with no loop around it.
    fn visit_scope(&mut self, scope: Scope, body: impl FnOnce(&mut Self)) {
        self.scopes.push(scope);
        self.loops.push(0);
        body(self);
        self.loops.pop();
        self.scopes.pop();
    }

    fn in_loop(&mut self, body: impl FnOnce(&mut Self)) {
        if let Some(depth) = self.loops.last_mut() {
            *depth += 1;
        }
        body(self);
        if let Some(depth) = self.loops.last_mut() {
            *depth -= 1;
        }
    }

    fn check_parameters(&mut self, parameters: &Parameters) {
        let mut seen = HashSet::new();
        for parameter in parameters.iter() {
            if !seen.insert(parameter.name().as_str()) {
                self.fail(parameter, "duplicate argument in function definition");
            }
        }
    }

    fn in_async_function(&self) -> bool {
        self.scope() == Scope::Function { is_async: true }
            || self.top_level_await && self.scopes.len() == 1
    }
}

impl<'a> Visitor<'a> for CompileChecks {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(def) => {
                self.check_parameters(&def.parameters);
                // Decorators, defaults and annotations run in the enclosing scope.
                for decorator in &def.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.visit_parameters(&def.parameters);
                if let Some(returns) = &def.returns {
                    self.visit_annotation(returns);
                }
                let scope = Scope::Function {
                    is_async: def.is_async,
                };
                self.visit_scope(scope, |checks| checks.visit_body(&def.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.visit_scope(Scope::Class, |checks| checks.visit_body(&class.body));
            }
            Stmt::Return(_) if !matches!(self.scope(), Scope::Function { .. }) => {
                self.fail(stmt, "'return' outside function");
            }
            Stmt::Break(_) | Stmt::Continue(_) if self.loops.last() == Some(&0) => {
                self.fail(stmt, "'break' or 'continue' not properly in loop");
            }
            Stmt::Nonlocal(_) if self.scope() == Scope::Module => {
                self.fail(stmt, "nonlocal declaration not allowed at module level");
            }
            Stmt::For(for_stmt) => {
                if for_stmt.is_async && !self.in_async_function() {
                    self.fail(stmt, "'async for' outside async function");
                }
                self.visit_expr(&for_stmt.target);
                self.visit_expr(&for_stmt.iter);
                self.in_loop(|checks| checks.visit_body(&for_stmt.body));
                self.visit_body(&for_stmt.orelse);
            }
            Stmt::While(while_stmt) => {
                self.visit_expr(&while_stmt.test);
                self.in_loop(|checks| checks.visit_body(&while_stmt.body));
                self.visit_body(&while_stmt.orelse);
            }
            Stmt::With(with) if with.is_async && !self.in_async_function() => {
                self.fail(stmt, "'async with' outside async function");
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.error.is_some() {
            return;
        }
        match expr {
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.check_parameters(parameters);
                    self.visit_parameters(parameters);
                }
                self.visit_scope(Scope::Lambda, |checks| checks.visit_expr(&lambda.body));
            }
            Expr::Await(_) if !self.in_async_function() => {
                self.fail(expr, "'await' outside async function");
            }
            Expr::Yield(_) | Expr::YieldFrom(_)
                if matches!(self.scope(), Scope::Module | Scope::Class) =>
            {
                self.fail(expr, "'yield' outside function");
            }
            Expr::Call(call) => {
                let mut seen = HashSet::new();
                for keyword in &call.arguments.keywords {
                    if let Some(name) = &keyword.arg
                        && !seen.insert(name.as_str())
                    {
                        self.fail(keyword, "keyword argument repeated");
                    }
                }
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check, check_lexed, check_notebook};
    use crate::scan::lexer::lex;

    #[test]
    fn tokens_lexed_before_give_the_same_verdict() {
        for code in [
            "def f():\n    pass\n        x = 1\n",
            "if x:\n\tpass\n        y = 1\n",
            "if x:\n        a = 1\n  b = 2\n",
            "x = 'open\n",
            "async def f():\n    await g()\n",
            "def f():\n    await g()\n",
        ] {
            for notebook in [false, true] {
                let whole = if notebook {
                    check_notebook(code)
                } else {
                    check(code)
                };
                let lexed = lex(code.as_bytes());
                let given = check_lexed(code, notebook, lexed.as_ref().map_err(|c| *c));
                assert_eq!(whole, given, "{code:?}");
            }
        }
    }

    #[test]
    fn rejects_what_tree_sitter_lets_through() {
        for bad in [
            "def f():\n    pass\n        x = 1\n",
            "g(a=1, 2)\n",
            "def f(a=1, b):\n    pass\n",
            "try:\n    pass\nx = 1\n",
            "f(x for x in y, 1)\n",
            "x = 1\n\u{feff}y = 2\n",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        for bad in [
            "f(a=1, a=2)\n",
            "def f(a, a):\n    pass\n",
            "return 1\n",
            "class C:\n    yield 1\n",
            "def f():\n    await g()\n",
            "async def f():\n    lambda: await g()\n",
            "break\n",
            "def f():\n    for x in y:\n        def g():\n            continue\n",
            "nonlocal x\n",
            "def f():\n    async with a:\n        pass\n",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        for good in [
            "async def f():\n    await g()\n    [await x for x in y]\n    async for a in b:\n        break\n",
            "def f(**kw):\n    g(**kw, **kw)\n    return (yield)\n",
            "async def f():\n    @deco(await g())\n    def h(x=lambda: 1):\n        pass\n",
            "for x in y:\n    try:\n        pass\n    finally:\n        continue\n",
            "def f():\n    x = 1\n    def g():\n        nonlocal x\n",
        ] {
            assert!(check(good).is_ok(), "{good:?}");
        }
        assert!(check("async def f():\n    await g()\n").is_ok());
        assert!(check("await g()\n").is_err());
        assert!(check_notebook("await g()\n").is_ok());
        assert!(check_notebook("def f():\n    await g()\n").is_err());
        assert!(check("type X = int\nmatch x:\n    case _:\n        pass\n").is_ok());
    }
}
