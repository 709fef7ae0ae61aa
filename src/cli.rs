//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::settings::Strategy;

/// Find asyncio tasks whose Task object is dropped, and keep them alive.
#[derive(Debug, Parser)]
#[command(name = "undangle", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List dropped tasks (exit 1 if there are any).
    Check {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        output_format: OutputFormat,
    },
    /// Print the fix as a unified diff and write nothing (exit 1 if the diff is not empty).
    Diff {
        #[command(flatten)]
        common: Common,
    },
    /// Apply the fix in place.
    Fix {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, ClapArgs)]
pub struct Common {
    /// Files or folders to process [default: .]
    pub paths: Vec<PathBuf>,
    /// Number of threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// How the fix keeps tasks [default: `[tool.undangle] strategy`, else inline].
    #[arg(long, value_enum)]
    pub strategy: Option<Strategy>,
    /// Parse every Python file, not only those the prefilter selects (for testing).
    #[arg(long, hide = true)]
    pub no_prefilter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

impl Command {
    pub fn common(&self) -> &Common {
        match self {
            Command::Check { common, .. } | Command::Diff { common } | Command::Fix { common } => {
                common
            }
        }
    }
}
