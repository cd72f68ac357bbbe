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

use models::{Blueprint, Db, Item};
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
    memory(&mut db);
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
    let loaded = blueprint.get_items(db, true).unwrap().len();
    let eager = peak_kb().saturating_sub(base);
    println!(
        "{:<38} {:>9} KB {:>9} KB (1,000,000 rows; lazy: flat, whatever the count)",
        "peak memory growth: lazy vs loaded", lazy, eager
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
