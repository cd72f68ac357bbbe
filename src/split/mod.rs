//! Source text → raw statements, the way the `mariadb` client cuts them before sending.
//!
//! (Interface only: the implementation is being written.)

use crate::diag::Diagnostic;
use std::io::BufRead;
use std::path::Path;

/// One statement as the server would receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    /// The statement's code. Comments that the server would not run are replaced by spaces and
    /// the markers of conditional comments it runs (`/*!40101`, `*/`) too, byte for byte with
    /// newlines kept, so that every byte stays at its line and column in the file. Empty for a
    /// skipped statement.
    pub text: String,
    /// 1-based line and column (in characters) of the statement's first code byte.
    pub line: u32,
    pub column: u32,
    /// The statement cannot change the schema (INSERT, SET, LOCK TABLES ...): its body was not
    /// kept. `keyword` tells what it was.
    pub skipped: bool,
    /// The statement's first keyword, upper case (`CREATE`, `INSERT`).
    pub keyword: String,
}

/// Splits `reader` into statements, calling `on_statement` for each, in bounded memory.
/// A goose `-- +goose Down` or dbmate `-- migrate:down` line ends the input: the rest is the
/// down migration. Client commands (`DELIMITER`, `source FILE`, `\\. FILE`) are obeyed or ignored
/// as the client would, and never reach `on_statement`.
pub fn split_statements(
    path: &Path,
    reader: impl BufRead,
    on_statement: impl FnMut(RawStatement) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let _ = (path, reader, on_statement);
    unimplemented!()
}
