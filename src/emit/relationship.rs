//! Relationship methods (SPEC §5-6): belongs-to get/set, has-one get, has-many get/lazy/add,
//! their caches, and the cascade that saves them.

use super::code::Code;
use super::plan::{Field, Link, Model};
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

/// The other belongs-to relationships of `model` over exactly `link`'s columns: setting the
/// parent of one drops theirs, or the save would write their parent's key instead.
fn same_columns<'m, 'a>(
    model: &'m Model<'a>,
    link: Link<'m>,
) -> impl Iterator<Item = Link<'a>> + 'm {
    model.parents.iter().copied().filter(move |other| {
        other.relationship.columns == link.relationship.columns
            && other.names.belongs_to != link.names.belongs_to
    })
}

fn parent_cache(link: Link) -> String {
    cache_name(&link.names.belongs_to, link)
}

fn child_cache(link: Link) -> String {
    cache_name(&link.names.reverse, link)
}

/// `cache_<method stem>`; a stem over 48 characters gives `cache_<hash>` instead, so that
/// lines holding `&mut self.cache_...` stay within rustfmt's width.
fn cache_name(stem: &str, link: Link) -> String {
    if stem.chars().count() <= 48 {
        return format!("cache_{stem}");
    }
    let r = link.relationship;
    let key = format!("{}.{}>{}", r.table, r.columns.join(","), r.referenced_table);
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let start = &stem[..stem.char_indices().nth(32).map_or(stem.len(), |(i, _)| i)];
    format!("cache_{}_{:08x}", start.trim_end_matches('_'), hash as u32)
}

/// The cache fields of a model, parents' then children's.
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
        &format!("Option<Box<{}>>", parent.name),
    );
}

pub fn emit_child_cache_field(code: &mut Code, link: Link, models: &[Model]) {
    let child = child_of(models, link);
    code.doc(&format!("Cache of `get_{}`.", link.names.reverse));
    let kind = match link.relationship.cardinality {
        Cardinality::OneToOne => "HasOne",
        Cardinality::OneToMany => "HasMany",
    };
    code.field(&child_cache(link), &format!("{kind}<{}>", child.name));
}

/// `set_<key column>`: another value drops the cached target.
pub fn drop_cache_if_changed(code: &mut Code, field: &Field, value: &str, link: Link) {
    code.open(&format!("if self.{} != {value} {{", field.field));
    code.line(&format!("self.{} = None;", parent_cache(link)));
    code.close("}");
}

/// Is every key column of the belongs-to NOT NULL (the setter then takes the model itself)?
fn required(model: &Model, link: Link) -> bool {
    model
        .positions(&link.relationship.columns)
        .iter()
        .all(|&i| !model.fields[i].column.is_nullable)
}

pub fn emit_belongs_to(code: &mut Code, model: &Model, link: Link, models: &[Model]) {
    let r = link.relationship;
    let parent = parent_of(models, link);
    let stem = &link.names.belongs_to;
    let keys = model.positions(&r.columns);
    let referenced = parent.positions(&r.referenced_columns);
    let query = &parent.finder(&referenced).constant;
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
        &format!("pub fn get_{stem}"),
        &[
            "&mut self".into(),
            "db: &mut Db".into(),
            "strict: bool".into(),
        ],
        &format!("Result<Option<&mut {}>>", parent.name),
    );
    let values: Vec<String> = keys
        .iter()
        .map(|&i| format!("param(&self.{})", model.fields[i].field))
        .collect();
    code.vec("let params = ", &values, ";");
    code.assign("let cache", &format!("&mut self.{}", parent_cache(link)));
    code.call(
        "belongs_to",
        &[
            "db".into(),
            "cache".into(),
            format!("{}::{query}", parent.name),
            "params".into(),
            "strict".into(),
        ],
        "",
    );
    code.close("}");

    code.blank();
    let required = required(model, link);
    let arg = crate::naming::identifier(stem);
    let takes = if required {
        parent.name.to_string()
    } else {
        format!("Option<{}>", parent.name)
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
    if required {
        take_keys(code, model, parent, &keys, &referenced, &arg);
        code.assign(
            &format!("self.{}", parent_cache(link)),
            &format!("Some(Box::new({arg}))"),
        );
    } else {
        code.open(&format!("if let Some(target) = &{arg} {{"));
        take_keys(code, model, parent, &keys, &referenced, "target");
        code.close_open("} else {");
        for &i in &keys {
            code.call(
                "assign_key",
                &[
                    "&mut self.meta".into(),
                    format!("&mut self.{}", model.fields[i].field),
                    "None".into(),
                    i.to_string(),
                ],
                ";",
            );
        }
        code.close("}");
        code.assign(
            &format!("self.{}", parent_cache(link)),
            &format!("Option::map({arg}, Box::new)"),
        );
    }
    for other in same_columns(model, link) {
        code.assign(&format!("self.{}", parent_cache(other)), "None");
    }
    code.line("self.meta.dirty = true;");
    code.close("}");
}

/// `if let Some(value) = key_of(&target.<referenced>) { assign_key(...) }` per key column.
fn take_keys(
    code: &mut Code,
    model: &Model,
    parent: &Model,
    keys: &[usize],
    referenced: &[usize],
    target: &str,
) {
    for (&k, &r) in keys.iter().zip(referenced) {
        code.open(&format!(
            "if let Some(value) = key_of(&{target}.{}) {{",
            parent.fields[r].field
        ));
        code.call(
            "assign_key",
            &[
                "&mut self.meta".into(),
                format!("&mut self.{}", model.fields[k].field),
                "value".into(),
                k.to_string(),
            ],
            ";",
        );
        code.close("}");
    }
}

pub fn emit_reverse(code: &mut Code, model: &Model, link: Link, models: &[Model]) {
    let r = link.relationship;
    let child = child_of(models, link);
    let stem = &link.names.reverse;
    let referenced = model.positions(&r.referenced_columns);
    let keys = child.positions(&r.columns);
    let query = format!("{}::{}", child.name, child.finder(&keys).constant);
    let values: Vec<String> = referenced
        .iter()
        .map(|&i| format!("param(&self.{})", model.fields[i].field))
        .collect();
    let origin = format!(
        "whose {} refers to this record ({}); the other side is {}.",
        columns_text(&r.columns),
        link.origin_text(),
        belongs_to_method(link, models)
    );
    let cache = child_cache(link);
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
            code.signature(
                &format!("pub fn get_{stem}"),
                &[
                    "&mut self".into(),
                    "db: &mut Db".into(),
                    "reload: bool".into(),
                ],
                &format!("Result<Option<&mut {}>>", child.name),
            );
            code.vec("let params = ", &values, ";");
            code.line("let new = self.meta.new;");
            code.assign("let cache", &format!("&mut self.{cache}"));
            code.call(
                "has_one",
                &[
                    "db".into(),
                    "cache".into(),
                    query,
                    "params".into(),
                    "new".into(),
                    "reload".into(),
                ],
                "",
            );
            code.close("}");
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
            code.signature(
                &format!("pub fn get_{stem}"),
                &[
                    "&mut self".into(),
                    "db: &mut Db".into(),
                    "reload: bool".into(),
                ],
                &format!("Result<&mut Vec<{}>>", child.name),
            );
            code.vec("let params = ", &values, ";");
            code.line("let new = self.meta.new;");
            code.assign("let cache", &format!("&mut self.{cache}"));
            code.call(
                "has_many",
                &[
                    "db".into(),
                    "cache".into(),
                    query.clone(),
                    "params".into(),
                    "new".into(),
                    "reload".into(),
                ],
                "",
            );
            code.close("}");

            code.blank();
            code.doc(&format!("The [`{}`] records {origin}", child.name));
            code.doc("");
            if let Some(doc) = model.rename_doc(&format!("get_{stem}")) {
                code.doc(&doc);
                code.doc("");
            }
            code.doc(
                "Streamed from the server as they are iterated: memory does not grow with their",
            );
            code.doc("number. Nothing is cached, and records added with `add_*` are not included.");
            code.signature(
                &format!("pub fn get_{stem}_lazy<'a>"),
                &["&self".into(), "db: &'a mut Db".into()],
                &format!("Result<impl Iterator<Item = Result<{}>> + 'a>", child.name),
            );
            code.vec("let params = ", &values, ";");
            code.call(
                "db.lazy",
                &[query, "params".into(), "self.meta.new".into()],
                "",
            );
            code.close("}");

            code.blank();
            code.doc(&format!(
                "Adds one [`{}`] to `get_{stem}`: the next save saves it with its key set to this record's.",
                child.name
            ));
            code.signature(
                &format!("pub fn add_{}", link.names.reverse_one),
                &["&mut self".into(), format!("mut record: {}", child.name)],
                "",
            );
            code.assign(&format!("record.{}", parent_cache(link)), "None");
            for other in same_columns(child, link) {
                code.assign(&format!("record.{}", parent_cache(other)), "None");
            }
            code.call(
                "attach",
                &[format!("&mut self.{cache}"), "record".into()],
                ";",
            );
            code.line("self.meta.dirty = true;");
            code.close("}");
        }
    }
}

/// `impl Record`: what `save_cascade` walks.
pub fn emit_record_impl(code: &mut Code, model: &Model, models: &[Model]) {
    let name = model.name;
    code.doc("The cascade of [`save`](Self::save).");
    code.open(&format!("impl Record for {name} {{"));
    code.open("fn is_new(&self) -> bool {");
    code.line("self.meta.new");
    code.close("}");
    code.blank();
    let caches = cache_fields(model);
    code.open("fn is_tree_dirty(&self) -> bool {");
    let mut operands = vec!["self.meta.dirty".to_string()];
    operands.extend(caches.iter().map(|c| format!("tree_dirty(&self.{c})")));
    code.joined(&operands, "||");
    code.close("}");
    code.blank();
    code.open("fn writes_alone(&self) -> bool {");
    let parents = model
        .parents
        .iter()
        .map(|l| format!("!tree_dirty(&self.{})", parent_cache(*l)));
    let children = model
        .children
        .iter()
        .map(|l| format!("!holds(&self.{})", child_cache(*l)));
    let conditions: Vec<String> = parents.chain(children).collect();
    if conditions.is_empty() {
        code.line("true");
    } else {
        code.joined(&conditions, "&&");
    }
    code.close("}");
    code.blank();
    code.open("fn rereads(&self) -> bool {");
    code.line(if model.rereads { "true" } else { "false" });
    code.close("}");
    code.blank();
    emit_check_tree(code, model, models);
    code.blank();
    emit_write_tree(code, model, models);
    code.close("}");
}

fn emit_check_tree(code: &mut Code, model: &Model, models: &[Model]) {
    code.open("fn check_tree(&self, filled: &[usize]) -> Result<()> {");
    if model.parents.is_empty() {
        code.line("self.check_row(filled)?;");
    } else {
        code.line("let mut filled = filled.to_vec();");
        for link in &model.parents {
            let keys: Vec<String> = model
                .positions(&link.relationship.columns)
                .iter()
                .map(|i| i.to_string())
                .collect();
            code.open(&format!("if holds(&self.{}) {{", parent_cache(*link)));
            code.line(&format!("filled.extend([{}]);", keys.join(", ")));
            code.close("}");
        }
        code.line("self.check_row(&filled)?;");
    }
    for link in &model.parents {
        code.line(&format!("check(&self.{}, &[])?;", parent_cache(*link)));
    }
    for link in &model.children {
        let child = child_of(models, *link);
        let keys: Vec<String> = child
            .positions(&link.relationship.columns)
            .iter()
            .map(|i| i.to_string())
            .collect();
        code.call(
            "check",
            &[
                format!("&self.{}", child_cache(*link)),
                format!("&[{}]", keys.join(", ")),
            ],
            "?;",
        );
    }
    code.line("Ok(())");
    code.close("}");
}

fn emit_write_tree(code: &mut Code, model: &Model, models: &[Model]) {
    code.open("fn write_tree(&mut self, db: &mut Db) -> Result<()> {");
    for link in &model.parents {
        let parent = parent_of(models, *link);
        let keys = model.positions(&link.relationship.columns);
        let referenced = parent.positions(&link.relationship.referenced_columns);
        code.open(&format!(
            "if let Some(target) = &mut self.{} {{",
            parent_cache(*link)
        ));
        code.line("target.write_tree(db)?;");
        take_keys(code, model, parent, &keys, &referenced, "target");
        code.close("}");
    }
    code.line("self.write_row(db)?;");
    for link in &model.children {
        let child = child_of(models, *link);
        let keys = child.positions(&link.relationship.columns);
        let referenced = model.positions(&link.relationship.referenced_columns);
        code.open(&format!(
            "for child in records(&mut self.{}) {{",
            child_cache(*link)
        ));
        for (&k, &r) in keys.iter().zip(&referenced) {
            code.open(&format!(
                "if let Some(value) = key_of(&self.{}) {{",
                model.fields[r].field
            ));
            code.call(
                "assign_key",
                &[
                    "&mut child.meta".into(),
                    format!("&mut child.{}", child.fields[k].field),
                    "value".into(),
                    k.to_string(),
                ],
                ";",
            );
            code.close("}");
        }
        code.line("child.write_tree(db)?;");
        code.close("}");
    }
    code.line("Ok(())");
    code.close("}");
}
