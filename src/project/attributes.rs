//! The class of an attribute of `self` (`self._client` in `self._client.start()`), where the
//! class's own bindings of it say it ([`super::receivers`] for names): every method of the
//! class is read for `self.<attr>` bindings, and the class body for `<attr>` ones.
//!
//! - An annotation (`self._client: Client | None = None`, or `_client: Client` in the class
//!   body) declares the class: every annotation must name the same one (`Any` names none).
//! - Without one, every binding but `None` must be a call of one name (`self._c = Client()`,
//!   a class only if the checked code defines one) or a parameter annotated with one class
//!   (`def __init__(self, hooks: Hooks): self._hooks = hooks`).
//! - Any other binding (an augmented or unpacking assignment, another expression) leaves the
//!   class unknown, and so do bindings only in a base class or outside the class: not read.
//!
//! The tree a call is found in may hold only the function around it ([`crate::app`] parses
//! parts of files), so the class is parsed again: for a module-level class, its header and the
//! statements of its body whose text may bind the attribute (every binding read here spells
//! it before `=`, `:`, `,`, an operator or `in`: [`may_bind`]), else the whole top-level
//! definition around it, once per class. The class's statements are found once per class,
//! whatever attributes are asked of it. A syntax error in a statement that does not bind the
//! attribute does not hide the class.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

use super::receivers::{self, Known};
use crate::scan::asyncio_api::is_loop_getter;
use crate::scan::class_parts::class_statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{self, strip_parens, text};

/// The classes of `self` attributes in one file, read as calls ask for them.
pub struct Attributes<'s> {
    src: &'s str,
    parser: Option<Parser>,
    /// The file's top-level definitions (`None` inside when the lexer cannot tell).
    blocks: Option<Option<Vec<std::ops::Range<usize>>>>,
    /// Each top-level definition parsed, by its start.
    trees: HashMap<usize, Option<Tree>>,
    /// Each module-level class's header and the statements of its body, by the class's start
    /// (`None` where the lexer cannot tell them).
    statements: HashMap<usize, Option<ClassStatements>>,
    found: HashMap<(usize, String, bool), Option<Known>>,
}

/// A class's header and the statements of its body (byte ranges of the file).
type ClassStatements = (Range<usize>, Vec<Range<usize>>);

/// What one binding says of the attribute's class.
#[derive(PartialEq)]
enum Binding {
    /// `= None`: says nothing.
    Empty,
    /// A call of the name, or a parameter annotated with it.
    Class(String, bool),
    Other,
}

impl<'s> Attributes<'s> {
    pub fn new(src: &'s str) -> Self {
        Attributes {
            src,
            parser: None,
            blocks: None,
            trees: HashMap::new(),
            statements: HashMap::new(),
            found: HashMap::new(),
        }
    }

    /// The class of `receiver` when it is `self.<attr>` in a method and the class's bindings of
    /// the attribute say it.
    pub fn class_of(&mut self, receiver: Node) -> Option<Known> {
        self.class_of_reading(receiver, false)
    }

    /// The class of the values of `receiver`, `self.<attr>` in a method, when the class
    /// annotates the attribute, each time alike, as a mapping of one class (`Dict[str, Sub]`,
    /// `dict[str, "Sub"]`): what `self.<attr>.get(k)` or `self.<attr>[k]` gives.
    pub fn value_class_of(&mut self, receiver: Node) -> Option<Known> {
        self.class_of_reading(receiver, true)
    }

    fn class_of_reading(&mut self, receiver: Node, values: bool) -> Option<Known> {
        let receiver = strip_parens(receiver);
        if receiver.kind() != "attribute" {
            return None;
        }
        let object = strip_parens(receiver.child_by_field_name("object")?);
        let attribute = text(receiver.child_by_field_name("attribute")?, self.src).to_owned();
        let class = class_of_self(object, self.src)?;
        let key = (class.start_byte(), attribute, values);
        if let Some(found) = self.found.get(&key) {
            return found.clone();
        }
        let found = self.read(class.start_byte(), &key.1, values);
        self.found.insert(key, found.clone());
        found
    }

    /// Whether `receiver` is `self.<attr>` in a method and every binding of the attribute in
    /// the class (`None` aside) calls one of asyncio's loop getters
    /// (`self._aioloop = asyncio.get_running_loop()`, in `__init__` or any method it calls):
    /// the only object the attribute can then hold is that event loop.
    pub fn is_loop(&mut self, receiver: Node) -> bool {
        let attribute = (receiver.child_by_field_name("attribute")).map(|a| text(a, self.src));
        // Reading the class costs a parse: only where a line binds the attribute from a getter.
        attribute.is_some_and(|a| bound_from_getter(self.src.as_bytes(), a.as_bytes()))
            && self
                .class_of(receiver)
                .is_some_and(|known| known.made && is_loop_getter(known.class.as_bytes()))
    }

    /// The attribute's class, read in the class that starts at `start`: the parts of a
    /// module-level class that may bind the attribute, else the whole definition around it.
    fn read(&mut self, start: usize, attribute: &str, values: bool) -> Option<Known> {
        let src = self.src;
        let blocks = (self.blocks)
            .get_or_insert_with(|| crate::scan::partial::top_level_blocks(src.as_bytes()))
            .as_ref()?;
        let block = blocks
            .iter()
            .find(|b| b.start <= start && start < b.end)?
            .clone();
        let parser = self.parser.get_or_insert_with(syntax::new_parser);
        // A module-level class: only its header and the statements that may bind the
        // attribute, where all its bindings are (whole class blocks were most of the callers'
        // pass, and the statements that only read it most of what was left).
        let statements = self.statements.entry(start).or_insert_with(|| {
            let (header, body) = class_statements(src.as_bytes(), block.clone(), start)?;
            Some((header, body.into_iter().map(|s| s.range).collect()))
        });
        let source = SourceFile::new(src);
        if let Some((header, body)) = statements.as_ref() {
            let binding = |r: &&Range<usize>| may_bind(&src.as_bytes()[(*r).clone()], attribute);
            let parts: Vec<Range<usize>> = std::iter::once(header.clone())
                .chain(body.iter().filter(binding).cloned())
                .collect();
            // No statement binds it: no binding says a class (a header alone does not parse).
            if parts.len() == 1 {
                return None;
            }
            let partial = syntax::parse_ranges(parser, &source, &parts);
            if let Some(tree) = partial.filter(|t| !t.root_node().has_error()) {
                let class = class_at(tree.root_node(), start)?;
                return attribute_class(class, attribute, src, values);
            }
        }
        let tree = self.trees.entry(block.start).or_insert_with(|| {
            syntax::parse_ranges(parser, &source, &[block]).filter(|t| !t.root_node().has_error())
        });
        attribute_class(
            class_at(tree.as_ref()?.root_node(), start)?,
            attribute,
            src,
            values,
        )
    }
}

/// Whether `statement` (the text of one statement of a class body) may bind `attribute`: some
/// place spells it followed (past spaces, line ends, `\` and `)`) by anything but what only a
/// read of it may be followed by: `.`, `(`, `[`, `==`, `!=`, a word other than `in`, or the end
/// of the statement. A binding's target (`self.<attr> =`, `<attr>: T`, `self.<attr> +=`,
/// `for self.<attr> in`, `as self.<attr>:`, `self.<attr>, x =`, `[self.<attr>] =`) is followed
/// by none of those.
fn may_bind(statement: &[u8], attribute: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    memchr::memmem::find_iter(statement, attribute.as_bytes()).any(|at| {
        let rest = &statement[at + attribute.len()..];
        let skip = rest.iter().position(|b| !b" \t\r\n\\)".contains(b));
        let rest = &rest[skip.unwrap_or(rest.len())..];
        match rest {
            // A target is followed by something in its own statement.
            [] => false,
            [b'.' | b'(' | b'[', ..] | [b'=' | b'!', b'=', ..] => false,
            [first, ..] if word(*first) => {
                let length = rest.iter().position(|&b| !word(b)).unwrap_or(rest.len());
                &rest[..length] == b"in"
            }
            _ => true,
        }
    })
}

/// Whether some line of `src` spells `.<attribute> = ` and, after it, a loop getter's call
/// (a superset of the bindings [`Attributes::is_loop`] accepts).
fn bound_from_getter(src: &[u8], attribute: &[u8]) -> bool {
    memchr::memmem::find_iter(src, attribute).any(|at| {
        let rest = &src[at + attribute.len()..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let after = line.trim_ascii_start();
        at > 0
            && src[at - 1] == b'.'
            && after.starts_with(b"=")
            && !after.starts_with(b"==")
            && memchr::memmem::find(after, b"_loop(").is_some()
    })
}

/// The class definition of the tree that starts at `start`.
fn class_at(root: Node, start: usize) -> Option<Node> {
    let mut class = None;
    syntax::walk(root, |node| {
        if node.kind() == "class_definition" && node.start_byte() == start {
            class = Some(node);
        }
        class.is_none()
    });
    class
}

/// The class the bindings of `attribute` in `class` say (see the module's header).
/// With `values`, the class of the values the annotations say (nothing without one).
fn attribute_class(class: Node, attribute: &str, src: &str, values: bool) -> Option<Known> {
    let body = class.child_by_field_name("body")?;
    let mut annotations: Vec<Option<String>> = Vec::new();
    let mut bindings: Vec<Binding> = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let definition = match statement.kind() {
            "decorated_definition" => statement.child_by_field_name("definition"),
            _ => Some(statement),
        };
        match definition.map(|d| (d, d.kind())) {
            Some((function, "function_definition")) => {
                let Some(me) = self_name(function, src) else {
                    continue;
                };
                let target = format!("{me}.{attribute}");
                let found = (&mut annotations, &mut bindings);
                read_bindings(function, &target, src, found, values);
            }
            Some((_, "class_definition")) | None => {}
            // The class body's own `attribute: T` or `attribute = ...`.
            Some(_) => {
                if let Some(assignment) = class_level(statement, attribute, src) {
                    let binding = binding_of(assignment, None, src, &mut annotations, values);
                    bindings.push(binding);
                }
            }
        }
    }
    if values && annotations.is_empty() {
        return None;
    }
    if !annotations.is_empty() {
        let first = annotations.first()?.clone()?;
        let same = annotations
            .iter()
            .all(|a| a.as_deref() == Some(first.as_str()));
        return same.then_some(Known {
            class: first,
            made: false,
        });
    }
    let mut classes = bindings.iter().filter(|b| **b != Binding::Empty);
    let Some(Binding::Class(first, made)) = classes.next() else {
        return None;
    };
    let same = classes.all(|b| matches!(b, Binding::Class(c, m) if c == first && m == made));
    same.then(|| Known {
        class: first.clone(),
        made: *made,
    })
}

/// A class-level `attribute = value` or `attribute: T` statement.
fn class_level<'t>(statement: Node<'t>, attribute: &str, src: &str) -> Option<Node<'t>> {
    let assignment = (statement.kind() == "expression_statement")
        .then(|| statement.named_child(0))
        .flatten()
        .filter(|a| a.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    (left.kind() == "identifier" && text(left, src) == attribute).then_some(assignment)
}

/// Every binding of `target` (`self.attr`) in `function`, nested functions included (their
/// `self` is the method's), nested classes not.
fn read_bindings(
    function: Node,
    target: &str,
    src: &str,
    (annotations, bindings): (&mut Vec<Option<String>>, &mut Vec<Binding>),
    values: bool,
) {
    let compact = |node: Node| text(node, src).replace([' ', '\t', '\n', '\\', '(', ')'], "");
    syntax::walk(function, |node| {
        if node.kind() == "class_definition" {
            return false;
        }
        let left = match node.kind() {
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                node.child_by_field_name("left")
            }
            "as_pattern_target" => Some(node),
            _ => None,
        };
        let Some(left) = left else {
            return true;
        };
        if node.kind() == "assignment" && compact(left) == target {
            bindings.push(binding_of(node, Some(function), src, annotations, values));
        } else if (compact(left).split(',')).any(|part| part.trim_start_matches('*') == target) {
            bindings.push(Binding::Other);
        }
        true
    });
}

/// What one assignment to the attribute says: its annotation is kept in `annotations`.
fn binding_of(
    assignment: Node,
    function: Option<Node>,
    src: &str,
    annotations: &mut Vec<Option<String>>,
    values: bool,
) -> Binding {
    if let Some(annotation) = assignment.child_by_field_name("type") {
        annotations.push(match values {
            true => mapping_value_class(annotation, src),
            false => receivers::annotated_class(annotation, src),
        });
    }
    let Some(value) = assignment.child_by_field_name("right").map(strip_parens) else {
        // `self.x: T` declares without binding.
        return Binding::Empty;
    };
    let value = match value.kind() {
        "await" => value.named_child(0).map_or(value, strip_parens),
        _ => value,
    };
    match value.kind() {
        "none" => Binding::Empty,
        "call" => (value.child_by_field_name("function"))
            .and_then(|f| receivers::dotted_last(text(f, src)))
            .map_or(Binding::Other, |c| Binding::Class(c, true)),
        "identifier" => function
            .and_then(|f| receivers::parameter_class(f, text(value, src), src))
            .map_or(Binding::Other, |c| Binding::Class(c, false)),
        _ => Binding::Other,
    }
}

/// The class whose method binds `object` as its `self` (the innermost function binding the
/// name is a method of that class, with the name as its first parameter).
fn class_of_self<'t>(object: Node<'t>, src: &str) -> Option<Node<'t>> {
    if object.kind() != "identifier" {
        return None;
    }
    let name = text(object, src);
    let function = receivers::binder(object, name, src).filter(|f| f.kind() != "lambda")?;
    (self_name(function, src) == Some(name)).then_some(())?;
    let mut parent = function.parent()?;
    if parent.kind() == "decorated_definition" {
        parent = parent.parent()?;
    }
    parent.parent().filter(|c| c.kind() == "class_definition")
}

/// The name of `self` in `function`, a method defined directly in a class's body: its first
/// parameter, unless it is a `classmethod` or `staticmethod`.
fn self_name<'s>(function: Node, src: &'s str) -> Option<&'s str> {
    receivers::class_of_method(function, src)?;
    let decorated = function
        .parent()
        .filter(|p| p.kind() == "decorated_definition")
        .and_then(|d| src.get(d.start_byte()..function.start_byte()));
    if decorated.is_some_and(|d| d.contains("classmethod") || d.contains("staticmethod")) {
        return None;
    }
    crate::scan::params::first_parameter(function, src)
}

/// The one class of the values of a mapping an annotation names: `V` of `Dict[K, V]`,
/// `dict[K, V]`, `Mapping[K, V]`, `MutableMapping[K, V]` (`V` as [`receivers::annotated_class`] reads it).
fn mapping_value_class(annotation: Node, src: &str) -> Option<String> {
    let node = match annotation.kind() {
        "type" => annotation.named_child(0)?,
        _ => annotation,
    };
    let node = strip_parens(node);
    if !matches!(node.kind(), "generic_type" | "subscript") {
        return None;
    }
    let head = receivers::dotted_last(text(node.named_child(0)?, src))?;
    if !matches!(
        head.as_str(),
        "Dict" | "dict" | "Mapping" | "MutableMapping"
    ) {
        return None;
    }
    // `Dict[K, V]` in an annotation is a `generic_type` whose `type_parameter` holds both;
    // elsewhere a `subscript` whose indices follow its value.
    let (holder, skip) = match node.kind() {
        "generic_type" => (node.named_child(1)?, 0),
        _ => (node, 1),
    };
    let mut cursor = holder.walk();
    let arguments: Vec<Node> = (holder.named_children(&mut cursor))
        .skip(skip)
        .filter(|n| n.kind() != "comment")
        .collect();
    match arguments.as_slice() {
        [_, value] => receivers::annotated_class(*value, src),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Attributes, bound_from_getter, may_bind};

    #[test]
    fn a_statement_that_only_reads_the_attribute_binds_it_not() {
        for binds in [
            "self._c = Client()",
            "self._c: Client | None = None",
            "_c: Client",
            "self._c += 1",
            "self._c <<= 1",
            "for self._c in cs: pass",
            "with open() as self._c: pass",
            "self._c, x = 1, 2",
            "(self._c\n, x) = 1, 2",
            "[x, self._c] = 1, 2",
            "x = self._c = None",
            "self._c  # note\n",
            "self._cin = 1",
        ] {
            assert!(may_bind(binds.as_bytes(), "_c"), "{binds}");
        }
        for reads in [
            "self._c.start()",
            "self._c(1)",
            "self._c[k] = v",
            "if self._c == x: pass",
            "if self._c != x: pass",
            "return self._c\n    ",
            "self._c",
            "f(self._c)\nx = 1",
            "self._client = Client()",
            "if self._c is None: pass",
            "x = self._c if y else z",
        ] {
            assert!(!may_bind(reads.as_bytes(), "_c"), "{reads}");
        }
    }

    #[test]
    fn a_line_binds_the_attribute_from_a_loop_getter() {
        let bound = |src: &str| bound_from_getter(src.as_bytes(), b"aioloop");
        assert!(bound("        self.aioloop = asyncio.get_running_loop()\n"));
        assert!(bound("x.aioloop=new_event_loop()"));
        assert!(!bound("if self.aioloop == asyncio.get_running_loop():\n"));
        assert!(!bound("self.aioloop_x = asyncio.get_running_loop()\n"));
        assert!(!bound("aioloop = asyncio.get_running_loop()\n"));
        assert!(!bound("self.aioloop = other\nasyncio.get_running_loop()\n"));
    }
    use crate::project::receivers::Known;

    fn class_of(code: &str, receiver: &str) -> Option<Known> {
        let mut parser = crate::scan::syntax::new_parser();
        let tree = parser.parse(code, None).unwrap();
        let mut attributes = Attributes::new(code);
        let mut found = None;
        crate::scan::syntax::walk(tree.root_node(), |node| {
            if node.kind() == "attribute" && &code[node.byte_range()] == receiver {
                let parent = node.parent().unwrap();
                if parent.kind() == "attribute" {
                    found = attributes.class_of(node);
                }
            }
            true
        });
        found
    }

    #[test]
    fn the_class_s_bindings_of_an_attribute_say_its_class() {
        let known = |c: &str, made| {
            Some(Known {
                class: c.to_owned(),
                made,
            })
        };
        let annotated = "class A:\n    def __init__(self):\n        self._c: 'lib.Client | None' = None\n\n    def go(self):\n        self._c.start()\n";
        assert_eq!(class_of(annotated, "self._c"), known("Client", false));
        let made = "class A:\n    def __init__(self):\n        self._c = None\n\n    async def open(self):\n        self._c = await mod.Client()\n\n    def go(me):\n        me._c.start()\n";
        assert_eq!(class_of(made, "me._c"), known("Client", true));
        let handed = "class A:\n    def __init__(self, hooks: Hooks):\n        self._h = hooks\n        self._h.start()\n";
        assert_eq!(class_of(handed, "self._h"), known("Hooks", false));
        let field = "class A:\n    _c: Client\n\n    def go(self):\n        self._c.start()\n";
        assert_eq!(class_of(field, "self._c"), known("Client", false));
        for unknown in [
            "class A:\n    def __init__(self):\n        self._c: Any = None\n\n    def go(self):\n        self._c.start()\n",
            "class A:\n    def __init__(self, c):\n        self._c = c\n\n    def go(self):\n        self._c.start()\n",
            "class A:\n    def __init__(self):\n        self._c = B()\n        self._c, x = C(), 1\n\n    def go(self):\n        self._c.start()\n",
            "class A:\n    def __init__(self):\n        self._c = B()\n        self._c = C()\n\n    def go(self):\n        self._c.start()\n",
            "class A(Base):\n    def go(self):\n        self._c.start()\n",
            "def go(self):\n    self._c = B()\n    self._c.start()\n",
        ] {
            assert_eq!(class_of(unknown, "self._c"), None, "{unknown}");
        }
    }
}
