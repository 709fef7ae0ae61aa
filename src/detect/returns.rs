//! A function's [`Returns`] summary, read off its body and its task sites. The paths are
//! enumerated as the statements run: an `if` splits them by its condition, a loop, a `try`
//! handler or a `match` case adds a path under a condition nothing decides, and `return name` gives a task only where the path's last binding of `name` was
//! one of the function's own tasks that nothing else keeps. More paths than the language
//! allows is safe (a call then proves less); fewer never happens.

use std::collections::HashSet;

use tree_sitter::Node;

use super::arguments::literal;
use super::imports::binds;
use super::task_site::{Creator, Reference, TaskSite};
use crate::project::summaries::{Cond, Exit, Param, ParamKind, Returns, Test, Value};
use crate::scan::syntax::{strip_parens, text, walk};

/// Beyond this many open paths the function is not summarised.
const MAX_PATHS: usize = 64;

/// The summary of `function`, when some path returns one of its tasks and another does not.
pub fn summary(function: Node, sites: &[TaskSite], method: bool, src: &str) -> Option<Returns> {
    let body = function.child_by_field_name("body")?;
    let mut generator = false;
    own_nodes(body, &mut |n| {
        generator |= matches!(n.kind(), "yield" | "await_yield")
    });
    if generator {
        return None;
    }
    let ours = (sites.iter())
        .filter(|s| s.enclosing.last() == Some(&function) && s.creator == Creator::Task);
    let mut paths = Paths {
        src,
        params: Vec::new(),
        returns: HashSet::new(),
        bindings: Vec::new(),
        calls: HashSet::new(),
        exits: Vec::new(),
        gave_up: false,
    };
    for site in ours {
        match site.factory_return {
            Some(stmt) if stmt.kind() == "return_statement" => {
                paths.returns.insert(stmt.id());
            }
            Some(stmt) => {
                let left = stmt
                    .named_child(0)
                    .and_then(|a| a.child_by_field_name("left"));
                if let Some(left) = left.filter(|l| l.kind() == "identifier") {
                    paths.bindings.push((stmt.id(), text(left, src).to_owned()));
                }
            }
            None if site.reference == Reference::Returned => {
                paths.calls.insert(site.call.id());
            }
            None => {}
        }
    }
    paths.params = parameters(function, body, method, src);
    let end = paths.block(body, vec![State::default()]);
    // Running off the end returns `None`.
    for state in end {
        paths.exit(state.when, false);
    }
    let returns = Returns {
        params: paths.params,
        exits: paths.exits,
    };
    (!paths.gave_up && returns.is_conditional()).then_some(returns)
}

/// The parameters, `self` or `cls` of a method (not a `staticmethod`) left out. A parameter
/// the body binds again is a `Rest`: never tested.
fn parameters(function: Node, body: Node, method: bool, src: &str) -> Vec<Param> {
    let passed = crate::scan::params::parameters(function);
    let mut params: Vec<Param> = passed
        .iter()
        .map(|p| {
            let name = p.name.map_or(String::new(), |n| text(n, src).to_owned());
            let mut rebound = false;
            own_nodes(body, &mut |n| rebound |= binds(n, &name, src).is_some());
            Param {
                kind: if rebound { ParamKind::Rest } else { p.kind },
                default: p.default.map(|v| literal(v, src)),
                name,
            }
        })
        .collect();
    let static_method = function.parent().is_some_and(|d| {
        let mut cursor = d.walk();
        d.kind() == "decorated_definition"
            && (d.named_children(&mut cursor))
                .any(|c| c.kind() == "decorator" && text(c, src).contains("staticmethod"))
    });
    if method && !static_method && !params.is_empty() {
        params.remove(0);
    }
    params
}

/// One path so far: the conditions it was taken under, and the names it last bound to one of
/// the function's tasks.
#[derive(Debug, Clone, Default)]
struct State {
    when: Vec<Cond>,
    tasks: Vec<String>,
}

struct Paths<'s> {
    src: &'s str,
    params: Vec<Param>,
    /// `return <call>` statements of task sites nothing else keeps.
    returns: HashSet<usize>,
    /// `name = <call>` statements of such sites, by the statement's id, and the name.
    bindings: Vec<(usize, String)>,
    /// Calls of sites that are returned, but not as the whole value (`return a() if c else b`).
    calls: HashSet<usize>,
    exits: Vec<Exit>,
    gave_up: bool,
}

impl<'s> Paths<'s> {
    fn exit(&mut self, when: Vec<Cond>, task: bool) {
        let within_expression = false;
        self.exits.push(Exit {
            when,
            task,
            within_expression,
        });
    }

    fn block(&mut self, block: Node, mut states: Vec<State>) -> Vec<State> {
        let mut cursor = block.walk();
        for stmt in block.named_children(&mut cursor) {
            if states.is_empty() || self.gave_up {
                break;
            }
            if stmt.kind() != "comment" {
                states = self.statement(stmt, states);
            }
            if states.len() > MAX_PATHS || self.exits.len() > MAX_PATHS {
                self.gave_up = true;
            }
        }
        if self.gave_up { Vec::new() } else { states }
    }

    fn statement(&mut self, stmt: Node, states: Vec<State>) -> Vec<State> {
        match stmt.kind() {
            "return_statement" => {
                for state in states {
                    self.returned(stmt, state);
                }
                Vec::new()
            }
            "raise_statement" => Vec::new(),
            "if_statement" => self.if_statement(stmt, states),
            "for_statement" | "while_statement" => self.loop_statement(stmt, states),
            "try_statement" => self.try_statement(stmt, states),
            "with_statement" => {
                let states = self.kill(stmt, states, true);
                match stmt.child_by_field_name("body") {
                    Some(body) => self.block(body, states),
                    None => states,
                }
            }
            "match_statement" => {
                let states = self.kill(stmt, states, true);
                let mut out = states.clone();
                let mut cursor = stmt.walk();
                let cases: Vec<Node> = (stmt.child_by_field_name("body").iter())
                    .flat_map(|b| b.named_children(&mut cursor).collect::<Vec<_>>())
                    .filter(|c| c.kind() == "case_clause")
                    .collect();
                for case in cases {
                    let entry = self.kill(case, self.under(&states, Some(Cond::Opaque)), true);
                    if let Some(body) = case.child_by_field_name("consequence") {
                        out.extend(self.block(body, entry));
                    }
                }
                out
            }
            "expression_statement" => {
                let bound = self
                    .bindings
                    .iter()
                    .find(|(id, _)| *id == stmt.id())
                    .map(|(_, n)| n.clone());
                let mut states = self.kill(stmt, states, false);
                if let Some(name) = bound {
                    states.iter_mut().for_each(|s| s.tasks.push(name.clone()));
                }
                states
            }
            _ => self.kill(stmt, states, false),
        }
    }

    /// The paths, each under one more condition (none for `None`).
    fn under(&self, states: &[State], cond: Option<Cond>) -> Vec<State> {
        let mut states = states.to_vec();
        if let Some(cond) = cond {
            states.iter_mut().for_each(|s| s.when.push(cond.clone()));
        }
        states
    }

    /// The paths after `node` binds names: a name it binds holds no task of ours any more
    /// (`shallow`: only what the statement's header binds, not its blocks).
    fn kill(&self, node: Node, mut states: Vec<State>, shallow: bool) -> Vec<State> {
        let names: HashSet<&String> = states.iter().flat_map(|s| &s.tasks).collect();
        let mut killed: Vec<String> = Vec::new();
        for name in names {
            let mut bound = false;
            let src = self.src;
            let mut visit = |n: Node| {
                bound |= binds(n, name, src).is_some()
                    || (matches!(n.kind(), "function_definition" | "class_definition")
                        && n.child_by_field_name("name")
                            .is_some_and(|d| text(d, src) == name));
            };
            if shallow {
                let mut cursor = node.walk();
                for child in node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() != "block")
                {
                    own_nodes(child, &mut visit);
                }
            } else {
                own_nodes(node, &mut visit);
            }
            if bound {
                killed.push(name.clone());
            }
        }
        for state in &mut states {
            state.tasks.retain(|t| !killed.contains(t));
        }
        states
    }

    fn returned(&mut self, stmt: Node, state: State) {
        let Some(value) = stmt.named_child(0).map(strip_parens) else {
            return self.exit(state.when, false);
        };
        if self.returns.contains(&stmt.id()) {
            return self.exit(state.when, true);
        }
        if value.kind() == "conditional_expression" && value.named_child_count() == 3 {
            let part = |i| value.named_child(i).map(strip_parens);
            let (Some(then), Some(cond), Some(other)) = (part(0), part(1), part(2)) else {
                return self.exit(state.when, false);
            };
            let cond = self.cond(cond);
            let mut when = state.when.clone();
            when.push(cond.clone());
            let task = self.is_task(then, &state);
            self.exit(when, task);
            self.mark_within_expression();
            let mut when = state.when.clone();
            when.push(Cond::Not(Box::new(cond)));
            let task = self.is_task(other, &state);
            self.exit(when, task);
            return self.mark_within_expression();
        }
        let task = self.is_task(value, &state);
        self.exit(state.when, task)
    }

    /// The last exit's task, if any, is a branch of a conditional expression.
    fn mark_within_expression(&mut self) {
        if let Some(exit) = self.exits.last_mut() {
            exit.within_expression = exit.task;
        }
    }

    fn is_task(&self, value: Node, state: &State) -> bool {
        match value.kind() {
            "call" => self.calls.contains(&value.id()),
            "identifier" => state.tasks.iter().any(|t| t == text(value, self.src)),
            _ => false,
        }
    }

    fn if_statement(&mut self, stmt: Node, states: Vec<State>) -> Vec<State> {
        let Some(condition) = stmt.child_by_field_name("condition") else {
            self.gave_up = true;
            return Vec::new();
        };
        let states = self.kill(condition, states, false);
        let mut negated = Vec::new();
        let mut out = Vec::new();
        let mut branch =
            |paths: &mut Self, cond: Option<Cond>, body: Option<Node>, negated: &[Cond]| {
                let mut entry = paths.under(&states, cond);
                entry
                    .iter_mut()
                    .for_each(|s| s.when.extend(negated.iter().cloned()));
                match body {
                    Some(body) => out.extend(paths.block(body, entry)),
                    None => out.extend(entry),
                }
            };
        let first = self.cond(condition);
        branch(
            self,
            Some(first.clone()),
            stmt.child_by_field_name("consequence"),
            &negated,
        );
        negated.push(Cond::Not(Box::new(first)));
        let mut cursor = stmt.walk();
        let mut has_else = false;
        for alternative in stmt.children_by_field_name("alternative", &mut cursor) {
            if alternative.kind() == "else_clause" {
                has_else = true;
                branch(
                    self,
                    None,
                    alternative.child_by_field_name("body"),
                    &negated,
                );
            } else if let Some(c) = alternative.child_by_field_name("condition") {
                let c = self.cond(c);
                branch(
                    self,
                    Some(c.clone()),
                    alternative.child_by_field_name("consequence"),
                    &negated,
                );
                negated.push(Cond::Not(Box::new(c)));
            }
        }
        if !has_else {
            branch(self, None, None, &negated);
        }
        out
    }

    /// A loop's body runs any number of times: the names it binds hold no task of ours on
    /// entering it or after it, and its paths are taken under a condition nothing decides.
    fn loop_statement(&mut self, stmt: Node, states: Vec<State>) -> Vec<State> {
        let states = self.kill(stmt, states, false);
        let entry = self.under(&states, Some(Cond::Opaque));
        let mut out = states;
        if let Some(body) = stmt.child_by_field_name("body") {
            let after = self.block(body, entry);
            out.extend(self.kill(stmt, after, false));
        }
        match stmt.child_by_field_name("alternative") {
            Some(other) => match other.child_by_field_name("body") {
                Some(body) => self.block(body, out),
                None => out,
            },
            None => out,
        }
    }

    fn try_statement(&mut self, stmt: Node, states: Vec<State>) -> Vec<State> {
        let mut cursor = stmt.walk();
        let clauses: Vec<Node> = stmt.named_children(&mut cursor).collect();
        let mut finally_returns = false;
        for clause in clauses.iter().filter(|c| c.kind() == "finally_clause") {
            own_nodes(*clause, &mut |n| {
                finally_returns |= n.kind() == "return_statement"
            });
        }
        let Some(body) = stmt.child_by_field_name("body") else {
            self.gave_up = true;
            return Vec::new();
        };
        if finally_returns {
            self.gave_up = true;
            return Vec::new();
        }
        // A handler starts anywhere in the body: what the body binds holds nothing known.
        let handler_entry = self.under(&self.kill(body, states.clone(), false), Some(Cond::Opaque));
        let mut out = self.block(body, states);
        for clause in &clauses {
            let block = last_block(*clause);
            match (clause.kind(), block) {
                ("else_clause", Some(block)) => out = self.block(block, out),
                ("except_clause" | "except_group_clause", Some(block)) => {
                    let entry = self.kill(*clause, handler_entry.clone(), true);
                    let handled = self.block(block, entry);
                    out.extend(handled);
                }
                _ => {}
            }
        }
        for clause in clauses.iter().filter(|c| c.kind() == "finally_clause") {
            if let Some(block) = last_block(*clause) {
                out = self.block(block, out);
            }
        }
        out
    }

    /// The condition an expression tests, as far as the parameters decide it.
    fn cond(&self, expr: Node) -> Cond {
        let expr = strip_parens(expr);
        let src = self.src;
        match expr.kind() {
            "not_operator" => match expr.child_by_field_name("argument") {
                Some(a) => Cond::Not(Box::new(self.cond(a))),
                None => Cond::Opaque,
            },
            "boolean_operator" => {
                let (Some(left), Some(right)) = (
                    expr.child_by_field_name("left"),
                    expr.child_by_field_name("right"),
                ) else {
                    return Cond::Opaque;
                };
                let both = vec![self.cond(left), self.cond(right)];
                match expr.child_by_field_name("operator").map(|o| text(o, src)) {
                    Some("and") => Cond::And(both),
                    Some("or") => Cond::Or(both),
                    _ => Cond::Opaque,
                }
            }
            "identifier" => self
                .param(expr)
                .map_or(Cond::Opaque, |p| Cond::Test(Test::Truthy(p))),
            "comparison_operator" if expr.named_child_count() == 2 => {
                let (Some(a), Some(b)) = (expr.named_child(0), expr.named_child(1)) else {
                    return Cond::Opaque;
                };
                let mut cursor = expr.walk();
                let operator: Vec<&str> = (expr.children(&mut cursor))
                    .filter(|c| !c.is_named())
                    .map(|c| text(c, src))
                    .collect();
                let (p, v) = match (self.param(a), self.param(b)) {
                    (Some(p), None) => (p, literal(b, src)),
                    (None, Some(p)) => (p, literal(a, src)),
                    _ => return Cond::Opaque,
                };
                if v == Value::Unknown {
                    return Cond::Opaque;
                }
                let test = |t| Cond::Test(t);
                match operator.join(" ").as_str() {
                    "is" => test(Test::Is(p, v)),
                    "is not" => Cond::Not(Box::new(test(Test::Is(p, v)))),
                    "==" => test(Test::Equals(p, v)),
                    "!=" => Cond::Not(Box::new(test(Test::Equals(p, v)))),
                    _ => Cond::Opaque,
                }
            }
            _ => Cond::Opaque,
        }
    }

    /// The index of the parameter `node` names, if the body never binds it again.
    fn param(&self, node: Node) -> Option<usize> {
        let node = strip_parens(node);
        if node.kind() != "identifier" {
            return None;
        }
        let name = text(node, self.src);
        (self.params.iter()).position(|p| p.name == name && p.kind != ParamKind::Rest)
    }
}

/// The block of a clause (its last named child that is one).
fn last_block(clause: Node) -> Option<Node> {
    let mut cursor = clause.walk();
    let blocks: Vec<Node> = clause
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "block")
        .collect();
    blocks.last().copied()
}

/// Visits the nodes that run in the function's own frame.
fn own_nodes<'t>(root: Node<'t>, visit: &mut impl FnMut(Node<'t>)) {
    walk(root, |n| {
        visit(n);
        !matches!(
            n.kind(),
            "function_definition" | "lambda" | "class_definition"
        )
    });
}

#[cfg(test)]
mod tests {
    use super::summary;
    use crate::detect::analysis::with_analysis;
    use crate::project::summaries::{Args, Decision, Value};

    /// What a call of the file's first function with these keyword arguments gets back (`None`:
    /// no summary, a task on every path or on none).
    fn decide(code: &str, keywords: &[(&str, Value)]) -> Option<Decision> {
        let src = format!("import asyncio\n{code}");
        with_analysis(&src, |detection| {
            let mut function = None;
            for site in &detection.sites {
                function = function.or(site.enclosing.last().copied());
            }
            let returns = summary(function?, &detection.sites, false, &src)?;
            let args = Args {
                keywords: (keywords.iter())
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                ..Args::default()
            };
            Some(returns.decide(&args))
        })
    }

    const T: fn(bool) -> Value = Value::Bool;

    #[test]
    fn branches_select_by_their_conditions() {
        let elif = "def f(c, mode='a'):\n    if mode == 'a':\n        return asyncio.create_task(c)\n    \
                    elif mode is None:\n        return None\n    else:\n        return 1\n";
        assert_eq!(decide(elif, &[]), Some(Decision::Task(None)));
        assert_eq!(
            decide(elif, &[("mode", Value::None)]),
            Some(Decision::NoTask)
        );
        assert_eq!(
            decide(elif, &[("mode", Value::Str("b".into()))]),
            Some(Decision::NoTask)
        );
        let both = "def f(c, a=True, b=True):\n    if a and not b:\n        return None\n    \
                    return asyncio.create_task(c)\n";
        assert_eq!(decide(both, &[]), Some(Decision::Task(None)));
        assert_eq!(decide(both, &[("b", T(false))]), Some(Decision::NoTask));
        assert!(matches!(
            decide(both, &[("a", Value::Unknown), ("b", T(false))]),
            Some(Decision::Unknown(_))
        ));
    }

    #[test]
    fn a_local_holds_the_task_on_the_paths_that_bind_it() {
        let bound = "def f(c, now=False):\n    t = None\n    if not now:\n        \
                     t = asyncio.create_task(c)\n    return t\n";
        assert_eq!(decide(bound, &[]), Some(Decision::Task(None)));
        assert_eq!(decide(bound, &[("now", T(true))]), Some(Decision::NoTask));
        // Bound again in a loop: which value it holds after it is not known.
        let looped = "def f(c, xs, now=False):\n    if now:\n        return None\n    \
                      t = asyncio.create_task(c)\n    for x in xs:\n        t = x\n    return t\n";
        assert!(!matches!(decide(looped, &[]), Some(Decision::Task(_))));
    }

    #[test]
    fn what_the_arguments_cannot_decide_is_unknown() {
        // A handler may run after any statement of the body: no argument closes its path.
        let handled = "def f(c, now=False):\n    try:\n        if now:\n            return None\n        \
                       return asyncio.create_task(c)\n    except OSError:\n        return None\n";
        assert_eq!(decide(handled, &[]), None);
        // A parameter the body binds again is never tested.
        let rebound = "def f(c, now=False):\n    now = not now\n    if now:\n        return None\n    \
                       return asyncio.create_task(c)\n";
        assert_eq!(decide(rebound, &[]), None);
        // A generator returns no task.
        let generator = "def f(c, now=False):\n    if now:\n        yield\n    \
                         return asyncio.create_task(c)\n";
        assert_eq!(decide(generator, &[]), None);
    }
}
