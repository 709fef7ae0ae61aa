//! Function summaries, second half (issue 35, point 3): what a function of the checked code does
//! with the value handed in each of its parameters, read off its body. A task handed to
//! `def track(self, task): self._tasks.add(task)` is kept by `self._tasks` as surely as if the
//! caller had added it; one handed to a function that keeps it only in a `WeakSet`, or does
//! nothing with it, is kept by nothing there.
//!
//! Only what the body proves on every path counts: a store under an `if`, or after a `return`
//! that may be taken first, is no keep. A parameter the body binds again, reads in a nested
//! function, or uses in a way not listed here is `Unknown`. What a summary is, and how a caller
//! reads it, is [`super::handler`].

use std::collections::HashSet;

use tree_sitter::Node;

use super::awaits::{awaiting, awaits_all, awaits_each, reached};
use super::handler::{Arg, Handler, Handling, Param, parameters};
use super::holders::{Made, Module, binds, declares_global, unconditional};
pub use super::may_define::may_handle as may_define;
use crate::scan::syntax::{strip_parens, text, walk};

/// The summaries of the module's functions and of its classes' methods (at the top level), of
/// a whole, error-free tree; only those that do something known with some parameter.
pub fn handlers(root: Node, src: &str) -> Vec<Handler> {
    let module = Module::new(root);
    let root = &module;
    let mut found: Vec<Handler> = Vec::new();
    let mut cursor = module.root.walk();
    for node in module.root.named_children(&mut cursor) {
        let node = definition(node);
        match node.kind() {
            "function_definition" => found.extend(handler(node, None, root, src)),
            "class_definition" => {
                let name = node
                    .child_by_field_name("name")
                    .map_or("?", |n| text(n, src));
                let scope = Some(Scope { class: node, name });
                let Some(body) = node.child_by_field_name("body") else {
                    continue;
                };
                let mut inner = body.walk();
                let methods = body.named_children(&mut inner).map(definition);
                for method in methods.filter(|m| m.kind() == "function_definition") {
                    found.extend(handler(method, scope, root, src));
                }
            }
            _ => {}
        }
    }
    follow_one_level(&mut found);
    // Only a function that does something known with what it is handed says more than the
    // general reason of its callers' `unknown`; a done callback, what it reads.
    found.retain(|h| h.outcome.is_some() || h.params.iter().any(|p| p.1 != Handling::Unknown));
    found
}

/// The parameter's handling where it tells more than `unknown` of a task handed in: kept
/// (weakly too), awaited, passed on (followed later), or keeping nothing of what the body
/// treats as a task or future (it adds a done callback to it, or cancels it). Most parameters
/// are no task, and their summaries would only grow the index.
fn telling(name: &str, handling: Handling, body: &str) -> Handling {
    let task_like = || {
        body.contains(&format!("{name}.add_done_callback("))
            || body.contains(&format!("{name}.cancel()"))
    };
    match handling {
        Handling::Keeps { .. }
        | Handling::Awaits { .. }
        | Handling::AwaitsEach { .. }
        | Handling::HandsOn { .. }
        | Handling::Guards { .. }
        | Handling::Polls { .. } => handling,
        Handling::Nothing | Handling::Cancels if task_like() => handling,
        _ => Handling::Unknown,
    }
}

/// Each parameter passed on to another function of the file (`self.m(p)` in the same class,
/// `helper(p)`) takes that function's handling of it, if it keeps or awaits it; one level
/// only, so no chain of calls is followed: anything else passed on is `Unknown`.
fn follow_one_level(found: &mut [Handler]) {
    let target = |found: &[Handler], class: Option<&str>, callee: &str, arg: &Arg| {
        let (class, name) = match callee.strip_prefix("self.") {
            Some(method) => (Some(class?), method),
            None => (None, callee),
        };
        let handler = (found.iter()).find(|h| h.class.as_deref() == class && h.function == name)?;
        let (_, handling) = handler.param(arg)?;
        matches!(
            handling,
            Handling::Keeps { .. } | Handling::Awaits { .. } | Handling::AwaitsEach { .. }
        )
        .then(|| handling.clone())
    };
    let before = found.to_vec();
    for handler in found.iter_mut() {
        let class = handler.class.clone();
        for (_, handling) in handler.params.iter_mut() {
            if let Handling::HandsOn { callee, arg } = handling {
                let followed = target(&before, class.as_deref(), callee, arg);
                *handling = followed.unwrap_or(Handling::Unknown);
            }
        }
    }
}

/// A decorated definition's own definition.
fn definition(node: Node) -> Node {
    match node.kind() {
        "decorated_definition" => node.child_by_field_name("definition").unwrap_or(node),
        _ => node,
    }
}

#[derive(Clone, Copy)]
struct Scope<'t, 's> {
    class: Node<'t>,
    name: &'s str,
}

fn handler(function: Node, class: Option<Scope>, root: &Module, src: &str) -> Option<Handler> {
    let name = text(function.child_by_field_name("name")?, src).to_owned();
    let body = function.child_by_field_name("body")?;
    let decorated = |word: &str| {
        function.parent().is_some_and(|d| {
            d.kind() == "decorated_definition" && text(d, src).lines().any(|l| l.contains(word))
        })
    };
    let mut params = parameters(function, src);
    // `self` or `cls` is the object, not a value handed in.
    if class.is_some() && !decorated("@staticmethod") && !params.is_empty() {
        params.remove(0);
    }
    let frame = Frame::of(body, src);
    let guard = super::guards::is_context_manager(function, src);
    let params: Vec<(Param, Handling)> = params
        .into_iter()
        .map(|p| {
            let guarded = guard.then(|| super::guards::guard_of(&p.name, body, src));
            let handling = match guarded.flatten() {
                Some(g) => Handling::Guards {
                    yields: g.yields,
                    cancels: g.cancels,
                    awaits: g.awaits,
                },
                None => handling_of(&p.name, &frame, body, class, root, src),
            };
            let handling = match handling {
                Handling::Nothing | Handling::Cancels => {
                    let polled = super::polls::polled(&p.name, function, body, src);
                    polled.map_or(handling, |(reads, cancels)| Handling::Polls {
                        reads,
                        cancels,
                    })
                }
                handling => handling,
            };
            let handling = telling(&p.name, handling, text(body, src));
            (p, handling)
        })
        .collect();
    Some(Handler {
        function: name,
        class: class.map(|c| c.name.to_owned()),
        line: function.start_position().row + 1,
        params,
        outcome: super::outcome::read_by(function, src),
    })
}

/// The names of a function's body, read once for all its parameters: the identifiers of its
/// own frame, in source order, and every name mentioned in a closure or a nested class.
struct Frame<'t, 's> {
    own: Vec<(Node<'t>, &'s str)>,
    nested: HashSet<&'s str>,
}

impl<'t, 's> Frame<'t, 's> {
    fn of(body: Node<'t>, src: &'s str) -> Self {
        let mut own = Vec::new();
        let mut nested = HashSet::new();
        walk(body, |node| {
            if matches!(
                node.kind(),
                "lambda" | "function_definition" | "class_definition"
            ) {
                walk(node, |n| {
                    if n.kind() == "identifier" {
                        nested.insert(text(n, src));
                    }
                    true
                });
                return false;
            }
            if node.kind() == "identifier" {
                own.push((node, text(node, src)));
            }
            true
        });
        Frame { own, nested }
    }
}

/// What the body does with the parameter `name`, from every read of it in the function's own
/// frame.
fn handling_of(
    name: &str,
    frame: &Frame,
    body: Node,
    class: Option<Scope>,
    root: &Module,
    src: &str,
) -> Handling {
    // Read in a closure: the closure may keep it.
    if frame.nested.contains(name) {
        return Handling::Unknown;
    }
    let mut uses = Vec::new();
    for &(node, _) in frame.own.iter().filter(|(n, t)| *t == name && is_read(*n)) {
        match use_of(node, body, class, root, src) {
            Some(used) => uses.push(used),
            None => return Handling::Unknown,
        }
    }
    let rank = |h: &Handling| match h {
        Handling::Keeps { weak: false, .. } => 0,
        Handling::Awaits { .. } | Handling::AwaitsEach { .. } => 1,
        Handling::HandsOn { .. } => 2,
        Handling::Returns => 3,
        Handling::Keeps { weak: true, .. } => 4,
        Handling::Cancels => 5,
        Handling::Guards { .. }
        | Handling::Polls { .. }
        | Handling::Nothing
        | Handling::Unknown => 6,
    };
    let strong = |h: &Handling| matches!(h, Handling::Keeps { weak: false, .. });
    // Passed on twice, or passed on and returned: what the other does is not followed.
    let open = uses
        .iter()
        .filter(|h| matches!(h, Handling::HandsOn { .. } | Handling::Returns));
    if !uses.iter().any(strong) && open.count() > 1 {
        return Handling::Unknown;
    }
    // Never read: most such parameters are a callback's unused arguments, and a summary of
    // each would be kept for nothing.
    uses.into_iter()
        .min_by_key(rank)
        .unwrap_or(Handling::Unknown)
}

/// The identifier is a read of the name: not an attribute's field, a keyword's name, or a
/// target (a parameter written again is `Unknown` through [`use_of`]).
fn is_read(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let field = |f: &str| {
        parent
            .child_by_field_name(f)
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind() {
        "attribute" => !field("attribute"),
        "keyword_argument" => !field("name"),
        _ => true,
    }
}

/// What one read does with the value, or `None` where it is not one of the known uses.
fn use_of(
    node: Node,
    body: Node,
    class: Option<Scope>,
    root: &Module,
    src: &str,
) -> Option<Handling> {
    let at = crate::scan::syntax::outside_parens(node);
    let parent = at.parent()?;
    let line = node.start_position().row + 1;
    match parent.kind() {
        // Awaited on some paths only: what the others do is not known.
        "await" => reached(parent, body).then_some(Handling::Awaits { line }),
        // `gather(*p)`, `gather(*(f(t) for t in p))`: each element awaited.
        "list_splat" | "for_in_clause" => {
            let awaits = |coroutine: Node, position| {
                let handler = handler(coroutine, None, root, src);
                let param = handler.as_ref().and_then(|h| h.param(&Arg::At(position)));
                matches!(param, Some((_, Handling::Awaits { .. })))
            };
            awaits_each(at, body, src, awaits).then_some(Handling::AwaitsEach { line })
        }
        "return_statement" => Some(Handling::Returns),
        "expression_statement" => Some(Handling::Nothing),
        // `p.cancel()`, `p.add_done_callback(...)`: the object's own methods keep nothing.
        "attribute" if parent.child_by_field_name("object") == Some(at) => {
            let call = parent.parent().filter(|c| c.kind() == "call")?;
            let method = text(parent.child_by_field_name("attribute")?, src);
            Some(match method {
                "cancel" => Handling::Cancels,
                _ if call.child_by_field_name("function") == Some(parent) => Handling::Nothing,
                _ => return None,
            })
        }
        "argument_list" => {
            let call = parent.parent().filter(|c| c.kind() == "call")?;
            let function = call.child_by_field_name("function")?;
            let callee: String = text(function, src).split_whitespace().collect();
            if let Some(holder) = stored_by(&callee) {
                return keeps(holder, at, (body, class, root), false, src);
            }
            if awaiting(&callee) {
                return awaits_all(call, body, src).then_some(Handling::Awaits { line });
            }
            let mut cursor = parent.walk();
            let position = (parent.named_children(&mut cursor)).position(|a| a.id() == at.id())?;
            let mut before = (0..position).filter_map(|i| parent.named_child(i as u32));
            // After a `*xs`, the position is not known.
            if before.any(|a| a.kind().ends_with("splat") || a.kind() == "keyword_argument") {
                return None;
            }
            Some(Handling::HandsOn {
                callee,
                arg: Arg::At(position),
            })
        }
        "keyword_argument" => {
            let call = parent.parent()?.parent().filter(|c| c.kind() == "call")?;
            let callee = text(call.child_by_field_name("function")?, src);
            let name = text(parent.child_by_field_name("name")?, src).to_owned();
            let callee = callee.split_whitespace().collect();
            Some(Handling::HandsOn {
                callee,
                arg: Arg::Named(name),
            })
        }
        // `holder[k] = p`, `self.x = p`, `X = p` (a global).
        "assignment" if parent.child_by_field_name("right") == Some(at) => {
            let left = strip_parens(parent.child_by_field_name("left")?);
            let holder = match left.kind() {
                "subscript" => left.child_by_field_name("value")?,
                "attribute" => left,
                "identifier" => left,
                _ => return None,
            };
            // The attribute or the global itself holds it; a subscript's holder is a container.
            let direct = left.kind() != "subscript";
            keeps(
                holder_text(holder, src)?,
                at,
                (body, class, root),
                direct,
                src,
            )
        }
        _ => None,
    }
}

/// `holder.add`, `holder.append`, `holder.appendleft`: the holder, as written.
fn stored_by(callee: &str) -> Option<&str> {
    let (holder, method) = callee.rsplit_once('.')?;
    matches!(method, "add" | "append" | "appendleft").then_some(holder)
}

fn holder_text<'s>(holder: Node, src: &'s str) -> Option<&'s str> {
    matches!(holder.kind(), "attribute" | "identifier").then(|| text(holder, src))
}

/// A store into `holder`, which must be the object's attribute (`self.x`) or a module-level
/// name (not one the function binds for itself), made on every path; `direct` for `holder = p`,
/// where the holder is the reference.
fn keeps(
    holder: &str,
    at: Node,
    (body, class, root): (Node, Option<Scope>, &Module),
    direct: bool,
    src: &str,
) -> Option<Handling> {
    if !unconditional(at, body) {
        return None;
    }
    let line = at.start_position().row + 1;
    let (scope, class_name) = match holder.strip_prefix("self.") {
        Some(attribute) if !attribute.contains(['.', '[']) => {
            let class = class?;
            (class.class, Some(class.name.to_owned()))
        }
        Some(_) => return None,
        None if holder.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            let global = declares_global(body, holder, src);
            if !global && (direct || binds(body, holder, src)) {
                return None; // the function's own local
            }
            (root.root, None)
        }
        None => return None,
    };
    // What the holder is made as: a weak container holds nothing; an unknown one proves
    // nothing.
    let weak = match direct {
        true => false,
        false => match root.made_as(holder, scope, class_name.is_none(), src)? {
            Made::Strong => false,
            Made::Weak => true,
        },
    };
    Some(Handling::Keeps {
        holder: holder.to_owned(),
        class: class_name,
        weak,
        direct,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summarize(code: &str) -> Vec<Handler> {
        let tree = crate::scan::syntax::new_parser().parse(code, None).unwrap();
        handlers(tree.root_node(), code)
    }

    fn of(code: &str, function: &str) -> Vec<Handling> {
        let found = summarize(code);
        let handler = found.iter().find(|h| h.function == function);
        handler.map_or(Vec::new(), |h| {
            h.params.iter().map(|(_, h)| h.clone()).collect()
        })
    }

    #[test]
    fn a_method_that_adds_to_its_objects_set_keeps_strongly() {
        let code = "class Pool:\n    def __init__(self):\n        self._store = set()\n\
                    \x20   def _add(self, task):\n        task.add_done_callback(self._store.remove)\n\
                    \x20       self._store.add(task)\n";
        let kept = of(code, "_add");
        assert!(
            matches!(&kept[..], [Handling::Keeps { holder, weak: false, .. }] if holder == "self._store")
        );
    }

    #[test]
    fn a_weak_holder_keeps_nothing_and_an_unknown_one_proves_nothing() {
        let weak = "import weakref\n_T = weakref.WeakSet()\ndef keep(t):\n    _T.add(t)\n";
        assert!(matches!(
            &of(weak, "keep")[..],
            [Handling::Keeps { weak: true, .. }]
        ));
        let unknown = "_T = make()\ndef keep(t):\n    _T.add(t)\n";
        assert!(of(unknown, "keep").is_empty());
    }

    #[test]
    fn an_attribute_keeps_and_a_local_of_the_same_name_does_not() {
        let code = "class C:\n    def set(self, t):\n        self.t = t\n";
        assert!(matches!(
            &of(code, "set")[..],
            [Handling::Keeps { weak: false, .. }]
        ));
        let local = "_T = set()\ndef keep(t):\n    _T = []\n    _T.append(t)\n";
        assert!(of(local, "keep").is_empty());
    }

    #[test]
    fn only_a_store_on_every_path_keeps() {
        let code = "_T = set()\ndef keep(t, now):\n    if now:\n        _T.add(t)\n";
        assert_eq!(of(code, "keep"), Vec::<Handling>::new());
        let early = "_T = set()\ndef keep(t, now):\n    if now:\n        return\n    _T.add(t)\n";
        assert!(of(early, "keep").is_empty());
        let awaited = "async def wait(t, x):\n    await t\n";
        assert!(matches!(
            &of(awaited, "wait")[..],
            [Handling::Awaits { .. }, Handling::Unknown]
        ));
    }

    #[test]
    fn passed_on_one_level_and_read_in_a_closure() {
        let code = "_T = set()\ndef keep(x, t):\n    _T.add(t)\ndef f(t):\n    keep(1, t)\n\
                    def g(t):\n    f(t)\ndef h(t):\n    _T.add(t)\n    return lambda: t\n";
        assert!(matches!(&of(code, "f")[..], [Handling::Keeps { .. }]));
        // Two levels are not followed.
        assert!(of(code, "g").is_empty());
        assert!(of(code, "h").is_empty());
    }
}
