//! The oracle test: modelgen's catalog equals what MariaDB's INFORMATION_SCHEMA shows after
//! running the same SQL, for every sample, every corpus MANIFEST entry and every file in
//! `tests/sql/`. The server side is `../shared/tools/mariadb-catalog --compare`.
//!
//! Needs MariaDB at MYSQL_URL (default mysql://root@127.0.0.1:3306). With CI=true an
//! unreachable server fails the test; elsewhere the test says it was skipped.

mod common;

use std::path::PathBuf;

/// Compares with the server, or says it was skipped when the server is away outside CI.
fn compare_with_server(name: &str, inputs: &[PathBuf]) {
    if common::mariadb_reachable() {
        common::assert_same_as_mariadb(name, inputs);
    }
}

#[test]
fn samples_equal_mariadb() {
    for (name, inputs) in common::samples() {
        compare_with_server(name, &inputs);
    }
}

#[test]
fn edge_case_files_equal_mariadb() {
    let dir = common::repo().join("tests").join("sql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        compare_with_server(&name, &[file]);
    }
}

/// One test per MANIFEST entry, so they run in parallel and fail by name.
macro_rules! corpus_tests {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let wanted = stringify!($name);
            let (name, inputs) = common::manifest()
                .into_iter()
                .find(|(n, _)| n.replace('-', "_") == wanted)
                .unwrap_or_else(|| panic!("{wanted} is not in shared/corpus/MANIFEST"));
            compare_with_server(&name, &inputs);
        }
    )*};
}

corpus_tests!(
    sakila,
    employees,
    world,
    classicmodels,
    chinook,
    zabbix,
    joomla,
    opencart,
    osticket,
    phpbb,
    mediawiki,
    kanboard,
    diesel,
    gophish,
    guacamole,
    fineract,
);

#[test]
fn every_manifest_entry_has_a_test() {
    let tested = "sakila employees world classicmodels chinook zabbix joomla opencart osticket phpbb mediawiki kanboard diesel gophish guacamole fineract";
    for (name, _) in common::manifest() {
        assert!(
            tested.split(' ').any(|t| t == name.replace('-', "_")),
            "no differential test for {name}"
        );
    }
}
