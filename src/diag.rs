//! Errors and warnings that point into the user's SQL.
//!
//! Every stage reports problems as a [`Diagnostic`]: what kind of problem it is (a [`Kind`] a
//! caller can match on), where it is (`path:line:col`), what is wrong, the offending source
//! lines, and the error underneath (an I/O or parser error) as [`std::error::Error::source`].
//! Its `Display` is what the binary prints, the way compilers do:
//!
//! ```text
//! db/schema.sql:3:17: error: unknown column type VARCHR for column 'a'; did you mean VARCHAR?
//!  3 |   a VARCHR(10),
//!    |     ^
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// What kind of problem a diagnostic reports, for callers that handle some differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A file could not be read or written; `source()` is the `std::io::Error`.
    Io,
    /// The server would refuse the statement's syntax (its error 1064): a misspelled or
    /// missing word, an unclosed string. `source()` is the parser's error when it found it.
    Syntax,
    /// A table the statement needs does not exist.
    UnknownTable,
    /// A column the statement names does not exist in its table.
    UnknownColumn,
    /// An index, foreign key or constraint the statement names does not exist.
    UnknownKey,
    /// A table, column, index or constraint the statement makes is there already.
    Duplicate,
    /// A definition the server refuses: a type, a default, a name, a value list.
    InvalidDefinition,
    /// A foreign key the server refuses, or a change a foreign key forbids.
    ForeignKey,
    /// Valid for MariaDB, but modelgen cannot model it.
    Unsupported,
    /// A statement that was skipped (a warning).
    Skipped,
    /// A mistake in the config file.
    Config,
    /// Options that cannot go together.
    Usage,
    /// Anything else.
    Other,
}

/// The error underneath a diagnostic: shared, so that diagnostics stay cheap to clone.
type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// What few diagnostics have.
#[derive(Clone, Default)]
struct Extra {
    source: Option<Source>,
    /// More about it, shown last, one `= note:` line each (where a migrations folder put the
    /// file).
    notes: Vec<String>,
}

/// One problem found in the input.
#[derive(Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Where it is; `None` for problems that are not in a file (a missing input path).
    pub location: Option<Location>,
    pub message: String,
    /// The source lines around the location, as `(line number, text)`, to show under the
    /// message; a long line is cut to a window around the location.
    pub excerpt: Vec<(u32, String)>,
    /// Characters before the caret on the last excerpt line (the location's column, less
    /// what was cut from the line's start).
    caret: Option<usize>,
    /// The error underneath and the notes, when there are any (kept out of line: results
    /// holding a `Diagnostic` stay small).
    extra: Option<Box<Extra>>,
}

/// A message longer than this many characters is cut in its middle: a message quotes the
/// input, and the input may be a megabyte of one token.
const MESSAGE_LIMIT: usize = 400;

/// Characters of an excerpt line shown on each side of the caret.
const EXCERPT_HALF_WIDTH: usize = 60;

impl Diagnostic {
    pub fn new(kind: Kind, location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind,
            location,
            message: shortened(message.into()),
            excerpt: Vec::new(),
            caret: None,
            extra: None,
        }
    }

    /// An error of no more specific kind ([`Kind::Other`]).
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Kind::Other, location, message)
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning_of(Kind::Other, location, message)
    }

    pub fn warning_of(
        kind: Kind,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(kind, location, message)
        }
    }

    /// `cannot read PATH: ERROR` (or what `doing` says), with the I/O error as its source.
    pub fn io(doing: &str, path: &Path, error: std::io::Error) -> Diagnostic {
        let message = format!("cannot {doing} {}: {error}", path.display());
        Diagnostic::new(Kind::Io, None, message).with_source(error)
    }

    /// The error underneath, returned by `source()`.
    pub fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Diagnostic {
        self.extra.get_or_insert_with(Box::default).source = Some(Arc::new(source));
        self
    }

    /// Adds a note, shown under the message and its lines.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.extra
            .get_or_insert_with(Box::default)
            .notes
            .push(note.into());
        self
    }

    /// Attaches the lines of a statement around the diagnostic's line: the line itself and up
    /// to one line before it, each cut to a window around the location's column. The
    /// statement's `text` starts at `line`:`column` of the file; its first line is indented to
    /// that column so the caret lines up.
    pub fn with_excerpt_from(mut self, text: &str, line: u32, column: u32) -> Diagnostic {
        let Some((at_line, at_column)) = self.location.as_ref().map(|l| (l.line, l.column)) else {
            return self;
        };
        let caret = at_column.saturating_sub(1) as usize;
        let wanted = at_line.saturating_sub(1).max(line)..=at_line;
        let first_wanted = (*wanted.start() - line) as usize;
        let mut excerpt = Vec::new();
        let mut caret_in_last = None;
        for (i, text_line) in text.split('\n').enumerate().skip(first_wanted).take(2) {
            let number = line + i as u32;
            if !wanted.contains(&number) {
                break;
            }
            let indent = if i == 0 {
                column.saturating_sub(1) as usize
            } else {
                0
            };
            let (shown, caret_at) = window(text_line.trim_end(), indent, caret);
            excerpt.push((number, shown));
            caret_in_last = (number == at_line).then_some(caret_at);
        }
        self.excerpt = excerpt;
        self.caret = caret_in_last;
        self
    }
}

/// The part of a line (preceded by `indent` spaces) within [`EXCERPT_HALF_WIDTH`] characters
/// of column `caret` (0-based), marked `…` where cut, and where the caret falls in it.
fn window(line: &str, indent: usize, caret: usize) -> (String, usize) {
    let from = caret.saturating_sub(EXCERPT_HALF_WIDTH);
    let to = caret + EXCERPT_HALF_WIDTH;
    let mut shown = String::new();
    let mut caret_at = caret;
    if from > 0 {
        shown.push('…');
        caret_at = caret - from + 1;
    }
    let characters = std::iter::repeat_n(' ', indent).chain(line.chars());
    let mut cut_at_end = false;
    for (i, c) in characters.enumerate().skip(from) {
        if i >= to {
            cut_at_end = true;
            break;
        }
        shown.push(c);
    }
    if cut_at_end {
        shown.push('…');
    }
    (shown, caret_at)
}

/// The one of `candidates` closest to `name` (case aside), when one is close enough to be what
/// was meant: for the did-you-mean of a message.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `message`, its middle replaced by `…` when it is longer than [`MESSAGE_LIMIT`] characters.
fn shortened(message: String) -> String {
    if message.len() <= MESSAGE_LIMIT {
        return message;
    }
    let count = message.chars().count();
    if count <= MESSAGE_LIMIT {
        return message;
    }
    let keep = MESSAGE_LIMIT / 2;
    let head: String = message.chars().take(keep).collect();
    let tail: String = message.chars().skip(count - keep).collect();
    format!("{head}…{tail}")
}

impl Diagnostic {
    /// The notes shown under the message.
    pub fn notes(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |e| &e.notes)
    }

    fn source_text(&self) -> Option<String> {
        let source = self.extra.as_ref()?.source.as_ref()?;
        Some(source.to_string())
    }
}

impl fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnostic")
            .field("severity", &self.severity)
            .field("kind", &self.kind)
            .field("location", &self.location)
            .field("message", &self.message)
            .field("excerpt", &self.excerpt)
            .field("source", &self.source_text())
            .field("notes", &self.notes())
            .finish()
    }
}

/// Two diagnostics are equal when they say the same thing at the same place; their sources
/// are compared by their text.
impl PartialEq for Diagnostic {
    fn eq(&self, other: &Diagnostic) -> bool {
        self.severity == other.severity
            && self.kind == other.kind
            && self.location == other.location
            && self.message == other.message
            && self.excerpt == other.excerpt
            && self.caret == other.caret
            && self.source_text() == other.source_text()
            && self.notes() == other.notes()
    }
}

impl Eq for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(location) => write!(f, "{location}: {severity}: {}", self.message)?,
            None => write!(f, "{severity}: {}", self.message)?,
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
        if let Some(caret) = self.caret {
            let pad = " ".repeat(caret);
            write!(f, "\n {:>width$} | {pad}^", "")?;
        }
        for note in self.notes() {
            write!(f, "\n {:>width$} = note: {note}", "")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let source = self.extra.as_ref()?.source.as_deref()?;
        Some(source as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    fn at(line: u32, column: u32) -> Option<Location> {
        Some(Location {
            path: "db/schema.sql".into(),
            line,
            column,
        })
    }

    #[test]
    fn renders_location_message_and_caret() {
        let diagnostic = Diagnostic::new(Kind::UnknownTable, at(3, 5), "unknown table 'x'")
            .with_excerpt_from(
                "CREATE TABLE a (\n  id INT\n);\nALTER TABLE x ADD y INT;",
                1,
                1,
            );
        assert_eq!(
            diagnostic.to_string(),
            "db/schema.sql:3:5: error: unknown table 'x'\n 2 |   id INT\n 3 | );\n   |     ^"
        );
        assert_eq!(diagnostic.kind, Kind::UnknownTable);
    }

    #[test]
    fn a_statement_not_at_column_one_is_indented() {
        let diagnostic =
            Diagnostic::error(at(7, 12), "here").with_excerpt_from("ALTER TABLE x", 7, 10);
        assert_eq!(
            diagnostic.to_string(),
            "db/schema.sql:7:12: error: here\n 7 |          ALTER TABLE x\n   |            ^"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}BAD{}", "a".repeat(5_000_000), "b".repeat(5_000_000));
        let diagnostic =
            Diagnostic::new(Kind::Syntax, at(1, 5_000_001), "here").with_excerpt_from(&line, 1, 1);
        let text = diagnostic.to_string();
        assert!(text.len() < 400, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[1].split_once("| ").unwrap().1;
        let caret = lines[2].split_once("| ").unwrap().1;
        assert_eq!(&shown[caret.len() + 1..][..3], "BAD", "{text}");
    }

    #[test]
    fn long_messages_are_cut_in_their_middle() {
        let name = "x".repeat(1 << 20);
        let diagnostic = Diagnostic::error(None, format!("unknown column '{name}' in 't'"));
        assert!(diagnostic.message.chars().count() <= MESSAGE_LIMIT + 1);
        assert!(diagnostic.message.ends_with("in 't'"));
    }

    #[test]
    fn io_errors_are_the_source() {
        let error = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let diagnostic = Diagnostic::io("read", Path::new("a.sql"), error);
        assert_eq!(diagnostic.kind, Kind::Io);
        assert_eq!(diagnostic.to_string(), "error: cannot read a.sql: gone");
        let source = diagnostic.source().unwrap();
        assert!(source.downcast_ref::<std::io::Error>().is_some());
        assert_eq!(
            diagnostic
                .with_note("file 2 of 3")
                .to_string()
                .lines()
                .last(),
            Some("  = note: file 2 of 3")
        );
    }
}
