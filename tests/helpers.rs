//! The project's test helpers (tests/common), tested: the scratch databases (no run drops
//! another's, leftovers of runs that are gone are dropped, a test without a server fails unless
//! skipped on purpose) and the rustfmt check (its diff shows what changed, not what shifted).

mod common;

use common::scratch::{self, Scratch, Unreachable};
use mysql::prelude::Queryable;

fn exists(conn: &mut mysql::Conn, name: &str) -> bool {
    let found: Option<String> = conn
        .exec_first(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
            (name,),
        )
        .unwrap();
    found.is_some()
}

fn server() -> Option<mysql::Conn> {
    scratch::connect_or_skip(&scratch::server_url())
}

/// Two scratch databases of one test in one process (as two hosts' runs with the same pid
/// would be) are two databases, and making the second leaves the first.
#[test]
fn a_second_scratch_of_the_same_test_leaves_the_first() {
    let Some(mut conn) = server() else { return };
    let first = Scratch::new("same_test", &[]).unwrap();
    first
        .conn()
        .query_drop("CREATE TABLE kept (id INT)")
        .unwrap();
    let second = Scratch::new("same_test", &[]).unwrap();
    assert_ne!(first.name(), second.name());
    assert!(exists(&mut conn, first.name()) && exists(&mut conn, second.name()));
    assert_eq!(
        first.count("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'kept' AND TABLE_SCHEMA = DATABASE()"),
        1
    );
    let name = first.name().to_string();
    drop(first);
    assert!(!exists(&mut conn, &name), "dropped at the end of its test");
}

/// Another run's database, its lock held by that run's connection, survives a new scratch
/// database; one whose lock is free (its run is gone) is dropped.
#[test]
fn a_held_database_is_kept_and_a_leftover_is_dropped() {
    let Some(mut conn) = server() else { return };
    // Named as the runtime names its scratch databases: its prefix, a label, a hash.
    let probe = Scratch::new("probe", &[]).unwrap();
    let prefix = &probe.name()[..probe.name().find("probe").unwrap()];
    let held = format!("{prefix}other_run_00000000000000aa");
    let leftover = format!("{prefix}run_gone_00000000000000bb");
    let (held, leftover) = (held.as_str(), leftover.as_str());
    let mut other_run = server().unwrap();
    let locked: Option<i64> = other_run
        .exec_first("SELECT GET_LOCK(?, 0)", (held,))
        .unwrap();
    assert_eq!(locked, Some(1));
    for name in [held, leftover] {
        conn.query_drop(format!("CREATE DATABASE IF NOT EXISTS `{name}`"))
            .unwrap();
    }
    let _mine = Scratch::new("cleaner", &[]).unwrap();
    assert!(exists(&mut conn, held), "a live run's database was dropped");
    assert!(!exists(&mut conn, leftover), "the leftover was kept");
    // Once the other run's connection ends, its database is a leftover too.
    drop(other_run);
    let _next = Scratch::new("cleaner", &[]).unwrap();
    assert!(!exists(&mut conn, held));
}

/// Databases of other forms (the random differential test's) are never touched.
#[test]
fn databases_of_other_forms_are_left_alone() {
    let Some(mut conn) = server() else { return };
    let other = format!("modelgen_random_{}_0000beef", std::process::id());
    conn.query_drop(format!("CREATE DATABASE IF NOT EXISTS `{other}`"))
        .unwrap();
    let _mine = Scratch::new("others", &[]).unwrap();
    let kept = exists(&mut conn, &other);
    conn.query_drop(format!("DROP DATABASE `{other}`")).unwrap();
    assert!(kept);
}

#[test]
fn without_a_server_the_tests_fail_unless_skipped_on_purpose() {
    let url = "mysql://root@127.0.0.1:1";
    let fail = scratch::when_unreachable(url, "refused", None, None);
    let Unreachable::Fail(line) = fail else {
        panic!("{fail:?}")
    };
    assert!(
        line.contains("start MariaDB") && line.contains("MYSQL_URL"),
        "{line}"
    );
    assert!(line.contains("MODELGEN_SKIP_DB=1"), "{line}");
    assert!(matches!(
        scratch::when_unreachable(url, "refused", Some("1"), None),
        Unreachable::Skip(_)
    ));
    assert!(matches!(
        scratch::when_unreachable(url, "refused", Some("1"), Some("true")),
        Unreachable::Fail(_)
    ));
    assert!(matches!(
        scratch::when_unreachable(url, "refused", Some("0"), None),
        Unreachable::Fail(_)
    ));
}

/// Run by the next test in a child process, with a server that does not answer.
#[test]
#[ignore = "run by a_database_test_without_a_server_fails_or_says_skipped"]
fn probe_without_a_server() {
    let Some(_scratch) = Scratch::new("probe", &[]) else {
        return;
    };
    panic!("a server answered at {}", scratch::server_url());
}

/// This test binary, run on the probe with nothing listening at MYSQL_URL: the test fails
/// with one line saying how to run it; with MODELGEN_SKIP_DB=1 it passes and says skipped;
/// with CI=true it fails whatever.
#[test]
fn a_database_test_without_a_server_fails_or_says_skipped() {
    let probe = |env: &[(&str, &str)]| {
        let mut command = std::process::Command::new(std::env::current_exe().unwrap());
        command
            .args([
                "--ignored",
                "--exact",
                "probe_without_a_server",
                "--nocapture",
            ])
            .env("MYSQL_URL", "mysql://root@127.0.0.1:1")
            .env_remove("CI")
            .env_remove("MODELGEN_SKIP_DB");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.success(), text)
    };
    let (passed, text) = probe(&[]);
    assert!(!passed, "{text}");
    assert!(
        text.contains("MariaDB is not reachable at mysql://root@127.0.0.1:1")
            && text.contains("set MODELGEN_SKIP_DB=1 to skip"),
        "{text}"
    );
    let (passed, text) = probe(&[("MODELGEN_SKIP_DB", "1")]);
    assert!(passed, "{text}");
    assert!(text.contains("skipped (MODELGEN_SKIP_DB=1)"), "{text}");
    let (passed, text) = probe(&[("MODELGEN_SKIP_DB", "1"), ("CI", "true")]);
    assert!(!passed && text.contains("CI=true"), "{text}");
}

/// rustfmt breaking one line in three: the report shows that hunk, not every line after it
/// (comparing line by line would report each later line against the one before it).
#[test]
fn the_rustfmt_check_shows_an_inserted_line_as_inserted() {
    let mut source = String::from("fn first() { 1 }\n");
    for n in 0..30 {
        source.push_str(&format!("\nfn f{n}() {{}}\n"));
    }
    let difference = common::rustfmt_difference("sample", &source).unwrap();
    assert!(
        difference.contains("\n-fn first() { 1 }\n+fn first() {\n+    1\n+}\n"),
        "{difference}"
    );
    assert!(!difference.contains("f5"), "{difference}");
    let formatted = source.replace("fn first() { 1 }", "fn first() {\n    1\n}");
    assert_eq!(common::rustfmt_difference("sample", &formatted), None);
}
