use std::process::ExitCode;

use clap::Parser;
use undangle::app::cli::{Cli, Command};
use undangle::app::run::{EXIT_ERROR, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Explain { logs, options } => undangle::app::explain::run(logs, options),
        Command::Config {
            setting,
            output_format,
        } => undangle::app::config::run(setting.as_deref(), *output_format),
        command => run(command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            undangle::app::console::line(format_args!("undangle: {err}"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
