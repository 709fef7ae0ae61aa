//! Done callbacks a loop over the holder adds to each task it visits (exam35j class 5, coc.py's
//! `EventsClient._setup`): `self._tasks = {"a": create_task(a()), ...}` then `for t in
//! self._tasks.values(): t.add_done_callback(self._check)`. The loop visits every task the
//! holder has when it runs: a loop in the site's own function, after the site's statement,
//! adds the callback to the site's task (one in another function may run before the task is
//! added, and proves nothing).

use regex::bytes::Regex;

use crate::detect::task_site::TaskSite;

/// The callbacks (their text, as [`super::exceptions`] reads them) that a loop over the site's
/// holder, after its statement in its function, adds to each task it visits.
pub(super) fn added_by_loops(site: &TaskSite, src: &str) -> Vec<String> {
    let Some(holder) = site.holder.as_deref() else {
        return Vec::new();
    };
    let Some(function) = (site.enclosing.iter().rev()).find(|d| d.kind() == "function_definition")
    else {
        return Vec::new();
    };
    let code = src.as_bytes();
    let (from, to) = (site.statement.end_byte(), function.end_byte());
    let Some(after) = code.get(from..to) else {
        return Vec::new();
    };
    // Most functions have no such loop: look for one before compiling a pattern for it.
    let looped = memchr::memmem::find(after, b"add_done_callback").is_some()
        && after.split(|b| *b == b'\n').any(|line| {
            let line = line.trim_ascii_start();
            line.starts_with(b"for ") && memchr::memmem::find(line, holder.as_bytes()).is_some()
        });
    if !looped {
        return Vec::new();
    }
    let holder = regex::escape(holder).replace(r"\.", r"[ \t]*\.[ \t]*");
    let Ok(header) = Regex::new(&format!(
        r"(?m)^([ \t]*)for[ \t]+(?:\w+[ \t]*,[ \t]*)?(\w+)[ \t]+in[ \t]+(?:list[ \t]*\([ \t]*)?{holder}(?:[ \t]*\.[ \t]*values[ \t]*\([ \t]*\)|[ \t]*\.[ \t]*items[ \t]*\([ \t]*\))?[ \t]*\)?[ \t]*:[ \t]*(?:#[^\n]*)?$"
    )) else {
        return Vec::new();
    };
    let mut callbacks = Vec::new();
    for found in header.captures_iter(after) {
        let (Some(indent), Some(var), Some(whole)) = (found.get(1), found.get(2), found.get(0))
        else {
            continue;
        };
        let body = block(after, whole.end(), indent.len());
        let var = regex::escape(&String::from_utf8_lossy(var.as_bytes()));
        let Ok(adds) = Regex::new(&format!(
            r"(?:^|[^\w.]){var}[ \t]*\.[ \t]*add_done_callback\s*\(\s*(?:(?:functools\s*\.\s*)?partial\s*\(\s*)?(lambda[^\n]*|[\w.]+)"
        )) else {
            continue;
        };
        callbacks.extend(
            (adds.captures_iter(body))
                .filter_map(|c| c.get(1))
                .map(|c| String::from_utf8_lossy(c.as_bytes()).trim().to_owned()),
        );
    }
    callbacks
}

/// The lines after the header that ends at `end`, indented more than `own`.
fn block(code: &[u8], end: usize, own: usize) -> &[u8] {
    let start = (end + 1).min(code.len());
    let mut stop = start;
    for line in code[start..].split(|b| *b == b'\n') {
        let indent = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if !line.trim_ascii().is_empty() && indent <= own {
            break;
        }
        stop = (stop + line.len() + 1).min(code.len());
    }
    &code[start..stop]
}
