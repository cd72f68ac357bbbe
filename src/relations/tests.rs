use super::*;
use crate::Loaded;
use std::path::Path;

fn relations(sql: &str, infer: Infer) -> Relations {
    let mut loaded = Loaded::default();
    crate::apply_sql(Path::new("t.sql"), sql.as_bytes(), &mut loaded).unwrap();
    derive_relations(&loaded.catalog, &infer.into())
}

fn summary(relations: &Relations) -> Vec<String> {
    relations
        .relationships
        .iter()
        .map(|r| {
            let origin = match &r.origin {
                Origin::Constraint { name, .. } => name.clone(),
                Origin::Inferred => "inferred".into(),
                Origin::Configured => "configured".into(),
            };
            format!(
                "{}.{} -> {}.{} {:?} {origin}",
                r.table,
                r.columns.join(","),
                r.referenced_table,
                r.referenced_columns.join(","),
                r.cardinality
            )
        })
        .collect()
}

const PARENTS: &str =
    "CREATE TABLE players (id INT PRIMARY KEY);\nCREATE TABLE blueprints (id INT PRIMARY KEY);\n";

#[test]
fn declared_foreign_keys_are_one_to_many_unless_unique() {
    let sql = format!("{PARENTS}CREATE TABLE items (id INT PRIMARY KEY, blueprint_id INT, CONSTRAINT fk_b FOREIGN KEY (blueprint_id) REFERENCES blueprints (id));\nCREATE TABLE settings (player_id INT PRIMARY KEY, FOREIGN KEY (player_id) REFERENCES players (id));\nCREATE TABLE slots (id INT PRIMARY KEY, item_id INT UNIQUE, FOREIGN KEY (item_id) REFERENCES items (id))");
    assert_eq!(
        summary(&relations(&sql, Infer::Off)),
        [
            "items.blueprint_id -> blueprints.id OneToMany fk_b",
            "settings.player_id -> players.id OneToOne settings_ibfk_1",
            "slots.item_id -> items.id OneToOne slots_ibfk_1",
        ]
    );
}

#[test]
fn id_columns_are_inferred_by_plural_or_same_name() {
    let sql = format!("{PARENTS}CREATE TABLE person (id INT PRIMARY KEY);\nCREATE TABLE items (id INT PRIMARY KEY, blueprint_id INT, person_id INT, owner_id INT, label_id VARCHAR(3))");
    assert_eq!(
        summary(&relations(&sql, Infer::Auto)),
        [
            "items.blueprint_id -> blueprints.id OneToMany inferred",
            "items.person_id -> person.id OneToMany inferred"
        ],
        "owner_id names no table; a VARCHAR key is not an integer key"
    );
    assert!(relations(&sql, Infer::Off).relationships.is_empty());
}

#[test]
fn declared_keys_are_not_inferred_again() {
    let sql = format!("{PARENTS}CREATE TABLE items (id INT PRIMARY KEY, blueprint_id INT REFERENCES blueprints (id))");
    assert_eq!(relations(&sql, Infer::Auto).relationships.len(), 1);
}

#[test]
fn tables_are_ordered_parents_first_and_cycles_kept_together() {
    let sql = "CREATE TABLE c (id INT PRIMARY KEY, b_id INT);\nCREATE TABLE b (id INT PRIMARY KEY, a_id INT);\nCREATE TABLE a (id INT PRIMARY KEY, parent_id INT, REFERENCES_ignored INT);\nCREATE TABLE x (id INT PRIMARY KEY, y_id INT);\nCREATE TABLE y (id INT PRIMARY KEY, x_id INT)";
    let order = relations(sql, Infer::Auto).table_order;
    let position = |t: &str| order.iter().position(|o| o == t).unwrap();
    assert!(
        position("a") < position("b") && position("b") < position("c"),
        "{order:?}"
    );
    assert_eq!(
        (position("x") as i64 - position("y") as i64).abs(),
        1,
        "{order:?}"
    );
}

#[test]
fn a_key_named_after_its_own_table_refers_to_nothing() {
    let sql = "CREATE TABLE actor (actor_id INT PRIMARY KEY);\nCREATE TABLE film_actor (actor_id INT, film_id INT);\n";
    assert_eq!(
        summary(&relations(sql, Infer::Auto)),
        ["film_actor.actor_id -> actor.actor_id OneToMany inferred"]
    );
}
