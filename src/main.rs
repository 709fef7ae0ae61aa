use std::process::ExitCode;

use clap::Parser;
use undangle::app::cli::Cli;
use undangle::app::run::{EXIT_ERROR, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            undangle::app::console::line(format_args!("undangle: {err}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
