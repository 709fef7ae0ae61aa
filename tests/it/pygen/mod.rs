//! Generated Python modules for the property tests, with the findings they must produce.
//!
//! A module is a header (docstring, `__future__`, imports in four styles, guarded imports), a
//! prelude of runnable helpers, and units: one statement (a dropped task or a near-miss) placed in
//! one context (function, method, nested function, one-line suite, `;` chain, try, with, loops,
//! match, module level, class body), all in one format (CRLF, tabs, BOM, non-ASCII, final newline).
//! Every name the statements use is defined, so modules without import-time tasks can be run.

use proptest::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Style {
    Plain,
    Alias,
    FromImport,
    FromOnly,
}

#[derive(Debug, Clone, Copy)]
pub enum Callee {
    CreateTask,
    EnsureFuture,
    LoopVar,
    LoopGetter,
    HolderLoop,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Bare,
    Paren,
    Chained,
    ListComp,
    SetComp,
    GenExp,
    Unused,
    Underscore,
    MultiLine,
    Noqa,
    /// `t = <task>`, then `t = 0`: stored over, never read.
    Restored,
    /// `t = <task>`, then `t.add_done_callback(id)`: read only to register a callback.
    CallbackOnly,
    /// `start_work(work())`: the module's own task factory, its result dropped.
    Factory,
    /// `loop.call_soon(start_work, work())`: the factory handed to the loop, which drops its task.
    HandoffFactory,
    /// `loop.call_soon_threadsafe(<task function>, work())`: reported, not fixable.
    Handoff,
    /// `t = <task>; t = <task>; str(t)`: the first task is lost to the second binding.
    Rebound,
    /// `l = set(); l.add(<task>)`: a container that dies with its function.
    DyingContainer,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Near {
    Await,
    Subscript,
    Attribute,
    KeptAwaited,
    TaskGroup,
    Hass,
    HassAsync,
    LocalHelper,
    /// `k = <task>`, read only inside an f-string.
    FStringRead,
    /// `k = start_work(work())`, then `await k`: a factory's task, kept.
    FactoryKept,
}

#[derive(Debug, Clone, Copy)]
pub enum Stmt {
    Site(Shape, Callee),
    Near(Near, Callee),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Context {
    AsyncFn,
    Method,
    Nested,
    OneLineIf,
    Semicolon,
    Try,
    With,
    For,
    While,
    Match,
    ModuleLevel,
    ClassBody,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub shebang: bool,
    pub docstring: bool,
    pub future: bool,
    pub style: Style,
    pub logging: bool,
    pub guarded: bool,
    pub type_checking: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Format {
    pub crlf: bool,
    pub tabs: bool,
    pub bom: bool,
    pub non_ascii: bool,
    pub final_newline: bool,
}

#[derive(Debug, Clone)]
pub struct Module {
    pub header: Header,
    pub units: Vec<(Context, Stmt)>,
    pub format: Format,
}

/// What a rendered module must produce.
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// (line, fixable) of every finding, in order.
    pub expected: Vec<(usize, bool)>,
    /// No task is created at import time, so the module can be imported and driven.
    pub runnable: bool,
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Plain),
        Just(Style::Alias),
        Just(Style::FromImport),
        Just(Style::FromOnly)
    ]
}

fn callee() -> impl Strategy<Value = Callee> {
    prop_oneof![
        Just(Callee::CreateTask),
        Just(Callee::EnsureFuture),
        Just(Callee::LoopVar),
        Just(Callee::LoopGetter),
        Just(Callee::HolderLoop),
    ]
}

fn stmt() -> impl Strategy<Value = Stmt> {
    let shape = prop_oneof![
        Just(Shape::Bare),
        Just(Shape::Paren),
        Just(Shape::Chained),
        Just(Shape::ListComp),
        Just(Shape::SetComp),
        Just(Shape::GenExp),
        Just(Shape::Unused),
        Just(Shape::Underscore),
        Just(Shape::MultiLine),
        Just(Shape::Noqa),
        Just(Shape::Restored),
        Just(Shape::CallbackOnly),
        Just(Shape::Factory),
        Just(Shape::HandoffFactory),
        Just(Shape::Handoff),
        Just(Shape::Rebound),
        Just(Shape::DyingContainer),
    ];
    let near = prop_oneof![
        Just(Near::Await),
        Just(Near::Subscript),
        Just(Near::Attribute),
        Just(Near::KeptAwaited),
        Just(Near::TaskGroup),
        Just(Near::Hass),
        Just(Near::HassAsync),
        Just(Near::LocalHelper),
        Just(Near::FStringRead),
        Just(Near::FactoryKept),
    ];
    prop_oneof![
        3 => (shape, callee()).prop_map(|(s, c)| Stmt::Site(s, c)),
        2 => (near, callee()).prop_map(|(n, c)| Stmt::Near(n, c)),
    ]
}

fn context() -> impl Strategy<Value = Context> {
    prop_oneof![
        4 => Just(Context::AsyncFn),
        1 => Just(Context::Method),
        1 => Just(Context::Nested),
        2 => Just(Context::OneLineIf),
        2 => Just(Context::Semicolon),
        1 => Just(Context::Try),
        1 => Just(Context::With),
        1 => Just(Context::For),
        1 => Just(Context::While),
        1 => Just(Context::Match),
        1 => Just(Context::ModuleLevel),
        1 => Just(Context::ClassBody),
    ]
}

pub fn module() -> impl Strategy<Value = Module> {
    let header = (any::<[bool; 6]>(), style()).prop_map(|(b, style)| Header {
        shebang: b[0],
        docstring: b[1],
        future: b[2],
        style,
        logging: b[3],
        guarded: b[4],
        type_checking: b[5],
    });
    let format = any::<[bool; 5]>().prop_map(|b| Format {
        crlf: b[0],
        tabs: b[1],
        bom: b[2],
        non_ascii: b[3],
        final_newline: b[4] || !b[0], // mostly with a final newline
    });
    let units = prop::collection::vec((context(), stmt()), 1..7);
    (header, units, format).prop_map(|(header, units, format)| Module {
        header,
        units,
        format,
    })
}

/// The module's spelling of each asyncio name, by import style.
struct Names {
    create_task: &'static str,
    ensure_future: &'static str,
    get_running_loop: &'static str,
    sleep: &'static str,
    task_group: &'static str,
}

fn names(style: Style) -> Names {
    match style {
        Style::Plain => Names {
            create_task: "asyncio.create_task",
            ensure_future: "asyncio.ensure_future",
            get_running_loop: "asyncio.get_running_loop",
            sleep: "asyncio.sleep",
            task_group: "asyncio.TaskGroup",
        },
        Style::Alias => Names {
            create_task: "aio.create_task",
            ensure_future: "aio.ensure_future",
            get_running_loop: "aio.get_running_loop",
            sleep: "aio.sleep",
            task_group: "aio.TaskGroup",
        },
        Style::FromImport => Names {
            create_task: "ct",
            ensure_future: "ensure_future",
            get_running_loop: "asyncio.get_running_loop",
            sleep: "asyncio.sleep",
            task_group: "asyncio.TaskGroup",
        },
        Style::FromOnly => Names {
            create_task: "create_task",
            ensure_future: "ensure_future",
            get_running_loop: "get_running_loop",
            sleep: "sleep",
            task_group: "TaskGroup",
        },
    }
}

/// Lines with indentation levels; a statement may span several lines.
struct Writer {
    lines: Vec<(usize, String)>,
}

impl Writer {
    /// Appends `text` (which may hold several lines) at `level`; returns its first line number.
    fn push(&mut self, level: usize, text: &str) -> usize {
        let first = self.lines.len() + 1;
        for line in text.split('\n') {
            self.lines.push((level, line.to_owned()));
        }
        first
    }

    fn blank(&mut self) {
        self.lines.push((0, String::new()));
    }
}

impl Module {
    pub fn render(&self) -> Rendered {
        let h = &self.header;
        let n = names(h.style);
        let mut w = Writer { lines: Vec::new() };
        if h.shebang {
            w.push(0, "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-");
        }
        if h.docstring {
            w.push(0, "\"\"\"Generated module.\n\nIt has a docstring.\n\"\"\"");
        }
        if h.future {
            w.push(0, "from __future__ import annotations");
        }
        match h.style {
            Style::Plain => w.push(0, "import asyncio"),
            Style::Alias => w.push(0, "import asyncio as aio"),
            Style::FromImport => w.push(0, "import asyncio\nfrom asyncio import create_task as ct, ensure_future"),
            Style::FromOnly => w.push(
                0,
                "from asyncio import TaskGroup, create_task, ensure_future, get_running_loop, sleep",
            ),
        };
        if h.logging {
            w.push(0, "import logging");
        }
        w.push(0, "from contextlib import nullcontext");
        if h.guarded {
            w.push(
                0,
                "try:\n    import uvloop\nexcept ImportError:  # optional\n    uvloop = None",
            );
        }
        if h.type_checking {
            w.push(0, "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from collections.abc import Coroutine");
        }
        w.blank();
        w.push(0, "registry = {}");
        // The sites' `loop.create_task` names a loop the module binds (an unbound `loop` is
        // no proven event loop).
        w.push(0, "loop = None");
        w.blank();
        w.blank();
        w.push(
            0,
            // A real wait: a coroutine that awaits only `sleep(0)` never leaves the ready queue.
            &format!("async def work(*args):\n    await {}(0.001)", n.sleep),
        );
        w.blank();
        w.blank();
        w.push(
            0,
            "class Holder:\n    def __init__(self, loop):\n        self._loop = loop",
        );
        w.blank();
        w.blank();
        w.push(
            0,
            "class Hass:\n    def create_task(self, coro):\n        coro.close()\n\n    def async_create_task(self, coro):\n        coro.close()",
        );
        if h.style != Style::FromOnly {
            w.blank();
            w.blank();
            w.push(0, "def create_task(coro):\n    coro.close()");
        }
        w.blank();
        w.blank();
        w.push(
            0,
            &format!("def start_work(coro):\n    return {}(coro)", n.create_task),
        );

        let mut expected = Vec::new();
        let mut runnable = true;
        for (i, &(context, stmt)) in self.units.iter().enumerate() {
            w.blank();
            w.blank();
            let in_function = !matches!(context, Context::ModuleLevel | Context::ClassBody);
            let simple_only = matches!(context, Context::OneLineIf | Context::Semicolon);
            let stmt = self.adapt(stmt, in_function, simple_only);
            let (code, finding) = self.statement(stmt, i, &n, context);
            runnable &= in_function;
            let at = self.place(&mut w, context, i, &code, &n);
            if let Some(fixable) = finding {
                expected.push((at, fixable));
            }
        }

        let unit = if self.format.tabs { "\t" } else { "    " };
        let mut text = String::new();
        for (level, line) in &w.lines {
            if !line.is_empty() {
                // The prelude and header write four-space indents; re-indent them in the unit.
                let spaces = line.len() - line.trim_start_matches(' ').len();
                text.push_str(&unit.repeat(level + spaces / 4));
                text.push_str(&line[spaces - spaces % 4..]);
            }
            text.push('\n');
        }
        if !self.format.final_newline {
            text.pop();
        }
        if self.format.crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut bytes = Vec::new();
        if self.format.bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        Rendered {
            bytes,
            expected,
            runnable,
        }
    }

    /// Replaces statements that cannot stand in a context with a near-miss that can.
    fn adapt(&self, stmt: Stmt, in_function: bool, simple_only: bool) -> Stmt {
        match stmt {
            Stmt::Near(
                Near::Await | Near::KeptAwaited | Near::TaskGroup | Near::FactoryKept,
                c,
            ) if !in_function => Stmt::Near(Near::Hass, c),
            Stmt::Near(Near::TaskGroup, c) if simple_only => Stmt::Near(Near::Await, c),
            // Module and class names are no locals: nothing dies with a frame there.
            Stmt::Site(Shape::Rebound | Shape::DyingContainer, c) if !in_function => {
                Stmt::Near(Near::Hass, c)
            }
            Stmt::Near(Near::LocalHelper, c) if self.header.style == Style::FromOnly => {
                Stmt::Near(Near::HassAsync, c)
            }
            other => other,
        }
    }

    /// The statement's code and whether it is a finding (`Some(fixable)`).
    fn statement(
        &self,
        stmt: Stmt,
        i: usize,
        n: &Names,
        context: Context,
    ) -> (String, Option<bool>) {
        let arg = if self.format.non_ascii {
            "work(\"héllo ✓ 日本\")"
        } else {
            "work()"
        };
        let call = |callee: Callee| -> String {
            let function = match callee {
                Callee::CreateTask => n.create_task.to_owned(),
                Callee::EnsureFuture => n.ensure_future.to_owned(),
                Callee::LoopVar => "loop.create_task".to_owned(),
                Callee::LoopGetter => format!("{}().create_task", n.get_running_loop),
                Callee::HolderLoop => "Holder(loop)._loop.create_task".to_owned(),
            };
            format!("{function}({arg})")
        };
        match stmt {
            Stmt::Site(shape, callee) => {
                let c = call(callee);
                let code = match shape {
                    Shape::Bare => c,
                    Shape::Paren => format!("({c})"),
                    Shape::Chained => format!("{c}.add_done_callback(id)"),
                    Shape::ListComp => format!("[{c} for k in range(2)]"),
                    Shape::SetComp => format!("{{{c} for k in range(2)}}"),
                    Shape::GenExp => format!("({c} for k in range(2))"),
                    Shape::Unused => format!("t{i} = {c}"),
                    Shape::Underscore => format!("_ = {c}"),
                    Shape::MultiLine => {
                        let function = c.strip_suffix(&format!("({arg})")).unwrap_or(&c);
                        format!("{function}(  # started here\n    {arg},  # the work\n)")
                    }
                    Shape::Noqa => format!("{c}  # noqa: RUF006"),
                    Shape::Restored => format!("t{i} = {c}\nt{i} = 0"),
                    Shape::CallbackOnly => format!("t{i} = {c}\nt{i}.add_done_callback(id)"),
                    Shape::Factory => format!("start_work({arg})"),
                    Shape::HandoffFactory => format!("loop.call_soon(start_work, {arg})"),
                    Shape::Handoff => {
                        let function = c.strip_suffix(&format!("({arg})")).unwrap_or(&c);
                        format!("loop.call_soon_threadsafe({function}, {arg})")
                    }
                    Shape::Rebound => format!("t{i} = {c}; t{i} = {c}; str(t{i})"),
                    Shape::DyingContainer => format!("l{i} = set(); l{i}.add({c})"),
                };
                // A class attribute, or a module global, holds the task: no local is dropped.
                let held_by_name = matches!(context, Context::ClassBody | Context::ModuleLevel)
                    && matches!(
                        shape,
                        Shape::Unused | Shape::Underscore | Shape::Restored | Shape::CallbackOnly
                    );
                let finding = match shape {
                    Shape::Noqa => None,
                    _ if held_by_name => None,
                    Shape::GenExp | Shape::Handoff => Some(false),
                    _ => Some(true),
                };
                (code, finding)
            }
            Stmt::Near(near, callee) => {
                let c = call(callee);
                let code = match near {
                    Near::Await => format!("await {c}"),
                    Near::Subscript => format!("registry[{i}] = {c}"),
                    Near::Attribute => format!("Holder(None).task = {c}"),
                    Near::KeptAwaited => format!("kept{i} = {c}; await kept{i}"),
                    Near::TaskGroup => format!(
                        "async with {}() as tg{i}:\n    tg{i}.create_task({arg})",
                        n.task_group
                    ),
                    Near::Hass => format!("Hass().create_task({arg})"),
                    Near::HassAsync => format!("Hass().async_create_task({arg})"),
                    Near::LocalHelper => format!("create_task({arg})"),
                    Near::FStringRead => format!("k{i} = {c}; str(f\"{{k{i}!r}}\")"),
                    Near::FactoryKept => format!("k{i} = start_work({arg}); await k{i}"),
                };
                (code, None)
            }
        }
    }

    /// Writes unit `i` and returns the line where its statement starts.
    fn place(&self, w: &mut Writer, context: Context, i: usize, code: &str, n: &Names) -> usize {
        let loop_line = format!("loop = {}()", n.get_running_loop);
        let settle = format!("await {}(0)", n.sleep);
        let function = |w: &mut Writer, name: &str| {
            w.push(0, &format!("async def {name}():"));
            w.push(1, &loop_line);
        };
        match context {
            Context::ModuleLevel => w.push(0, code),
            Context::ClassBody => {
                w.push(0, &format!("class B{i}:"));
                w.push(1, code)
            }
            Context::Method => {
                w.push(0, &format!("class K{i}:"));
                w.push(1, "async def run(self):");
                w.push(2, &loop_line);
                let at = w.push(2, code);
                w.push(2, &settle);
                w.blank();
                w.blank();
                w.push(0, &format!("async def f{i}():\n    await K{i}().run()"));
                at
            }
            Context::Nested => {
                function(w, &format!("f{i}"));
                w.blank();
                w.push(1, "async def inner():");
                let at = w.push(2, code);
                w.blank();
                w.push(1, "await inner()");
                w.push(1, &settle);
                at
            }
            _ => {
                function(w, &format!("f{i}"));
                let prefix = if self.format.non_ascii {
                    "x = \"ü\""
                } else {
                    "x = 0"
                };
                let at = match context {
                    Context::OneLineIf => w.push(1, &format!("if True: {code}")),
                    Context::Semicolon => w.push(1, &format!("{prefix}; {code}")),
                    Context::Try => {
                        w.push(1, "try:");
                        let at = w.push(2, code);
                        w.push(1, "except ZeroDivisionError:\n    pass");
                        at
                    }
                    Context::With => {
                        w.push(1, "with nullcontext():");
                        w.push(2, code)
                    }
                    Context::For => {
                        w.push(1, "for n in range(1):");
                        w.push(2, code)
                    }
                    Context::While => {
                        w.push(1, "while True:");
                        let at = w.push(2, code);
                        w.push(2, "break");
                        at
                    }
                    Context::Match => {
                        w.push(1, "match 1:");
                        w.push(2, "case 1:");
                        w.push(3, code)
                    }
                    _ => w.push(1, code),
                };
                w.push(1, &settle);
                at
            }
        }
    }
}
