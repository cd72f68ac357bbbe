//! The `modelgen` binary as a user runs it: outputs, diagnostics and exit codes.

mod common;

use std::process::{Command, Output};

fn modelgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelgen"))
        .args(args)
        .output()
        .expect("run modelgen")
}

fn write_sql(name: &str, sql: &str) -> String {
    let path = std::env::temp_dir().join(format!("modelgen-cli-{}-{name}.sql", std::process::id()));
    std::fs::write(&path, sql).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn inspect_text_summarises_the_sample() {
    let sample = common::repo().join("migrations-samples/gamedb");
    let output = modelgen(&["inspect", sample.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("table items (InnoDB)"), "{text}");
    assert!(
        text.contains("foreign key fk_items_blueprint (blueprint_id) -> blueprints (id)"),
        "{text}"
    );
}

#[test]
fn inspect_json_is_the_catalog_document() {
    let sample = common::repo().join("migrations-samples/gamedb");
    let output = modelgen(&["inspect", "--format", "json", sample.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    let views = [
        "TABLES",
        "COLUMNS",
        "TABLE_CONSTRAINTS",
        "KEY_COLUMN_USAGE",
        "REFERENTIAL_CONSTRAINTS",
    ];
    let positions: Vec<usize> = views
        .iter()
        .map(|v| text.find(&format!("\n  \"{v}\"")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "views out of order: {positions:?}"
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document.as_object().unwrap().len(), views.len());
    assert_eq!(document["TABLES"].as_array().unwrap().len(), 8);
}

#[test]
fn bad_input_is_located_with_its_lines_and_exits_2() {
    let path = write_sql(
        "missing-table",
        "CREATE TABLE a (id INT);\n\nALTER TABLE b ADD c INT;\n",
    );
    let output = modelgen(&["inspect", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("{path}:3:1: error: Table 'b' doesn't exist")),
        "{stderr}"
    );
    assert!(stderr.contains(" 3 | ALTER TABLE b ADD c INT"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "printed a catalog despite the error"
    );
}

#[test]
fn server_errors_are_reported_like_the_server() {
    let cases = [
        ("CREATE TABLE a (x INT, x INT)", "Duplicate column name 'x'"),
        ("CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (p INT, FOREIGN KEY (q) REFERENCES p (id))", "Key column 'q' doesn't exist in table"),
        ("CREATE TABLE a (x INT);\nCREATE TABLE a (y INT)", "Table 'a' already exists"),
        ("CREATE TABLE a (x INT) ENGINE=Nope", "Unknown storage engine 'Nope'"),
        ("CREATE TABLE a (x INT);\nCREATE TABLE b AS SELECT * FROM a", "CREATE TABLE ... SELECT is not supported"),
        ("CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES nope (id))", "the referenced table 'nope' doesn't exist"),
        ("CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (x))", "the referenced column 'x' doesn't exist in 'p'"),
        ("CREATE TABLE p (id INT);\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id))", "no index of 'p' starts with (id)"),
        ("CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (a CHAR(3), FOREIGN KEY (a) REFERENCES p (id))", "incompatible types"),
        ("CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id));\nALTER TABLE c DROP INDEX a", "needed in a foreign key constraint"),
        ("CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id));\nALTER TABLE c DROP COLUMN a", "needed in a foreign key constraint"),
    ];
    for (i, (sql, message)) in cases.iter().enumerate() {
        let path = write_sql(&format!("server-{i}"), sql);
        let output = modelgen(&["inspect", &path]);
        assert_eq!(output.status.code(), Some(2), "{sql}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{sql}: {stderr}");
    }
}

#[test]
fn foreign_key_checks_off_accepts_forward_references() {
    let sql = "SET FOREIGN_KEY_CHECKS=0;\nCREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id));\nCREATE TABLE p (id INT PRIMARY KEY);";
    let output = modelgen(&["inspect", &write_sql("fk-checks-off", sql)]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn truncated_statements_are_errors_not_panics() {
    let inputs = [
        "CREATE TABLE t (a INT);\nALTER TABLE t ADD (\n",
        "CREATE TABLE t (LIKE\n",
        "ALTER TABLE",
        "CREATE TABLE t (a INT); ALTER TABLE t RENAME INDEX",
        "CREATE TABLE t (a INT); ALTER TABLE t ENGINE",
        "CREATE TABLE t (a INT); DROP INDEX",
    ];
    for (i, sql) in inputs.iter().enumerate() {
        let path = write_sql(&format!("truncated-{i}"), sql);
        let output = modelgen(&["inspect", &path]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{sql}: {stderr}");
        assert!(stderr.starts_with(&format!("{path}:")), "{sql}: {stderr}");
    }
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let output = modelgen(&["inspect", "/no/such/schema.sql"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("modelgen: error:") && stderr.contains("/no/such/schema.sql"),
        "{stderr}"
    );
}

#[test]
fn generate_writes_models_rs() {
    let sample = common::repo().join("migrations-samples/gamedb");
    let out = std::env::temp_dir().join(format!("modelgen-cli-{}-models.rs", std::process::id()));
    let output = modelgen(&[
        "generate",
        sample.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let models = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    assert!(models.starts_with("// @generated by modelgen"));
    assert!(models.contains("pub struct MobileItem {"));
}

#[test]
fn generate_on_bad_input_exits_2_and_leaves_the_old_file() {
    let bad = write_sql(
        "generate-bad",
        "CREATE TABLE t (id INT);\nALTER TABLE nope ADD x INT;\n",
    );
    let out = std::env::temp_dir().join(format!("modelgen-cli-{}-kept.rs", std::process::id()));
    std::fs::write(&out, "// hand-made\n").unwrap();
    let output = modelgen(&["generate", &bad, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(":2:1: error:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "// hand-made\n");
    std::fs::remove_file(&out).unwrap();
    let missing = std::env::temp_dir().join(format!("modelgen-cli-{}-none.rs", std::process::id()));
    let output = modelgen(&["generate", &bad, "--out", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!missing.exists(), "nothing written");
}
