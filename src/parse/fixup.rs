//! Token rewrites for MariaDB syntax that sqlparser 0.64 does not parse, one function each.
//!
//! Each rewrite keeps the spans of the tokens it keeps, so errors still point into the file.

use super::tokens::{after_group, is_word, name_of, starts_with_words};
use super::AlterAction;
use sqlparser::parser::ParserError;
use sqlparser::tokenizer::{Token, TokenWithSpan};

/// Is the parenthesis opened at `open` closed?
fn closes(tokens: &[TokenWithSpan], open: usize) -> bool {
    let end = after_group(tokens, open);
    end > open + 1
        && tokens
            .get(end - 1)
            .is_some_and(|t| t.token == Token::RParen)
}

fn keyword(word: &str, like: &TokenWithSpan) -> TokenWithSpan {
    TokenWithSpan {
        token: Token::make_keyword(word),
        span: like.span,
    }
}

/// CREATE TABLE fix-ups: `(LIKE a)` → `LIKE a`; `PARTITION BY ...` after the definitions is
/// dropped (partitioning does not change columns or keys).
pub fn create_table(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let Some(open) = tokens.iter().position(|t| t.token == Token::LParen) else {
        return tokens;
    };
    if tokens.get(open + 1).is_some_and(|t| is_word(t, "LIKE")) && closes(&tokens, open) {
        let close = after_group(&tokens, open) - 1;
        tokens.remove(close);
        tokens.remove(open);
        return tokens;
    }
    let body_end = after_group(&tokens, open);
    let mut tokens = column_definitions_in_body(tokens, open, body_end);
    let body_end = after_group(&tokens, open);
    if let Some(partition) = tokens[body_end..]
        .iter()
        .position(|t| is_word(t, "PARTITION"))
    {
        let at = body_end + partition;
        tokens.truncate(at);
    }
    numeric_as_decimal(drop_index_visibility(tokens))
}

/// `NUMERIC(p,s) UNSIGNED`: sqlparser knows UNSIGNED after DECIMAL only; the server treats
/// NUMERIC as DECIMAL.
/// `NATIONAL CHAR(n)` is CHAR(n) in utf8: the word goes.
/// `a MOD b` (not the function `MOD(a, b)`) is `a % b`, which sqlparser reads.
pub fn numeric_as_decimal(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(t) = tokens.next() {
        if is_word(&t, "NATIONAL") {
            continue;
        }
        let operator_mod = is_word(&t, "MOD")
            && tokens.peek().is_some_and(|n| n.token != Token::LParen)
            && out
                .last()
                .is_some_and(|p| p.token != Token::Comma && p.token != Token::LParen);
        out.push(if is_word(&t, "NUMERIC") {
            keyword("DECIMAL", &t)
        } else if operator_mod {
            TokenWithSpan {
                token: Token::Mod,
                span: t.span,
            }
        } else {
            t
        });
    }
    out
}

/// `VISIBLE`/`INVISIBLE` after an index definition (MySQL 8): no effect on the catalog.
fn drop_index_visibility(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    for t in tokens {
        let after_paren = out.last().is_some_and(|p| p.token == Token::RParen);
        if after_paren && is_word(&t, "VISIBLE") {
            continue;
        }
        out.push(t);
    }
    out
}

/// CREATE INDEX fix-ups: FULLTEXT/SPATIAL dropped (a plain index to the catalog), `USING x`
/// before ON dropped, `ALGORITHM=`/`LOCK=` options after the columns dropped.
pub fn create_index(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    let mut seen_columns = false;
    while i < tokens.len() {
        let t = &tokens[i];
        if i <= 3 && (is_word(t, "FULLTEXT") || is_word(t, "SPATIAL")) {
            i += 1;
            continue;
        }
        if is_word(t, "ALGORITHM") || is_word(t, "LOCK") {
            i += if tokens.get(i + 1).is_some_and(|n| n.token == Token::Eq) {
                3
            } else {
                2
            };
            continue;
        }
        if t.token == Token::LParen && !seen_columns {
            seen_columns = true;
            let end = after_group(&tokens, i);
            out.extend(tokens[i..end].iter().cloned());
            i = end;
            continue;
        }
        if seen_columns && (is_word(t, "VISIBLE") || is_word(t, "INVISIBLE")) {
            i += 1;
            continue;
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// `DROP TABLES` is MariaDB's spelling too.
pub fn drop_table(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    if tokens.len() > 1 && is_word(&tokens[1], "TABLES") {
        tokens[1] = keyword("TABLE", &tokens[1]);
    }
    tokens
}

/// `RENAME TABLES a TO b` → `RENAME TABLE a TO b`.
pub fn rename_tables(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    drop_table(tokens)
}

/// Table options that may start an ALTER TABLE clause.
const TABLE_OPTIONS: &[&str] = &[
    "ENGINE",
    "TYPE",
    "COMMENT",
    "AUTO_INCREMENT",
    "CHARSET",
    "COLLATE",
    "ROW_FORMAT",
    "AVG_ROW_LENGTH",
    "CHECKSUM",
    "KEY_BLOCK_SIZE",
    "MAX_ROWS",
    "MIN_ROWS",
    "PACK_KEYS",
    "STATS_PERSISTENT",
    "STATS_AUTO_RECALC",
    "STATS_SAMPLE_PAGES",
    "DELAY_KEY_WRITE",
    "PAGE_CHECKSUM",
    "TRANSACTIONAL",
    "ENCRYPTED",
];

/// Clauses we read ourselves: table options and RENAME INDEX/KEY. `None`: not one of those.
pub fn alter_clause(clause: &[TokenWithSpan]) -> Result<Option<AlterAction>, ParserError> {
    if starts_with_words(clause, &["RENAME", "INDEX"])
        || starts_with_words(clause, &["RENAME", "KEY"])
    {
        return match (
            clause.get(2).and_then(name_of),
            clause.get(3),
            clause.get(4).and_then(name_of),
        ) {
            (Some(from), Some(to_word), Some(to)) if is_word(to_word, "TO") => {
                Ok(Some(AlterAction::RenameIndex { from, to }))
            }
            _ => Err(ParserError::ParserError(
                "expected RENAME INDEX a TO b".into(),
            )),
        };
    }
    let first = &clause[0];
    let is_option = TABLE_OPTIONS.iter().any(|o| is_word(first, o))
        || starts_with_words(clause, &["DEFAULT", "CHARSET"])
        || starts_with_words(clause, &["DEFAULT", "CHARACTER"])
        || starts_with_words(clause, &["DEFAULT", "COLLATE"])
        || starts_with_words(clause, &["CHARACTER", "SET"]);
    // `COMMENT 'x'` without `=` is also a table option; a column is never named COMMENT here
    // because column clauses start with ADD/MODIFY/CHANGE.
    if !is_option {
        return Ok(None);
    }
    Ok(Some(AlterAction::Options(table_options(clause)?)))
}

/// Reads `NAME [=] value` pairs (several may follow each other without commas).
pub fn table_options(clause: &[TokenWithSpan]) -> Result<Vec<(String, String)>, ParserError> {
    let mut options = Vec::new();
    let mut i = 0;
    while i < clause.len() {
        let Some(mut name) = name_of(&clause[i]).map(|n| n.to_ascii_uppercase()) else {
            i += 1;
            continue;
        };
        i += 1;
        if name == "DEFAULT" {
            continue;
        }
        if name == "CHARACTER" && clause.get(i).is_some_and(|t| is_word(t, "SET")) {
            name = "CHARSET".into();
            i += 1;
        }
        if clause.get(i).is_some_and(|t| t.token == Token::Eq) {
            i += 1;
        }
        match clause.get(i).and_then(name_of) {
            Some(value) => options.push((name, value)),
            None => {
                let message = format!("table option {name} needs a value");
                return Err(ParserError::ParserError(message));
            }
        }
        i += 1;
    }
    Ok(options)
}

/// ALTER TABLE clauses that do not change what the catalog holds.
pub fn is_ignored_alter_clause(clause: &[TokenWithSpan]) -> bool {
    const IGNORED: &[&[&str]] = &[
        &["DISABLE", "KEYS"],
        &["ENABLE", "KEYS"],
        &["FORCE"],
        &["ALGORITHM"],
        &["LOCK"],
        &["ORDER", "BY"],
        &["CONVERT", "TO"],
        &["PARTITION", "BY"],
        &["ADD", "PARTITION"],
        &["DROP", "PARTITION"],
        &["REMOVE", "PARTITIONING"],
        &["COALESCE", "PARTITION"],
        &["REORGANIZE", "PARTITION"],
        &["TRUNCATE", "PARTITION"],
        &["ANALYZE", "PARTITION"],
        &["CHECK", "PARTITION"],
        &["OPTIMIZE", "PARTITION"],
        &["REBUILD", "PARTITION"],
        &["REPAIR", "PARTITION"],
        &["EXCHANGE", "PARTITION"],
        &["DISCARD", "TABLESPACE"],
        &["IMPORT", "TABLESPACE"],
        &["VALIDATION"],
        &["WITH", "VALIDATION"],
        &["WITHOUT", "VALIDATION"],
    ];
    IGNORED.iter().any(|words| starts_with_words(clause, words))
}

/// MariaDB's `IF [NOT] EXISTS` inside an ALTER clause (`ADD INDEX IF NOT EXISTS i`,
/// `DROP FOREIGN KEY IF EXISTS f`): removed, and returned as a flag. Also rewrites the
/// spellings sqlparser lacks: `DROP KEY` → `DROP INDEX`, `DROP CHECK` → `DROP CONSTRAINT`.
pub fn strip_clause_if_exists(mut clause: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, bool) {
    let mut if_exists = false;
    let window = clause.len().min(6);
    if let Some(at) =
        (0..window).find(|&i| starts_with_words(&clause[i..], &["IF", "NOT", "EXISTS"]))
    {
        clause.drain(at..at + 3);
        if_exists = true;
    } else if let Some(at) =
        (0..window).find(|&i| starts_with_words(&clause[i..], &["IF", "EXISTS"]))
    {
        clause.drain(at..at + 2);
        if_exists = true;
    }
    if starts_with_words(&clause, &["DROP", "KEY"]) {
        clause[1] = keyword("INDEX", &clause[1]);
    }
    if starts_with_words(&clause, &["DROP", "CHECK"]) {
        clause[1] = keyword("CONSTRAINT", &clause[1]);
    }
    (clause, if_exists)
}

/// `ADD [COLUMN] (a INT, b INT)` → `ADD COLUMN a INT` and `ADD COLUMN b INT`.
pub fn expand_add_column_list(clause: &[TokenWithSpan]) -> Vec<Vec<TokenWithSpan>> {
    let Some(first) = clause.first() else {
        return Vec::new();
    };
    let open = if starts_with_words(clause, &["ADD", "COLUMN"]) {
        2
    } else {
        1
    };
    let is_list = is_word(first, "ADD")
        && clause.get(open).is_some_and(|t| t.token == Token::LParen)
        && closes(clause, open)
        && after_group(clause, open)
            >= clause
                .iter()
                .rposition(|t| t.token != Token::EOF)
                .unwrap_or(0);
    if !is_list {
        return vec![clause.to_vec()];
    }
    let inner = &clause[open + 1..after_group(clause, open) - 1];
    let add = keyword("ADD", first);
    let column = keyword("COLUMN", first);
    super::tokens::split_top_level_commas(inner)
        .into_iter()
        .map(|def| {
            [add.clone(), column.clone()]
                .into_iter()
                .chain(def.iter().cloned())
                .collect()
        })
        .collect()
}

/// Words that start a table element other than a column.
const NOT_COLUMNS: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "KEY",
    "INDEX",
    "FULLTEXT",
    "SPATIAL",
    "FOREIGN",
    "CHECK",
    "PERIOD",
    "LIKE",
];

/// The column definitions of a CREATE TABLE body (between `open` and `end`), rewritten by
/// [`column_definition`].
fn column_definitions_in_body(
    tokens: Vec<TokenWithSpan>,
    open: usize,
    end: usize,
) -> Vec<TokenWithSpan> {
    if end <= open + 1 || tokens.get(end - 1).is_none_or(|t| t.token != Token::RParen) {
        return tokens;
    }
    let mut out: Vec<TokenWithSpan> = tokens[..=open].to_vec();
    let body = &tokens[open + 1..end - 1];
    for (i, element) in super::tokens::split_top_level_commas(body)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push(TokenWithSpan {
                token: Token::Comma,
                span: element.first().map_or(tokens[open].span, |t| t.span),
            });
        }
        let is_column = element
            .first()
            .is_some_and(|t| !NOT_COLUMNS.iter().any(|w| is_word(t, w)));
        if is_column {
            out.extend(column_definition(element, 1));
        } else {
            out.extend(element.iter().cloned());
        }
    }
    out.extend(tokens[end - 1..].iter().cloned());
    out
}

/// Where the type of a column starts in an ALTER TABLE clause that defines one (`ADD [COLUMN]
/// [IF NOT EXISTS] a INT`, `CHANGE [COLUMN] [IF EXISTS] a b INT`, `MODIFY [COLUMN] a INT`).
pub fn column_type_position(clause: &[TokenWithSpan]) -> Option<usize> {
    let names = if starts_with_words(clause, &["CHANGE"]) {
        2
    } else if starts_with_words(clause, &["MODIFY"]) || starts_with_words(clause, &["ADD"]) {
        1
    } else {
        return None;
    };
    let mut at = 1;
    if clause.get(at).is_some_and(|t| is_word(t, "COLUMN")) {
        at += 1;
    } else if names == 1 && starts_with_words(clause, &["ADD"]) {
        let next = clause.get(at)?;
        if NOT_COLUMNS.iter().any(|w| is_word(next, w)) || next.token == Token::LParen {
            return None;
        }
    }
    if starts_with_words(&clause[at.min(clause.len())..], &["IF", "NOT", "EXISTS"]) {
        at += 3;
    } else if starts_with_words(&clause[at.min(clause.len())..], &["IF", "EXISTS"]) {
        at += 2;
    }
    Some(at + names)
}

/// MariaDB column attributes sqlparser lacks, after the type that starts at `type_at`:
/// `CHARSET x` is `CHARACTER SET x`; the `BINARY` attribute (a `_bin` collation) and
/// `COMPRESSED[=zlib]` become `COLLATE binary` and `COLLATE modelgen_compressed`, which the
/// catalog reads back; hexadecimal values in an ENUM or SET list become strings.
pub fn column_definition(element: &[TokenWithSpan], type_at: usize) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(element.len() + 2);
    let mut depth = 0usize;
    let mut in_values = false;
    let mut i = 0;
    while i < element.len() {
        let t = &element[i];
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.saturating_sub(1);
                in_values &= depth > 0;
            }
            _ => {}
        }
        let attribute_place = depth == 0 && i > type_at;
        if i == type_at && (is_word(t, "ENUM") || is_word(t, "SET")) {
            in_values = true;
        }
        if in_values && depth == 1 {
            if let Token::HexStringLiteral(hex) = &t.token {
                out.push(TokenWithSpan {
                    token: Token::SingleQuotedString(hex_text(hex)),
                    span: t.span,
                });
                i += 1;
                continue;
            }
        }
        if attribute_place && is_word(t, "CHARSET") {
            out.push(keyword("CHARACTER", t));
            out.push(keyword("SET", t));
        } else if attribute_place && (is_word(t, "BINARY") || is_word(t, "COMPRESSED")) {
            let collation = if is_word(t, "BINARY") {
                "binary"
            } else {
                COMPRESSED
            };
            out.push(keyword("COLLATE", t));
            out.push(TokenWithSpan {
                token: Token::make_word(collation, None),
                span: t.span,
            });
            // `COMPRESSED=zlib`: the method goes too.
            if element.get(i + 1).is_some_and(|n| n.token == Token::Eq) {
                i += 2;
            }
        } else {
            out.push(t.clone());
        }
        i += 1;
    }
    out
}

/// The collation name that stands for the COMPRESSED attribute after [`column_definition`].
pub const COMPRESSED: &str = "modelgen_compressed";

/// The text of a hexadecimal literal: its bytes, read as UTF-8 (others kept as the split
/// stage keeps them).
fn hex_text(hex: &str) -> String {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    let bytes: Vec<u8> = digits
        .rchunks(2)
        .rev()
        .map(|pair| {
            let text = std::str::from_utf8(pair).unwrap_or("0");
            u8::from_str_radix(text, 16).unwrap_or(0)
        })
        .collect();
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e
            .as_bytes()
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    crate::split::byte_char(b)
                }
            })
            .collect(),
    }
}

/// `ALTER TABLE t1 RENAME t2`: MariaDB's RENAME needs no TO; sqlparser's does.
pub fn rename_without_to(mut clause: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let bare = starts_with_words(&clause, &["RENAME"])
        && clause.get(1).is_some_and(|t| {
            !["TO", "AS", "COLUMN", "INDEX", "KEY"]
                .iter()
                .any(|w| is_word(t, w))
        });
    if bare {
        let to = keyword("TO", &clause[0]);
        clause.insert(1, to);
    }
    clause
}
