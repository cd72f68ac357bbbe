//! The generated gamedb models against the same statements sent through the raw `mysql` crate,
//! side by side in one run (the machine is shared and noisy: read the ratios).
//!
//! `cargo bench --bench runtime` (MariaDB at MYSQL_URL, default mysql://root@127.0.0.1:3306).
//! Each operation runs in alternating rounds, models and raw, on the same connection
//! (`Db::conn`); the ratio is of the medians of the rounds. Then peak memory: iterating 1,000,000 rows
//! with the lazy has-many versus loading them all.

#[path = "../golden/gamedb/models.rs"]
#[allow(dead_code)]
mod models;

use models::{Blueprint, Db, InventoryEntry, Item, Player};
use mysql::prelude::Queryable;
use std::time::{Duration, Instant};

const ROUNDS: usize = 21;

fn main() {
    let server =
        std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
    let name = format!("modelgen_bench_{}", std::process::id());
    let mut admin = mysql::Conn::new(mysql::Opts::from_url(&server).unwrap()).unwrap();
    admin
        .query_drop(format!("CREATE DATABASE `{name}`"))
        .unwrap();
    let url = format!("{}/{name}", server.trim_end_matches('/'));
    let outcome = std::panic::catch_unwind(|| run(&url));
    admin.query_drop(format!("DROP DATABASE `{name}`")).unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

fn run(url: &str) {
    let mut db = Db::connect(url).unwrap();
    for file in [
        "001_core.sql",
        "002_mobiles.sql",
        "003_inventory.sql",
        "004_trades.sql",
    ] {
        let path = format!(
            "{}/migrations-samples/gamedb/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        db.conn()
            .query_drop(std::fs::read_to_string(path).unwrap())
            .unwrap();
    }
    let mut blueprint = Blueprint::new();
    blueprint.set_name("sword");
    blueprint.save(&mut db).unwrap();
    let blueprint_id = blueprint.get_id().unwrap();

    println!(
        "{:<38} {:>12} {:>12} {:>7}",
        "operation", "models", "raw mysql", "ratio"
    );
    let mut ids = Vec::new();
    report("insert (one row)", 200, "<= 1.10", |models, _| {
        if models {
            let mut item = Item::new();
            item.set_blueprint_id(blueprint_id);
            item.save(&mut db).unwrap();
            ids.push(item.get_id().unwrap());
        } else {
            db.conn()
                .exec_drop(
                    "INSERT INTO `items` (`blueprint_id`, `durability`) VALUES (?, ?)",
                    (blueprint_id, 100),
                )
                .unwrap();
            ids.push(db.conn().last_insert_id() as i32);
        }
    });
    report("find by primary key", 400, "<= 1.10", |models, i| {
        let id = ids[i % ids.len()];
        if models {
            std::hint::black_box(Item::find(&mut db, id).unwrap().unwrap());
        } else {
            let row: Option<(i32, i32, u16)> = db
                .conn()
                .exec_first(
                    "SELECT `id`, `blueprint_id`, `durability` FROM `items` WHERE `id` = ?",
                    (id,),
                )
                .unwrap();
            std::hint::black_box(row.unwrap());
        }
    });
    let mut items: Vec<Item> = ids
        .iter()
        .map(|id| Item::find(&mut db, *id).unwrap().unwrap())
        .collect();
    report("update of one column", 200, "<= 1.10", |models, i| {
        // A new value each time, so that every UPDATE writes.
        let (index, value) = (i % items.len(), i as u16);
        if models {
            items[index].set_durability(value);
            items[index].save(&mut db).unwrap();
        } else {
            db.conn()
                .exec_drop(
                    "UPDATE `items` SET `durability` = ? WHERE `id` = ?",
                    (value, ids[index]),
                )
                .unwrap();
        }
    });

    db.conn()
        .exec_drop(
            "INSERT INTO items (blueprint_id) SELECT ? FROM seq_1_to_10000",
            (blueprint_id,),
        )
        .unwrap();
    let mut blueprint = Blueprint::find(&mut db, blueprint_id).unwrap().unwrap();
    report("has-many load (10,000+ rows)", 3, "<= 1.20", |models, _| {
        if models {
            let items = blueprint.get_items(&mut db, true).unwrap();
            std::hint::black_box(items.len());
        } else {
            let rows: Vec<(i32, i32, u16)> = db
                .conn()
                .exec(
                    "SELECT `id`, `blueprint_id`, `durability` FROM `items` WHERE `blueprint_id` = ? \
                     ORDER BY `id`",
                    (blueprint_id,),
                )
                .unwrap();
            std::hint::black_box(rows.len());
        }
    });
    query_page(&mut db, blueprint_id);
    batch_loading(&mut db);
    cascade(&mut db, blueprint_id);
    insert_many(&mut db, blueprint_id);
    memory(&mut db);
}

/// SPEC 9: a page of 50 rows through `query()` against the same statement through raw mysql
/// into the same structs (`Item` is a `mysql::prelude::FromRow`).
fn query_page(db: &mut Db, blueprint_id: i32) {
    report(
        "query().filter.order_by.limit(50)",
        200,
        "<= 1.05",
        |models, _| {
            if models {
                let page = Item::query()
                    .filter(Item::BLUEPRINT_ID.eq(blueprint_id))
                    .order_by(Item::ID.desc())
                    .limit(50)
                    .all(db)
                    .unwrap();
                std::hint::black_box(page.len());
            } else {
                let page: Vec<Item> = db
                    .conn()
                    .exec(
                        "SELECT `id`, `blueprint_id`, `durability` FROM `items` \
                     WHERE (`blueprint_id` = ?) ORDER BY `id` DESC LIMIT 50",
                        (blueprint_id,),
                    )
                    .unwrap();
                std::hint::black_box(page.len());
            }
        },
    );
}

/// 1,000 blueprints with 10 items each: `load_items` against each blueprint's getter (N+1),
/// in time and statements.
fn batch_loading(db: &mut Db) {
    let first = Blueprint::query().count(db).unwrap() + 1;
    db.conn()
        .query_drop("INSERT INTO blueprints (name) SELECT CONCAT('b', seq) FROM seq_1_to_1000")
        .unwrap();
    let parents = Blueprint::query()
        .filter(Blueprint::ID.ge(first as i32))
        .all(db)
        .unwrap();
    db.conn()
        .exec_drop(
            "INSERT INTO items (blueprint_id) SELECT b.id FROM blueprints b, seq_1_to_10 \
             WHERE b.id >= ?",
            (first,),
        )
        .unwrap();
    let mut statements = [0, 0];
    let times = versus(5, 2, |side| match side {
        0 => {
            let mut blueprints = parents.clone();
            let before = db.statements();
            Blueprint::load_items(db, &mut blueprints).unwrap();
            for blueprint in &mut blueprints {
                std::hint::black_box(blueprint.get_items(db, false).unwrap().len());
            }
            statements[0] = db.statements() - before;
        }
        _ => {
            let mut blueprints = parents.clone();
            let before = db.statements();
            for blueprint in &mut blueprints {
                std::hint::black_box(blueprint.get_items(db, false).unwrap().len());
            }
            statements[1] = db.statements() - before;
        }
    });
    println!(
        "{:<38} {:>12} {:>12} {:>6.1}x faster (target >= 20x); statements {} vs {}",
        "load_items: 1,000 parents x 10",
        format!("{:.1?}", times[0]),
        format!("{:.1?}", times[1]),
        times[1].as_secs_f64() / times[0].as_secs_f64(),
        statements[0],
        statements[1]
    );
}

/// A new player with 1,000 new inventory entries, each with a new item: one `save`, against a
/// prepared INSERT per row in one transaction (2,001 statements) and hand-written multi-row
/// INSERTs with RETURNING.
fn cascade(db: &mut Db, blueprint_id: i32) {
    let mut round = 0;
    let mut name = move || {
        round += 1;
        format!("p{round}")
    };
    let mut statements = 0;
    let times = versus(7, 3, |side| match side {
        0 => {
            let mut player = Player::new();
            player.set_name(name());
            for _ in 0..1000 {
                let mut item = Item::new();
                item.set_blueprint_id(blueprint_id);
                let mut entry = InventoryEntry::new();
                entry.set_item(item);
                player.add_inventory_entry(entry);
            }
            let before = db.statements();
            player.save(db).unwrap();
            statements = db.statements() - before;
        }
        1 => {
            let conn = db.conn();
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            tx.exec_drop("INSERT INTO `players` (`name`) VALUES (?)", (name(),))
                .unwrap();
            let player = tx.last_insert_id().unwrap();
            let item = tx
                .prep("INSERT INTO `items` (`blueprint_id`, `durability`) VALUES (?, ?)")
                .unwrap();
            let entry = tx
                .prep("INSERT INTO `inventory_entries` (`player_id`, `item_id`, `quantity`) VALUES (?, ?, ?)")
                .unwrap();
            for _ in 0..1000 {
                tx.exec_drop(&item, (blueprint_id, 100)).unwrap();
                let item_id = tx.last_insert_id().unwrap();
                tx.exec_drop(&entry, (player, item_id, 1)).unwrap();
            }
            tx.commit().unwrap();
        }
        _ => {
            let conn = db.conn();
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            tx.exec_drop("INSERT INTO `players` (`name`) VALUES (?)", (name(),))
                .unwrap();
            let player = tx.last_insert_id().unwrap();
            let items = vec!["(?, 100)"; 1000].join(", ");
            let sql = format!(
                "INSERT INTO `items` (`blueprint_id`, `durability`) VALUES {items} RETURNING `id`"
            );
            let ids: Vec<i32> = tx.exec(sql, vec![blueprint_id; 1000]).unwrap();
            let entries = vec!["(?, ?, 1)"; 1000].join(", ");
            let sql = format!("INSERT INTO `inventory_entries` (`player_id`, `item_id`, `quantity`) VALUES {entries}");
            let params: Vec<mysql::Value> = ids
                .iter()
                .flat_map(|&id| [mysql::Value::from(player), mysql::Value::from(id)])
                .collect();
            tx.exec_drop(sql, params).unwrap();
            tx.commit().unwrap();
        }
    });
    print_bulk("save: player + 1,000 entries + items", &times, statements);
}

/// 10,000 new items: `insert_all` against a prepared INSERT per row in one transaction and
/// hand-written multi-row INSERTs of 1,000 rows with RETURNING.
fn insert_many(db: &mut Db, blueprint_id: i32) {
    let mut statements = 0;
    let times = versus(7, 3, |side| match side {
        0 => {
            let mut items: Vec<Item> = (0..10_000)
                .map(|_| {
                    let mut item = Item::new();
                    item.set_blueprint_id(blueprint_id);
                    item
                })
                .collect();
            let before = db.statements();
            Item::insert_all(db, &mut items).unwrap();
            statements = db.statements() - before;
            std::hint::black_box(items[9_999].get_id());
        }
        1 => {
            let conn = db.conn();
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            let insert = tx
                .prep("INSERT INTO `items` (`blueprint_id`, `durability`) VALUES (?, ?)")
                .unwrap();
            let mut ids = Vec::with_capacity(10_000);
            for _ in 0..10_000 {
                tx.exec_drop(&insert, (blueprint_id, 100)).unwrap();
                ids.push(tx.last_insert_id().unwrap());
            }
            tx.commit().unwrap();
            std::hint::black_box(ids.len());
        }
        _ => {
            let conn = db.conn();
            let mut tx = conn.start_transaction(mysql::TxOpts::default()).unwrap();
            let rows = vec!["(?, 100)"; 1000].join(", ");
            let sql = format!(
                "INSERT INTO `items` (`blueprint_id`, `durability`) VALUES {rows} RETURNING `id`"
            );
            let mut ids: Vec<i32> = Vec::with_capacity(10_000);
            for _ in 0..10 {
                ids.extend(
                    tx.exec::<i32, _, _>(&sql, vec![blueprint_id; 1000])
                        .unwrap(),
                );
            }
            tx.commit().unwrap();
            std::hint::black_box(ids.len());
        }
    });
    print_bulk("insert_all: 10,000 items", &times, statements);
}

/// The models' time against (a) a prepared INSERT per row and (b) multi-row INSERTs.
fn print_bulk(label: &str, times: &[Duration], statements: u64) {
    println!(
        "{label:<38} {:>12} loop {:>10} ({:.1}x faster, target >= 10x); multi-row {:>10} ({:.2}x, target <= 1.2x); {statements} statements",
        format!("{:.1?}", times[0]),
        format!("{:.1?}", times[1]),
        times[1].as_secs_f64() / times[0].as_secs_f64(),
        format!("{:.1?}", times[2]),
        times[0].as_secs_f64() / times[2].as_secs_f64(),
    );
}

/// Runs each of `sides` (`run(side)`) once a round for `rounds` rounds, the order rotating each round, and gives
/// the median time of each side.
fn versus(rounds: usize, sides: usize, mut run: impl FnMut(usize)) -> Vec<Duration> {
    let mut times = vec![Vec::new(); sides];
    for round in 0..rounds {
        for k in 0..sides {
            let side = (round + k) % sides;
            let start = Instant::now();
            run(side);
            times[side].push(start.elapsed());
        }
    }
    times.into_iter().map(median).collect()
}

/// Runs `op(true, i)` (the models) and `op(false, i)` (raw mysql) `per_round` times each, in
/// alternating rounds on the same connection, and prints the median time of one operation and
/// the ratio.
fn report(label: &str, per_round: usize, target: &str, mut op: impl FnMut(bool, usize)) {
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut i = 0;
    for round in 0..ROUNDS {
        // Which side goes first alternates, so that neither always follows the other.
        for models in [round % 2 == 0, round % 2 == 1] {
            let start = Instant::now();
            for _ in 0..per_round {
                op(models, i);
                i += 1;
            }
            let time = start.elapsed() / per_round as u32;
            if models {
                ours.push(time);
            } else {
                theirs.push(time);
            }
        }
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "{label:<38} {:>12} {:>12} {:>6.2}x (target {target})",
        format!("{ours:.1?}"),
        format!("{theirs:.1?}"),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Peak RSS while iterating 1,000,000 rows lazily, then while loading them all.
fn memory(db: &mut Db) {
    db.conn()
        .query_drop("INSERT INTO blueprints (name) VALUES ('many')")
        .unwrap();
    let many = db.conn().last_insert_id() as i32;
    db.conn()
        .exec_drop(
            "INSERT INTO items (blueprint_id) SELECT ? FROM seq_1_to_1000000",
            (many,),
        )
        .unwrap();
    let mut blueprint = Blueprint::find(db, many).unwrap().unwrap();

    reset_peak();
    let base = peak_kb();
    let mut count = 0u64;
    for item in blueprint.get_items_lazy(db).unwrap() {
        count += u64::from(item.unwrap().get_durability());
    }
    let lazy = peak_kb().saturating_sub(base);
    std::hint::black_box(count);

    reset_peak();
    let base = peak_kb();
    let mut count = 0u64;
    let query = Item::query().filter(Item::BLUEPRINT_ID.eq(many));
    for item in query.lazy(db).unwrap() {
        count += u64::from(item.unwrap().get_durability());
    }
    let query_lazy = peak_kb().saturating_sub(base);
    std::hint::black_box(count);

    reset_peak();
    let base = peak_kb();
    let loaded = blueprint.get_items(db, true).unwrap().len();
    let eager = peak_kb().saturating_sub(base);
    println!(
        "{:<38} {:>9} KB {:>9} KB (1,000,000 rows; lazy: flat, whatever the count)",
        "peak memory growth: lazy vs loaded", lazy, eager
    );
    println!(
        "{:<38} {:>9} KB (1,000,000 rows)",
        "peak memory growth: Query::lazy", query_lazy
    );
    assert_eq!(loaded, 1_000_000);
}

/// Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
