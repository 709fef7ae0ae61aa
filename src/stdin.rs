//! `-`: one buffer read from standard input, as editors pipe an unsaved file in. It goes through
//! the same analysis and printers as a file; `fix -` prints the whole buffer back (fixed, or as it
//! came when there is nothing to fix), so an editor can always replace its buffer with it.

use std::io::{self, Read};
use std::path::Path;

use std::sync::Arc;

use crate::cli::Common;
use crate::detect::factory::FactoryIndex;
use crate::discover;
use crate::report::FileReport;
use crate::run::{Context, analyse};
use crate::syntax;
use crate::walk;

/// Standard input is read for a lone `-`, or whenever `--stdin-filename` is given (as ruff does).
pub fn selected(common: &Common) -> bool {
    common.stdin_filename.is_some() || common.paths.iter().any(|p| p == Path::new("-"))
}

/// Reads the buffer and analyses it as the file it stands for (`--stdin-filename`, whose
/// settings apply), never writing anything. Returns the report, if any, and the buffer.
pub(crate) fn report(
    common: &Common,
    context: &Context,
) -> io::Result<(Option<FileReport>, Vec<u8>)> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    let (path, display) = match &common.stdin_filename {
        Some(name) => (name.as_path(), walk::display(name)),
        None => (Path::new("-"), "-".to_owned()),
    };
    let mut parser = syntax::new_parser();
    // The buffer's own task factories (the rest of the project is not read).
    let mut context = context.clone();
    if let Ok(settings) = context.loader.for_file(path) {
        let mut index = FactoryIndex::default();
        let found = crate::pipeline::factories_of(&bytes, &mut parser, &settings);
        index.add(discover::file_key(path), display.clone(), found);
        index.finish();
        context.factories = Arc::new(index);
    }
    let report = analyse(path, display, bytes.clone(), &mut parser, &context, false);
    Ok((report, bytes))
}
