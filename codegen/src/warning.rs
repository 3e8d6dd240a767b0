//! What the generator decided on its own where the spec's data left a choice open: returned
//! with the generated tree (so tests and `--strict` can read them), never only printed.

use std::fmt;

/// What kind of guess a [`Warning`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// An event type the overrides do not classify, placed by the evidence its data has.
    UnclassifiedEvent,
    /// An event schema whose `type` property has no `enum`: the type is taken from the file name.
    EventTypeFromFileName,
}

/// One decision the data could not make for itself, with the line that makes it explicit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Warning {
    /// What was guessed.
    pub kind: WarningKind,
    /// The spec file (relative to `data/`) the guess is about.
    pub file: String,
    /// The event type concerned.
    pub event_type: String,
    /// What the generator did, in words.
    pub message: String,
    /// What a maintainer adds or changes so the warning goes away.
    pub fix: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}; fix: {}", self.file, self.event_type, self.message, self.fix)
    }
}

/// `--strict` refused a generation: every warning, one a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictError {
    /// The warnings that made it fail.
    pub warnings: Vec<Warning>,
}

impl fmt::Display for StrictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} warnings (--strict): add the overrides they name", self.warnings.len())?;
        for warning in &self.warnings {
            write!(f, "\n  {warning}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StrictError {}

/// `--strict`: an error holding every warning, if there is any.
pub fn refuse_any(warnings: &[Warning]) -> Result<(), StrictError> {
    if warnings.is_empty() {
        return Ok(());
    }
    Err(StrictError { warnings: warnings.to_vec() })
}
