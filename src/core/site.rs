//! One task site in plain data, from detection to the printers: where it is, what creates the
//! task, what its reference does, and the one verdict (kept, dropped, unknown) with what
//! `check`, `fix` and the server need of a drop. `audit`'s words hang off it, in audit only.

use crate::audit::lifecycle::Description;
use crate::detect::Kind;
use crate::detect::task_site::Reference;
use crate::project::factories::FactoryRef;
use crate::scan::notebook::Notebook;
use crate::scan::span::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The call that creates the task.
    pub at: Span,
    /// What creates it, as written (`asyncio.create_task`, `self._loop.create_task`).
    pub callee: String,
    /// What the code does with the task's reference.
    pub reference: Reference,
    /// The holder of the reference, qualified (`Scheduler._task`, `module._tasks`).
    pub owner: Option<String>,
    pub verdict: Verdict,
    /// What `audit` says of the task beyond its verdict: made in `Mode::Audit` only.
    pub audit: Option<Box<Description>>,
}

/// What detection proved of the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Something keeps it: the site's reference and owner, and `by` what else where the
    /// reference alone does not (the loop's task factory).
    Kept { by: Option<String> },
    /// Nothing keeps it: how, or `None` where a `noqa` comment silences the drop.
    Dropped(Option<Box<Dropping>>),
    /// Neither the checked code nor the contract table decides it, for this reason.
    Unknown(String),
}

/// How a statement drops a task, as `check` reports it and `fix` settles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropping {
    pub kind: Kind,
    /// The statement that drops the task: where `check` reports it and the fix names it.
    pub at: Span,
    /// The source lines the statement spans, as written (`--output-format full`, fingerprints).
    pub statement: String,
    pub message: String,
    /// Why `fix` leaves it alone, if it does (a generated file, a shape it cannot rewrite).
    pub unfixable: Option<&'static str>,
    /// For `factory-result`: the factory whose task is dropped (the fix goes there), unless
    /// `fix` keeps it at this call.
    pub factory: Option<FactoryRef>,
    /// `check` reports it: its kind is stable, or the kinds in preview are on.
    pub reported: bool,
}

impl Dropping {
    pub fn fixable(&self) -> bool {
        self.unfixable.is_none()
    }

    /// `fix` leaves it for a person, and says why.
    pub fn not_fixed(&mut self, reason: &'static str) {
        self.unfixable = Some(reason);
    }
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Kept { .. } => "kept",
            Verdict::Dropped(_) => "dropped",
            Verdict::Unknown(_) => "unknown",
        }
    }
}

impl Site {
    /// How the task is dropped, if detection found how (whether `check` reports it or not).
    pub fn dropping(&self) -> Option<&Dropping> {
        match &self.verdict {
            Verdict::Dropped(Some(dropping)) => Some(dropping),
            _ => None,
        }
    }

    pub fn dropping_mut(&mut self) -> Option<&mut Dropping> {
        match &mut self.verdict {
            Verdict::Dropped(Some(dropping)) => Some(dropping),
            _ => None,
        }
    }

    /// The drop `check` reports, if it reports one here.
    pub fn finding(&self) -> Option<&Dropping> {
        self.dropping().filter(|d| d.reported)
    }

    /// The kind of the drop, reported or not.
    pub fn kind(&self) -> Option<Kind> {
        self.dropping().map(|d| d.kind)
    }

    /// `fix` fixes the drop.
    pub fn fixable(&self) -> bool {
        self.dropping().is_some_and(Dropping::fixable)
    }

    /// The audit's words, where the site was audited.
    pub fn described(&self) -> Option<&Description> {
        self.audit.as_deref()
    }

    /// The site with lines of a notebook's code-cell text made lines of its cells.
    pub fn in_cells(&mut self, notebook: &Notebook) {
        self.at = self.at.in_cells(notebook);
        if let Some(dropping) = self.dropping_mut() {
            dropping.at = dropping.at.in_cells(notebook);
        }
        if let Some(audit) = &mut self.audit {
            audit.shutdown_line = audit.shutdown_line.map(|l| notebook.cell_line(l).1);
        }
    }
}

/// The sites `check` reports, with their drops, in the order they were found.
pub fn findings(sites: &[Site]) -> impl Iterator<Item = (&Site, &Dropping)> {
    sites.iter().filter_map(|s| s.finding().map(|d| (s, d)))
}
