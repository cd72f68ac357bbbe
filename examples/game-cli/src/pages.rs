//! The players page (`game players`), written three ways to compare them: with the models and
//! batch loading (`page_via_load`), with the models' getters alone (`page_via_getters`), and in
//! raw SQL through the `mysql` driver the runtime re-exports (`page_via_raw`). The three give
//! the same rows; they differ in the statements they send and the code they take (the README's
//! table, which tests/session.rs keeps true).

use crate::models::{Db, InventoryEntry, Item, Player, Result};
use modelgen_runtime::mysql::prelude::Queryable;

/// One player of the page: name, theme (no settings row: `None`) and inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerRow {
    pub name: String,
    pub theme: Option<String>,
    pub items: Vec<ItemLine>,
}

/// One inventory entry: the item's blueprint, its durability and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine {
    pub blueprint: String,
    pub durability: u16,
    pub quantity: i32,
}

/// Which page: players whose name starts with `name_prefix`, by name, `per_page` a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// From 1.
    pub page: u64,
    pub per_page: u64,
    pub name_prefix: String,
}

impl PageRequest {
    /// Rows before the page.
    pub fn offset(&self) -> u64 {
        self.page.saturating_sub(1) * self.per_page
    }

    /// The LIKE pattern of the prefix: its own `%`, `_` and `\` match only themselves.
    pub fn name_pattern(&self) -> String {
        let mut pattern = String::new();
        for c in self.name_prefix.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern + "%"
    }
}

/// The three ways of writing the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Models, `query()` and `load_*`: one statement per table.
    Load,
    /// Models and their getters: one statement per getter call that misses its cache (N+1).
    Getters,
    /// One JOIN through the `mysql` driver, rows folded by hand.
    Raw,
}

/// The page, written the way `via` says.
pub fn players_page(db: &mut Db, via: Via, request: &PageRequest) -> Result<Vec<PlayerRow>> {
    match via {
        Via::Load => page_via_load(db, request),
        Via::Getters => page_via_getters(db, request),
        Via::Raw => page_via_raw(db, request),
    }
}

/// `f`'s value and the statements it sent on `db`'s connection, as the server counts them
/// (`Questions`: every statement a client sends, the models' and raw SQL alike).
pub fn count_statements<T>(db: &mut Db, f: impl FnOnce(&mut Db) -> Result<T>) -> Result<(T, u64)> {
    let before = questions(db)?;
    let value = f(db)?;
    let after = questions(db)?;
    // The server counts the second SHOW STATUS before it reads the counter.
    Ok((value, after - before - 1))
}

fn questions(db: &mut Db) -> Result<u64> {
    let row: Option<(String, u64)> = db
        .conn()
        .query_first("SHOW SESSION STATUS LIKE 'Questions'")?;
    Ok(row.map_or(0, |(_, count)| count))
}

/// Models and batch loading: the players in one statement, then each relationship of the whole
/// page in one statement (settings, entries, their items, the items' blueprints).
pub fn page_via_load(db: &mut Db, request: &PageRequest) -> Result<Vec<PlayerRow>> {
    let mut players = Player::query()
        .filter(Player::NAME.like(&request.name_pattern()))
        .order_by(Player::NAME.asc())
        .limit(request.per_page)
        .offset(request.offset())
        .all(db)?;
    Player::load_player_setting(db, &mut players)?;
    Player::load_inventory_entries(db, &mut players)?;
    // Every player's entries in one slice, so that their items load in one statement.
    let mut entries = Vec::new();
    let mut owned = Vec::new();
    for player in &mut players {
        let own = std::mem::take(player.get_inventory_entries(db, false)?);
        owned.push(own.len());
        entries.extend(own);
    }
    InventoryEntry::load_item(db, &mut entries)?;
    let mut items = Vec::new();
    for entry in &mut entries {
        items.extend(entry.get_item(db, true)?.cloned());
    }
    Item::load_blueprint(db, &mut items)?;
    let mut lines = Vec::new();
    for (entry, item) in entries.iter().zip(&mut items) {
        let blueprint = item
            .get_blueprint(db, true)?
            .map(|b| b.get_name().to_string());
        lines.push(ItemLine {
            blueprint: blueprint.unwrap_or_default(),
            durability: item.get_durability(),
            quantity: entry.get_quantity(),
        });
    }
    let mut lines = lines.into_iter();
    let mut rows = Vec::new();
    for (player, count) in players.iter_mut().zip(owned) {
        let theme = player.get_player_setting(db, false)?;
        rows.push(PlayerRow {
            theme: theme.map(|s| s.get_theme().to_string()),
            name: player.get_name().to_string(),
            items: lines.by_ref().take(count).collect(),
        });
    }
    Ok(rows)
}

/// Models and their getters alone: the players in one statement, then each getter loads what
/// it needs for its own record (a statement per player per relationship, per entry per item).
pub fn page_via_getters(db: &mut Db, request: &PageRequest) -> Result<Vec<PlayerRow>> {
    let players = Player::query()
        .filter(Player::NAME.like(&request.name_pattern()))
        .order_by(Player::NAME.asc())
        .limit(request.per_page)
        .offset(request.offset())
        .all(db)?;
    let mut rows = Vec::new();
    for mut player in players {
        let theme = player.get_player_setting(db, false)?;
        let theme = theme.map(|s| s.get_theme().to_string());
        let mut items = Vec::new();
        for entry in player.get_inventory_entries(db, false)? {
            let quantity = entry.get_quantity();
            let Some(item) = entry.get_item(db, true)? else {
                continue;
            };
            let durability = item.get_durability();
            let blueprint = item
                .get_blueprint(db, true)?
                .map(|b| b.get_name().to_string());
            items.push(ItemLine {
                blueprint: blueprint.unwrap_or_default(),
                durability,
                quantity,
            });
        }
        let name = player.get_name().to_string();
        rows.push(PlayerRow { name, theme, items });
    }
    Ok(rows)
}

/// The page's one statement in raw SQL: the players of the page (a derived table, so that
/// LIMIT counts players, not joined rows), joined with what the page shows.
const PAGE_SQL: &str = "SELECT p.name, s.theme, b.name, i.durability, e.quantity \
     FROM (SELECT id, name FROM players WHERE name LIKE ? ORDER BY name LIMIT ? OFFSET ?) p \
     LEFT JOIN player_settings s ON s.player_id = p.id \
     LEFT JOIN inventory_entries e ON e.player_id = p.id \
     LEFT JOIN items i ON i.id = e.item_id \
     LEFT JOIN blueprints b ON b.id = i.blueprint_id \
     ORDER BY p.name, e.id";

/// A row of `PAGE_SQL`: the player's columns, then an entry's (all `NULL` for none).
type PageSqlRow = (
    String,
    Option<String>,
    Option<String>,
    Option<u16>,
    Option<i32>,
);

/// Raw SQL: one JOIN, its rows folded into players by hand.
pub fn page_via_raw(db: &mut Db, request: &PageRequest) -> Result<Vec<PlayerRow>> {
    let params = (request.name_pattern(), request.per_page, request.offset());
    log::debug!(target: "game", "{PAGE_SQL}");
    let joined: Vec<PageSqlRow> = db.conn().exec(PAGE_SQL, params)?;
    let mut rows: Vec<PlayerRow> = Vec::new();
    for (name, theme, blueprint, durability, quantity) in joined {
        if rows.last().is_none_or(|row| row.name != name) {
            rows.push(PlayerRow {
                name,
                theme,
                items: Vec::new(),
            });
        }
        if let (Some(durability), Some(quantity)) = (durability, quantity) {
            let row = rows.last_mut().expect("pushed above");
            row.items.push(ItemLine {
                blueprint: blueprint.unwrap_or_default(),
                durability,
                quantity,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_matches_itself_only() {
        let request = PageRequest {
            page: 3,
            per_page: 20,
            name_prefix: "a_b%".into(),
        };
        assert_eq!(request.name_pattern(), "a\\_b\\%%");
        assert_eq!(request.offset(), 40);
    }
}
