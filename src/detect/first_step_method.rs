//! The never-suspends rule of [`super::first_step`] for a method on the object itself
//! (`self.m()`, `cls.m()`). Python looks `m` up on the object's class when the call runs: the
//! class's own `m`, or an override in a subclass, or an attribute of the instance that shadows
//! it. The file shows the class's own `m` and the overrides in the file's classes; a subclass in
//! another file is not seen. So when every `m` the file shows is a coroutine that never
//! suspends, the task is kept unless another file overrides `m` with one that suspends: not a
//! drop the file proves, and `unknown`, with what is unknown.
//!
//! A body "never suspends" as the rule of [`super::first_step`] reads it, through the same
//! reader ([`super::suspends::quiet`]): no `await` at all, or only `put`s on asyncio queues
//! proved unbounded (`self._q` bound once in `__init__` to `Queue()`, asyncio's by the file's
//! imports) and `asyncio.sleep(0)`, which yields to the ready queue only (the loop then holds
//! the task to its end, not only through its first step).
//!
//! No proof (the drop stays): a class meant to be derived from elsewhere (an `ABC`, a
//! `Protocol`, a metaclass, an `abstractmethod` in it), an `m` that is a stub (a body that only
//! passes, raises or documents), an `m` the class inherits, a second binding of `m` in the
//! class, an attribute `m` the file assigns (`x.m = ...`, `setattr`), a `__getattribute__`, or
//! any `m` that is no such coroutine in a class of the file that an object of the class may be
//! (by the file's class headers: a class derived from it, and their other bases; every class
//! when a header's bases are not read).
//!
//! Cheap by construction: the bytes must first spell a quiet `async def m` ([`quiet_by_text`]),
//! then only the statements of the classes that may bind `m` are parsed ([`binding_parts`]).

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use tree_sitter::Node;

use super::asyncio_queues::QueueNames;
use super::first_step_awaited_import::Imported;
use super::first_step_text::{
    bytes_assign_attribute, def_names, def_spellings, indented, quiet_by_text, spells_false_default,
};
use super::first_step_through::{
    Answers, Beyond, DEPTH, Proved, Reached, Stops, awaited_method,
    never_suspends as never_suspends_through,
};
use super::scope::{Binding, binding};
use super::site_class::class_of;
use super::suspends::{Quiet, is_plain_coroutine, quiet, quiet_with};
use super::task_site::OpenProof;
use crate::scan::class_parts::class_statements_in;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{self, strip_parens, text, walk};

/// Why the task of a site whose coroutine is `called` (`self.m`, written in the innermost of
/// `enclosing`, or `obj.m` on a receiver whose class the code says: [`super::first_step_typed`])
/// is not known to be dropped: the file's every `m` that may run there never suspends; and the
/// method the classes of the checked code may override (the receiver's class and its `m`).
/// `None` when the file proves no such thing. `queues` are the names of the file that make
/// asyncio's queues.
pub fn unknown_reason(
    called: Node,
    enclosing: &[Node],
    source: &SourceFile,
    queues: &QueueNames,
    seen: &mut Proofs,
) -> Option<(String, OpenProof)> {
    let src = source.text;
    let receiver = strip_parens(called.child_by_field_name("object")?);
    let own = receiver.kind() == "identifier" && matches!(text(receiver, src), "self" | "cls");
    if !own && !super::first_step_typed::may_know(receiver, src) {
        return None;
    }
    let name = text(called.child_by_field_name("attribute")?, src);
    // The text before the tree: most names fail it, and then no method body is walked.
    let beyond = Beyond {
        stops: seen.stops.as_ref(),
        imported: seen.imported.as_deref().map(|i| i as &dyn Answers),
    };
    let quiet = *seen
        .by_text
        .entry(name.to_owned())
        .or_insert_with(|| quiet_by_text(src.as_bytes(), src, name, DEPTH, beyond));
    // A parameter the call leaves `False` may skip an `if` whose body suspends.
    let may_leave_off = *seen
        .false_default
        .entry(name.to_owned())
        .or_insert_with(|| spells_false_default(src.as_bytes(), name));
    if !quiet && !may_leave_off {
        return None;
    }
    let class_start = match own {
        true => {
            let key = (enclosing.last()?.id(), text(receiver, src).to_owned());
            (*seen.classes.entry(key).or_insert_with(|| {
                class_of(enclosing, text(receiver, src), src).map(|c| c.start_byte())
            }))?
        }
        false => super::first_step_typed::class_start(receiver, src)?,
    };
    let key = (class_start, name.to_owned());
    let reason = match seen.by_class.get(&key) {
        Some(reason) => reason.clone(),
        None if quiet => {
            let found = proved(class_start, name, source, queues, At::default(), seen);
            let reason = found.as_ref().map(Proved::reason);
            seen.nested.insert(key.clone(), (0, found));
            seen.by_class.insert(key, reason.clone());
            reason
        }
        None => None,
    };
    if reason.is_some() || !may_leave_off {
        return reason;
    }
    // Read again for this call alone, where its parameters left `False` skip their `if`s.
    let arguments = called.parent()?.child_by_field_name("arguments")?;
    let at = At {
        depth: 0,
        arguments: Some(arguments),
    };
    proved(class_start, name, source, queues, at, seen).map(|p| p.reason())
}

/// Where [`proved`] reads a method: how many awaits below the site, and at the site the
/// arguments of its call, when the parameters it leaves `False` are read
/// ([`super::quiet_awaits::left_off`]).
#[derive(Clone, Copy, Default)]
struct At<'c> {
    depth: usize,
    arguments: Option<Node<'c>>,
}

/// What one file's sites have settled: whether a name passes the text test, and each
/// (class, name)'s reason.
#[derive(Default)]
pub struct Proofs {
    by_text: HashMap<String, bool>,
    /// Whether a name has an `async def` that may leave a parameter `False` (a scan of the file).
    false_default: HashMap<String, bool>,
    /// The class of each (innermost function, receiver) around the sites: finding it walks the
    /// method's body, the same for each of its sites.
    classes: HashMap<(usize, String), Option<usize>>,
    by_class: HashMap<(usize, String), Option<(String, OpenProof)>>,
    /// Each (class, name)'s proof as an await of another method reads it, and the depth it was
    /// read at: a proof found deeper holds higher up, a failure higher up holds deeper.
    nested: HashMap<(usize, String), (usize, Option<Proved>)>,
    /// The file's top-level blocks, lexed once for all its proofs.
    blocks: Option<Option<Vec<Range<usize>>>>,
    /// Where the proof may stop at an await of an object whose class it does not read (a site
    /// beyond ruff's RUF006): `unknown` then, not a drop.
    pub stops: Option<Stops>,
    /// The classes the file imports from modules of the run, whose methods an await may run.
    pub imported: Option<Rc<Imported>>,
}

/// The reason the site is `unknown` when every `m` the file shows never suspends, and the
/// class's own `m`, which only an override can replace. Read where the class's statements that
/// bind `m` are parsed: the site's own tree may hold only the parts around the sites.
fn proved(
    class_start: usize,
    name: &str,
    source: &SourceFile,
    queues: &QueueNames,
    at: At,
    seen: &mut Proofs,
) -> Option<Proved> {
    let depth = at.depth;
    let src = source.text;
    let bytes = src.as_bytes();
    let (tree, own) = class_tree(class_start, name, source, seen)?;
    let root = tree.root_node();
    let parsed = class_at(root, class_start)?;
    if meant_to_derive(parsed, src) || incomplete(&bytes[own.clone()], parsed, src) {
        return None;
    }
    let Binding::Definition(own_m) = binding(parsed, name, src) else {
        return None;
    };
    let class_name = text(parsed.child_by_field_name("name")?, src);
    let stops = seen.stops.clone();
    let stops = stops.as_ref();
    let stopping = |method: &str| stops.and_then(|s| s.quiet(method));
    let imported = seen.imported.clone();
    let beyond = Beyond {
        stops,
        imported: imported.as_deref().map(|i| i as &dyn Answers),
    };
    let may_follow = |method: &str| {
        depth < DEPTH
            && (quiet_by_text(bytes, src, method, DEPTH - depth - 1, beyond)
                || beyond.passes(method))
    };
    // What costs no other parse first: an await no method could answer, a stub, an override
    // that suspends.
    if !is_plain_coroutine(own_m, src) {
        return None;
    }
    let off = match at.arguments {
        Some(arguments) => super::quiet_awaits::left_off(arguments, own_m, src),
        None => Vec::new(),
    };
    if at.arguments.is_some() && off.is_empty() {
        // The proof with nothing left `False` was read (or failed the text) before.
        return None;
    }
    let shaped = |node: Node| awaited_method(node, src).is_some_and(|(_, m)| may_follow(m));
    quiet_with(own_m, src, queues, &off, &mut |node| {
        shaped(node).then_some(Quiet::Bare)
    })?;
    if is_stub(own_m) || !others_quiet(root, own_m, class_name, name, src, queues) {
        return None;
    }
    let mut follow = |receiver: Node, method: &str| {
        if !may_follow(method) {
            return None;
        }
        let Some(start) = receiver_class(receiver, parsed, own_m, src) else {
            // A class another module defines, which the file imports.
            let further = imported
                .as_ref()
                .and_then(|i| i.reached(receiver, method, source));
            if let Some(reached) = further {
                return Some(Reached::Method(reached));
            }
            // No class read for the object: the proof stops, where it may.
            let (file, line) = stopping(method)?;
            let method = method.to_owned();
            return Some(Reached::Stopped { method, file, line });
        };
        let key = (start, method.to_owned());
        let deeper = depth + 1;
        match seen.nested.get(&key) {
            Some((at, Some(p))) if *at >= deeper => return Some(Reached::Method(p.clone())),
            Some((at, None)) if *at <= deeper => return None,
            _ => {}
        }
        let at = At {
            depth: deeper,
            arguments: None,
        };
        let found = proved(start, method, source, queues, at, seen);
        seen.nested.insert(key, (deeper, found.clone()));
        found.map(Reached::Method)
    };
    let (how, through) = never_suspends_through(own_m, src, queues, &off, &mut follow)?;
    Some(Proved {
        off,
        class: class_name.to_owned(),
        method: name.to_owned(),
        line: own_m.start_position().row + 1,
        how,
        through,
        module: None,
    })
}

/// The class that starts at `class_start` parsed as [`parts_to_parse`] says, and its top-level
/// block; `None` for a class written to be completed elsewhere or a parse with an error.
fn class_tree(
    class_start: usize,
    name: &str,
    source: &SourceFile,
    seen: &mut Proofs,
) -> Option<(tree_sitter::Tree, Range<usize>)> {
    let bytes = source.text.as_bytes();
    let blocks = (seen.blocks)
        .get_or_insert_with(|| match source.tokens() {
            Some(lexed) => Some(crate::scan::partial::top_level_blocks_lexed(bytes, lexed)),
            None => crate::scan::partial::top_level_blocks(bytes),
        })
        .clone()?;
    let own = blocks
        .iter()
        .find(|b| b.start <= class_start && class_start < b.end)?
        .clone();
    // `abstractmethod` anywhere in the class: written to be completed elsewhere.
    if memchr::memmem::find(&bytes[own.clone()], b"abstractmethod").is_some() {
        return None;
    }
    let parts = parts_to_parse(
        bytes,
        source.tokens(),
        &blocks,
        own.clone(),
        class_start,
        name,
    )?;
    let mut parser = syntax::new_parser();
    let tree = syntax::parse_ranges(&mut parser, source, &parts)?;
    (!tree.root_node().has_error()).then_some((tree, own))
}

/// The statements [`proved`] parses: in the class `own` (starting at `class_start`) and in each
/// other class holding a `def name`, the statements of its body that spell `name`
/// ([`binding_parts`]), in the file's order.
fn parts_to_parse(
    bytes: &[u8],
    tokens: Option<&crate::scan::lexer::Lexed>,
    blocks: &[Range<usize>],
    own: Range<usize>,
    class_start: usize,
    name: &str,
) -> Option<Vec<Range<usize>>> {
    // `quiet_by_text` passed: one `def m` in a block is a quiet `async def`.
    let spelt = def_spellings(bytes, name);
    // A quiet `m` that awaits a `put` needs its class's `__init__`, where queues are bound (by
    // the text: a header on several lines hides the body from `block_under`).
    let with_init = memchr::memmem::find(bytes, b".put(").is_some();
    let mut parts = binding_parts(bytes, tokens, own.clone(), class_start, name, with_init)?;
    let mut others: Vec<Range<usize>> = Vec::new();
    for &(at, _) in &spelt {
        if own.contains(&at) || !indented(bytes, at) {
            // The class's own, or a module-level function: no method.
            continue;
        }
        let block = blocks.iter().find(|b| b.contains(&at))?;
        if !others.contains(block) {
            others.push(block.clone());
        }
    }
    for block in others {
        let start = class_start_in(bytes, &block)?;
        parts.extend(binding_parts(bytes, tokens, block, start, name, with_init)?);
    }
    parts.sort_unstable_by_key(|r| r.start);
    Some(parts)
}

/// Where the class of `receiver`, in the method `method` of `class`, starts: `self` (`cls`)
/// is `class`'s, another receiver the class its annotation or binding names
/// ([`super::first_step_typed`]).
fn receiver_class(receiver: Node, class: Node, method: Node, src: &str) -> Option<usize> {
    let name = text(receiver, src);
    if receiver.kind() == "identifier" && matches!(name, "self" | "cls") {
        return class_of(&[class, method], name, src).map(|c| c.start_byte());
    }
    super::first_step_typed::may_know(receiver, src)
        .then(|| super::first_step_typed::class_start(receiver, src))?
}

/// Whether every other `m` (but `own_m`) of a class of the file that an object of `class` may
/// be (read off the file's class headers; every class where one is not read) is such a
/// coroutine too.
fn others_quiet(
    root: Node,
    own_m: Node,
    class: &str,
    name: &str,
    src: &str,
    queues: &QueueNames,
) -> bool {
    let relatives = {
        let mut classes = crate::project::receivers::Classes::default();
        classes.add(src.as_bytes());
        classes.relatives(class)
    };
    let may_run = |node: Node| {
        let Some(relatives) = &relatives else {
            return true;
        };
        // The innermost class around the `def m` is the one it may bind `m` in.
        let mut at = node.parent();
        while let Some(n) = at.filter(|n| n.kind() != "class_definition") {
            at = n.parent();
        }
        (at.and_then(|c| c.child_by_field_name("name")))
            .is_none_or(|n| relatives.contains(text(n, src)))
    };
    let mut all_quiet = true;
    walk(root, |node| {
        if node.kind() == "function_definition"
            && node != own_m
            && node
                .child_by_field_name("name")
                .is_some_and(|n| text(n, src) == name)
            && may_run(node)
        {
            all_quiet &= never_suspends(node, src, queues).is_some();
        }
        all_quiet
    });
    all_quiet
}

/// The header of the class `block` holds (see [`crate::scan::class_parts::class_statements`]) and the statements of its
/// body that [`proof`] reads: those that may bind `name` in the class, those that hold a
/// `def name`, and with `with_init` its `__init__`. A `def` or `class` of another name binds only its own name here, its body and
/// header being another scope (or read by nothing here), so it is left out unless a decorator
/// (evaluated in the class) or a nested `def name` spells `name`: most statements that spell
/// `name` are methods that call `self.name()`.
fn binding_parts(
    bytes: &[u8],
    tokens: Option<&crate::scan::lexer::Lexed>,
    block: Range<usize>,
    class_start: usize,
    name: &str,
    with_init: bool,
) -> Option<Vec<Range<usize>>> {
    let spells = |range: Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| memchr::memmem::find(b, name.as_bytes()).is_some())
    };
    let (header, statements) = class_statements_in(bytes, block, class_start, tokens)?;
    let mut parts = vec![header];
    for statement in statements {
        let range = statement.range;
        let needed = match statement.definition {
            // Where `self._q` may be bound to a queue a quiet `m` puts on.
            Some((_, ref defined))
                if with_init && bytes.get(defined.clone()) == Some(b"__init__") =>
            {
                true
            }
            _ if !spells(range.clone()) => false,
            None => true,
            Some((line, defined)) => {
                bytes.get(defined) == Some(name.as_bytes())
                    || spells(range.start..line)
                    || !def_spellings(&bytes[range.clone()], name).is_empty()
            }
        };
        if needed {
            parts.push(range);
        }
    }
    Some(parts)
}

/// The offset of the `class` keyword of the module-level class `block` holds (after its
/// decorators); `None` when the block is a function.
fn class_start_in(bytes: &[u8], block: &Range<usize>) -> Option<usize> {
    let text = bytes.get(block.clone())?;
    let mut offset = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        match line.first() {
            Some(b'c') if line.starts_with(b"class") => return Some(block.start + offset),
            Some(b'@' | b' ' | b'\t' | b'\n' | b'\r' | b'#') | Some(b')') => {}
            _ => return None,
        }
        offset += line.len();
    }
    None
}

/// The class definition of the tree that starts at `start`.
fn class_at(root: Node, start: usize) -> Option<Node> {
    let mut class = None;
    walk(root, |node| {
        if node.kind() == "class_definition" && node.start_byte() == start {
            class = Some(node);
        }
        class.is_none()
    });
    class
}

/// An `async def` as written (undecorated, or `staticmethod`/`classmethod`, which hand back the
/// function itself) whose body never suspends, and how.
fn never_suspends(definition: Node, src: &str, queues: &QueueNames) -> Option<Quiet> {
    is_plain_coroutine(definition, src)
        .then(|| quiet(definition, src, queues))
        .flatten()
}

/// A class written to be derived from elsewhere: it names `ABC` or `Protocol` among its bases
/// (or in `Generic`'s parameters), or takes a metaclass.
fn meant_to_derive(class: Node, src: &str) -> bool {
    let Some(bases) = class.child_by_field_name("superclasses") else {
        return false;
    };
    let mut found = false;
    walk(bases, |n| {
        found |= n.kind() == "keyword_argument"
            || (n.kind() == "identifier" && matches!(text(n, src), "ABC" | "Protocol"));
        !found
    });
    found
}

/// A body that only documents, passes, raises or is `...`: a hook for subclasses to fill.
fn is_stub(definition: Node) -> bool {
    let Some(body) = definition.child_by_field_name("body") else {
        return true;
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).all(|s| match s.kind() {
        "pass_statement" | "raise_statement" | "comment" => true,
        "expression_statement" => s
            .named_child(0)
            .is_some_and(|e| matches!(e.kind(), "string" | "ellipsis")),
        _ => false,
    })
}

/// A class with no base (but `object`) that calls on itself (`self.x(...)`, `cls.x(...)`) a
/// method the file defines nowhere nor assigns: written for subclasses elsewhere to complete,
/// and so to override (subiquity's `Application.run` calls `self.make_model()`, which only its
/// subclasses define, and they override `start` too). Read off the class's text: a spelling in
/// a string counts, and proves nothing then; one in a comment does not (freqtrade's
/// `# asyncio.run_coroutine_threadsafe(self.schedule_schedule(), ...)`, code left out).
fn incomplete(class_text: &[u8], class: Node, src: &str) -> bool {
    let based = class
        .child_by_field_name("superclasses")
        .is_some_and(|bases| {
            let mut cursor = bases.walk();
            let named: Vec<Node> = bases.named_children(&mut cursor).collect();
            named.iter().any(|b| text(*b, src) != "object")
        });
    if based {
        return false;
    }
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80;
    let defined = &def_names(src);
    let bytes = src.as_bytes();
    let mut calls = [&b"self."[..], &b"cls."[..]]
        .into_iter()
        .flat_map(|receiver| {
            memchr::memmem::find_iter(class_text, receiver).filter(move |&at| {
                if at > 0 && word(&class_text[at - 1]) {
                    return false;
                }
                let rest = &class_text[at + receiver.len()..];
                let end = rest.iter().position(|b| !word(b)).unwrap_or(rest.len());
                let (called, after) = rest.split_at(end);
                let Ok(called) = std::str::from_utf8(called) else {
                    return false;
                };
                !called.is_empty()
                    && after.trim_ascii_start().starts_with(b"(")
                    && !called.starts_with("__")
                    && !defined.contains(called)
                    && !bytes_assign_attribute(bytes, called)
            })
        });
    // The lexer only for a class the text finds incomplete: most are not.
    let Some(first) = calls.next() else {
        return false;
    };
    let Ok(lexed) = crate::scan::lexer::lex(class_text) else {
        return true;
    };
    // A call spelled in code starts a `self`/`cls` token; one in a string lies inside it.
    let in_token = |at: usize| {
        let after = lexed.tokens.partition_point(|t| t.start <= at);
        after > 0 && at < lexed.tokens[after - 1].end
    };
    std::iter::once(first).chain(calls).any(in_token)
}
