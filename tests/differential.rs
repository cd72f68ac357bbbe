//! The oracle test: modelgen's catalog equals what MariaDB's INFORMATION_SCHEMA shows after
//! running the same SQL, for every sample, every corpus MANIFEST entry and every file in
//! `tests/sql/`. The server side is `../shared/tools/mariadb-catalog --compare`.
//!
//! Needs MariaDB at MYSQL_URL (default mysql://root@127.0.0.1:3306). With CI=true an
//! unreachable server fails the test; elsewhere the test says it was skipped.

mod common;

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

fn server_reachable() -> bool {
    let url = std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
    let host_port =
        url.rsplit('@').next().unwrap_or("127.0.0.1:3306").split('/').next().unwrap().to_string();
    let host_port = if host_port.contains(':') { host_port } else { format!("{host_port}:3306") };
    host_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok())
}

/// The oracle cannot run twice at once: corpus files create databases with fixed names
/// (`sakila`, `world`) and it drops every schema created while it ran.
static ORACLE: Mutex<()> = Mutex::new(());

/// Runs the comparison, or returns false when the server is away outside CI.
fn compare_with_server(name: &str, inputs: &[PathBuf]) -> bool {
    let _one_at_a_time = ORACLE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !server_reachable() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true and MariaDB is not reachable at MYSQL_URL"
        );
        eprintln!("skipped {name}: MariaDB is not reachable (set MYSQL_URL)");
        return false;
    }
    let actual =
        std::env::temp_dir().join(format!("modelgen-catalog-{name}-{}.json", std::process::id()));
    std::fs::write(&actual, common::catalog_json(inputs)).unwrap();
    let output = Command::new(common::shared().join("tools").join("mariadb-catalog"))
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
    true
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
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
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
