//! A call of the method that binds a task (see [`super::callers`]) in a flag's setter that turns
//! the flag on only when it was off, where the flag off means no live task:
//!
//! ```python
//! def set_streaming(self, on: bool):
//!     if self._on == on:
//!         return
//!     self._on = on
//!     if on and ...:
//!         self.start()          # the call read here
//!     elif not on:
//!         self.stop()           # cancels the task on every path
//! ```
//!
//! The call runs only where `self._on` turned from off to on (`on` a `bool`, and the setter
//! returns when unchanged). The task is live only while the flag is on when, in the class,
//! - every binding of the task (`self._task = <not None>`) stands under a test that the flag
//!   is on (`if self._on`, or a property whose body is `return self._on`), and
//! - the flag is set nowhere but in `__init__` and this setter, which stops the task where it
//!   turns the flag off (an `elif not on:` or `else:` that calls one of the class's methods
//!   that cancel the task on every path, [`super::state::stopped`]).
//!
//! So a live task at the call would have had to outlive the flag's turn off, which stopped it.

use tree_sitter::Node;

use super::state::Whole;
use crate::scan::syntax::{self, strip_parens, text};

/// The flag's words, for the evidence.
pub const WORDS: &str = "once per turn of a flag from off to on, which its function tests and \
    sets first and whose turn off stops the task, and the task is bound only while it is on";

/// `call` (`self.name(...)`) runs only when the flag its task needs turns on (see the module).
pub(super) fn turned(
    call: Node,
    name: &str,
    attribute: &str,
    stops: &[(String, bool)],
    src: &str,
    whole: &mut Whole,
) -> bool {
    let Some(setter) = shape(call, src) else {
        return false;
    };
    let once = (call.child_by_field_name("function"))
        .is_some_and(|f| super::own_state::once_in(f, call, setter.function, name, src));
    if !once {
        return false;
    }
    if !setter.stops_when_off(stops, src) {
        return false;
    }
    // The class whole: the tree at hand may hold only the parts around the uses read.
    let (start, end) = (setter.function.start_byte(), setter.function.end_byte());
    let Some(function) = whole.tree().and_then(|t| {
        let node = t.root_node().descendant_for_byte_range(start, end)?;
        (node.kind() == "function_definition").then_some(node)
    }) else {
        return false;
    };
    let Some(class) = class_of(function) else {
        return false;
    };
    let flag = setter.flag;
    binds_only_when_on(class, name, attribute, flag, src) && set_only_by(class, function, flag, src)
}

/// The setter's shape around the call: its `bool` parameter, the flag, and the `if` whose
/// body holds the call.
struct Setter<'t, 's> {
    function: Node<'t>,
    parameter: &'s str,
    flag: &'s str,
    branch: Node<'t>,
}

/// The call in a setter (see the module): `if self.F == p: return`, then `self.F = p`, then an
/// `if p and ...:` whose body holds the call, each at the top of the function's body.
fn shape<'t, 's>(call: Node<'t>, src: &'s str) -> Option<Setter<'t, 's>> {
    let function = strip_parens(call.child_by_field_name("function")?);
    let receiver = function.child_by_field_name("object")?;
    if function.kind() != "attribute" || text(receiver, src) != "self" {
        return None;
    }
    let function = syntax::enclosing_function(call, &["lambda"])?;
    let body = function.child_by_field_name("body")?;
    let branch = top_statement(call, body)?;
    let in_consequence = (branch.child_by_field_name("consequence"))
        .is_some_and(|c| c.start_byte() <= call.start_byte() && call.end_byte() <= c.end_byte());
    if branch.kind() != "if_statement" || !in_consequence || in_loop(call, branch) {
        return None;
    }
    let mut cursor = body.walk();
    let before: Vec<Node> = (body.named_children(&mut cursor))
        .take_while(|s| s.id() != branch.id())
        .collect();
    let (flag, parameter) = before.iter().find_map(|s| unchanged_exit(*s, src))?;
    let set = before.iter().any(|s| {
        let assignment = s.named_child(0).filter(|a| a.kind() == "assignment");
        let left = assignment.and_then(|a| a.child_by_field_name("left"));
        let right = assignment.and_then(|a| a.child_by_field_name("right"));
        left.is_some_and(|l| self_attribute(l, src) == Some(flag))
            && right.is_some_and(|r| r.kind() == "identifier" && text(r, src) == parameter)
    });
    let condition = branch.child_by_field_name("condition")?;
    let on = conjuncts(condition)
        .iter()
        .any(|c| text(*c, src) == parameter);
    (set && on && boolean_parameter(function, parameter, src)).then_some(Setter {
        function,
        parameter,
        flag,
        branch,
    })
}

impl Setter<'_, '_> {
    /// An `elif not p:` or `else:` of the branch calls a method of `stops` on `self` at the
    /// top of its body.
    fn stops_when_off(&self, stops: &[(String, bool)], src: &str) -> bool {
        let mut cursor = self.branch.walk();
        let alternatives: Vec<Node> = (self
            .branch
            .children_by_field_name("alternative", &mut cursor))
        .collect();
        alternatives.iter().any(|clause| {
            let off = match clause.kind() {
                "else_clause" => true,
                "elif_clause" => clause.child_by_field_name("condition").is_some_and(|c| {
                    let c = strip_parens(c);
                    c.kind() == "not_operator"
                        && (c.child_by_field_name("argument"))
                            .is_some_and(|a| text(strip_parens(a), src) == self.parameter)
                }),
                _ => false,
            };
            let field = if clause.kind() == "else_clause" {
                "body"
            } else {
                "consequence"
            };
            let Some(block) = clause.child_by_field_name(field) else {
                return false;
            };
            let mut cursor = block.walk();
            let mut statements = block.named_children(&mut cursor);
            off && statements.any(|s| {
                super::state::invoked(s, src).is_some_and(|(awaited, object, method)| {
                    object == "self"
                        && (stops.iter())
                            .any(|(stop, is_async)| stop == method && awaited == *is_async)
                })
            })
        })
    }
}

/// `if self.F == p: return` (or `p == self.F`), a block of only `return`: `F` and `p`.
fn unchanged_exit<'s>(statement: Node, src: &'s str) -> Option<(&'s str, &'s str)> {
    if statement.kind() != "if_statement" || statement.child_by_field_name("alternative").is_some()
    {
        return None;
    }
    let block = statement.child_by_field_name("consequence")?;
    let mut cursor = block.walk();
    let statements: Vec<Node> = (block.named_children(&mut cursor))
        .filter(|s| s.kind() != "comment")
        .collect();
    let only_return = matches!(&statements[..], [r] if r.kind() == "return_statement");
    let test = strip_parens(statement.child_by_field_name("condition")?);
    let operator = test.child_by_field_name("operators").map(|o| text(o, src));
    let operator = operator.or_else(|| test.child(1).map(|o| text(o, src)));
    if !only_return || test.kind() != "comparison_operator" || operator != Some("==") {
        return None;
    }
    let (left, right) = (test.named_child(0)?, test.named_child(1)?);
    let pair = |a: Node, b: Node| {
        let flag = self_attribute(strip_parens(a), src)?;
        (b.kind() == "identifier").then(|| (flag, text(b, src)))
    };
    (test.named_child_count() == 2)
        .then(|| pair(left, right).or_else(|| pair(right, left)))
        .flatten()
}

/// `p: bool` (with or without a default) among the function's parameters: a second value that
/// passes the unchanged test is the other one.
fn boolean_parameter(function: Node, parameter: &str, src: &str) -> bool {
    let Some(parameters) = function.child_by_field_name("parameters") else {
        return false;
    };
    let mut cursor = parameters.walk();
    parameters.named_children(&mut cursor).any(|p| {
        let named = match p.kind() {
            "typed_parameter" => p.named_child(0),
            "typed_default_parameter" => p.child_by_field_name("name"),
            _ => None,
        };
        named.is_some_and(|n| text(n, src) == parameter)
            && (p.child_by_field_name("type")).is_some_and(|t| text(t, src) == "bool")
    })
}

/// Every binding of `self.attribute` in the class to something other than `None` stands in
/// the body of an `if` that says the flag is on.
fn binds_only_when_on(class: Node, name: &str, attribute: &str, flag: &str, src: &str) -> bool {
    let properties = properties_of(class, flag, src);
    let on = |condition: Node| {
        conjuncts(condition)
            .iter()
            .any(|c| self_attribute(*c, src).is_some_and(|a| a == flag || properties.contains(&a)))
    };
    let mut bound = 0;
    let mut all = true;
    syntax::walk(class, |node| {
        let Some((left, right)) = assignment(node) else {
            return true;
        };
        if self_attribute(left, src) != Some(attribute) || right.kind() == "none" {
            return true;
        }
        bound += 1;
        let in_method = syntax::enclosing_function(node, &["lambda"])
            .and_then(|f| f.child_by_field_name("name"))
            .is_some_and(|n| text(n, src) == name);
        all &= in_method && under(node, &on);
        true
    });
    all && bound > 0
}

/// `self.flag` is assigned only in `__init__` and in `setter`.
fn set_only_by(class: Node, setter: Node, flag: &str, src: &str) -> bool {
    let mut only = true;
    syntax::walk(class, |node| {
        let left = match node.kind() {
            "augmented_assignment" => node.child_by_field_name("left"),
            _ => assignment(node).map(|(l, _)| l),
        };
        let sets = left.is_some_and(|l| {
            let mut targets = vec![l];
            let mut cursor = l.walk();
            targets.extend(l.named_children(&mut cursor));
            targets
                .iter()
                .any(|t| self_attribute(*t, src) == Some(flag))
        });
        if sets {
            let function = syntax::enclosing_function(node, &["lambda"]);
            let name = function.and_then(|f| f.child_by_field_name("name"));
            only &= function.is_some_and(|f| f.id() == setter.id())
                || name.is_some_and(|n| text(n, src) == "__init__");
        }
        true
    });
    only
}

/// The properties of the class whose body is `return self.flag`.
fn properties_of<'s>(class: Node, flag: &str, src: &'s str) -> Vec<&'s str> {
    let Some(body) = class.child_by_field_name("body") else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    let decorated = body
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorated_definition");
    decorated
        .filter_map(|d| {
            let mut cursor = d.walk();
            let property = (d.named_children(&mut cursor))
                .any(|c| c.kind() == "decorator" && text(c, src).trim() == "@property");
            let function = d.child_by_field_name("definition")?;
            let block = function.child_by_field_name("body")?;
            let returned = (block.named_children(&mut block.walk()))
                .filter(|s| s.kind() != "comment" && !is_docstring(*s))
                .collect::<Vec<_>>();
            let returns_flag = matches!(&returned[..], [r] if r.kind() == "return_statement"
                && r.named_child(0).is_some_and(|v| self_attribute(strip_parens(v), src) == Some(flag)));
            (property && returns_flag)
                .then(|| function.child_by_field_name("name").map(|n| text(n, src)))
                .flatten()
        })
        .collect()
}

fn is_docstring(statement: Node) -> bool {
    statement.kind() == "expression_statement"
        && statement.named_child_count() == 1
        && statement
            .named_child(0)
            .is_some_and(|s| s.kind() == "string")
}

/// The class whose body holds `function` (decorated or not).
fn class_of(function: Node) -> Option<Node> {
    let mut at = function.parent();
    if at.is_some_and(|d| d.kind() == "decorated_definition") {
        at = at.and_then(|d| d.parent());
    }
    at.filter(|b| b.kind() == "block")
        .and_then(|b| b.parent())
        .filter(|c| c.kind() == "class_definition")
}

/// `node` stands in the body of an `if` whose condition `on` accepts, within its function.
fn under(node: Node, on: &dyn Fn(Node) -> bool) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if matches!(parent.kind(), "function_definition" | "lambda") {
            return false;
        }
        if parent.kind() == "if_statement"
            && parent.child_by_field_name("consequence") == Some(child)
            && parent.child_by_field_name("condition").is_some_and(on)
        {
            return true;
        }
        child = parent;
    }
    false
}

/// The sides of an `and` chain (the condition itself when it is none).
fn conjuncts(condition: Node) -> Vec<Node> {
    let condition = strip_parens(condition);
    let is_and = condition.kind() == "boolean_operator"
        && (condition.child_by_field_name("operator")).is_some_and(|o| o.kind() == "and");
    if !is_and {
        return vec![condition];
    }
    let mut sides = Vec::new();
    for field in ["left", "right"] {
        if let Some(side) = condition.child_by_field_name(field) {
            sides.extend(conjuncts(side));
        }
    }
    sides
}

/// `left = right`, one target.
fn assignment(node: Node) -> Option<(Node, Node)> {
    (node.kind() == "assignment")
        .then(|| {
            Some((
                node.child_by_field_name("left")?,
                node.child_by_field_name("right")?,
            ))
        })
        .flatten()
}

/// `self.x`: `x`.
fn self_attribute<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    let object = node.child_by_field_name("object").map(strip_parens);
    (node.kind() == "attribute" && object.is_some_and(|o| text(o, src) == "self"))
        .then(|| node.child_by_field_name("attribute"))
        .flatten()
        .map(|a| text(a, src))
}

/// The statement at the top of `body` that holds `node`.
fn top_statement<'t>(node: Node<'t>, body: Node<'t>) -> Option<Node<'t>> {
    let mut at = node;
    while let Some(parent) = at.parent() {
        if parent.id() == body.id() {
            return Some(at);
        }
        at = parent;
    }
    None
}

/// A loop or lambda between `node` and `top`.
fn in_loop(node: Node, top: Node) -> bool {
    let mut at = node.parent();
    while let Some(n) = at.filter(|n| n.id() != top.id()) {
        if matches!(n.kind(), "for_statement" | "while_statement" | "lambda") {
            return true;
        }
        at = n.parent();
    }
    false
}
