//! Which files may store the running task (`self.task = asyncio.current_task()`), by a look
//! at their bytes: the files the walk parses for the function summaries (`project/self_stores.rs`).

/// Whether the bytes may hold a store of the running task: they define a coroutine function
/// and spell `current_task(` where its value may go into something that outlives the call
/// (see [`may_store_at`]). Most files that ask for the current task only read it or bind a
/// local, and parsing them whole cost `check` a third of its time on the corpus.
pub fn may_store(bytes: &[u8]) -> bool {
    // The rare word first: most files never spell it, and are read once.
    let mut spelt = memchr::memmem::find_iter(bytes, b"current_task(").peekable();
    if spelt.peek().is_none() || memchr::memmem::find(bytes, b"async def").is_none() {
        return false;
    }
    let global = memchr::memmem::find(bytes, b"global ").is_some();
    spelt.any(|at| may_store_at(bytes, at, global))
}

/// Whether a `current_task(` of the bytes may be handed to a collection's adding method: the
/// store then needs the module's own bindings (a module-level set) to be read.
pub fn may_add_it(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"current_task(").any(|at| {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        adds_it(&bytes[start..at])
    })
}

/// The text before the call names a collection's adding method.
fn adds_it(before: &[u8]) -> bool {
    let adds = [
        ".add(",
        ".append(",
        ".appendleft(",
        ".insert(",
        ".setdefault(",
        ".put_nowait(",
    ];
    adds.iter()
        .any(|m| memchr::memmem::find(before, m.as_bytes()).is_some())
}

/// The line before `current_task(` at `at`: an attribute or item assigned
/// (`self.x = asyncio.current_task()`), a name where the file declares a `global`, or an
/// argument of a collection's adding method. A call that does not start its line's statement
/// on that line (a continuation) may be anything.
fn may_store_at(bytes: &[u8], at: usize, global: bool) -> bool {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
    let mut before = bytes[start..at].trim_ascii_start();
    // The call's own qualifier is no part of what comes before it.
    for qualifier in [b"asyncio.Task.".as_slice(), b"asyncio.tasks.", b"asyncio."] {
        if let Some(rest) = before.strip_suffix(qualifier) {
            before = rest;
            break;
        }
    }
    let before = before.trim_ascii();
    let continues = |text: &[u8]| matches!(text.last(), Some(b'(' | b',' | b'\\' | b'['));
    if before.is_empty() {
        // The call starts its line: a store only if the line before leaves its statement open.
        let above = bytes[..start].trim_ascii_end();
        return continues(above) || above.ends_with(b"=");
    }
    if continues(before) {
        return true;
    }
    if adds_it(before) {
        return true;
    }
    let assigned = (0..before.len()).rev().find(|&i| {
        before[i] == b'='
            && before.get(i + 1) != Some(&b'=')
            && !(i > 0 && matches!(before[i - 1], b'=' | b'!' | b'<' | b'>' | b':'))
    });
    assigned.is_some_and(|eq| {
        let target = &before[..eq];
        global || target.iter().any(|&b| b == b'.' || b == b'[')
    })
}

#[cfg(test)]
mod tests {
    use super::may_store;

    /// The byte test passes every store of the tests above and leaves out a file that only reads
    /// the running task or binds it to a local.
    #[test]
    fn only_files_that_may_store_the_task_are_parsed() {
        let with = |body: &str| format!("import asyncio\nasync def run(self):\n    {body}\n");
        for store in [
            "self.task = asyncio.current_task()",
            "self.tasks[k] = asyncio.current_task()",
            "RUNNING.add(asyncio.current_task())",
            "self.t: asyncio.Task = (\n        asyncio.current_task()\n    )",
        ] {
            assert!(may_store(with(store).as_bytes()), "{store}");
        }
        let global =
            "import asyncio\nasync def run():\n    global T\n    T = asyncio.current_task()\n";
        assert!(may_store(global.as_bytes()));
        for read in [
            "task = asyncio.current_task()",
            "if asyncio.current_task() == self.task: return",
            "asyncio.current_task().cancel()",
        ] {
            assert!(!may_store(with(read).as_bytes()), "{read}");
        }
    }
}
