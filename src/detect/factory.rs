//! The task factories a file defines, read off its task sites (the index of them all is
//! [`crate::project::factories`]).

use std::collections::HashSet;

use tree_sitter::Node;

use super::inventory::{Creator, TaskSite};
use crate::project::factories::Factory;
use crate::scan::source::SourceFile;
use crate::scan::syntax::text;

/// The factories among a file's task sites: each function whose returned task nothing else keeps,
/// at module level or a method of a module-level class.
pub fn defined(sites: &[TaskSite], source: &SourceFile) -> Vec<Factory> {
    let src = source.text;
    let mut found: Vec<Factory> = Vec::new();
    for site in sites {
        if site.factory_return.is_none() || site.creator != Creator::Task {
            continue;
        }
        let (class, function) = match site.enclosing.as_slice() {
            [function] if function.kind() == "function_definition" => (None, *function),
            [class, function]
                if class.kind() == "class_definition"
                    && function.kind() == "function_definition" =>
            {
                (Some(*class), *function)
            }
            _ => continue,
        };
        let name = |n: Node| {
            n.child_by_field_name("name")
                .map(|n| text(n, src).to_owned())
        };
        let (Some(function_name), class_name) = (name(function), class.and_then(name)) else {
            continue;
        };
        if class.is_some() && class_name.is_none() {
            continue;
        }
        let factory = Factory {
            function: function_name,
            class: class_name,
            is_async: function.child(0).is_some_and(|c| c.kind() == "async"),
            line: source.line_col(function.start_byte()).0,
        };
        if !found.contains(&factory) {
            found.push(factory);
        }
    }
    found
}

/// The statements that return a task of one of the `wanted` factories (qualified names): where
/// `fix` keeps the task.
pub fn returns_of<'t>(
    sites: &[TaskSite<'t>],
    wanted: &HashSet<String>,
    source: &SourceFile,
) -> Vec<(Node<'t>, Node<'t>)> {
    let defined_here = defined(sites, source);
    let src = source.text;
    sites
        .iter()
        .filter_map(|site| {
            let stmt = site.factory_return?;
            let function = site.enclosing.last()?;
            let name = function.child_by_field_name("name").map(|n| text(n, src))?;
            let factory = defined_here.iter().find(|f| {
                f.function == name && f.line == source.line_col(function.start_byte()).0
            })?;
            wanted
                .contains(&factory.qualified())
                .then_some((stmt, site.call))
        })
        .collect()
}
