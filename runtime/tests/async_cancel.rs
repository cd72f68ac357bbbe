//! Cancellation (SPEC §10, the async flavour): a `save` whose future is dropped mid-cascade,
//! after each of its statements in turn, leaves no row behind, no transaction open on the
//! connection (kept, or given back to its pool), and its records as they were, so that a
//! retry saves exactly once. The one moment no client can rule out is checked for what it
//! promises: dropped while its COMMIT is on its way, the cascade is all there or not at all.
//!
//! Statements are counted as they end through the runtime's `log::debug!` lines (target
//! `modelgen`), on the test's own thread: the future is polled, and dropped as soon as `k`
//! statements have ended, while the next one is on its way.

#[path = "fixture/async_models.rs"]
mod models;
mod support;

use models::*;
use mysql::prelude::Queryable;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

thread_local! {
    static ENDED: Cell<usize> = const { Cell::new(0) };
}

/// Counts the statements the runtime logs as ended on this thread.
struct Counter;

impl log::Log for Counter {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.target() == "modelgen"
    }

    fn log(&self, record: &log::Record) {
        let rollback = record.args().to_string().starts_with("rolling back");
        if std::env::var_os("CANCEL_TRACE").is_some() {
            eprintln!("{}", record.args());
        }
        if self.enabled(record.metadata()) && !rollback {
            ENDED.with(|n| n.set(n.get() + 1));
        }
    }

    fn flush(&self) {}
}

static COUNTER: Counter = Counter;

/// Statements ended on this thread so far (the counter installed once for every test).
fn ended() -> usize {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&COUNTER).unwrap();
        log::set_max_level(log::LevelFilter::Debug);
    });
    ENDED.with(Cell::get)
}

/// A cascade of every kind: a new player, two new items each with a new blueprint, and a
/// setting.
fn cascade() -> Player {
    let mut bob = Player::new();
    bob.set_name("bob");
    for name in ["sword", "shield"] {
        let mut blueprint = Blueprint::new();
        blueprint.set_name(name);
        let mut item = Item::new();
        item.set_blueprint(blueprint);
        bob.add_item(item);
    }
    bob.set_setting(PlayerSetting::new());
    bob
}

/// Polls `future` until at least `k` statements have ended since `start` and the next is on
/// its way, then drops it: how many had ended (one poll may see more than one end), or `None`
/// when the future ended first.
async fn drop_after<F: Future>(future: F, start: usize, k: usize) -> Option<usize> {
    let mut future = Box::pin(future);
    loop {
        let polled =
            std::future::poll_fn(|cx| Poll::Ready(Pin::as_mut(&mut future).poll(cx))).await;
        if polled.is_ready() {
            return None;
        }
        let at = ended() - start;
        if at >= k {
            if std::env::var_os("CANCEL_TRACE").is_some() {
                eprintln!("-- dropped after {at} statements");
            }
            return Some(at);
        }
        tokio::time::sleep(std::time::Duration::from_micros(200)).await;
    }
}

/// Rows of each table of the cascade, as another client sees them.
/// One statement, so one snapshot: four statements could straddle a COMMIT still on its way
/// and see part of the cascade ("statement 5: all or nothing" failed so, now and then).
fn rows(scratch: &modelgen_runtime::testing::Scratch) -> [i64; 4] {
    let counts: Vec<String> = ["players", "blueprints", "items", "player_settings"]
        .iter()
        .map(|t| format!("(SELECT COUNT(*) FROM {t})"))
        .collect();
    let sql = format!("SELECT {}", counts.join(", "));
    let row: (i64, i64, i64, i64) = support::other(scratch).query_first(sql).unwrap().unwrap();
    [row.0, row.1, row.2, row.3]
}

/// Is the record and every record it caches as a new cascade: new, dirty, no id, no key?
async fn as_before(bob: &mut Player, db: &mut Db) -> bool {
    let sent = db.statements();
    let items = bob.get_items(db, false).await.unwrap();
    let items_new = items.len() == 2
        && items
            .iter()
            .all(|i| i.is_new() && i.get_id().is_none() && i.get_owner_id().is_none());
    let setting = bob.get_setting(db, false).await.unwrap();
    let setting_new = setting.is_some_and(|s| s.is_new());
    let nothing_sent = db.statements() == sent;
    bob.is_new()
        && bob.is_dirty()
        && bob.get_id().is_none()
        && items_new
        && setting_new
        && nothing_sent
}

fn clear(scratch: &modelgen_runtime::testing::Scratch) {
    let mut conn = support::other(scratch);
    for table in ["player_settings", "items", "blueprints", "players"] {
        conn.query_drop(format!("DELETE FROM {table}")).unwrap();
    }
}

#[tokio::test]
async fn a_save_dropped_after_any_statement_leaves_nothing_and_retries_once() {
    let Some(scratch) = support::scratch("a_cancel") else {
        return;
    };
    // The statements of the whole cascade.
    let mut db = scratch.async_db().await.unwrap();
    let start = ended();
    cascade().save(&mut db).await.unwrap();
    let total = ended() - start;
    assert_eq!(db.statements() as usize, total);
    assert!(total >= 6, "START, 4 INSERTs, COMMIT: {total}");
    assert_eq!(rows(&scratch), [1, 2, 2, 1]);
    clear(&scratch);
    let mut committed_in_flight = 0;
    let mut covered = vec![0; total];
    for attempt in 0..total * 20 {
        let k = attempt % total;
        if covered[k] > 0 && covered.iter().all(|&c| c > 0) {
            break;
        }
        // Even attempts: the same Db goes on (it puts its connection right first); odd ones:
        // a new Db (the old one's connection closes, the server rolls back).
        let mut bob = cascade();
        let Some(at) = drop_after(bob.save(&mut db), ended(), k).await else {
            // The save ended between two polls, before `k` statements were seen to end (the
            // machine was slow to poll): it wrote all of it; another attempt covers `k`.
            assert_eq!(rows(&scratch), [1, 2, 2, 1], "a save that ended wrote all");
            clear(&scratch);
            continue;
        };
        covered[at] += 1;
        if attempt % 2 == 1 {
            db = scratch.async_db().await.unwrap();
        }
        let left = rows(&scratch);
        if at == total - 1 && left != [0; 4] {
            // Dropped while COMMIT was on its way, and the server committed: all of it.
            assert_eq!(left, [1, 2, 2, 1], "statement {at}: all or nothing");
            committed_in_flight += 1;
            clear(&scratch);
            continue;
        }
        assert_eq!(left, [0; 4], "statement {at} of {total}: rows left behind");
        assert!(
            as_before(&mut bob, &mut db).await,
            "statement {at}: records changed"
        );
        assert!(!db.in_transaction(), "statement {at}");
        bob.save(&mut db).await.unwrap();
        assert_eq!(
            rows(&scratch),
            [1, 2, 2, 1],
            "statement {at}: the retry saves once"
        );
        assert!(!bob.is_dirty() && bob.get_id().is_some());
        let in_transaction: Option<(u64,)> = sqlx::query_as("SELECT @@in_transaction")
            .fetch_optional(db.conn().await.unwrap())
            .await
            .unwrap();
        assert_eq!(
            in_transaction,
            Some((0,)),
            "statement {at}: a transaction left open"
        );
        clear(&scratch);
    }
    assert!(covered.iter().all(|&c| c > 0), "dropped after: {covered:?}");
    eprintln!(
        "dropped with each of the {total} statements on its way (times: {covered:?}); \
         committed while COMMIT was on its way: {committed_in_flight}"
    );
}

/// A pooled `Db` whose save was dropped mid-cascade, then dropped itself: its connection is
/// closed, not given back to the pool with the transaction open.
#[tokio::test]
async fn a_pooled_connection_never_goes_back_with_a_transaction_open() {
    let Some(scratch) = support::scratch("a_cancel_pool") else {
        return;
    };
    let pool = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(1)
        .connect(&scratch.url())
        .await
        .unwrap();
    for k in 0..5 {
        let mut db = Db::from(pool.acquire().await.unwrap());
        let mut bob = cascade();
        let start = ended();
        let Some(at) = drop_after(bob.save(&mut db), start, k).await else {
            // Ended within one poll (a busy machine): try the next.
            clear(&scratch);
            continue;
        };
        drop(db);
        let mut conn = pool.acquire().await.unwrap();
        let (open,): (u64,) = sqlx::query_as("SELECT @@in_transaction")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(open, 0, "statement {at}: the pool gave back a transaction");
        drop(conn);
        if rows(&scratch) == [1, 2, 2, 1] {
            assert_eq!(at, 5, "committed only with COMMIT on its way");
        } else {
            let mut db = Db::from(pool.acquire().await.unwrap());
            bob.save(&mut db).await.unwrap();
            assert_eq!(rows(&scratch), [1, 2, 2, 1], "statement {at}: once");
        }
        clear(&scratch);
    }
}

/// A save dropped mid-statement inside a transaction that goes on: the connection is given
/// up, so the transaction fails as one the server ended (nothing of it is committed), and its
/// records are as before.
#[tokio::test]
async fn a_save_dropped_inside_a_transaction_fails_the_transaction() {
    let Some(scratch) = support::scratch("a_cancel_savepoint") else {
        return;
    };
    let mut db = scratch.async_db().await.unwrap();
    let mut bob = cascade();
    let outcome: Result<bool> = db
        .transaction(async |db| {
            let mut sword = Blueprint::new();
            sword.set_name("sword");
            sword.save(db).await?;
            let at = drop_after(bob.save(db), ended(), 1).await;
            let mut axe = Blueprint::new();
            axe.set_name("axe");
            axe.save(db).await?;
            Ok(at.is_some())
        })
        .await;
    if outcome.as_ref().is_ok_and(|dropped| !dropped) {
        // The save ended within one poll (a busy machine): nothing to see here.
        eprintln!("the save ended before it could be dropped");
        return;
    }
    let error = outcome.unwrap_err();
    assert!(matches!(error, Error::TransactionAborted { .. }), "{error}");
    assert_eq!(rows(&scratch), [0; 4]);
    assert!(as_before(&mut bob, &mut db).await);
    bob.save(&mut db).await.unwrap();
    assert_eq!(rows(&scratch), [1, 2, 2, 1]);
}

/// A transaction dropped while its closure waits on something else (no statement on its
/// way): its work is rolled back before the next statement, on the same connection.
#[tokio::test]
async fn a_transaction_dropped_between_statements_is_rolled_back() {
    let Some(scratch) = support::scratch("a_cancel_idle") else {
        return;
    };
    let mut db = scratch.async_db().await.unwrap();
    let work = db.transaction(async |db| {
        let mut sword = Blueprint::new();
        sword.set_name("sword");
        sword.save(db).await?;
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        Ok(())
    });
    let timed_out = tokio::time::timeout(std::time::Duration::from_millis(300), work).await;
    assert!(timed_out.is_err());
    let (id,): (u64,) = sqlx::query_as("SELECT CONNECTION_ID()")
        .fetch_one(db.conn().await.unwrap())
        .await
        .unwrap();
    let mut axe = Blueprint::new();
    axe.set_name("axe");
    axe.save(&mut db).await.unwrap();
    assert_eq!(
        rows(&scratch),
        [0, 1, 0, 0],
        "the sword rolled back, the axe saved"
    );
    let (same,): (u64,) = sqlx::query_as("SELECT CONNECTION_ID()")
        .fetch_one(db.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(id, same, "the connection was kept");
}
