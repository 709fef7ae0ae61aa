//! The names a scope uses, computed once per scope and shared by detection (is a task's name ever
//! read?) and planning (which temporary name is free?).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::scan::syntax::{text, walk_around, walk_with_ancestors, walk_with_parent};

#[derive(Debug, Default)]
pub struct ScopeNames<'s> {
    /// Every variable name that appears in the scope (nested functions included).
    pub all: HashSet<&'s str>,
    /// How often each name appears other than as the plain target of `name = …`.
    pub reads: HashMap<&'s str, u32>,
    /// How often each name is the plain target of `name = …`.
    pub stores: HashMap<&'s str, u32>,
    /// Of the reads, how many are `name.add_done_callback(...)`, which keeps nothing alive.
    pub callback_reads: HashMap<&'s str, u32>,
    /// Of the reads, how many are `name.set_name(...)`, which returns None and keeps nothing.
    pub naming_reads: HashMap<&'s str, u32>,
}

impl<'s> ScopeNames<'s> {
    fn collect(scope: Node, src: &'s str) -> Self {
        let mut names = ScopeNames::default();
        walk_with_parent(scope, |node, parent_node, field| {
            let Some(seen) = Seen::of(node, parent_node, field.name(), src) else {
                return;
            };
            let name = text(node, src);
            names.all.insert(name);
            names.count(name, seen, 1);
        });
        names
    }

    fn count(&mut self, name: &'s str, seen: Seen, by: u32) {
        if seen.callback {
            *self.callback_reads.entry(name).or_default() += by;
        }
        if seen.naming {
            *self.naming_reads.entry(name).or_default() += by;
        }
        let counter = if seen.store {
            &mut self.stores
        } else {
            &mut self.reads
        };
        *counter.entry(name).or_default() += by;
    }

    /// `base`, or `base_1`, `base_2`, … whichever is not used in the scope.
    pub fn fresh(&self, base: &str) -> String {
        fresh(base, |name| self.all.contains(name))
    }
}

/// One variable name where it appears: a plain store, or a read (and which).
#[derive(Clone, Copy)]
struct Seen {
    store: bool,
    /// `name.add_done_callback(...)`, which keeps nothing alive.
    callback: bool,
    /// `name.set_name(...)`, which returns None and keeps nothing.
    naming: bool,
}

impl Seen {
    fn of(node: Node, parent_node: Option<Node>, field: Option<&str>, src: &str) -> Option<Self> {
        if node.kind() != "identifier" {
            return None;
        }
        let parent = parent_node.map_or("", |p| p.kind());
        if is_member(parent, field) {
            return None;
        }
        // Anything but a plain store counts as a read: `global`, `del`, loop targets and
        // closures all keep the binding alive or make its fate unclear.
        let store = parent == "assignment" && field == Some("left");
        let registers = |p: Node| {
            p.kind() == "attribute"
                && p.child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == "add_done_callback")
        };
        let callback = match (parent_node, field) {
            (Some(p), Some("object")) => registers(p),
            // `asyncio.ensure_future(name).add_done_callback(...)`: `ensure_future` returns
            // a future it is handed as it is, so this too only registers a callback on it.
            (Some(p), _) if p.kind() == "argument_list" => ensured(p, src).is_some_and(|c| {
                (c.parent())
                    .is_some_and(|a| a.child_by_field_name("object") == Some(c) && registers(a))
            }),
            _ => false,
        };
        let naming = parent_node.is_some_and(|p| field == Some("object") && names_the_task(p, src));
        Some(Seen {
            store,
            callback,
            naming,
        })
    }
}

/// The reads of one name in one scope's own code (no nested function, lambda or class, no
/// `global` or `nonlocal`), in text order, each with the running count of (reads, callback
/// reads, naming reads) up to it: a binding asks how many run before it every time, in one
/// search, however often the name is bound.
#[derive(Debug, Default)]
struct OwnReads {
    ends: Vec<usize>,
    counts: Vec<[u32; 3]>,
}

impl OwnReads {
    fn collect(scope: Node, name: &str, src: &str) -> Self {
        let mut own = OwnReads::default();
        let mut total = [0u32; 3];
        walk_with_parent(scope, |node, parent_node, field| {
            if text(node, src) != name {
                return;
            }
            let Some(seen) = Seen::of(node, parent_node, field.name(), src) else {
                return;
            };
            if seen.store || !in_own_code(node, scope) {
                return;
            }
            total[0] += 1;
            total[1] += u32::from(seen.callback);
            total[2] += u32::from(seen.naming);
            own.ends.push(node.end_byte());
            own.counts.push(total);
        });
        own
    }

    /// The counts of the reads that end at or before `at`.
    fn before(&self, at: usize) -> [u32; 3] {
        let taken = self.ends.partition_point(|&end| end <= at);
        taken
            .checked_sub(1)
            .and_then(|last| self.counts.get(last).copied())
            .unwrap_or_default()
    }
}

/// Whether `node` is in `scope`'s own code: no nested function, lambda or class, no `global` or
/// `nonlocal` between them.
fn in_own_code(node: Node, scope: Node) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.id() == scope.id() {
            return true;
        }
        let nested = matches!(
            n.kind(),
            "function_definition"
                | "lambda"
                | "class_definition"
                | "global_statement"
                | "nonlocal_statement"
        );
        if nested {
            return false;
        }
        at = n.parent();
    }
    false
}

/// The outermost `for` or `while` of `scope` around `node`: a read in it may run after `node`
/// has, on a later turn.
fn outermost_loop<'t>(node: Node<'t>, scope: Node<'t>) -> Option<Node<'t>> {
    let mut outermost = None;
    let mut at = node.parent();
    while let Some(n) = at.filter(|n| n.id() != scope.id()) {
        if matches!(n.kind(), "for_statement" | "while_statement") {
            outermost = Some(n);
        }
        at = n.parent();
    }
    outermost
}

/// `<name>.set_name(...)`, called: the attribute `p` of such a call.
fn names_the_task(p: Node, src: &str) -> bool {
    p.kind() == "attribute"
        && p.child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == "set_name")
        && p.parent()
            .is_some_and(|c| c.kind() == "call" && c.child_by_field_name("function") == Some(p))
}

/// The call `ensure_future(x)` whose sole argument list is `arguments`.
fn ensured<'t>(arguments: Node<'t>, src: &str) -> Option<Node<'t>> {
    let call = arguments.parent().filter(|c| c.kind() == "call")?;
    let function = call.child_by_field_name("function")?;
    let named = super::callee::last_name(function, src) == Some("ensure_future");
    (named && arguments.named_child_count() == 1).then_some(call)
}

/// `x` in `obj.x` or `f(x=1)` is a member or keyword, not a variable.
fn is_member(parent: &str, field: Option<&str>) -> bool {
    matches!(
        (parent, field),
        ("attribute", Some("attribute")) | ("keyword_argument", Some("name"))
    )
}

/// `base`, or `base_1`, `base_2`, … whichever `used` says is free.
pub fn fresh(base: &str, used: impl Fn(&str) -> bool) -> String {
    if !used(base) {
        return base.to_owned();
    }
    (1..)
        .map(|i| format!("{base}_{i}"))
        .find(|candidate| !used(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// The variable names a whole scope uses (what [`ScopeNames::all`] holds), asked one name at a
/// time: a fix asks a module about the few names it may declare, and collecting every name of a
/// large module for that is most of what planning its fix would cost.
pub struct UsedNames<'t, 's> {
    scope: Node<'t>,
    src: &'s str,
    /// Every name, collected once a name is spelled too often to look up each spelling.
    all: OnceCell<HashSet<&'s str>>,
}

impl<'t, 's> UsedNames<'t, 's> {
    /// Past this many spellings of a name, one walk of the scope is cheaper than a look-up each
    /// (a look-up descends from the scope).
    const LOOK_UPS: usize = 64;

    pub fn new(scope: Node<'t>, src: &'s str) -> Self {
        UsedNames {
            scope,
            src,
            all: OnceCell::new(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        if let Some(all) = self.all.get() {
            return all.contains(name);
        }
        match self.spelled_as_variable(name) {
            Some(found) => found,
            None => self
                .all
                .get_or_init(|| ScopeNames::collect(self.scope, self.src).all)
                .contains(name),
        }
    }

    /// `base`, or `base_1`, `base_2`, … whichever the scope does not use.
    pub fn fresh(&self, base: &str) -> String {
        fresh(base, |name| self.contains(name))
    }

    /// Whether one of the name's whole-word spellings in the scope's text is a variable, by the
    /// rule of [`ScopeNames::collect`]; `None` past [`Self::LOOK_UPS`] spellings.
    fn spelled_as_variable(&self, name: &str) -> Option<bool> {
        let bytes = self.src.as_bytes();
        let range = self.scope.byte_range();
        let word = |at: Option<usize>| {
            at.and_then(|at| bytes.get(at))
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
        };
        let spellings = memchr::memmem::find_iter(bytes.get(range.clone())?, name.as_bytes())
            .map(|at| range.start + at)
            .filter(|&at| !word(at.checked_sub(1)) && !word(Some(at + name.len())));
        for (count, start) in spellings.enumerate() {
            if count == Self::LOOK_UPS {
                return None;
            }
            let end = start + name.len();
            let Some(node) = self.scope.named_descendant_for_byte_range(start, end) else {
                continue;
            };
            if node.kind() != "identifier" || node.byte_range() != (start..end) {
                continue; // inside a string, a comment or a longer token
            }
            let member = node.parent().is_some_and(|parent| {
                let field = ["attribute", "name"]
                    .into_iter()
                    .find(|f| parent.child_by_field_name(f) == Some(node));
                is_member(parent.kind(), field)
            });
            if !member {
                return Some(true);
            }
        }
        Some(false)
    }
}

/// Whether anything in `scope`, nested scopes included, binds `name`: a parameter, an
/// assignment, an import, a `def` or `class` of that name.
pub fn bound_anywhere(scope: Node, name: &str, src: &str) -> bool {
    let mut bound = false;
    walk_with_parent(scope, |node, parent, _| {
        if bound || node.kind() != "identifier" || text(node, src) != name {
            return;
        }
        bound = parent.is_some_and(|p| {
            binds(p, node)
                || (matches!(p.kind(), "function_definition" | "class_definition")
                    && p.child_by_field_name("name") == Some(node))
        });
    });
    bound
}

/// The identifiers that bind `name` anywhere in `scope`, nested scopes included (what
/// [`bound_anywhere`] asks, each of them): a parameter, an assignment, an import, a `global`.
pub fn bindings_of<'t>(scope: Node<'t>, name: &str, src: &str) -> Vec<Node<'t>> {
    // Only the nodes around a spelling of the name are entered: a walk of a long module
    // otherwise reads every identifier of it.
    let start = scope.start_byte();
    let Some(within) = src
        .get(start..scope.end_byte())
        .filter(|_| !name.is_empty())
    else {
        return Vec::new();
    };
    let points: Vec<usize> = memchr::memmem::find_iter(within.as_bytes(), name.as_bytes())
        .map(|at| start + at)
        .collect();
    let mut found = Vec::new();
    walk_around(scope, &points, |node, ancestors| {
        if node.kind() == "identifier"
            && text(node, src) == name
            && ancestors.last().is_some_and(|&p| {
                binds(p, node)
                    || (matches!(p.kind(), "function_definition" | "class_definition")
                        && p.child_by_field_name("name") == Some(node))
            })
        {
            found.push(node);
        }
    });
    found
}

/// Scope names by scope node, each computed on first use.
#[derive(Default)]
pub struct Scopes<'s> {
    by_node: HashMap<usize, ScopeNames<'s>>,
    /// A name's reads in a scope's own code, by scope node and name, for a name bound there
    /// more than once.
    own_reads: HashMap<(usize, &'s str), OwnReads>,
    /// Each block's first endless loop (see `frame::outlives`), for the sites of detection.
    pub endless_loops: super::frame::EndlessLoops,
}

impl<'s> Scopes<'s> {
    pub fn names(&mut self, scope: Node, src: &'s str) -> &ScopeNames<'s> {
        self.by_node
            .entry(scope.id())
            .or_insert_with(|| ScopeNames::collect(scope, src))
    }

    /// How often `name` is read in `scope` (as [`ScopeNames::reads`], `callback_reads` and
    /// `naming_reads`) less the reads that cannot see what `binding` (a statement of `scope`'s
    /// own body) binds to it: those that run before it every time, earlier in the scope's own
    /// code and in no loop around `binding` too. Such a read sees an earlier value (`task =
    /// Task(p); waiting[task] = p; return` in one branch, `task = create_task(...)` after it).
    pub fn reads_seeing(
        &mut self,
        scope: Node,
        binding: Node,
        name: &'s str,
        src: &'s str,
    ) -> [u32; 3] {
        let cut = outermost_loop(binding, scope)
            .unwrap_or(binding)
            .start_byte();
        let unseen = (self.own_reads.entry((scope.id(), name)))
            .or_insert_with(|| OwnReads::collect(scope, name, src))
            .before(cut);
        let names = self.names(scope, src);
        let count = |map: &HashMap<&str, u32>| map.get(name).copied().unwrap_or(0);
        [
            count(&names.reads).saturating_sub(unseen[0]),
            count(&names.callback_reads).saturating_sub(unseen[1]),
            count(&names.naming_reads).saturating_sub(unseen[2]),
        ]
    }
}

/// What binds a name in one scope's own body (nested functions', classes' and lambdas' bodies
/// aside), and in its parameters when it is a function: how a call of that name is resolved
/// to the code it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding<'t> {
    /// Nothing: the name is looked up in the scope around.
    None,
    /// One `def` or `class` of that name, and nothing else.
    Definition(Node<'t>),
    /// Anything else: two definitions, an assignment, an import, a parameter, a `global`.
    Other,
}

/// The binding of `name` in `scope` (a function, a class or the module), read from the scope's
/// own code.
pub fn binding<'t>(scope: Node<'t>, name: &str, src: &str) -> Binding<'t> {
    let mut definitions = Vec::new();
    let mut other = false;
    walk_with_ancestors(scope, |node, ancestors, _| {
        let parent = ancestors.last().copied();
        match node.kind() {
            "function_definition" | "class_definition" if node != scope => {
                if node
                    .child_by_field_name("name")
                    .is_some_and(|n| text(n, src) == name)
                {
                    definitions.push(node);
                }
                // A nested scope's names are its own; its parameters' defaults are not, but
                // they bind nothing here.
                false
            }
            "lambda" => false,
            "identifier" if text(node, src) == name => {
                other |= parent.is_some_and(|p| binds(p, node));
                false
            }
            _ => true,
        }
    });
    match definitions.as_slice() {
        [] if !other => Binding::None,
        [one] if !other => Binding::Definition(*one),
        _ => Binding::Other,
    }
}

/// Whether the identifier `node`, a child of `parent`, is written there (not only read).
fn binds(parent: Node, node: Node) -> bool {
    match parent.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => parent
            .child_by_field_name("left")
            .is_some_and(|l| l == node),
        "named_expression" => parent
            .child_by_field_name("name")
            .is_some_and(|n| n == node),
        "keyword_argument" => false,
        "default_parameter" | "typed_default_parameter" | "typed_parameter" => {
            parent.named_child(0).is_some_and(|n| n == node)
        }
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "list_splat_pattern"
        | "dictionary_splat_pattern"
        | "as_pattern_target"
        | "parameters"
        | "lambda_parameters"
        | "dotted_name"
        | "aliased_import"
        | "global_statement"
        | "nonlocal_statement"
        | "delete_statement"
        | "capture_pattern"
        | "import_from_statement"
        | "import_statement" => true,
        _ => false,
    }
}

/// Whether a function of the module at `root` declares `global name`, which may bind the
/// module's name anew.
pub fn declared_global(root: Node, name: &str, src: &str) -> bool {
    // Only the nodes around a spelling of `global` are entered: a walk of every function body
    // of a long module costs its width, and most files spell no `global` at all.
    let start = root.start_byte();
    let Some(within) = src.get(start..root.end_byte()) else {
        return false;
    };
    let points: Vec<usize> = memchr::memmem::find_iter(within.as_bytes(), b"global")
        .map(|at| start + at)
        .collect();
    let mut found = false;
    walk_around(root, &points, |node, _| {
        if node.kind() == "global_statement" {
            let mut cursor = node.walk();
            found |= node
                .named_children(&mut cursor)
                .any(|n| text(n, src) == name);
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::{ScopeNames, UsedNames};
    use crate::scan::syntax::{new_parser, parse};

    /// The look-up by spelling answers as the walk of every node does, on both of its paths.
    #[test]
    fn used_names_agree_with_the_walk() {
        let attributes = "obj._many.x = 1\n".repeat(UsedNames::LOOK_UPS + 1);
        let text = format!(
            "import asyncio as _alias\n\
             _set = set()\n\
             # _comment only\n\
             s = '_string only'\n\
             f(_keyword=1)\n\
             self._member = 2\n\
             def _function(_param):\n    \
                 global _global\n    \
                 return f'{{_in_fstring}}' + _param_x\n\
             {attributes}\
             _many = 3\n"
        );
        let mut parser = new_parser();
        let tree = parse(&mut parser, &text, None).expect("parses");
        let root = tree.root_node();
        let all = ScopeNames::collect(root, &text).all;
        let names = [
            "_alias",
            "_set",
            "_comment",
            "_string",
            "_keyword",
            "_member",
            "_function",
            "_param",
            "_global",
            "_in_fstring",
            "_param_x",
            "_many",
            "_absent",
            "_",
        ];
        for name in names {
            let used = UsedNames::new(root, &text);
            assert_eq!(used.contains(name), all.contains(name), "{name}");
            // Only the name spelled past the limit needs every name collected.
            assert_eq!(used.all.get().is_some(), name == "_many", "{name}");
        }
        assert_eq!(UsedNames::new(root, &text).fresh("_set"), "_set_1");
        assert_eq!(UsedNames::new(root, &text).fresh("_member"), "_member");
    }
}

#[cfg(test)]
mod bound_tests {
    use super::{Binding, binding};
    use crate::scan::syntax::{new_parser, parse, statements};

    /// A use of `object` binds nothing; a parameter, a `def`, an import alias and an
    /// assignment bind it in their own scope only.
    #[test]
    fn a_builtin_is_bound_by_a_binding_in_its_scope_only() {
        let bound = |text: &str, in_first_def: bool| {
            let mut parser = new_parser();
            let tree = parse(&mut parser, text, None).expect("parses");
            let root = tree.root_node();
            let scope = match in_first_def {
                true => statements(root)[0],
                false => root,
            };
            binding(scope, "object", text) != Binding::None
        };
        assert!(!bound(
            "class A(object):\n    x: object = object()\n",
            false
        ));
        assert!(!bound("f(object=1)\nobj.object = 2\n", false));
        assert!(bound("def object(): pass\n", false));
        assert!(bound("from m import x as object\n", false));
        // A parameter or local of a function binds it there, not in the module.
        assert!(!bound("def f(object: int) -> None: pass\n", false));
        assert!(bound("def f(object: int) -> None: pass\n", true));
        assert!(!bound("def f():\n    object = 1\n", false));
        assert!(bound("def f():\n    object = 1\n", true));
    }
}
