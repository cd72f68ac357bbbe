//! The async flavour's reads, writes, caches, cascades and transactions, through
//! fixture/async_models.rs (fixture/models.rs as `runtime = "async"` writes it), against
//! MariaDB: the same behaviour as the sync flavour's tests (records.rs, queries.rs).

#[path = "fixture/async_models.rs"]
mod models;
mod support;

use futures_util::StreamExt;
use modelgen_runtime::testing::Scratch;
use modelgen_runtime::v0_1::asynchronous as rt;
use models::*;
use mysql::prelude::Queryable;
use sqlx::Arguments;

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

async fn db(scratch: &Scratch) -> Db {
    scratch.async_db().await.expect("a connection")
}

#[tokio::test]
async fn an_insert_takes_the_id_and_the_values_the_server_made() {
    let Some(scratch) = support::scratch("a_insert") else {
        return;
    };
    let mut db = db(&scratch).await;
    let mut ann = player("ann");
    ann.save(&mut db).await.unwrap();
    assert_eq!(db.statements(), 1, "one INSERT … RETURNING, no transaction");
    assert!(!ann.is_new() && !ann.is_dirty());
    assert_eq!(ann.get_id(), Some(1));
    assert!(ann.get_created_at().is_some());
    assert_eq!(Player::find(&mut db, 1).await.unwrap(), Some(ann.clone()));
    assert_eq!(
        Player::find_by_name(&mut db, "ann").await.unwrap(),
        Some(ann)
    );
    assert_eq!(Player::find(&mut db, 2).await.unwrap(), None);
}

#[tokio::test]
async fn a_missing_value_fails_before_any_statement() {
    let Some(scratch) = support::scratch("a_missing") else {
        return;
    };
    let mut db = db(&scratch).await;
    let mut item = Item::new();
    let error = item.save(&mut db).await.unwrap_err();
    assert!(matches!(
        error,
        Error::MissingValue {
            table: "items",
            column: "blueprint_id"
        }
    ));
    assert_eq!(db.statements(), 0);
    item.set_blueprint(blueprint("sword"));
    item.save(&mut db).await.unwrap();
    assert_eq!(item.get_blueprint_id(), 1);
}

#[tokio::test]
async fn a_save_writes_what_changed_and_nothing_when_clean() {
    let Some(scratch) = support::scratch("a_update") else {
        return;
    };
    let mut db = db(&scratch).await;
    let mut sword = blueprint("sword");
    sword.save(&mut db).await.unwrap();
    assert_eq!(db.statements(), 1);
    sword.save(&mut db).await.unwrap();
    assert_eq!(db.statements(), 1, "clean: nothing sent");
    support::other(&scratch)
        .query_drop("UPDATE blueprints SET name = 'axe'")
        .unwrap();
    sword.set_rarity(BlueprintRarity::Epic);
    sword.save(&mut db).await.unwrap();
    assert_eq!(db.statements(), 2, "one UPDATE");
    let row = Blueprint::find(&mut db, 1).await.unwrap().unwrap();
    assert_eq!(row.get_rarity(), BlueprintRarity::Epic);
    assert_eq!(row.get_name(), "axe", "the name was not written");
}

#[tokio::test]
async fn a_cascade_saves_parents_first_and_children_after() {
    let Some(scratch) = support::scratch("a_cascade") else {
        return;
    };
    let mut db = db(&scratch).await;
    let mut item = Item::new();
    item.set_blueprint(blueprint("sword"));
    item.set_owner(Some(player("ann")));
    let mut bob = player("bob");
    bob.add_item(item);
    let mut shield = Item::new();
    shield.set_blueprint(blueprint("shield"));
    bob.add_item(shield);
    bob.save(&mut db).await.unwrap();
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM items WHERE owner_id = 1"),
        2
    );
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM blueprints"),
        2
    );
    let items = bob.get_items(&mut db, false).await.unwrap();
    assert!(items
        .iter()
        .all(|i| !i.is_dirty() && i.get_owner_id() == Some(1)));
    // Loaded once, then cached: the getter sends nothing.
    let sent = db.statements();
    let mut found = Player::find(&mut db, 1).await.unwrap().unwrap();
    assert_eq!(found.get_items(&mut db, false).await.unwrap().len(), 2);
    assert_eq!(found.get_items(&mut db, false).await.unwrap().len(), 2);
    assert_eq!(db.statements(), sent + 2);
    found.get_items(&mut db, true).await.unwrap();
    assert_eq!(db.statements(), sent + 3, "reload asks again");
    // Unpin: read with `next()` as it is, no `pin!`.
    let mut lazy = found.get_items_lazy(&mut db);
    let mut streamed = 0;
    while let Some(item) = lazy.next().await {
        assert!(!item.unwrap().is_dirty());
        streamed += 1;
    }
    drop(lazy);
    assert_eq!(streamed, 2);
    let item = &mut found.get_items(&mut db, false).await.unwrap()[0];
    let sword = item.get_blueprint(&mut db, true).await.unwrap().unwrap();
    assert_eq!(sword.get_id(), Some(1));
    let sent = db.statements();
    item.get_blueprint(&mut db, true).await.unwrap();
    assert_eq!(db.statements(), sent, "cached");
}

/// A trigger refuses the child: the cascade is rolled back and every record is as before;
/// the retry saves once.
#[tokio::test]
async fn a_failed_cascade_restores_every_record() {
    let Some(scratch) = support::scratch("a_restore") else {
        return;
    };
    support::other(&scratch)
        .query_drop(
            "CREATE TRIGGER refuse BEFORE INSERT ON items FOR EACH ROW \
             IF NEW.durability = 7 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'; END IF",
        )
        .unwrap();
    let mut db = db(&scratch).await;
    let mut ann = player("ann");
    let mut item = Item::new();
    item.set_blueprint(blueprint("sword"));
    item.set_durability(7);
    ann.add_item(item);
    let before = ann.clone();
    let error = ann.save(&mut db).await.unwrap_err();
    assert_eq!(error.server_code(), Some(1644));
    assert!(matches!(error, Error::Db(_)));
    assert_eq!(ann, before);
    assert!(ann.is_new() && ann.get_id().is_none());
    let items = ann.get_items(&mut db, false).await.unwrap();
    assert!(items[0].is_new() && items[0].get_blueprint_id() == 0);
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM players"), 0);
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM blueprints"),
        0
    );
    items[0].set_durability(8);
    ann.save(&mut db).await.unwrap();
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM items"), 1);
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM players"), 1);
    assert!(!db.in_transaction());
}

#[tokio::test]
async fn transactions_commit_roll_back_and_nest_as_savepoints() {
    let Some(scratch) = support::scratch("a_transaction") else {
        return;
    };
    let mut db = db(&scratch).await;
    let kept = db
        .transaction(async |db| {
            blueprint("sword").save(db).await?;
            let inner: Result<()> = db
                .transaction(async |db| {
                    blueprint("axe").save(db).await?;
                    Err(Error::NotFound {
                        table: "x",
                        key: "1".into(),
                    })
                })
                .await;
            assert!(inner.is_err());
            assert!(db.in_transaction());
            Ok(7)
        })
        .await
        .unwrap();
    assert_eq!(kept, 7);
    assert!(!db.in_transaction());
    let names: Vec<String> = Blueprint::all(&mut db)
        .await
        .unwrap()
        .iter()
        .map(|b| b.get_name().to_string())
        .collect();
    assert_eq!(names, ["sword"], "the savepoint's work alone rolled back");
    let failed: Result<()> = db
        .transaction(async |db| {
            blueprint("shield").save(db).await?;
            Blueprint::find_by_sql(db, "SELECT nonsense", Default::default()).await?;
            Ok(())
        })
        .await;
    assert!(failed.unwrap_err().server_code().is_some());
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM blueprints"),
        1
    );
}

#[tokio::test]
async fn queries_filter_order_page_count_and_stream() {
    let Some(scratch) = support::scratch("a_query") else {
        return;
    };
    let mut db = db(&scratch).await;
    let mut all = vec![blueprint("a"), blueprint("b"), blueprint("c")];
    all[2].set_rarity(BlueprintRarity::Rare);
    Blueprint::insert_all(&mut db, &mut all).await.unwrap();
    assert_eq!(all[2].get_id(), Some(3));
    let rare = Blueprint::query()
        .filter(Blueprint::RARITY.eq(BlueprintRarity::Rare))
        .all(&mut db)
        .await
        .unwrap();
    assert_eq!(rare, [all[2].clone()]);
    let desc = Blueprint::query()
        .order_by(Blueprint::ID.desc())
        .offset(1)
        .limit(1)
        .first(&mut db)
        .await
        .unwrap();
    assert_eq!(desc.as_ref(), Some(&all[1]));
    let count = Blueprint::query()
        .filter(Blueprint::NAME.like("%"))
        .count(&mut db)
        .await
        .unwrap();
    assert_eq!(count, 3);
    let none: [i32; 0] = [];
    let exists = Blueprint::query().filter(Blueprint::ID.is_in(none));
    assert!(!exists.exists(&mut db).await.unwrap());
    let mut arguments = sqlx::mysql::MySqlArguments::default();
    arguments.add("b").unwrap();
    let streamed: Vec<Blueprint> = Blueprint::query()
        .filter(Blueprint::ID.ge(1))
        .filter_sql("`name` <> ?", arguments)
        .lazy(&mut db)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(streamed, [all[0].clone(), all[2].clone()]);
    let mut arguments = sqlx::mysql::MySqlArguments::default();
    arguments.add(2).unwrap();
    let found = Blueprint::find_by_sql(
        &mut db,
        "SELECT 1 AS extra, rarity, NAME, id FROM blueprints WHERE id = ?",
        arguments,
    )
    .await
    .unwrap();
    assert_eq!(found, [all[1].clone()]);
    let missing = Blueprint::find_by_sql(&mut db, "SELECT id FROM blueprints", Default::default());
    assert!(matches!(
        missing.await.unwrap_err(),
        Error::Conversion { column: "name", .. }
    ));
    let many = Blueprint::find_many(&mut db, &[3, 1, 9]).await.unwrap();
    assert_eq!(many, [all[0].clone(), all[2].clone()]);
    let rows: Vec<Blueprint> = sqlx::query_as("SELECT id, name, rarity FROM blueprints")
        .fetch_all(db.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(rows, all, "sqlx's FromRow");
}

#[tokio::test]
async fn batch_loading_fills_the_caches_the_getters_read() {
    let Some(scratch) = support::scratch("a_load") else {
        return;
    };
    let mut db = db(&scratch).await;
    for name in ["ann", "bob"] {
        let mut owner = player(name);
        for _ in 0..2 {
            let mut item = Item::new();
            item.set_blueprint(blueprint("sword"));
            owner.add_item(item);
        }
        owner.save(&mut db).await.unwrap();
    }
    let mut players = Player::all(&mut db).await.unwrap();
    let sent = db.statements();
    Player::load_items(&mut db, &mut players).await.unwrap();
    assert_eq!(db.statements(), sent + 1);
    let mut items = Vec::new();
    for player in players.iter_mut() {
        let own = player.get_items(&mut db, false).await.unwrap();
        assert_eq!(own.len(), 2);
        items.extend(own.iter().cloned());
    }
    Item::load_blueprint(&mut db, &mut items).await.unwrap();
    assert_eq!(db.statements(), sent + 2, "the getters sent nothing");
    let blueprint = items[3].get_blueprint(&mut db, true).await.unwrap();
    assert_eq!(blueprint.unwrap().get_id(), Some(4));
    assert_eq!(db.statements(), sent + 2);
}

#[tokio::test]
async fn a_pooled_connection_is_a_db() {
    let Some(scratch) = support::scratch("a_pool") else {
        return;
    };
    let pool = sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(1)
        .connect(&scratch.url())
        .await
        .unwrap();
    let mut db = Db::from(pool.acquire().await.unwrap());
    blueprint("sword").save(&mut db).await.unwrap();
    drop(db);
    let mut db = Db::from(pool.acquire().await.unwrap());
    assert_eq!(Blueprint::all(&mut db).await.unwrap().len(), 1);
    let direct: sqlx::mysql::MySqlConnection =
        sqlx::Connection::connect(&scratch.url()).await.unwrap();
    let mut db = Db::from(direct);
    assert_eq!(Blueprint::all(&mut db).await.unwrap().len(), 1);
}

/// The shared code's errors keep their cases; sqlx's carry the server's code.
#[tokio::test]
async fn errors_tell_the_cases_apart() {
    let Some(scratch) = support::scratch("a_errors") else {
        return;
    };
    let mut db = db(&scratch).await;
    player("ann").save(&mut db).await.unwrap();
    let error = player("ann").save(&mut db).await.unwrap_err();
    assert!(error.is_duplicate_key(), "{error}");
    let mut conn = support::other(&scratch);
    conn.query_drop("SET foreign_key_checks = 0").unwrap();
    conn.query_drop("INSERT INTO items (blueprint_id) VALUES (9)")
        .unwrap();
    let mut item = Item::find(&mut db, 1).await.unwrap().unwrap();
    assert!(item.get_blueprint(&mut db, false).await.unwrap().is_none());
    let error = item.get_blueprint(&mut db, true).await.unwrap_err();
    assert_eq!(error.to_string(), "no row in `blueprints` has the key 9");
    let _ = rt::Value::NULL;
}

/// The models' futures can be spawned on a multi-threaded runtime (they are `Send`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_futures_are_send() {
    let Some(scratch) = support::scratch("a_send") else {
        return;
    };
    let mut db = db(&scratch).await;
    let task = tokio::spawn(async move {
        let mut item = Item::new();
        item.set_blueprint(blueprint("sword"));
        item.set_owner(Some(player("ann")));
        item.save(&mut db).await.unwrap();
        let mut ann = Player::find(&mut db, 1).await.unwrap().unwrap();
        ann.get_items(&mut db, false).await.unwrap().len()
    });
    assert_eq!(task.await.unwrap(), 1);
}

/// The other transaction's statement that waits for ours in the deadlock test.
const BLOCKED: &str = "UPDATE blueprints SET name = 'one2' WHERE id = 1";

/// As faults.rs's sync test: inside `db.transaction`, a save meets a deadlock the closure
/// catches; the server has rolled the transaction back, so a later save is not sent, and the
/// outer call returns the deadlock itself (its server code kept).
#[tokio::test]
async fn a_deadlock_caught_inside_a_transaction_fails_it_whole() {
    let Some(scratch) = support::scratch("a_deadlock") else {
        return;
    };
    let mut db = db(&scratch).await;
    blueprint("one").save(&mut db).await.unwrap();
    blueprint("two").save(&mut db).await.unwrap();
    let (locked, wait) = std::sync::mpsc::channel();
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
    let outcome: Result<()> = db
        .transaction(async |db| {
            blueprint("a").save(db).await?;
            let mut one = Blueprint::find(db, 1).await?.unwrap();
            one.set_name("one1");
            one.save(db).await?;
            wait.recv().unwrap();
            support::wait_for_lock_wait(&scratch, BLOCKED);
            let mut two = Blueprint::find(db, 2).await?.unwrap();
            two.set_name("two1");
            let deadlock = two.save(db).await.unwrap_err();
            assert_eq!(deadlock.server_code(), Some(1213), "{deadlock}");
            assert!(deadlock.is_retryable());
            let later = blueprint("c").save(db).await.unwrap_err();
            assert!(matches!(later, Error::TransactionAborted { .. }), "{later}");
            assert!(later.is_retryable());
            Ok(())
        })
        .await;
    other.join().unwrap();
    let error = outcome.unwrap_err();
    assert_eq!(error.server_code(), Some(1213), "{error}");
    assert!(matches!(error, Error::Db(_)), "{error:?}");
    assert!(!db.in_transaction());
    let count = "SELECT COUNT(*) FROM blueprints";
    assert_eq!(
        support::count(&scratch, count),
        2,
        "nothing of it committed"
    );
    blueprint("d").save(&mut db).await.unwrap();
    assert_eq!(support::count(&scratch, count), 3, "the connection goes on");
}
