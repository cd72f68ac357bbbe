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
    split(sql)
        .into_iter()
        .filter(|s| !s.skipped)
        .map(|s| s.text)
        .collect()
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
    assert_eq!(
        positions("USE a;  USE b;\n  USE c;"),
        [(1, 1), (1, 9), (2, 3)]
    );
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
        [
            "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET @x = 1; END",
            "USE b"
        ]
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
    assert_eq!(
        texts("CREATE TABLE a (x INT) -- no; end\n;"),
        ["CREATE TABLE a (x INT)"]
    );
    assert_eq!(
        texts("CREATE TABLE a (x INT DEFAULT 1--1);"),
        ["CREATE TABLE a (x INT DEFAULT 1--1)"]
    );
}

#[test]
fn dash_line_at_statement_start() {
    // The client drops a line starting with `--` between statements, whatever follows.
    assert_eq!(
        texts("USE a;\n-----------\n--comment\nUSE b;"),
        ["USE a", "USE b"]
    );
    // Inside a statement it is code (here `-` signs), as the server would see it.
    assert_eq!(texts("DROP TABLE a\n--x\n;"), ["DROP TABLE a\n--x"]);
}

#[test]
fn hash_comment() {
    assert_eq!(
        texts("# a comment; still\nUSE a; # more\nUSE b"),
        ["USE a", "USE b"]
    );
}

#[test]
fn block_comment_blanked_keeps_columns() {
    assert_eq!(
        texts("CREATE /* é; x */ TABLE a (x INT)"),
        ["CREATE            TABLE a (x INT)"]
    );
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
    assert_eq!(
        texts("/*M!999999\\- enable the sandbox mode */ \nUSE a;"),
        ["USE a"]
    );
    assert_eq!(texts("/*M!100100 USE a */;"), ["USE a"]);
}

#[test]
fn crlf_and_stray_cr() {
    assert_eq!(
        texts("USE a;\r\nUSE b;\rUSE c;\r\n"),
        ["USE a", "USE b", "USE c"]
    );
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
    assert_eq!(
        texts("-- migrate:up\nUSE a;\n-- migrate:down\nUSE b;"),
        ["USE a"]
    );
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
        (
            statements[0].skipped,
            statements[0].text.as_str(),
            statements[0].keyword.as_str()
        ),
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
    assert_eq!(
        super::tests::error("/* open").message,
        "unterminated comment starting here"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_kept_for_later_stages() {
    let mut statements = Vec::new();
    split_statements(
        Path::new("t.sql"),
        &b"CREATE TABLE a (x INT COMMENT '\xff');"[..],
        |s| {
            statements.push(s);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(
        statements[0].text,
        "CREATE TABLE a (x INT COMMENT '\u{10ffff}')"
    );
    let kept = statements[0].text.chars().nth(31).unwrap();
    assert_eq!(invalid_byte(kept), Some(0xff));
    assert_eq!(invalid_byte('\u{fffd}'), None);
}

#[test]
fn the_client_refuses_nul_bytes_and_empty_delimiters() {
    let at = |sql: &str| {
        let error = error(sql);
        let location = error.location.unwrap();
        (location.line, location.column)
    };
    assert_eq!(at("CREATE TABLE t (a INT);\n-- x\0y\n"), (2, 5));
    assert_eq!(at("INSERT INTO t VALUES ('\0');"), (1, 24));
    assert_eq!(at("USE a;\n  DELIMITER\nUSE b;"), (2, 3));
    assert_eq!(at("DROP TABLE a\\d\n"), (1, 13));
    assert!(error("DELIMITER \n")
        .message
        .contains("DELIMITER must be followed"));
}

#[test]
fn quotes_inside_an_ignored_conditional_comment_are_blanked() {
    let sql = "CREATE TABLE a (x INT,\n  /*!50705 SPATIAL KEY `idx` (x),*/\n  y INT);";
    assert_eq!(
        texts(sql),
        [format!(
            "CREATE TABLE a (x INT,\n  {}\n  y INT)",
            " ".repeat(33)
        )]
    );
}

#[test]
fn dashes_before_first_code_are_a_comment() {
    // The client drops `--` up to the end of the line while it holds nothing of a statement:
    // after spaces, after a delimiter on the same line, after a comment.
    assert_eq!(texts("  --x\nDROP TABLE a;"), ["DROP TABLE a"]);
    assert_eq!(
        texts("DROP TABLE a; --x\nDROP TABLE b;"),
        ["DROP TABLE a", "DROP TABLE b"]
    );
    assert_eq!(texts("/* c */ --x\nDROP TABLE a;"), ["DROP TABLE a"]);
    assert_eq!(positions("  --x\n DROP TABLE a;"), [(2, 2)]);
}

#[test]
fn utf8_bom_skipped() {
    assert_eq!(split("\u{feff}DROP TABLE a;")[0].text, "DROP TABLE a");
    assert_eq!(positions("\u{feff}DROP TABLE a;"), [(1, 1)]);
}

#[test]
fn use_line_without_delimiter_runs_alone() {
    // The client runs `use db` at once: the next line is another statement.
    assert_eq!(
        texts("use shop\nCREATE TABLE a (x INT);"),
        ["use shop", "CREATE TABLE a (x INT)"]
    );
    assert_eq!(positions("  use shop\r\nDROP TABLE a;"), [(1, 3), (2, 1)]);
}

#[test]
fn client_command_at_delimiter() {
    assert_eq!(
        texts("status;\nhelp contents;\nsource a.sql;\nUSE b;"),
        ["USE b"]
    );
    assert_eq!(
        texts("DROP TABLE a;\nexit;\nDROP TABLE b;"),
        ["DROP TABLE a"]
    );
}

#[test]
fn quit_command_ends_input() {
    assert_eq!(
        texts("DROP TABLE a;\nquit\nDROP TABLE b;"),
        ["DROP TABLE a"]
    );
    assert_eq!(texts("DROP TABLE a \\q DROP TABLE b;"), ["DROP TABLE a"]);
}

#[test]
fn backslash_go_ends_statement() {
    assert_eq!(
        texts("DROP TABLE a\\g DROP TABLE b\\G\nUSE c"),
        ["DROP TABLE a", "DROP TABLE b", "USE c"]
    );
}

#[test]
fn backslash_clear_forgets_statement() {
    assert_eq!(texts("DROP TABLE a \\c DROP TABLE b;"), ["DROP TABLE b"]);
}

#[test]
fn backslash_delimiter() {
    assert_eq!(
        texts("\\d //\nDROP TABLE a; //USE b//"),
        ["DROP TABLE a;", "USE b"]
    );
}

#[test]
fn backslash_command_with_argument_takes_it() {
    assert_eq!(
        texts("DROP TABLE a \\. x.sql; b;"),
        ["DROP TABLE a           b"]
    );
}

#[test]
fn backslash_n_is_null() {
    assert_eq!(
        texts("CREATE TABLE a (x INT DEFAULT \\N);"),
        ["CREATE TABLE a (x INT DEFAULT \\N)"]
    );
}

#[test]
fn unknown_backslash_command_is_located_error() {
    let error = error("DROP TABLE a;\nDROP TABLE \\x;");
    assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 12)));
    assert!(
        error.message.starts_with("unknown client command '\\x'"),
        "{}",
        error.message
    );
}

#[test]
fn conditional_comment_ends_with_its_statement() {
    // The server reads each statement afresh: `*/` in the next one is code again.
    assert_eq!(
        texts("/*!40101 DROP TABLE a; DROP TABLE b */;"),
        ["DROP TABLE a", "DROP TABLE b */"]
    );
}

#[test]
fn unterminated_comment_and_quoted_name_are_located_errors() {
    let comment = error("DROP TABLE a;\n  /* open\n");
    assert_eq!(comment.location.map(|l| (l.line, l.column)), Some((2, 3)));
    assert_eq!(
        error("DROP TABLE `a;").message,
        "unterminated quoted name starting here"
    );
}

/// Every construct at once, to read in pieces of any size.
const MIXED: &str = "\u{feff}-- header\n/*!40101 SET NAMES utf8 */;\nDELIMITER $$\n\
CREATE TABLE `t$$1` (x INT COMMENT 'a$$b\\'c''d', /*!50705 g GEOMETRY, */ y INT -- e $$\n) $$\n\
INSERT INTO t VALUES ('$$', \"x\\\"$$\"), (1) $$ --x\nDELIMITER ;\n\
CREATE TABLE é (x INT /* ééé ; */ DEFAULT 1--1\n);\n# end; \nDROP TABLE a";

#[test]
fn long_lines_read_in_pieces_split_the_same() {
    let whole = split(MIXED);
    assert_eq!(whole.len(), 5, "{whole:#?}");
    // Client commands are read from whole lines: pieces hold the shortest lines whole.
    for size in 14..80 {
        let mut pieces = Vec::new();
        split_in_segments(Path::new("t.sql"), MIXED.as_bytes(), size, |s| {
            pieces.push(s);
            Ok(())
        })
        .unwrap();
        assert_eq!(pieces, whole, "segments of {size} bytes");
    }
}

#[test]
fn long_insert_line_is_not_kept() {
    let values = "(1,'x;y'),".repeat(300_000);
    let sql = format!("INSERT INTO a VALUES {values}(2,'z');\nDROP TABLE a;");
    let statements = split(&sql);
    assert_eq!(statements.len(), 2);
    assert_eq!((statements[1].line, statements[1].column), (2, 1));
}

#[test]
fn every_corpus_file_splits_without_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&corpus).sort_by_file_name() {
        let path = entry.expect("corpus is readable").into_path();
        if path.extension().is_none_or(|e| e != "sql") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).expect("corpus file is readable");
        let mut statements = 0;
        let result = split_statements(&path, &bytes[..], |_| {
            statements += 1;
            Ok(())
        });
        let creates = bytes.split(|b| *b == b'\n').any(|line| {
            line.trim_ascii_start()
                .get(..7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"create "))
        });
        assert!(result.is_ok(), "{}: {:?}", path.display(), result);
        assert!(
            statements > 0 || !creates,
            "{}: no statement",
            path.display()
        );
    }
    assert!(files > 100, "the corpus is at {}", corpus.display());
}
