//! The never-suspends rule of [`super::first_step_method`] for a method on `self` whose awaits
//! leave the task in the loop's ready queue one call further, through the elements of a list
//! attribute (asysocks' `__gen_passwords`: `for gen in self.password_gens: await
//! gen.run(self.__passwords_queue)`, then `await self.__passwords_queue.put(None)`).
//!
//! Each `await` of the method, and of each element's method it calls, must be one of:
//! `asyncio.sleep(0)` (the ready queue, `scan::ready_queue`); `put` on an attribute of `self`
//! that the file binds only to an unbounded asyncio queue (or `None`, whose `put` raises),
//! or on a parameter the call binds to such an attribute (`put` on an unbounded queue never
//! waits); or `v.m(...)`, `v` the target of a `for v in self.items:` and bound nowhere else,
//! where every element the file puts in `items` (`x.items = []`, `x.items.append(C(...))`;
//! anything else the file does with `items` but `for` and `len` stops the proof) is made by
//! `C(...)` of a module-level class with no base, decorator, metaclass or `__new__`, so its
//! `m` is `C`'s own undecorated `async def`.
//!
//! Never kept, only `unknown`: a subclass may replace the method, and code outside the file
//! may put other elements in a public list. `check` is silent; `audit` says what is unknown.

use std::cell::OnceCell;
use std::collections::HashMap;

use tree_sitter::{Node, Tree};

use super::asyncio_queues::QueueNames;
use super::first_step_text::{bytes_assign_attribute, elements_pass_text};
use super::scope::{Binding, binding};
use super::site_class::class_of;
use super::suspends::is_plain_coroutine;
use crate::scan::ready_queue::{is_sleep_zero, is_unbounded_queue};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{self, strip_parens, text, walk, walk_with_ancestors};

/// What one file's sites share: the file parsed whole, once for all of them (the proof reads
/// every spelling of the list in the file; a file with eight sites that pass the text test was
/// parsed eight times), and each method name's text test, a scan of the file.
#[derive(Default)]
pub struct WholeTree {
    tree: OnceCell<Option<Tree>>,
    by_text: HashMap<String, bool>,
}

/// Why the task of a site whose coroutine is `called` (`self.m`, written in the innermost of
/// `enclosing`) is not known to be dropped; `None` when the file proves no such thing.
pub fn unknown_reason(
    called: Node,
    enclosing: &[Node],
    source: &SourceFile,
    queues: &QueueNames,
    whole: &mut WholeTree,
) -> Option<String> {
    let src = source.text;
    let receiver = strip_parens(called.child_by_field_name("object")?);
    if receiver.kind() != "identifier" || text(receiver, src) != "self" {
        return None;
    }
    let name = text(called.child_by_field_name("attribute")?, src);
    let passes = *(whole.by_text)
        .entry(name.to_owned())
        .or_insert_with(|| elements_pass_text(src, name).is_some());
    if !passes {
        return None;
    }
    let site_class = class_of(enclosing, "self", src)?;
    let tree = (whole.tree).get_or_init(|| syntax::parse(&mut syntax::new_parser(), src, None));
    let root = tree.as_ref()?.root_node();
    if root.has_error() {
        return None;
    }
    let class = class_at(root, site_class.start_byte())?;
    let Binding::Definition(method) = binding(class, name, src) else {
        return None;
    };
    if !plain_class(class, src) || !undecorated_coroutine(method, src) {
        return None;
    }
    let reader = Reader {
        src,
        root,
        class,
        queues,
    };
    let mut elements = Vec::new();
    reader.quiet(method, &[], Some(&mut elements))?;
    let class_name = text(class.child_by_field_name("name")?, src);
    let line = method.start_position().row + 1;
    let through = match elements.as_slice() {
        [] => String::new(),
        each => format!(", or {}", each.join(", or ")),
    };
    Some(format!(
        "asyncio: each await of its coroutine `{class_name}.{name}` (line {line}) is \
         `asyncio.sleep(0)` or a `put` on an unbounded asyncio queue{through}, whose awaits are \
         of those kinds too: the loop's ready queue holds the task to its end; but a subclass \
         may override `{name}`, and code outside this file may add other elements"
    ))
}

#[derive(Clone, Copy)]
struct Reader<'t, 's> {
    src: &'s str,
    root: Node<'t>,
    /// The class of the method read: `self` in it is one of these.
    class: Node<'t>,
    /// The names through which the file makes asyncio's queues.
    queues: &'s QueueNames,
}

impl<'t, 's> Reader<'t, 's> {
    /// Whether every await of `definition` leaves the task in the ready queue. `queues` are
    /// the parameters bound to unbounded queues; `elements` (the site's method only; `None` one
    /// call further) collects, for the evidence, each element call read and the classes made.
    fn quiet(
        &self,
        definition: Node<'t>,
        queues: &[&str],
        mut elements: Option<&mut Vec<String>>,
    ) -> Option<()> {
        let body = definition.child_by_field_name("body")?;
        let mut ok = true;
        walk_with_ancestors(body, |node, ancestors, _| {
            if !ok {
                return false;
            }
            match node.kind() {
                "yield" | "async" => ok = false,
                // Their bodies run in another frame: any await there stops the proof.
                "function_definition" | "lambda" => {
                    ok = !awaits_in(node);
                    return false;
                }
                "await" if node.is_named() => {
                    ok = self
                        .awaited(node, definition, ancestors, queues, elements.as_deref_mut())
                        .is_some();
                }
                _ => {}
            }
            ok
        });
        ok.then_some(())
    }

    fn awaited(
        &self,
        node: Node<'t>,
        definition: Node<'t>,
        ancestors: &[Node<'t>],
        queues: &[&str],
        elements: Option<&mut Vec<String>>,
    ) -> Option<()> {
        let src = self.src;
        let call = strip_parens(node.named_child(0)?);
        if call.kind() != "call" {
            return None;
        }
        let is_asyncio = |o: Node| o.kind() == "identifier" && text(o, src) == "asyncio";
        if is_sleep_zero(call, src, is_asyncio) {
            return Some(());
        }
        let function = strip_parens(call.child_by_field_name("function")?);
        if function.kind() != "attribute" {
            return None;
        }
        let object = strip_parens(function.child_by_field_name("object")?);
        let method = text(function.child_by_field_name("attribute")?, src);
        let body = definition.child_by_field_name("body")?;
        if method == "put" {
            let unbounded = match object.kind() {
                "identifier" => {
                    let p = text(object, src);
                    queues.contains(&p) && !super::scope::bound_anywhere(body, p, src)
                }
                _ => self.unbounded_attribute(object),
            };
            return unbounded.then_some(());
        }
        // `v.m(...)` of the elements of `self.items`, one call deep only.
        let elements = elements?;
        if object.kind() != "identifier" {
            return None;
        }
        let target = text(object, src);
        let items = self.loop_over_self(ancestors, target, body)?;
        let arguments = call.child_by_field_name("arguments")?;
        let mut made = Vec::new();
        for class in self.elements_of(items)? {
            let Binding::Definition(element_method) = binding(class, method, src) else {
                return None;
            };
            if !undecorated_coroutine(element_method, src)
                || bytes_assign_attribute(src.as_bytes(), method)
            {
                return None;
            }
            let queues = self.queue_parameters(arguments, element_method)?;
            // `self` in the element's method is the element: its attributes are its class's.
            let element = Reader { class, ..*self };
            element.quiet(element_method, &queues, None)?;
            made.push(format!(
                "`{}`",
                text(class.child_by_field_name("name")?, src)
            ));
        }
        let entry = format!(
            "`{method}` of an element of `self.{items}` (this file adds only {})",
            made.join(" and ")
        );
        if !elements.contains(&entry) {
            elements.push(entry);
        }
        Some(())
    }

    /// The attribute `items` of `self.items` when `target` is the target of the `for` around
    /// the await that loops over it, and the method names `target` nowhere else but as the
    /// receiver of a method call or that target.
    fn loop_over_self(&self, ancestors: &[Node<'t>], target: &str, body: Node) -> Option<&str> {
        let src = self.src;
        let for_loop = ancestors.iter().rev().find(|a| {
            a.kind() == "for_statement"
                && a.child_by_field_name("left")
                    .is_some_and(|l| l.kind() == "identifier" && text(l, src) == target)
        })?;
        let right = strip_parens(for_loop.child_by_field_name("right")?);
        let items = self_attribute(right, src)?;
        let mut only = true;
        walk(body, |n| {
            if n.kind() == "identifier" && text(n, src) == target {
                let parent = n.parent();
                let is_receiver = parent.is_some_and(|p| {
                    p.kind() == "attribute" && p.child_by_field_name("object") == Some(n)
                });
                let is_target =
                    parent == Some(*for_loop) && for_loop.child_by_field_name("left") == Some(n);
                only &= is_receiver || is_target;
            }
            only
        });
        only.then_some(items)
    }

    /// The classes whose instances the file puts in any attribute `items`: every spelling of
    /// `.items` is an empty list bound to it, an `append(C(...))` of a plain module-level
    /// class, or read by a `for` or by `len`.
    fn elements_of(&self, items: &str) -> Option<Vec<Node<'t>>> {
        let src = self.src;
        if setattr_spells(src, items) {
            return None;
        }
        let mut classes: Vec<Node<'t>> = Vec::new();
        let mut ok = true;
        walk(self.root, |n| {
            if !ok {
                return false;
            }
            if !is_attribute_named(n, items, src) {
                return true;
            }
            ok = match n.parent() {
                Some(p) if p.kind() == "assignment" && p.child_by_field_name("left") == Some(n) => {
                    p.child_by_field_name("right")
                        .is_some_and(|r| r.kind() == "list" && r.named_child_count() == 0)
                }
                Some(p) if p.kind() == "for_statement" => p.child_by_field_name("right") == Some(n),
                Some(p) if p.kind() == "argument_list" => p
                    .parent()
                    .and_then(|c| c.child_by_field_name("function"))
                    .is_some_and(|f| f.kind() == "identifier" && text(f, src) == "len"),
                Some(p) if p.kind() == "attribute" => match self.appended_class(p) {
                    Some(class) => {
                        if !classes.contains(&class) {
                            classes.push(class);
                        }
                        true
                    }
                    None => false,
                },
                _ => false,
            };
            ok
        });
        (ok && !classes.is_empty()).then_some(classes)
    }

    /// The class `C` of `x.items.append(C(...))`, given the attribute `x.items.append`: a plain
    /// class the module binds once.
    fn appended_class(&self, append: Node<'t>) -> Option<Node<'t>> {
        let src = self.src;
        if text(append.child_by_field_name("attribute")?, src) != "append" {
            return None;
        }
        let call = append.parent().filter(|c| c.kind() == "call")?;
        if call.child_by_field_name("function") != Some(append) {
            return None;
        }
        let arguments = call.child_by_field_name("arguments")?;
        let [made] = syntax::elements(arguments)[..] else {
            return None;
        };
        let made = strip_parens(made);
        let maker = strip_parens(
            made.child_by_field_name("function")
                .filter(|_| made.kind() == "call")?,
        );
        if maker.kind() != "identifier" {
            return None;
        }
        match binding(self.root, text(maker, src), src) {
            Binding::Definition(class)
                if class.kind() == "class_definition" && plain_class(class, src) =>
            {
                Some(class)
            }
            _ => None,
        }
    }

    /// The parameters of `element_method` (after `self`) the call binds to `self.q` attributes
    /// that are unbounded queues: positionally or by keyword. `None` for a splat.
    fn queue_parameters(&self, arguments: Node, element_method: Node<'t>) -> Option<Vec<&'s str>> {
        let src = self.src;
        let parameters = element_method.child_by_field_name("parameters")?;
        let mut cursor = parameters.walk();
        let names: Vec<Option<&str>> = parameters
            .named_children(&mut cursor)
            .map(|p| match p.kind() {
                "identifier" => Some(text(p, src)),
                "default_parameter" | "typed_default_parameter" | "typed_parameter" => p
                    .named_child(0)
                    .filter(|n| n.kind() == "identifier")
                    .map(|n| text(n, src)),
                _ => None,
            })
            .collect();
        if names.first().copied().flatten() != Some("self") {
            return None;
        }
        let mut queues = Vec::new();
        for (at, argument) in syntax::elements(arguments).into_iter().enumerate() {
            match argument.kind() {
                "list_splat" | "dictionary_splat" => return None,
                "keyword_argument" => {
                    let (Some(name), Some(value)) = (
                        argument.child_by_field_name("name"),
                        argument.child_by_field_name("value"),
                    ) else {
                        return None;
                    };
                    if self.unbounded_attribute(strip_parens(value)) {
                        queues.push(text(name, src));
                    }
                }
                _ => {
                    if self.unbounded_attribute(strip_parens(argument))
                        && let Some(Some(name)) = names.get(at + 1)
                    {
                        queues.push(*name);
                    }
                }
            }
        }
        Some(queues)
    }

    /// Whether `node` is `self.q` where every binding the file spells of an attribute `q` is
    /// `self.q = <unbounded asyncio queue>` (or `= None`, whose `put` raises) in the site's
    /// class.
    fn unbounded_attribute(&self, node: Node) -> bool {
        let src = self.src;
        let Some(attribute) = self_attribute(node, src) else {
            return false;
        };
        if setattr_spells(src, attribute) || self.mangled_elsewhere(attribute) {
            return false;
        }
        let class_range = self.class.byte_range();
        let private = attribute.starts_with("__") && !attribute.ends_with("__");
        let mut bound = false;
        let mut ok = true;
        walk(self.root, |n| {
            if !ok {
                return false;
            }
            // A private name is mangled with its class's: another class's `self.__q` is
            // another attribute.
            if !is_attribute_named(n, attribute, src)
                || (private && !class_range.contains(&n.start_byte()))
            {
                return true;
            }
            let Some(parent) = n.parent() else {
                return true;
            };
            let binds = match parent.kind() {
                "assignment" | "augmented_assignment" => {
                    parent.child_by_field_name("left") == Some(n)
                }
                "pattern_list" | "tuple_pattern" | "list_pattern" | "for_statement" => true,
                _ => false,
            };
            if binds {
                ok = parent.kind() == "assignment"
                    && class_range.contains(&n.start_byte())
                    && self_attribute(n, src).is_some()
                    && parent.child_by_field_name("right").is_some_and(|r| {
                        let r = strip_parens(r);
                        r.kind() == "none"
                            || is_unbounded_queue(r, src, |f| self.queues.makes_queue(f, src))
                    });
                bound |= ok;
            }
            ok
        });
        ok && bound
    }

    /// A private name (`__q`) spelled mangled (`_Class__q`) anywhere: bound out of sight.
    fn mangled_elsewhere(&self, attribute: &str) -> bool {
        if !attribute.starts_with("__") || attribute.ends_with("__") {
            return false;
        }
        let src = self.src;
        let class = self
            .class
            .child_by_field_name("name")
            .map_or("", |n| text(n, src));
        src.contains(&format!("_{}{attribute}", class.trim_start_matches('_')))
    }
}

/// `self.<name>`: the name.
fn self_attribute<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    if node.kind() != "attribute" {
        return None;
    }
    let object = strip_parens(node.child_by_field_name("object")?);
    if object.kind() != "identifier" || text(object, src) != "self" {
        return None;
    }
    node.child_by_field_name("attribute").map(|a| text(a, src))
}

fn is_attribute_named(node: Node, name: &str, src: &str) -> bool {
    node.kind() == "attribute"
        && node
            .child_by_field_name("attribute")
            .is_some_and(|a| text(a, src) == name)
}

/// `setattr` and the name quoted: an attribute bound by its string.
fn setattr_spells(src: &str, name: &str) -> bool {
    src.contains("setattr")
        && (src.contains(&format!("\"{name}\"")) || src.contains(&format!("'{name}'")))
}

/// A module-level class with no base (but `object`), no decorator, no keyword (a metaclass)
/// and none of the methods that change what `C(...)` makes or what `x.m` finds.
fn plain_class(class: Node, src: &str) -> bool {
    if class.parent().is_none_or(|p| p.kind() != "module") {
        return false;
    }
    let based = class
        .child_by_field_name("superclasses")
        .is_some_and(|bases| {
            syntax::elements(bases)
                .iter()
                .any(|b| text(*b, src) != "object")
        });
    let spelled = text(class, src);
    !based
        && ![
            "__new__",
            "__getattr",
            "__init_subclass__",
            "abstractmethod",
            "__class__",
        ]
        .iter()
        .any(|w| spelled.contains(w))
}

/// An `async def` with no decorator: its first parameter is the instance.
fn undecorated_coroutine(definition: Node, src: &str) -> bool {
    is_plain_coroutine(definition, src)
        && definition
            .parent()
            .is_none_or(|p| p.kind() != "decorated_definition")
}

/// The class definition of the tree that starts at `start`.
fn class_at(root: Node, start: usize) -> Option<Node> {
    let mut class = None;
    walk(root, |node| {
        if node.kind() == "class_definition" && node.start_byte() == start {
            class = Some(node);
        }
        class.is_none() && node.start_byte() <= start && start < node.end_byte()
    });
    class
}

/// Whether a nested function or lambda awaits or yields anywhere.
fn awaits_in(node: Node) -> bool {
    let mut found = false;
    walk(node, |n| {
        found |= matches!(n.kind(), "await" | "yield" | "async");
        !found
    });
    found
}
