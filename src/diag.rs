//! Errors and warnings that point into the user's SQL.
//!
//! Every stage reports problems as a [`Diagnostic`]: where it is (`path:line:col`), what is wrong,
//! and the offending source lines, so the binary can print them the way compilers do.

use std::fmt;
use std::path::PathBuf;

/// A position in an input file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// How bad a diagnostic is: an error stops the run, a warning is printed and the run goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where it is; `None` for problems that are not in a file (a missing input path).
    pub location: Option<Location>,
    pub message: String,
    /// The source lines around the location, as `(line number, text)`, to show under the message.
    pub excerpt: Vec<(u32, String)>,
    /// More about it, shown last, one `= note:` line each (e.g. where a migration folder put the
    /// file).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            excerpt: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            excerpt: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a note, shown under the message and its lines.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Attaches the lines of a statement around the diagnostic's line: the line itself and up
    /// to one line before it. The statement's `text` starts at `line`:`column` of the file; its
    /// first line is indented to that column so the caret lines up.
    pub fn with_excerpt_from(mut self, text: &str, line: u32, column: u32) -> Diagnostic {
        let Some(at) = self.location.as_ref().map(|l| l.line) else {
            return self;
        };
        let indent = " ".repeat(column.saturating_sub(1) as usize);
        self.excerpt = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let l = l.trim_end();
                let l = if i == 0 {
                    format!("{indent}{l}")
                } else {
                    l.to_string()
                };
                (line + i as u32, l)
            })
            .filter(|(n, _)| *n + 1 >= at && *n <= at)
            .collect();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(location) => write!(f, "{location}: {kind}: {}", self.message)?,
            None => write!(f, "{kind}: {}", self.message)?,
        }
        let width = self
            .excerpt
            .iter()
            .map(|(n, _)| n.to_string().len())
            .max()
            .unwrap_or(0);
        for (number, text) in &self.excerpt {
            write!(f, "\n {number:>width$} | {text}")?;
        }
        if let (Some(location), Some((last, _))) = (&self.location, self.excerpt.last()) {
            if *last == location.line {
                let pad = " ".repeat(location.column.saturating_sub(1) as usize);
                write!(f, "\n {:>width$} | {pad}^", "")?;
            }
        }
        for note in &self.notes {
            write!(f, "\n {:>width$} = note: {note}", "")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_message_and_caret() {
        let location = Location {
            path: "db/schema.sql".into(),
            line: 3,
            column: 5,
        };
        let diagnostic = Diagnostic::error(Some(location), "unknown table 'x'").with_excerpt_from(
            "CREATE TABLE a (\n  id INT\n);\nALTER TABLE x ADD y INT;",
            1,
            1,
        );
        assert_eq!(
            diagnostic.to_string(),
            "db/schema.sql:3:5: error: unknown table 'x'\n 2 |   id INT\n 3 | );\n   |     ^"
        );
        assert_eq!(
            diagnostic
                .with_note("file 2 of 3")
                .to_string()
                .lines()
                .last(),
            Some("   = note: file 2 of 3")
        );
    }
}
