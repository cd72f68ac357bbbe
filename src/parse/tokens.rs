//! Tokens in file coordinates, and small helpers to look at them by keyword.

use crate::diag::{Diagnostic, Kind, Location};
use crate::split::{invalid_byte, RawStatement};
use sqlparser::dialect::MySqlDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};
use std::path::Path;

/// The most tokens a statement may have: far above a real one (a table of MariaDB's 4,096
/// columns takes some 100,000), low enough that the tokens of the longest statement kept take
/// tens of megabytes (each token takes some 80 bytes).
const MAX_TOKENS: usize = 250_000;

/// How many tokens a statement has, about, and how deep its parentheses go: counted on its
/// text before tokenizing, so that neither a megabyte of `,,,,` nor of `((((` takes memory or
/// stack without bound.
#[derive(Debug, Default, PartialEq)]
pub struct Shape {
    pub tokens: usize,
    pub depth: usize,
}

pub fn shape(text: &str) -> Shape {
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut in_word = false;
    let mut quote = None;
    for c in text.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        let word = c.is_alphanumeric() || c == '_' || c == '$' || c == '@' || c == '.';
        if word && !in_word || !word && !c.is_whitespace() {
            shape.tokens += 1;
        }
        in_word = word;
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' => {
                depth += 1;
                shape.depth = shape.depth.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    shape
}

/// Tokenizes a statement, with every location moved from the statement's own coordinates
/// (line 1 starting at the statement) to the file's. Whitespace tokens are dropped.
pub fn tokenize(path: &Path, statement: &RawStatement) -> Result<Vec<TokenWithSpan>, Diagnostic> {
    if shape(&statement.text).tokens > MAX_TOKENS {
        let location = file_location(path, statement, 1, 1);
        let message = format!(
            "a statement of more than {MAX_TOKENS} words and signs: more than modelgen reads"
        );
        return Err(Diagnostic::new(Kind::Unsupported, Some(location), message));
    }
    let dialect = MySqlDialect {};
    let tokens = Tokenizer::new(&dialect, &statement.text)
        .tokenize_with_location()
        .map_err(|e| {
            if let Some(error) = first_invalid_byte(path, statement) {
                return error;
            }
            let location = file_location(path, statement, e.location.line, e.location.column);
            let message = e.message.clone();
            super::syntax_error(location, message, statement).with_source(e)
        })?;
    let shift = |l: &mut sqlparser::tokenizer::Location| {
        if l.line == 1 {
            l.column += u64::from(statement.column) - 1;
        }
        l.line += u64::from(statement.line) - 1;
    };
    let tokens = tokens
        .into_iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .map(|mut t| {
            shift(&mut t.span.start);
            shift(&mut t.span.end);
            t
        });
    Ok(join_digit_names(tokens))
}

/// A name may start with digits in MariaDB (`1ea10`, `12b`); sqlparser reads a number and a
/// word. A number with a word right after it (no space between) is one name.
fn join_digit_names(tokens: impl Iterator<Item = TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::new();
    for t in tokens {
        if let (Some(last), Token::Word(word)) = (out.last_mut(), &t.token) {
            if let Token::Number(digits, false) = &last.token {
                let adjacent = last.span.end == t.span.start;
                let plain = word.quote_style.is_none() && !digits.contains('.');
                if adjacent && plain {
                    let name = format!("{digits}{}", word.value);
                    last.token = Token::make_word(&name, None);
                    last.span.end = t.span.end;
                    continue;
                }
            }
        }
        out.push(t);
    }
    out
}

/// The longest name the server takes, in characters.
const NAME_LIMIT: usize = 64;

/// Refuses the names the server refuses whatever they name: longer than 64 characters (its
/// error 1059), or holding bytes that are not UTF-8 (1300).
pub fn check_names(
    path: &Path,
    statement: &RawStatement,
    tokens: &[TokenWithSpan],
) -> Result<(), Diagnostic> {
    for token in tokens {
        let Token::Word(word) = &token.token else {
            continue;
        };
        let message = if word.value.chars().any(|c| invalid_byte(c).is_some()) {
            format!("Invalid utf8mb4 character string: '{}'", shown(&word.value))
        } else if word.value.chars().count() > NAME_LIMIT {
            format!("Identifier name '{}' is too long", word.value)
        } else {
            continue;
        };
        let location = location_of(path, token);
        return Err(
            Diagnostic::new(Kind::InvalidDefinition, Some(location), message).with_excerpt_from(
                &statement.text,
                statement.line,
                statement.column,
            ),
        );
    }
    Ok(())
}

/// A name as the server quotes it in its messages: bytes that are not UTF-8 as `\xFF`.
pub fn shown(name: &str) -> String {
    name.chars()
        .map(|c| match invalid_byte(c) {
            Some(byte) => format!("\\x{byte:02X}"),
            None => c.to_string(),
        })
        .collect()
}

/// The error for the first byte of `statement` that is not UTF-8, outside a string: the
/// tokenizer stopped at it.
fn first_invalid_byte(path: &Path, statement: &RawStatement) -> Option<Diagnostic> {
    let mut line = 1u64;
    let mut column = 1u64;
    for c in statement.text.chars() {
        if let Some(byte) = invalid_byte(c) {
            let location = file_location(path, statement, line, column);
            let message = format!("Invalid utf8mb4 character string: '\\x{byte:02X}'");
            return Some(
                Diagnostic::new(Kind::InvalidDefinition, Some(location), message)
                    .with_excerpt_from(&statement.text, statement.line, statement.column),
            );
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

/// The file location of a position given in the statement's own coordinates.
pub fn file_location(path: &Path, statement: &RawStatement, line: u64, column: u64) -> Location {
    let column = if line <= 1 {
        column + u64::from(statement.column) - 1
    } else {
        column
    };
    Location {
        path: path.to_path_buf(),
        line: (line.max(1) + u64::from(statement.line) - 1) as u32,
        column: column.max(1) as u32,
    }
}

/// Is `token` the keyword or identifier `word` (unquoted, any case)?
pub fn is_word(token: &TokenWithSpan, word: &str) -> bool {
    matches!(&token.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// Do `tokens` start with these unquoted words?
pub fn starts_with_words(tokens: &[TokenWithSpan], words: &[&str]) -> bool {
    tokens.len() >= words.len() && words.iter().zip(tokens).all(|(w, t)| is_word(t, w))
}

/// Splits `tokens` at commas outside parentheses.
pub fn split_top_level_commas(tokens: &[TokenWithSpan]) -> Vec<&[TokenWithSpan]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                parts.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// A comma at the top level with nothing between it and the start, the end or another comma:
/// `ALTER TABLE t ADD a INT,` or `ALTER TABLE t ,`.
pub fn comma_beside_empty_clause(tokens: &[TokenWithSpan]) -> Option<&TokenWithSpan> {
    let mut depth = 0usize;
    let mut after_separator = true;
    let mut last_comma = None;
    for t in tokens {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                if after_separator {
                    return Some(t);
                }
                last_comma = Some(t);
                after_separator = true;
                continue;
            }
            Token::EOF => continue,
            _ => {}
        }
        after_separator = false;
    }
    last_comma.filter(|_| after_separator)
}

/// The index just after the parenthesised group that opens at `open` (which must be `(`).
pub fn after_group(tokens: &[TokenWithSpan], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The text of an identifier or string token: a name as the server would read it.
pub fn name_of(token: &TokenWithSpan) -> Option<String> {
    match &token.token {
        Token::Word(w) => Some(w.value.clone()),
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => Some(s.clone()),
        Token::Number(n, _) => Some(n.clone()),
        _ => None,
    }
}

pub fn location_of(path: &Path, token: &TokenWithSpan) -> Location {
    Location {
        path: path.to_path_buf(),
        line: token.span.start.line as u32,
        column: token.span.start.column as u32,
    }
}
