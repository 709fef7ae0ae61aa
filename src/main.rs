use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;
use undangle::cli::Cli;
use undangle::run::{EXIT_ERROR, EXIT_OK, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(code) => ExitCode::from(code),
        // `undangle diff . | head` closes the pipe early: stop quietly, as ripgrep does.
        Err(err) if err.kind() == ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(err) => {
            anstream::eprintln!("undangle: {err}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
