//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::audit::lifecycle::Risk;
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
        /// Exit 0 even when there are findings.
        #[arg(long)]
        exit_zero: bool,
        /// Print the number of findings of each kind instead of the findings.
        #[arg(long)]
        statistics: bool,
        /// Print, one JSON object per path, the settings undangle reads for it (the line
        /// lengths and the files each tool took them from), and check nothing.
        #[arg(long, hide = true)]
        show_settings: bool,
    },
    /// List every task-creation site with its owner, shutdown, risk and action (exit 1 with
    /// `--fail-on` when a site at or above that risk exists).
    Audit {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AuditFormat::Markdown)]
        output_format: AuditFormat,
        /// Exit 1 when a site has this risk or a higher one.
        #[arg(long, value_enum, value_name = "RISK")]
        fail_on: Option<Risk>,
    },
    /// Print the fix as a unified diff and write nothing (exit 1 if the diff is not empty).
    Diff {
        #[command(flatten)]
        common: Common,
        /// Also list each site the fix covers, on stderr.
        #[arg(long)]
        show_fixes: bool,
        /// Write a pull-request description of the change to FILE (removed when there is
        /// nothing to fix).
        #[arg(long, value_name = "FILE")]
        pr_body: Option<PathBuf>,
    },
    /// Apply the fix in place.
    Fix {
        #[command(flatten)]
        common: Common,
        /// Exit 1 when files were changed (for pre-commit hooks and CI).
        #[arg(long)]
        exit_non_zero_on_fix: bool,
        /// List each site fixed, on stderr.
        #[arg(long)]
        show_fixes: bool,
        /// Write a pull-request description of the change to FILE (removed when there is
        /// nothing to fix).
        #[arg(long, value_name = "FILE")]
        pr_body: Option<PathBuf>,
    },
    /// Trace asyncio's "Task was destroyed but it is pending!" and "Task exception was never
    /// retrieved" records of a log to the sites that create those tasks (exit 1 when a record
    /// points at a dropped site).
    Explain {
        /// Log files to read, or `-` for standard input.
        #[arg(required = true, value_name = "LOG")]
        logs: Vec<PathBuf>,
        #[command(flatten)]
        options: ExplainOptions,
    },
    /// Explain a kind of dropped task: what it is, why it is bad, an example, and whether `fix`
    /// fixes it (exit 2 for a kind that does not exist).
    Rule {
        /// The kind, as `check` prints it (e.g. `bare`).
        #[arg(
            required_unless_present = "all",
            conflicts_with = "all",
            value_name = "KIND"
        )]
        kind: Option<String>,
        /// Explain every kind.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
        output_format: RuleFormat,
    },
    /// Print a shell completion script on stdout (e.g. `undangle completions bash >
    /// ~/.local/share/bash-completion/completions/undangle`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout (e.g. `undangle man > undangle.1`).
    Man,
    /// Describe the settings of `[tool.undangle]` (or `undangle.toml`): all of them, or the one
    /// named.
    Config {
        /// The setting to describe, e.g. `drain-timeout` [default: list them all].
        #[arg(value_name = "SETTING")]
        setting: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ConfigFormat::Text)]
        output_format: ConfigFormat,
    },
    /// Serve the Language Server Protocol on standard input and output (diagnostics and fixes
    /// in an editor).
    Server,
}

#[derive(Debug, ClapArgs)]
pub struct Common {
    /// Files or folders to process, or `-` for standard input [default: .]
    pub paths: Vec<PathBuf>,
    /// The name of the file read from standard input (shown in the output, and where settings
    /// are looked up from); implies `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Print findings or the diff, and errors, but no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// When to colour the output [`auto`: on a terminal; NO_COLOR, FORCE_COLOR and
    /// CLICOLOR_FORCE are honoured].
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Number of threads, at most one per core (0: one per core).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
    /// How the fix keeps tasks [default: `[tool.undangle] strategy`, else inline].
    #[arg(long, value_enum)]
    pub strategy: Option<Strategy>,
    /// Where a set the fix adds has a shutdown hook (an async `close`/`stop`/... of its class, a
    /// shutdown handler or lifespan of its module), cancel and await its tasks there
    /// [default: `[tool.undangle] drain-on-shutdown`].
    #[arg(long)]
    pub drain_on_shutdown: bool,
    /// How long a drained shutdown hook waits for its tasks (and for those started meanwhile)
    /// before it logs the ones still running and returns [default: `[tool.undangle]
    /// drain-timeout`, else 10].
    #[arg(long, value_name = "SECONDS", value_parser = seconds, allow_negative_numbers = true)]
    pub drain_timeout: Option<f64>,
    /// The code that keeps a task also logs its exception if it fails (never its cancellation),
    /// with the module's logger [default: `[tool.undangle] log-exceptions`].
    #[arg(long)]
    pub log_exceptions: bool,
    /// Also report the kinds in preview, whose precision on unseen code is not yet measured at
    /// 99% (`undangle rule --all` says which) [default: `[tool.undangle] preview`].
    #[arg(long)]
    pub preview: bool,
    /// Ignore suppression comments (`# noqa: RUF006`, `# ruff: noqa`, `# undangle: ignore`,
    /// ...), as ruff's flag does: their sites are reported and fixed, and the fix takes the
    /// now-unused code out of the comment.
    #[arg(long)]
    pub ignore_noqa: bool,
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

/// `explain`'s options: the checked code, and how to print.
#[derive(Debug, ClapArgs)]
pub struct ExplainOptions {
    /// Files or folders holding the code that wrote the log [default: .]
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub output_format: ExplainFormat,
    /// Print the records and errors, but no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Number of threads, at most one per core (0: one per core).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub threads: u16,
    /// Settings file for every path (an `undangle.toml` or a `pyproject.toml`).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no settings file.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `path:line:col: message`
    Text,
    /// With the source lines and a caret span, as ruff's `full`.
    Full,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
    /// SARIF 2.1.0, with each file's fix.
    Sarif,
}

/// How `rule` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// Markdown, as the documentation page shows it.
    Text,
    /// JSON: an object, or with `--all` an array of them.
    Json,
}

impl Command {
    /// The options shared by the commands that read Python files (none for the others).
    pub fn common(&self) -> Option<&Common> {
        match self {
            Command::Check { common, .. }
            | Command::Audit { common, .. }
            | Command::Diff { common, .. }
            | Command::Fix { common, .. } => Some(common),
            Command::Explain { .. }
            | Command::Rule { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Config { .. }
            | Command::Server => None,
        }
    }
}

/// `--drain-timeout`: a positive number of seconds.
fn seconds(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    crate::settings::drain_timeout(seconds)
        .map_err(|_| format!("`{text}` must be a positive number of seconds"))
}
