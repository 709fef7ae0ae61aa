//! `-`: one buffer read from standard input, as editors pipe an unsaved file in. It goes through
//! the same analysis and printers as a file; `fix -` prints the whole buffer back (fixed, or as it
//! came when there is nothing to fix), so an editor can always replace its buffer with it.

use std::io::{self, Read};
use std::path::Path;

use std::sync::Arc;

use crate::app::cli::Common;
use crate::app::job::Job;
use crate::app::walk;
use crate::app::worker::analyse;
use crate::project::factories::FactoryIndex;
use crate::project::file_key;
use crate::render::report::FileReport;
use crate::scan::syntax;

/// Standard input is read for a lone `-`, or whenever `--stdin-filename` is given (as ruff does).
pub fn selected(common: &Common) -> bool {
    common.stdin_filename.is_some() || common.paths.iter().any(|p| p == Path::new("-"))
}

/// Reads the buffer and analyses it as the file it stands for (`--stdin-filename`, whose
/// settings apply), never writing anything. Returns the report, if any, and the buffer.
pub(crate) fn report(common: &Common, job: &Job) -> io::Result<(Option<FileReport>, Vec<u8>)> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    let (path, display) = match &common.stdin_filename {
        Some(name) => (name.as_path(), walk::display(name)),
        None => (Path::new("-"), "-".to_owned()),
    };
    let mut parser = syntax::new_parser();
    // The buffer's own task factories (the rest of the project is not read).
    let mut job = job.clone();
    job.creates_files = false;
    if let Ok(settings) = job.loader.for_file(path) {
        let mut index = FactoryIndex::default();
        let found = crate::core::pipeline::factories_of(&bytes, &mut parser, &settings);
        index.add(file_key(path), display.clone(), found);
        index.finish();
        job.factories = Arc::new(index);
    }
    let report = analyse(path, display, bytes.clone(), &mut parser, &job, false);
    Ok((report, bytes))
}
