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
    assert!(models.contains("pub struct MobileItem in \"mobile_items\" {"));
}

/// A table without primary key or relationships still gets the finders of its indexed
/// columns: the only methods models.rs writes out for it.
#[test]
fn a_keyless_table_keeps_its_finders() {
    let dir = scratch_dir("keyless");
    let schema = dir.join("schema.sql");
    std::fs::write(
        &schema,
        "CREATE TABLE notes (body VARCHAR(8) NOT NULL, KEY (body));",
    )
    .unwrap();
    let models = dir.join("models.rs");
    let output = modelgen(&["generate", path_str(&schema), "--out", path_str(&models)]);
    assert!(output.status.success(), "{output:?}");
    let models = std::fs::read_to_string(&models).unwrap();
    assert!(models.contains("pub fn find_by_body("), "{models}");
}

/// `--serde`: the models and enums implement Serialize and Deserialize, and the header says
/// which feature of the runtime that needs; without it, models.rs does not mention serde.
#[test]
fn serde_is_asked_for_with_a_flag() {
    let dir = scratch_dir("serde");
    let sample = common::repo().join("migrations-samples/gamedb");
    let models = dir.join("models.rs");
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", sample.to_str().unwrap()];
        args.extend(["--out", models.to_str().unwrap()]);
        args.extend(extra);
        let output = modelgen(&args);
        assert!(output.status.success(), "{output:?}");
        std::fs::read_to_string(&models).unwrap()
    };
    let plain = generate(&[]);
    assert!(!plain.contains("serde"), "no serde without --serde");
    let with = generate(&["--serde"]);
    assert!(
        with.contains(r#"//   modelgen-runtime = { version = "0."#),
        "{with}"
    );
    assert!(with.contains(r#"features = ["serde"] }"#), "{with}");
    assert!(with.contains("impl rt::serde::Serialize for Player {"));
    assert!(with.contains("impl<'de> rt::serde::Deserialize<'de> for BlueprintRarity {"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--runtime async` (and the config's `runtime = "async"`, which the flag overrides): the async
/// models on the runtime's `asynchronous` path and `async` feature; sync is the default.
#[test]
fn the_runtime_flavour_is_asked_for_with_a_flag_or_the_config() {
    let dir = scratch_dir("runtime");
    let sample = common::repo().join("migrations-samples/gamedb");
    let models = dir.join("models.rs");
    let config = dir.join("modelgen.toml");
    std::fs::write(&config, "runtime = \"async\"\n").unwrap();
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", sample.to_str().unwrap()];
        args.extend(["--out", models.to_str().unwrap()]);
        args.extend(extra);
        let output = modelgen(&args);
        assert!(output.status.success(), "{output:?}");
        std::fs::read_to_string(&models).unwrap()
    };
    let sync = generate(&[]);
    assert!(sync.contains("use modelgen_runtime::v0_1 as rt;"), "{sync}");
    assert!(!sync.contains("async"), "no async by default");
    let flag = generate(&["--runtime", "async"]);
    assert!(flag.contains("use modelgen_runtime::v0_1::asynchronous as rt;"));
    assert!(flag.contains(r#"features = ["async"] }"#), "{flag}");
    assert!(flag
        .contains("    pub async fn find(db: &mut rt::Db, id: i32) -> rt::Result<Option<Item>> {"));
    let configured = generate(&["--config", config.to_str().unwrap()]);
    assert_eq!(configured, flag, "the config's runtime = \"async\"");
    let both = generate(&["--config", config.to_str().unwrap(), "--runtime", "sync"]);
    assert_eq!(both, sync, "the flag wins over the config");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/game-cli's checked-in models.rs is what modelgen writes for the gamedb sample with
/// `--serde`: `--check` finds no difference (else it prints the diff and the command that
/// brings the file up to date).
#[test]
fn the_game_cli_example_models_are_current() {
    let sample = common::repo().join("migrations-samples/gamedb");
    let models = common::repo().join("examples/game-cli/src/models.rs");
    let output = modelgen(&[
        "generate",
        path_str(&sample),
        "--serde",
        "--out",
        path_str(&models),
        "--check",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "examples/game-cli/src/models.rs is stale:\n{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
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
    assert!(text.contains("mobiles(owner_id) -> players(id)  one-to-many  [added by the config file]\n  Mobile: get_owner, set_owner, load_owner\n"), "{text}");
    assert!(
        text.contains("  Player (has-many): get_owned_mobiles, "),
        "{text}"
    );
    let declared_only = relations(&["--infer", "off"]);
    // The two relationships the config adds (owner, player_settings) stay.
    assert_eq!(declared_only.matches(" -> ").count(), 2, "{declared_only}");

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
        "Item (has-one): get_slot,",
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

/// `modelgen` with `args`, stopped with a failure after `seconds` (a hang is a failure).
fn modelgen_within(seconds: u64, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_modelgen"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() >= seconds {
            child.kill().unwrap();
            panic!("modelgen {args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

/// Point 13 of issue 11: inputs without a table give no models.rs of the runtime alone.
#[test]
fn generate_on_inputs_without_a_table_is_an_error() {
    let dir = scratch_dir("no-table");
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "SET NAMES utf8mb4;\nCREATE VIEW v AS SELECT 1;\n").unwrap();
    let models = dir.join("models.rs");
    let output = modelgen(&["generate", path_str(&schema), "--out", path_str(&models)]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        text(&output.stderr),
        "modelgen: error: the inputs make no table (1 file read): nothing to generate\n"
    );
    assert!(!models.exists());
    let empty = scratch_dir("no-table-folder");
    let output = modelgen(&["generate", path_str(&empty), "--out", path_str(&models)]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        text(&output.stderr).contains("(0 files read)"),
        "{output:?}"
    );
}

/// A migrations folder with a FIFO named like a migration: skipped with a warning (never a
/// hang); `--deny-warnings` makes it an error and writes nothing.
#[cfg(unix)]
#[test]
fn a_fifo_in_migrations_is_skipped_with_a_warning_that_can_be_denied() {
    let dir = scratch_dir("fifo");
    let folder = dir.join("migrations");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("1_t.sql"),
        "CREATE TABLE t (id INT PRIMARY KEY);\n",
    )
    .unwrap();
    let fifo = folder.join("2_pipe.sql");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let models = dir.join("models.rs");
    let args = ["generate", path_str(&folder), "--out", path_str(&models)];
    let warning = format!(
        "modelgen: warning: {}: a FIFO, not a regular file: skipped\n",
        fifo.display()
    );
    let denied = modelgen_within(20, &[&args[..], &["--deny-warnings"]].concat());
    assert_eq!(denied.status.code(), Some(2), "{denied:?}");
    let stderr = text(&denied.stderr);
    assert!(
        stderr.starts_with(&warning.replace("warning:", "error:")),
        "{stderr}"
    );
    assert!(
        stderr.contains("= note: warnings are errors in this run"),
        "{stderr}"
    );
    assert!(!models.exists(), "nothing written");
    let output = modelgen_within(20, &args);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(text(&output.stderr), warning);
    assert!(std::fs::read_to_string(&models)
        .unwrap()
        .contains("pub struct T in \"t\" {"));
}

/// Point 14: the order a migrations folder applies in is visible, and an error there says
/// where the order put the file.
#[test]
fn the_order_of_a_migrations_folder_is_listed_and_named_in_errors() {
    let dir = scratch_dir("order");
    let folder = dir.join("migrations");
    std::fs::create_dir(&folder).unwrap();
    let write = |name: &str, sql: &str| std::fs::write(folder.join(name), sql).unwrap();
    write(
        "0001_books.sql",
        "CREATE TABLE books (id INT PRIMARY KEY);\n",
    );
    write(
        "schema.sql",
        "CREATE TABLE loans (id INT PRIMARY KEY, book_id INT);\n",
    );
    // Unversioned: sorts by name, before schema.sql, which it needs.
    write(
        "add_index.sql",
        "\nALTER TABLE loans ADD INDEX (book_id);\n",
    );
    let models = dir.join("models.rs");
    let listing = |names: [&str; 3]| {
        let mut text = "reads 3 files, in this order:\n".to_string();
        for (i, name) in names.iter().enumerate() {
            text.push_str(&format!("   {}. {}\n", i + 1, folder.join(name).display()));
        }
        text
    };

    let inspect = modelgen(&["inspect", path_str(&folder), "--verbose"]);
    assert_eq!(inspect.status.code(), Some(2));
    let stderr = text(&inspect.stderr);
    let order = listing(["0001_books.sql", "add_index.sql", "schema.sql"]);
    assert!(stderr.starts_with(&order), "{stderr}");
    let at = format!("{}:2:", folder.join("add_index.sql").display());
    assert!(stderr.contains(&at), "{stderr}");
    assert!(
        stderr.contains(": error: Table 'loans' doesn't exist"),
        "{stderr}"
    );
    let note = format!(
        "= note: add_index.sql is file 2 of 3 in {}, after 0001_books.sql: versioned files apply first, by version, then the others by name (`modelgen inspect {} --verbose` lists the order)\n",
        folder.display(),
        folder.display()
    );
    assert!(stderr.ends_with(&note), "{stderr}");

    std::fs::rename(folder.join("add_index.sql"), folder.join("zz_index.sql")).unwrap();
    let dry_run = modelgen(&[
        "generate",
        path_str(&folder),
        "--out",
        path_str(&models),
        "--dry-run",
    ]);
    assert!(dry_run.status.success(), "{dry_run:?}");
    let stdout = text(&dry_run.stdout);
    let order = listing(["0001_books.sql", "schema.sql", "zz_index.sql"]);
    assert!(stdout.starts_with(&order), "{stdout}");
    assert!(!models.exists(), "--dry-run writes nothing");
}

/// Point 15: outputs that would overwrite an input, the config or each other are refused with
/// exit 2 before anything is read (the schema here is bad: reading it first would report that
/// instead), and nothing changes on disk.
#[test]
fn colliding_paths_are_refused_before_anything_is_read() {
    let dir = scratch_dir("collide");
    let schema = dir.join("schema.sql");
    let bad_sql = "CREATE TABLE t (id INT);\nALTER TABLE nope ADD x INT;\n";
    std::fs::write(&schema, bad_sql).unwrap();
    let folder = dir.join("migrations");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("1_a.sql"), bad_sql).unwrap();
    let config = dir.join("modelgen.toml");
    std::fs::write(&config, "infer = \"off\"\n").unwrap();
    let (schema, folder, config) = (path_str(&schema), path_str(&folder), path_str(&config));
    let models = dir.join("models.rs");
    let models = path_str(&models);
    let tests = dir.join("tests.rs");
    let tests = path_str(&tests);
    let through_dots = format!(
        "{}/../{}/schema.sql",
        dir.display(),
        dir.file_name().unwrap().to_str().unwrap()
    );
    let inside = format!("{folder}/diagram.sql");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec![schema, "--out", schema],
            format!("the models would be written to {schema}, which is an input"),
        ),
        (
            vec![schema, "--out", &through_dots],
            format!("the models would be written to {through_dots}, which is an input"),
        ),
        (
            vec![schema, "--out", models, "--diagram", schema],
            format!("the diagram would be written to {schema}, which is an input"),
        ),
        (
            vec![schema, "--out", models, "--tests", models],
            format!("the tests would be written to {models}, where the models go"),
        ),
        (
            vec![
                schema,
                "--out",
                models,
                "--tests",
                tests,
                "--diagram",
                tests,
            ],
            format!("the diagram would be written to {tests}, where the tests go"),
        ),
        (
            vec![schema, "--out", config],
            format!("the models would be written to {config}, which is the config file"),
        ),
        (
            vec![schema, "--out", models, "--config", tests, "--tests", tests],
            format!("the tests would be written to {tests}, which is the config file"),
        ),
        (
            vec![folder, "--out", models, "--diagram", &inside],
            format!("the diagram would be written to {inside}, inside the input folder {folder}"),
        ),
        (
            vec![schema, "--out", folder],
            format!("the models would be written to {folder}, which is a folder"),
        ),
        (
            vec![schema, "--out", "/dev/null"],
            "the models would be written to /dev/null, which is not a regular file".to_string(),
        ),
    ];
    for (args, message) in cases {
        let output = modelgen(&[&["generate"], &args[..]].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with(&format!("modelgen: error: {message}")),
            "{args:?}:\n{stderr}"
        );
    }
    assert_eq!(std::fs::read_to_string(schema).unwrap(), bad_sql);
    assert_eq!(
        std::fs::read_to_string(config).unwrap(),
        "infer = \"off\"\n"
    );
    assert!(!std::path::Path::new(models).exists() && !std::path::Path::new(tests).exists());
}

/// `--out` through a link writes the file it leads to; the link stays a link.
#[cfg(unix)]
#[test]
fn out_through_a_link_writes_through_it() {
    let dir = scratch_dir("link");
    let schema = dir.join("schema.sql");
    std::fs::write(&schema, "CREATE TABLE t (id INT PRIMARY KEY);\n").unwrap();
    std::fs::create_dir(dir.join("src")).unwrap();
    let real = dir.join("src/models.rs");
    std::fs::write(&real, "// old\n").unwrap();
    let link = dir.join("models.rs");
    std::os::unix::fs::symlink("src/models.rs", &link).unwrap();
    let output = modelgen(&["generate", path_str(&schema), "--out", path_str(&link)]);
    assert!(output.status.success(), "{output:?}");
    assert!(link.is_symlink(), "the link was replaced by a file");
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("pub struct T in \"t\" {"));
    let names: Vec<_> = std::fs::read_dir(dir.join("src")).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

/// Point 16: `--clean` removes only the .rs/.py files an old generator marked, never an input,
/// the config, an output, a lock file or a link, and reads only the first bytes of each file.
#[cfg(unix)]
#[test]
fn clean_never_removes_inputs_config_outputs_lock_files_or_links() {
    let dir = scratch_dir("clean-safe");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "schema.sql",
        "-- @generated by mysqldump\nCREATE TABLE t (id INT PRIMARY KEY);\n",
    );
    write(
        "modelgen.toml",
        "# @generated by a script\ninfer = \"off\"\n",
    );
    write("Cargo.lock", "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n");
    write("poetry.lock", "# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.\n");
    write("package-lock.json", "// @generated\n");
    write(
        "models_tests.rs",
        "// @generated by modelgen: an older run\n",
    );
    write("old_t.py", "# @generated by generate_models.py\n");
    write("old_u.rs", "// @generated by an older generator\n");
    let elsewhere = scratch_dir("clean-safe-target");
    std::fs::write(elsewhere.join("kept.py"), "# @generated\n").unwrap();
    std::os::unix::fs::symlink(elsewhere.join("kept.py"), dir.join("link.py")).unwrap();
    // 300 MB in one line (a sparse file): only its first bytes are read.
    let huge = std::fs::File::create(dir.join("huge.py")).unwrap();
    huge.set_len(300 << 20).unwrap();
    let d = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let args = [
        "generate".to_string(),
        d("schema.sql"),
        "--out".into(),
        d("models.rs"),
        "--tests".into(),
        d("models_tests.rs"),
        "--clean".into(),
        dir.to_string_lossy().into_owned(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = modelgen_within(20, &args);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        text(&output.stdout),
        format!("removed {}\nremoved {}\n", d("old_t.py"), d("old_u.rs"))
    );
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let expected = [
        "Cargo.lock",
        "huge.py",
        "link.py",
        "modelgen.toml",
        "models.rs",
        "models_tests.rs",
        "package-lock.json",
        "poetry.lock",
        "schema.sql",
    ];
    assert_eq!(left, expected);
    assert!(elsewhere.join("kept.py").exists());
}

/// Point 17: a reader that goes away (`| head -1`) ends the output quietly: no panic (exit
/// 101), the exit code is the run's.
#[test]
fn a_closed_stdout_is_no_panic() {
    let dir = scratch_dir("epipe");
    let sample = common::repo().join("migrations-samples/gamedb");
    let models = dir.join("models.rs");
    let cases: [(&[&str], i32); 3] = [
        (
            &[
                "generate",
                path_str(&sample),
                "--out",
                path_str(&models),
                "--check",
            ],
            1,
        ),
        (
            &[
                "generate",
                path_str(&sample),
                "--out",
                path_str(&models),
                "--dry-run",
            ],
            0,
        ),
        (&["inspect", path_str(&sample), "--format", "json"], 0),
    ];
    for (args, code) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_modelgen"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is written
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{args:?}: {output:?}");
        assert_eq!(text(&output.stderr), "", "{args:?}");
    }
}

/// Point 17: `--check` ends with a line per file that is not current and the command that
/// updates them; `--dry-run` says which files would change.
#[test]
fn check_and_dry_run_say_what_would_change() {
    let dir = scratch_dir("summary");
    assert!(generate_gamedb(&dir, &[]).status.success());
    let models = dir.join("models.rs");
    let edited = std::fs::read_to_string(&models)
        .unwrap()
        .replace("pub fn get_items(", "pub fn get_things(");
    std::fs::write(&models, edited).unwrap();
    std::fs::remove_file(dir.join("er.mmd")).unwrap();
    let check = generate_gamedb(&dir, &["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = text(&check.stdout);
    let d = |name: &str| dir.join(name).display().to_string();
    let sample = common::repo().join("migrations-samples/gamedb");
    let diagram_lines = {
        let listed = generate_gamedb(&dir, &["--dry-run"]);
        let stdout = text(&listed.stdout);
        assert!(
            stdout.contains(&format!(
                "\nwould change {} (1 line added, 1 removed)\n",
                d("models.rs")
            )),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!("\nunchanged {}\n", d("models_tests.rs"))),
            "{stdout}"
        );
        let line = stdout
            .lines()
            .find(|l| l.starts_with("would create "))
            .unwrap()
            .to_string();
        assert!(
            line.starts_with(&format!("would create {} (", d("er.mmd"))),
            "{stdout}"
        );
        line.rsplit('(')
            .next()
            .unwrap()
            .trim_end_matches(')')
            .to_string()
    };
    let summary = format!(
        "stale: {} (1 line added, 1 removed)\nmissing: {} ({diagram_lines})\nto update: modelgen generate {} --out {} --tests {} --diagram {}\n",
        d("models.rs"),
        d("er.mmd"),
        sample.display(),
        d("models.rs"),
        d("models_tests.rs"),
        d("er.mmd"),
    );
    assert!(stdout.ends_with(&summary), "{stdout}");
}

/// Point 18: a lean release binary, and install steps that work as written.
#[test]
fn the_release_profile_is_lean_and_the_readme_pins_what_exists() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(common::repo().join("Cargo.toml")).unwrap())
            .unwrap();
    let release = &manifest["profile"]["release"];
    let debug = release.get("debug");
    assert!(
        matches!(
            debug,
            None | Some(toml::Value::Boolean(false)) | Some(toml::Value::Integer(0))
        ),
        "debug info in release: {debug:?}"
    );
    assert_eq!(release.get("strip"), Some(&toml::Value::Boolean(true)));

    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let installs: Vec<&str> = readme
        .lines()
        .filter(|l| l.trim_start().starts_with("cargo install") || l.contains("run: cargo install"))
        .collect();
    assert!(!installs.is_empty());
    for line in installs {
        assert!(
            line.contains("--locked"),
            "re-resolves the dependencies: {line}"
        );
    }
    let tags = Command::new("git")
        .args(["tag", "--list"])
        .current_dir(common::repo())
        .output()
        .unwrap();
    let tags = text(&tags.stdout);
    let hooks = std::fs::read_to_string(common::repo().join(".pre-commit-hooks.yaml")).unwrap();
    for (file, text) in [("README.md", &readme), (".pre-commit-hooks.yaml", &hooks)] {
        for rev in text.lines().filter_map(|l| {
            l.trim_start()
                .trim_start_matches("# ")
                .trim_start()
                .strip_prefix("rev: ")
        }) {
            let rev = rev.split_whitespace().next().unwrap_or_default();
            let placeholder = rev.starts_with('<');
            assert!(
                placeholder || tags.lines().any(|t| t == rev),
                "{file} names rev {rev}, which is no tag of this repository"
            );
        }
    }
}
