//! Relationship methods (SPEC §5-6): belongs-to get/set, has-one get, has-many get/lazy/add,
//! and their caches. The runtime does the work; each method names the relationship by its
//! position among the model's links (`rt::Shape::links`, parents then children).

use super::code::{atom, call, Code};
use super::plan::{Link, Model};
use crate::relations::Cardinality;

/// The model of the table holding the key.
fn child_of<'m, 'a>(models: &'m [Model<'a>], link: Link) -> &'m Model<'a> {
    &models[link.child]
}

/// The model of the table referred to.
fn parent_of<'m, 'a>(models: &'m [Model<'a>], link: Link) -> &'m Model<'a> {
    &models[link.parent]
}

fn columns_text(columns: &[String]) -> String {
    let quoted: Vec<String> = columns
        .iter()
        .map(|c| format!("`{}`", c.replace('`', "'")))
        .collect();
    quoted.join(", ")
}

/// The other side's method, for the docs.
fn reverse_method(link: Link, models: &[Model]) -> String {
    let parent = parent_of(models, link);
    format!("[`{}::get_{}`]", parent.name, link.names.reverse)
}

fn belongs_to_method(link: Link, models: &[Model]) -> String {
    let child = child_of(models, link);
    format!("[`{}::get_{}`]", child.name, link.names.belongs_to)
}

/// The struct doc's line for a belongs-to.
pub fn parent_summary(link: Link, models: &[Model]) -> String {
    let r = link.relationship;
    let parent = parent_of(models, link);
    format!(
        "- belongs to [`{}`] through {} ({}): `get_{}`; the other side is {}.",
        parent.name,
        columns_text(&r.columns),
        link.origin_text(),
        link.names.belongs_to,
        reverse_method(link, models)
    )
}

/// The struct doc's line for a has-one or has-many.
pub fn child_summary(link: Link, models: &[Model]) -> String {
    let r = link.relationship;
    let child = child_of(models, link);
    let kind = match r.cardinality {
        Cardinality::OneToOne => "has one",
        Cardinality::OneToMany => "has many",
    };
    format!(
        "- {kind} [`{}`] through its {} ({}): `get_{}`; the other side is {}.",
        child.name,
        columns_text(&r.columns),
        link.origin_text(),
        link.names.reverse,
        belongs_to_method(link, models)
    )
}

fn parent_cache(link: Link) -> String {
    format!("cache_{}", link.names.belongs_to)
}

fn child_cache(link: Link) -> String {
    format!("cache_{}", link.names.reverse)
}

/// The cache fields of a model, parents' then children's: the order of its links.
pub fn cache_fields(model: &Model) -> Vec<String> {
    let parents = model.parents.iter().map(|l| parent_cache(*l));
    parents
        .chain(model.children.iter().map(|l| child_cache(*l)))
        .collect()
}

pub fn emit_parent_cache_field(code: &mut Code, link: Link, models: &[Model]) {
    let parent = parent_of(models, link);
    code.doc(&format!("Cache of `get_{}`.", link.names.belongs_to));
    code.field(
        &parent_cache(link),
        &format!("rt::BelongsTo<{}>", parent.name),
    );
}

pub fn emit_child_cache_field(code: &mut Code, link: Link, models: &[Model]) {
    let child = child_of(models, link);
    code.doc(&format!("Cache of `get_{}`.", link.names.reverse));
    let kind = match link.relationship.cardinality {
        Cardinality::OneToOne => "HasOne",
        Cardinality::OneToMany => "HasMany",
    };
    code.field(&child_cache(link), &format!("rt::{kind}<{}>", child.name));
}

/// Is every key column of the belongs-to NOT NULL (the setter then takes the model itself)?
fn required(model: &Model, link: Link) -> bool {
    model
        .positions(&link.relationship.columns)
        .iter()
        .all(|&i| !model.fields[i].column.is_nullable)
}

/// The position of a parent link among the model's links.
fn parent_position(model: &Model, link: Link) -> usize {
    let same = |l: &Link| std::ptr::eq(l.relationship, link.relationship);
    model.parents.iter().position(same).expect("a parent link")
}

/// The position of a child link among the model's links (after the parents).
fn child_position(model: &Model, link: Link) -> usize {
    let same = |l: &Link| std::ptr::eq(l.relationship, link.relationship);
    model.parents.len() + model.children.iter().position(same).expect("a child link")
}

pub fn emit_belongs_to(code: &mut Code, model: &Model, link: Link, models: &[Model]) {
    let r = link.relationship;
    let parent = parent_of(models, link);
    let stem = &link.names.belongs_to;
    let position = parent_position(model, link).to_string();
    code.blank();
    code.doc(&format!(
        "The [`{}`] that {} refers to ({}); the other side is {}.",
        parent.name,
        columns_text(&r.columns),
        link.origin_text(),
        reverse_method(link, models)
    ));
    code.doc("");
    code.doc("Loaded on first use and cached; `None` when the key is NULL. A key that no row has");
    code.doc("is [`Error::NotFound`] when `strict`, else `None` and a logged warning.");
    if let Some(doc) = model.rename_doc(&format!("get_{stem}")) {
        code.doc(&doc);
    }
    code.signature(
        &format!("{} get_{stem}", code.runtime.fn_keyword()),
        &[
            "&mut self".into(),
            "db: &mut rt::Db".into(),
            "strict: bool".into(),
        ],
        &format!("rt::Result<Option<&mut {}>>", parent.name),
    );
    let args = vec![atom("db"), atom("self"), atom(&position), atom("strict")];
    code.value(&call("rt::belongs_to", args));
    code.close("}");

    code.blank();
    let required = required(model, link);
    let arg = crate::naming::identifier(stem);
    let (takes, given) = if required {
        (parent.name.to_string(), format!("Some({arg})"))
    } else {
        (format!("Option<{}>", parent.name), arg.clone())
    };
    code.doc(&format!(
        "Makes {} refer to this [`{}`] (its key is taken now if it has one, else when a save \
         inserts it first) and caches it; the record becomes dirty.",
        columns_text(&r.columns),
        parent.name
    ));
    code.signature(
        &format!("pub fn set_{stem}"),
        &["&mut self".into(), format!("{arg}: {takes}")],
        "",
    );
    code.expr(
        &call(
            "rt::set_target",
            vec![atom("self"), atom(&position), atom(given)],
        ),
        ";",
    );
    code.close("}");
    emit_load(
        code,
        model,
        &link.names.load_belongs_to(),
        parent.name,
        &position,
    );
}

/// `load_<relationship>(db, records)`: the batch loading of SPEC §9.
fn emit_load(code: &mut Code, model: &Model, method: &str, other: &str, position: &str) {
    let getter = method.replacen("load_", "get_", 1);
    code.blank();
    code.doc(&format!(
        "Loads what [`{getter}`](Self::{getter}) gives ([`{other}`]) for each of `records`, into \
         the cache the getter reads: one statement per 1,000 distinct keys; records that have \
         it cached already are not asked for again. A key no row has leaves the cache empty.",
    ));
    if let Some(doc) = model.rename_doc(method) {
        code.doc(&doc);
    }
    code.signature(
        &format!("{} {method}", code.runtime.fn_keyword()),
        &[
            "db: &mut rt::Db".into(),
            format!("records: &mut [{}]", model.name),
        ],
        "rt::Result<()>",
    );
    let args = vec![atom("db"), atom("records"), atom(position)];
    code.value(&call(format!("rt::load::<{other}, _>"), args));
    code.close("}");
}

pub fn emit_reverse(code: &mut Code, model: &Model, link: Link, models: &[Model]) {
    let r = link.relationship;
    let child = child_of(models, link);
    let stem = &link.names.reverse;
    let position = child_position(model, link).to_string();
    let origin = format!(
        "whose {} refers to this record ({}); the other side is {}.",
        columns_text(&r.columns),
        link.origin_text(),
        belongs_to_method(link, models)
    );
    let getter = |code: &mut Code, function: &str, returns: String| {
        code.signature(
            &format!("{} get_{stem}", code.runtime.fn_keyword()),
            &[
                "&mut self".into(),
                "db: &mut rt::Db".into(),
                "reload: bool".into(),
            ],
            &returns,
        );
        let args = vec![atom("db"), atom("self"), atom(&position), atom("reload")];
        code.value(&call(function, args));
        code.close("}");
    };
    code.blank();
    match r.cardinality {
        Cardinality::OneToOne => {
            code.doc(&format!("The [`{}`] {origin}", child.name));
            code.doc("");
            if let Some(doc) = model.rename_doc(&format!("get_{stem}")) {
                code.doc(&doc);
                code.doc("");
            }
            code.doc(
                "Loaded on first use and cached; `reload` queries again. A new record has none",
            );
            code.doc("and sends no statement.");
            getter(
                code,
                "rt::has_one",
                format!("rt::Result<Option<&mut {}>>", child.name),
            );
            let method = link.names.set_reverse();
            code.blank();
            code.doc(&format!(
                "Makes `record` this record's [`{}`]: the next save saves it with its key set \
                 to this record's. A saved one it replaces (loaded by `get_{stem}`) is taken \
                 out as `remove_*` does: the save sets its key NULL, or deletes its row when \
                 the key cannot be NULL.",
                child.name
            ));
            if let Some(doc) = model.rename_doc(&method) {
                code.doc(&doc);
            }
            code.signature(
                &format!("pub fn {method}"),
                &["&mut self".into(), format!("record: {}", child.name)],
                "",
            );
            let args = vec![atom("self"), atom(&position), atom("record")];
            code.expr(&call("rt::set_child", args), ";");
            code.close("}");
            emit_load(
                code,
                model,
                &link.names.load_reverse(),
                child.name,
                &position,
            );
        }
        Cardinality::OneToMany => {
            code.doc(&format!("The [`{}`] records {origin}", child.name));
            code.doc("");
            if let Some(doc) = model.rename_doc(&format!("get_{stem}")) {
                code.doc(&doc);
                code.doc("");
            }
            code.doc("Loaded on first use and cached, with the records given to `add_*` since;");
            code.doc(
                "`reload` queries again (keeping those not yet saved). A new record's list holds",
            );
            code.doc("just its added records and sends no statement.");
            getter(
                code,
                "rt::has_many",
                format!("rt::Result<&mut Vec<{}>>", child.name),
            );

            code.blank();
            code.doc(&format!("The [`{}`] records {origin}", child.name));
            code.doc("");
            let returns = match code.runtime {
                super::Runtime::Sync => {
                    code.doc(
                        "Streamed from the server as they are iterated: memory does not grow with their",
                    );
                    code.doc(
                        "number. Nothing is cached, and records added with `add_*` are not included.",
                    );
                    format!(
                        "rt::Result<impl Iterator<Item = rt::Result<{}>> + 'a>",
                        child.name
                    )
                }
                super::Runtime::Async => {
                    code.doc(
                        "Streamed from the server as the stream is polled (the statement goes at the \
                         first poll): memory does not grow with their number. Nothing is cached, \
                         and records added with `add_*` are not included.",
                    );
                    format!(
                        "impl rt::futures_core::Stream<Item = rt::Result<{}>> + 'a",
                        child.name
                    )
                }
            };
            code.signature(
                &format!("pub fn get_{stem}_lazy<'a>"),
                &["&self".into(), "db: &'a mut rt::Db".into()],
                &returns,
            );
            let args = vec![atom("db"), atom("self"), atom(&position)];
            code.expr(&call("rt::has_many_lazy", args), "");
            code.close("}");

            code.blank();
            code.doc(&format!(
                "Adds one [`{}`] to `get_{stem}`: the next save saves it with its key set to this record's.",
                child.name
            ));
            code.signature(
                &format!("pub fn add_{}", link.names.reverse_one),
                &["&mut self".into(), format!("record: {}", child.name)],
                "",
            );
            let args = vec![atom("self"), atom(&position), atom("record")];
            code.expr(&call("rt::add", args), ";");
            code.close("}");
            if let [key] = child.key.as_slice() {
                emit_remove(code, model, link, child, &child.fields[*key], &position);
            }
            emit_load(
                code,
                model,
                &link.names.load_reverse(),
                child.name,
                &position,
            );
        }
    }
}

/// `remove_<child>(id)`: SPEC §9's removal from a has-many list.
fn emit_remove(
    code: &mut Code,
    model: &Model,
    link: Link,
    child: &Model,
    key: &super::plan::Field,
    position: &str,
) {
    let method = link.names.remove_reverse();
    let nullable = child
        .positions(&link.relationship.columns)
        .iter()
        .all(|&i| child.fields[i].column.is_nullable);
    let detach = if nullable {
        "sets its key column to NULL"
    } else {
        "deletes its row (its key column cannot be NULL)"
    };
    code.blank();
    code.doc(&format!(
        "Takes the [`{}`] with primary key `id` out of `get_{}` and gives it back; `None` when \
         the list holds none with it. The next save {detach}, inside the save's transaction \
         (a failed save puts the list back). A record never saved is just dropped.",
        child.name, link.names.reverse
    ));
    if let Some(doc) = model.rename_doc(&method) {
        code.doc(&doc);
    }
    code.signature(
        &format!("pub fn {method}"),
        &["&mut self".into(), format!("id: {}", key.ty.finder())],
        &format!("Option<{}>", child.name),
    );
    let args = vec![atom("self"), atom(position), atom("&id")];
    code.expr(&call("rt::remove", args), "");
    code.close("}");
}
