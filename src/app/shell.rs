//! What packagers install beside the binary: shell completion scripts (clap_complete) and the
//! man page (clap_mangen), both generated from the same command-line definition.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::app::cli::Cli;

pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> io::Result<()> {
    // clap_complete panics when its writer fails (`| head`): it writes to memory instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "undangle", &mut script);
    out.write_all(&script)
}

pub fn man_page(out: &mut impl Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}
