//! Writes at the speed of the wire (issue 15): a cascade's new siblings of one table go in
//! multi-row INSERTs, their ids and server-made values taken from RETURNING; `insert_all`
//! likewise; a failure at any row of a batch restores every record.

#[path = "fixture/models.rs"]
mod models;
mod support;

use models::*;
use mysql::prelude::Queryable;

fn blueprint(name: &str) -> Blueprint {
    let mut blueprint = Blueprint::new();
    blueprint.set_name(name);
    blueprint
}

/// A player with `n` new items, each with a new blueprint named after its durability.
fn player_with_items(n: u16) -> Player {
    let mut player = Player::new();
    player.set_name("ann");
    for i in 0..n {
        let mut item = Item::new();
        item.set_durability(i);
        item.set_blueprint(blueprint(&format!("b{i}")));
        player.add_item(item);
    }
    player
}

/// Each item refers to the blueprint made for it, and the records say so.
fn assert_matched(scratch: &modelgen_runtime::testing::Scratch, player: &mut Player, db: &mut Db) {
    let wrong: i64 = support::other(scratch)
        .query_first(
            "SELECT COUNT(*) FROM items i JOIN blueprints b ON b.id = i.blueprint_id \
             WHERE b.name <> CONCAT('b', i.durability)",
        )
        .unwrap()
        .unwrap();
    assert_eq!(wrong, 0, "every item refers to its own blueprint");
    for item in player.get_items(db, false).unwrap() {
        assert!(!item.is_new() && !item.is_dirty());
        let row = Item::find(db, item.get_id().unwrap()).unwrap().unwrap();
        assert_eq!(&row, item);
    }
}

#[test]
fn a_thousand_children_with_targets_save_in_a_handful_of_statements() {
    let Some(scratch) = support::scratch("batch_cascade") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut ann = player_with_items(1000);
    ann.save(&mut db).unwrap();
    // START, the player (RETURNING its id and created_at), 1,000 blueprints, 1,000 items,
    // COMMIT.
    assert_eq!(db.statements(), 5);
    assert_eq!(
        support::count(&scratch, "SELECT COUNT(*) FROM items WHERE owner_id = 1"),
        1000
    );
    assert_matched(&scratch, &mut ann, &mut db);
}

#[test]
fn a_batch_failing_at_its_700th_row_restores_every_record() {
    let Some(scratch) = support::scratch("batch_fail") else {
        return;
    };
    support::other(&scratch)
        .query_drop(
            "CREATE TRIGGER refuse BEFORE INSERT ON items FOR EACH ROW \
             IF NEW.durability = 699 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no'; \
             END IF",
        )
        .unwrap();
    let mut db = support::db(&scratch);
    let mut ann = player_with_items(1000);
    let before = format!("{ann:?}");
    let error = ann.save(&mut db).unwrap_err();
    assert_eq!(error.server_code(), Some(1644));
    assert_eq!(format!("{ann:?}"), before, "every record as it was");
    let rows = "SELECT (SELECT COUNT(*) FROM players) + (SELECT COUNT(*) FROM blueprints) \
                + (SELECT COUNT(*) FROM items)";
    assert_eq!(support::count(&scratch, rows), 0);
    support::other(&scratch)
        .query_drop("DROP TRIGGER refuse")
        .unwrap();
    ann.save(&mut db).unwrap();
    assert_eq!(support::count(&scratch, rows), 2001, "the retry saves once");
    assert_matched(&scratch, &mut ann, &mut db);
}

#[test]
fn insert_all_batches_ten_thousand_records() {
    let Some(scratch) = support::scratch("insert_all") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut sword = blueprint("sword");
    sword.save(&mut db).unwrap();
    let mut items: Vec<Item> = (0..10_000u32)
        .map(|i| {
            let mut item = Item::new();
            item.set_durability((i % 60_000) as u16);
            item.set_blueprint(sword.clone());
            item
        })
        .collect();
    let sent = db.statements();
    Item::insert_all(&mut db, &mut items).unwrap();
    // START, 10 INSERTs of 1,000 rows (the blueprint is saved already), COMMIT.
    assert_eq!(db.statements() - sent, 12);
    let ids: Vec<i32> = items.iter().map(|i| i.get_id().unwrap()).collect();
    assert_eq!(ids, (1..=10_000).collect::<Vec<i32>>());
    let found = Item::find(&mut db, 7777).unwrap().unwrap();
    assert_eq!(found, items[7776]);
    // Players: RETURNING gives each its created_at too.
    let mut players: Vec<Player> = (0..3)
        .map(|i| {
            let mut p = Player::new();
            p.set_name(format!("p{i}"));
            p
        })
        .collect();
    Player::insert_all(&mut db, &mut players).unwrap();
    assert!(players
        .iter()
        .all(|p| p.get_created_at().is_some() && !p.is_dirty()));
    assert_eq!(
        Player::find(&mut db, 3).unwrap().as_ref(),
        Some(&players[2])
    );
}

#[test]
fn without_returning_each_row_goes_alone() {
    let Some(scratch) = support::scratch("no_returning") else {
        return;
    };
    let mut db = support::db(&scratch);
    db.without_returning();
    let mut ann = player_with_items(5);
    ann.save(&mut db).unwrap();
    // START, the player and its read-back, 5 blueprints, 5 items, COMMIT.
    assert_eq!(db.statements(), 14);
    assert_matched(&scratch, &mut ann, &mut db);
}
