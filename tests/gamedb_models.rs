//! The golden gamedb models.rs, compiled into this test and used against the real MariaDB as a
//! user would (SPEC §5-6, the PRD's user stories 1-6 and §5.6). Each test builds the schema from
//! migrations-samples/gamedb in a scratch database of its own, dropped at the end.

#[path = "../golden/gamedb/models.rs"]
mod models;

use models::*;
use mysql::prelude::Queryable;
use rust_decimal::Decimal;
use std::sync::Mutex;

mod common;

/// A scratch database holding the gamedb schema, with the models' connection.
struct Scratch(common::scratch::Scratch);

impl Scratch {
    fn new(test: &str) -> Option<Scratch> {
        let folder = common::repo().join("migrations-samples/gamedb");
        let mut files: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let files: Vec<&std::path::Path> = files.iter().map(|f| f.as_path()).collect();
        common::scratch::Scratch::new(&format!("gamedb_{test}"), &files).map(Scratch)
    }

    fn db(&self) -> Db {
        Db::connect(&self.0.url()).unwrap()
    }

    fn conn(&self) -> mysql::Conn {
        self.0.conn()
    }

    fn count(&self, sql: &str) -> i64 {
        self.0.count(sql)
    }
}

fn player(db: &mut Db, name: &str) -> Player {
    let mut player = Player::new();
    player.set_name(name);
    player.save(db).unwrap();
    player
}

fn blueprint(db: &mut Db, name: &str) -> Blueprint {
    let mut blueprint = Blueprint::new();
    blueprint.set_name(name);
    blueprint.save(db).unwrap();
    blueprint
}

fn item(db: &mut Db, blueprint: &Blueprint) -> Item {
    let mut item = Item::new();
    item.set_blueprint_id(blueprint.get_id().unwrap());
    item.save(db).unwrap();
    item
}

/// Story 1 and 3: `item.get_blueprint()` loads the blueprint once; later calls send nothing.
#[test]
fn belongs_to_loads_once_then_serves_the_cache() {
    let Some(scratch) = Scratch::new("belongs_to") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let id = item(&mut db, &sword).get_id().unwrap();
    let mut item = Item::find(&mut db, id).unwrap().unwrap();
    let before = db.statements();
    let loaded = item.get_blueprint(&mut db, true).unwrap().unwrap();
    assert_eq!(loaded.get_name(), "sword");
    assert_eq!(*loaded, sword);
    assert_eq!(db.statements(), before + 1, "one SELECT");
    item.get_blueprint(&mut db, true).unwrap().unwrap();
    item.get_blueprint(&mut db, false).unwrap().unwrap();
    assert_eq!(db.statements(), before + 1, "cache hits send nothing");
    item.set_durability(50);
    item.save(&mut db).unwrap();
    assert_eq!(
        db.statements(),
        before + 2,
        "a clean cached parent adds no transaction to a one-row UPDATE"
    );
    item.get_blueprint(&mut db, false)
        .unwrap()
        .unwrap()
        .set_name("dagger");
    item.save(&mut db).unwrap();
    assert_eq!(
        db.statements(),
        before + 5,
        "a dirty parent: START TRANSACTION, UPDATE blueprints, COMMIT"
    );
    assert_eq!(
        Blueprint::find(&mut db, sword.get_id().unwrap())
            .unwrap()
            .unwrap()
            .get_name(),
        "dagger"
    );
}

/// A NULL key gives `None` without a statement; setting the key column drops the cached target.
#[test]
fn null_keys_and_key_changes() {
    let Some(scratch) = Scratch::new("null_keys") else {
        return;
    };
    let mut db = scratch.db();
    let mut mobile = Mobile::new();
    mobile.set_name("cart");
    mobile.save(&mut db).unwrap();
    let before = db.statements();
    assert!(mobile.get_owner(&mut db, true).unwrap().is_none());
    assert_eq!(db.statements(), before, "a NULL key sends nothing");

    let ann = player(&mut db, "ann");
    let bob = player(&mut db, "bob");
    mobile.set_owner_id(ann.get_id());
    assert_eq!(
        mobile.get_owner(&mut db, true).unwrap().unwrap().get_name(),
        "ann"
    );
    mobile.set_owner_id(bob.get_id());
    assert_eq!(
        mobile.get_owner(&mut db, true).unwrap().unwrap().get_name(),
        "bob",
        "another key value drops the cached owner"
    );
    mobile.set_owner(None);
    assert_eq!(mobile.get_owner_id(), None);
    assert!(mobile.get_owner(&mut db, true).unwrap().is_none());
}

/// Orphaned keys: `strict` gives `Err(NotFound)`; otherwise `None` and a logged warning.
#[test]
fn orphaned_keys_are_errors_when_strict_and_warnings_otherwise() {
    let Some(scratch) = Scratch::new("orphans") else {
        return;
    };
    Warnings::install();
    let mut conn = scratch.conn();
    conn.query_drop("SET foreign_key_checks = 0").unwrap();
    conn.query_drop("INSERT INTO items (id, blueprint_id) VALUES (1, 999)")
        .unwrap();
    let mut db = scratch.db();
    let mut item = Item::find(&mut db, 1).unwrap().unwrap();
    match item.get_blueprint(&mut db, true) {
        Err(Error::NotFound { table, key }) => {
            assert_eq!(table, "blueprints");
            assert_eq!(key, "999");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(item.get_blueprint(&mut db, false).unwrap().is_none());
    let warnings = WARNINGS.lock().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`blueprints`") && w.contains("999")),
        "{warnings:?}"
    );
}

/// Story 2 and 3: has-many lists load once; `reload` queries again; the lazy variant streams and
/// caches nothing.
#[test]
fn has_many_lists_cache_reload_and_stream() {
    let Some(scratch) = Scratch::new("has_many") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let mut cart = Mobile::new();
    cart.set_name("cart");
    for slot in ["left", "right"] {
        let mut entry = MobileItem::new();
        entry.set_item_id(item(&mut db, &sword).get_id().unwrap());
        entry.set_slot(slot);
        cart.add_mobile_item(entry);
    }
    let before = db.statements();
    assert_eq!(cart.get_mobile_items(&mut db, false).unwrap().len(), 2);
    assert_eq!(
        db.statements(),
        before,
        "a new record's list sends no query"
    );
    cart.save(&mut db).unwrap();
    assert_eq!(scratch.count("SELECT COUNT(*) FROM mobile_items"), 2);

    let mut cart = Mobile::find(&mut db, cart.get_id().unwrap())
        .unwrap()
        .unwrap();
    let before = db.statements();
    let slots: Vec<String> = cart
        .get_mobile_items(&mut db, false)
        .unwrap()
        .iter()
        .map(|m| m.get_slot().to_string())
        .collect();
    assert_eq!(slots, ["left", "right"]);
    cart.get_mobile_items(&mut db, false).unwrap();
    assert_eq!(db.statements(), before + 1, "loaded once, then cached");

    let third = item(&mut db, &sword).get_id().unwrap();
    scratch
        .conn()
        .exec_drop(
            "INSERT INTO mobile_items (mobile_id, item_id, slot) VALUES (?, ?, 'back')",
            (cart.get_id(), third),
        )
        .unwrap();
    assert_eq!(cart.get_mobile_items(&mut db, false).unwrap().len(), 2);
    assert_eq!(cart.get_mobile_items(&mut db, true).unwrap().len(), 3);

    let before = db.statements();
    let streamed: Vec<MobileItem> = cart
        .get_mobile_items_lazy(&mut db)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(streamed.len(), 3);
    cart.get_mobile_items_lazy(&mut db).unwrap().for_each(drop);
    assert_eq!(
        db.statements(),
        before + 2,
        "the lazy variant caches nothing"
    );
    assert_eq!(&streamed, cart.get_mobile_items(&mut db, false).unwrap());
}

/// One-to-one by UNIQUE (`mobile_items.item_id`) and by primary key (`player_settings`).
#[test]
fn has_one_by_unique_key_and_by_primary_key() {
    let Some(scratch) = Scratch::new("has_one") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let mut item = item(&mut db, &sword);
    assert!(item.get_mobile_item(&mut db, false).unwrap().is_none());
    let mut cart = Mobile::new();
    cart.set_name("cart");
    let mut slot = MobileItem::new();
    slot.set_item(item.clone());
    slot.set_slot("left");
    slot.set_mobile(cart);
    slot.save(&mut db).unwrap();
    assert!(
        item.get_mobile_item(&mut db, false).unwrap().is_none(),
        "cached"
    );
    let found = item.get_mobile_item(&mut db, true).unwrap().unwrap();
    assert_eq!(found.get_slot(), "left");

    let mut ann = player(&mut db, "ann");
    assert!(ann.get_player_setting(&mut db, false).unwrap().is_none());
    let mut settings = PlayerSetting::new();
    settings.set_player(ann.clone());
    settings.save(&mut db).unwrap();
    assert_eq!(settings.get_player_id(), ann.get_id().unwrap());
    let loaded = ann.get_player_setting(&mut db, true).unwrap().unwrap();
    assert_eq!(loaded.get_theme(), "dark", "the DDL default");
}

/// Story 4 and PRD §5.6: a new blueprint set on a new item, one save: both rows in, in one
/// transaction, the key linked.
#[test]
fn set_blueprint_then_one_save_inserts_both_and_links_them() {
    let Some(scratch) = Scratch::new("cascade") else {
        return;
    };
    let mut db = scratch.db();
    let mut blueprint = Blueprint::new();
    blueprint.set_name("axe");
    blueprint.set_rarity(BlueprintRarity::Epic);
    blueprint.set_base_value(Decimal::new(1250, 2));
    let mut item = Item::new();
    item.set_blueprint(blueprint);
    assert!(item.is_dirty());
    let before = db.statements();
    item.save(&mut db).unwrap();
    assert_eq!(
        db.statements(),
        before + 4,
        "START TRANSACTION, 2 INSERTs, COMMIT"
    );
    let blueprint_id = item.get_blueprint(&mut db, true).unwrap().unwrap().get_id();
    assert!(blueprint_id.is_some());
    assert_eq!(Some(item.get_blueprint_id()), blueprint_id);
    assert!(!item.is_dirty() && !item.is_new());
    let stored = Blueprint::find(&mut db, blueprint_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stored.get_rarity(), BlueprintRarity::Epic);
    assert_eq!(stored.get_base_value(), Decimal::new(1250, 2));
    assert_eq!(
        Item::find(&mut db, item.get_id().unwrap()).unwrap(),
        Some(item)
    );
}

/// Story 6: a clean save sends nothing; an UPDATE names only the columns set.
#[test]
fn dirty_tracking_writes_only_what_changed() {
    let Some(scratch) = Scratch::new("dirty") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let mut item = item(&mut db, &sword);
    assert!(!item.is_dirty());
    let before = db.statements();
    item.save(&mut db).unwrap();
    assert_eq!(db.statements(), before, "a clean save sends nothing");

    // Another client changes blueprint_id; our UPDATE of durability must not write it back.
    let shield = blueprint(&mut db, "shield");
    scratch
        .conn()
        .exec_drop(
            "UPDATE items SET blueprint_id = ? WHERE id = ?",
            (shield.get_id(), item.get_id()),
        )
        .unwrap();
    item.set_durability(7);
    assert!(item.is_dirty());
    let before = db.statements();
    item.save(&mut db).unwrap();
    assert_eq!(db.statements(), before + 1, "one UPDATE, no transaction");
    let stored = Item::find(&mut db, item.get_id().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stored.get_durability(), 7);
    assert_eq!(
        Some(stored.get_blueprint_id()),
        shield.get_id(),
        "the UPDATE named only durability"
    );
}

/// After a save the record equals its row: the AUTO_INCREMENT id and server-made defaults
/// (`created_at DEFAULT CURRENT_TIMESTAMP`) included.
#[test]
fn saved_records_equal_their_rows() {
    let Some(scratch) = Scratch::new("equal_rows") else {
        return;
    };
    let mut db = scratch.db();
    // A value only the server makes is unknown until the row is inserted.
    assert_eq!(Player::new().get_created_at(), None);
    let ann = player(&mut db, "ann");
    assert!(ann.get_id().is_some());
    let stored = Player::find(&mut db, ann.get_id().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stored, ann);
    assert!(ann.get_created_at().unwrap().and_utc().timestamp() > 1_600_000_000);
    assert_eq!(Player::find_by_name(&mut db, "ann").unwrap(), Some(ann));
}

/// A NOT NULL column without default never set fails before any statement.
#[test]
fn missing_values_fail_before_any_statement() {
    let Some(scratch) = Scratch::new("missing") else {
        return;
    };
    let mut db = scratch.db();
    let mut item = Item::new();
    match item.save(&mut db) {
        Err(Error::MissingValue { table, column }) => {
            assert_eq!((table, column), ("items", "blueprint_id"));
        }
        other => panic!("expected MissingValue, got {other:?}"),
    }
    assert_eq!(db.statements(), 0);
}

/// A cascade failing at its last statement leaves no rows and every record as it was; a retry
/// saves exactly once.
#[test]
fn a_failed_cascade_rolls_back_rows_and_memory() {
    let Some(scratch) = Scratch::new("rollback") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let first = item(&mut db, &sword);
    let second = item(&mut db, &sword);
    let mut owner = Player::new();
    owner.set_name("ann");
    let mut cart = Mobile::new();
    cart.set_name("cart");
    cart.set_owner(Some(owner));
    for slot in ["left", "right"] {
        let mut entry = MobileItem::new();
        entry.set_item_id(first.get_id().unwrap()); // the second breaks UNIQUE(item_id)
        entry.set_slot(slot);
        cart.add_mobile_item(entry);
    }
    let before = cart.clone();
    let players = scratch.count("SELECT COUNT(*) FROM players");
    let error = cart.save(&mut db).unwrap_err();
    assert!(matches!(error, Error::Db(_)), "{error:?}");
    assert_eq!(scratch.count("SELECT COUNT(*) FROM players"), players);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM mobiles"), 0);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM mobile_items"), 0);

    // Memory: no ids, still new and dirty, keys unset, caches as they were.
    assert_eq!(format!("{cart:?}"), format!("{before:?}"));
    assert!(cart.is_new() && cart.is_dirty() && cart.get_id().is_none());
    let owner = cart.get_owner(&mut db, false).unwrap().unwrap();
    assert!(owner.is_new() && owner.get_id().is_none());
    let entries = cart.get_mobile_items(&mut db, false).unwrap();
    assert!(entries
        .iter()
        .all(|e| e.is_new() && e.get_id().is_none() && e.get_mobile_id() == 0));

    entries[1].set_item_id(second.get_id().unwrap());
    cart.save(&mut db).unwrap();
    assert_eq!(scratch.count("SELECT COUNT(*) FROM players"), players + 1);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM mobiles"), 1);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM mobile_items"), 2);
    let owner_id = cart.get_owner(&mut db, false).unwrap().unwrap().get_id();
    assert_eq!(cart.get_owner_id(), owner_id);
    let cart_id = cart.get_id().unwrap();
    for entry in cart.get_mobile_items(&mut db, false).unwrap() {
        assert_eq!(entry.get_mobile_id(), cart_id);
        assert!(!entry.is_dirty());
    }
    let before = db.statements();
    cart.save(&mut db).unwrap();
    assert_eq!(db.statements(), before, "nothing left to save");
}

/// Nested `Db::transaction`: the inner one is a savepoint; a save inside one uses a savepoint too.
#[test]
fn nested_transactions_roll_back_to_their_savepoint() {
    let Some(scratch) = Scratch::new("nested") else {
        return;
    };
    let mut db = scratch.db();
    let result: Result<()> = db.transaction(|db| {
        player(db, "kept");
        let inner: Result<()> = db.transaction(|db| {
            player(db, "undone");
            Err(Error::NotFound {
                table: "players",
                key: "test".into(),
            })
        });
        assert!(inner.is_err());
        // A cascade failing inside the outer transaction undoes only itself.
        let mut duplicate = Player::new();
        duplicate.set_name("kept");
        let mut settings = PlayerSetting::new();
        settings.set_player(duplicate);
        assert!(settings.save(db).is_err());
        player(db, "also kept");
        Ok(())
    });
    result.unwrap();
    let names: Vec<String> = scratch
        .conn()
        .query("SELECT name FROM players ORDER BY id")
        .unwrap();
    assert_eq!(names, ["kept", "also kept"]);
}

/// Several keys to one table and a self-reference: `get_trades_by_seller`,
/// `get_trades_by_buyer`, `get_previous_trade`, `get_trades_by_previous_trade`.
#[test]
fn several_keys_to_one_table_and_a_self_reference() {
    let Some(scratch) = Scratch::new("trades") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let item = item(&mut db, &sword);
    let mut ann = player(&mut db, "ann");
    let bob = player(&mut db, "bob");
    let mut first = Trade::new();
    first.set_seller(ann.clone());
    first.set_buyer(bob.clone());
    first.set_item(item.clone());
    first.set_price(Decimal::new(500, 2));
    let mut second = Trade::new();
    second.set_seller(bob.clone());
    second.set_buyer(ann.clone());
    second.set_item(item);
    second.set_price(Decimal::new(750, 2));
    second.set_previous_trade(Some(first));
    second.save(&mut db).unwrap();

    let previous = second.get_previous_trade(&mut db, true).unwrap().unwrap();
    assert_eq!(previous.get_price(), Decimal::new(500, 2));
    let previous_id = previous.get_id();
    assert_eq!(second.get_previous_trade_id(), previous_id);
    let mut first = Trade::find(&mut db, previous_id.unwrap()).unwrap().unwrap();
    let later = first.get_trades_by_previous_trade(&mut db, false).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0], second);
    assert_eq!(ann.get_trades_by_seller(&mut db, false).unwrap().len(), 1);
    assert_eq!(ann.get_trades_by_buyer(&mut db, false).unwrap().len(), 1);
    assert_eq!(
        ann.get_trades_by_buyer(&mut db, false).unwrap()[0].get_price(),
        Decimal::new(750, 2)
    );
}

/// `save_shallow` writes the record alone; `delete` removes the row and makes the record new.
#[test]
fn shallow_saves_and_deletes() {
    let Some(scratch) = Scratch::new("shallow") else {
        return;
    };
    let mut db = scratch.db();
    let sword = blueprint(&mut db, "sword");
    let mut sword = Blueprint::find(&mut db, sword.get_id().unwrap())
        .unwrap()
        .unwrap();
    let mut extra = Item::new();
    extra.set_blueprint_id(sword.get_id().unwrap());
    sword.add_item(extra);
    sword.set_name("long sword");
    sword.save_shallow(&mut db).unwrap();
    assert_eq!(scratch.count("SELECT COUNT(*) FROM items"), 0);
    assert_eq!(
        Blueprint::find_by_name(&mut db, "long sword")
            .unwrap()
            .len(),
        1
    );
    sword.save(&mut db).unwrap();
    assert_eq!(scratch.count("SELECT COUNT(*) FROM items"), 1);

    let mut item = sword.get_items(&mut db, false).unwrap().remove(0);
    assert!(item.delete(&mut db).unwrap());
    assert!(item.is_new());
    assert!(!item.delete(&mut db).unwrap());
    assert_eq!(scratch.count("SELECT COUNT(*) FROM items"), 0);
}

/// Warnings the models log, kept for the tests to read.
static WARNINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Warnings;

impl Warnings {
    fn install() {
        let _ = log::set_logger(&Warnings);
        log::set_max_level(log::LevelFilter::Warn);
    }
}

impl log::Log for Warnings {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record) {
        WARNINGS.lock().unwrap().push(record.args().to_string());
    }

    fn flush(&self) {}
}
