//! The tests of the generated models (`--tests FILE`, SPEC §7), on the harness of
//! modelgen-runtime (`rt::testing`: a scratch database built from `SCHEMA_SQL`, sample
//! values): a sample-record builder per table (parents first, cycles broken), a round trip of
//! every table, and both sides of every relationship with a failed cascade.

mod cycles;
mod samples;
mod serde;

use super::code::{atom, call, rust_string, Code};
use super::plan::{Field, Link, Model};
use super::types::Passing;
use super::Features;
use crate::catalog::quote_identifier as quote;
use cycles::{cycle_breaks, required_link, required_parents, untestable};
use samples::{far_value, needs_value, nulled_key, uses_n, value};
use std::collections::BTreeSet;

/// The sample helpers of `rt::testing` a tests file may call.
const HELPERS: [&str; 9] = [
    "ask_bool",
    "bits",
    "bytes",
    "date",
    "exec",
    "exec_params",
    "next",
    "shape",
    "text",
];

/// The text of the tests file for `models`.
pub fn emit_tests(models: &[Model], features: Features) -> String {
    let mut code = Code::new(features.runtime);
    let breaks = cycle_breaks(models);
    let detached: BTreeSet<usize> = breaks.iter().map(|&(_, parent)| parent).collect();
    let untestable = untestable(models, &detached);
    for (number, model) in models.iter().enumerate() {
        code.blank();
        match untestable.get(model.name) {
            Some(reason) => {
                code.line(&format!(
                    "// `{}` gets no tests: {reason}.",
                    model.table.table_name
                ));
            }
            None => {
                emit_sample(&mut code, number, models, &breaks);
                if detached.contains(&number) {
                    code.blank();
                    emit_detached(&mut code, model);
                }
            }
        }
    }
    let mut tests = 0;
    for model in models.iter().filter(|m| !untestable.contains_key(m.name)) {
        code.blank();
        if model.has_key() {
            emit_round_trip(&mut code, model, models);
        } else {
            emit_insert_only(&mut code, model);
        }
        tests += 1;
        if let [key] = model.key.as_slice() {
            code.blank();
            emit_query(&mut code, model, &model.fields[*key]);
            tests += 1;
        }
        if features.serde {
            code.blank();
            serde::emit_serde(&mut code, model);
            tests += 1;
        }
    }
    let mut triggers = Vec::new();
    for (number, model) in models.iter().enumerate() {
        if untestable.contains_key(model.name) {
            continue;
        }
        let links: Vec<&Link> = model
            .parents
            .iter()
            .filter(|l| !untestable.contains_key(models[l.parent].name))
            .collect();
        for link in &links {
            code.blank();
            emit_relationship_test(&mut code, number, model, link, models);
            tests += 1;
        }
        if !links.is_empty() {
            triggers.push(refusing_trigger(number, model, &links));
        }
    }
    if tests == 0 {
        // No table can be sampled: the file says why, and holds nothing that would go unused.
        return format!("{HEADER}\n{}", code.finish());
    }
    code.blank();
    code.doc("The tests of this file: the last to end drops the scratch database.");
    code.line(&format!("const TESTS: usize = {tests};"));
    code.blank();
    code.doc("The scratch database of these tests.");
    code.bind(
        "static DATABASE: rt::testing::Shared",
        &call(
            "rt::testing::Shared::new",
            vec![atom("SCHEMA_SQL"), atom("REFUSED_INSERTS"), atom("TESTS")],
        ),
        ";",
    );
    code.blank();
    code.doc(
        "Triggers that refuse an INSERT into a table when a connection asks (`@modelgen_refuse`), \
         after `@modelgen_skip` others, keeping the new row's keys in user variables: the \
         rollback tests make a cascade fail at its last statement.",
    );
    if triggers.is_empty() {
        code.line("const REFUSED_INSERTS: &[&str] = &[];");
    } else {
        code.sql_array("const REFUSED_INSERTS: &[&str] = &[", &triggers, "];");
    }
    let runtime = code.runtime;
    let body = code.finish();
    header(&body, runtime) + &body
}

/// The file's first lines: what it is, how to run it, and the helpers `body` calls.
fn header(body: &str, runtime: super::Runtime) -> String {
    let used: Vec<&str> = HELPERS.iter().copied().filter(|h| calls(body, h)).collect();
    let mut code = Code::default();
    for line in HEADER.lines() {
        code.line(line);
    }
    code.blank();
    code.line("use super::rt;");
    code.line("use super::*;");
    if ["query_drop", "query_first", "exec_drop"]
        .iter()
        .any(|m| body.contains(&format!(".{m}(")))
    {
        code.line("use rt::mysql::prelude::Queryable;");
    }
    if runtime.is_async() && body.contains(".map(Result::unwrap)") {
        code.line("use rt::futures_util::StreamExt;");
    }
    match used.as_slice() {
        [] => {}
        [one] => code.line(&format!("use rt::testing::{one};")),
        _ => code.line(&format!("use rt::testing::{{{}}};", used.join(", "))),
    }
    code.finish()
}

/// A test function's name, at most 64 characters as MySQL's names are: a longer one keeps
/// its first 55 and a hash of the whole (two long table names would make a 130-character
/// name, on which rustfmt's style editions disagree).
fn test_name(name: &str) -> String {
    if name.len() <= 64 {
        return name.to_string();
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let cut = name.char_indices().nth(55).map_or(name.len(), |(i, _)| i);
    format!("{}_{:08x}", name[..cut].trim_end_matches('_'), hash as u32)
}

/// Does `body` call the function `name` (not a method or another name ending so)?
fn calls(body: &str, name: &str) -> bool {
    body.match_indices(&format!("{name}(")).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':')
    })
}

const HEADER: &str = "// @generated by modelgen: do not edit, run modelgen again.
//
// Tests of the models of the file that includes this one, against the server of
// MODELGEN_TEST_DATABASE_URL (mysql://user:password@host:port). The first test to start makes
// a scratch database there and builds the schema from SCHEMA_SQL; the last to end drops it,
// failed or not. Nothing they do reaches outside that database. Without the variable each
// test fails, saying how to run it, unless MODELGEN_SKIP_DB=1: then they pass, saying so.";

/// The trigger of REFUSED_INSERTS for the model numbered `number`: it keeps the key columns of
/// `links` in `@modelgen_<number>_<column position>`.
fn refusing_trigger(number: usize, model: &Model, links: &[&Link]) -> String {
    let positions: BTreeSet<usize> = links
        .iter()
        .flat_map(|l| model.positions(&l.relationship.columns))
        .collect();
    let keep: Vec<String> = positions
        .iter()
        .map(|&i| {
            let column = quote(&model.fields[i].column.column_name);
            format!("{} = NEW.{column}", key_variable(number, i))
        })
        .collect();
    format!(
        "CREATE TRIGGER `modelgen_refuse_{number}` BEFORE INSERT ON {} FOR EACH ROW \
         IF @modelgen_refuse = {number} THEN \
         IF @modelgen_skip > 0 THEN SET @modelgen_skip = @modelgen_skip - 1; \
         ELSE SET {}; \
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by a modelgen rollback test'; \
         END IF; END IF",
        quote(&model.table.table_name),
        keep.join(", ")
    )
}

/// The user variable where the refusing trigger of model `number` keeps column `position`.
fn key_variable(number: usize, position: usize) -> String {
    format!("@modelgen_{number}_{position}")
}

/// `let value = ...; record.set_<column>(value);`: short lines whatever the names.
fn set_value(code: &mut Code, field: &Field, value: &str) {
    code.assign("let value", value);
    code.line(&format!("record.set_{}(value);", field.stem));
}

/// Another NOT NULL key of `model` whose columns hold all of `link`'s and more (flipt's
/// `variants`(namespace_key, flag_key) -> `flags` holds (namespace_key) -> `namespaces`;
/// TPC-C's `orders`(o_w_id, o_d_id) -> `district` holds (o_w_id) -> `warehouse`), as text.
/// Samples set that key, and `link`'s follows from it: a parent of its own would break the
/// other key.
fn covering(model: &Model, link: &Link) -> Option<String> {
    let columns = &link.relationship.columns;
    let other = model.parents.iter().find(|other| {
        let wider = &other.relationship.columns;
        wider.len() > columns.len()
            && columns.iter().all(|c| wider.contains(c))
            && required_link(model, other)
    })?;
    let r = other.relationship;
    Some(format!(
        "`{}`({}) -> `{}`",
        r.table,
        r.columns.join(", "),
        r.referenced_table
    ))
}

fn sample_fn(model: &Model) -> String {
    format!("sample_{}", crate::naming::snake(model.name))
}

/// `sample_<model>(db)`: a new record with a value in every column it sets itself, its
/// NOT NULL parents made and saved first (detached ones where a key closes a cycle).
fn emit_sample(
    code: &mut Code,
    number: usize,
    models: &[Model],
    breaks: &BTreeSet<(usize, usize)>,
) {
    let model = &models[number];
    code.doc(&format!(
        "A new `{}` record with sample values; the parents its NOT NULL keys need are saved first.",
        model.table.table_name
    ));
    let uses_db = !required_parents(model, models).is_empty();
    let db = if uses_db {
        "db: &mut rt::Db"
    } else {
        "_db: &mut rt::Db"
    };
    let keyword = if code.runtime.is_async() {
        "async fn"
    } else {
        "fn"
    };
    code.signature(
        &format!("{keyword} {}", sample_fn(model)),
        &[db.into()],
        model.name,
    );
    let values: Vec<(&Field, String)> = model
        .fields
        .iter()
        .filter(|f| needs_value(model, f))
        .filter_map(|f| Some((f, value(f, "n")?)))
        .collect();
    let nulled: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| nulled_key(model, f))
        .collect();
    if values.is_empty() && nulled.is_empty() && !uses_db {
        code.line(&format!("{}::new()", model.name));
        code.close("}");
        return;
    }
    if values.iter().any(|(f, _)| uses_n(f)) {
        code.line("let n = next();");
    }
    code.line(&format!("let mut record = {}::new();", model.name));
    for (field, value) in &values {
        set_value(code, field, value);
    }
    for field in nulled {
        set_value(code, field, "None");
    }
    let sampled = |l: &&Link| required_link(model, l) && covering(model, l).is_none();
    for link in model.parents.iter().filter(sampled) {
        let parent = &models[link.parent];
        let aw = aw(code);
        if breaks.contains(&(number, link.parent)) {
            code.line(&format!("let parent = {}(db){aw};", detached_fn(parent)));
        } else {
            code.line(&format!("let mut parent = {}(db){aw};", sample_fn(parent)));
            code.line(&format!("parent.save(db){aw}.unwrap();"));
        }
        let arg = if model_columns_required(model, link) {
            "parent"
        } else {
            "Some(parent)"
        };
        code.line(&format!("record.set_{}({arg});", link.names.belongs_to));
    }
    code.line("record");
    code.close("}");
}

fn detached_fn(model: &Model) -> String {
    format!("detached_{}", crate::naming::snake(model.name))
}

/// `detached_<model>(db)`: a saved record whose NOT NULL keys point nowhere, saved with foreign
/// key checks off; it breaks a cycle of NOT NULL keys. Its integer keys are far from any id
/// the tests make, so no parent's list ever holds it.
fn emit_detached(code: &mut Code, model: &Model) {
    code.doc(&format!(
        "A saved `{}` record whose NOT NULL foreign keys point nowhere: it breaks a cycle of \
         NOT NULL keys.",
        model.table.table_name
    ));
    let keyword = if code.runtime.is_async() {
        "async fn"
    } else {
        "fn"
    };
    code.signature(
        &format!("{keyword} {}", detached_fn(model)),
        &["db: &mut rt::Db".into()],
        model.name,
    );
    let keys: BTreeSet<usize> = model
        .parents
        .iter()
        .filter(|l| required_link(model, l))
        .flat_map(|l| model.positions(&l.relationship.columns))
        .collect();
    let values: Vec<(&Field, String)> = model
        .fields
        .iter()
        .filter(|f| needs_value(model, f) || keys.contains(&f.index))
        .filter_map(|f| {
            let value = if keys.contains(&f.index) {
                far_value(f).or_else(|| value(f, "n"))
            } else {
                value(f, "n")
            };
            Some((f, value?))
        })
        .collect();
    code.line("let n = next();");
    code.line(&format!("let mut record = {}::new();", model.name));
    for (field, value) in &values {
        set_value(code, field, value);
    }
    raw(code, "db", "\"SET foreign_key_checks = 0\"");
    code.line(&format!("record.save(db){}.unwrap();", aw(code)));
    raw(code, "db", "\"SET foreign_key_checks = 1\"");
    code.line("record");
    code.close("}");
}

/// The arguments of `find` for `record`'s primary key.
fn key_args(model: &Model, record: &str) -> Vec<String> {
    model
        .key
        .iter()
        .map(|&i| {
            let field = &model.fields[i];
            let get = format!("{record}.get_{}()", field.stem);
            if field.ty.optional {
                format!("{get}.unwrap()")
            } else {
                get
            }
        })
        .collect()
}

/// `<table>_round_trip`: insert, find, update a column, find, delete.
fn emit_round_trip(code: &mut Code, model: &Model, models: &[Model]) {
    let table = &model.table.table_name;
    let test = test_name(&format!("{}_round_trip", crate::naming::snake(model.name)));
    code.doc(&format!("`{table}`: insert, find, update, delete."));
    open_test(code, &test);
    let_await(
        code,
        "let mut record",
        &sample_fn(model),
        &["&mut db".into()],
    );
    code.line(&format!("record.save(&mut db){}.unwrap();", aw(code)));
    code.line("assert!(!record.is_new() && !record.is_dirty());");
    let mut args = vec!["&mut db".to_string()];
    args.extend(key_args(model, "record"));
    let_await(code, "let found", &format!("{}::find", model.name), &args);
    code.line("assert_eq!(found.unwrap(), Some(record.clone()));");
    let keys: BTreeSet<usize> = model
        .key
        .iter()
        .copied()
        .chain(
            model
                .parents
                .iter()
                .flat_map(|l| model.positions(&l.relationship.columns)),
        )
        .collect();
    let updatable: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| !keys.contains(&f.index) && needs_value(model, f) && value(f, "n").is_some())
        .collect();
    if let Some(field) = updatable.first() {
        if uses_n(field) {
            code.line("let n = next();");
        }
        set_value(code, field, &value(field, "n").expect("checked"));
        code.line("let before = db.statements();");
        code.line(&format!("record.save(&mut db){}.unwrap();", aw(code)));
        code.line("assert!(db.statements() > before, \"a changed record is written\");");
        let_await(code, "let found", &format!("{}::find", model.name), &args);
        code.line("assert_eq!(found.unwrap(), Some(record.clone()));");
    }
    code.line("let before = db.statements();");
    code.line(&format!("record.save(&mut db){}.unwrap();", aw(code)));
    code.line("assert_eq!(db.statements(), before, \"a clean save sends nothing\");");
    // A column the server rewrites on every UPDATE cannot show which columns ours named.
    let other = updatable
        .iter()
        .skip(1)
        .find(|f| uses_n(f) && !f.column.extra.to_ascii_lowercase().contains("on update"));
    if let (Some(field), Some(other)) = (updatable.first(), other) {
        emit_update_names_changed(code, model, field, other, &args);
    }
    if let Some(child) = unindexed_child(model, models) {
        code.line(&format!(
            "// InnoDB refuses to delete a row that `{child}` could refer to: no index of \
             `{child}` serves its foreign key."
        ));
        code.line(&format!(
            "let refused = record.delete(&mut db){}.unwrap_err();",
            aw(code)
        ));
        code.line("assert!(refused.is_foreign_key_violation(), \"{refused:?}\");");
        code.close("}");
        return;
    }
    code.line(&format!(
        "assert!(record.delete(&mut db){}.unwrap());",
        aw(code)
    ));
    let_await(code, "let found", &format!("{}::find", model.name), &args);
    code.line("assert!(found.unwrap().is_none());");
    code.close("}");
}

/// A table that refers to `model` by a foreign key whose columns lead no index of its own
/// (the index dropped under `foreign_key_checks = 0`): InnoDB then refuses every DELETE of
/// `model`'s rows (1451), referred to or not.
fn unindexed_child<'m>(model: &Model, models: &'m [Model]) -> Option<&'m str> {
    model.children.iter().find_map(|link| {
        let child = &models[link.child];
        let columns = &link.relationship.columns;
        let served = child.table.indexes.iter().any(|index| {
            let lead: Vec<&str> = index
                .columns
                .iter()
                .map(|p| p.column_name.as_str())
                .collect();
            lead.len() >= columns.len()
                && columns
                    .iter()
                    .all(|c| lead[..columns.len()].contains(&c.as_str()))
        });
        let engine = child.table.engine.eq_ignore_ascii_case("InnoDB");
        let declared = matches!(
            link.relationship.origin,
            crate::relations::Origin::Constraint { .. }
        );
        (engine && declared && !served).then_some(child.table.table_name.as_str())
    })
}

/// Dirty tracking: another client changes `other`, this record changes `field`; its UPDATE
/// names `field` alone, so the row keeps the other client's value.
fn emit_update_names_changed(
    code: &mut Code,
    model: &Model,
    field: &Field,
    other: &Field,
    find_args: &[String],
) {
    code.line("let n = next();");
    code.assign("let changed", &value(other, "n").expect("checked"));
    let key: Vec<String> = model
        .key
        .iter()
        .map(|&i| format!("{} = ?", quote(&model.fields[i].column.column_name)))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} = ? WHERE {}",
        quote(&model.table.table_name),
        quote(&other.column.column_name),
        key.join(" AND ")
    );
    code.sql_literal("let sql = ", &sql, ";");
    let params: Vec<String> = std::iter::once("rt::ToSql::to_sql(&changed)".to_string())
        .chain(
            key_args(model, "record")
                .iter()
                .map(|k| format!("rt::ToSql::to_sql(&{k})")),
        )
        .collect();
    code.vec("let params = ", &params, ";");
    if code.runtime.is_async() {
        code.line("exec_params(&mut db, sql, params).await;");
    } else {
        code.line("db.conn().exec_drop(sql, params).unwrap();");
    }
    if uses_n(field) {
        code.line("let n = next();");
    }
    set_value(code, field, &value(field, "n").expect("checked"));
    code.line(&format!("record.save(&mut db){}.unwrap();", aw(code)));
    code.line(&format!("record.set_{}(changed);", other.stem));
    let_await(
        code,
        "let found",
        &format!("{}::find", model.name),
        find_args,
    );
    code.line(&format!(
        "// `{}` alone was written: `{}` keeps the other client's value.",
        field.column.column_name, other.column.column_name
    ));
    code.line("assert_eq!(found.unwrap(), Some(record.clone()));");
}

/// `<table>_insert`, for a table without primary key: the record is inserted, and a change to
/// it afterwards is `Err(NoPrimaryKey)`.
fn emit_insert_only(code: &mut Code, model: &Model) {
    let table = &model.table.table_name;
    let test = test_name(&format!("{}_insert", crate::naming::snake(model.name)));
    code.doc(&format!(
        "`{table}` (no primary key): insert; no update of a saved row."
    ));
    open_test(code, &test);
    let_await(
        code,
        "let mut record",
        &sample_fn(model),
        &["&mut db".into()],
    );
    code.line(&format!("record.save(&mut db){}.unwrap();", aw(code)));
    code.line("assert!(!record.is_new() && !record.is_dirty());");
    let keys: BTreeSet<usize> = model
        .parents
        .iter()
        .flat_map(|l| model.positions(&l.relationship.columns))
        .collect();
    let updatable = model
        .fields
        .iter()
        .find(|f| !keys.contains(&f.index) && needs_value(model, f) && value(f, "n").is_some());
    if let Some(field) = updatable {
        if uses_n(field) {
            code.line("let n = next();");
        }
        set_value(code, field, &value(field, "n").expect("checked"));
        code.line(&format!(
            "let error = record.save(&mut db){}.unwrap_err();",
            aw(code)
        ));
        code.line("assert!(matches!(error, rt::Error::NoPrimaryKey { .. }), \"{error:?}\");");
    }
    code.close("}");
}

/// `<child>_<belongs_to>`: one relationship from both sides. The belongs-to setter and a
/// cascade (a new parent saved with its new child), the getter's cache counted in statements,
/// the reverse side (has-many list, cache, `reload`, lazy; or has-one), adding a child from
/// the parent's side, and `strict` on an orphaned key.
fn emit_relationship_test(
    code: &mut Code,
    number: usize,
    child: &Model,
    link: &Link,
    models: &[Model],
) {
    let parent = &models[link.parent];
    let r = link.relationship;
    let belongs = &link.names.belongs_to;
    let reverse = &link.names.reverse;
    let optional = !model_columns_required(child, link);
    let wrap = |value: &str| {
        if optional {
            format!("Some({value})")
        } else {
            value.to_string()
        }
    };
    let test = test_name(&format!("{}_{}", crate::naming::snake(child.name), belongs));
    code.doc(&format!(
        "`{}`({}) -> `{}`: both sides of the relationship.",
        r.table,
        r.columns.join(", "),
        r.referenced_table
    ));
    open_test(code, &test);
    let covered = covering(child, link);
    match &covered {
        None => {
            // Cascade from the child: a new parent set on a new child, one save.
            let_await(code, "let parent", &sample_fn(parent), &["&mut db".into()]);
            let_await(
                code,
                "let mut child",
                &sample_fn(child),
                &["&mut db".into()],
            );
            code.line(&format!("child.set_{belongs}({});", wrap("parent")));
            emit_refused_cascade(code, number, child, link, models);
            code.line(&format!("child.save(&mut db){}.unwrap();", aw(code)));
        }
        Some(other) => emit_covered_setter(code, child, link, other, &wrap("parent.clone()")),
    }
    code.line("assert!(!child.is_new() && !child.is_dirty());");
    code.line("let before = db.statements();");
    getter(code, "cached", &format!("child.get_{belongs}"), "true");
    code.line("let parent = cached.unwrap().expect(\"the parent set\").clone();");
    code.line("assert!(!parent.is_new(), \"saved by the cascade\");");
    code.line("assert_eq!(db.statements(), before, \"the parent set is cached\");");
    if child.has_key() {
        let args = [vec!["&mut db".to_string()], key_args(child, "child")].concat();
        let_await(code, "let found", &format!("{}::find", child.name), &args);
        code.line("let mut found = found.unwrap().expect(\"the child\");");
        code.line("let before = db.statements();");
        getter(code, "loaded", &format!("found.get_{belongs}"), "true");
        code.line("assert_eq!(loaded.unwrap().cloned(), Some(parent.clone()));");
        getter(code, "again", &format!("found.get_{belongs}"), "false");
        code.line("again.unwrap();");
        code.line("assert_eq!(db.statements(), before + 1, \"loaded once, then cached\");");
        // Batch loading fills the cache the getter reads.
        let_await(code, "let found", &format!("{}::find", child.name), &args);
        code.line("let mut children = vec![found.unwrap().expect(\"the child\")];");
        code.line("let before = db.statements();");
        let load = format!("{}::{}", child.name, link.names.load_belongs_to());
        let_await(
            code,
            "let loaded",
            &load,
            &["&mut db".into(), "&mut children".into()],
        );
        code.line("loaded.unwrap();");
        getter(
            code,
            "cached",
            &format!("children[0].get_{belongs}"),
            "true",
        );
        code.line("assert_eq!(cached.unwrap().cloned(), Some(parent.clone()));");
        code.line("assert_eq!(db.statements(), before + 1, \"one statement, then none\");");
    }
    if !parent.has_key() {
        code.close("}");
        return;
    }
    // The reverse side, from a freshly loaded parent.
    let args = [vec!["&mut db".to_string()], key_args(parent, "parent")].concat();
    let_await(code, "let found", &format!("{}::find", parent.name), &args);
    code.line("let mut parent = found.unwrap().expect(\"the parent\");");
    code.line("let before = db.statements();");
    match r.cardinality {
        crate::relations::Cardinality::OneToOne => {
            getter(code, "one", &format!("parent.get_{reverse}"), "false");
            code.line("assert_eq!(one.unwrap().cloned(), Some(child.clone()));");
            getter(code, "again", &format!("parent.get_{reverse}"), "false");
            code.line("again.unwrap();");
            code.line("assert_eq!(db.statements(), before + 1, \"loaded once, then cached\");");
            getter(code, "again", &format!("parent.get_{reverse}"), "true");
            code.line("again.unwrap();");
            code.line("assert_eq!(db.statements(), before + 2, \"reload queries again\");");
        }
        crate::relations::Cardinality::OneToMany => {
            getter(code, "many", &format!("parent.get_{reverse}"), "false");
            code.line("let many = many.unwrap().clone();");
            code.line("assert_eq!(many, [child.clone()]);");
            getter(code, "again", &format!("parent.get_{reverse}"), "false");
            code.line("again.unwrap();");
            code.line("assert_eq!(db.statements(), before + 1, \"loaded once, then cached\");");
            code.chain(
                &format!("let lazy: Vec<{}> = parent", child.name),
                &if code.runtime.is_async() {
                    vec![
                        format!("get_{reverse}_lazy(&mut db)"),
                        "map(Result::unwrap)".into(),
                        "collect()".into(),
                        "await".into(),
                    ]
                } else {
                    vec![
                        format!("get_{reverse}_lazy(&mut db)"),
                        "unwrap()".into(),
                        "map(Result::unwrap)".into(),
                        "collect()".into(),
                    ]
                },
                ";",
            );
            code.line("assert_eq!(lazy, many);");
            if covered.is_some() {
                // No child of a new parent: its other key would name no row.
                emit_load_reverse(code, parent, link);
                emit_orphan(code, child, link);
                code.close("}");
                return;
            }
            // A second child added from the parent's side, saved by the parent's save (when
            // two children of one parent can have different primary keys).
            // The cascade from the parent's side: a child added to a new parent, one save.
            let_await(
                code,
                "let mut other",
                &sample_fn(parent),
                &["&mut db".into()],
            );
            let_await(code, "let second", &sample_fn(child), &["&mut db".into()]);
            code.line(&format!("other.add_{}(second);", link.names.reverse_one));
            // Rows that roll back: a batch of children can fail and be saved again.
            let batched = [parent, child]
                .iter()
                .all(|m| transactional(m) && !few_ids(m))
                && !keyed_within_parent(child, link);
            if batched {
                code.line("let before = db.statements();");
            }
            code.line(&format!("other.save(&mut db){}.unwrap();", aw(code)));
            if batched {
                code.line("let statements_for_one = db.statements() - before;");
            }
            getter(code, "all", &format!("other.get_{reverse}"), "true");
            code.line("assert_eq!(all.unwrap().len(), 1, \"saved with its parent's key\");");
            if batched {
                emit_batched_children(code, number, child, link, parent);
            }
        }
    }
    emit_load_reverse(code, parent, link);
    if r.cardinality == crate::relations::Cardinality::OneToMany && child.key.len() == 1 {
        emit_remove(code, number, child, link);
    }
    emit_orphan(code, child, link);
    code.close("}");
}

/// The child's key names the parent it already has (`covering` sets it): the setter given that
/// parent, and a save. A new parent would break the key of `other`, which holds this one's.
fn emit_covered_setter(code: &mut Code, child: &Model, link: &Link, other: &str, arg: &str) {
    let belongs = &link.names.belongs_to;
    let r = link.relationship;
    code.line(&format!(
        "// `{}`({}) -> `{}`: its key follows from {other}; the parent is the row it names.",
        r.table,
        r.columns.join(", "),
        r.referenced_table
    ));
    let_await(
        code,
        "let mut child",
        &sample_fn(child),
        &["&mut db".into()],
    );
    code.line(&format!("child.save(&mut db){}.unwrap();", aw(code)));
    getter(code, "named", &format!("child.get_{belongs}"), "true");
    code.line("let parent = named.unwrap().expect(\"the row the key names\").clone();");
    code.line(&format!("child.set_{belongs}({arg});"));
    code.line(&format!("child.save(&mut db){}.unwrap();", aw(code)));
}

/// An orphaned key: the parent deleted behind the foreign key's back; `strict` says so.
fn emit_orphan(code: &mut Code, child: &Model, link: &Link) {
    let belongs = &link.names.belongs_to;
    if child.has_key() {
        raw(code, "&mut db", "\"SET foreign_key_checks = 0\"");
        code.line(&format!(
            "assert!(parent.delete(&mut db){}.unwrap());",
            aw(code)
        ));
        raw(code, "&mut db", "\"SET foreign_key_checks = 1\"");
        let args = [vec!["&mut db".to_string()], key_args(child, "child")].concat();
        let_await(code, "let found", &format!("{}::find", child.name), &args);
        code.line("let mut orphan = found.unwrap().expect(\"the child\");");
        getter(code, "strict", &format!("orphan.get_{belongs}"), "true");
        let not_found = "matches!(strict, Err(rt::Error::NotFound { .. }))";
        let args = vec![atom(not_found), atom("\"{strict:?}\"")];
        code.expr(&call("assert!", args), ";");
        getter(code, "lenient", &format!("orphan.get_{belongs}"), "false");
        code.line("assert!(lenient.unwrap().is_none());");
    }
}

/// Three new children of a new parent in one save: refused at the third child's row (the
/// records as they were), then saved in as many statements as one child where the server has
/// RETURNING (the children in one INSERT).
fn emit_batched_children(
    code: &mut Code,
    number: usize,
    child: &Model,
    link: &Link,
    parent: &Model,
) {
    let_await(
        code,
        "let mut batch",
        &sample_fn(parent),
        &["&mut db".into()],
    );
    code.open("for _ in 0..3 {");
    let_await(code, "let child", &sample_fn(child), &["&mut db".into()]);
    code.line(&format!("batch.add_{}(child);", link.names.reverse_one));
    code.close("}");
    // A self-reference inserts the parent into the same table first.
    let skip = 2 + usize::from(link.parent == number);
    emit_refused_save(code, "batch", number, skip, "the records as they were");
    code.line("let before = db.statements();");
    code.line(&format!("batch.save(&mut db){}.unwrap();", aw(code)));
    emit_statements_of_one(code, child, "three children in the statements of one");
    getter(
        code,
        "all",
        &format!("batch.get_{}", link.names.reverse),
        "true",
    );
    code.line("assert_eq!(all.unwrap().len(), 3);");
}

/// `load_<reverse>` on a freshly found parent: one statement, then none from the getter.
fn emit_load_reverse(code: &mut Code, parent: &Model, link: &Link) {
    let args = [vec!["&mut db".to_string()], key_args(parent, "parent")].concat();
    let_await(code, "let found", &format!("{}::find", parent.name), &args);
    code.line("let mut parents = vec![found.unwrap().expect(\"the parent\")];");
    code.line("let before = db.statements();");
    let load = format!("{}::{}", parent.name, link.names.load_reverse());
    let_await(
        code,
        "let loaded",
        &load,
        &["&mut db".into(), "&mut parents".into()],
    );
    code.line("loaded.unwrap();");
    let getter_name = format!("parents[0].get_{}", link.names.reverse);
    getter(code, "cached", &getter_name, "false");
    match link.relationship.cardinality {
        crate::relations::Cardinality::OneToOne => {
            code.line("assert!(cached.unwrap().is_some());");
        }
        crate::relations::Cardinality::OneToMany => {
            code.line("assert_eq!(cached.unwrap().len(), 1);");
        }
    }
    code.line("assert_eq!(db.statements(), before + 1, \"one statement, then none\");");
}

/// `remove_<child>`: the second child taken out of `other`'s list; a save that fails (a new
/// child's INSERT refused) puts the list back and leaves the row; the retry detaches it (its
/// key NULL, or its row deleted). The first child stays for the orphan check that follows.
fn emit_remove(code: &mut Code, number: usize, child: &Model, link: &Link) {
    let one = &link.names.reverse_one;
    let id = key_args(child, "second").remove(0);
    let fk: Vec<&Field> = child
        .positions(&link.relationship.columns)
        .into_iter()
        .map(|i| &child.fields[i])
        .collect();
    let nullable = fk.iter().all(|f| f.column.is_nullable);
    getter(
        code,
        "list",
        &format!("other.get_{}", link.names.reverse),
        "false",
    );
    code.line("let second = list.unwrap()[0].clone();");
    code.bind("let id", &atom(id), ";");
    code.let_call(
        "let removed",
        &format!("other.{}", link.names.remove_reverse()),
        &["id".into()],
        ";",
    );
    code.line("assert_eq!(removed, Some(second.clone()));");
    let transactional = transactional(child);
    if transactional {
        let_await(code, "let third", &sample_fn(child), &["&mut db".into()]);
        code.line(&format!("other.add_{one}(third);"));
        emit_refused_save(code, "other", number, 0, "the list as it was");
        let find = format!("{}::find", child.name);
        let_await(code, "let kept", &find, &["&mut db".into(), "id".into()]);
        code.line("assert_eq!(kept.unwrap(), Some(second.clone()), \"the row as it was\");");
    }
    code.line(&format!("other.save(&mut db){}.unwrap();", aw(code)));
    let find = format!("{}::find", child.name);
    let_await(
        code,
        "let detached",
        &find,
        &["&mut db".into(), "id".into()],
    );
    if nullable {
        code.line("let detached = detached.unwrap().expect(\"a row without its parent\");");
        for field in fk {
            let get = atom(format!("detached.get_{}()", field.stem));
            code.expr(&call("assert_eq!", vec![get, atom("None")]), ";");
        }
    } else {
        code.line("assert!(detached.unwrap().is_none(), \"its row deleted\");");
    }
}

/// `<table>_query`: three rows of the test's own, read back through `query()` with each
/// operator on the primary key, order, limit and offset, `first`, `count`, `exists`, `lazy`.
fn emit_query(code: &mut Code, model: &Model, key: &Field) {
    let table = &model.table.table_name;
    let test = test_name(&format!("{}_query", crate::naming::snake(model.name)));
    code.doc(&format!(
        "`{table}`: `query()` with each operator, order and limit, on rows of its own."
    ));
    open_test(code, &test);
    // Short names, so that no line depends on the schema's: `M`, `column`, `key`.
    code.bind("type M", &atom(model.name), ";");
    emit_insert_all(code, model);
    code.bind("let column", &atom(format!("M::{}", key.constant)), ";");
    let get = format!("r.get_{}()", key.stem);
    let owned = match key.ty.passing {
        Passing::Text => format!("{get}.to_string()"),
        Passing::Bytes => format!("{get}.to_vec()"),
        Passing::Copy | Passing::Cloned if key.ty.optional => format!("{get}.unwrap()"),
        Passing::Copy | Passing::Cloned => get,
    };
    code.bind("let key", &atom(format!("|r: &M| {owned}")), ";");
    // Rows of this test alone: the other tests write to the same tables meanwhile.
    code.line("let mine = column.is_in([key(&rows[0]), key(&rows[1]), key(&rows[2])]);");
    code.line("let query = || M::query().filter(mine.clone());");
    let aw = aw(code);
    code.line(&format!(
        "let asc = query().order_by(column.asc()).all(&mut db){aw}.unwrap();"
    ));
    code.line("assert_eq!(asc.len(), 3);");
    code.line(&format!(
        "let desc = query().order_by(column.desc()).all(&mut db){aw}.unwrap();"
    ));
    code.line("assert_eq!(desc, asc.iter().rev().cloned().collect::<Vec<_>>());");
    if code.runtime.is_async() {
        code.line(
            "let count = async |db: &mut rt::Db, cond| query().filter(cond).count(db).await.unwrap();",
        );
    } else {
        code.line("let count = |db: &mut rt::Db, cond| query().filter(cond).count(db).unwrap();");
    }
    code.line("let middle = || key(&asc[1]);");
    for (cond, expected) in [
        ("eq(middle())", 1),
        ("ne(middle())", 2),
        ("lt(middle())", 1),
        ("le(middle())", 2),
        ("gt(middle())", 1),
        ("ge(middle())", 2),
        ("between(key(&asc[0]), middle())", 2),
        ("is_not_null()", 3),
        ("is_null()", 0),
    ] {
        let counted = format!("count(&mut db, column.{cond}){aw}");
        if super::code::width(&counted) + 3 <= 60 {
            code.line(&format!("assert_eq!({counted}, {expected});"));
        } else {
            // rustfmt's layout of a macro call past its width: no comma after the last.
            code.open("assert_eq!(");
            code.line(&format!("{counted},"));
            code.line(&expected.to_string());
            code.close(");");
        }
    }
    if key.ty.passing == Passing::Text {
        code.line(&format!(
            "assert_eq!(count(&mut db, column.like(&middle())){aw}, 1);"
        ));
    }
    code.line(&format!("let none: [{}; 0] = [];", key.ty.base));
    code.line("let empty = M::query().filter(column.is_in(none));");
    code.line(&format!("assert!(!empty.exists(&mut db){aw}.unwrap());"));
    code.line("let page = query().order_by(column.asc()).offset(1).limit(1);");
    code.line(&format!(
        "assert_eq!(page.first(&mut db){aw}.unwrap().as_ref(), Some(&asc[1]));"
    ));
    if code.runtime.is_async() {
        code.line("let lazy = query().order_by(column.asc()).lazy(&mut db);");
        code.line("let lazy: Vec<M> = lazy.map(Result::unwrap).collect().await;");
    } else {
        code.line("let lazy = query().order_by(column.asc()).lazy(&mut db).unwrap();");
        code.line("let lazy: Vec<M> = lazy.map(Result::unwrap).collect();");
    }
    code.line("assert_eq!(lazy, asc);");
    code.line("assert!(asc.iter().all(|r| !r.is_new() && !r.is_dirty()));");
    code.close("}");
}

/// `rows`: three records of the test's own written by one `insert_all`, which sends as many
/// statements as an `insert_all` of one where the server has RETURNING (the rows go in one
/// INSERT).
fn emit_insert_all(code: &mut Code, model: &Model) {
    let aw = aw(code);
    code.bind("let sample", &atom(sample_fn(model)), ";");
    if few_ids(model) {
        emit_three_samples(code);
        code.line(&format!("M::insert_all(&mut db, &mut rows){aw}.unwrap();"));
        code.line("assert!(rows.iter().all(|r| !r.is_new() && !r.is_dirty()));");
        return;
    }
    code.line(&format!("let mut one = [sample(&mut db){aw}];"));
    code.line("let before = db.statements();");
    code.line(&format!("M::insert_all(&mut db, &mut one){aw}.unwrap();"));
    code.line("let statements_for_one = db.statements() - before;");
    emit_three_samples(code);
    code.line("let before = db.statements();");
    code.line(&format!("M::insert_all(&mut db, &mut rows){aw}.unwrap();"));
    emit_statements_of_one(code, model, "three rows in the statements of one");
    code.line("assert!(!one[0].is_new() && !one[0].is_dirty());");
    code.line("assert!(rows.iter().all(|r| !r.is_new() && !r.is_dirty()));");
}

/// `record.save` refused by the trigger of model `number` after `skip` other rows: a database
/// error, and `record` (with what it caches) as it was before the save.
fn emit_refused_save(code: &mut Code, record: &str, number: usize, skip: usize, kept: &str) {
    code.line(&format!("let unsaved = format!(\"{{{record}:?}}\");"));
    code.line(&format!(
        "let refuse = \"SET @modelgen_refuse = {number}, @modelgen_skip = {skip}\";"
    ));
    raw(code, "&mut db", "refuse");
    code.line(&format!(
        "let error = {record}.save(&mut db){}.unwrap_err();",
        aw(code)
    ));
    raw(code, "&mut db", "\"SET @modelgen_refuse = NULL\"");
    code.line("assert!(matches!(error, rt::Error::Db(_)), \"{error:?}\");");
    code.line(&format!(
        "assert_eq!(format!(\"{{{record}:?}}\"), unsaved, \"{kept}\");"
    ));
}

/// Where the server has RETURNING, the statements since `before` are `statements_for_one`: rows
/// of `model` written together take the statements of one. A generated column is read again by
/// key after RETURNING (it comes back as computed before the row took its id), row by row for a
/// composite key: two more for three rows.
fn emit_statements_of_one(code: &mut Code, model: &Model, message: &str) {
    let reread = model.fields.iter().any(|f| f.generated) && model.key.len() > 1;
    let expected = if reread {
        "statements_for_one + 2"
    } else {
        "statements_for_one"
    };
    code.open("if db.returning() {");
    let args = vec![
        atom("db.statements() - before"),
        atom(expected),
        atom(rust_string(message)),
    ];
    code.expr(&call("assert_eq!", args), ";");
    code.close("}");
}

/// `rows`: three new sample records (`sample`), not saved.
fn emit_three_samples(code: &mut Code) {
    if code.runtime.is_async() {
        code.line("let mut rows: Vec<M> = Vec::new();");
        code.open("for _ in 0..3 {");
        code.line("rows.push(sample(&mut db).await);");
        code.close("}");
    } else {
        code.line("let mut rows: Vec<M> = (0..3).map(|_| sample(&mut db)).collect();");
    }
}

/// The cascade of `child.save` refused at its last statement, the child's INSERT (by the
/// trigger of REFUSED_INSERTS): the records are as they were, the parent's row is rolled back.
/// The save that follows is the retry.
fn emit_refused_cascade(
    code: &mut Code,
    number: usize,
    child: &Model,
    link: &Link,
    models: &[Model],
) {
    let parent = &models[link.parent];
    if !transactional(parent) {
        code.line(&format!(
            "// No failed cascade: `{}` is {}, its rows do not roll back.",
            parent.table.table_name, parent.table.engine
        ));
        return;
    }
    // A self-reference inserts the parent into the same table first.
    let skip = usize::from(link.parent == number);
    emit_refused_save(code, "child", number, skip, "the records as they were");
    let r = link.relationship;
    let variables: Vec<String> = child
        .positions(&r.columns)
        .into_iter()
        .map(|i| key_variable(number, i))
        .collect();
    let matches: Vec<String> = r
        .referenced_columns
        .iter()
        .zip(&variables)
        .map(|(column, variable)| format!("{} = {variable}", quote(column)))
        .collect();
    let sql = format!(
        "SELECT {} IS NULL OR EXISTS (SELECT * FROM {} WHERE {})",
        variables.join(" IS NULL OR "),
        quote(&parent.table.table_name),
        matches.join(" AND ")
    );
    code.sql_literal("let sql = ", &sql, ";");
    if code.runtime.is_async() {
        code.line("let kept = ask_bool(&mut db, sql).await;");
    } else {
        code.line("let kept: Option<bool> = db.conn().query_first(sql).unwrap();");
    }
    code.line("assert_eq!(kept, Some(false), \"the parent's INSERT is rolled back\");");
}

/// Does the model's AUTO_INCREMENT column hold at most 255 ids (TINYINT, sakila's `staff`)?
/// The whole run of generated tests could use them up (a refused INSERT takes ids too), so
/// such a table gets no rows written only to count statements.
fn few_ids(model: &Model) -> bool {
    model.fields.iter().any(|f| {
        f.column.is_auto_increment() && f.column.sql_type.kind == crate::catalog::TypeKind::TinyInt
    })
}

/// Does a PRIMARY or UNIQUE key of the child hold a column of `link` with others
/// (guacamole's permissions: (entity_id, permission))? Children of one parent then differ
/// only in those others, whose sample values can repeat (an ENUM of few values): such a
/// relationship gets no batch of children.
fn keyed_within_parent(child: &Model, link: &Link) -> bool {
    use crate::catalog::IndexKind;
    let columns = &link.relationship.columns;
    child.table.indexes.iter().any(|index| {
        matches!(index.kind, IndexKind::Primary | IndexKind::Unique)
            && index.columns.len() > 1
            && index
                .columns
                .iter()
                .any(|p| columns.contains(&p.column_name))
    })
}

/// Do the model's rows roll back with a transaction (InnoDB)?
fn transactional(model: &Model) -> bool {
    model.table.engine.eq_ignore_ascii_case("InnoDB")
}

/// `let binding = receiver_method(&mut db, flag);`: the getter's result, unwrapped after.
fn getter(code: &mut Code, binding: &str, method: &str, flag: &str) {
    let_await(
        code,
        &format!("let {binding}"),
        method,
        &["&mut db".into(), flag.into()],
    );
}

/// Are all of the relationship's key columns NOT NULL (the setter takes the parent itself)?
fn model_columns_required(model: &Model, link: &Link) -> bool {
    model
        .positions(&link.relationship.columns)
        .iter()
        .all(|&i| !model.fields[i].column.is_nullable)
}

/// `.await` in the async flavour, nothing in the sync one: after a call that talks to the
/// server.
fn aw(code: &Code) -> &'static str {
    if code.runtime.is_async() {
        ".await"
    } else {
        ""
    }
}

/// A test's attribute and signature, and its database (`let Some((_hold, mut db)) = ...`).
fn open_test(code: &mut Code, test: &str) {
    if code.runtime.is_async() {
        code.line("#[tokio::test]");
        code.signature(&format!("async fn {test}"), &[], "");
        code.open("let Some((_hold, mut db)) = DATABASE.open_async().await else {");
    } else {
        code.line("#[test]");
        code.signature(&format!("fn {test}"), &[], "");
        code.open("let Some((_hold, mut db)) = DATABASE.open() else {");
    }
    code.line("return;");
    code.close("};");
}

/// `let pattern = head(args)` awaited in the async flavour: on one line when it fits, else the
/// call laid out as the sync flavour's and awaited on the next line (a layout that never
/// depends on how rustfmt would break an awaited call).
fn let_await(code: &mut Code, pattern: &str, head: &str, args: &[String]) {
    if !code.runtime.is_async() {
        return code.let_call(pattern, head, args, ";");
    }
    let joined = args.join(", ");
    if let Some((receiver, method)) = head.split_once('.') {
        // `receiver.method(args).await`: a chain of two links, within rustfmt's chain_width.
        let links = [format!("{method}({joined})"), "await".to_string()];
        return code.chain(&format!("{pattern} = {receiver}"), &links, ";");
    }
    let call = format!("{head}({joined}).await;");
    let width = super::code::width;
    if width(&joined) <= 60 {
        if width(pattern) + 3 + width(&call) <= code.room() {
            return code.line(&format!("{pattern} = {call}"));
        }
        if width(&call) + 4 <= code.room() {
            return code.continued(&format!("{pattern} ="), &call);
        }
    }
    code.let_call(pattern, head, args, ";");
    let name = pattern
        .trim_start_matches("let ")
        .trim_start_matches("mut ");
    code.line(&format!("{pattern} = {name}.await;"));
}

/// A statement of the test's own on the connection (not through the models): `sql` is a
/// literal or a binding; `db` the `Db` as the code has it (`db`, `&mut db`).
fn raw(code: &mut Code, db: &str, sql: &str) {
    if code.runtime.is_async() {
        code.line(&format!("exec({db}, {sql}).await;"));
    } else {
        let db = db.trim_start_matches("&mut ");
        code.line(&format!("{db}.conn().query_drop({sql}).unwrap();"));
    }
}
