//! What the inventory asks again and again of a function, a class or the module (its `global`
//! names, the names bound at module level, which locals only ever hold new containers, a class's
//! extent, where a word first appears in a method), computed once each: answering per site by
//! rescanning the function would make a long function's cost grow with the square of its sites.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::Node;

use crate::scan::syntax::{strip_parens, text};

/// The answers, by the node they were asked of.
pub struct Memo<'s> {
    pub src: &'s str,
    /// Names in a `global` statement, by function.
    globals: HashMap<usize, HashSet<&'s str>>,
    /// Names a module-level line binds (`name = …`, `name: …`).
    module_names: Option<HashSet<&'s str>>,
    /// By function, the names it declares `nonlocal`.
    nonlocals: HashMap<usize, HashSet<&'s str>>,
    /// By function, each name bound by a plain assignment: whether every such binding makes a
    /// new container.
    fresh_containers: HashMap<usize, HashMap<&'s str, bool>>,
    /// Each block's first endless loop (see `frame::outlives`).
    pub endless_loops: super::frame::EndlessLoops,
    /// The text extent of a class, by class.
    extents: HashMap<usize, Range<usize>>,
    /// By method, where each word first appears in its text.
    first_words: HashMap<usize, HashMap<&'s str, usize>>,
    /// By nested function (or lambda) and name, whether it binds the name itself.
    own_locals: HashMap<(usize, &'s str), bool>,
}

impl<'s> Memo<'s> {
    pub fn new(src: &'s str) -> Self {
        Memo {
            src,
            globals: HashMap::new(),
            nonlocals: HashMap::new(),
            module_names: None,
            fresh_containers: HashMap::new(),
            endless_loops: super::frame::EndlessLoops::default(),
            extents: HashMap::new(),
            first_words: HashMap::new(),
            own_locals: HashMap::new(),
        }
    }

    /// Whether the nested function (or lambda) `scope` binds `name` as its own local: a
    /// parameter, an assignment, an import in its own body, and no `nonlocal` (see
    /// [`super::scope::binding`]).
    pub fn binds_own(&mut self, scope: Node, name: &'s str) -> bool {
        if let Some(&own) = self.own_locals.get(&(scope.id(), name)) {
            return own;
        }
        let src = self.src;
        let own = match scope.kind() {
            "lambda" => (scope.child_by_field_name("parameters"))
                .is_some_and(|p| super::scope::bound_anywhere(p, name, src)),
            _ => {
                !self.declares_nonlocal(scope, name)
                    && super::scope::binding(scope, name, src) != super::scope::Binding::None
            }
        };
        self.own_locals.insert((scope.id(), name), own);
        own
    }

    /// `global name` in the function.
    pub fn declares_global(&mut self, function: Node, name: &str) -> bool {
        let src = self.src;
        self.globals
            .entry(function.id())
            .or_insert_with(|| {
                let mut names = HashSet::new();
                // Most functions never spell the keyword: no walk of their statements.
                if !spells(function, src, b"global") {
                    return names;
                }
                crate::scan::syntax::walk_statements(function, |node, _| {
                    if node.kind() == "global_statement" {
                        let mut cursor = node.walk();
                        names.extend(node.named_children(&mut cursor).map(|n| text(n, src)));
                    }
                });
                names
            })
            .contains(name)
    }

    /// `nonlocal name` in the function: its bindings are the enclosing function's variable.
    pub fn declares_nonlocal(&mut self, function: Node, name: &str) -> bool {
        let src = self.src;
        self.nonlocals
            .entry(function.id())
            .or_insert_with(|| {
                let mut names = HashSet::new();
                // Most functions never spell the keyword: no walk of their statements.
                if !spells(function, src, b"nonlocal") {
                    return names;
                }
                crate::scan::syntax::walk_statements(function, |node, _| {
                    if node.kind() == "nonlocal_statement" {
                        let mut cursor = node.walk();
                        names.extend(node.named_children(&mut cursor).map(|n| text(n, src)));
                    }
                });
                names
            })
            .contains(name)
    }

    /// A module-level statement binds `name` (so a function's `name.add(t)` is the module's
    /// set). Read from the text: a partial parse holds only the functions with tasks.
    pub fn declared_at_module(&mut self, name: &str) -> bool {
        let src = self.src;
        self.module_names
            .get_or_insert_with(|| {
                src.split('\n')
                    .filter_map(|line| {
                        let end = line
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(line.len());
                        let rest = line[end..].trim_start_matches([' ', '\t']);
                        let binds = rest.starts_with(':')
                            || (rest.starts_with('=') && !rest.starts_with("=="));
                        (end > 0 && binds).then(|| &line[..end])
                    })
                    .collect()
            })
            .contains(name)
    }

    /// Every plain binding of `name` in the function makes a new container.
    pub fn binds_only_new_containers(&mut self, function: Node, name: &str) -> bool {
        // A name the function never binds is not its own: a closure's or a global.
        self.bindings(function).get(name).copied().unwrap_or(false)
    }

    /// Whether the function assigns `name` (anywhere in it, nested functions included).
    pub fn assigns(&mut self, function: Node, name: &str) -> bool {
        self.bindings(function).contains_key(name)
    }

    /// The names the function assigns, each with whether every assignment makes a new
    /// container; one walk per function.
    fn bindings(&mut self, function: Node) -> &HashMap<&'s str, bool> {
        let src = self.src;
        self.fresh_containers
            .entry(function.id())
            .or_insert_with(|| {
                let mut fresh: HashMap<&str, bool> = HashMap::new();
                crate::scan::syntax::walk(function, |node| {
                    if node.kind() == "assignment"
                        && let Some(left) = node.child_by_field_name("left")
                        && left.kind() == "identifier"
                    {
                        let right = node.child_by_field_name("right").map(strip_parens);
                        let new = right.is_some_and(|r| makes_container(r, src));
                        *fresh.entry(text(left, src)).or_insert(true) &= new;
                    }
                    true
                });
                fresh
            })
    }

    pub fn block_extent(&mut self, class: Node) -> Range<usize> {
        let src = self.src;
        self.extents
            .entry(class.id())
            .or_insert_with(|| block_extent(class, src))
            .clone()
    }

    /// Where `word` first appears as a whole word in the method's text.
    pub fn first_word(&mut self, method: Node, word: &str) -> Option<usize> {
        let src = self.src;
        let words = self.first_words.entry(method.id()).or_insert_with(|| {
            let start = method.start_byte();
            let body = src.get(start..method.end_byte()).unwrap_or("");
            let is_word = |b: u8| b == b'_' || b.is_ascii_alphanumeric();
            let bytes = body.as_bytes();
            let mut first = HashMap::new();
            let mut at = 0;
            while at < bytes.len() {
                if !is_word(bytes[at]) {
                    at += 1;
                    continue;
                }
                let end = bytes[at..]
                    .iter()
                    .position(|&b| !is_word(b))
                    .map_or(bytes.len(), |n| at + n);
                // Word bytes are ASCII, so both ends are character boundaries.
                if let Some(found) = body.get(at..end) {
                    first.entry(found).or_insert(start + at);
                }
                at = end;
            }
            first
        });
        words.get(word).copied()
    }
}

/// A new list, set, dict or deque.
fn makes_container(value: Node, src: &str) -> bool {
    match value.kind() {
        "list"
        | "set"
        | "dictionary"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension" => true,
        "call" => value.child_by_field_name("function").is_some_and(|f| {
            matches!(
                text(f, src),
                "list" | "set" | "dict" | "deque" | "collections.deque"
            )
        }),
        _ => false,
    }
}

/// [`block_extent`], for a site's class outside the walk that memoizes it.
pub(super) fn extent(definition: Node, src: &str) -> Range<usize> {
    block_extent(definition, src)
}

/// Whether the node's text holds `word` anywhere (a cheap test before a walk that looks for it).
fn spells(node: Node, src: &str, word: &[u8]) -> bool {
    let text = src.as_bytes().get(node.byte_range()).unwrap_or(&[]);
    memchr::memmem::find(text, word).is_some()
}

/// The text of a class or function: from its header to the last line indented deeper than
/// it. Read from the text, since a partial parse holds only some of a class's methods.
fn block_extent(definition: Node, src: &str) -> Range<usize> {
    let line_start = |at: usize| src[..at.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
    let start = definition.start_byte();
    let indent = start - line_start(start);
    // The body's first line: a header may run over several lines.
    let body = definition
        .child_by_field_name("body")
        .map_or(start, |b| b.start_byte());
    let end = crate::scan::blocks::block_end(src, line_start(body), indent);
    start..end.max(start)
}
