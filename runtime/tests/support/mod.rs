//! What the runtime's tests share: a scratch database holding fixture/schema.sql, a second
//! client, and a proxy that makes the connection fail at a chosen statement.

#![allow(dead_code)]

pub mod proxy;

use modelgen_runtime::testing::Scratch;
use modelgen_runtime::Db;
use mysql::prelude::Queryable;

/// The server of the tests (MYSQL_URL, default mysql://root@127.0.0.1:3306).
pub fn server() -> String {
    std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

/// A scratch database holding fixture/schema.sql; `None` when MODELGEN_SKIP_DB=1 (not with
/// CI=true, as the project's own database tests). A server
/// that cannot be reached fails the test, saying how to run it.
pub fn scratch(label: &str) -> Option<Scratch> {
    // CI runs every database test: there, skipping is not an option.
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if std::env::var("MODELGEN_SKIP_DB").as_deref() == Ok("1") && !ci {
        eprintln!("skipped (MODELGEN_SKIP_DB=1)");
        return None;
    }
    let scratch = Scratch::create(&server(), label).unwrap_or_else(|e| {
        panic!(
            "cannot reach MariaDB at {} ({e}): start it or set MYSQL_URL, or set \
             MODELGEN_SKIP_DB=1 to skip the database tests",
            server()
        )
    });
    scratch
        .run(include_str!("../fixture/schema.sql"))
        .expect("fixture/schema.sql");
    Some(scratch)
}

/// Another client of the scratch database.
pub fn other(scratch: &Scratch) -> mysql::Conn {
    mysql::Conn::new(scratch.opts()).expect("a second connection")
}

/// A number as another client sees it.
pub fn count(scratch: &Scratch, sql: &str) -> i64 {
    other(scratch).query_first(sql).unwrap().unwrap()
}

/// The models' connection.
pub fn db(scratch: &Scratch) -> Db {
    scratch.db().expect("a connection")
}

/// Waits until the server has let go of connection `id` (a connection the proxy cut: the
/// server rolls back its transaction when it notices, which may take a moment on a busy
/// machine; a retry before that would wait on its locks).
pub fn wait_gone(scratch: &Scratch, id: u32) {
    let mut conn = other(scratch);
    for _ in 0..200 {
        let alive: Option<i64> = conn
            .exec_first(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?",
                (id,),
            )
            .unwrap();
        if alive == Some(0) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the server kept connection {id} for 10 s after the proxy cut it");
}

/// Waits until a transaction whose statement is `statement` waits for a row lock (so that a
/// test's next statement completes a deadlock whatever the machine's load: a fixed sleep lost
/// the race once under a parallel release build). By its statement, not its connection: the
/// ids INNODB_TRX gave did not match the connection's under the async feature's build.
#[allow(dead_code)] // not every test binary that includes this module waits on locks
pub fn wait_for_lock_wait(scratch: &Scratch, statement: &str) {
    let mut conn = other(scratch);
    for _ in 0..200 {
        let waiting: Option<i64> = conn
            .exec_first(
                "SELECT COUNT(*) FROM information_schema.INNODB_TRX \
                 WHERE trx_state = 'LOCK WAIT' AND trx_query = ?",
                (statement,),
            )
            .unwrap();
        if waiting >= Some(1) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("`{statement}` did not wait for a lock within 10 s");
}
