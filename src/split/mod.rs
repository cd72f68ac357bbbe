//! Source text → raw statements, cut the way the `mariadb` command-line client cuts them.
//!
//! The client reads line by line; so does this stage, in bounded memory (one line and one kept
//! statement at a time), because a mysqldump can hold gigabytes of INSERT data. Statements that
//! cannot change the schema are recognised by their first word and their bytes are not kept.
//! What the server would not run (comments, and conditional comments for other versions) is
//! blanked in the kept text, so every character stays at its line and column in the file.

mod client;
mod conditional;

use crate::diag::{Diagnostic, Location};
use std::io::BufRead;
use std::path::Path;

/// One statement as the server would receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    /// The statement's code from its first character on, without the delimiter. Comments
    /// the server would not run are replaced by spaces (newlines kept), one space a character,
    /// so columns stay those of the file. Empty for a skipped statement.
    pub text: String,
    /// 1-based line and column (in characters) of the statement's first character of code.
    pub line: u32,
    pub column: u32,
    /// The statement cannot change the schema (INSERT, LOCK TABLES ...): its text was not kept.
    pub skipped: bool,
    /// The statement's first word, upper case (`CREATE`, `INSERT`); empty when it starts
    /// with something else.
    pub keyword: String,
}

/// Splits `reader` into statements, calling `on_statement` for each, in bounded memory.
/// A goose `-- +goose Down` or dbmate `-- migrate:down` line ends the input: the rest is the
/// down migration. Client commands (`DELIMITER`, `source FILE`, `\. FILE`) are obeyed or ignored
/// as the client would, and never reach `on_statement`.
pub fn split_statements(
    path: &Path,
    mut reader: impl BufRead,
    mut on_statement: impl FnMut(RawStatement) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let mut splitter = Splitter::new(path);
    let mut line = Vec::with_capacity(1 << 16);
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Diagnostic::error(None, format!("cannot read {}: {e}", path.display())))?;
        if read == 0 || !splitter.feed_line(&line, &mut on_statement)? {
            break;
        }
    }
    splitter.finish(&mut on_statement)
}

/// Statements whose bytes are not kept: they cannot change tables, and the largest of them
/// (INSERT) hold a dump's data.
const SKIPPED: &[&str] = &[
    "INSERT",
    "REPLACE",
    "UPDATE",
    "DELETE",
    "SELECT",
    "LOCK",
    "UNLOCK",
    "START",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "GRANT",
    "REVOKE",
    "FLUSH",
    "ANALYZE",
    "OPTIMIZE",
    "SHOW",
    "DO",
    "CALL",
    "TRUNCATE",
    "LOAD",
    "HANDLER",
    "XA",
    "PREPARE",
    "EXECUTE",
    "DEALLOCATE",
    "WITH",
    "VALUES",
    "TABLE",
    "KILL",
    "PURGE",
    "RESET",
    "CHECKSUM",
    "DESCRIBE",
    "EXPLAIN",
    "DESC",
    "CHECK",
    "REPAIR",
    "BINLOG",
    "INSTALL",
    "UNINSTALL",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Code,
    Quoted { quote: u8, escaped: bool },
    BlockComment,
}

/// The statement being read.
#[derive(Debug, Default)]
struct Pending {
    text: Vec<u8>,
    /// Line and column of the first character of code.
    start: Option<(u32, u32)>,
    keyword: Vec<u8>,
    /// `None` until the first word is known.
    keep: Option<bool>,
}

struct Splitter<'p> {
    path: &'p Path,
    delimiter: Vec<u8>,
    mode: Mode,
    /// Inside `/*!NNNNN ... */`: whether the server runs its content.
    conditional: Option<bool>,
    /// Where the open string or comment started, for the error at the end of the input.
    opened_at: (u32, u32),
    line_number: u32,
    columns: Columns,
    pending: Pending,
}

/// Columns of the current line, counted once: positions asked for only grow along a line, so
/// counting on from the last one keeps a long INSERT line linear.
#[derive(Debug, Default)]
struct Columns {
    at: usize,
    column: u32,
}

impl Columns {
    /// 1-based column, in characters, of `line[at]`.
    fn column(&mut self, line: &[u8], at: usize) -> u32 {
        if at < self.at {
            *self = Columns::default();
        }
        self.column += line[self.at..at].iter().filter(|b| !is_continuation(**b)).count() as u32;
        self.at = at;
        self.column + 1
    }
}

impl<'p> Splitter<'p> {
    fn new(path: &'p Path) -> Splitter<'p> {
        Splitter {
            path,
            delimiter: b";".to_vec(),
            mode: Mode::Code,
            conditional: None,
            opened_at: (0, 0),
            line_number: 0,
            columns: Columns::default(),
            pending: Pending::default(),
        }
    }

    /// Reads one line (with its `\n`). Returns false when the input ends here (a down marker).
    fn feed_line(
        &mut self,
        line: &[u8],
        on_statement: &mut impl FnMut(RawStatement) -> Result<(), Diagnostic>,
    ) -> Result<bool, Diagnostic> {
        self.line_number += 1;
        self.columns = Columns::default();
        if client::is_down_marker(line) {
            return Ok(false);
        }
        let between_statements =
            self.mode == Mode::Code && self.conditional.is_none() && self.pending.start.is_none();
        if between_statements {
            match client::command(line) {
                Some(client::Command::Delimiter(delimiter)) => {
                    self.delimiter = delimiter;
                    return Ok(true);
                }
                Some(client::Command::Ignored) => return Ok(true),
                None => {}
            }
        }
        let mut at = 0;
        while at < line.len() {
            at = match self.mode {
                Mode::Code => self.code(line, at, on_statement)?,
                Mode::Quoted { quote, escaped } => self.quoted(line, at, quote, escaped),
                Mode::BlockComment => self.block_comment(line, at),
            };
        }
        Ok(true)
    }

    /// Reads from `at` in code; returns where to go on.
    fn code(
        &mut self,
        line: &[u8],
        at: usize,
        on_statement: &mut impl FnMut(RawStatement) -> Result<(), Diagnostic>,
    ) -> Result<usize, Diagnostic> {
        if self.pending.keep == Some(false) {
            // A skipped statement: jump over bytes that cannot change the state.
            let next = skip_plain(line, at, self.delimiter[0]);
            if next > at {
                return Ok(next);
            }
        }
        let rest = &line[at..];
        if rest.starts_with(&self.delimiter) {
            self.end_statement(on_statement)?;
            return Ok(at + self.delimiter.len());
        }
        let next = rest.get(1).copied();
        match rest[0] {
            quote @ (b'\'' | b'"' | b'`') => {
                self.opened_at = (self.line_number, self.columns.column(line, at));
                self.push_code(line, at);
                self.mode = Mode::Quoted { quote, escaped: false };
                Ok(at + 1)
            }
            b'#' => Ok(self.blank_to_end(line, at)),
            b'-' if next == Some(b'-')
                && rest.get(2).is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control()) =>
            {
                Ok(self.blank_to_end(line, at))
            }
            b'/' if next == Some(b'*') => match conditional::marker(rest) {
                Some((length, runs)) => {
                    self.blank(&line[at..at + length]);
                    self.conditional = Some(runs);
                    Ok(at + length)
                }
                None => {
                    self.opened_at = (self.line_number, self.columns.column(line, at));
                    self.blank(&line[at..at + 2]);
                    self.mode = Mode::BlockComment;
                    Ok(at + 2)
                }
            },
            b'*' if next == Some(b'/') && self.conditional.is_some() => {
                self.blank(&line[at..at + 2]);
                self.conditional = None;
                Ok(at + 2)
            }
            _ => {
                self.push_code(line, at);
                Ok(at + 1)
            }
        }
    }

    /// Inside a quoted string or identifier: up to its closing quote.
    fn quoted(&mut self, line: &[u8], at: usize, quote: u8, escaped: bool) -> usize {
        if escaped {
            self.push_quoted(&line[at..at + 1]);
            self.mode = Mode::Quoted { quote, escaped: false };
            return at + 1;
        }
        let found = if quote == b'`' {
            memchr::memchr(quote, &line[at..])
        } else {
            memchr::memchr2(quote, b'\\', &line[at..])
        };
        let Some(offset) = found else {
            self.push_quoted(&line[at..]);
            return line.len();
        };
        let end = at + offset;
        self.push_quoted(&line[at..=end]);
        if line[end] == b'\\' {
            self.mode = Mode::Quoted { quote, escaped: true };
            return end + 1;
        }
        if line.get(end + 1) == Some(&quote) {
            // A doubled quote stands for itself.
            self.push_quoted(&line[end + 1..end + 2]);
            return end + 2;
        }
        self.mode = Mode::Code;
        end + 1
    }

    fn block_comment(&mut self, line: &[u8], at: usize) -> usize {
        match memchr::memmem::find(&line[at..], b"*/") {
            Some(offset) => {
                self.blank(&line[at..at + offset + 2]);
                self.mode = Mode::Code;
                at + offset + 2
            }
            None => {
                self.blank(&line[at..]);
                line.len()
            }
        }
    }

    /// A comment to the end of the line: blanked, its newline kept.
    fn blank_to_end(&mut self, line: &[u8], at: usize) -> usize {
        self.blank(&line[at..]);
        line.len()
    }

    /// One byte of code at `line[at]`, which may start the statement.
    fn push_code(&mut self, line: &[u8], at: usize) {
        let byte = line[at];
        let runs = self.conditional != Some(false);
        if self.pending.start.is_none() {
            if !runs || byte.is_ascii_whitespace() {
                return;
            }
            self.pending.start = Some((self.line_number, self.columns.column(line, at)));
        }
        if runs {
            self.track_keyword(byte);
            self.push_bytes(&line[at..at + 1]);
        } else {
            self.blank(&line[at..at + 1]);
        }
    }

    /// The first word decides whether the statement's text is kept.
    fn track_keyword(&mut self, byte: u8) {
        if self.pending.keep.is_some() {
            return;
        }
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            self.pending.keyword.push(byte.to_ascii_uppercase());
            return;
        }
        let keyword = String::from_utf8_lossy(&self.pending.keyword);
        let keep = !SKIPPED.contains(&keyword.as_ref());
        self.pending.keep = Some(keep);
        if !keep {
            self.pending.text = Vec::new();
        }
    }

    /// Bytes of a quoted string: code, unless inside a conditional comment the server skips.
    fn push_quoted(&mut self, bytes: &[u8]) {
        if self.conditional == Some(false) {
            self.blank(bytes);
        } else {
            self.push_bytes(bytes);
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        if self.pending.start.is_some() && self.pending.keep != Some(false) {
            self.pending.text.extend_from_slice(bytes);
        }
    }

    /// Blanks what the server does not run: a space a character, newlines kept.
    fn blank(&mut self, bytes: &[u8]) {
        if self.pending.start.is_none() || self.pending.keep == Some(false) {
            return;
        }
        for &byte in bytes {
            match byte {
                b'\n' => self.pending.text.push(b'\n'),
                b if is_continuation(b) => {}
                _ => self.pending.text.push(b' '),
            }
        }
    }

    fn end_statement(
        &mut self,
        on_statement: &mut impl FnMut(RawStatement) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let pending = std::mem::take(&mut self.pending);
        let Some((line, column)) = pending.start else { return Ok(()) };
        let keyword = String::from_utf8_lossy(&pending.keyword).into_owned();
        let keep = pending.keep.unwrap_or_else(|| !SKIPPED.contains(&keyword.as_str()));
        let skipped = !keep;
        let text = if skipped { String::new() } else { text_of(pending.text) };
        on_statement(RawStatement { text, line, column, skipped, keyword })
    }

    /// The end of the input: the last statement needs no delimiter; an open string or comment
    /// is an error where it opened.
    fn finish(
        mut self,
        on_statement: &mut impl FnMut(RawStatement) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let what = match self.mode {
            Mode::Code => return self.end_statement(on_statement),
            Mode::Quoted { quote: b'`', .. } => "unterminated quoted name starting here",
            Mode::Quoted { .. } => "unterminated string starting here",
            Mode::BlockComment => "unterminated comment starting here",
        };
        let (line, column) = self.opened_at;
        let location = Location { path: self.path.to_path_buf(), line, column };
        Err(Diagnostic::error(Some(location), what))
    }
}

/// The text of a kept statement, without trailing blanks.
fn text_of(bytes: Vec<u8>) -> String {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    text.trim_end().to_string()
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// In a skipped statement, the first byte from `at` on that may change the splitter's state.
fn skip_plain(line: &[u8], at: usize, delimiter: u8) -> usize {
    line[at..]
        .iter()
        .position(|&b| {
            matches!(b, b'\'' | b'"' | b'`' | b'#' | b'-' | b'/' | b'*') || b == delimiter
        })
        .map_or(line.len(), |offset| at + offset)
}

#[cfg(test)]
mod tests;
