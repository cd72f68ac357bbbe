//! SPEC §9 in the runtime: queries, row mapping, batch loading, `remove_*` and the has-one
//! setter, through the hand-written fixture models, against MariaDB.

#[path = "fixture/models.rs"]
mod models;
mod support;

use models::*;
use mysql::prelude::Queryable;

/// Players `p0`..`p9` with 0..9 items each; item `j` of player `i` has durability `i * 10 + j`.
fn seed(db: &mut Db) {
    let mut sword = Blueprint::new();
    sword.set_name("sword");
    sword.save(db).unwrap();
    for i in 0..10u16 {
        let mut player = Player::new();
        player.set_name(format!("p{i}"));
        for j in 0..i {
            let mut item = Item::new();
            item.set_blueprint(sword.clone());
            item.set_durability(i * 10 + j);
            player.add_item(item);
        }
        player.save(db).unwrap();
    }
}

#[test]
fn queries_filter_order_and_page_with_bound_values() {
    let Some(scratch) = support::scratch("query") else {
        return;
    };
    let mut db = support::db(&scratch);
    seed(&mut db);
    let names = |players: Vec<Player>| -> Vec<String> {
        players.iter().map(|p| p.get_name().to_string()).collect()
    };
    let all = Player::query().all(&mut db).unwrap();
    assert_eq!(all.len(), 10);
    let page = Player::query()
        .filter(Player::ID.gt(2))
        .order_by(Player::NAME.desc())
        .limit(3)
        .offset(1)
        .all(&mut db)
        .unwrap();
    assert_eq!(names(page), ["p8", "p7", "p6"]);
    let sent = db.statements();
    let odd = Item::query()
        .filter(
            Item::DURABILITY
                .between(30, 39)
                .and(Item::DURABILITY.ne(31)),
        )
        .filter(
            Item::DURABILITY
                .lt(35)
                .or(Item::DURABILITY.ge(39))
                .not()
                .not(),
        )
        .count(&mut db)
        .unwrap();
    assert_eq!(odd, 2, "30 and 32");
    assert_eq!(db.statements(), sent + 1);
    assert_eq!(
        Player::query()
            .filter(Player::NAME.eq("p3"))
            .count(&mut db)
            .unwrap(),
        1
    );
    assert_eq!(
        Player::query()
            .filter(Player::NAME.like("p%"))
            .count(&mut db)
            .unwrap(),
        10
    );
    assert_eq!(
        Player::query()
            .filter(Player::NAME.le("p1"))
            .count(&mut db)
            .unwrap(),
        2
    );
    // A value holding SQL stays a value.
    let injected = Player::query().filter(Player::NAME.eq("p1' OR '1'='1"));
    assert_eq!(injected.count(&mut db).unwrap(), 0);
    let none: Vec<u32> = Vec::new();
    let sent = db.statements();
    assert!(Player::query()
        .filter(Player::ID.is_in(none))
        .all(&mut db)
        .unwrap()
        .is_empty());
    assert_eq!(
        db.statements(),
        sent + 1,
        "an empty IN is still one statement, and valid"
    );
    let some = Player::query()
        .filter(Player::ID.is_in([1, 2, 99]))
        .count(&mut db)
        .unwrap();
    assert_eq!(some, 2);
    assert_eq!(
        Item::query()
            .filter(Item::OWNER_ID.is_null())
            .count(&mut db)
            .unwrap(),
        0
    );
    assert_eq!(
        Item::query()
            .filter(Item::OWNER_ID.is_not_null())
            .count(&mut db)
            .unwrap(),
        45
    );
    let first = Player::query()
        .order_by(Player::ID.desc())
        .first(&mut db)
        .unwrap();
    assert_eq!(first.unwrap().get_name(), "p9");
    assert!(Player::query()
        .filter(Player::ID.eq(5))
        .exists(&mut db)
        .unwrap());
    assert!(!Player::query()
        .filter(Player::ID.eq(50))
        .exists(&mut db)
        .unwrap());
    let sql = Player::query()
        .filter_sql("`name` IN (?, ?)", ("p4", "p5"))
        .all(&mut db)
        .unwrap();
    assert_eq!(names(sql), ["p4", "p5"]);
    let lazy: Vec<Item> = Item::query()
        .filter(Item::DURABILITY.ge(90))
        .lazy(&mut db)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lazy.len(), 9);
    // Records read by a query are loaded: a change sends one UPDATE.
    let mut p1 = Player::query()
        .filter(Player::ID.eq(1))
        .first(&mut db)
        .unwrap()
        .unwrap();
    assert!(!p1.is_new() && !p1.is_dirty());
    p1.set_name("one");
    let sent = db.statements();
    p1.save(&mut db).unwrap();
    assert_eq!(
        db.statements(),
        sent + 4,
        "START, UPDATE, its read-back, COMMIT"
    );
}

#[test]
fn all_find_many_and_find_by_sql() {
    let Some(scratch) = support::scratch("find_many") else {
        return;
    };
    let mut db = support::db(&scratch);
    seed(&mut db);
    assert_eq!(Player::all(&mut db).unwrap().len(), 10);
    let found = Player::find_many(&mut db, &[7, 2, 42]).unwrap();
    let ids: Vec<Option<u32>> = found.iter().map(Player::get_id).collect();
    assert_eq!(ids, [Some(2), Some(7)], "key order, unknown keys left out");
    assert!(Player::find_many(&mut db, &[]).unwrap().is_empty());
    let by_sql = Player::find_by_sql(
        &mut db,
        "SELECT created_at, name, id, 1 AS extra FROM players WHERE id < ?",
        (3,),
    )
    .unwrap();
    assert_eq!(by_sql.len(), 2);
    assert_eq!(by_sql[0], Player::find(&mut db, 1).unwrap().unwrap());
    let missing = Player::find_by_sql(&mut db, "SELECT id FROM players", ()).unwrap_err();
    assert!(
        matches!(missing, Error::Conversion { column: "name", .. }),
        "{missing}"
    );
    let named = Player::find_by_sql(
        &mut db,
        "SELECT * FROM players WHERE id < :below",
        mysql::Params::from(vec![("below", mysql::Value::from(3))]),
    )
    .unwrap();
    assert_eq!(named, by_sql, "named parameters as positional ones");
}

/// More keys than one statement takes: the rows of every statement come back in one list in
/// key order, whatever the order of the keys asked for.
#[test]
fn find_many_of_more_than_a_statement_of_keys_keeps_key_order() {
    let Some(scratch) = support::scratch("find_many_large") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut players: Vec<Player> = (0..1500)
        .map(|i| {
            let mut player = Player::new();
            player.set_name(format!("p{i}"));
            player
        })
        .collect();
    let sent = db.statements();
    Player::insert_all(&mut db, &mut players).unwrap();
    assert_eq!(
        db.statements() - sent,
        4,
        "START, INSERTs of 1,000 and 500 rows (RETURNING their ids), COMMIT"
    );
    // Every other key from the top down, and keys no row has among them.
    let keys: Vec<u32> = (1..=1600).rev().step_by(2).collect();
    let sent = db.statements();
    let found = Player::find_many(&mut db, &keys).unwrap();
    assert_eq!(db.statements() - sent, 1, "800 keys: one statement");
    let ids: Vec<u32> = found.iter().map(|p| p.get_id().unwrap()).collect();
    let expected: Vec<u32> = (1..=1500).filter(|k| k % 2 == 0).collect();
    assert_eq!(ids, expected);
    let keys: Vec<u32> = (1..=2600).rev().collect();
    let sent = db.statements();
    let found = Player::find_many(&mut db, &keys).unwrap();
    assert_eq!(db.statements() - sent, 3, "2,600 keys: three statements");
    let ids: Vec<u32> = found.iter().map(|p| p.get_id().unwrap()).collect();
    assert_eq!(
        ids,
        (1..=1500).collect::<Vec<u32>>(),
        "one list, in key order"
    );
}

#[test]
fn batch_loading_fills_the_getters_caches_in_one_statement() {
    let Some(scratch) = support::scratch("load") else {
        return;
    };
    let mut db = support::db(&scratch);
    seed(&mut db);
    let mut players = Player::all(&mut db).unwrap();
    let sent = db.statements();
    Player::load_items(&mut db, &mut players).unwrap();
    assert_eq!(db.statements(), sent + 1);
    let mut counts = Vec::new();
    for player in &mut players {
        counts.push(player.get_items(&mut db, false).unwrap().len());
    }
    assert_eq!(counts, (0..10).collect::<Vec<_>>());
    assert_eq!(db.statements(), sent + 1, "the getters send nothing");
    Player::load_items(&mut db, &mut players).unwrap();
    assert_eq!(db.statements(), sent + 1, "cached: not asked again");
    let mut items = Item::query().all(&mut db).unwrap();
    let sent = db.statements();
    Item::load_blueprint(&mut db, &mut items).unwrap();
    assert_eq!(db.statements(), sent + 1, "45 items, one distinct key");
    for item in &mut items {
        assert_eq!(
            item.get_blueprint(&mut db, true).unwrap().unwrap().get_id(),
            Some(1)
        );
    }
    assert_eq!(db.statements(), sent + 1);
    // Has-one, and a player without one.
    support::other(&scratch)
        .query_drop("INSERT INTO player_settings VALUES (3, 'light')")
        .unwrap();
    Player::load_setting(&mut db, &mut players).unwrap();
    let sent = db.statements();
    assert_eq!(
        players[2]
            .get_setting(&mut db, false)
            .unwrap()
            .unwrap()
            .get_theme(),
        "light"
    );
    assert!(players[0].get_setting(&mut db, false).unwrap().is_none());
    assert_eq!(db.statements(), sent);
    // More than 1,000 distinct keys: one statement per 1,000.
    let many: Vec<Player> = (0..2500).map(|_| Player::new()).collect();
    let mut many: Vec<Player> = many
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.set_name(format!("m{i}"));
            p
        })
        .collect();
    db.transaction(|db| many.iter_mut().try_for_each(|p| p.save(db)))
        .unwrap();
    let sent = db.statements();
    Player::load_items(&mut db, &mut many).unwrap();
    assert_eq!(db.statements(), sent + 3);
}

#[test]
fn removed_children_are_detached_by_the_next_save() {
    let Some(scratch) = support::scratch("remove") else {
        return;
    };
    let mut db = support::db(&scratch);
    seed(&mut db);
    // A nullable key (items.owner_id): the removed item stays, owned by no one.
    let mut p3 = Player::find(&mut db, 4).unwrap().unwrap();
    let first = p3.get_items(&mut db, false).unwrap()[0].get_id().unwrap();
    let removed = p3.remove_item(first).unwrap();
    assert_eq!(removed.get_id(), Some(first));
    assert!(p3.remove_item(first).is_none());
    assert_eq!(
        p3.get_items(&mut db, true).unwrap().len(),
        2,
        "reload keeps it out"
    );
    p3.save(&mut db).unwrap();
    let orphaned = format!("SELECT COUNT(*) FROM items WHERE id = {first} AND owner_id IS NULL");
    assert_eq!(support::count(&scratch, &orphaned), 1);
    // A NOT NULL key (items.blueprint_id): the removed item's row is deleted.
    let mut sword = Blueprint::find(&mut db, 1).unwrap().unwrap();
    let items = sword.get_items(&mut db, false).unwrap();
    let (a, b) = (items[0].get_id().unwrap(), items[1].get_id().unwrap());
    sword.remove_item(a).unwrap();
    sword.save(&mut db).unwrap();
    assert_eq!(
        support::count(
            &scratch,
            &format!("SELECT COUNT(*) FROM items WHERE id = {a}")
        ),
        0
    );
    // A failed save puts the list back: the next save tries again.
    support::other(&scratch)
        .query_drop(
            "CREATE TRIGGER keep BEFORE DELETE ON items FOR EACH ROW \
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'kept'",
        )
        .unwrap();
    sword.remove_item(b).unwrap();
    let before = sword.clone();
    let error = sword.save(&mut db).unwrap_err();
    assert_eq!(error.server_code(), Some(1644));
    assert_eq!(format!("{sword:?}"), format!("{before:?}"));
    support::other(&scratch)
        .query_drop("DROP TRIGGER keep")
        .unwrap();
    sword.save(&mut db).unwrap();
    assert_eq!(
        support::count(
            &scratch,
            &format!("SELECT COUNT(*) FROM items WHERE id = {b}")
        ),
        0
    );
}

#[test]
fn a_has_one_setter_replaces_the_loaded_child() {
    let Some(scratch) = support::scratch("set_one") else {
        return;
    };
    let mut db = support::db(&scratch);
    let mut ann = Player::new();
    ann.set_name("ann");
    let mut setting = PlayerSetting::new();
    setting.set_theme("light");
    ann.set_setting(setting);
    ann.save(&mut db).unwrap();
    let themes = "SELECT GROUP_CONCAT(theme) FROM player_settings";
    assert_eq!(
        support::other(&scratch)
            .query_first::<String, _>(themes)
            .unwrap()
            .unwrap(),
        "light"
    );
    let mut ann = Player::find(&mut db, 1).unwrap().unwrap();
    assert!(ann.get_setting(&mut db, false).unwrap().is_some());
    let mut blue = PlayerSetting::new();
    blue.set_theme("blue");
    ann.set_setting(blue);
    ann.save(&mut db).unwrap();
    assert_eq!(
        support::other(&scratch)
            .query_first::<String, _>(themes)
            .unwrap()
            .unwrap(),
        "blue"
    );
}
