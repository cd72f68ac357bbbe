//! Source text → raw statements, cut the way the `mariadb` command-line client cuts them.
//!
//! The client reads line by line; so does this stage, in bounded memory (a line, or a megabyte
//! of a longer one, and one kept statement at a time), because a mysqldump can hold gigabytes of
//! INSERT data. Statements that cannot change the schema are recognised by their first word and
//! their bytes are not kept.
//! What the server would not run (comments, and conditional comments for other versions) is
//! blanked in the kept text, so every character stays at its line and column in the file.

mod client;
mod conditional;
mod segments;

use crate::diag::{Diagnostic, Kind, Location};
use client::{Backslash, LineCommand};
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
/// down migration. Client commands (`DELIMITER`, `source FILE`, `\. FILE`, `\g`, `quit` ...)
/// are obeyed or ignored as the client would, and never reach `on_statement`.
pub fn split_statements(
    path: &Path,
    reader: impl BufRead,
    on_statement: impl FnMut(RawStatement) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    split_in_segments(path, reader, segments::SEGMENT, on_statement)
}

/// [`split_statements`], reading lines longer than `segment` bytes in pieces.
fn split_in_segments(
    path: &Path,
    reader: impl BufRead,
    segment: usize,
    mut on_statement: impl FnMut(RawStatement) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let mut splitter = Splitter::new(path);
    let mut segments = segments::Segments::new(reader, segment);
    loop {
        let (segment, starts_line, complete) = segments
            .next()
            .map_err(|e| Diagnostic::io("read", path, e))?;
        if segment.is_empty() {
            break;
        }
        match splitter.feed(segment, starts_line, complete, &mut on_statement)? {
            Some(consumed) => segments.consume(consumed),
            None => break,
        }
    }
    splitter.finish(&mut on_statement)
}

/// The longest statement kept: MariaDB's default `max_allowed_packet`.
const MAX_STATEMENT: usize = 16 << 20;

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
    Quoted {
        quote: u8,
        escaped: bool,
    },
    BlockComment,
    /// `#` or `-- ` up to the end of the line, which may come in a later segment.
    LineComment,
}

/// The statement being read.
#[derive(Debug, Default)]
struct Pending {
    text: Vec<u8>,
    /// Line and column of the first character of code the server runs.
    start: Option<(u32, u32)>,
    /// The client holds something of this statement (code, or a conditional comment the
    /// server may skip): a `--` without its space is code now, and client commands wait.
    client_started: bool,
    keyword: Vec<u8>,
    /// `None` until the first word is known.
    keep: Option<bool>,
}

/// What `Splitter::code` found at a position: where to go on, or that the input ends there.
enum Step {
    To(usize),
    Quit,
}

type OnStatement<'a> = dyn FnMut(RawStatement) -> Result<(), Diagnostic> + 'a;

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
        self.column += line[self.at..at]
            .iter()
            .filter(|b| !is_continuation(**b))
            .count() as u32;
        self.at = at;
        self.column + 1
    }

    /// The segment's bytes before `at` are dropped: the line goes on in the next segment.
    fn rebase(&mut self, line: &[u8], at: usize) {
        self.column(line, at.min(line.len()));
        self.at = 0;
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

    /// Reads a segment: a whole line (with its `\n`) when `complete`, else a piece of a long
    /// line. Returns how many bytes it read; the rest (a few bytes a multi-byte token may need)
    /// comes again at the start of the next segment. `None`: the input ends here.
    fn feed(
        &mut self,
        line: &[u8],
        starts_line: bool,
        complete: bool,
        on_statement: &mut OnStatement,
    ) -> Result<Option<usize>, Diagnostic> {
        if starts_line {
            self.line_number += 1;
            self.columns = Columns::default();
            if client::is_down_marker(line) {
                return Ok(None);
            }
            if complete && self.client_is_idle() {
                if let Some(done) = self.line_command(line, on_statement)? {
                    return Ok(done.then_some(line.len()));
                }
            }
        }
        // Leave room for the longest look-ahead (a delimiter, `/*M!NNNNNN`) unless the line
        // ends here.
        let limit = if complete {
            line.len()
        } else {
            line.len().saturating_sub(self.delimiter.len().max(12) + 1)
        };
        self.refuse_nul(line, limit)?;
        let mut at = 0;
        while at < limit {
            at = match self.mode {
                Mode::Code => match self.code(line, at, limit, on_statement)? {
                    Step::To(next) => next,
                    Step::Quit => return Ok(None),
                },
                Mode::Quoted { quote, escaped } => self.quoted(line, at, limit, quote, escaped),
                Mode::BlockComment => self.block_comment(line, at, limit),
                Mode::LineComment => self.line_comment(line, at, limit),
            };
        }
        if !complete {
            self.columns.rebase(line, at);
        }
        self.refuse_oversized()?;
        Ok(Some(at))
    }

    /// The client's refusal of `DELIMITER` alone.
    fn empty_delimiter(&self, line: u32, column: u32) -> Diagnostic {
        let message = "DELIMITER must be followed by a 'delimiter' character or string";
        Diagnostic::new(Kind::Syntax, Some(self.location(line, column)), message)
    }

    fn location(&self, line: u32, column: u32) -> Location {
        Location {
            path: self.path.to_path_buf(),
            line,
            column,
        }
    }

    /// The client refuses a NUL byte anywhere in its input (without `--binary-mode`).
    fn refuse_nul(&mut self, line: &[u8], limit: usize) -> Result<(), Diagnostic> {
        let Some(at) = memchr::memchr(0, &line[..limit]) else {
            return Ok(());
        };
        let column = self.columns.column(line, at);
        let message = "a NUL byte (ASCII '\\0'): the mariadb client refuses it in its input";
        let location = self.location(self.line_number, column);
        Err(Diagnostic::new(Kind::Syntax, Some(location), message))
    }

    /// A kept statement longer than the server's default `max_allowed_packet` (16 MB): the
    /// client and the server refuse it, and holding it would take memory without bound.
    fn refuse_oversized(&self) -> Result<(), Diagnostic> {
        if self.pending.text.len() <= MAX_STATEMENT {
            return Ok(());
        }
        let (line, column) = self.pending.start.unwrap_or((self.line_number, 1));
        let message = format!(
            "a statement over {} MB: longer than MariaDB's max_allowed_packet (16 MB by default) \
             allows",
            MAX_STATEMENT >> 20
        );
        Err(Diagnostic::new(
            Kind::Unsupported,
            Some(self.location(line, column)),
            message,
        ))
    }

    /// Nothing of a statement is in the client's hands: its line commands apply.
    fn client_is_idle(&self) -> bool {
        self.mode == Mode::Code && !self.pending.client_started
    }

    /// A client command taking the whole line. `Some(true)`: the line is done;
    /// `Some(false)`: the input ends; `None`: the line is SQL.
    fn line_command(
        &mut self,
        line: &[u8],
        on_statement: &mut OnStatement,
    ) -> Result<Option<bool>, Diagnostic> {
        match client::line_command(line, &self.delimiter) {
            Some(LineCommand::Delimiter(delimiter)) => self.delimiter = delimiter,
            Some(LineCommand::EmptyDelimiter) => {
                let at = line.len() - line.trim_ascii_start().len();
                let column = self.columns.column(line, at);
                return Err(self.empty_delimiter(self.line_number, column));
            }
            Some(LineCommand::Ignored) => {}
            Some(LineCommand::Quit) => return Ok(Some(false)),
            Some(LineCommand::Use) => {
                // The client runs it at once: it is a statement of its own, with no delimiter.
                for at in 0..line.len() {
                    self.push_code(line, at);
                }
                if !self.end_statement(on_statement)? {
                    return Ok(Some(false));
                }
            }
            None => return Ok(None),
        }
        Ok(Some(true))
    }

    /// Reads from `at` in code; returns where to go on.
    fn code(
        &mut self,
        line: &[u8],
        at: usize,
        limit: usize,
        on_statement: &mut OnStatement,
    ) -> Result<Step, Diagnostic> {
        if self.pending.keep == Some(false) {
            // A skipped statement: jump over bytes that cannot change the state.
            let next = skip_plain(&line[..limit], at, self.delimiter[0]);
            if next > at {
                return Ok(Step::To(next));
            }
        }
        let rest = &line[at..];
        if rest.starts_with(&self.delimiter) {
            let goes_on = self.end_statement(on_statement)?;
            return Ok(if goes_on {
                Step::To(at + self.delimiter.len())
            } else {
                Step::Quit
            });
        }
        let next = rest.get(1).copied();
        Ok(Step::To(match rest[0] {
            quote @ (b'\'' | b'"' | b'`') => {
                self.opened_at = (self.line_number, self.columns.column(line, at));
                self.push_code(line, at);
                self.mode = Mode::Quoted {
                    quote,
                    escaped: false,
                };
                at + 1
            }
            b'#' => self.line_comment(line, at, limit),
            b'-' if next == Some(b'-') && self.dashes_comment(rest.get(2)) => {
                self.line_comment(line, at, limit)
            }
            b'/' if next == Some(b'*') => self.comment_start(line, at),
            b'*' if next == Some(b'/') && self.conditional.is_some() => {
                self.blank(&line[at..at + 2]);
                self.conditional = None;
                at + 2
            }
            b'\\' => return self.backslash(line, at, on_statement),
            _ => {
                self.push_code(line, at);
                at + 1
            }
        }))
    }

    /// After `--`: a comment when a space or control character follows (the server's rule),
    /// and always before the statement's first code (the client's: it drops `-----` lines).
    fn dashes_comment(&self, third: Option<&u8>) -> bool {
        !self.pending.client_started
            || third.is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    }

    /// At `/*`: a conditional comment's marker, or a plain comment.
    fn comment_start(&mut self, line: &[u8], at: usize) -> usize {
        match conditional::marker(&line[at..]) {
            Some((length, runs)) => {
                // The client sends the comment on: it holds the statement now.
                self.pending.client_started = true;
                self.blank(&line[at..at + length]);
                self.conditional = Some(runs);
                at + length
            }
            None => {
                self.opened_at = (self.line_number, self.columns.column(line, at));
                self.blank(&line[at..at + 2]);
                self.mode = Mode::BlockComment;
                at + 2
            }
        }
    }

    /// At a backslash in code: one of the client's commands, or `\N`.
    fn backslash(
        &mut self,
        line: &[u8],
        at: usize,
        on_statement: &mut OnStatement,
    ) -> Result<Step, Diagnostic> {
        let Some(&letter) = line.get(at + 1).filter(|b| **b != b'\n') else {
            // The client drops a backslash that ends the line.
            self.blank(&line[at..at + 1]);
            return Ok(Step::To(at + 1));
        };
        let after = at + 2;
        let next = match client::backslash(letter, &line[after..]) {
            Backslash::Code => {
                self.push_code(line, at);
                self.push_code(line, at + 1);
                after
            }
            Backslash::Go => {
                if !self.end_statement(on_statement)? {
                    return Ok(Step::Quit);
                }
                after
            }
            Backslash::Clear => {
                self.pending = Pending::default();
                self.conditional = None;
                after
            }
            Backslash::Quit => {
                self.end_statement(on_statement)?;
                return Ok(Step::Quit);
            }
            Backslash::Delimiter(delimiter, length) => {
                if delimiter.is_empty() {
                    let column = self.columns.column(line, at);
                    return Err(self.empty_delimiter(self.line_number, column));
                }
                self.delimiter = delimiter;
                self.blank(&line[at..after + length]);
                after + length
            }
            Backslash::WithArgument => self.skip_argument(line, at),
            Backslash::Alone => {
                self.blank(&line[at..after]);
                after
            }
            Backslash::Unknown => {
                let column = self.columns.column(line, at);
                let location = Location {
                    path: self.path.to_path_buf(),
                    line: self.line_number,
                    column,
                };
                let message = format!(
                    "unknown client command '\\{}': the mariadb client stops here",
                    char::from(letter).escape_default()
                );
                return Err(Diagnostic::new(Kind::Syntax, Some(location), message));
            }
        };
        Ok(Step::To(next))
    }

    /// A client command's argument runs to the next delimiter (included) or the end of the line.
    fn skip_argument(&mut self, line: &[u8], at: usize) -> usize {
        let line_end = line.len() - usize::from(line.ends_with(b"\n"));
        let end = memchr::memmem::find(&line[at..line_end], &self.delimiter)
            .map_or(line_end, |offset| at + offset + self.delimiter.len());
        self.blank(&line[at..end]);
        end
    }

    /// Inside a quoted string or identifier: up to its closing quote.
    fn quoted(&mut self, line: &[u8], at: usize, limit: usize, quote: u8, escaped: bool) -> usize {
        if escaped {
            self.push_quoted(&line[at..at + 1]);
            self.mode = Mode::Quoted {
                quote,
                escaped: false,
            };
            return at + 1;
        }
        let found = if quote == b'`' {
            memchr::memchr(quote, &line[at..limit])
        } else {
            memchr::memchr2(quote, b'\\', &line[at..limit])
        };
        let Some(offset) = found else {
            self.push_quoted(&line[at..limit]);
            return limit;
        };
        let end = at + offset;
        self.push_quoted(&line[at..=end]);
        if line[end] == b'\\' {
            self.mode = Mode::Quoted {
                quote,
                escaped: true,
            };
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

    fn block_comment(&mut self, line: &[u8], at: usize, limit: usize) -> usize {
        // `*/` may straddle the limit: its first byte is before it.
        let window = &line[at..(limit + 1).min(line.len())];
        match memchr::memmem::find(window, b"*/") {
            Some(offset) => {
                self.blank(&line[at..at + offset + 2]);
                self.mode = Mode::Code;
                at + offset + 2
            }
            None => {
                self.blank(&line[at..limit]);
                limit
            }
        }
    }

    /// A comment to the end of the line: blanked, its newline kept.
    fn line_comment(&mut self, line: &[u8], at: usize, limit: usize) -> usize {
        match memchr::memchr(b'\n', &line[at..limit]) {
            Some(offset) => {
                self.blank(&line[at..=at + offset]);
                self.mode = Mode::Code;
                at + offset + 1
            }
            None => {
                self.blank(&line[at..limit]);
                self.mode = Mode::LineComment;
                limit
            }
        }
    }

    /// One byte of code at `line[at]`, which may start the statement.
    fn push_code(&mut self, line: &[u8], at: usize) {
        let byte = line[at];
        if !byte.is_ascii_whitespace() {
            self.pending.client_started = true;
        }
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

    /// The statement is sent, unless the client takes it for one of its commands. The server
    /// reads each statement afresh, so a conditional comment left open ends with it. Returns
    /// false when the client stops (`exit;`).
    fn end_statement(&mut self, on_statement: &mut OnStatement) -> Result<bool, Diagnostic> {
        let pending = std::mem::take(&mut self.pending);
        self.conditional = None;
        let Some((line, column)) = pending.start else {
            return Ok(true);
        };
        let keyword = String::from_utf8_lossy(&pending.keyword).into_owned();
        let keep = pending
            .keep
            .unwrap_or_else(|| !SKIPPED.contains(&keyword.as_str()));
        if keep {
            match client::statement_command(&pending.text) {
                Some(LineCommand::Delimiter(delimiter)) => self.delimiter = delimiter,
                Some(LineCommand::EmptyDelimiter) => return Err(self.empty_delimiter(line, column)),
                Some(LineCommand::Quit) => return Ok(false),
                Some(LineCommand::Ignored) => {}
                Some(LineCommand::Use) | None => {
                    let text = text_of(pending.text);
                    on_statement(RawStatement {
                        text,
                        line,
                        column,
                        skipped: false,
                        keyword,
                    })?;
                }
            }
        } else {
            let text = String::new();
            on_statement(RawStatement {
                text,
                line,
                column,
                skipped: true,
                keyword,
            })?;
        }
        Ok(true)
    }

    /// The end of the input: the last statement needs no delimiter; an open string or comment
    /// is an error where it opened.
    fn finish(mut self, on_statement: &mut OnStatement) -> Result<(), Diagnostic> {
        let what = match self.mode {
            Mode::Code | Mode::LineComment => return self.end_statement(on_statement).map(drop),
            Mode::Quoted { quote: b'`', .. } => "unterminated quoted name starting here",
            Mode::Quoted { .. } => "unterminated string starting here",
            Mode::BlockComment => "unterminated comment starting here",
        };
        let (line, column) = self.opened_at;
        let location = Location {
            path: self.path.to_path_buf(),
            line,
            column,
        };
        Err(Diagnostic::new(Kind::Syntax, Some(location), what))
    }
}

/// The text of a kept statement, without trailing blanks. Bytes that are not UTF-8 become
/// the characters [`invalid_byte`] reads back, so that later stages can refuse them in a name
/// and read them in a column's character set in a string.
fn text_of(bytes: Vec<u8>) -> String {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => decode_invalid(e.as_bytes()),
    };
    text.truncate(text.trim_end().len());
    text
}

/// The first of the characters (`U+10FF00` + byte, in a private-use plane) that stand for bytes
/// that are not UTF-8.
const INVALID_BYTES: u32 = 0x10_FF00;

/// The byte a character of [`text_of`] stands for, when it stands for one that is not UTF-8.
pub fn invalid_byte(c: char) -> Option<u8> {
    u8::try_from(u32::from(c).checked_sub(INVALID_BYTES)?).ok()
}

/// The character that stands for `byte` where it is not UTF-8.
pub fn byte_char(byte: u8) -> char {
    char::from_u32(INVALID_BYTES + u32::from(byte)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

fn decode_invalid(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    while !bytes.is_empty() {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len()).max(1);
                text.extend(rest[..bad].iter().map(|&byte| byte_char(byte)));
                bytes = &rest[bad..];
            }
        }
    }
    text
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// In a skipped statement, the first byte from `at` on that may change the splitter's state.
fn skip_plain(line: &[u8], at: usize, delimiter: u8) -> usize {
    line[at..]
        .iter()
        .position(|&b| {
            matches!(b, b'\'' | b'"' | b'`' | b'#' | b'-' | b'/' | b'*' | b'\\') || b == delimiter
        })
        .map_or(line.len(), |offset| at + offset)
}

#[cfg(test)]
mod tests;
