//! The splitter, construct by construct: each test states the statements it expects, with
//! their text (comments blanked), line and column.

use super::*;

fn split(sql: &str) -> Vec<RawStatement> {
    let mut statements = Vec::new();
    split_statements(Path::new("t.sql"), sql.as_bytes(), |s| {
        statements.push(s);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    statements
}

fn texts(sql: &str) -> Vec<String> {
    split(sql).into_iter().filter(|s| !s.skipped).map(|s| s.text).collect()
}

fn positions(sql: &str) -> Vec<(u32, u32)> {
    split(sql).into_iter().map(|s| (s.line, s.column)).collect()
}

fn error(sql: &str) -> Diagnostic {
    split_statements(Path::new("t.sql"), sql.as_bytes(), |_| Ok(())).unwrap_err()
}

#[test]
fn splits_on_semicolon() {
    assert_eq!(
        texts("CREATE TABLE a (x INT);\nDROP TABLE b;"),
        ["CREATE TABLE a (x INT)", "DROP TABLE b"]
    );
    assert_eq!(positions("USE a;  USE b;\n  USE c;"), [(1, 1), (1, 9), (2, 3)]);
}

#[test]
fn no_trailing_delimiter() {
    assert_eq!(texts("USE a;\nUSE b\n"), ["USE a", "USE b"]);
}

#[test]
fn empty_statements_are_not_emitted() {
    assert_eq!(texts(";;\n ; -- nothing\n;"), Vec::<String>::new());
}

#[test]
fn delimiter_command() {
    let sql = "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET @x = 1; END;;\ndelimiter ;\nUSE b;";
    assert_eq!(
        texts(sql),
        ["CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET @x = 1; END", "USE b"]
    );
    assert_eq!(texts("DELIMITER //\nUSE a//\nUSE b //"), ["USE a", "USE b"]);
}

#[test]
fn backslash_escape_in_string() {
    assert_eq!(
        texts(r"CREATE TABLE a (x CHAR(3) DEFAULT 'a\';b');USE c"),
        [r"CREATE TABLE a (x CHAR(3) DEFAULT 'a\';b')", "USE c"]
    );
}

#[test]
fn doubled_quote() {
    assert_eq!(
        texts("CREATE TABLE a (x CHAR(3) COMMENT 'it''s; fine');USE c"),
        ["CREATE TABLE a (x CHAR(3) COMMENT 'it''s; fine')", "USE c"]
    );
}

#[test]
fn backtick_identifier() {
    assert_eq!(
        texts("CREATE TABLE `a;b``c\\` (x INT);USE c"),
        ["CREATE TABLE `a;b``c\\` (x INT)", "USE c"]
    );
}

#[test]
fn string_across_lines() {
    assert_eq!(
        texts("CREATE TABLE a (x INT COMMENT 'one;\ntwo');"),
        ["CREATE TABLE a (x INT COMMENT 'one;\ntwo')"]
    );
}

#[test]
fn dash_comment_needs_space() {
    assert_eq!(texts("CREATE TABLE a (x INT) -- no; end\n;"), ["CREATE TABLE a (x INT)"]);
    assert_eq!(
        texts("CREATE TABLE a (x INT DEFAULT 1--1);"),
        ["CREATE TABLE a (x INT DEFAULT 1--1)"]
    );
}

#[test]
fn dash_line_at_statement_start() {
    // The client drops a line starting with `--` between statements, whatever follows.
    assert_eq!(texts("USE a;\n-----------\n--comment\nUSE b;"), ["USE a", "USE b"]);
    // Inside a statement it is code (here `-` signs), as the server would see it.
    assert_eq!(texts("USE a\n--x\n;"), ["USE a\n--x"]);
}

#[test]
fn hash_comment() {
    assert_eq!(texts("# a comment; still\nUSE a; # more\nUSE b"), ["USE a", "USE b"]);
}

#[test]
fn block_comment_blanked_keeps_columns() {
    assert_eq!(texts("CREATE /* é; x */ TABLE a (x INT)"), ["CREATE            TABLE a (x INT)"]);
    assert_eq!(
        texts("CREATE /* one\ntwo */ TABLE a (x INT)"),
        ["CREATE       \n       TABLE a (x INT)"]
    );
}

#[test]
fn comments_before_a_statement_do_not_start_it() {
    assert_eq!(positions("/* header */\n  /* more */ USE a;"), [(2, 14)]);
}

#[test]
fn conditional_comment_runs() {
    assert_eq!(texts("/*!40101 SET NAMES utf8 */;"), ["SET NAMES utf8"]);
    assert_eq!(split("/*!40101 SET NAMES utf8 */;")[0].column, 10);
    assert_eq!(
        texts("CREATE DATABASE /*!32312 IF NOT EXISTS*/ d;"),
        ["CREATE DATABASE          IF NOT EXISTS   d"]
    );
}

#[test]
fn conditional_comment_mysql57_ignored() {
    let blank = " ".repeat("/*!50705 g GEOMETRY NOT NULL,*/".len());
    assert_eq!(
        texts("CREATE TABLE a (x INT, /*!50705 g GEOMETRY NOT NULL,*/ y INT);"),
        [format!("CREATE TABLE a (x INT, {blank} y INT)")]
    );
}

#[test]
fn conditional_comment_content_is_code_to_the_client() {
    // mysqldump puts triggers in conditional comments, delimited by `;;`.
    let sql = "DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET @x = 1; */;;\nDELIMITER ;";
    let statements = split(sql);
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0].keyword, "CREATE");
}

#[test]
fn mariadb_conditional_comment() {
    assert_eq!(texts("/*M!999999\\- enable the sandbox mode */ \nUSE a;"), ["USE a"]);
    assert_eq!(texts("/*M!100100 USE a */;"), ["USE a"]);
}

#[test]
fn crlf_and_stray_cr() {
    assert_eq!(texts("USE a;\r\nUSE b;\rUSE c;\r\n"), ["USE a", "USE b", "USE c"]);
    assert_eq!(positions("USE a;\r\nUSE b;"), [(1, 1), (2, 1)]);
}

#[test]
fn source_command_ignored() {
    assert_eq!(
        texts("USE a;\nsource load_departments.dump ;\n\\. other.sql\nUSE b;"),
        ["USE a", "USE b"]
    );
}

#[test]
fn goose_down_marker_ends_input() {
    let sql = "-- +goose Up\nCREATE TABLE a (x INT);\n-- +goose Down\nDROP TABLE a;";
    assert_eq!(texts(sql), ["CREATE TABLE a (x INT)"]);
    assert_eq!(texts("-- migrate:up\nUSE a;\n-- migrate:down\nUSE b;"), ["USE a"]);
    assert_eq!(
        texts("USE a\n-- +goose Down\nUSE b;"),
        ["USE a"],
        "the statement before the marker still runs"
    );
}

#[test]
fn insert_skipped_without_text() {
    let statements = split("INSERT INTO a VALUES (1,'x;y'),(2,'it''s');\nCREATE TABLE b (x INT);");
    assert_eq!(
        (statements[0].skipped, statements[0].text.as_str(), statements[0].keyword.as_str()),
        (true, "", "INSERT")
    );
    assert_eq!(statements[1].text, "CREATE TABLE b (x INT)");
    assert_eq!((statements[1].line, statements[1].column), (2, 1));
}

#[test]
fn unicode_columns_count_characters() {
    assert_eq!(positions("/* ééé */ USE a;"), [(1, 11)]);
}

#[test]
fn unterminated_string_is_located_error() {
    let error = error("USE a;\nCREATE TABLE b (x INT COMMENT 'open);\n");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 31)));
    assert_eq!(error.message, "unterminated string starting here");
    assert_eq!(super::tests::error("/* open").message, "unterminated comment starting here");
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    let mut statements = Vec::new();
    split_statements(Path::new("t.sql"), &b"CREATE TABLE a (x INT COMMENT '\xff');"[..], |s| {
        statements.push(s);
        Ok(())
    })
    .unwrap();
    assert_eq!(statements[0].text, "CREATE TABLE a (x INT COMMENT '\u{fffd}')");
}

#[test]
fn quotes_inside_an_ignored_conditional_comment_are_blanked() {
    let sql = "CREATE TABLE a (x INT,\n  /*!50705 SPATIAL KEY `idx` (x),*/\n  y INT);";
    assert_eq!(texts(sql), [format!("CREATE TABLE a (x INT,\n  {}\n  y INT)", " ".repeat(33))]);
}
