//! A done callback that takes the task out of its holder without reading its outcome
//! (`t.add_done_callback(self._tasks.discard)`, or a method whose body does
//! `self.tasks.pop(task)`): a task that ends before the shutdown's wait is gone from the holder
//! when the wait runs, and nothing read its exception. The wait looks only at the tasks still
//! running then; it retrieves none of those that ended first (exam35j row 88, BotLi's
//! `GameManager._task_callback`).

use super::context::Context;
use crate::detect::task_site::{Reference, TaskSite};

/// How a callback takes a task out of a holder: `holder.discard(t)` and the like.
const TAKES: [&str; 3] = ["discard", "remove", "pop"];

/// The first of `callbacks` (as written, each reading nothing of the outcome) that takes the
/// site's task out of its holder: a bound method of the holder (`self._tasks.discard`), or a
/// method of the owner's class (`self._task_callback`) or a function of the file whose body
/// takes its task parameter out of the holder on its first level (`self.tasks.pop(task)`,
/// `del self.tasks[task]`) and reads no `result()` or `exception()`.
pub(super) fn callback<'c>(
    callbacks: &'c [String],
    site: &TaskSite,
    context: &mut Context,
) -> Option<&'c str> {
    let holder = site.holder.as_deref()?;
    if !matches!(site.reference, Reference::Collection | Reference::Module) {
        return None;
    }
    let scopes = context.scopes(site);
    let src = context.source.text;
    callbacks.iter().map(String::as_str).find(|callback| {
        if let Some((object, method)) = callback.rsplit_once('.')
            && object == holder
        {
            return TAKES.contains(&method);
        }
        let name = callback.rsplit('.').next().unwrap_or(callback);
        let own = callback.starts_with("self.") || !callback.contains('.');
        own && scopes.iter().any(|scope| {
            let text = src.get(scope.clone()).unwrap_or_default();
            let Some(&start) = super::facts::definitions(text).get(name) else {
                return false;
            };
            let body = text
                .get(start..super::facts::function_end(text, start))
                .unwrap_or_default();
            takes_out(body, holder)
        })
    })
}

/// Whether the function `def` (its text) takes its task parameter out of `holder` on its
/// first level, reading no outcome: the parameter is the first after `self`/`cls`.
fn takes_out(def: &str, holder: &str) -> bool {
    if def.contains(".result(") || def.contains(".exception(") {
        return false;
    }
    let Some(param) = task_parameter(def) else {
        return false;
    };
    let Some(header_end) = def.find(":\n") else {
        return false;
    };
    let body = &def[header_end + 2..];
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut lines = body.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let level = indent(first);
    std::iter::once(first)
        .chain(lines)
        .filter(|l| indent(l) == level)
        .any(|line| {
            let squeezed: String = line.split_whitespace().collect();
            // `game = self.tasks.pop(task)` binds what it takes out: still taken out.
            let call = squeezed
                .rsplit_once('=')
                .map_or(squeezed.as_str(), |(_, v)| v);
            let taken = TAKES
                .iter()
                .any(|m| call == format!("{holder}.{m}({param})"));
            taken || squeezed == format!("del{holder}[{param}]")
        })
}

/// The name of the first parameter after `self` or `cls` of `def name(self, task, ...)`.
fn task_parameter(def: &str) -> Option<&str> {
    let open = def.find('(')?;
    let close = open + def[open..].find(')')?;
    let mut params = def[open + 1..close]
        .split(',')
        .map(|p| p.split([':', '=']).next().unwrap_or("").trim())
        .filter(|p| !p.is_empty());
    let mut first = params.next()?;
    if matches!(first, "self" | "cls") {
        first = params.next()?;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    (first.chars().all(word)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::takes_out;

    #[test]
    fn a_callback_that_takes_its_task_out_unread() {
        let popped = "def _cb(self, task: Task[None]) -> None:\n        game = self.tasks.pop(task)\n        self.changed.set()\n";
        assert!(takes_out(popped, "self.tasks"));
        let deleted = "def _cb(self, t):\n        del self.tasks[t]\n";
        assert!(takes_out(deleted, "self.tasks"));
        let read = "def _cb(self, t):\n        self.tasks.discard(t)\n        t.result()\n";
        assert!(!takes_out(read, "self.tasks"));
        let branch =
            "def _cb(self, t):\n        if t.cancelled():\n            self.tasks.discard(t)\n";
        assert!(!takes_out(branch, "self.tasks"));
        let other = "def _cb(self, t):\n        self.others.discard(t)\n";
        assert!(!takes_out(other, "self.tasks"));
    }
}
