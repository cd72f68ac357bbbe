//! The part of a model's `rt::Record` that is not its columns: its shape (keys, server-made
//! columns, relationships) and its caches.

use super::code::{atom, call, slice, Code, Expr};
use super::model::positions;
use super::plan::{Link, Model};
use super::relationship;
use crate::relations::Cardinality;

/// The `record` part of a model's `rt::model!`: what `rt::Record` needs beyond the columns
/// (the table's shape, and the caches of its relationships by position).
pub fn emit_record(code: &mut Code, model: &Model, models: &[Model]) {
    code.open("record {");
    code.bind("const SHAPE: rt::Shape", &shape(model, models), ";");
    let caches: Vec<Expr> = relationship::cache_fields(model)
        .into_iter()
        .map(|c| atom(format!("&mut self.{c}")))
        .collect();
    if !caches.is_empty() {
        code.blank();
        by_position(
            code,
            "fn cache(&mut self, {}: usize) -> &mut dyn rt::Cache {",
            "link",
            &caches,
        );
    }
    code.close("}");
}

/// A method whose body picks one of `arms` by position (the last for any other): a match, or
/// the one value when there is one (its parameter then unnamed).
fn by_position(code: &mut Code, signature: &str, parameter: &str, arms: &[Expr]) {
    if let [only] = arms {
        code.open(&signature.replace("{}", "_"));
        code.expr(only, "");
        code.close("}");
        return;
    }
    code.open(&signature.replace("{}", parameter));
    code.open(&format!("match {parameter} {{"));
    let last = arms.len() - 1;
    for (i, arm) in arms.iter().enumerate() {
        let pattern = if i == last {
            "_".to_string()
        } else {
            i.to_string()
        };
        code.arm(&pattern, arm);
    }
    code.close("}");
    code.close("}");
}

/// `rt::Shape { key: &[0], ..rt::Shape::PLAIN }`: what is not plain about the table.
fn shape(model: &Model, models: &[Model]) -> Expr {
    let indexes = |filter: &dyn Fn(&super::plan::Field) -> bool| -> Vec<usize> {
        model
            .fields
            .iter()
            .filter(|f| filter(f))
            .map(|f| f.index)
            .collect()
    };
    let mut fields: Vec<(String, Expr)> = Vec::new();
    if model.has_key() {
        fields.push(("key".into(), positions(&model.key)));
    }
    if let Some(auto) = model.fields.iter().find(|f| f.column.is_auto_increment()) {
        fields.push((
            "auto_increment".into(),
            atom(format!("Some({})", auto.index)),
        ));
    }
    let lists: [(&str, Vec<usize>); 3] = [
        ("required", indexes(&|f| f.required)),
        ("server_made", indexes(&|f| f.server_made)),
        ("generated", indexes(&|f| f.generated)),
    ];
    for (name, list) in lists {
        if !list.is_empty() {
            fields.push((name.into(), positions(&list)));
        }
    }
    if model.rereads {
        fields.push(("reread".into(), atom("true")));
    }
    let links = links(model, models);
    if !links.is_empty() {
        fields.push(("links".into(), slice(links)));
    }
    Expr::Struct("rt::Shape".into(), fields, Some("rt::Shape::PLAIN".into()))
}

/// `rt::Link::belongs_to(&[1], &[0], 2)` for each relationship, parents then children: the
/// order of `cache_fields`.
fn links(model: &Model, models: &[Model]) -> Vec<Expr> {
    let parents = model.parents.iter().map(|link| {
        let parent = &models[link.parent];
        call(
            "rt::Link::belongs_to",
            vec![
                positions(&model.positions(&link.relationship.columns)),
                positions(&parent.positions(&link.relationship.referenced_columns)),
                atom(reverse_position(parent, link, false).to_string()),
            ],
        )
    });
    let children = model.children.iter().map(|link| {
        let child = &models[link.child];
        let kind = match link.relationship.cardinality {
            Cardinality::OneToOne => "rt::Link::has_one",
            Cardinality::OneToMany => "rt::Link::has_many",
        };
        call(
            kind,
            vec![
                positions(&model.positions(&link.relationship.referenced_columns)),
                positions(&child.positions(&link.relationship.columns)),
                atom(reverse_position(child, link, true).to_string()),
            ],
        )
    });
    parents.chain(children).collect()
}

/// The position of `link` among the links of `other`, the model on its other side: among its
/// parents (`as_parent`: `other` holds the key), else after them among its children.
fn reverse_position(other: &Model, link: &Link, as_parent: bool) -> usize {
    let same = |l: &&Link| std::ptr::eq(l.relationship, link.relationship);
    if as_parent {
        other
            .parents
            .iter()
            .position(|l| same(&l))
            .expect("both sides")
    } else {
        let at = other
            .children
            .iter()
            .position(|l| same(&l))
            .expect("both sides");
        other.parents.len() + at
    }
}
