//! A call that runs only when a parameter is passed (`def update(self, p, is_initial=False):`
//! ... `if is_initial: self._set_timeout()`): which parameter guards it, and whether a call of
//! its function passes that parameter.

use tree_sitter::Node;

use crate::scan::syntax::{enclosing_function, strip_parens, text};

/// Values that leave a parameter as its default leaves it: the branch does not run.
const NOT_PASSED: &[&str] = &["False", "None"];

/// The function around `call` and the parameter that guards it (its name, and its position
/// after `self`, `usize::MAX` when keyword-only), when the call stands in the body of an `if`
/// whose test is that parameter (alone, or one side of an `and`) and the parameter's default is
/// `False` or `None`.
pub(super) fn guard<'t>(call: Node<'t>, src: &str) -> Option<(Node<'t>, (String, usize))> {
    let function = enclosing_function(call, &["lambda"])?;
    let mut child = call;
    while let Some(parent) = child.parent().filter(|p| *p != function) {
        let in_body = parent.child_by_field_name("consequence") == Some(child);
        if parent.kind() == "if_statement"
            && in_body
            && let Some(test) = parent.child_by_field_name("condition")
        {
            for name in tested_names(test, src) {
                if let Some(at) = defaulted(function, name, src) {
                    return Some((function, (name.to_owned(), at)));
                }
            }
        }
        child = parent;
    }
    None
}

/// The plain names `test` requires to be true: itself, or the sides of an `and`.
fn tested_names<'s>(test: Node, src: &'s str) -> Vec<&'s str> {
    let test = strip_parens(test);
    match test.kind() {
        "identifier" => vec![text(test, src)],
        "boolean_operator"
            if test.child_by_field_name("operator").map(|o| o.kind()) == Some("and") =>
        {
            let side = |field| {
                test.child_by_field_name(field)
                    .map(|s| tested_names(s, src))
            };
            (side("left").into_iter().chain(side("right")))
                .flatten()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The position after `self` of the parameter `name` of `function` whose default is `False` or
/// `None` (`usize::MAX` after a `*`), if it has one.
fn defaulted(function: Node, name: &str, src: &str) -> Option<usize> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let mut position = 0;
    let mut keyword_only = false;
    for (i, parameter) in parameters.named_children(&mut cursor).enumerate() {
        let own = |field| parameter.child_by_field_name(field).map(|n| text(n, src));
        match parameter.kind() {
            "default_parameter" | "typed_default_parameter" if own("name") == Some(name) => {
                let default = own("value")?;
                return (NOT_PASSED.contains(&default)).then_some(if keyword_only {
                    usize::MAX
                } else {
                    position
                });
            }
            "list_splat_pattern" | "keyword_separator" | "dictionary_splat_pattern" => {
                keyword_only = true;
            }
            // The receiver: a call's first argument is the next parameter.
            "identifier" if i == 0 && matches!(text(parameter, src), "self" | "cls") => continue,
            _ => {}
        }
        position += 1;
    }
    None
}

/// Whether `call` passes the parameter `name` at `position` (after `self`) a value other than
/// `False` or `None`: by keyword, by position, or possibly through `*args` / `**kwargs`.
pub(super) fn passes(call: Node, name: &str, position: usize, src: &str) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    let mut positional = 0;
    for argument in arguments.named_children(&mut cursor) {
        match argument.kind() {
            "keyword_argument" => {
                let own = |field| argument.child_by_field_name(field).map(|n| text(n, src));
                if own("name") == Some(name) {
                    return own("value").is_none_or(|v| !NOT_PASSED.contains(&v));
                }
            }
            "list_splat" | "dictionary_splat" => return true,
            "comment" => {}
            _ => {
                if positional == position {
                    return !NOT_PASSED.contains(&text(argument, src));
                }
                positional += 1;
            }
        }
    }
    false
}
