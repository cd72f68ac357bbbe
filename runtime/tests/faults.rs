//! The runtime under faults, against MariaDB: deadlocks, lock wait timeouts, killed queries
//! and connections, lost savepoints, panics, and a connection cut at each statement of a
//! cascade (a proxy drops the statement, or the server's answer to it).

#[path = "fixture/models.rs"]
mod models;
mod support;

use models::*;
use mysql::prelude::Queryable;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;
use support::proxy::{Fault, Proxy};

fn blueprint(name: &str) -> Blueprint {
    let mut blueprint = Blueprint::new();
    blueprint.set_name(name);
    blueprint
}

fn player(name: &str) -> Player {
    let mut player = Player::new();
    player.set_name(name);
    player
}

fn names(scratch: &modelgen_runtime::testing::Scratch) -> Vec<String> {
    support::other(scratch)
        .query("SELECT name FROM blueprints ORDER BY name")
        .unwrap()
}

/// The other transaction's statement that waits for ours in the deadlock test.
const BLOCKED: &str = "UPDATE blueprints SET name = 'one2' WHERE id = 1";

/// Inside `db.transaction`: `a` saved, then a save of `b` meets a deadlock the closure
/// catches, then `c`. The server has rolled the transaction back: `c` must not be committed
/// alone, and the outer call returns the deadlock.
#[test]
fn a_deadlock_caught_inside_a_transaction_fails_it_whole() {
    let Some(scratch) = support::scratch("deadlock") else {
        return;
    };
    let mut db = support::db(&scratch);
    blueprint("one").save(&mut db).unwrap();
    blueprint("two").save(&mut db).unwrap();
    let (locked, wait) = mpsc::channel();
    let opts = scratch.opts();
    // The other transaction changes more rows, so that InnoDB makes ours the victim.
    let other = std::thread::spawn(move || {
        let mut conn = mysql::Conn::new(opts).unwrap();
        conn.query_drop("START TRANSACTION").unwrap();
        for _ in 0..50 {
            conn.query_drop("INSERT INTO notes VALUES ('x')").unwrap();
        }
        conn.query_drop("UPDATE blueprints SET name = 'two2' WHERE id = 2")
            .unwrap();
        locked.send(()).unwrap();
        let _ = conn.query_drop(BLOCKED);
        conn.query_drop("ROLLBACK").unwrap();
    });
    let mut a = blueprint("a");
    let outcome = db.transaction(|db| {
        a.save(db)?;
        let mut one = Blueprint::find(db, 1)?.unwrap();
        one.set_name("one1");
        one.save(db)?;
        wait.recv().unwrap();
        support::wait_for_lock_wait(&scratch, BLOCKED);
        let mut two = Blueprint::find(db, 2)?.unwrap();
        two.set_name("two1");
        let deadlock = two.save(db).unwrap_err();
        assert_eq!(deadlock.server_code(), Some(1213), "{deadlock}");
        assert!(deadlock.is_retryable());
        let later = blueprint("c").save(db).unwrap_err();
        assert!(matches!(later, Error::TransactionAborted { .. }), "{later}");
        assert!(later.is_retryable());
        Ok(())
    });
    other.join().unwrap();
    let error = outcome.unwrap_err();
    assert_eq!(error.server_code(), Some(1213), "{error}");
    assert!(!db.in_transaction());
    assert_eq!(names(&scratch), ["one", "two"]);
    // As the README says: a record saved earlier in the transaction keeps what its save gave
    // it (an id, clean) although its row is gone; a save of it now finds nothing to do.
    assert!(a.get_id().is_some() && !a.is_new() && !a.is_dirty());
    assert_eq!(Blueprint::find(&mut db, a.get_id().unwrap()).unwrap(), None);
    let sent = db.statements();
    a.save(&mut db).unwrap();
    assert_eq!(
        db.statements(),
        sent,
        "clean: nothing sent, the row stays gone"
    );
    // The connection goes on.
    blueprint("d").save(&mut db).unwrap();
    assert_eq!(names(&scratch), ["d", "one", "two"]);
}

/// A lock wait timeout ends only its statement (without `innodb_rollback_on_timeout`): the
/// transaction goes on and commits what the closure did.
#[test]
fn a_lock_wait_timeout_caught_inside_a_transaction_keeps_it() {
    let Some(scratch) = support::scratch("lock_wait") else {
        return;
    };
    let mut db = support::db(&scratch);
    blueprint("one").save(&mut db).unwrap();
    let mut holder = support::other(&scratch);
    holder.query_drop("START TRANSACTION").unwrap();
    holder
        .query_drop("UPDATE blueprints SET name = 'held' WHERE id = 1")
        .unwrap();
    db.conn()
        .query_drop("SET SESSION innodb_lock_wait_timeout = 1")
        .unwrap();
    db.transaction(|db| {
        blueprint("a").save(db)?;
        let mut one = Blueprint::find(db, 1)?.unwrap();
        one.set_name("one1");
        let timeout = one.save(db).unwrap_err();
        assert_eq!(timeout.server_code(), Some(1205), "{timeout}");
        blueprint("c").save(db)?;
        Ok(())
    })
    .unwrap();
    holder.query_drop("ROLLBACK").unwrap();
    assert_eq!(names(&scratch), ["a", "c", "one"]);
}

/// `KILL QUERY` ends the statement, not the transaction.
#[test]
fn a_killed_query_ends_its_statement_only() {
    let Some(scratch) = support::scratch("kill_query") else {
        return;
    };
    support::other(&scratch)
        .query_drop(
            "CREATE TRIGGER slow BEFORE INSERT ON blueprints FOR EACH ROW \
             IF NEW.name = 'slow' THEN DO SLEEP(5); END IF",
        )
        .unwrap();
    let mut db = support::db(&scratch);
    let id = db.conn().connection_id();
    let opts = scratch.opts();
    db.transaction(|db| {
        blueprint("a").save(db)?;
        let killer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(500));
            let mut conn = mysql::Conn::new(opts).unwrap();
            conn.query_drop(format!("KILL QUERY {id}")).unwrap();
        });
        let killed = blueprint("slow").save(db).unwrap_err();
        killer.join().unwrap();
        assert_eq!(killed.server_code(), Some(1317), "{killed}");
        blueprint("c").save(db)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(names(&scratch), ["a", "c"]);
}

/// A killed connection ends the transaction; the next call outside one connects again.
#[test]
fn a_killed_connection_fails_the_transaction_and_is_made_anew() {
    let Some(scratch) = support::scratch("kill") else {
        return;
    };
    let url = format!("{}/{}", support::server(), scratch.name());
    let mut db = Db::connect(&url).unwrap();
    let id = db.conn().connection_id();
    let outcome = db.transaction(|db| {
        blueprint("a").save(db)?;
        support::other(&scratch)
            .query_drop(format!("KILL {id}"))
            .unwrap();
        let lost = blueprint("b").save(db).unwrap_err();
        let later = blueprint("c").save(db).unwrap_err();
        assert!(
            matches!(later, Error::TransactionAborted { .. }),
            "{lost} / {later}"
        );
        Ok(())
    });
    assert!(outcome.is_err());
    assert!(names(&scratch).is_empty());
    blueprint("d").save(&mut db).unwrap();
    assert_eq!(names(&scratch), ["d"]);
    assert_ne!(db.conn().connection_id(), id);
}

/// A statement that commits on its own (DDL, sent around the models) ends the transaction and
/// its savepoints: the first savepoint that cannot be released or rolled back to fails the
/// transaction, and later statements are not sent.
#[test]
fn a_lost_savepoint_fails_the_transaction() {
    let Some(scratch) = support::scratch("savepoint") else {
        return;
    };
    let mut db = support::db(&scratch);
    for fails in [false, true] {
        let outcome = db.transaction(|db| {
            db.conn()
                .query_drop("CREATE TABLE IF NOT EXISTS commits (x INT)")
                .unwrap();
            let inner: Result<()> = db.transaction(|_| match fails {
                true => Err(Error::NoPrimaryKey { table: "refused" }),
                false => Ok(()),
            });
            assert!(inner.is_err());
            let later = blueprint("c").save(db).unwrap_err();
            assert!(matches!(later, Error::TransactionAborted { .. }), "{later}");
            Ok(())
        });
        let error = outcome.unwrap_err();
        assert_eq!(error.server_code(), Some(1305), "{error}");
        assert!(names(&scratch).is_empty());
    }
}

/// A panic inside `transaction` that the caller catches rolls the transaction back.
#[test]
fn a_caught_panic_rolls_the_transaction_back() {
    let Some(scratch) = support::scratch("panic") else {
        return;
    };
    let mut db = support::db(&scratch);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        db.transaction(|db| {
            blueprint("a").save(db)?;
            db.transaction(|db| -> Result<()> {
                blueprint("b").save(db)?;
                panic!("in the closure")
            })
        })
    }));
    assert!(caught.is_err());
    assert!(!db.in_transaction());
    assert!(names(&scratch).is_empty());
    blueprint("c").save(&mut db).unwrap();
    assert_eq!(names(&scratch), ["c"]);
}

/// A save of a record the server adds values to (`created_at`): on MariaDB one INSERT …
/// RETURNING, alone atomic; where the server has no RETURNING (MySQL), an INSERT and a
/// read-back in one transaction. A connection lost between the two leaves neither the row nor
/// a changed record, and the retry saves once. (An answer lost after the one statement was
/// run is the case of a lost COMMIT answer: the row is there, the record says new.)
#[test]
fn a_write_and_its_read_back_succeed_or_fail_together() {
    let Some(scratch) = support::scratch("read_back") else {
        return;
    };
    let proxy = Proxy::start(&support::proxy::address(&support::server()));
    let mut db = Db::connect(&proxy.url(&support::server(), scratch.name())).unwrap();
    let players = "SELECT COUNT(*) FROM players";
    for (returning, fault, written) in [
        (true, Fault::Lost(1), 0),
        (true, Fault::Unanswered(1), 1),
        (false, Fault::Lost(3), 0),
        (false, Fault::Unanswered(3), 0),
        (false, Fault::Unanswered(2), 0),
    ] {
        if !returning {
            db.without_returning();
        }
        let mut ann = player("ann");
        let id = db.conn().connection_id();
        proxy.set(fault);
        let error = ann.save_shallow(&mut db).unwrap_err();
        support::wait_gone(&scratch, id);
        assert!(ann.is_new() && ann.get_id().is_none(), "{fault:?}: {error}");
        assert_eq!(support::count(&scratch, players), written, "{fault:?}");
        support::other(&scratch)
            .query_drop("DELETE FROM players")
            .unwrap();
        if !returning {
            db.without_returning();
        }
        ann.save_shallow(&mut db).unwrap();
        assert_eq!(support::count(&scratch, players), 1, "{fault:?}");
        support::other(&scratch)
            .query_drop("DELETE FROM players")
            .unwrap();
    }
}

/// A cascade of five statements (START, the player's INSERT … RETURNING, the two blueprints'
/// INSERT, the two items' INSERT, COMMIT), cut at each: the statement lost, or its answer
/// lost. Nothing is written and every record is as before, except when the answer to COMMIT
/// is lost: the server committed, which no client can know (the README says what to do).
/// Each time the retry, on a new connection, saves once.
#[test]
fn a_cascade_cut_at_any_statement_writes_all_or_nothing() {
    let Some(scratch) = support::scratch("cut") else {
        return;
    };
    let proxy = Proxy::start(&support::proxy::address(&support::server()));
    let mut db = Db::connect(&proxy.url(&support::server(), scratch.name())).unwrap();
    let rows = |scratch| {
        support::count(
            scratch,
            "SELECT (SELECT COUNT(*) FROM players) + (SELECT COUNT(*) FROM items) \
             + (SELECT COUNT(*) FROM blueprints)",
        )
    };
    for n in 1..=5 {
        for fault in [Fault::Lost(n), Fault::Unanswered(n)] {
            let mut ann = player("ann");
            for name in ["sword", "shield"] {
                let mut item = Item::new();
                item.set_blueprint(blueprint(name));
                ann.add_item(item);
            }
            let before = ann.clone();
            let id = db.conn().connection_id();
            proxy.set(fault);
            let error = ann.save(&mut db).unwrap_err();
            support::wait_gone(&scratch, id);
            assert_eq!(ann, before, "{fault:?}: {error}");
            assert!(ann.is_new(), "{fault:?}");
            let committed = fault == Fault::Unanswered(5);
            assert_eq!(rows(&scratch), if committed { 5 } else { 0 }, "{fault:?}");
            let mut other = support::other(&scratch);
            other.query_drop("DELETE FROM items").unwrap();
            other.query_drop("DELETE FROM players").unwrap();
            other.query_drop("DELETE FROM blueprints").unwrap();
            ann.save(&mut db).unwrap();
            assert_eq!(rows(&scratch), 5, "{fault:?}: the retry");
            other.query_drop("DELETE FROM items").unwrap();
            other.query_drop("DELETE FROM players").unwrap();
            other.query_drop("DELETE FROM blueprints").unwrap();
        }
    }
}
