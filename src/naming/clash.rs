//! One model's names against each other. Names are claimed in a fixed order, each group in an
//! order that does not depend on the order of columns: the methods every model has, column
//! accessors (the table's own words), finders, then relationship methods (configured first,
//! belongs-to before the other sides); the later of two that meet is renamed, and the rename
//! says who had the name.

use super::keys::{Named, Reverse};
use super::{screaming, FinderNames, Names, Rename};
use crate::catalog::Table;
use crate::relations::{Cardinality, Relationship};
use std::collections::BTreeMap;

/// Methods of every model (SPEC §5, §9): no generated name may take one.
const MODEL_METHODS: &[&str] = &[
    "new",
    "find",
    "find_by_sql",
    "find_many",
    "all",
    "query",
    "insert_all",
    "save",
    "save_shallow",
    "delete",
    "is_new",
    "is_dirty",
];

/// Associated constants of every model: the `Model` trait's (`TABLE` inherent too).
const MODEL_CONSTANTS: &[&str] = &["TABLE", "COLUMNS"];

/// `get_`, `set_`, `load_<stem>`: a belongs-to side, or a has-one side.
pub fn belongs_to_family(stem: &str) -> Vec<String> {
    vec![
        format!("get_{stem}"),
        format!("set_{stem}"),
        format!("load_{stem}"),
    ]
}

/// The methods of a has-one or has-many side.
pub fn reverse_family(many: &str, one: &str, cardinality: Cardinality) -> Vec<String> {
    match cardinality {
        Cardinality::OneToOne => belongs_to_family(many),
        Cardinality::OneToMany => vec![
            format!("get_{many}"),
            format!("get_{many}_lazy"),
            format!("load_{many}"),
            format!("add_{one}"),
            format!("remove_{one}"),
        ],
    }
}

/// The method names of every model claimed so far, by table, with what holds each.
#[derive(Debug, Default)]
pub struct Taken {
    methods: BTreeMap<String, BTreeMap<String, String>>,
}

impl Taken {
    fn table(&mut self, table: &str) -> &mut BTreeMap<String, String> {
        self.methods.entry(table.to_string()).or_insert_with(|| {
            MODEL_METHODS
                .iter()
                .map(|m| (m.to_string(), "a method of every model".to_string()))
                .collect()
        })
    }

    /// The first of `candidates` whose whole family (`family(candidate)`) is free on `table`,
    /// claimed for `owner`: that candidate, its position, and what held the first candidate
    /// when it was not free. Candidates are made as they are tried (they are numbered without
    /// end: making a thousand of them ahead was most of `generate`'s time).
    fn claim<T>(
        &mut self,
        table: &str,
        candidates: impl IntoIterator<Item = T>,
        family: impl Fn(&T) -> Vec<String>,
        owner: &str,
    ) -> (T, usize, Option<String>) {
        let methods = self.table(table);
        let mut first_holder = None;
        for (i, candidate) in candidates.into_iter().enumerate() {
            let family = family(&candidate);
            let held = family.iter().find_map(|m| methods.get(m).map(|o| (m, o)));
            match held {
                None => {
                    for m in family {
                        methods.insert(m, owner.to_string());
                    }
                    return (candidate, i, first_holder);
                }
                Some((m, o)) if first_holder.is_none() => {
                    first_holder = Some(format!("`{m}` is {o}"));
                }
                Some(_) => {}
            }
        }
        unreachable!("numbered candidates never run out")
    }

    /// A belongs-to name: the rule's, else `<name>_record`, else numbered.
    pub fn claim_belongs_to(
        &mut self,
        r: &Relationship,
        named: &Named,
        configured: bool,
        renames: &mut Vec<Rename>,
    ) -> Named {
        let name = &named.name;
        let candidates = std::iter::once(name.clone())
            .chain((!name.ends_with("_record")).then(|| format!("{name}_record")))
            .chain((2..).map(|n| format!("{name}_{n}")));
        let owner = format!("the belongs-to of {}", key_text(r));
        let family = |c: &String| belongs_to_family(c);
        let (chosen, at, holder) = self.claim(&r.table, candidates, family, &owner);
        let Some(holder) = holder.filter(|_| at > 0) else {
            return named.clone();
        };
        if !configured {
            renames.push(Rename {
                table: r.table.clone(),
                item: format!("get_{chosen}"),
                wanted: format!("get_{name}"),
                reason: holder.clone(),
            });
        }
        Named {
            name: chosen,
            rule: format!("{}; renamed, as {holder}", named.rule),
        }
    }

    /// A has-one or has-many name: the rule's, else with `_by_<belongs-to>` (when neither
    /// holds a `by`), else numbered.
    pub fn claim_reverse(
        &mut self,
        r: &Relationship,
        wanted: &Reverse,
        belongs_to: &str,
        configured: bool,
        renames: &mut Vec<Rename>,
    ) -> Reverse {
        let Reverse { many, one, rule } = wanted;
        let has_by = |s: &str| s.split('_').any(|w| w == "by");
        let by = (!has_by(many) && !has_by(belongs_to)).then(|| {
            (
                format!("{many}_by_{belongs_to}"),
                format!("{one}_by_{belongs_to}"),
            )
        });
        let candidates = std::iter::once((many.clone(), one.clone()))
            .chain(by)
            .chain((2..).map(|n| (format!("{many}_{n}"), format!("{one}_{n}"))));
        let owner = format!("the {} of {}", side(r.cardinality), key_text(r));
        let family = |(m, o): &(String, String)| reverse_family(m, o, r.cardinality);
        let (chosen, at, holder) = self.claim(&r.referenced_table, candidates, family, &owner);
        let Some(holder) = holder.filter(|_| at > 0) else {
            return wanted.clone();
        };
        let (chosen_many, chosen_one) = chosen;
        if !configured {
            renames.push(Rename {
                table: r.referenced_table.clone(),
                item: format!("get_{chosen_many}"),
                wanted: format!("get_{many}"),
                reason: holder.clone(),
            });
        }
        Reverse {
            many: chosen_many,
            one: chosen_one,
            rule: format!("{rule}; renamed, as {holder}"),
        }
    }
}

fn side(cardinality: Cardinality) -> &'static str {
    match cardinality {
        Cardinality::OneToOne => "has-one",
        Cardinality::OneToMany => "has-many",
    }
}

/// `table(columns) -> referenced_table`, as `inspect --relations` prints a relationship.
pub fn key_text(r: &Relationship) -> String {
    format!(
        "{}({}) -> {}",
        r.table,
        r.columns.join(", "),
        r.referenced_table
    )
}

/// Claims a table's column accessors, then its finders (`finder_sets`, in the order they are
/// to be listed), and records the finders' names.
pub fn claim_columns(
    table: &Table,
    names: &mut Names,
    taken: &mut Taken,
    finder_sets: Vec<Vec<String>>,
) {
    let columns = &names.columns[&table.table_name];
    let stem_of = |column: &str| {
        let at = table
            .column_position(column)
            .expect("a column of the table");
        columns[at].stem.clone()
    };
    let mut by_name: Vec<(&str, &str)> = table
        .columns
        .iter()
        .zip(columns)
        .map(|(c, n)| (c.column_name.as_str(), n.stem.as_str()))
        .collect();
    by_name.sort();
    for (column, stem) in by_name {
        let owner = format!("the accessor of column `{column}`");
        let family = |stem: &&str| vec![format!("get_{stem}"), format!("set_{stem}")];
        taken.claim(&table.table_name, [stem], family, &owner);
    }
    // Claimed one column before several, each group by column names: the column order
    // does not decide.
    let mut claim_order: Vec<usize> = (0..finder_sets.len()).collect();
    claim_order.sort_by_key(|&i| (finder_sets[i].len(), finder_sets[i].clone()));
    let mut stems = vec![String::new(); finder_sets.len()];
    for i in claim_order {
        let set = &finder_sets[i];
        let stem: Vec<String> = set.iter().map(|c| stem_of(c)).collect();
        let stem = stem.join("_and_");
        let candidates = std::iter::once(stem.clone())
            .chain(std::iter::once(format!("{stem}_column")))
            .chain((2..).map(|n| format!("{stem}_column_{n}")));
        let owner = format!("the finder of `{}`", set.join(", "));
        let family = |c: &String| vec![format!("find_by_{c}")];
        let (chosen, at, holder) = taken.claim(&table.table_name, candidates, family, &owner);
        if let Some(holder) = holder.filter(|_| at > 0) {
            names.renames.push(Rename {
                table: table.table_name.clone(),
                item: format!("find_by_{chosen}"),
                wanted: format!("find_by_{stem}"),
                reason: holder,
            });
        }
        stems[i] = chosen;
    }
    let finders = finder_sets
        .into_iter()
        .zip(stems)
        .map(|(columns, stem)| FinderNames { columns, stem })
        .collect();
    names.finders.insert(table.table_name.clone(), finders);
}

/// The `Column` constants of a table (SPEC §9): SCREAMING_SNAKE of the column, `_COLUMN`
/// appended when it meets another associated item (`TABLE`, `COLUMNS`, or another column's
/// constant), then a number; claimed by column name.
pub fn name_constants(table: &Table, names: &mut Names) {
    let mut taken: BTreeMap<String, String> = MODEL_CONSTANTS
        .iter()
        .map(|c| (c.to_string(), "a constant of every model".to_string()))
        .collect();
    let columns = names
        .columns
        .get_mut(&table.table_name)
        .expect("named columns");
    let mut by_name: Vec<(&str, usize)> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.column_name.as_str(), i))
        .collect();
    by_name.sort();
    // The plain names first: a column's own name wins over another's `_COLUMN` form.
    let plain: Vec<String> = by_name
        .iter()
        .map(|&(_, i)| screaming(&columns[i].stem))
        .collect();
    for (k, &(column, i)) in by_name.iter().enumerate() {
        let wanted = &plain[k];
        let others_plain = |c: &str| plain.iter().enumerate().any(|(j, p)| j != k && p == c);
        let candidates = std::iter::once(wanted.clone())
            .chain(std::iter::once(format!("{wanted}_COLUMN")))
            .chain((2..).map(|n| format!("{wanted}_COLUMN_{n}")));
        let mut holder = None;
        let mut chosen = String::new();
        for candidate in candidates {
            let held = taken.get(&candidate).cloned().or_else(|| {
                (candidate != *wanted && others_plain(&candidate))
                    .then(|| "another column's constant".to_string())
            });
            match held {
                None => {
                    chosen = candidate;
                    break;
                }
                Some(h) => {
                    holder.get_or_insert(format!("`{candidate}` is {h}"));
                }
            }
        }
        taken.insert(chosen.clone(), format!("the constant of column `{column}`"));
        if let Some(reason) = holder.filter(|_| chosen != *wanted) {
            names.renames.push(Rename {
                table: table.table_name.clone(),
                item: chosen.clone(),
                wanted: wanted.clone(),
                reason,
            });
        }
        columns[i].constant = chosen;
    }
}
