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
    /// Number of threads, at most one per core (0: one per core).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
    /// How the fix keeps tasks [default: `[tool.undangle] strategy`, else inline].
    #[arg(long, value_enum)]
    pub strategy: Option<Strategy>,
    /// Settings file for every path (an `undangle.toml` or a `pyproject.toml`).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no settings file.
    #[arg(long)]
    pub isolated: bool,
    /// Glob patterns to leave out, replacing the default list (comma-separated).
    #[arg(long, value_name = "PATTERN", value_delimiter = ',')]
    pub exclude: Option<Vec<String>>,
    /// Glob patterns to leave out, besides the excluded ones (comma-separated).
    #[arg(long, value_name = "PATTERN", value_delimiter = ',')]
    pub extend_exclude: Vec<String>,
    /// Leave excluded paths out even when they are named on the command line.
    #[arg(long)]
    pub force_exclude: bool,
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
