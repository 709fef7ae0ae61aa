//! What the rules of tasks lost in locals share (`rebound`, `dying-container`, a `callback-only`
//! name bound several times): they are known only once every site's reads are, and are marked on
//! the same sites.

use tree_sitter::Node;

use super::dropped::Dropped;
use super::facts::Facts;
use super::kinds::kind::Kind;
use super::task_site::{Reference, TaskSite};
use crate::scan::source::SourceFile;
use crate::scan::syntax::{strip_parens, text};

/// A task a rule finds lost in a local: the kind, the target bound (if any), and whether the
/// task call is the statement's whole value (else it is not fixed).
pub type Lost<'t> = (Kind, Option<Node<'t>>, bool);

/// Marks the drops `find` sees among the sites whose task a local keeps, in an expression
/// statement of its own that no frame outlives: `find` is handed the site, its local and the
/// statement's expression. A `noqa` comment silences the drop, not the finding (see
/// [`TaskSite::mark_dropped`]). Returns the indices of the sites marked.
pub fn mark_lost<'t>(
    tree: &'t tree_sitter::Tree,
    source: &SourceFile,
    facts: &Facts,
    sites: &mut [TaskSite<'t>],
    find: impl Fn(&TaskSite<'t>, &str, Node<'t>, &str) -> Option<Lost<'t>>,
) -> Vec<usize> {
    let src = source.text;
    let mut lost = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        let (Reference::Local, Some(local)) = (site.reference, &site.local) else {
            continue;
        };
        if site.held_by_frame || site.is_dropped() {
            continue;
        }
        let statement = site.statement;
        if statement.kind() != "expression_statement" || statement.named_child_count() != 1 {
            continue;
        }
        let Some(expr) = statement.named_child(0).map(strip_parens) else {
            continue;
        };
        if let Some((mut kind, target, direct)) = find(site, local, expr, src) {
            let silenced = facts.silences(statement, source);
            let factory = factory_at(facts, site, src);
            if factory.is_some() {
                kind = Kind::FactoryResult;
            }
            lost.push((
                index, kind, statement, site.call, expr, target, direct, silenced, factory,
            ));
        }
    }
    let root = tree.root_node();
    let placements = super::placement::placements_of(root, lost.iter().map(|l| l.2));
    let mut marked = Vec::new();
    for (index, kind, stmt, call, expr, target, direct, silenced, factory) in lost {
        let Some(&placement) = placements.get(&stmt.id()) else {
            continue;
        };
        let found = Dropped {
            kind,
            stmt,
            call,
            expr,
            target,
            unfixable: (!direct).then_some("the task is created inside a larger expression"),
            placement,
            factory,
        };
        sites[index].mark_dropped(found, silenced);
        marked.push(index);
    }
    marked
}

/// The target of `local = <value>` when it binds `local`, and whether the value is `call`.
pub fn binding<'t>(
    expr: Node<'t>,
    local: &str,
    call: Node<'t>,
    src: &str,
) -> Option<(Node<'t>, bool)> {
    let left = expr.child_by_field_name("left")?;
    if left.kind() != "identifier" || crate::scan::syntax::text(left, src) != local {
        return None;
    }
    let value = expr.child_by_field_name("right").map(strip_parens);
    Some((left, value == Some(call)))
}

/// The project's task factory (one that returns a task on every path, or `None` where it makes
/// none) whose call is the site: as `factory-result` refines the drops of statements, the drop
/// is the factory's to keep, the only place its result is sure to be the task.
fn factory_at(facts: &Facts, site: &TaskSite, src: &str) -> Option<usize> {
    let function = site.call.child_by_field_name("function")?;
    if facts.factories.refs.is_empty() || !matches!(function.kind(), "identifier" | "attribute") {
        return None;
    }
    let class = (site.enclosing.iter().rev())
        .find(|n| n.kind() == "class_definition")
        .and_then(|c| c.child_by_field_name("name"))
        .map(|n| text(n, src));
    let callee: String = (text(function, src).chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let at = facts.factories.lookup(&callee, class)?;
    facts.factories.refs[at].returns.is_none().then_some(at)
}
