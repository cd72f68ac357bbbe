//! Which tables the generated tests can make records of, and where a cycle of NOT NULL
//! foreign keys must be broken by a detached parent.

use super::super::plan::{Link, Model};
use super::samples::{needs_value, value};
use std::collections::{BTreeMap, BTreeSet};

/// Tables whose records cannot be made without more than the schema says, and why.
pub(super) fn untestable<'m>(
    models: &'m [Model],
    detached: &BTreeSet<usize>,
) -> BTreeMap<&'m str, String> {
    let mut reasons = BTreeMap::new();
    for model in models {
        if let Some(reason) = &model.unreadable_check {
            reasons.insert(model.name, reason.clone());
            continue;
        }
        if let Some(field) = model
            .fields
            .iter()
            .find(|f| needs_value(model, f) && value(f, "n").is_none())
        {
            reasons.insert(
                model.name,
                format!(
                    "modelgen makes no sample value of `{}` {}",
                    field.column.column_name, field.column.column_type
                ),
            );
        }
    }
    // A record that breaks a cycle of NOT NULL keys sets those keys itself.
    for &number in detached {
        let model = &models[number];
        let keys = model.parents.iter().filter(|l| required_link(model, l));
        let unsampled = keys
            .flat_map(|l| model.positions(&l.relationship.columns))
            .map(|i| &model.fields[i])
            .find(|f| value(f, "n").is_none());
        if let Some(field) = unsampled {
            let reason = format!(
                "it breaks a cycle of NOT NULL foreign keys, and modelgen makes no sample \
                 value of its key `{}` {}",
                field.column.column_name, field.column.column_type
            );
            reasons.entry(model.name).or_insert(reason);
        }
    }
    // Parents that cannot be made make their children untestable too.
    loop {
        let before = reasons.len();
        for model in models {
            if reasons.contains_key(model.name) {
                continue;
            }
            let parents = required_parents(model, models);
            if let Some(parent) = parents.iter().find(|p| reasons.contains_key(p.name)) {
                let reason = format!("its parent `{}` gets none", parent.table.table_name);
                reasons.insert(model.name, reason);
            }
        }
        if reasons.len() == before {
            return reasons;
        }
    }
}

/// The models a record needs saved first: those its NOT NULL keys refer to.
pub(super) fn required_parents<'m, 'a>(
    model: &Model,
    models: &'m [Model<'a>],
) -> Vec<&'m Model<'a>> {
    model
        .parents
        .iter()
        .filter(|l| required_link(model, l))
        .map(|l| &models[l.parent])
        .collect()
}

pub(super) fn required_link(model: &Model, link: &Link) -> bool {
    model
        .positions(&link.relationship.columns)
        .iter()
        .any(|&i| !model.fields[i].column.is_nullable)
}

/// The NOT NULL keys that close a cycle, as (model, parent) numbers: the back edges of a
/// depth-first walk in model order. A sample record of the model takes, through such a key, a
/// detached parent (saved with its own NOT NULL keys pointing nowhere) instead of a sample.
pub(super) fn cycle_breaks(models: &[Model]) -> BTreeSet<(usize, usize)> {
    /// Where the walk stands with a model.
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        OnPath,
        Done,
    }
    fn walk(
        number: usize,
        models: &[Model],
        seen: &mut [Seen],
        breaks: &mut BTreeSet<(usize, usize)>,
    ) {
        seen[number] = Seen::OnPath;
        let model = &models[number];
        for link in model.parents.iter().filter(|l| required_link(model, l)) {
            match seen[link.parent] {
                Seen::OnPath => {
                    breaks.insert((number, link.parent));
                }
                Seen::Not => walk(link.parent, models, seen, breaks),
                Seen::Done => {}
            }
        }
        seen[number] = Seen::Done;
    }
    let mut seen = vec![Seen::Not; models.len()];
    let mut breaks = BTreeSet::new();
    for number in 0..models.len() {
        if seen[number] == Seen::Not {
            walk(number, models, &mut seen, &mut breaks);
        }
    }
    breaks
}
