//! A decorator of the checked code proven to hand back the function it decorates, so the
//! decorated `async def` stays the coroutine function as written (exam35q: a project's
//! `@bindto("sendto")` that only sets an attribute on its function).
//!
//! Trusted only when the decorator is a function of the same module, bound there once by a
//! top-level `def` (no `global` rebinding it, no star import, no scope around the decorated
//! definition binding the name again), and either
//!
//! - plain (`@deco`): `def deco(f): ...; return f`, or
//! - a factory (`@deco(args)`): every return of `deco` returns one nested `def wrap(f)` of its
//!   body, which is plain in that sense,
//!
//! where every return of the wrapper returns its own one parameter, never rebound (attribute
//! sets on it are fine), and its body ends in such a return: no path falls off with `None`, and
//! no `yield` makes it a generator. A `functools.wraps` wrapper (`return wrapper`), a class, an
//! imported decorator or any other shape stays refused.

use tree_sitter::Node;

use super::scope::{Binding, binding, declared_global};
use crate::scan::bound_names::Statements;
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text, walk};

/// Whether the decorator expression `expression` (the child of a `decorator` node of
/// `decorated`, itself a node of a tree of `src`) is a function of the module that returns the
/// function it decorates.
pub fn returns_its_function(expression: Node, decorated: Node, src: &str) -> bool {
    let (name, factory) = match expression.kind() {
        "identifier" => (text(expression, src), false),
        "call" => match expression.child_by_field_name("function") {
            Some(f) if f.kind() == "identifier" => (text(f, src), true),
            _ => return false,
        },
        _ => return false,
    };
    // Cheap first: most decorators are no `def` of this file at all.
    if !src.contains(&format!("def {name}("))
        || star_import(src)
        || rebound_around(decorated, name, src)
    {
        return false;
    }
    // The module's statements that spell the name: its binding, any `global` of it.
    let source = SourceFile::new(src);
    let Some(tree) = Statements::of(src.as_bytes()).parse_spelling(&source, &[name], None) else {
        return false;
    };
    let root = tree.root_node();
    let Binding::Definition(deco) = binding(root, name, src) else {
        return false;
    };
    // A `nonlocal` in it may bind the function or the wrapper again from a nested scope.
    let nonlocal = text(deco, src).contains("nonlocal");
    if !top_level_sync_def(deco) || nonlocal || declared_global(root, name, src) {
        return false;
    }
    match factory {
        false => hands_back_parameter(deco, src),
        true => returned_wrapper(deco, src).is_some_and(|w| hands_back_parameter(w, src)),
    }
}

/// A line of the module that imports `*`, which may bind any name anew.
fn star_import(src: &str) -> bool {
    src.lines()
        .any(|l| l.contains("import") && l.trim_end().ends_with("import *"))
}

/// Whether a function or class around the decorated definition binds `name` itself: the
/// decorator is then looked up there, not in the module.
fn rebound_around(decorated: Node, name: &str, src: &str) -> bool {
    let mut at = decorated.parent();
    while let Some(scope) = at {
        if matches!(scope.kind(), "function_definition" | "class_definition")
            && binding(scope, name, src) != Binding::None
        {
            return true;
        }
        at = scope.parent();
    }
    false
}

/// A `def` (not `async`, not decorated) written directly in the module.
fn top_level_sync_def(definition: Node) -> bool {
    let mut cursor = definition.walk();
    let is_async = (definition.children(&mut cursor)).any(|c| c.kind() == "async");
    !is_async
        && definition.kind() == "function_definition"
        && definition.parent().is_some_and(|p| p.kind() == "module")
}

/// The one parameter of a function, a plain name.
fn only_parameter<'s>(definition: Node, src: &'s str) -> Option<&'s str> {
    let parameters = definition.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let named: Vec<Node> = (parameters.named_children(&mut cursor))
        .filter(|p| p.kind() != "comment")
        .collect();
    match named[..] {
        [one] if one.kind() == "identifier" => Some(text(one, src)),
        _ => None,
    }
}

/// Every `return` of the function's own body (nested functions, classes and lambdas aside),
/// with a `yield` anywhere there making it `None`.
fn own_returns(definition: Node) -> Option<Vec<Node>> {
    let body = definition.child_by_field_name("body")?;
    let mut returns = Vec::new();
    let mut generator = false;
    walk(body, |node| match node.kind() {
        "function_definition" | "class_definition" | "lambda" => false,
        "yield" => {
            generator = true;
            false
        }
        "return_statement" => {
            returns.push(node);
            true
        }
        _ => true,
    });
    (!generator).then_some(returns)
}

/// The name a `return` statement returns, when it returns a name alone.
fn returned_name<'s>(statement: Node, src: &'s str) -> Option<&'s str> {
    let value = strip_parens(statement.named_child(0)?);
    (value.kind() == "identifier").then(|| text(value, src))
}

/// Whether the function's body ends in a `return`, and every `return` of it returns `name`.
fn always_returns(definition: Node, name: &str, src: &str) -> bool {
    let Some(returns) = own_returns(definition) else {
        return false;
    };
    let last = (definition.child_by_field_name("body"))
        .and_then(|b| b.named_child(b.named_child_count().checked_sub(1)? as u32));
    let ends_in_return = last.is_some_and(|l| l.kind() == "return_statement");
    ends_in_return && returns.iter().all(|r| returned_name(*r, src) == Some(name))
}

/// `def deco(f): ...; return f`, `f` never bound again in the body.
fn hands_back_parameter(definition: Node, src: &str) -> bool {
    let Some(parameter) = only_parameter(definition, src) else {
        return false;
    };
    let Some(body) = definition.child_by_field_name("body") else {
        return false;
    };
    binding(body, parameter, src) == Binding::None && always_returns(definition, parameter, src)
}

/// The nested `def` (not `async`, not decorated) every return of a factory returns, bound once
/// in its body.
fn returned_wrapper<'t>(factory: Node<'t>, src: &str) -> Option<Node<'t>> {
    let returns = own_returns(factory)?;
    let name = returned_name(*returns.first()?, src)?;
    if !always_returns(factory, name, src) {
        return None;
    }
    let body = factory.child_by_field_name("body")?;
    let Binding::Definition(wrapper) = binding(body, name, src) else {
        return None;
    };
    let mut cursor = wrapper.walk();
    let is_async = (wrapper.children(&mut cursor)).any(|c| c.kind() == "async");
    let direct = wrapper.parent() == Some(body);
    (!is_async && direct && wrapper.kind() == "function_definition").then_some(wrapper)
}
