//! A state its function tests and then sets before a point (see [`super`]): `start` returns
//! unless its object is in some state (`if self._active: return`, `if self.state not in {None,
//! Restarting}: return`), then sets that state (`self._active = True`, or through a method of
//! the class whose body sets it on every path, `self._set_state(Starting)`) to a value its test
//! stops at.

use tree_sitter::{Node, Tree};

use super::tested::self_attribute;
use crate::scan::syntax::{self, strip_parens, text};

/// The file's whole tree, parsed when first asked for: the tree at hand holds only the parts
/// around the uses read, and a method that sets the state may stand elsewhere.
pub(crate) struct Whole<'s> {
    src: &'s str,
    tree: Option<Option<Tree>>,
}

impl<'s> Whole<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        Whole { src, tree: None }
    }

    pub(crate) fn tree(&mut self) -> Option<&Tree> {
        let src = self.src;
        let tree = self
            .tree
            .get_or_insert_with(|| syntax::parse(&mut syntax::new_parser(), src, None));
        tree.as_ref()
    }
}

/// `at` stands after a test of a state of `self` in `function`, and after a statement that sets
/// that state to a value the test stops at: a second run stops at the test.
pub(crate) fn set_under_test(at: Node, function: Node, src: &str, whole: &mut Whole) -> bool {
    tests(at, function, src).into_iter().any(|test| {
        let value = |v: Node| test.exits_at(v, src);
        set_before(at, &test, src, whole, &value)
    })
}

/// A test of a state of `self` that keeps the function from the use: an early exit of its
/// body (`if self._active: return`, `exits` when true) or an `if` whose body holds the use
/// (`if not self._active:`, `exits` when false).
struct Test<'t> {
    state: &'t str,
    condition: Node<'t>,
    exits: bool,
}

impl Test<'_> {
    /// With `self.state` set to `value`, the function exits at this test: a second run stops
    /// there until something else sets the state again.
    fn exits_at(&self, value: Node, src: &str) -> bool {
        evaluate(self.condition, self.state, value, src) == Some(self.exits)
    }
}

/// The tests of a state of `self` (the whole condition one test of `self.x`) before `at`.
fn tests<'t>(at: Node<'t>, function: Node<'t>, src: &'t str) -> Vec<Test<'t>> {
    let guards = super::tested::guards(at, function).into_iter();
    (guards.filter(|g| g.exits || g.in_consequence))
        .filter_map(|guard| {
            let condition = strip_parens(guard.condition);
            let state = match condition.kind() {
                "not_operator" => condition.child_by_field_name("argument"),
                "comparison_operator" => condition.named_child(0),
                _ => Some(condition),
            };
            let state = state.and_then(|s| self_attribute(strip_parens(s), src))?;
            Some(Test {
                state,
                condition,
                exits: guard.exits,
            })
        })
        .collect()
}

/// What `test` (`self.x`, `not self.x`, `self.x is None`, `self.x not in {A, B}`, `self.x ==
/// A`) is with `self.state` holding `value`, where the code shows it: constants compared
/// by their text (`True`, `None`, `1`, `"on"`, `State.Running`; two names of a class are two
/// members).
fn evaluate(test: Node, state: &str, value: Node, src: &str) -> Option<bool> {
    let test = strip_parens(test);
    match test.kind() {
        "not_operator" => {
            evaluate(test.child_by_field_name("argument")?, state, value, src).map(|b| !b)
        }
        "attribute" => (self_attribute(test, src) == Some(state))
            .then(|| truthy(value, src))
            .flatten(),
        "comparison_operator" => {
            let (Some(left), Some(right), 2) = (
                test.named_child(0),
                test.named_child(1),
                test.named_child_count(),
            ) else {
                return None;
            };
            if self_attribute(strip_parens(left), src) != Some(state) {
                return None;
            }
            let operator: String = (test.child_by_field_name("operators"))
                .map(|o| text(o, src))
                .or_else(|| test.child(1).map(|o| text(o, src)))?
                .split_whitespace()
                .collect();
            let same = match operator.as_str() {
                "is" | "==" | "isnot" | "!=" => equal(value, right, src)?,
                "in" | "notin" => {
                    let mut cursor = right.walk();
                    let items: Vec<Node> = match right.kind() {
                        "set" | "list" | "tuple" => right.named_children(&mut cursor).collect(),
                        _ => return None,
                    };
                    let each: Option<Vec<bool>> =
                        items.into_iter().map(|i| equal(value, i, src)).collect();
                    each?.contains(&true)
                }
                _ => return None,
            };
            Some(same != matches!(operator.as_str(), "isnot" | "!=" | "notin"))
        }
        _ => None,
    }
}

/// A constant's text: a literal, or a dotted name of a class's member (`State.Running`).
fn constant<'s>(node: Node, src: &'s str) -> Option<&'s str> {
    let node = strip_parens(node);
    let dotted = node.kind() == "attribute"
        && (node.child_by_field_name("object")).is_some_and(|o| o.kind() == "identifier");
    (matches!(
        node.kind(),
        "true" | "false" | "none" | "integer" | "float" | "string"
    ) || dotted)
        .then(|| text(node, src))
}

/// Two constants are the same where their texts are.
fn equal(a: Node, b: Node, src: &str) -> Option<bool> {
    Some(constant(a, src)? == constant(b, src)?)
}

/// Whether a literal is true: `True`, a number other than 0, a string with text in it.
fn truthy(value: Node, src: &str) -> Option<bool> {
    let value = strip_parens(value);
    let spelled = text(value, src);
    match value.kind() {
        "true" => Some(true),
        "false" | "none" => Some(false),
        "integer" | "float" => Some(!spelled.trim_start_matches(['0', '.']).is_empty()),
        _ => None,
    }
}

/// A statement before `at` (after the test), in its block or a block around it up to its
/// function, sets `self.state` to a value `exits` says stops a second run: itself, or through
/// a method of the class.
fn set_before(
    at: Node,
    test: &Test,
    src: &str,
    whole: &mut Whole,
    exits: &dyn Fn(Node) -> bool,
) -> bool {
    let mut statement = at;
    while let Some(parent) = statement.parent() {
        if matches!(
            parent.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            return false;
        }
        if parent.kind() == "block" {
            let mut before = statement.prev_named_sibling();
            let after_test = |n: &Node| n.start_byte() >= test.condition.end_byte();
            while let Some(node) = before.filter(after_test) {
                let set = assigned(node, test.state, src);
                if set.is_some_and(exits) || sets_through(node, test.state, src, whole, exits) {
                    return true;
                }
                before = node.prev_named_sibling();
            }
        }
        statement = parent;
    }
    false
}

/// The value `statement` assigns to `self.state` (`self.state = v`, `old, self.state = o, v`).
fn assigned<'t>(statement: Node<'t>, state: &str, src: &str) -> Option<Node<'t>> {
    let assignment = (statement.kind() == "expression_statement")
        .then(|| statement.named_child(0))
        .flatten()
        .filter(|a| a.kind() == "assignment")?;
    let left = assignment.child_by_field_name("left")?;
    let right = assignment.child_by_field_name("right")?;
    if self_attribute(left, src) == Some(state) {
        return Some(right);
    }
    // A tuple bound to a tuple: the value in the same place.
    let (mut l, mut r) = (left.walk(), right.walk());
    let targets: Vec<Node> = left.named_children(&mut l).collect();
    let values: Vec<Node> = right.named_children(&mut r).collect();
    let matching = matches!(left.kind(), "pattern_list" | "tuple_pattern")
        && matches!(right.kind(), "expression_list" | "tuple")
        && targets.len() == values.len();
    let place = targets
        .iter()
        .position(|t| self_attribute(*t, src) == Some(state));
    place.filter(|_| matching).map(|i| values[i])
}

/// `statement` is `self.m(...)` (`await`ed if `m` is an `async def`), `m` a method of the
/// class around it whose body sets `self.state` on every path, to a value `exits` accepts (a
/// parameter of `m`: the argument the call passes for it).
fn sets_through(
    statement: Node,
    state: &str,
    src: &str,
    whole: &mut Whole,
    exits: &dyn Fn(Node) -> bool,
) -> bool {
    let Some((awaited, "self", name)) = super::methods::invoked(statement, src) else {
        return false;
    };
    let here = super::methods::method_of_class(statement, name, src);
    let method = here.or_else(|| {
        let (start, end) = (statement.start_byte(), statement.end_byte());
        let node = whole
            .tree()?
            .root_node()
            .descendant_for_byte_range(start, end)?;
        super::methods::method_of_class(node, name, src)
    });
    let (Some(method), Some(call)) = (method, call_of(statement)) else {
        return false;
    };
    let is_async = method.child(0).is_some_and(|c| c.kind() == "async");
    let Some(body) = method
        .child_by_field_name("body")
        .filter(|_| awaited || !is_async)
    else {
        return false;
    };
    let sets = |node: Node| match assigned(node, state, src) {
        Some(v) if v.kind() == "identifier" => {
            argument(call, method, text(v, src), src).is_some_and(exits)
        }
        Some(v) => exits(v),
        None => false,
    };
    super::stopped::always(body, None, src, sets)
}

/// The call of the statement `self.m(...)` or `await self.m(...)`.
fn call_of(statement: Node) -> Option<Node> {
    let expression = strip_parens(statement.named_child(0)?);
    let call = match expression.kind() {
        "await" => strip_parens(expression.named_child(0)?),
        _ => expression,
    };
    (call.kind() == "call").then_some(call)
}

/// What `call` passes for the parameter `name` of `method` (after `self`): by its keyword or
/// in its place; `None` for a parameter it does not pass or for unpacked arguments.
fn argument<'t>(call: Node<'t>, method: Node, name: &str, src: &str) -> Option<Node<'t>> {
    let parameters = method.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let place = (parameters.named_children(&mut cursor))
        .position(|p| parameter_name(p, src) == Some(name))?
        .checked_sub(1)?;
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let passed: Vec<Node> = arguments.named_children(&mut cursor).collect();
    if (passed.iter()).any(|a| matches!(a.kind(), "list_splat" | "dictionary_splat")) {
        return None;
    }
    let keyword = passed.iter().find(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name").map(|n| text(n, src)) == Some(name)
    });
    match keyword {
        Some(k) => k.child_by_field_name("value"),
        None => passed
            .get(place)
            .filter(|a| a.kind() != "keyword_argument")
            .copied(),
    }
}

/// The name of a parameter (`state`, `state: State`, `state=None`).
fn parameter_name<'s>(parameter: Node, src: &'s str) -> Option<&'s str> {
    let name = match parameter.kind() {
        "identifier" => Some(parameter),
        "typed_parameter" => parameter
            .named_child(0)
            .filter(|n| n.kind() == "identifier"),
        "default_parameter" | "typed_default_parameter" => parameter.child_by_field_name("name"),
        _ => None,
    };
    name.map(|n| text(n, src))
}
