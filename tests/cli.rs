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
        stderr.starts_with(&format!("{path}:3:13: error: Table 'b' doesn't exist")),
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
    assert!(stderr.contains(":2:13: error:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "// hand-made\n");
    std::fs::remove_file(&out).unwrap();
    let missing = std::env::temp_dir().join(format!("modelgen-cli-{}-none.rs", std::process::id()));
    let output = modelgen(&["generate", &bad, "--out", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!missing.exists(), "nothing written");
}

/// A fresh folder for one test's files.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("modelgen-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `generate` on the gamedb sample into `dir`, with models.rs, its tests and the diagram.
fn generate_gamedb(dir: &std::path::Path, extra: &[&str]) -> Output {
    let sample = common::repo().join("migrations-samples/gamedb");
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let (models, tests, diagram) = (path("models.rs"), path("models_tests.rs"), path("er.mmd"));
    let mut args = vec!["generate", sample.to_str().unwrap(), "--out", &models];
    args.extend(["--tests", &tests, "--diagram", &diagram]);
    args.extend(extra);
    modelgen(&args)
}

#[test]
fn check_exits_1_with_a_diff_until_the_files_are_current() {
    let dir = scratch_dir("check");
    let first = generate_gamedb(&dir, &["--check"]);
    assert_eq!(first.status.code(), Some(1), "nothing written yet");
    assert!(!dir.join("models.rs").exists(), "--check writes nothing");
    assert!(generate_gamedb(&dir, &[]).status.success());
    let current = generate_gamedb(&dir, &["--check"]);
    assert_eq!(current.status.code(), Some(0));
    assert!(current.stdout.is_empty());

    let models = dir.join("models.rs");
    let edited = std::fs::read_to_string(&models)
        .unwrap()
        .replace("pub fn get_items(", "pub fn get_things(");
    std::fs::write(&models, &edited).unwrap();
    let stale = generate_gamedb(&dir, &["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8(stale.stdout).unwrap();
    assert!(diff.contains("models.rs (on disk)\n+++ "), "{diff}");
    assert!(diff.contains("\n-    pub fn get_things("), "{diff}");
    assert!(diff.contains("\n+    pub fn get_items("), "{diff}");
    assert_eq!(std::fs::read_to_string(&models).unwrap(), edited);
}

#[test]
fn the_diagram_is_mermaid_with_inferred_keys_dashed() {
    let dir = scratch_dir("diagram");
    let legacy = common::repo().join("migrations-samples/legacy_gamedb");
    let diagram = dir.join("er.mmd");
    let output = modelgen(&[
        "generate",
        legacy.to_str().unwrap(),
        "--out",
        dir.join("models.rs").to_str().unwrap(),
        "--diagram",
        diagram.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(diagram).unwrap();
    assert!(text.starts_with("%% @generated by modelgen"), "{text}");
    assert!(text.contains("\nerDiagram\n"), "{text}");
    assert!(text.contains(" ||..o{ Item : "), "inferred, dashed: {text}");
}

#[test]
fn clean_removes_only_stale_generated_files_and_dry_run_lists_them() {
    let dir = scratch_dir("clean");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("player.py", "# @generated by generate_models.py\n");
    write(
        "item.py",
        "# -*- coding: utf-8 -*-\n# @generated by generate_models.py\n",
    );
    write("helpers.py", "# written by hand\n");
    write(
        "notes.md",
        "nothing generated here, though @generated appears\nlater\n",
    );
    write(
        "models.rs",
        "// @generated by modelgen: an older run, replaced not removed\n",
    );
    let clean = dir.to_string_lossy().into_owned();

    let listed = generate_gamedb(&dir, &["--clean", &clean, "--dry-run"]);
    assert!(listed.status.success(), "{listed:?}");
    let text = String::from_utf8(listed.stdout).unwrap();
    assert!(
        text.contains("would remove ") && text.contains("item.py\n"),
        "{text}"
    );
    assert!(
        text.contains("player.py\n") && !text.contains("helpers"),
        "{text}"
    );
    assert!(dir.join("player.py").exists(), "--dry-run removes nothing");
    assert!(!dir.join("er.mmd").exists(), "--dry-run writes nothing");

    let cleaned = generate_gamedb(&dir, &["--clean", &clean]);
    assert!(cleaned.status.success(), "{cleaned:?}");
    let text = String::from_utf8(cleaned.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.starts_with("removed ")).count(),
        2,
        "{text}"
    );
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let expected = [
        "er.mmd",
        "helpers.py",
        "models.rs",
        "models_tests.rs",
        "notes.md",
    ];
    assert_eq!(left, expected);
}

/// legacy_gamedb copied beside a `modelgen.toml`: the config found without `--config` adds
/// `mobiles.owner_id`, `--infer off` wins over the config's `infer`, and a bad config writes
/// nothing and says where it is wrong.
#[test]
fn the_config_beside_the_schema_shapes_the_models() {
    let dir = scratch_dir("config");
    let schema = dir.join("schema.sql");
    let legacy = common::repo().join("migrations-samples/legacy_gamedb/schema.sql");
    std::fs::copy(legacy, &schema).unwrap();
    let config = common::repo().join("tests/config/legacy_gamedb_configured.toml");
    std::fs::copy(config, dir.join("modelgen.toml")).unwrap();
    let relations = |extra: &[&str]| {
        let mut args = vec!["inspect", schema.to_str().unwrap(), "--relations"];
        args.extend(extra);
        let output = modelgen(&args);
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let text = relations(&[]);
    assert!(text.contains("mobiles(owner_id) -> players(id)  one-to-many  [added by the config file]\n  Mobile: get_owner, set_owner\n  Player (has-many): get_owned_mobiles"), "{text}");
    let declared_only = relations(&["--infer", "off"]);
    assert_eq!(declared_only.matches(" -> ").count(), 1, "{declared_only}");

    let models = dir.join("models.rs");
    std::fs::write(&models, "// hand-written\n").unwrap();
    std::fs::write(
        dir.join("modelgen.toml"),
        "[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner\"]\n",
    )
    .unwrap();
    let output = modelgen(&[
        "generate",
        schema.to_str().unwrap(),
        "--out",
        models.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "{}:3:11: error: no column `owner` in `mobiles`; did you mean `owner_id`?\n 2 | table = \"mobiles\"\n 3 | columns = [\"owner\"]\n   |           ^",
            dir.join("modelgen.toml").display()
        )),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&models).unwrap(),
        "// hand-written\n"
    );
    // --config names another file, and the one beside the schema is not read.
    let other = dir.join("other.toml");
    std::fs::write(&other, "infer = \"off\"\n").unwrap();
    let output = modelgen(&[
        "generate",
        schema.to_str().unwrap(),
        "--out",
        models.to_str().unwrap(),
        "--config",
        other.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let models_text = std::fs::read_to_string(&models).unwrap();
    assert!(!models_text.contains("fn get_blueprint("));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The config file the README shows works, on the sample it names.
#[test]
fn the_readme_config_example_works_on_legacy_gamedb() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let section = &readme[readme.find("## Inference and the config file").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = scratch_dir("readme-config");
    let config = dir.join("modelgen.toml");
    std::fs::write(&config, example).unwrap();
    let schema = common::repo().join("migrations-samples/legacy_gamedb/schema.sql");
    let output = modelgen(&[
        "inspect",
        schema.to_str().unwrap(),
        "--relations",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    for method in [
        "get_owned_mobiles",
        "Mobile: get_owner",
        "get_sales",
        "get_slot\n",
    ] {
        assert!(text.contains(method), "{method} in\n{text}");
    }
    assert!(!text.contains("inventory_entries(item_id)"), "{text}");
    let models = dir.join("models.rs");
    let args = [
        "generate",
        schema.to_str().unwrap(),
        "--out",
        models.to_str().unwrap(),
    ];
    let output = modelgen(&[&args[..], &["--config", config.to_str().unwrap()]].concat());
    assert!(output.status.success(), "{output:?}");
    let models = std::fs::read_to_string(&models).unwrap();
    assert!(!models.contains("fn get_theme("));
    std::fs::remove_dir_all(&dir).unwrap();
}
