//! Helpers shared by the integration tests: paths to the samples, the corpus and the oracle.

#![allow(dead_code)]

pub mod scratch;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository: the corpus and the oracle tool (CI has it there too).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

/// The bundled samples, by name, with their inputs.
pub fn samples() -> Vec<(&'static str, Vec<PathBuf>)> {
    let dir = repo().join("migrations-samples");
    vec![
        ("gamedb", vec![dir.join("gamedb")]),
        (
            "legacy_gamedb",
            vec![dir.join("legacy_gamedb").join("schema.sql")],
        ),
        ("gamedb_dump", vec![dir.join("gamedb_dump.sql")]),
    ]
}

/// The entries of `shared/corpus/MANIFEST`: name and inputs.
pub fn manifest() -> Vec<(String, Vec<PathBuf>)> {
    let corpus = shared().join("corpus");
    let text = std::fs::read_to_string(corpus.join("MANIFEST")).expect("shared/corpus/MANIFEST");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next().unwrap().to_string();
            (name, words.map(|w| corpus.join(w)).collect())
        })
        .collect()
}

/// The catalog document modelgen builds for `inputs`, as pretty JSON.
pub fn catalog_json(inputs: &[PathBuf]) -> String {
    let loaded = modelgen::load_catalog(inputs).unwrap_or_else(|e| panic!("{e}"));
    let document = modelgen::catalog::document::catalog_document(&loaded.catalog);
    serde_json::to_string_pretty(&document).unwrap() + "\n"
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN=1`.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test",
            path.display()
        )
    });
    pretty_assertions::assert_eq!(expected, actual, "{} differs", path.display());
}

/// Is MariaDB there at MYSQL_URL (default mysql://root@127.0.0.1:3306)? When it is not, the
/// test fails with a line saying how to run it, unless the user chose to skip the database
/// tests (`MODELGEN_SKIP_DB=1`, outside CI): then `false`, and the test says it was skipped.
pub fn mariadb_reachable() -> bool {
    scratch::server_available()
}

/// The oracle cannot run twice at once: corpus files create databases with fixed names
/// (`sakila`, `world`) and it drops every schema created while it ran.
static ORACLE: Mutex<()> = Mutex::new(());

/// Asserts that modelgen's catalog of `inputs` equals MariaDB's, through
/// `../shared/tools/mariadb-catalog --compare`.
pub fn assert_same_as_mariadb(name: &str, inputs: &[PathBuf]) {
    let _one_at_a_time = ORACLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let file = format!(
        "modelgen-catalog-{}-{}.json",
        name.replace(' ', "-"),
        std::process::id()
    );
    let actual = std::env::temp_dir().join(file);
    std::fs::write(&actual, catalog_json(inputs)).unwrap();
    let output = Command::new(shared().join("tools").join("mariadb-catalog"))
        .arg("--compare")
        .arg(&actual)
        .args(inputs)
        .output()
        .expect("run shared/tools/mariadb-catalog");
    let _ = std::fs::remove_file(&actual);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("same:"),
        "{name}: the catalog differs from MariaDB's:\n{stdout}{stderr}"
    );
}

/// Fails unless rustfmt (default settings) leaves `source` as it is, in the crates of either
/// edition: style 2021 and style 2024 (`cargo new`'s, whose `cargo fmt` formats models.rs too).
pub fn assert_rustfmt_clean(name: &str, source: &str) {
    if let Some(difference) = rustfmt_difference(name, source) {
        panic!("{difference}");
    }
}

/// What rustfmt would change in `source`, as a unified diff of its first hunks (generated on
/// the `-` side, rustfmt's on the `+` side); `None` when it would change nothing.
pub fn rustfmt_difference(name: &str, source: &str) -> Option<String> {
    const SHOWN_LINES: usize = 40;
    for edition in ["2021", "2024"] {
        let formatted = rustfmt(name, edition, source);
        if formatted != source {
            let diff = similar::TextDiff::from_lines(source, &formatted)
                .unified_diff()
                .context_radius(2)
                .header("generated", "rustfmt")
                .to_string();
            let mut shown: Vec<&str> = diff.lines().take(SHOWN_LINES).collect();
            if diff.lines().count() > SHOWN_LINES {
                shown.push("...");
            }
            return Some(format!(
                "{name}: rustfmt (edition {edition}) would change the generated code:\n{}",
                shown.join("\n")
            ));
        }
    }
    None
}

/// `source` as rustfmt of `edition` (and its style edition) formats it.
fn rustfmt(name: &str, edition: &str, source: &str) -> String {
    use std::io::Write;
    let mut rustfmt = std::process::Command::new("rustfmt")
        .args(["--edition", edition, "--style-edition", edition])
        .args(["--emit", "stdout", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("rustfmt is installed (rustup component add rustfmt)");
    let mut stdin = rustfmt.stdin.take().unwrap();
    let input = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = rustfmt.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{name}: rustfmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `cargo test --quiet` in `examples/<example>` (a crate of its own), in the corpus test's
/// target folder and profile (the same dependencies, built once), with the generated tests'
/// server when MariaDB is reachable (else they fail, saying how to run them): its stdout, after
/// asserting that it passed.
pub fn run_example_tests(example: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--quiet"])
        .current_dir(repo().join("examples").join(example))
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/corpus-models/target"),
        )
        // As the corpus workspace builds them (its profile has no debug info).
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    if mariadb_reachable() {
        command.env("MODELGEN_TEST_DATABASE_URL", scratch::server_url());
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "examples/{example}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
