//! The runtime against the real MariaDB (MYSQL_URL, default mysql://root@127.0.0.1:3306), each
//! test in a scratch database of its own, dropped at the end even when the test fails. With
//! CI=true an unreachable server fails the tests; elsewhere they say they were skipped.

use super::*;

/// A scratch database, dropped when the test ends.
struct Scratch {
    server: String,
    name: String,
}

impl Scratch {
    fn new(test: &str) -> Option<Scratch> {
        let server =
            std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let mut db = match Db::connect(&server) {
            Ok(db) => db,
            Err(e) => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI=true and MariaDB is not reachable: {e}"
                );
                eprintln!("skipped {test}: MariaDB is not reachable ({e})");
                return None;
            }
        };
        let name = format!("modelgen_runtime_{test}_{}", std::process::id());
        db.query_drop(&format!("DROP DATABASE IF EXISTS `{name}`"))
            .unwrap();
        db.query_drop(&format!("CREATE DATABASE `{name}`")).unwrap();
        Some(Scratch { server, name })
    }

    fn db(&self) -> Db {
        let mut db = Db::connect(&format!(
            "{}/{}",
            self.server.trim_end_matches('/'),
            self.name
        ))
        .unwrap();
        db.query_drop("CREATE TABLE IF NOT EXISTS t (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB").unwrap();
        db.statements = 0;
        db
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut db) = Db::connect(&self.server) {
            let _ = db.query_drop(&format!("DROP DATABASE IF EXISTS `{}`", self.name));
        }
    }
}

fn count(db: &mut Db) -> i64 {
    db.exec_first::<i64>("SELECT COUNT(*) FROM t", ())
        .unwrap()
        .unwrap()
}

#[test]
fn statements_are_counted() {
    let Some(scratch) = Scratch::new("counted") else {
        return;
    };
    let mut db = scratch.db();
    assert_eq!(db.statements(), 0);
    db.exec_drop("INSERT INTO t (v) VALUES (?)", (1,)).unwrap();
    assert_eq!(db.last_insert_id(), 1);
    let _ = count(&mut db);
    assert_eq!(db.statements(), 2);
}

#[test]
fn transaction_commits_on_ok_and_rolls_back_on_err() {
    let Some(scratch) = Scratch::new("transaction") else {
        return;
    };
    let mut db = scratch.db();
    db.transaction(|db| db.exec_drop("INSERT INTO t (v) VALUES (1)", ()))
        .unwrap();
    let failed: Result<()> = db.transaction(|db| {
        db.exec_drop("INSERT INTO t (v) VALUES (2)", ())?;
        db.exec_drop("INSERT INTO t (v) VALUES (NULL)", ())
    });
    assert!(matches!(failed, Err(Error::Db(_))));
    assert!(!db.in_transaction());
    assert_eq!(count(&mut db), 1, "the failed transaction left nothing");
    assert_eq!(
        count(&mut scratch.db()),
        1,
        "another connection sees the commit"
    );
}

#[test]
fn nested_transaction_rolls_back_to_its_savepoint() {
    let Some(scratch) = Scratch::new("nested") else {
        return;
    };
    let mut db = scratch.db();
    db.transaction(|db| {
        db.exec_drop("INSERT INTO t (v) VALUES (1)", ())?;
        let inner: Result<()> = db.transaction(|db| {
            db.exec_drop("INSERT INTO t (v) VALUES (2)", ())?;
            Err(Error::NotFound {
                table: "t",
                key: "2".into(),
            })
        });
        assert!(inner.is_err());
        db.transaction(|db| db.exec_drop("INSERT INTO t (v) VALUES (3)", ()))
    })
    .unwrap();
    let values: Vec<i32> = db.exec_all("SELECT v FROM t ORDER BY v", ()).unwrap();
    assert_eq!(values, [1, 3]);
}

#[test]
fn rows_stream_one_at_a_time() {
    let Some(scratch) = Scratch::new("stream") else {
        return;
    };
    let mut db = scratch.db();
    db.exec_drop("INSERT INTO t (v) SELECT seq FROM seq_1_to_1000", ())
        .unwrap();
    let mut seen = 0;
    for row in db.exec_stream("SELECT v FROM t ORDER BY v", ()).unwrap() {
        let v: i32 = mysql::from_row(row.unwrap());
        seen += 1;
        assert_eq!(v, seen);
    }
    assert_eq!(seen, 1000);
}

#[test]
fn pooled_connections_work_too() {
    let Some(scratch) = Scratch::new("pooled") else {
        return;
    };
    let url = format!("{}/{}", scratch.server.trim_end_matches('/'), scratch.name);
    let pool = mysql::Pool::new(mysql::Opts::from_url(&url).unwrap()).unwrap();
    let mut db = Db::from(pool.get_conn().unwrap());
    db.query_drop("CREATE TABLE p (id INT)").unwrap();
    db.transaction(|db| db.exec_drop("INSERT INTO p VALUES (7)", ()))
        .unwrap();
    assert_eq!(
        db.exec_first::<i32>("SELECT id FROM p", ()).unwrap(),
        Some(7)
    );
}

#[test]
fn errors_say_what_and_where() {
    let missing = Error::MissingValue {
        table: "items",
        column: "blueprint_id",
    };
    assert_eq!(
        missing.to_string(),
        "`items`.`blueprint_id` is NOT NULL without default and was never set"
    );
    let not_found = Error::NotFound {
        table: "blueprints",
        key: "id = 7".into(),
    };
    assert_eq!(
        not_found.to_string(),
        "no row in `blueprints` has the key id = 7"
    );
}
