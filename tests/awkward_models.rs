//! golden/awkward_names/models.rs (from tests/sql/awkward_names.sql) against MariaDB: every
//! column type's round trip, server-made values read back, a composite primary key changed in
//! place, a table without primary key, names that are keywords or clash.

#[path = "../golden/awkward_names/models.rs"]
mod models;

mod common;

use models::*;
use rust_decimal::Decimal;

fn scratch(test: &str) -> Option<(common::scratch::Scratch, Db)> {
    let schema = common::repo().join("tests/sql/awkward_names.sql");
    let scratch = common::scratch::Scratch::new(&format!("awkward_{test}"), &[&schema])?;
    let db = Db::connect(&scratch.url()).unwrap();
    Some((scratch, db))
}

#[test]
fn every_type_round_trips_and_server_values_are_read_back() {
    let Some((_scratch, mut db)) = scratch("types") else {
        return;
    };
    let mut row = ErrorModel::new();
    row.set_3d_model(Some("cube".into()));
    row.set_ünïcödé(Some(Decimal::new(-12345678901234567, 10)));
    // TIME(0): whole seconds (the server would round a fraction; the record would keep it).
    let span = -(chrono::TimeDelta::hours(100) + chrono::TimeDelta::seconds(1));
    row.set_span(Some(span));
    row.set_born(Some(2024));
    row.set_flags(Some(vec![0b101]));
    row.set_tags(Some("x,y".into()));
    row.set_doc(Some(serde_json::json!({"a": [1, 2]})));
    row.save(&mut db).unwrap();
    let id = row.get_id().unwrap();
    assert_eq!(
        row.get_total(),
        Some(id as i32 * 2),
        "the generated column, read back"
    );
    assert!(
        row.get_at().unwrap().and_utc().timestamp() > 1_600_000_000,
        "DEFAULT CURRENT_TIMESTAMP"
    );

    let stored = ErrorModel::find(&mut db, id).unwrap().unwrap();
    assert_eq!(stored, row);
    assert_eq!(stored.get_span(), Some(span));
    assert_eq!(stored.get_flags(), Some(&[0b101][..]));
    assert_eq!(stored.get_born(), Some(2024));
    assert_eq!(stored.get_doc(), Some(serde_json::json!({"a": [1, 2]})));
    assert_eq!(
        ErrorModel::find_by_tags(&mut db, "x,y").unwrap(),
        [row.clone()]
    );
    assert_eq!(
        ErrorModel::find_by_3d_model(&mut db, "cube").unwrap().len(),
        1
    );

    row.set_born(None);
    row.save(&mut db).unwrap();
    assert_eq!(ErrorModel::find(&mut db, id).unwrap(), Some(row));
}

#[test]
fn enums_keywords_and_clashing_columns() {
    let Some((_scratch, mut db)) = scratch("enums") else {
        return;
    };
    let mut row = Type::new();
    assert_eq!(row.get_match(), "it's", "the DDL default, quote included");
    assert!(row.get_new(), "DEFAULT 1 on TINYINT(1)");
    for kind in [
        TypeKind::AB,
        TypeKind::AB2,
        TypeKind::AB3,
        TypeKind::V1st,
        TypeKind::Empty,
    ] {
        row = Type::new();
        row.set_kind(kind);
        row.set_foo_bar(Some(1));
        row.set_foo_bar_2(Some(2));
        row.set_meta(Some(3));
        row.save(&mut db).unwrap();
        let stored = Type::find(&mut db, row.get_self().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(stored.get_kind(), kind);
        assert_eq!(
            (stored.get_foo_bar(), stored.get_foo_bar_2()),
            (Some(1), Some(2))
        );
        assert_eq!(stored.get_meta(), Some(3));
    }
    assert_eq!(TypeKind::AB2.as_str(), "a_b");
    assert_eq!(
        Type::find_by_kind(&mut db, TypeKind::V1st).unwrap().len(),
        1
    );
}

#[test]
fn a_composite_primary_key_can_change_in_place() {
    let Some((scratch, mut db)) = scratch("composite") else {
        return;
    };
    let mut parent = OptionModel::new();
    parent.set_a(1);
    parent.set_b("one");
    let mut child = OptionModel::new();
    child.set_a(2);
    child.set_b("two");
    child.set_option(Some(parent));
    child.save(&mut db).unwrap();
    assert_eq!(child.get_parent_a(), Some(1));
    assert_eq!(child.get_parent_b(), Some("one"));

    child.set_b("deux");
    child.save(&mut db).unwrap();
    assert!(OptionModel::find(&mut db, 2, "two").unwrap().is_none());
    let mut stored = OptionModel::find(&mut db, 2, "deux").unwrap().unwrap();
    let parent = stored.get_option(&mut db, true).unwrap().unwrap();
    assert_eq!(parent.get_b(), "one");
    let children = parent.get_options_by_option(&mut db, false).unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].get_b(), "deux");
    assert!(stored.delete(&mut db).unwrap());
    assert_eq!(scratch.count("SELECT COUNT(*) FROM options"), 1);
}

#[test]
fn a_table_without_primary_key_inserts_but_does_not_update() {
    let Some((scratch, mut db)) = scratch("no_key") else {
        return;
    };
    let mut option = OptionModel::new();
    option.set_a(1);
    option.set_b("x");
    let mut note = NoKey::new();
    note.set_note(Some("first".into()));
    option.add_no_key(note);
    option.save(&mut db).unwrap();
    assert_eq!(
        scratch.count("SELECT COUNT(*) FROM no_key WHERE option_a = 1"),
        1
    );

    let mut notes = NoKey::find_by_option_a_and_option_b(&mut db, 1, "x").unwrap();
    assert_eq!(notes[0].get_note(), Some("first"));
    notes[0].set_note(Some("changed".into()));
    assert!(matches!(
        notes[0].save(&mut db),
        Err(Error::NoPrimaryKey { table: "no_key" })
    ));
}
