//! Whether the keeper `keep-with` names does what it is declared to take (see `helper`).

use tree_sitter::Node;

use super::keeper_function::coroutine_task;
use crate::scan::params::parameter_name;
use crate::scan::syntax::text;
use crate::settings::Takes;

/// Whether a definition of the `keep-with` keeper agrees with what it is declared to take: one
/// that makes a task of its parameter takes a coroutine; one that adds its parameter to a set or
/// gives it a done callback takes a task. `Err` says what the body does instead.
pub fn check_contract(def: Node, src: &str, takes: Takes, method: bool) -> Result<(), String> {
    let Some(parameters) = def.child_by_field_name("parameters") else {
        return Ok(());
    };
    let mut cursor = parameters.walk();
    let mut params = parameters
        .named_children(&mut cursor)
        .filter_map(|p| parameter_name(p, src));
    if method {
        params.next(); // `self`
    }
    let Some(param) = params.next() else {
        return Err("takes no argument".to_owned());
    };
    let Some(body) = def.child_by_field_name("body") else {
        return Ok(());
    };
    let body_text: String = text(body, src).split_whitespace().collect();
    match takes {
        Takes::Task if coroutine_task(body, src, param).is_some() => Err(format!(
            "makes a task of its argument `{param}` (declare `takes = \"coroutine\"`)"
        )),
        Takes::Coroutine
            if body_text.contains(&format!("{param}.add_done_callback("))
                || body_text.contains(&format!(".add({param})")) =>
        {
            Err(format!(
                "keeps its argument `{param}` as a task (declare `takes = \"task\"`)"
            ))
        }
        _ => Ok(()),
    }
}
