//! The never-suspends rule of [`super::first_step_through`] one await further into a class
//! another module of the checked code defines (issue 35, exam35p's apex-trading-system
//! `run_global_harness_v2.py:342`): `AlphaController._close_monitor` takes `monitor =
//! self._monitors.pop(k, None)` (`self._monitors: dict[str, AlphaDecayMonitor]`) and awaits
//! `monitor.close()`, and `AlphaDecayMonitor.close`, in the module the file imports the class
//! from, has no `await`.
//!
//! The object's class is read as [`super::first_step_typed`] reads it; the file must bind the
//! class's name once, by the import that reaches the module, and assign no attribute of the
//! method's name, and no class of the file may name the class in its header (a subclass here
//! could override the method). In the module the class is proved as
//! [`super::first_step_instance`] proves it (no base but `object` or a standard one, no
//! metaclass or decorator,
//! its own `m` an undecorated `async def`), and here only where that body has no `await` at
//! all; once per module, class and method. A `None` the object may hold raises before any
//! `await`. Like every followed method, one a subclass in another file may override: the site
//! is `unknown`, never `kept`.
//!
//! Cheap by construction: the text test ([`super::first_step_text`]) asks [`Imported::may`]
//! only for a method no class of the file answers, and that reads the walk's hashes, then the
//! text of the classes the file imports by name from a module that spells `async def m(`;
//! the module is parsed only for a receiver whose class is one of them.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use super::bound_once::assignments_in_text;
use super::first_step_class::{class_method, kept_as_imported};
use super::first_step_through::{Answers, Proved};
use super::suspends::Quiet;
use crate::project::quiet_coroutines::{QuietImports, QuietRef};
use crate::project::receivers::Classes;
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;

/// The classes one file imports by name from modules of the run, read as awaits ask.
pub struct Imported {
    refs: QuietImports,
    /// Each method's candidates: the local names of imported classes whose own text may prove
    /// it never suspends.
    candidates: RefCell<HashMap<String, Vec<(String, QuietRef)>>>,
    /// The file's statements, lexed once, and whether each class's name is bound once, by its
    /// import.
    statements: RefCell<Option<Statements>>,
    imported: RefCell<HashMap<String, bool>>,
    /// The file's class headers.
    headers: RefCell<Option<Classes>>,
}

impl Imported {
    pub fn new(refs: QuietImports) -> Self {
        Imported {
            refs,
            candidates: RefCell::new(HashMap::new()),
            statements: RefCell::new(None),
            imported: RefCell::new(HashMap::new()),
            headers: RefCell::new(None),
        }
    }

    fn with_candidates<T>(&self, method: &str, read: impl FnOnce(&[(String, QuietRef)]) -> T) -> T {
        let mut candidates = self.candidates.borrow_mut();
        let found = candidates.entry(method.to_owned()).or_insert_with(|| {
            if !self.refs.may_define(method) || !self.refs.may_import_class_defining(method) {
                return Vec::new();
            }
            (self.refs.classes_spelling(method).into_iter())
                .filter(|(_, r)| matches!(by_text(r, method), Some(ByText::Quiet)))
                .collect()
        });
        read(found)
    }

    /// `method` on `receiver` proved never to suspend in the class another module defines,
    /// which the code says the receiver is of.
    pub fn reached(&self, receiver: Node, method: &str, source: &SourceFile) -> Option<Proved> {
        let src = source.text;
        if assignments_in_text(src.as_bytes(), method) != 0 {
            return None;
        }
        let reference = self.with_candidates(method, |candidates| {
            super::first_step_typed::read_class(receiver, src, |known| {
                let found = candidates.iter().find(|(local, _)| *local == known.class);
                // An object only annotated with a class that has a base: see `based`.
                let found = found.filter(|(_, r)| known.made || !super::first_step_bases::based(r));
                found.map(|(_, r)| r.clone())
            })
        })?;
        let class = reference.name.clone();
        let line = awaited_line(&reference, method)?;
        let derived = (self.headers.borrow_mut())
            .get_or_insert_with(|| {
                let mut classes = Classes::default();
                classes.add(src.as_bytes());
                classes
            })
            .derived_from(&class);
        // A subclass in the file could override the method; so could a header not read.
        if derived || !self.bound_by_import(&class, source) {
            return None;
        }
        Some(Proved {
            class,
            method: method.to_owned(),
            line,
            how: Quiet::Bare,
            through: Vec::new(),
            module: Some(reference.module.display.clone()),
            off: Vec::new(),
        })
    }

    /// Whether the file binds `class` once, by the import that reaches its module.
    fn bound_by_import(&self, class: &str, source: &SourceFile) -> bool {
        if let Some(&known) = self.imported.borrow().get(class) {
            return known;
        }
        let mut statements = self.statements.borrow_mut();
        let statements = statements.get_or_insert_with(|| Statements::of_source(source));
        let kept = statements
            .parse_spelling(source, &[class], None)
            .is_some_and(|tree| kept_as_imported(tree.root_node(), class, source.text));
        self.imported.borrow_mut().insert(class.to_owned(), kept);
        kept
    }
}

impl Answers for Imported {
    /// Whether a class the file imports may define `method` as a coroutine that never
    /// suspends, by the walk's hashes and the class's text: the text test's gate.
    fn may(&self, method: &str) -> bool {
        self.with_candidates(method, |c| !c.is_empty())
    }
}

/// The line of `C.method`'s `async def` in its module when the class's own method has no
/// `await` at all, proved once per module, class and method.
fn awaited_line(reference: &QuietRef, method: &str) -> Option<usize> {
    let class = &reference.name;
    let line = (reference.module).proof(&format!("{class}.{method}\0awaited"), |module| {
        let tree = crate::scan::whole_tree::parse_clean(&module.text)?;
        let (definition, how) = class_method(module, tree.root_node(), class, method)?;
        let line = definition.start_position().row + 1;
        matches!(how, Quiet::Bare).then(|| line.to_string())
    })?;
    line.parse().ok()
}

/// What the text of the class `reference` names says of its own `method`.
#[derive(Debug, Clone, Copy)]
pub(super) enum ByText {
    /// A class with no base but `object` or a standard one ([`super::first_step_bases`]) whose
    /// `method` may never suspend: the parse decides.
    Quiet,
    /// An `@abstractmethod` stub, on this line of the module.
    Abstract(usize),
}

/// The class's text read for `method` (see [`ByText`]), once per module, class and method;
/// `None` when neither holds, and nothing is parsed.
pub(super) fn by_text(reference: &QuietRef, method: &str) -> Option<ByText> {
    let class = &reference.name;
    let known = (reference.module).proof(&format!("{class}.{method}\0text"), |module| {
        let src: &str = &module.text;
        let (start, text, colon) = crate::scan::class_text::class_text(src, class)?;
        let bytes = text.as_bytes();
        // An `@abstractmethod` stub is read as one below, whatever its class's bases.
        let quiet = super::first_step_bases::header_may_pass(&text[..colon])
            && crate::scan::method_defs::abstract_at(text, method).is_none()
            && super::first_step_text::quiet_by_text_headed(bytes, text, method);
        if quiet {
            return Some(String::new());
        }
        let at = crate::scan::method_defs::abstract_at(text, method)?;
        // The class's own method, at its body's indentation (not a nested class's).
        let indent = |at: usize| {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            bytes[start..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()
        };
        let body = bytes[colon..].iter().position(|&b| b == b'\n')?;
        let first = (bytes[colon + body + 1..].split(|&b| b == b'\n'))
            .find(|l| !l.trim_ascii().is_empty() && !l.trim_ascii_start().starts_with(b"#"))?;
        let own = first
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if indent(at) != own {
            return None;
        }
        let line = memchr::memchr_iter(b'\n', &src.as_bytes()[..start + at]).count() + 1;
        Some(line.to_string())
    })?;
    match known.parse::<usize>() {
        Ok(line) => Some(ByText::Abstract(line)),
        Err(_) => Some(ByText::Quiet),
    }
}
