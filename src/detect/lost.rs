//! The tasks lost in locals, known only once every site's reads are: kept in a local bound again before anything
//! kept them (`rebound`), or added to a container that dies with the function
//! (`dying-container`).

use tree_sitter::Node;

use super::dropped_task::Dropped;
use super::facts::Facts;
use super::follow::ADDING;
use super::kinds::Kind;
use super::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{only_element, strip_parens, text};
use crate::scan::words::whole;

/// Whether `code` reads the name `local` other than to give it a done callback.
fn read_in(code: &str, local: &str) -> bool {
    whole(code, local).any(|at| {
        let after = &code[at + local.len()..];
        !after.trim_start().starts_with(".add_done_callback(")
    })
}

/// Whether `code` spells `local` only where it is bound (`local = ...`) or given a done callback
/// (`local.add_done_callback(...)`): nothing else, a nested function or a `global` included,
/// can read it there.
fn only_bound_or_called_back(code: &str, local: &str) -> bool {
    whole(code, local).all(|at| {
        let rest = code[at + local.len()..].trim_start_matches([' ', '\t']);
        rest.starts_with(".add_done_callback(")
            || (rest.starts_with('=') && !rest.starts_with("=="))
    })
}

/// A site bound to `local` in a function that spells the name nowhere but in its bindings and
/// done callbacks (the last binding, or one of those in the branches of an `if`): nothing keeps
/// the task once the statement has run, in a loop too, where no read comes before the binding
/// either (the frame's own hold, `held_by_frame`, is decided before).
fn last_binding_read_only_by_callbacks(site: &TaskSite, local: &str, src: &str) -> bool {
    if !site.callback_only || site.rebound_at.is_some() {
        return false;
    }
    let Some(function) = (site.enclosing.iter().rev()).find(|n| n.kind() == "function_definition")
    else {
        return false;
    };
    let (statement, body) = (site.statement, function.child_by_field_name("body"));
    let Some(body) = body else {
        return false;
    };
    let before = src.get(body.start_byte()..statement.start_byte());
    let after = src.get(statement.end_byte()..function.end_byte());
    match (before, after) {
        (Some(before), Some(after)) => {
            only_bound_or_called_back(before, local) && only_bound_or_called_back(after, local)
        }
        _ => false,
    }
}

/// Marks the drop of each task lost in a local once its reads are known: kept in a local that
/// is bound again before anything kept the task (`rebound`), or added to a container local to
/// the function that nothing keeps (`dying-container`).
pub fn mark_lost<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
) {
    let src = source.text;
    let root = tree.root_node();
    let mut lost = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        let (Reference::Local, None, Some(local)) = (site.reference, site.drop, &site.local) else {
            continue;
        };
        if site.held_by_frame {
            continue;
        }
        let statement = site.statement;
        let row = statement.start_position().row;
        if statement.kind() != "expression_statement"
            || facts.suppressed(row)
            || statement.named_child_count() != 1
        {
            continue;
        }
        let Some(expr) = statement.named_child(0).map(strip_parens) else {
            continue;
        };
        let binds_local =
            |target: Node| target.kind() == "identifier" && text(target, src) == local;
        let last_callback_only = || last_binding_read_only_by_callbacks(site, local, src);
        let (kind, target, direct) = match expr.kind() {
            // A task the function reads before its name is bound again (cancels it, looks at it,
            // waits on it with others: `if t in done: t = create_task(...)`) is not lost by
            // accident; only a done callback in between leaves it unread.
            "assignment"
                if site.rebound_at.is_some_and(|at| {
                    let between = src.get(statement.end_byte()..at).unwrap_or_default();
                    !read_in(between, local)
                }) =>
            {
                let Some(left) = expr.child_by_field_name("left").filter(|l| binds_local(*l))
                else {
                    continue;
                };
                let value = expr.child_by_field_name("right").map(strip_parens);
                (Kind::Rebound, Some(left), value == Some(site.call))
            }
            // The last of several bindings of a name that only done callbacks read (a single
            // binding is `callback-only` as the walk reaches it).
            "assignment" if last_callback_only() => {
                let Some(left) = expr.child_by_field_name("left").filter(|l| binds_local(*l))
                else {
                    continue;
                };
                let value = expr.child_by_field_name("right").map(strip_parens);
                (Kind::CallbackOnly, Some(left), value == Some(site.call))
            }
            "call" => {
                let function = expr.child_by_field_name("function");
                let adds_to_local = function.is_some_and(|f| {
                    f.kind() == "attribute"
                        && f.child_by_field_name("object").is_some_and(binds_local)
                        && f.child_by_field_name("attribute")
                            .is_some_and(|a| ADDING.contains(&text(a, src)))
                });
                if !adds_to_local {
                    continue;
                }
                let arguments = expr.child_by_field_name("arguments");
                let only = arguments.and_then(only_element).map(strip_parens);
                (Kind::DyingContainer, None, only == Some(site.call))
            }
            _ => continue,
        };
        lost.push((index, kind, statement, site.call, expr, target, direct));
    }
    let placements = super::placement::placements_of(root, lost.iter().map(|l| l.2));
    for (index, kind, stmt, call, expr, target, direct) in lost {
        let Some(&placement) = placements.get(&stmt.id()) else {
            continue;
        };
        sites[index].drop = Some(Dropped {
            kind,
            stmt,
            call,
            expr,
            target,
            unfixable: (!direct).then_some("the task is created inside a larger expression"),
            placement,
            factory: None,
        });
        // As for a name bound once: only done callbacks read it, so the task is dropped.
        if kind == Kind::CallbackOnly {
            sites[index].reference = Reference::Dropped;
        }
    }
}
