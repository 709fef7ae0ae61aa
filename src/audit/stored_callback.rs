//! A done callback kept in an attribute (`t.add_done_callback(self._task_callback)`), where the
//! class binds that attribute once, to a function or to `functools.partial(f, ...)`
//! (`self._task_callback = partial(done_task_callback, self.logger)`): the language calls that
//! one value, and `partial` calls `f` with the task after the arguments it binds (the
//! documented contract of `functools.partial`). What `f`'s body reads of the task is what the
//! callback reads.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::context::Context;
use super::fate::Exceptions;
use crate::detect::task_site::TaskSite;

/// What the done callback `callback` (a name as written, `self._cb`, `log_it`) reads of the
/// task: the body of the function of the module it names, or, for `self.<attr>` the class binds
/// once, of the function that value calls.
pub(super) fn reads(callback: &str, site: &TaskSite, context: &mut Context) -> Exceptions {
    let last = callback.rsplit('.').next().unwrap_or(callback);
    let class = (site.enclosing.iter().rev())
        .find(|n| n.kind() == "class_definition")
        .map(|c| c.byte_range());
    let src = context.source.text;
    let stored = (context.function_body(last).is_none())
        .then(|| class.as_ref().and_then(|c| called_by(callback, c, src)))
        .flatten();
    let name = stored.as_deref().unwrap_or(last);
    if let Some(body) = context.function_body(name) {
        let read = super::retrieval::callback_reads(body);
        if read != Exceptions::NotRetrieved {
            return read;
        }
        let helpers = own_helpers(body);
        return helpers_read(&helpers, site, context);
    }
    // A function of another file the file imports by name: its body, from its summary.
    let spelled = stored.as_deref().unwrap_or(callback);
    let elsewhere = (context.handlers)
        .and_then(|h| h.lookup(spelled, None))
        .filter(|r| !r.same_file)
        .and_then(|r| r.handler.outcome.as_deref());
    elsewhere.map_or(Exceptions::NotRetrieved, super::retrieval::callback_reads)
}

/// What the methods a callback calls on its own object with no arguments (`self._finished()`)
/// read of the task through the attribute that holds it (`self.listen_task.result()`): the
/// language runs them in the callback, on the same object (pytchat's `LiveChatAsync._finish`).
/// One step only: what they call in turn is not followed. Read only when the callback itself
/// reads nothing, so the class's methods are listed rarely.
fn helpers_read(helpers: &[String], site: &TaskSite, context: &mut Context) -> Exceptions {
    let Some(holder) = site.holder.as_deref().filter(|h| h.starts_with("self.")) else {
        return Exceptions::NotRetrieved;
    };
    let src = context.source.text;
    // The owner's class texts (the tree may hold only the part around the site).
    for scope in context.scopes(site) {
        let text = src.get(scope).unwrap_or_default();
        let methods = super::facts::definitions(text);
        for helper in helpers {
            // The method of the site's class, not a function of that name elsewhere.
            let Some(&start) = methods.get(helper.as_str()) else {
                continue;
            };
            let body = text
                .get(start..super::facts::function_end(text, start))
                .unwrap_or_default();
            let of_holder = [".result(", ".exception("]
                .iter()
                .any(|read| body.contains(&format!("{holder}{read}")));
            if of_holder {
                return super::retrieval::callback_reads(body);
            }
        }
    }
    Exceptions::NotRetrieved
}

/// The methods `body` calls on `self` with no arguments (`self._finished()`), in order.
fn own_helpers(body: &str) -> Vec<String> {
    let word = |c: char| c == '_' || c.is_ascii_alphanumeric();
    let mut found = Vec::new();
    for (at, _) in body.match_indices("self.") {
        if body[..at]
            .chars()
            .next_back()
            .is_some_and(|c| word(c) || c == '.')
        {
            continue;
        }
        let rest = &body[at + "self.".len()..];
        let name: String = rest.chars().take_while(|&c| word(c)).collect();
        let after = rest[name.len()..].trim_start();
        let called = after
            .strip_prefix('(')
            .is_some_and(|a| a.trim_start().starts_with(')'));
        if called && !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// What a lambda callback that only calls a function with its own parameter (`lambda task:
/// self._on_done(key, task)`, `lambda t: log_it(t)`) reads of the task: what that function's
/// body reads (the language calls the lambda with the task, and the lambda hands it on).
pub(super) fn lambda_reads(lambda: &str, site: &TaskSite, context: &mut Context) -> Exceptions {
    match lambda_call(lambda) {
        Some(function) => reads(&function, site, context),
        None => Exceptions::NotRetrieved,
    }
}

/// `lambda p: f(args)` / `lambda p: self.f(args)` on its line, where the arguments (no nested
/// call among them) hand `p` on whole: the function, without spaces. Read by hand: a pattern
/// costs more to compile than every lambda of a large tree costs to read.
fn lambda_call(lambda: &str) -> Option<String> {
    let word = |c: char| c == '_' || c.is_ascii_alphanumeric();
    let rest = lambda.strip_prefix("lambda")?;
    let (parameters, body) = rest.split_once(':')?;
    // `lambda t, h=hook: f(t, h)`: the task is the first parameter; the others keep their
    // defaults (the loop calls a done callback with the future alone).
    let mut parameters = parameters.split(',');
    let parameter = parameters.next()?.trim();
    let defaulted = parameters.all(|p| {
        p.split_once('=')
            .is_some_and(|(name, _)| !name.trim().is_empty() && name.trim().chars().all(word))
    });
    if parameter.is_empty()
        || !parameter.chars().all(word)
        || !defaulted
        || !rest.starts_with([' ', '\t'])
    {
        return None;
    }
    let body = body.trim_start();
    let open = body.find('(')?;
    let function: String = body[..open].split_whitespace().collect();
    let name = function.strip_prefix("self.").unwrap_or(&function);
    if !name.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) || !name.chars().all(word) {
        return None;
    }
    let arguments = &body[open + 1..];
    let arguments = &arguments[..arguments.find(')')?];
    let handed_on = !arguments.contains('(') && arguments.split(',').any(|a| a.trim() == parameter);
    handed_on.then_some(function)
}

/// `self.<name> = <value>` at the start of a line, not `==` (the attribute's name is checked
/// after the match).
static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*self[ \t]*\.[ \t]*(\w+)[ \t]*=[ \t]*([^=\n][^\n]*)$")
        .expect("valid pattern")
});
/// The value: a name (`f`, `module.f`) or `partial(f, ...)` / `functools.partial(f, ...)`.
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:functools\s*\.\s*)?partial\s*\(\s*)?([A-Za-z_][\w.]*)\s*[,)]?")
        .expect("valid pattern")
});

/// The function a callback `self.<attr>` calls, when the class (`class` in `src`) binds the
/// attribute once (and in no other way: an augmented assignment, a `setattr`, would be
/// another binding this reading does not see) to a name or to a `partial` of one: that name's
/// last part (`f` of `module.f`).
pub(super) fn called_by(callback: &str, class: &Range<usize>, src: &str) -> Option<String> {
    let attr = callback.strip_prefix("self.")?;
    if attr.contains('.') {
        return None;
    }
    let text = src.get(class.clone())?;
    let mut values = ASSIGNED
        .captures_iter(text)
        .filter(|c| c.get(1).is_some_and(|n| n.as_str() == attr))
        .filter_map(|c| c.get(2));
    let value = values.next()?.as_str().trim();
    if values.next().is_some() {
        return None;
    }
    let whole = VALUE.captures(value)?;
    let name = whole.get(1)?.as_str();
    // A plain name must be the whole value (`f`, not `f(x)`): a call's result is not `f`.
    let partial = value.starts_with("partial") || value.starts_with("functools");
    if !partial && whole.get(0)?.as_str().trim() != value {
        return None;
    }
    let last = name.rsplit('.').next()?;
    (!matches!(name.split('.').next(), Some("self" | "cls"))).then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lambda_that_hands_its_task_on_calls_one_function() {
        let called = |l: &str| super::lambda_call(l);
        assert_eq!(
            called("lambda task: self._done(s, task))").as_deref(),
            Some("self._done")
        );
        assert_eq!(
            called("lambda t: log_it(t, name=n)").as_deref(),
            Some("log_it")
        );
        assert_eq!(called("lambda t: log_it(other)"), None);
        assert_eq!(called("lambda t: fut.set_result(t)"), None);
        assert_eq!(called("lambda t: log_it(f(t))"), None);
        assert_eq!(called("lambdax: f(x)"), None);
        assert_eq!(
            called("lambda t, h=hook, e=event: _log(t, h, e)").as_deref(),
            Some("_log")
        );
        assert_eq!(called("lambda t, h: _log(t, h)"), None, "no default");
    }

    #[test]
    fn an_attribute_bound_once_to_a_partial_calls_its_function() {
        let src = "class C:\n    def __init__(self):\n        self._cb = partial(done_task_callback, self.logger)\n";
        let whole = 0..src.len();
        assert_eq!(
            called_by("self._cb", &whole, src).as_deref(),
            Some("done_task_callback")
        );
        let plain = "class C:\n    def __init__(self):\n        self._cb = helper.log_it\n";
        assert_eq!(
            called_by("self._cb", &(0..plain.len()), plain).as_deref(),
            Some("log_it")
        );
        let twice = format!("{src}        self._cb = other\n");
        assert_eq!(called_by("self._cb", &(0..twice.len()), &twice), None);
        let called = "class C:\n    def __init__(self):\n        self._cb = make(x)\n";
        assert_eq!(called_by("self._cb", &(0..called.len()), called), None);
    }
}
