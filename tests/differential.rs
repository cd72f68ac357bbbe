//! The oracle test: modelgen's catalog equals what MariaDB's INFORMATION_SCHEMA shows after
//! running the same SQL, one test per sample, per corpus MANIFEST entry and per file in
//! `tests/sql/` (named `sample::gamedb`, `corpus::sakila`, `fixture::keys_and_names`), so one
//! failure hides no other. The server side is `../shared/tools/mariadb-catalog --compare`.
//!
//! Needs MariaDB at MYSQL_URL (default mysql://root@127.0.0.1:3306). With CI=true an
//! unreachable server fails every test; elsewhere they are reported as ignored.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::PathBuf;

fn main() {
    let arguments = Arguments::from_args();
    let reachable = common::mariadb_reachable();
    let mut cases: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for (name, inputs) in common::samples() {
        cases.push((format!("sample::{name}"), inputs));
    }
    for (name, inputs) in common::manifest() {
        cases.push((format!("corpus::{name}"), inputs));
    }
    let dir = common::repo().join("tests").join("sql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/sql")
        .map(|e| e.expect("tests/sql entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        cases.push((format!("fixture::{name}"), vec![file]));
    }
    let trials = cases
        .into_iter()
        .map(|(name, inputs)| {
            let label = name.clone();
            Trial::test(name, move || compare(&label, &inputs)).with_ignored_flag(!reachable)
        })
        .collect();
    libtest_mimic::run(&arguments, trials).exit();
}

/// Compares with the server; a difference is the test's failure message.
fn compare(name: &str, inputs: &[PathBuf]) -> Result<(), Failed> {
    std::panic::catch_unwind(|| common::assert_same_as_mariadb(name, inputs)).map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the comparison panicked".into());
        Failed::from(message)
    })
}
