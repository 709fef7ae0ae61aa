//! One expression (or `return`) statement as the rules that look at statements see it: its
//! expression, where it stands, and the questions they share (does this node create a task, what
//! reads the name a task is assigned to, does the frame outlive the task).

use tree_sitter::Node;

use super::already_kept::already_kept;
use super::callee::Resolver;
use super::dropped::Dropped;
use super::kinds::kind::Kind;
use super::placement::Placement;
use super::scope::Scopes;
use crate::scan::syntax::{comprehension_body, strip_parens, text};

/// A statement being classified.
pub struct Statement<'t, 's, 'a> {
    pub stmt: Node<'t>,
    /// The statement's expression without redundant parentheses.
    pub expr: Node<'t>,
    pub placement: Placement<'t>,
    pub src: &'s str,
    pub resolver: &'a Resolver<'a>,
    pub scopes: &'a mut Scopes<'s>,
}

/// `name = <task call>` (or `name = [<task call> for ...]`) in a function, and how the function
/// reads `name`.
pub struct Assignment<'t> {
    pub target: Node<'t>,
    pub value: Node<'t>,
    /// The task call of a comprehension assigned (`_ = [create_task(x) for x in xs]`).
    pub made: Option<Node<'t>>,
    pub reads: u32,
    /// Reads that only register a done callback.
    pub callback_reads: u32,
    /// Reads that only name the task (`name.set_name(...)`).
    pub naming_reads: u32,
    pub stores: u32,
}

impl<'t> Statement<'t, '_, '_> {
    /// The drop of `call` by this statement, as `kind`.
    pub fn site(&self, kind: Kind, call: Node<'t>) -> Dropped<'t> {
        Dropped {
            kind,
            stmt: self.stmt,
            call: strip_parens(call),
            expr: self.expr,
            target: None,
            unfixable: None,
            placement: self.placement,
            factory: None,
        }
    }

    pub fn is_return(&self) -> bool {
        self.stmt.kind() == "return_statement"
    }

    /// Whether `node` (in parentheses or not) is a task-creating call.
    pub fn is_task(&self, node: Node) -> bool {
        self.resolver.is_task_call(strip_parens(node), self.src)
    }

    /// Whether `node` is a task-creating call that makes a task to lose (not an `ensure_future`
    /// of something the scope already keeps).
    pub fn creates_task(&self, node: Node) -> bool {
        self.resolver.is_task_call(node, self.src) && !self.already_kept(node)
    }

    pub fn already_kept(&self, call: Node) -> bool {
        let is_task = |n: Node| self.resolver.is_task_call(n, self.src);
        already_kept(call, self.placement.scope, self.src, &is_task)
    }

    /// The statement as `name = <task call>` in a function, with the reads of `name` there.
    pub fn assignment(&mut self) -> Option<Assignment<'t>> {
        let expr = self.expr;
        if self.is_return() || expr.kind() != "assignment" {
            return None;
        }
        let target = expr.child_by_field_name("left")?;
        let value = expr.child_by_field_name("right")?;
        let made = comprehension_body(value).filter(|&body| self.is_task(body));
        if target.kind() != "identifier" || !(self.is_task(value) || made.is_some()) {
            return None;
        }
        let scope = self.placement.scope;
        if matches!(scope.kind(), "class_definition" | "module") {
            // A class attribute, or a module global (in an `if`, `for`, `with` or `try` block
            // too: blocks make no scope), is no frame's local: it keeps the task or the list.
            return None;
        }
        let name = text(target, self.src);
        let names = self.scopes.names(scope, self.src);
        let count =
            |map: &std::collections::HashMap<&str, u32>| map.get(name).copied().unwrap_or(0);
        let stores = count(&names.stores);
        let mut reads = [
            count(&names.reads),
            count(&names.callback_reads),
            count(&names.naming_reads),
        ];
        // The name bound more than once: a read of an earlier binding, which runs before this
        // one does, reads none of this task.
        if stores > 1 && reads[0] > reads[2] {
            reads = self.scopes.reads_seeing(scope, self.stmt, name, self.src);
        }
        let [reads, callback_reads, naming_reads] = reads;
        Some(Assignment {
            target,
            value,
            made,
            reads,
            callback_reads,
            naming_reads,
            stores,
        })
    }

    /// Whether the frame, and the names in it, lives for good (an endless loop follows).
    pub fn frame_outlives(&mut self) -> bool {
        super::frame::outlives(self.expr, self.src, &mut self.scopes.endless_loops)
    }
}
