//! One table → its struct and its API (SPEC §5): what is specific to the table. What is the
//! same for every table lives in modelgen-runtime, which the methods call through `rt::`.

use super::code::{atom, call, slice, Code, Expr};
use super::plan::{Field, Finder, Model};
use super::relationship;
use super::types::Passing;

/// The model of one table: `rt::model!` (its struct, columns and accessors), its finders and
/// relationship methods, and `rt::record_methods!`. `models` are all of them, for the other
/// side of each relationship.
pub fn emit_model(code: &mut Code, model: &Model, models: &[Model]) {
    code.open("rt::model! {");
    emit_struct(code, model, models);
    super::record::emit_record(code, model, models);
    code.close("}");
    code.blank();
    // Finders (the key's `find` among them) and relationship methods, when there are any.
    if !model.finders.is_empty() || !model.parents.is_empty() || !model.children.is_empty() {
        code.line("#[allow(dead_code)] // a program calls a part of each model's API");
        code.open(&format!("impl {} {{", model.name));
        emit_finders(code, model);
        for link in &model.parents {
            relationship::emit_belongs_to(code, model, *link, models);
        }
        for link in &model.children {
            relationship::emit_reverse(code, model, *link, models);
        }
        code.close("}");
        code.blank();
    }
    // What every model has, from the runtime.
    let (kind, methods) = match model.key.as_slice() {
        [] => ("keyless".to_string(), ""),
        [one] => (model.fields[*one].ty.base.clone(), ", delete, find_many"),
        _ => ("composite".to_string(), ", delete"),
    };
    code.line(&format!(
        "// is_new, is_dirty, save, save_shallow, query, all, find_by_sql, insert_all{methods};"
    ));
    code.line("// FromRow and Default.");
    code.line(&format!("rt::record_methods!({}, {kind});", model.name));
}

/// The struct part of `rt::model!`: the table's docs, then each column, then the caches.
fn emit_struct(code: &mut Code, model: &Model, models: &[Model]) {
    let table = &model.table.table_name;
    if model.table.table_comment.is_empty() {
        code.doc(&format!("A row of `{table}`."));
    } else {
        code.doc(&format!(
            "A row of `{table}`: {}",
            model.table.table_comment
        ));
    }
    if let Some(doc) = model.rename_doc(model.name) {
        code.doc("");
        code.doc(&doc);
    }
    if !model.has_key() {
        code.doc("");
        code.doc("The table has no primary key: no `find`, no update of a saved row, no `delete`.");
    }
    if !model.parents.is_empty() || !model.children.is_empty() {
        code.doc("");
        code.doc("Relationships:");
        for link in &model.parents {
            code.doc(&relationship::parent_summary(*link, models));
        }
        for link in &model.children {
            code.doc(&relationship::child_summary(*link, models));
        }
    }
    code.doc("");
    code.doc(
        "Two records are equal when their columns hold the same values, whatever their state.",
    );
    code.open(&format!(
        "pub struct {} in {} {{",
        model.name,
        super::code::rust_string(table)
    ));
    for field in &model.fields {
        emit_column(code, model, field);
    }
    code.close("}");
    let caches = !model.parents.is_empty() || !model.children.is_empty();
    if caches {
        code.open("caches {");
        for link in &model.parents {
            relationship::emit_parent_cache_field(code, *link, models);
        }
        for link in &model.children {
            relationship::emit_child_cache_field(code, *link, models);
        }
        code.close("}");
    }
}

/// One column of `rt::model!`: what it is (the docs of its field, constant and getter), then
/// `0 "id" id: Option<i32> = None,` and `ID: i32, get_id -> Option<i32>, set_id(i32);`.
fn emit_column(code: &mut Code, model: &Model, field: &Field) {
    code.doc(&format!("{}.", column_definition(field)));
    let renamed = [field.constant.clone(), format!("get_{}", field.stem)];
    for doc in renamed.iter().filter_map(|item| model.rename_doc(item)) {
        code.doc("");
        code.doc(&doc);
    }
    let default = field.default.clone().unwrap_or_else(|| blank(field));
    let declaration = [
        format!(
            "{} {}",
            field.index,
            super::code::rust_string(&field.column.column_name)
        ),
        format!("{}: {} =", field.field, field.ty.field()),
        format!("{},", default.flat()),
    ];
    code.fill(0, &declaration);
    let mut accessors = vec![
        format!("{}: {},", field.constant, field.ty.base),
        format!("get_{} -> {}", field.stem, field.ty.getter()),
    ];
    if !field.generated {
        let mut setter = format!("set_{}({})", field.stem, setter_type(field));
        // A NOT NULL text the server may fill is an `Option` that the setter fills.
        let text = matches!(field.ty.passing, Passing::Text | Passing::Bytes);
        if text && field.ty.optional && !field.column.is_nullable {
            setter.push_str(" Some");
        }
        accessors[1].push(',');
        accessors.push(setter);
    }
    accessors.last_mut().expect("a getter").push(';');
    code.fill(1, &accessors);
}

/// `varchar(32) NOT NULL: the comment`: the column's type, NULL, default, comment.
fn column_definition(field: &Field) -> String {
    let c = field.column;
    let mut text = c.column_type.clone();
    if !c.is_nullable {
        text.push_str(" NOT NULL");
    }
    if c.is_auto_increment() {
        text.push_str(" AUTO_INCREMENT (None until inserted)");
    } else if let Some(default) = &c.column_default {
        text.push_str(&format!(" DEFAULT {default}"));
        if field.server_made && !c.is_nullable {
            text.push_str(" (made by the server: None until inserted)");
        }
    }
    if field.generated {
        text.push_str(" (generated by the server: read only)");
    }
    if !c.column_comment.is_empty() {
        text.push_str(&format!(": {}", c.column_comment));
    }
    if let Some(note) = field.ty.note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// A field's value in a new record when the DDL gives none Rust can write.
fn blank(field: &Field) -> Expr {
    atom(if field.ty.optional {
        "None"
    } else {
        "Default::default()"
    })
}

fn emit_finders(code: &mut Code, model: &Model) {
    if model.has_key() {
        code.blank();
        code.doc(&format!(
            "The row of `{}` with this primary key, if any.",
            model.table.table_name
        ));
        emit_finder(code, model, &model.finders[0], "pub fn find");
    }
    for finder in model.finders.iter().filter(|f| !f.stem.is_empty()) {
        code.blank();
        let columns: Vec<String> = finder
            .columns
            .iter()
            .map(|&i| format!("`{}`", model.fields[i].column.column_name.replace('`', "'")))
            .collect();
        let what = if finder.unique { "The row" } else { "The rows" };
        code.doc(&format!(
            "{what} of `{}` whose {} equal the values given.",
            model.table.table_name,
            columns.join(", ")
        ));
        let method = format!("find_by_{}", finder.stem);
        if let Some(doc) = model.rename_doc(&method) {
            code.doc(&doc);
        }
        emit_finder(code, model, finder, &format!("pub fn {method}"));
    }
}

fn emit_finder(code: &mut Code, model: &Model, finder: &Finder, head: &str) {
    let mut params = vec!["db: &mut rt::Db".to_string()];
    let mut values = Vec::new();
    for &i in &finder.columns {
        let field = &model.fields[i];
        // The body's own name: an argument called so would shadow it.
        let argument = match field.field.as_str() {
            "db" => "db_value".to_string(),
            other => other.to_string(),
        };
        params.push(format!("{argument}: {}", field.ty.finder()));
        values.push(atom(format!("&{argument}")));
    }
    let key = finder.stem.is_empty();
    let (ret, function) = match (finder.unique, key) {
        (_, true) => (format!("rt::Result<Option<{}>>", model.name), "rt::find"),
        (true, false) => (
            format!("rt::Result<Option<{}>>", model.name),
            "rt::find_one_by",
        ),
        (false, false) => (
            format!("rt::Result<Vec<{}>>", model.name),
            "rt::find_all_by",
        ),
    };
    let head = head.replacen("pub fn", code.runtime.fn_keyword(), 1);
    code.signature(&head, &params, &ret);
    let mut args = vec![atom("db")];
    if !key {
        args.push(positions(&finder.columns));
    }
    args.push(slice(values));
    code.value(&call(function, args));
    code.close("}");
}

/// `&[1, 2]`: column positions.
pub fn positions(columns: &[usize]) -> Expr {
    slice(columns.iter().map(|c| atom(c.to_string())).collect())
}

/// The type a setter takes.
fn setter_type(field: &Field) -> String {
    let nullable = field.column.is_nullable;
    match (field.ty.passing, nullable) {
        (Passing::Text, false) => "impl Into<String>".into(),
        (Passing::Bytes, false) => "impl Into<Vec<u8>>".into(),
        (_, true) => field.ty.field(),
        (_, false) => field.ty.base.clone(),
    }
}
