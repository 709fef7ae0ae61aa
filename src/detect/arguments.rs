//! The arguments a call hands one of the project's functions, as far as a function summary
//! ([`crate::project::summaries`]) can decide its path from them.

use tree_sitter::Node;

use crate::project::summaries::{Args, Decision, Returns, Value};
use crate::scan::syntax::{strip_parens, text};

/// Whether the call of `function` (the callee as written) gets one of the function's tasks
/// back, and when its arguments do not decide it, why.
pub fn decide(returns: &Returns, function: Node, src: &str) -> Decision {
    match arguments(function, src) {
        Some(args) => returns.decide(&args),
        None => {
            Decision::Unknown("returns a task on some paths only, and is not called here".into())
        }
    }
}

/// The arguments of the call of `function` (the callee as written), or of the call a loop's
/// `call_soon(function, *args)` makes later; `None` where it is not called there.
pub fn arguments(function: Node, src: &str) -> Option<Args> {
    let parent = function.parent()?;
    let mut args = Args::default();
    let mut cursor = parent.walk();
    match parent.kind() {
        "call" if parent.child_by_field_name("function") == Some(function) => {
            let list = parent.child_by_field_name("arguments")?;
            if list.kind() != "argument_list" {
                args.positional.push(Value::Unknown); // a generator argument
                return Some(args);
            }
            for arg in list.named_children(&mut cursor) {
                add(&mut args, arg, src);
            }
        }
        // `loop.call_soon(function, a, b)`: the positional arguments after it are its own; the
        // keywords are the loop's (`context=`).
        "argument_list" => {
            let after = parent.named_children(&mut cursor);
            let mut seen = false;
            for arg in after {
                if seen && arg.kind() != "keyword_argument" {
                    add(&mut args, arg, src);
                }
                seen |= arg.id() == function.id();
            }
        }
        _ => return None,
    }
    Some(args)
}

fn add(args: &mut Args, arg: Node, src: &str) {
    match arg.kind() {
        "comment" => {}
        "list_splat" => args.spread = true,
        "dictionary_splat" => args.spread_keywords = true,
        "keyword_argument" => {
            let name = arg.child_by_field_name("name").map(|n| text(n, src));
            let value = arg
                .child_by_field_name("value")
                .map_or(Value::Unknown, |v| literal(v, src));
            if let Some(name) = name {
                args.keywords.insert(name.to_owned(), value);
            }
        }
        _ => args.positional.push(literal(arg, src)),
    }
}

/// A literal's value: `None`, `True`, `False`, a decimal integer, a plain string.
pub(super) fn literal(node: Node, src: &str) -> Value {
    let node = strip_parens(node);
    match node.kind() {
        "none" => Value::None,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "integer" => {
            (text(node, src).replace('_', "").parse().ok()).map_or(Value::Unknown, Value::Int)
        }
        "string" => {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.named_children(&mut cursor).collect();
            let plain = |n: &Node| match n.kind() {
                "string_start" => text(*n, src)
                    .chars()
                    .all(|c| matches!(c, '"' | '\'' | 'r' | 'R' | 'u' | 'U')),
                "string_end" => true,
                "string_content" => n.named_child_count() == 0,
                _ => false,
            };
            if !parts.iter().all(plain) {
                return Value::Unknown;
            }
            let content = parts.iter().find(|n| n.kind() == "string_content");
            Value::Str(content.map_or("", |c| text(*c, src)).to_owned())
        }
        _ => Value::Unknown,
    }
}
