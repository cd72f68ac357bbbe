//! The commands of `game`, one function each, on a [`Db`]: what `main` runs and what the tests
//! call. Each returns what it did, as the line `game` prints.

use crate::explain::explain;
use crate::models::{
    Blueprint, BlueprintRarity, Db, Error, InventoryEntry, Item, Player, PlayerSetting, SCHEMA_SQL,
};
use modelgen_runtime::mysql::prelude::Queryable;
use std::fmt;

/// Why a command failed: the database's error, or a name it does not know.
#[derive(Debug)]
pub enum Failure {
    Db(Error),
    NoPlayer(String),
    NoBlueprint(String),
    /// The player has no item of that blueprint.
    NotCarried {
        player: String,
        blueprint: String,
    },
    /// An import file that is not a JSON list of players.
    BadImport(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Db(e)
    }
}

impl From<modelgen_runtime::mysql::Error> for Failure {
    fn from(e: modelgen_runtime::mysql::Error) -> Failure {
        Failure::Db(Error::Db(e))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Db(e) => f.write_str(&explain(e)),
            Failure::NoPlayer(name) => write!(f, "no player is named '{name}' (`game players`)"),
            Failure::NoBlueprint(name) => write!(f, "no blueprint is named '{name}'"),
            Failure::NotCarried { player, blueprint } => {
                write!(f, "'{player}' carries no {blueprint}")
            }
            Failure::BadImport(why) => write!(f, "cannot import: {why}"),
        }
    }
}

pub type Outcome = Result<String, Failure>;

/// `setup`: the sample's tables, from the DDL models.rs was generated from.
pub fn setup(db: &mut Db) -> Outcome {
    // Several statements in one text: the driver reads each one's outcome.
    let mut outcomes = db.conn().query_iter(SCHEMA_SQL)?;
    while let Some(outcome) = outcomes.iter() {
        for row in outcome {
            row?;
        }
    }
    Ok("created the gamedb tables".into())
}

/// The blueprints `seed` makes, in order.
pub const BLUEPRINTS: [(&str, BlueprintRarity); 4] = [
    ("sword", BlueprintRarity::Rare),
    ("shield", BlueprintRarity::Common),
    ("potion", BlueprintRarity::Common),
    ("crown", BlueprintRarity::Epic),
];

/// `seed`: the blueprints, and `players` players (`player01`...) each with a theme and `items`
/// inventory entries, each entry a new item. One `insert_all` per table of new roots (a
/// multi-row INSERT); the cascade inserts the settings, items and entries.
pub fn seed(db: &mut Db, players: u32, items: u32) -> Outcome {
    db.transaction(|db| {
        let mut blueprints: Vec<Blueprint> = BLUEPRINTS.iter().map(new_blueprint).collect();
        Blueprint::insert_all(db, &mut blueprints)?;
        let kinds: Vec<i32> = blueprints.iter().filter_map(Blueprint::get_id).collect();
        let mut seeded: Vec<Player> = (1..=players)
            .map(|n| new_player(n, items, &kinds))
            .collect();
        Player::insert_all(db, &mut seeded)
    })?;
    Ok(format!(
        "seeded {} blueprints, {players} players with {items} items each",
        BLUEPRINTS.len()
    ))
}

fn new_blueprint((name, rarity): &(&str, BlueprintRarity)) -> Blueprint {
    let mut blueprint = Blueprint::new();
    blueprint.set_name(*name);
    blueprint.set_rarity(*rarity);
    blueprint
}

/// Player `n` (`player01`...), with a setting and `items` entries: entry `j` holds `n + j` of
/// a new item of a blueprint of `kinds` (by turns).
fn new_player(n: u32, items: u32, kinds: &[i32]) -> Player {
    let mut player = Player::new();
    player.set_name(format!("player{n:02}"));
    let mut setting = PlayerSetting::new();
    setting.set_theme(if n % 2 == 0 { "light" } else { "dark" });
    player.set_player_setting(setting);
    for j in 1..=items {
        let mut item = Item::new();
        item.set_blueprint_id(kinds[((n + j) as usize) % kinds.len()]);
        item.set_durability((100 - (n + j) % 50) as u16);
        let mut entry = InventoryEntry::new();
        entry.set_quantity((n + j) as i32);
        entry.set_item(item);
        player.add_inventory_entry(entry);
    }
    player
}

fn find_player(db: &mut Db, name: &str) -> Result<Player, Failure> {
    Player::find_by_name(db, name)?.ok_or_else(|| Failure::NoPlayer(name.into()))
}

fn find_blueprint(db: &mut Db, name: &str) -> Result<Blueprint, Failure> {
    let found = Blueprint::query()
        .filter(Blueprint::NAME.eq(name))
        .first(db)?;
    found.ok_or_else(|| Failure::NoBlueprint(name.into()))
}

/// `give`: a new item of the blueprint, `quantity` of it in the player's inventory. One save:
/// INSERT items, then INSERT inventory_entries with the new item's id, in one transaction.
pub fn give(db: &mut Db, player: &str, blueprint: &str, quantity: i32) -> Outcome {
    let mut owner = find_player(db, player)?;
    let mut item = Item::new();
    item.set_blueprint(find_blueprint(db, blueprint)?);
    let mut entry = InventoryEntry::new();
    entry.set_item(item);
    entry.set_quantity(quantity);
    owner.add_inventory_entry(entry);
    owner.save(db)?;
    Ok(format!("gave {quantity} {blueprint} to {player}"))
}

/// The player's entries of the blueprint's items: one statement (a subquery in `filter_sql`).
fn entries_of(
    db: &mut Db,
    player: &Player,
    blueprint: &Blueprint,
) -> Result<Vec<InventoryEntry>, Failure> {
    let owner = player.get_id().expect("loaded");
    let entries = InventoryEntry::query()
        .filter(InventoryEntry::PLAYER_ID.eq(owner))
        .filter_sql(
            "item_id IN (SELECT id FROM items WHERE blueprint_id = ?)",
            (blueprint.get_id(),),
        )
        .all(db)?;
    Ok(entries)
}

/// `take`: `quantity` fewer of the player's first entry of the blueprint (one UPDATE of that
/// column alone); an entry that reaches 0 is deleted.
pub fn take(db: &mut Db, player: &str, blueprint: &str, quantity: i32) -> Outcome {
    let owner = find_player(db, player)?;
    let kind = find_blueprint(db, blueprint)?;
    let Some(mut entry) = entries_of(db, &owner, &kind)?.into_iter().next() else {
        return Err(Failure::NotCarried {
            player: player.into(),
            blueprint: blueprint.into(),
        });
    };
    let left = entry.get_quantity() - quantity;
    if left > 0 {
        entry.set_quantity(left);
        entry.save(db)?;
        return Ok(format!("{player} has {left} {blueprint} left"));
    }
    entry.delete(db)?;
    Ok(format!("{player} has no {blueprint} left"))
}

/// `rename`: one UPDATE of the name; a name taken is the server's duplicate key.
pub fn rename(db: &mut Db, player: &str, new_name: &str) -> Outcome {
    let mut renamed = find_player(db, player)?;
    renamed.set_name(new_name);
    renamed.save(db)?;
    Ok(format!("{player} is now {new_name}"))
}

/// `theme`: the player's setting changed, or made (the has-one setter) when there is none; the
/// save writes it.
pub fn theme(db: &mut Db, player: &str, theme: &str) -> Outcome {
    let mut owner = find_player(db, player)?;
    match owner.get_player_setting(db, false)? {
        Some(setting) => setting.set_theme(theme),
        None => {
            let mut setting = PlayerSetting::new();
            setting.set_theme(theme);
            owner.set_player_setting(setting);
        }
    }
    owner.save(db)?;
    Ok(format!("{player}'s theme is {theme}"))
}

/// `import`: players from JSON (a list of objects with the columns of `players`, as serde
/// gives them), inserted with `insert_all`: all in one transaction, or none. Returns them as
/// saved (ids and server defaults included), as JSON.
pub fn import(db: &mut Db, json: &str) -> Outcome {
    let mut players: Vec<Player> =
        serde_json::from_str(json).map_err(|e| Failure::BadImport(e.to_string()))?;
    Player::insert_all(db, &mut players)?;
    serde_json::to_string_pretty(&players).map_err(|e| Failure::BadImport(e.to_string()))
}

/// `forget`: the player's entries of the blueprint taken out of the loaded list
/// (`remove_inventory_entry`); the save deletes their rows (the key is NOT NULL) in its
/// transaction, or restores the list when it fails.
pub fn forget(db: &mut Db, player: &str, blueprint: &str) -> Outcome {
    let mut owner = find_player(db, player)?;
    let kind = find_blueprint(db, blueprint)?;
    let entries = owner.get_inventory_entries(db, false)?;
    InventoryEntry::load_item(db, entries)?;
    let mut forgotten = Vec::new();
    for entry in entries.iter_mut() {
        let item = entry.get_item(db, true)?;
        if item.is_some_and(|item| item.get_blueprint_id() == kind.get_id().unwrap_or_default()) {
            forgotten.extend(entry.get_id());
        }
    }
    for id in &forgotten {
        owner.remove_inventory_entry(*id);
    }
    owner.save(db)?;
    Ok(format!(
        "{player} forgot {} {blueprint} entries",
        forgotten.len()
    ))
}
