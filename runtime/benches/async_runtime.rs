//! The async flavour's generated gamedb models against the same statements sent through raw
//! sqlx, side by side in one run on one connection (the machine is shared and noisy: read the
//! ratios). `cargo bench -p modelgen-runtime --features async --bench async_runtime` (MariaDB
//! at MYSQL_URL, default mysql://root@127.0.0.1:3306). As benches/runtime.rs for the sync
//! flavour: alternating rounds, the ratio of the medians.

#[path = "../../golden/gamedb_async/models.rs"]
#[allow(dead_code, unused_imports)] // its tests module, which a bench does not run
mod models;

use models::{Blueprint, Db, Item};
use mysql::prelude::Queryable;
use sqlx::Row;
use std::time::{Duration, Instant};

const ROUNDS: usize = 21;

fn main() {
    let server =
        std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
    let name = format!("modelgen_bench_async_{}", std::process::id());
    let mut admin = mysql::Conn::new(mysql::Opts::from_url(&server).unwrap()).unwrap();
    admin
        .query_drop(format!("CREATE DATABASE `{name}`"))
        .unwrap();
    let url = format!("{}/{name}", server.trim_end_matches('/'));
    for file in [
        "001_core.sql",
        "002_mobiles.sql",
        "003_inventory.sql",
        "004_trades.sql",
    ] {
        let path = format!(
            "{}/../migrations-samples/gamedb/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        admin.query_drop(format!("USE `{name}`")).unwrap();
        admin
            .query_drop(std::fs::read_to_string(path).unwrap())
            .unwrap();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let outcome = std::panic::catch_unwind(|| runtime.block_on(run(&url)));
    admin.query_drop(format!("DROP DATABASE `{name}`")).unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

async fn run(url: &str) {
    let mut db = Db::connect(url).await.unwrap();
    let mut blueprint = Blueprint::new();
    blueprint.set_name("sword");
    blueprint.save(&mut db).await.unwrap();
    let blueprint_id = blueprint.get_id().unwrap();
    println!(
        "{:<38} {:>12} {:>12} {:>7}",
        "operation", "models", "raw sqlx", "ratio"
    );
    let mut ids = Vec::new();
    report(
        "insert (one row)",
        200,
        &mut (&mut db, &mut ids),
        async |(db, ids), models, _| {
            if models {
                let mut item = Item::new();
                item.set_blueprint_id(blueprint_id);
                item.save(db).await.unwrap();
                ids.push(item.get_id().unwrap());
            } else {
                let sql = "INSERT INTO `items` (`blueprint_id`, `durability`) VALUES (?, ?)";
                let done = sqlx::query(sql)
                    .bind(blueprint_id)
                    .bind(100u16)
                    .execute(db.conn().await.unwrap())
                    .await
                    .unwrap();
                ids.push(done.last_insert_id() as i32);
            }
        },
    )
    .await;
    report(
        "find by primary key",
        400,
        &mut (&mut db, &ids),
        async |(db, ids), models, i| {
            let id = ids[i % ids.len()];
            if models {
                std::hint::black_box(Item::find(db, id).await.unwrap().unwrap());
            } else {
                let sql = "SELECT `id`, `blueprint_id`, `durability` FROM `items` WHERE `id` = ?";
                let row = sqlx::query(sql)
                    .bind(id)
                    .fetch_optional(db.conn().await.unwrap())
                    .await
                    .unwrap()
                    .unwrap();
                let row: (i32, i32, u16) = (row.get(0), row.get(1), row.get(2));
                std::hint::black_box(row);
            }
        },
    )
    .await;
    let mut items = Item::find_many(&mut db, &ids).await.unwrap();
    report(
        "update of one column",
        200,
        &mut (&mut db, &mut items),
        async |(db, items), models, i| {
            let (index, value) = (i % items.len(), i as u16);
            if models {
                items[index].set_durability(value);
                items[index].save(db).await.unwrap();
            } else {
                let id = items[index].get_id().unwrap();
                sqlx::query("UPDATE `items` SET `durability` = ? WHERE `id` = ?")
                    .bind(value)
                    .bind(id)
                    .execute(db.conn().await.unwrap())
                    .await
                    .unwrap();
            }
        },
    )
    .await;
    sqlx::query("INSERT INTO items (blueprint_id) SELECT ? FROM seq_1_to_10000")
        .bind(blueprint_id)
        .execute(db.conn().await.unwrap())
        .await
        .unwrap();
    let mut blueprint = Blueprint::find(&mut db, blueprint_id)
        .await
        .unwrap()
        .unwrap();
    report(
        "has-many load (10,000+ rows)",
        3,
        &mut (&mut db, &mut blueprint),
        async |(db, blueprint), models, _| {
            if models {
                let items = blueprint.get_items(db, true).await.unwrap();
                std::hint::black_box(items.len());
            } else {
                let sql = "SELECT `id`, `blueprint_id`, `durability` FROM `items` \
                       WHERE `blueprint_id` = ? ORDER BY `id`";
                let rows = sqlx::query(sql)
                    .bind(blueprint_id)
                    .fetch_all(db.conn().await.unwrap())
                    .await
                    .unwrap();
                let rows: Vec<(i32, i32, u16)> = rows
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect();
                std::hint::black_box(rows.len());
            }
        },
    )
    .await;
    report(
        "query().all() (10,000+ rows)",
        3,
        &mut db,
        async |db, models, _| {
            if models {
                let items = Item::query()
                    .filter(Item::BLUEPRINT_ID.eq(blueprint_id))
                    .all(db)
                    .await
                    .unwrap();
                std::hint::black_box(items.len());
            } else {
                let sql = "SELECT `id`, `blueprint_id`, `durability` FROM `items` \
                       WHERE (`blueprint_id` = ?) ORDER BY `id`";
                let rows = sqlx::query(sql)
                    .bind(blueprint_id)
                    .fetch_all(db.conn().await.unwrap())
                    .await
                    .unwrap();
                let rows: Vec<(i32, i32, u16)> = rows
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2)))
                    .collect();
                std::hint::black_box(rows.len());
            }
        },
    )
    .await;
}

/// Runs `op(state, true, i)` (the models) and `op(state, false, i)` (raw sqlx) `per_round`
/// times each, in alternating rounds, and prints the median time of one operation and the
/// ratio.
async fn report<S, F>(label: &str, per_round: usize, state: &mut S, mut op: F)
where
    F: AsyncFnMut(&mut S, bool, usize),
{
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut i = 0;
    for round in 0..ROUNDS {
        for models in [round % 2 == 0, round % 2 == 1] {
            let start = Instant::now();
            for _ in 0..per_round {
                op(state, models, i).await;
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
        "{label:<38} {:>12} {:>12} {:>6.2}x",
        format!("{ours:.1?}"),
        format!("{theirs:.1?}"),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
