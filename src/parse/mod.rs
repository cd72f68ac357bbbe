//! Raw statement → a schema change, parsed with sqlparser (MySqlDialect).
//!
//! This stage only recognises syntax. sqlparser does most of the work; where it falls short of
//! what MariaDB accepts, [`fixup`] rewrites the tokens first (one named rewrite each), and the
//! few ALTER TABLE clauses it has no AST for become [`AlterAction`]s of our own.

mod fixup;
pub use fixup::COMPRESSED;
pub mod tokens;
mod unqualify;
pub use unqualify::unqualified;

use crate::diag::{Diagnostic, Kind, Location};
use crate::split::RawStatement;
use sqlparser::ast::{AlterTableOperation, CreateIndex, CreateTable, ObjectName, Statement};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::TokenWithSpan;
use std::path::Path;
use tokens::{is_word, location_of, name_of, starts_with_words};

/// What a statement does to the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    CreateTable(Box<CreateTable>),
    AlterTable {
        table: ObjectName,
        /// `ALTER TABLE IF EXISTS`: nothing happens when the table is missing.
        if_exists: bool,
        actions: Vec<AlterAction>,
    },
    DropTables {
        names: Vec<ObjectName>,
        if_exists: bool,
    },
    RenameTables(Vec<(ObjectName, ObjectName)>),
    CreateIndex {
        index: Box<CreateIndex>,
        /// `CREATE OR REPLACE INDEX`: an index of that name goes first.
        or_replace: bool,
    },
    DropIndex {
        name: String,
        table: ObjectName,
        if_exists: bool,
    },
    /// `SET foreign_key_checks = 0|1` (the rest of a SET changes nothing we keep).
    SetForeignKeyChecks(bool),
}

/// One clause of an ALTER TABLE.
#[derive(Debug, Clone, PartialEq)]
pub enum AlterAction {
    /// A clause sqlparser parsed. `if_exists` carries MariaDB's `IF [NOT] EXISTS` on clauses
    /// where sqlparser does not keep it (`ADD INDEX IF NOT EXISTS`, `DROP FOREIGN KEY IF EXISTS`).
    Operation {
        operation: Box<AlterTableOperation>,
        if_exists: bool,
    },
    /// Table options: `ENGINE=MyISAM`, `COMMENT='x'`, as (upper-case name, value).
    Options(Vec<(String, String)>),
    RenameIndex {
        from: String,
        to: String,
    },
}

/// A parsed statement with where it starts, for the diagnostics of later stages.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub location: Location,
    pub value: T,
}

/// Parses one raw statement. `Ok(None)`: the statement cannot change the tables (a view, a
/// trigger, `USE`...). Words that start no statement MariaDB knows are its syntax error.
pub fn parse_statement(
    path: &Path,
    statement: &RawStatement,
) -> Result<Option<Located<Change>>, Diagnostic> {
    if statement.skipped {
        return Ok(None);
    }
    let tokens = tokens::tokenize(path, statement)?;
    let Some(first) = tokens.first() else {
        return Ok(None);
    };
    let location = location_of(path, first);
    let form = classify(&tokens);
    if matches!(
        form,
        Form::CreateTable | Form::CreateIndex | Form::AlterTable | Form::Drop | Form::RenameTable
    ) {
        tokens::check_names(path, statement, &tokens)?;
    }
    let depth = tokens::shape(&statement.text).depth;
    let parse = || parse_form(form, tokens, path, statement);
    // A statement nested deeper than the main thread's stack allows runs on a stack of its own.
    let change = if depth > 20 {
        let stack = (depth.min(RECURSION_LIMIT) + 16) * STACK_PER_LEVEL;
        stacker::grow(stack, parse)?
    } else {
        parse()?
    };
    Ok(change.map(|value| Located { location, value }))
}

/// Parses a statement of the form `form`.
fn parse_form(
    form: Form,
    tokens: Vec<TokenWithSpan>,
    path: &Path,
    statement: &RawStatement,
) -> Result<Option<Change>, Diagnostic> {
    let error = |e: ParserError| parser_error(path, statement, e);
    Ok(match form {
        Form::CreateTable => create_table(tokens).map_err(error)?,
        Form::CreateIndex => create_index(tokens).map_err(error)?,
        Form::AlterTable => alter_table(&tokens).map_err(error)?,
        Form::Drop => drop(tokens).map_err(error)?,
        Form::RenameTable => rename(tokens).map_err(error)?,
        Form::Set => set_foreign_key_checks(&tokens),
        Form::Ignored => None,
        Form::Unknown { at, expected } => {
            return Err(no_such_statement(path, statement, &tokens[at], expected))
        }
    })
}

#[derive(Debug, PartialEq)]
enum Form {
    CreateTable,
    CreateIndex,
    AlterTable,
    Drop,
    RenameTable,
    Set,
    /// A statement the server runs that cannot change tables (a view, a trigger, `USE`...).
    Ignored,
    /// Words that start no statement the server knows: its syntax error. `at` is the
    /// offending word, `expected` what may stand there.
    Unknown {
        at: usize,
        expected: &'static [&'static str],
    },
}

/// The first words of the statements MariaDB knows that cannot change tables: skipped.
const OTHER_STATEMENTS: &[&str] = &[
    "ANALYZE",
    "BACKUP",
    "BEGIN",
    "BINLOG",
    "CACHE",
    "CALL",
    "CASE",
    "CHANGE",
    "CHECK",
    "CHECKSUM",
    "COMMIT",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DELIMITER",
    "DESC",
    "DESCRIBE",
    "DO",
    "EXECUTE",
    "EXPLAIN",
    "FLUSH",
    "GET",
    "GRANT",
    "HANDLER",
    "HELP",
    "IF",
    "INSERT",
    "INSTALL",
    "ITERATE",
    "KILL",
    "LEAVE",
    "LOAD",
    "LOCK",
    "LOOP",
    "OPTIMIZE",
    "PREPARE",
    "PURGE",
    "RELEASE",
    "REPAIR",
    "REPEAT",
    "REPLACE",
    "RESET",
    "RESIGNAL",
    "RETURN",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "SHOW",
    "SHUTDOWN",
    "SIGNAL",
    "START",
    "STOP",
    "TABLE",
    "TRUNCATE",
    "UNINSTALL",
    "UNLOCK",
    "UPDATE",
    "USE",
    "VALUES",
    "WHILE",
    "WITH",
    "XA",
];

/// Every word a statement may start with.
const STATEMENTS: &[&str] = &[
    "ALTER",
    "ANALYZE",
    "BACKUP",
    "BEGIN",
    "BINLOG",
    "CACHE",
    "CALL",
    "CASE",
    "CHANGE",
    "CHECK",
    "CHECKSUM",
    "COMMIT",
    "CREATE",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DELIMITER",
    "DESC",
    "DESCRIBE",
    "DO",
    "DROP",
    "EXECUTE",
    "EXPLAIN",
    "FLUSH",
    "GET",
    "GRANT",
    "HANDLER",
    "HELP",
    "IF",
    "INSERT",
    "INSTALL",
    "ITERATE",
    "KILL",
    "LEAVE",
    "LOAD",
    "LOCK",
    "LOOP",
    "OPTIMIZE",
    "PREPARE",
    "PURGE",
    "RELEASE",
    "RENAME",
    "REPAIR",
    "REPEAT",
    "REPLACE",
    "RESET",
    "RESIGNAL",
    "RETURN",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "SHOW",
    "SHUTDOWN",
    "SIGNAL",
    "START",
    "STOP",
    "TABLE",
    "TRUNCATE",
    "UNINSTALL",
    "UNLOCK",
    "UPDATE",
    "USE",
    "VALUES",
    "WHILE",
    "WITH",
    "XA",
];

/// What may follow CREATE [OR REPLACE], ALTER, DROP and RENAME.
const CREATED: &[&str] = &[
    "TABLE",
    "TEMPORARY",
    "INDEX",
    "UNIQUE",
    "FULLTEXT",
    "SPATIAL",
    "VIEW",
    "ALGORITHM",
    "DEFINER",
    "SQL",
    "TRIGGER",
    "PROCEDURE",
    "FUNCTION",
    "AGGREGATE",
    "EVENT",
    "DATABASE",
    "SCHEMA",
    "USER",
    "ROLE",
    "SERVER",
    "SEQUENCE",
    "TABLESPACE",
    "LOGFILE",
    "PACKAGE",
    "OR",
];
const ALTERED: &[&str] = &[
    "TABLE",
    "ONLINE",
    "IGNORE",
    "VIEW",
    "DATABASE",
    "SCHEMA",
    "USER",
    "EVENT",
    "FUNCTION",
    "PROCEDURE",
    "SERVER",
    "SEQUENCE",
    "TABLESPACE",
    "LOGFILE",
    "ALGORITHM",
    "DEFINER",
    "SQL",
    "PACKAGE",
    "INSTANCE",
];
const DROPPED: &[&str] = &[
    "TABLE",
    "TABLES",
    "TEMPORARY",
    "INDEX",
    "VIEW",
    "DATABASE",
    "SCHEMA",
    "USER",
    "ROLE",
    "TRIGGER",
    "PROCEDURE",
    "FUNCTION",
    "EVENT",
    "SERVER",
    "SEQUENCE",
    "TABLESPACE",
    "LOGFILE",
    "PACKAGE",
    "PREPARE",
];
const RENAMED: &[&str] = &["TABLE", "TABLES", "USER"];

/// Decides from the first words what a statement is, without parsing its body.
fn classify(tokens: &[TokenWithSpan]) -> Form {
    use sqlparser::tokenizer::Token;
    let words: Vec<String> = tokens
        .iter()
        .take(6)
        .map(|t| match &t.token {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect();
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let unknown = |at: usize, expected| Form::Unknown { at, expected };
    let known = |i: usize, expected: &[&str]| expected.contains(&word(i));
    // `(SELECT ...)`, and a label of a compound statement (`top: BEGIN ... END`).
    let opens_query = tokens[0].token == Token::LParen;
    let is_label = tokens.get(1).is_some_and(|t| t.token == Token::Colon);
    match word(0) {
        _ if opens_query || is_label => Form::Ignored,
        "CREATE" => {
            let i = if word(1) == "OR" && word(2) == "REPLACE" {
                3
            } else {
                1
            };
            match word(i) {
                "TABLE" => Form::CreateTable,
                "INDEX" | "UNIQUE" | "FULLTEXT" | "SPATIAL" => Form::CreateIndex,
                _ if known(i, CREATED) && word(i) != "OR" => Form::Ignored,
                _ if tokens.len() > i => unknown(i, CREATED),
                _ => Form::Ignored,
            }
        }
        "ALTER" => {
            let i = (1..3)
                .find(|&i| !matches!(word(i), "ONLINE" | "IGNORE"))
                .unwrap_or(3);
            match word(i) {
                "TABLE" => Form::AlterTable,
                _ if known(i, ALTERED) => Form::Ignored,
                _ if tokens.len() > i => unknown(i, ALTERED),
                _ => Form::Ignored,
            }
        }
        "DROP" => match word(1) {
            "TABLE" | "TABLES" | "INDEX" => Form::Drop,
            _ if known(1, DROPPED) || tokens.len() < 2 => Form::Ignored,
            _ => unknown(1, DROPPED),
        },
        "RENAME" if matches!(word(1), "TABLE" | "TABLES") => Form::RenameTable,
        "RENAME" if known(1, RENAMED) || tokens.len() < 2 => Form::Ignored,
        "RENAME" => unknown(1, RENAMED),
        "SET" => Form::Set,
        first if OTHER_STATEMENTS.contains(&first) => Form::Ignored,
        _ => unknown(0, STATEMENTS),
    }
}

/// The server's syntax error for words that start no statement, with the word that was
/// probably meant.
fn no_such_statement(
    path: &Path,
    statement: &RawStatement,
    token: &TokenWithSpan,
    expected: &[&str],
) -> Diagnostic {
    let found = token.token.to_string();
    let suggestion = crate::diag::closest(&found, expected.iter().copied())
        .map(|word| format!("; did you mean {word}?"))
        .unwrap_or_default();
    let message = format!("You have an error in your SQL syntax near `{found}`{suggestion}");
    syntax_error(location_of(path, token), message, statement)
}

/// The value a SET gives `foreign_key_checks`, if it sets it: `SET FOREIGN_KEY_CHECKS=0`,
/// `SET @@session.foreign_key_checks = OFF`, mysqldump's
/// `SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0`. Restoring from a
/// user variable (`=@OLD_FOREIGN_KEY_CHECKS`) turns the checks back on, their value before.
fn set_foreign_key_checks(tokens: &[TokenWithSpan]) -> Option<Change> {
    use sqlparser::tokenizer::Token;
    let is_variable = |t: &TokenWithSpan| match &t.token {
        Token::Word(w) => {
            let name = w.value.trim_start_matches("@@").to_ascii_lowercase();
            let name = name
                .trim_start_matches("session.")
                .trim_start_matches("local.");
            name == "foreign_key_checks"
        }
        _ => false,
    };
    let mut setting = None;
    for assignment in tokens::split_top_level_commas(&tokens[1..]) {
        let assignment: Vec<&TokenWithSpan> = assignment
            .iter()
            .filter(|t| !is_word(t, "SESSION") && !is_word(t, "LOCAL") && t.token != Token::Period)
            .collect();
        let [name, equals, value, ..] = assignment.as_slice() else {
            continue;
        };
        if !is_variable(name) || !matches!(equals.token, Token::Eq | Token::Assignment) {
            continue;
        }
        setting = Some(match &value.token {
            Token::Number(n, _) => n != "0",
            Token::Word(w) => !["OFF", "FALSE"]
                .iter()
                .any(|off| w.value.eq_ignore_ascii_case(off)),
            _ => true,
        });
    }
    setting.map(Change::SetForeignKeyChecks)
}

/// How deep sqlparser may recurse: MariaDB takes hundreds of nested parentheses or calls
/// (sqlparser's default is 50).
const RECURSION_LIMIT: usize = 1_000;

/// Stack for each level of nesting sqlparser may go down, with room to spare: parsing runs
/// on a stack this deep (only the part used takes memory).
const STACK_PER_LEVEL: usize = 64 << 10;

fn parser(tokens: Vec<TokenWithSpan>) -> Parser<'static> {
    static DIALECT: MySqlDialect = MySqlDialect {};
    Parser::new(&DIALECT)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens)
}

fn parse_one(tokens: Vec<TokenWithSpan>) -> Result<Statement, ParserError> {
    let mut parser = parser(tokens);
    let statement = parser.parse_statement()?;
    parser
        .expect_token(&sqlparser::tokenizer::Token::EOF)
        .map_err(|_| {
            let next = parser.peek_token();
            ParserError::ParserError(format!(
                "unexpected `{}` after the statement{}",
                next.token, next.span.start
            ))
        })?;
    Ok(statement)
}

fn create_table(tokens: Vec<TokenWithSpan>) -> Result<Option<Change>, ParserError> {
    let tokens = fixup::create_table(tokens);
    match parse_one(tokens)? {
        Statement::CreateTable(create) if create.temporary => Ok(None),
        Statement::CreateTable(create) => Ok(Some(Change::CreateTable(Box::new(create)))),
        other => Err(unexpected("CREATE TABLE", &other)),
    }
}

fn create_index(mut tokens: Vec<TokenWithSpan>) -> Result<Option<Change>, ParserError> {
    let or_replace = starts_with_words(&tokens[1..], &["OR", "REPLACE"]);
    if or_replace {
        tokens.drain(1..3);
    }
    let tokens = fixup::create_index(tokens);
    match parse_one(tokens)? {
        Statement::CreateIndex(index) => Ok(Some(Change::CreateIndex {
            index: Box::new(index),
            or_replace,
        })),
        other => Err(unexpected("CREATE INDEX", &other)),
    }
}

fn unexpected(what: &str, statement: &Statement) -> ParserError {
    ParserError::ParserError(format!("expected {what}, found {statement}"))
}

fn drop(tokens: Vec<TokenWithSpan>) -> Result<Option<Change>, ParserError> {
    if tokens.len() > 1 && is_word(&tokens[1], "INDEX") {
        return drop_index(&tokens);
    }
    match parse_one(fixup::drop_table(tokens))? {
        Statement::Drop {
            names,
            if_exists,
            temporary: false,
            ..
        } => Ok(Some(Change::DropTables { names, if_exists })),
        _ => Ok(None),
    }
}

/// `DROP INDEX [IF EXISTS] name ON table`: sqlparser has no `ON table` for DROP INDEX.
fn drop_index(tokens: &[TokenWithSpan]) -> Result<Option<Change>, ParserError> {
    let mut i = 2;
    let if_exists = starts_with_words(&tokens[i..], &["IF", "EXISTS"]);
    if if_exists {
        i += 2;
    }
    let name = tokens.get(i).and_then(name_of);
    let on = tokens.iter().position(|t| is_word(t, "ON"));
    match (name, on) {
        (Some(name), Some(on)) => {
            let rest: Vec<TokenWithSpan> = tokens[on + 1..].to_vec();
            let table = parser(rest).parse_object_name(false)?;
            Ok(Some(Change::DropIndex {
                name,
                table,
                if_exists,
            }))
        }
        _ => Err(ParserError::ParserError(
            "expected DROP INDEX name ON table".into(),
        )),
    }
}

fn rename(tokens: Vec<TokenWithSpan>) -> Result<Option<Change>, ParserError> {
    match parse_one(fixup::rename_tables(tokens))? {
        Statement::RenameTable(renames) => Ok(Some(Change::RenameTables(
            renames
                .into_iter()
                .map(|r| (r.old_name, r.new_name))
                .collect(),
        ))),
        other => Err(unexpected("RENAME TABLE", &other)),
    }
}

/// ALTER TABLE, one clause at a time: each clause is parsed alone as `ALTER TABLE t <clause>`,
/// so a clause sqlparser does not know can be handled by us without losing the others.
fn alter_table(tokens: &[TokenWithSpan]) -> Result<Option<Change>, ParserError> {
    // ALTER [ONLINE | IGNORE] TABLE [IF EXISTS] name
    let table_keyword = (1..tokens.len())
        .find(|&i| !is_word(&tokens[i], "ONLINE") && !is_word(&tokens[i], "IGNORE"))
        .unwrap_or(tokens.len() - 1);
    let mut head = table_keyword + 1;
    let if_exists = starts_with_words(&tokens[head..], &["IF", "EXISTS"]);
    if if_exists {
        head += 2;
    }
    let mut name_parser = parser(tokens[head..].to_vec());
    let table = name_parser.parse_object_name(false)?;
    let name_end = head + name_parser.index();
    let prefix: Vec<TokenWithSpan> = vec![tokens[0].clone(), tokens[table_keyword].clone()];
    let mut actions = Vec::new();
    let clauses = tokens::split_top_level_commas(&tokens[name_end..]);
    // `ALTER TABLE t` alone changes nothing; an empty clause beside others is a syntax error.
    if clauses.len() > 1 {
        if let Some(comma) = tokens::comma_beside_empty_clause(&tokens[name_end..]) {
            return Err(incomplete("expected a clause beside this `,`", Some(comma)));
        }
    }
    // `ORDER BY a, b` takes the commas after it: it is the last clause, and changes nothing.
    let clauses = match clauses
        .iter()
        .position(|c| starts_with_words(c, &["ORDER", "BY"]))
    {
        Some(order_by) => &clauses[..order_by],
        None => &clauses[..],
    };
    for clause in clauses
        .iter()
        .flat_map(|c| fixup::expand_add_column_list(c))
    {
        let mut clause: Vec<TokenWithSpan> = clause
            .into_iter()
            .filter(|t| t.token != sqlparser::tokenizer::Token::EOF)
            .collect();
        if clause.is_empty() {
            continue;
        }
        if let Some(type_at) = fixup::column_type_position(&clause) {
            clause = fixup::column_definition(&clause, type_at);
        }
        let clause = fixup::rename_without_to(clause);
        if let Some(action) = fixup::alter_clause(&clause)? {
            actions.push(action);
            continue;
        }
        if fixup::is_ignored_alter_clause(&clause) {
            continue;
        }
        let (clause, if_exists) = fixup::strip_clause_if_exists(fixup::numeric_as_decimal(clause));
        let mut statement = prefix.clone();
        statement.extend(tokens[head..name_end].iter().cloned());
        statement.extend(clause);
        match parse_one(statement)? {
            Statement::AlterTable(alter) => {
                for operation in alter.operations {
                    actions.push(AlterAction::Operation {
                        operation: Box::new(operation),
                        if_exists,
                    });
                }
            }
            other => return Err(unexpected("ALTER TABLE", &other)),
        }
    }
    Ok(Some(Change::AlterTable {
        table,
        if_exists,
        actions,
    }))
}

/// A parser error in file coordinates, with the statement's lines. sqlparser appends
/// " at Line: L, Column: C" (in file coordinates: the tokens were moved) where it knows the
/// token; an error at the end of the input (`found: EOF`) is at the statement's end.
fn parser_error(path: &Path, statement: &RawStatement, error: ParserError) -> Diagnostic {
    let text = match &error {
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "statement nested too deeply".to_string(),
    };
    let (message, at) = match text.rsplit_once(" at Line: ") {
        Some((message, at)) => {
            let (line, column) = at.split_once(", Column: ").unwrap_or((at, "1"));
            let line_column = line.trim().parse().ok().zip(column.trim().parse().ok());
            (message.to_string(), line_column)
        }
        None => (text.clone(), None),
    };
    let (line, column) = at.unwrap_or_else(|| end_of(statement));
    let location = Location {
        path: path.to_path_buf(),
        line,
        column,
    };
    let message = format!(
        "cannot parse this statement: {}",
        message.trim_start_matches("sql parser error: ")
    );
    syntax_error(location, message, statement).with_source(error)
}

/// A syntax error at `location`, with the statement's lines.
pub(crate) fn syntax_error(
    location: Location,
    message: impl Into<String>,
    statement: &RawStatement,
) -> Diagnostic {
    Diagnostic::new(Kind::Syntax, Some(location), message).with_excerpt_from(
        &statement.text,
        statement.line,
        statement.column,
    )
}

/// The file line and column just after the statement's last character: where the server
/// says `near ''` when a statement stops too early.
fn end_of(statement: &RawStatement) -> (u32, u32) {
    let text = statement.text.trim_end();
    let lines = text.matches('\n').count() as u32;
    let last = text.rsplit('\n').next().unwrap_or("");
    let mut column = last.chars().count() as u32 + 1;
    if lines == 0 {
        column += statement.column - 1;
    }
    (statement.line + lines, column)
}

/// A statement that stops too early or holds an empty clause: the server's 1064, at `token`
/// or, without one, at the statement's end.
fn incomplete(message: &str, token: Option<&TokenWithSpan>) -> ParserError {
    let at = token.map_or(String::new(), |t| format!("{}", t.span.start));
    ParserError::ParserError(format!("{message}{at}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::RawStatement;

    fn raw(sql: &str) -> RawStatement {
        RawStatement {
            text: sql.to_string(),
            line: 1,
            column: 1,
            skipped: false,
            keyword: String::new(),
        }
    }

    fn parse(sql: &str) -> Option<Change> {
        parse_statement(Path::new("t.sql"), &raw(sql))
            .unwrap()
            .map(|c| c.value)
    }

    fn alter_actions(sql: &str) -> Vec<AlterAction> {
        match parse(sql) {
            Some(Change::AlterTable { actions, .. }) => actions,
            other => panic!("not an ALTER TABLE: {other:?}"),
        }
    }

    #[test]
    fn statements_that_cannot_change_tables_are_ignored() {
        for sql in [
            "CREATE VIEW v AS SELECT 1",
            "CREATE DEFINER=`a`@`b` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1",
            "USE db",
            "CREATE DATABASE d",
            "DROP VIEW v",
            "ALTER VIEW v AS SELECT 2",
        ] {
            assert_eq!(parse(sql), None, "{sql}");
        }
    }

    #[test]
    fn alter_table_options_are_read_by_us() {
        let actions =
            alter_actions("ALTER TABLE t ENGINE = MyISAM COMMENT 'x', DEFAULT CHARSET=utf8");
        assert_eq!(
            actions,
            [
                AlterAction::Options(vec![
                    ("ENGINE".into(), "MyISAM".into()),
                    ("COMMENT".into(), "x".into())
                ]),
                AlterAction::Options(vec![("CHARSET".into(), "utf8".into())]),
            ]
        );
    }

    #[test]
    fn rename_index_and_key() {
        let actions = alter_actions("ALTER TABLE t RENAME INDEX a TO b, RENAME KEY c TO d");
        assert_eq!(
            actions[0],
            AlterAction::RenameIndex {
                from: "a".into(),
                to: "b".into()
            }
        );
        assert_eq!(
            actions[1],
            AlterAction::RenameIndex {
                from: "c".into(),
                to: "d".into()
            }
        );
    }

    #[test]
    fn drop_key_and_if_exists_flags() {
        let actions = alter_actions("ALTER TABLE t DROP KEY IF EXISTS k, DISABLE KEYS");
        assert_eq!(actions.len(), 1, "DISABLE KEYS changes nothing");
        let AlterAction::Operation {
            operation,
            if_exists,
        } = &actions[0]
        else {
            panic!()
        };
        assert!(*if_exists);
        assert!(
            matches!(operation.as_ref(), AlterTableOperation::DropIndex { name } if name.value == "k")
        );
    }

    #[test]
    fn add_column_list_becomes_one_clause_each() {
        assert_eq!(
            alter_actions("ALTER TABLE t ADD COLUMN (a INT, b INT)").len(),
            2
        );
    }

    #[test]
    fn create_table_like_in_parentheses() {
        let Some(Change::CreateTable(create)) = parse("CREATE TABLE b (LIKE a)") else {
            panic!()
        };
        assert!(create.like.is_some() && create.columns.is_empty());
    }

    #[test]
    fn partition_clause_is_dropped() {
        let Some(Change::CreateTable(create)) =
            parse("CREATE TABLE t (id INT) PARTITION BY HASH (id) PARTITIONS 4")
        else {
            panic!()
        };
        assert_eq!(create.columns.len(), 1);
    }

    #[test]
    fn drop_index_on_table() {
        assert_eq!(
            parse("DROP INDEX IF EXISTS i ON t"),
            Some(Change::DropIndex {
                name: "i".into(),
                table: ObjectName::from(vec![sqlparser::ast::Ident::new("t")]),
                if_exists: true
            })
        );
    }

    #[test]
    fn set_foreign_key_checks_forms() {
        assert_eq!(
            parse("SET FOREIGN_KEY_CHECKS=0"),
            Some(Change::SetForeignKeyChecks(false))
        );
        assert_eq!(
            parse("SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0"),
            Some(Change::SetForeignKeyChecks(false))
        );
        assert_eq!(
            parse("SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS"),
            Some(Change::SetForeignKeyChecks(true))
        );
        assert_eq!(parse("SET NAMES utf8mb4"), None);
    }

    fn syntax_error_at(sql: &str) -> (u32, u32, String) {
        let error = parse_statement(Path::new("t.sql"), &raw(sql)).unwrap_err();
        assert_eq!(error.kind, Kind::Syntax, "{error}");
        let location = error.location.clone().unwrap();
        (location.line, location.column, error.message)
    }

    #[test]
    fn alter_table_without_clauses_changes_nothing() {
        assert_eq!(alter_actions("ALTER TABLE t"), []);
        assert_eq!(alter_actions("ALTER ONLINE TABLE IF EXISTS t"), []);
    }

    #[test]
    fn an_empty_alter_clause_is_a_syntax_error_at_its_comma() {
        let at = |sql| {
            let (line, column, _) = syntax_error_at(sql);
            (line, column)
        };
        assert_eq!(at("ALTER TABLE t ,"), (1, 15));
        assert_eq!(at("ALTER TABLE t ADD a INT,"), (1, 24));
        assert_eq!(at("ALTER TABLE t ADD a INT,, ADD b INT"), (1, 25));
    }

    #[test]
    fn a_truncated_statement_is_a_syntax_error_at_its_end() {
        for sql in [
            "ALTER TABLE",
            "ALTER TABLE IF EXISTS",
            "ALTER ONLINE TABLE",
            "CREATE TABLE",
            "CREATE INDEX",
            "DROP INDEX i ON",
            "RENAME TABLE",
            "ALTER TABLE t ADD COLUMN",
        ] {
            let (line, column, _) = syntax_error_at(sql);
            assert_eq!((line, column), (1, sql.len() as u32 + 1), "{sql}");
        }
    }

    /// The server's 1064 for words that start no statement, at the word, with what was meant.
    #[test]
    fn misspelled_statements_are_syntax_errors() {
        let (line, column, message) = syntax_error_at("CREAT TABLE b (a INT)");
        assert_eq!((line, column), (1, 1));
        assert!(
            message.ends_with("near `CREAT`; did you mean CREATE?"),
            "{message}"
        );
        let (_, column, message) = syntax_error_at("CREATE TABL b (a INT)");
        assert_eq!(column, 8);
        assert!(message.ends_with("did you mean TABLE?"), "{message}");
        assert_eq!(syntax_error_at("ALTER TALBE t ADD a INT").1, 7);
        assert_eq!(syntax_error_at("DROP TABEL t").1, 6);
        assert_eq!(syntax_error_at("`CREATE` TABLE t (a INT)").1, 1);
    }

    #[test]
    fn statements_that_cannot_change_tables_are_skipped_silently() {
        for sql in [
            "(SELECT 1)",
            "label: BEGIN END",
            "CREATE TEMPORARY TABLE t (a INT)",
            "ALTER ONLINE IGNORE TABLE t",
            "HELP 'x'",
            "CREATE OR REPLACE VIEW v AS SELECT 1",
            "DROP PROCEDURE p",
            "RENAME USER a TO b",
        ] {
            assert!(
                matches!(parse(sql), None | Some(Change::AlterTable { .. })),
                "{sql}"
            );
        }
    }

    #[test]
    fn names_the_server_refuses() {
        let long = "a".repeat(65);
        for sql in [
            format!("CREATE TABLE {long} (a INT)"),
            format!("CREATE TABLE t (`{long}` INT)"),
            format!("ALTER TABLE t ADD KEY {long} (a)"),
        ] {
            let error = parse_statement(Path::new("t.sql"), &raw(&sql)).unwrap_err();
            assert_eq!(error.kind, Kind::InvalidDefinition);
            assert!(error.message.ends_with("is too long"), "{error}");
        }
        assert!(parse(&format!("CREATE TABLE t (`{}` INT)", "é".repeat(64))).is_some());
        let invalid = format!("CREATE TABLE `t{}` (a INT)", '\u{10ffff}');
        let error = parse_statement(Path::new("t.sql"), &raw(&invalid)).unwrap_err();
        assert_eq!(error.message, "Invalid utf8mb4 character string: 't\\xFF'");
        assert_eq!(error.location.unwrap().column, 14);
        let unquoted = format!("CREATE TABLE t{} (a INT)", '\u{10ffff}');
        let error = parse_statement(Path::new("t.sql"), &raw(&unquoted)).unwrap_err();
        assert_eq!(error.message, "Invalid utf8mb4 character string: 't\\xFF'");
    }

    #[test]
    fn parse_errors_point_into_the_file() {
        let statement = RawStatement {
            text: "CREATE TABLE t (\n  a INT,\n  b INT INT\n)".into(),
            line: 10,
            column: 5,
            skipped: false,
            keyword: "CREATE".into(),
        };
        let error = parse_statement(Path::new("s.sql"), &statement).unwrap_err();
        let location = error.location.unwrap();
        assert_eq!(
            (location.line, location.column),
            (12, 9),
            "{}",
            error.message
        );
    }
}
