//! The runtime's reads, writes, caches and cascades, through hand-written models of
//! fixture/schema.sql (as modelgen writes them), against MariaDB.

#[path = "fixture/models.rs"]
mod models;
mod support;

use modelgen_runtime::v0_1 as rt;
use models::*;
use mysql::prelude::Queryable;

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

#[test]
fn an_insert_takes_the_id_and_the_values_the_server_made() {
    let Some(scratch) = support::scratch("insert") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut ann = player("ann");
    assert_eq!(ann.get_created_at(), None, "unknown until inserted");
    ann.save(&mut db).unwrap();
    assert!(!ann.is_new() && !ann.is_dirty());
    assert_eq!(ann.get_id(), Some(1));
    assert!(ann.get_created_at().is_some());
    assert_eq!(Player::find(&mut db, 1).unwrap(), Some(ann.clone()));
    assert_eq!(Player::find_by_name(&mut db, "ann").unwrap(), Some(ann));
}

#[test]
fn a_missing_value_fails_before_any_statement() {
    let Some(scratch) = support::scratch("missing") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut item = Item::new();
    let error = item.save(&mut db).unwrap_err();
    assert!(matches!(
        error,
        Error::MissingValue {
            table: "items",
            column: "blueprint_id"
        }
    ));
    assert_eq!(db.statements(), 0);
    // A target set through the relationship fills the key.
    item.set_blueprint(blueprint("sword"));
    item.save(&mut db).unwrap();
    assert_eq!(item.get_blueprint_id(), 1);
}

#[test]
fn a_save_writes_what_changed_and_nothing_when_clean() {
    let Some(scratch) = support::scratch("update") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut sword = blueprint("sword");
    sword.save(&mut db).unwrap();
    assert_eq!(db.statements(), 1, "one INSERT, no transaction");
    sword.save(&mut db).unwrap();
    assert_eq!(db.statements(), 1, "clean: nothing sent");
    // Another client changes the name; an update of the rarity leaves it.
    support::other(&scratch)
        .query_drop("UPDATE blueprints SET name = 'axe'")
        .unwrap();
    sword.set_rarity(BlueprintRarity::Epic);
    sword.save(&mut db).unwrap();
    let row = Blueprint::find(&mut db, 1).unwrap().unwrap();
    assert_eq!(row.get_rarity(), BlueprintRarity::Epic);
    assert_eq!(
        support::count(
            &scratch,
            "SELECT COUNT(*) FROM blueprints WHERE name = 'axe'"
        ),
        1
    );
}

#[test]
fn a_cascade_saves_parents_first_and_children_after() {
    let Some(scratch) = support::scratch("cascade") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut item = Item::new();
    item.set_blueprint(blueprint("sword"));
    item.set_owner(Some(player("ann")));
    let mut ann = player("bob");
    ann.add_item(item);
    let mut shield = Item::new();
    shield.set_blueprint(blueprint("shield"));
    ann.add_item(shield);
    ann.save(&mut db).unwrap();
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM items WHERE owner_id = 1"),
        2
    );
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM blueprints"),
        2
    );
    let items = ann.get_items(&mut db, false).unwrap();
    assert_eq!(items.len(), 2);
    assert!(items
        .iter()
        .all(|i| !i.is_dirty() && i.get_owner_id() == Some(1)));
    // Loaded once, then cached: the getter sends nothing.
    let sent = db.statements();
    let mut found = Player::find(&mut db, 1).unwrap().unwrap();
    assert_eq!(found.get_items(&mut db, false).unwrap().len(), 2);
    assert_eq!(found.get_items(&mut db, false).unwrap().len(), 2);
    assert_eq!(db.statements(), sent + 2);
    let lazy: Vec<Item> = found
        .get_items_lazy(&mut db)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lazy.len(), 2);
    let item = &mut found.get_items(&mut db, false).unwrap()[0];
    let sword = item.get_blueprint(&mut db, true).unwrap().unwrap();
    assert_eq!(sword.get_id(), Some(1));
}

#[test]
fn a_failed_cascade_restores_every_record() {
    let Some(scratch) = support::scratch("restore") else {
        return;
    };
    support::other(&scratch)
        .query_drop(
            "CREATE TRIGGER refuse BEFORE INSERT ON items FOR EACH ROW \
             IF NEW.durability = 7 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'; END IF",
        )
        .unwrap();
    let mut db = support::db(&scratch);
    let mut ann = player("ann");
    let mut item = Item::new();
    item.set_blueprint(blueprint("sword"));
    item.set_durability(7);
    ann.add_item(item);
    let before = ann.clone();
    let error = ann.save(&mut db).unwrap_err();
    assert_eq!(error.server_code(), Some(1644));
    assert_eq!(ann, before);
    assert!(ann.is_new() && ann.get_id().is_none());
    let items = ann.get_items(&mut db, false).unwrap();
    assert!(items[0].is_new() && items[0].get_blueprint_id() == 0);
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM players"), 0);
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM blueprints"),
        0
    );
    // The retry saves once.
    items[0].set_durability(8);
    ann.save(&mut db).unwrap();
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM items"), 1);
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM players"), 1);
}

#[test]
fn a_deleted_record_saves_anew() {
    let Some(scratch) = support::scratch("delete") else {
        return;
    };
    let mut db = support::db(&scratch);
    blueprint("sword").save(&mut db).unwrap();
    let mut sword = Blueprint::find(&mut db, 1).unwrap().unwrap();
    assert!(sword.delete(&mut db).unwrap());
    assert!(
        !sword.delete(&mut db).unwrap(),
        "new again: no row to delete"
    );
    sword.save(&mut db).unwrap();
    assert_eq!(Blueprint::find(&mut db, 1).unwrap(), Some(sword));
}

#[test]
fn a_nullable_target_can_be_unset() {
    let Some(scratch) = support::scratch("unset") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut item = Item::new();
    item.set_blueprint(blueprint("sword"));
    item.set_owner(Some(player("ann")));
    item.save(&mut db).unwrap();
    assert_eq!(item.get_owner_id(), Some(1));
    item.set_owner(None);
    assert_eq!(item.get_owner_id(), None);
    item.save(&mut db).unwrap();
    assert_eq!(
        support::count(
            &scratch,
            "SELECT COUNT(*) FROM items WHERE owner_id IS NULL"
        ),
        1
    );
    assert!(item.get_owner(&mut db, true).unwrap().is_none());
}

#[test]
fn an_orphaned_key_is_an_error_only_when_strict() {
    let Some(scratch) = support::scratch("orphan") else {
        return;
    };
    let mut conn = support::other(&scratch);
    conn.query_drop("SET foreign_key_checks = 0").unwrap();
    conn.query_drop("INSERT INTO items (blueprint_id) VALUES (9)")
        .unwrap();
    let mut db = support::db(&scratch);
    let mut item = Item::find(&mut db, 1).unwrap().unwrap();
    assert!(item.get_blueprint(&mut db, false).unwrap().is_none());
    let error = item.get_blueprint(&mut db, true).unwrap_err();
    assert_eq!(error.to_string(), "no row in `blueprints` has the key 9");
}

/// A non-strict `sql_mode` lets the server cut a string: the record takes the row's value.
#[test]
fn values_the_server_changed_are_read_back() {
    let Some(scratch) = support::scratch("warnings") else {
        return;
    };
    let mut db = support::db(&scratch);
    db.conn().query_drop("SET SESSION sql_mode = ''").unwrap();
    let mut ann = player("annabelle_longer");
    ann.save(&mut db).unwrap();
    assert_eq!(ann.get_name(), "annabell");
    assert_eq!(Player::find(&mut db, 1).unwrap(), Some(ann.clone()));
    ann.set_name("bartholomew");
    ann.save(&mut db).unwrap();
    assert_eq!(Player::find(&mut db, 1).unwrap(), Some(ann.clone()));
    assert_eq!(ann.get_name(), "bartholo");
    // A table without key: RETURNING gives the row as stored...
    let mut note = Note::new();
    note.set_body("far too long");
    note.save(&mut db).unwrap();
    assert_eq!(note.get_body(), "far too ");
    // ...and without RETURNING (MySQL) there is no key to read it back by: the write fails
    // and is rolled back.
    db.without_returning();
    let mut note = Note::new();
    note.set_body("far too long");
    let error = note.save(&mut db).unwrap_err();
    assert!(
        matches!(error, Error::Changed { table: "notes", .. }),
        "{error}"
    );
    assert!(note.is_new());
    assert_eq!(support::count(&scratch, "SELECT COUNT(*) FROM notes"), 1);
}

#[test]
fn rows_map_to_models_by_column_name() {
    let Some(scratch) = support::scratch("from_row") else {
        return;
    };
    let mut db = support::db(&scratch);
    blueprint("sword").save(&mut db).unwrap();
    let rows: Vec<Blueprint> = db
        .conn()
        .query("SELECT 1 AS extra, rarity, NAME, id FROM blueprints")
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].is_dirty_for_tests());
    let row: mysql::Row = db
        .conn()
        .query_first("SELECT id FROM blueprints")
        .unwrap()
        .unwrap();
    let missing = <Blueprint as mysql::prelude::FromRow>::from_row_opt(row);
    assert!(missing.is_err(), "no name, no rarity");
}

trait Dirty {
    fn is_dirty_for_tests(&self) -> bool;
}

impl Dirty for Blueprint {
    fn is_dirty_for_tests(&self) -> bool {
        rt::Record::meta(self).is_dirty()
    }
}
