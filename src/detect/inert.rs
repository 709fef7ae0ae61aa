//! A task handed to a function of the same module that keeps no reference to it: the function's
//! body only reads or sets the task's attributes and calls its methods (mitmproxy's
//! `set_task_debug_info(t, name=...)`: `task.created = time.time()`, `task.set_name(name)`).
//! The body of a function in the checked code proves it; anything else it does with the
//! parameter (binds it, passes it on, returns it, reads it in a nested function) proves nothing.

use tree_sitter::Node;

use crate::scan::params::{ParamKind, parameters};
use crate::scan::syntax::{strip_parens, text, walk};

/// Whether `read` (a name that holds a task) is an argument of a call to a function of this
/// module, or a method of the enclosing class through `self`, that keeps no reference to it.
///
/// The definition is read off the text, not the tree: a partial parse (the prefilter's) holds
/// only the parts around task calls, and the answer must not depend on it.
pub fn handed_to_inert(read: Node, src: &str) -> bool {
    let Some((call, arg)) = argument_of(read, src) else {
        return false;
    };
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let found = match function.kind() {
        "identifier" => module_function(text(function, src), src).map(|d| (d, false)),
        "attribute"
            if function
                .child_by_field_name("object")
                .is_some_and(|o| o.kind() == "identifier" && text(o, src) == "self") =>
        {
            let name = function
                .child_by_field_name("attribute")
                .map(|a| text(a, src));
            name.and_then(|n| enclosing_method(call, n, src))
                .map(|d| (d, true))
        }
        _ => None,
    };
    let Some((definition, is_method)) = found else {
        return false;
    };
    let mut parser = crate::scan::syntax::new_parser();
    let Some(tree) = parser.parse(&definition, None) else {
        return false;
    };
    let root = tree.root_node();
    let Some(def) = root.named_child(0).map(unwrap_decorated) else {
        return false;
    };
    if root.has_error() || def.kind() != "function_definition" {
        return false;
    }
    keeps_nothing(def, is_method, &arg, &definition)
}

/// Whether the parameter `arg` names in `def` is only ever the object of an attribute.
fn keeps_nothing(def: Node, is_method: bool, arg: &Arg, src: &str) -> bool {
    let params = parameters(def);
    let params = &params[usize::from(is_method).min(params.len())..];
    let param = match *arg {
        Arg::At(i) => params
            .get(i)
            .filter(|p| matches!(p.kind, ParamKind::Either | ParamKind::PositionalOnly)),
        Arg::Named(name) => params.iter().find(|p| {
            matches!(p.kind, ParamKind::Either | ParamKind::KeywordOnly)
                && p.name.is_some_and(|n| text(n, src) == name)
        }),
    };
    let Some(name) = param.and_then(|p| p.name).map(|n| text(n, src)) else {
        return false;
    };
    def.child_by_field_name("body")
        .is_some_and(|body| only_its_attributes(body, name, src))
}

enum Arg<'s> {
    At(usize),
    Named(&'s str),
}

/// The call `read` is an argument of, and where it stands (a starred or unpacked argument is
/// no position).
fn argument_of<'t, 's>(read: Node<'t>, src: &'s str) -> Option<(Node<'t>, Arg<'s>)> {
    let parent = read.parent()?;
    let (list, arg) = match parent.kind() {
        "argument_list" => {
            let mut cursor = parent.walk();
            let mut before = parent
                .named_children(&mut cursor)
                .take_while(|c| c.id() != read.id());
            if before.any(|c| matches!(c.kind(), "list_splat" | "dictionary_splat")) {
                return None;
            }
            let mut cursor = parent.walk();
            let at = parent
                .named_children(&mut cursor)
                .position(|c| c.id() == read.id())?;
            (parent, Arg::At(at))
        }
        "keyword_argument" => {
            let name = parent.child_by_field_name("name")?;
            (parent.parent()?, Arg::Named(text(name, src)))
        }
        _ => return None,
    };
    let call = list.parent().filter(|c| c.kind() == "call")?;
    Some((call, arg))
}

/// The text of the module-level `def name` (the last one: Python binds the name to it), unless
/// something else binds the name after it.
fn module_function(name: &str, src: &str) -> Option<String> {
    let start = definitions(src, 0..src.len(), name)
        .filter(|&(_, indent)| indent == 0)
        .last()?
        .0;
    let end = definition_end(src, start, 0);
    let rebound = memchr::memmem::find_iter(src.as_bytes(), name.as_bytes())
        .any(|at| at >= end && rebinds_at(src, at, name));
    (!rebound).then(|| src[start..end].to_owned())
}

/// The text of the method `name` of the class around `node`, dedented to column 0: the
/// definition of least indentation in the class's body (nested ones are deeper).
fn enclosing_method<'a>(node: Node, name: &str, src: &'a str) -> Option<String> {
    let mut class = node.parent();
    while let Some(c) = class.filter(|c| c.kind() != "class_definition") {
        class = c.parent();
    }
    let class = class?;
    let base = class.start_position().column;
    let found: Vec<(usize, usize)> = definitions(src, class.byte_range(), name)
        .filter(|&(_, indent)| indent > base)
        .collect();
    let least = found.iter().map(|&(_, indent)| indent).min()?;
    let (start, indent) = *found.iter().rfind(|&&(_, i)| i == least)?;
    let end = definition_end(src, start, indent).min(class.end_byte().max(start));
    let lines = src[start..end].split_inclusive('\n');
    // Each line of the method is indented at least as much as its `def` (blank lines aside).
    let dedent = |line: &'a str| match line.get(..indent) {
        Some(margin) if margin.trim().is_empty() => line.get(indent..).unwrap_or_default(),
        _ => line.trim_start_matches([' ', '\t']),
    };
    Some(lines.map(dedent).collect())
}

/// The line starts and indentations of `def name(` (or `async def name(`), a decorator above it
/// included, in `range` of the text.
fn definitions<'a>(
    src: &'a str,
    range: std::ops::Range<usize>,
    name: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let text = src.get(range.clone()).unwrap_or_default();
    let mut offset = range.start;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let code = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - code.len();
        let rest = code.strip_prefix("async ").map_or(code, str::trim_start);
        let after = rest.strip_prefix("def ")?.trim_start().strip_prefix(name)?;
        after
            .trim_start()
            .starts_with('(')
            .then(|| (decorated_from(src, start, indent), indent))
    })
}

/// The start of the decorators right above the line at `start` with the same indentation.
fn decorated_from(src: &str, mut start: usize, indent: usize) -> usize {
    while start > 0 {
        let above = src[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &src[above..start];
        let code = line.trim_start_matches([' ', '\t']);
        if line.len() - code.len() != indent || !code.starts_with('@') {
            break;
        }
        start = above;
    }
    start
}

/// Where the definition whose first line (or decorator) starts at `start` ends: its header may
/// span lines inside its brackets (`def f(\n    task,\n):`), then its body is indented deeper.
/// A bracket inside a string can mislead it; the parse then fails, and nothing is proved.
fn definition_end(src: &str, start: usize, indent: usize) -> usize {
    let def = src[start..].find("def ").map_or(start, |at| start + at);
    let mut depth = 0usize;
    let mut header_last_line = def;
    for (at, c) in src[def..].char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '\n' if depth == 0 => break,
            '\n' => header_last_line = def + at + 1,
            _ => {}
        }
    }
    crate::scan::blocks::block_end(src, header_last_line, indent)
}

/// `name = ...` or `import ... as name` at `at`, at the start of a line.
fn rebinds_at(src: &str, at: usize, name: &str) -> bool {
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..at].trim_start();
    let after = src[at + name.len()..].trim_start();
    (before.is_empty() && after.starts_with('=') && !after.starts_with("=="))
        || before.ends_with(" as ")
        || before.starts_with("import ")
}

fn unwrap_decorated(node: Node) -> Node {
    match node.kind() {
        "decorated_definition" => node.child_by_field_name("definition").unwrap_or(node),
        _ => node,
    }
}

/// Every use of `name` in `body` is the object of an attribute (`p.x`, `p.m()`, `p.x = v`),
/// outside any nested function or lambda, and nothing binds `name` again.
fn only_its_attributes(body: Node, name: &str, src: &str) -> bool {
    let mut inert = true;
    walk(body, |node| {
        if !inert {
            return false;
        }
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" => {
                inert = crate::scan::words::whole(text(node, src), name)
                    .next()
                    .is_none();
                false
            }
            "identifier" if text(node, src) == name => {
                let object_of_attribute = node.parent().is_some_and(|p| {
                    p.kind() == "attribute"
                        && p.child_by_field_name("object").map(strip_parens) == Some(node)
                });
                inert = object_of_attribute;
                false
            }
            _ => true,
        }
    });
    inert
}
