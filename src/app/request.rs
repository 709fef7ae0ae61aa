//! What a command asks for, read off its arguments once: the rest of the run looks at these
//! fields and never at the command again.

use std::path::Path;

use crate::app::cli::{AuditFormat, Command, Common, OutputFormat};
use crate::audit::lifecycle::Risk;
use crate::core::pipeline::Mode;

/// What goes to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Findings(OutputFormat),
    /// `check --statistics`: a count per kind.
    Statistics,
    Audit(AuditFormat),
    Diff,
    /// `fix`: nothing, except the whole buffer back for `fix -`.
    Fixed,
}

/// When the run exits 1 (an error exits 2 whatever this says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitWhen {
    Never,
    Found,
    AtRisk(Risk),
    Changed,
}

/// The summary line on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Summary {
    Check,
    Audit,
    /// Whether the fix was written (`fix`) or only shown (`diff`).
    Fix {
        applied: bool,
    },
}

pub(crate) struct Request<'c> {
    pub(crate) common: &'c Common,
    pub(crate) mode: Mode,
    pub(crate) write_back: bool,
    /// The progress line's verb.
    pub(crate) verb: &'static str,
    pub(crate) output: Output,
    pub(crate) exit_when: ExitWhen,
    pub(crate) show_fixes: bool,
    pub(crate) pr_body: Option<&'c Path>,
    /// `diff` and `fix` say on stderr where the findings they leave are.
    pub(crate) list_unfixable: bool,
    pub(crate) summary: Summary,
}

impl<'c> Request<'c> {
    /// `None` for the commands that read no Python (completions, the man page).
    pub(crate) fn of(command: &'c Command) -> Option<Self> {
        let common = command.common()?;
        let request = Request {
            common,
            mode: Mode::Check,
            write_back: false,
            verb: "Checking",
            output: Output::Fixed,
            exit_when: ExitWhen::Never,
            show_fixes: false,
            pr_body: None,
            list_unfixable: false,
            summary: Summary::Check,
        };
        Some(match command {
            Command::Check {
                output_format,
                exit_zero,
                statistics,
                ..
            } => Request {
                // SARIF carries the fix: plan it, as `diff` does, without writing.
                mode: match output_format {
                    OutputFormat::Sarif => Mode::Fix,
                    _ => Mode::Check,
                },
                output: match statistics {
                    true => Output::Statistics,
                    false => Output::Findings(*output_format),
                },
                exit_when: match exit_zero {
                    true => ExitWhen::Never,
                    false => ExitWhen::Found,
                },
                ..request
            },
            Command::Audit {
                output_format,
                fail_on,
                ..
            } => Request {
                mode: Mode::Audit,
                verb: "Auditing",
                output: Output::Audit(*output_format),
                exit_when: fail_on.map_or(ExitWhen::Never, ExitWhen::AtRisk),
                summary: Summary::Audit,
                ..request
            },
            Command::Diff {
                show_fixes,
                pr_body,
                ..
            } => Request {
                mode: Mode::Fix,
                output: Output::Diff,
                exit_when: ExitWhen::Changed,
                show_fixes: *show_fixes,
                pr_body: pr_body.as_deref(),
                list_unfixable: true,
                summary: Summary::Fix { applied: false },
                ..request
            },
            Command::Fix {
                exit_non_zero_on_fix,
                show_fixes,
                pr_body,
                ..
            } => Request {
                mode: Mode::Fix,
                write_back: true,
                verb: "Fixing",
                exit_when: match exit_non_zero_on_fix {
                    true => ExitWhen::Changed,
                    false => ExitWhen::Never,
                },
                show_fixes: *show_fixes,
                pr_body: pr_body.as_deref(),
                list_unfixable: true,
                summary: Summary::Fix { applied: true },
                ..request
            },
            Command::Explain { .. }
            | Command::Rule { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Config { .. }
            | Command::Server => return None,
        })
    }
}
