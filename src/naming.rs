//! Every Rust name modelgen makes, and nothing else does names (SPEC §4, §9).
//!
//! Structs are the singular of their table in UpperCamelCase. A belongs-to method takes the
//! key column's stem (`blueprint_id` → `get_blueprint`), or the column and its target when the
//! column has no key suffix (`approved_by` → `get_approved_by_user`); the other side takes the
//! source table (has-many plural, has-one singular), with `_by_<belongs-to>` where a table
//! refers to the same one several times or to itself. Then every method and constant of a
//! model is checked against all the others: a clash is resolved the same way whatever the
//! column order, and reported with its reason ([`Rename`]), for `inspect --relations` and
//! for the generated docs. Every name is an ASCII, lint-clean Rust identifier whatever the
//! schema holds.
//!
//! Submodules: `ident` (case, keywords, ASCII), `words` (singular, plural), `keys` (the
//! rules of each relationship side), `clash` (one model's names, claimed in a fixed order),
//! `report` (`inspect --relations`).

mod clash;
mod ident;
mod keys;
pub mod report;
mod words;

pub use ident::{camel, identifier, is_keyword, screaming, snake};
pub use keys::key_stem;
pub use words::{plural, singular, singular_head};

use crate::catalog::{Catalog, IndexKind, Table};
use crate::relations::{Cardinality, Relations, Relationship};
use clash::Taken;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which columns get a `find_by_<column>` (the config's `finders`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Finders {
    /// Columns that lead a B-tree index, and the key columns of every relationship.
    #[default]
    Indexed,
    /// Every column, as the PRD's generator did.
    All,
}

/// What shapes the names besides the catalog: the config file's table prefix and names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NamingOptions {
    /// Left out of struct and method names: `wp_posts` → `Post`, `get_posts`.
    pub table_prefix: Option<String>,
    /// Method stems chosen for relationships, by their table and key columns.
    pub methods: Vec<ChosenNames>,
    /// Struct names chosen for tables, by table.
    pub structs: BTreeMap<String, String>,
    pub finders: Finders,
}

/// The stems chosen for one relationship: `get_<belongs_to>` on the table holding the key,
/// `get_<reverse>` on the other (`add_<singular of reverse>` too, for has-many).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChosenNames {
    pub table: String,
    pub columns: Vec<String>,
    pub belongs_to: Option<String>,
    pub reverse: Option<String>,
}

impl NamingOptions {
    /// `table` without the prefix, when it has it and more.
    pub fn unprefixed<'t>(&self, table: &'t str) -> &'t str {
        let Some(prefix) = self.table_prefix.as_deref() else {
            return table;
        };
        match table.get(..prefix.len()) {
            Some(head) if head.eq_ignore_ascii_case(prefix) && table.len() > prefix.len() => {
                &table[prefix.len()..]
            }
            _ => table,
        }
    }

    fn chosen(&self, r: &Relationship) -> Option<&ChosenNames> {
        self.methods
            .iter()
            .find(|m| r.has_key(&m.table, &m.columns))
    }
}

/// The names of a whole catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Names {
    /// Table → struct name.
    pub structs: BTreeMap<String, String>,
    /// One entry per relationship, in the order of `Relations::relationships`.
    pub relationships: Vec<RelationshipNames>,
    /// Table → the names of its columns, in ordinal order.
    pub columns: BTreeMap<String, Vec<ColumnNames>>,
    /// Table → its `find_by_*` finders (the primary key's `find` is not among them): single
    /// columns in ordinal order, then the composite keys of relationships.
    pub finders: BTreeMap<String, Vec<FinderNames>>,
    /// (table, column) → the enum of an ENUM column.
    pub enums: BTreeMap<(String, String), String>,
    /// Every name that is not the one its rule gave, and why.
    pub renames: Vec<Rename>,
    /// Without a `table_prefix`: a hint to set one, when most table names share one.
    pub prefix_hint: Option<String>,
}

/// The names of one column: `get_<stem>`, `set_<stem>`, the private field holding its value,
/// and its `Column` constant (SPEC §9).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnNames {
    pub stem: String,
    pub field: String,
    pub constant: String,
}

/// A `find_by_<stem>` over some columns (one, or a relationship's composite key).
#[derive(Debug, Clone, PartialEq)]
pub struct FinderNames {
    /// The columns as the catalog spells them.
    pub columns: Vec<String>,
    pub stem: String,
}

/// The method stems of one relationship: `get_`, `set_`, `load_<belongs_to>` on the table
/// holding the key; `get_`, `load_<reverse>` on the other, with `set_<reverse>` (has-one) or
/// `get_<reverse>_lazy`, `add_`, `remove_<reverse_one>` (has-many).
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipNames {
    pub belongs_to: String,
    pub reverse: String,
    /// The singular of `reverse`, for `add_`/`remove_<reverse_one>` on has-many.
    pub reverse_one: String,
    /// How `belongs_to` was named (a rule of SPEC §4, the config file, or a clash).
    pub belongs_to_rule: String,
    pub reverse_rule: String,
}

impl RelationshipNames {
    /// `load_<belongs_to>`: batch loading of the belongs-to side.
    pub fn load_belongs_to(&self) -> String {
        format!("load_{}", self.belongs_to)
    }

    /// `load_<reverse>`: batch loading of the has-one or has-many side.
    pub fn load_reverse(&self) -> String {
        format!("load_{}", self.reverse)
    }

    /// `set_<reverse>`: the has-one setter.
    pub fn set_reverse(&self) -> String {
        format!("set_{}", self.reverse)
    }

    /// `add_<reverse_one>`: has-many.
    pub fn add_reverse(&self) -> String {
        format!("add_{}", self.reverse_one)
    }

    /// `remove_<reverse_one>`: has-many.
    pub fn remove_reverse(&self) -> String {
        format!("remove_{}", self.reverse_one)
    }

    /// Every method of the belongs-to side.
    pub fn belongs_to_methods(&self) -> Vec<String> {
        clash::belongs_to_family(&self.belongs_to)
    }

    /// Every method of the other side.
    pub fn reverse_methods(&self, cardinality: Cardinality) -> Vec<String> {
        clash::reverse_family(&self.reverse, &self.reverse_one, cardinality)
    }
}

/// A name that is not the one its rule gave: `item` on `table`'s struct (a method, constant,
/// field, struct or enum name) was to be `wanted`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    pub table: String,
    pub item: String,
    pub wanted: String,
    pub reason: String,
}

impl Rename {
    /// One line for the item's doc: ``Named `item`, not `wanted`: reason.``
    pub fn doc(&self) -> String {
        format!(
            "Named `{}`, not `{}`: {}.",
            self.item, self.wanted, self.reason
        )
    }
}

impl Names {
    /// The rename of `item` on `table`'s struct, if it was renamed: its doc line says why.
    pub fn rename(&self, table: &str, item: &str) -> Option<&Rename> {
        self.renames
            .iter()
            .find(|r| r.table == table && r.item == item)
    }
}

/// Type names a struct or enum cannot take in models.rs: the runtime items it re-exports
/// (SPEC §5), the prelude's, and `Self`. The runtime's other items are named through `rt::`,
/// so no table can meet them (a table `records` is `Record`). A table named `errors` or `options` gets `ErrorModel`,
/// `OptionModel`.
const TAKEN_TYPES: &[&str] = &[
    "Db",
    "Error",
    "Result",
    "Model",
    "Column",
    "Cond",
    "Order",
    "Query",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "Unpin",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "FromIterator",
    "Self",
];

/// Whether a struct or enum may not be named `name`.
pub fn is_taken_type(name: &str) -> bool {
    TAKEN_TYPES.contains(&name)
}

/// The struct of a table: `mobile_items` → `MobileItem`, `people` → `Person`, `x_y_z` →
/// `Xyz` (clippy's `upper_case_acronyms`), `3d models` → `T3dModel`.
pub fn struct_name(table: &str) -> String {
    ident::type_name(&camel(&singular(&snake(table))), "T")
}

/// `name` as a type name: its words in UpperCamelCase ASCII (`book copy` → `BookCopy`).
pub fn type_name(name: &str) -> String {
    ident::type_name(&camel(name), "T")
}

/// The enum of an ENUM column: `<Struct><Column>` (`BlueprintRarity`).
pub fn enum_name(struct_name: &str, column: &str) -> String {
    ident::type_name(&format!("{struct_name}{}", camel(column)), "E")
}

/// The variant of an ENUM value: UpperCamelCase, `V`-prefixed when it starts with a digit,
/// `Empty` for '', `Self_` for `Self` (a keyword).
pub fn variant_name(value: &str) -> String {
    let camel = camel(value);
    if camel.is_empty() {
        return "Empty".into();
    }
    let name = ident::type_name(&camel, "V");
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// The variants of an ENUM's values, distinct: a value whose name is taken gets a number
/// (`Self`, `self` → `Self_`, `Self2`).
pub fn variants(values: &[String]) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    values
        .iter()
        .map(|value| {
            let name = variant_name(value);
            let base = name.trim_end_matches('_');
            let name = std::iter::once(name.clone())
                .chain((2..).map(|n| format!("{base}{n}")))
                .find(|n| !taken.contains(n))
                .expect("numbers never run out");
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Names every struct, column, finder and relationship of the catalog.
pub fn name_catalog(catalog: &Catalog, relations: &Relations, options: &NamingOptions) -> Names {
    let mut names = Names::default();
    let mut types = name_structs(catalog, options, &mut names);
    name_enums(catalog, &mut types, &mut names);
    for table in catalog.tables.values() {
        let columns = column_names(table, &mut names.renames);
        names.columns.insert(table.table_name.clone(), columns);
    }
    let mut taken = Taken::default();
    let keys = relationship_keys(relations);
    for table in catalog.tables.values() {
        let keyed = keys
            .get(table.table_name.as_str())
            .cloned()
            .unwrap_or_default();
        let finders = finder_columns(table, keyed, options.finders);
        clash::claim_columns(table, &mut names, &mut taken, finders);
    }
    name_relationships(relations, options, &mut taken, &mut names);
    for table in catalog.tables.values() {
        clash::name_constants(table, &mut names);
    }
    if options.table_prefix.is_none() {
        names.prefix_hint = report::prefix_hint(catalog.tables.keys().map(String::as_str));
    }
    names
}

/// Struct names: the config's, else the singular UpperCamelCase of the table; a name Rust or
/// the runtime has gets `Model`; two tables that give one name (`self`, `Self`) number the
/// later by table name.
fn name_structs(
    catalog: &Catalog,
    options: &NamingOptions,
    names: &mut Names,
) -> BTreeMap<String, String> {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let configured = |table: &str| {
        options
            .structs
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(table))
            .map(|(_, s)| s.clone())
    };
    for table in catalog
        .tables
        .keys()
        .filter_map(|t| configured(t).map(|s| (t, s)))
    {
        taken.insert(table.1.clone(), table.0.clone());
        names.structs.insert(table.0.clone(), table.1);
    }
    for table in catalog.tables.keys() {
        if names.structs.contains_key(table) {
            continue;
        }
        let wanted = struct_name(options.unprefixed(table));
        let mut name = wanted.clone();
        let mut reason = None;
        if is_taken_type(&name) {
            name = format!("{name}Model");
            reason = Some(format!(
                "`{wanted}` is a name of Rust or of modelgen's runtime"
            ));
        }
        if let Some(other) = taken.get(&name) {
            reason = Some(format!("`{name}` is the struct of table `{other}`"));
            name = (2..)
                .map(|n| format!("{name}{n}"))
                .find(|n| !taken.contains_key(n))
                .expect("numbers never run out");
        }
        if let Some(reason) = reason {
            names.renames.push(Rename {
                table: table.clone(),
                item: name.clone(),
                wanted,
                reason,
            });
        }
        taken.insert(name.clone(), table.clone());
        names.structs.insert(table.clone(), name);
    }
    taken
}

/// `<Struct><Column>` for every ENUM column; one that meets a struct or another enum gets
/// `Value`, then a number.
fn name_enums(catalog: &Catalog, taken: &mut BTreeMap<String, String>, names: &mut Names) {
    for table in catalog.tables.values() {
        let mut columns: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.data_type == "enum")
            .map(|c| c.column_name.as_str())
            .collect();
        columns.sort();
        for column in columns {
            let wanted = enum_name(&names.structs[&table.table_name], column);
            let name = std::iter::once(wanted.clone())
                .chain(std::iter::once(format!("{wanted}Value")))
                .chain((2..).map(|n| format!("{wanted}Value{n}")))
                .find(|n| !taken.contains_key(n) && !is_taken_type(n))
                .expect("numbers never run out");
            if name != wanted {
                names.renames.push(Rename {
                    table: table.table_name.clone(),
                    item: name.clone(),
                    wanted: wanted.clone(),
                    reason: format!("`{wanted}` is taken by another type"),
                });
            }
            taken.insert(name.clone(), table.table_name.clone());
            let values =
                crate::catalog::enum_values(&table.column(column).expect("a column").column_type);
            report_variants(&table.table_name, &name, &values, &mut names.renames);
            names
                .enums
                .insert((table.table_name.clone(), column.to_string()), name);
        }
    }
}

/// A rename for every variant of `values` that got a number (`Self`, `self` → `Self2`).
fn report_variants(table: &str, enum_name: &str, values: &[String], renames: &mut Vec<Rename>) {
    let got = variants(values);
    for (i, (value, variant)) in values.iter().zip(&got).enumerate() {
        let wanted = variant_name(value);
        if *variant == wanted {
            continue;
        }
        let first = values[..i].iter().position(|v| variant_name(v) == wanted);
        let Some(first) = first else { continue };
        renames.push(Rename {
            table: table.to_string(),
            item: format!("{enum_name}::{variant}"),
            wanted: format!("{enum_name}::{wanted}"),
            reason: format!("`{wanted}` is the variant of {:?}", values[first]),
        });
    }
}

/// Fields that meet the models' own fields or methods: `meta`, `meta_key`, `cache_*`, and
/// `key` (clippy's `misnamed_getters`: the `key()` method returns the primary key's field).
fn is_model_field(field: &str) -> bool {
    matches!(field, "meta" | "meta_key" | "key") || field.starts_with("cache_")
}

/// The stems and fields of a table's columns: snake_case, and where two columns give one
/// stem (`FooBar`, `foo_bar`), the one whose name sorts later gets `_2` (then `_3`...), so the
/// order of columns does not matter. A field that would meet the models' own is
/// `column_<name>`.
fn column_names(table: &Table, renames: &mut Vec<Rename>) -> Vec<ColumnNames> {
    let mut by_name: Vec<(&str, usize)> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.column_name.as_str(), i))
        .collect();
    by_name.sort();
    let mut names: Vec<Option<ColumnNames>> = vec![None; table.columns.len()];
    let mut stems: BTreeMap<String, &str> = BTreeMap::new();
    let mut fields: BTreeMap<String, &str> = BTreeMap::new();
    let mut rename = |item: String, wanted: String, reason: String| {
        renames.push(Rename {
            table: table.table_name.clone(),
            item,
            wanted,
            reason,
        })
    };
    for (name, position) in by_name {
        let wanted = snake(name);
        let stem = numbered(&wanted, |s| !stems.contains_key(s));
        if let Some(other) = stems.get(&wanted).filter(|_| stem != wanted) {
            let reason = format!("`get_{wanted}` is the accessor of column `{other}`");
            rename(format!("get_{stem}"), format!("get_{wanted}"), reason);
        }
        stems.insert(stem.clone(), name);
        let wanted = identifier(&stem);
        let field = if is_model_field(&wanted) {
            format!("column_{wanted}")
        } else {
            wanted.clone()
        };
        let field = numbered(&field, |f| !fields.contains_key(f) && !is_model_field(f));
        if field != wanted {
            let reason = match fields.get(&wanted) {
                Some(other) => format!("`{wanted}` is the field of column `{other}`"),
                None => format!("`{wanted}` is a field of every model"),
            };
            rename(field.clone(), wanted, reason);
        }
        fields.insert(field.clone(), name);
        names[position] = Some(ColumnNames {
            stem,
            field,
            constant: String::new(),
        });
    }
    names
        .into_iter()
        .map(|n| n.expect("every column"))
        .collect()
}

/// `name`, else `name_2`, `name_3`...: the first that `free` accepts.
fn numbered(name: &str, free: impl Fn(&str) -> bool) -> String {
    std::iter::once(name.to_string())
        .chain((2..).map(|n| format!("{name}_{n}")))
        .find(|n| free(n))
        .expect("numbers never run out")
}

/// The key columns of every relationship, by table: the columns of the key on the table that
/// holds it, the referenced columns on the other (built once: looking them up table by table
/// made naming quadratic in the tables).
fn relationship_keys(relations: &Relations) -> HashMap<&str, Vec<Vec<String>>> {
    let mut keys: HashMap<&str, Vec<Vec<String>>> = HashMap::new();
    for r in &relations.relationships {
        keys.entry(&r.table).or_default().push(r.columns.clone());
        let referenced = keys.entry(&r.referenced_table).or_default();
        referenced.push(r.referenced_columns.clone());
    }
    keys
}

/// The column sets of a table's finders: every column that leads a B-tree index (PRIMARY,
/// UNIQUE, KEY; the whole column, not a prefix), or every column with `Finders::All`; then
/// the key columns of its relationships on either side (`keyed`), one or several.
fn finder_columns(
    table: &Table,
    mut keyed: Vec<Vec<String>>,
    finders: Finders,
) -> Vec<Vec<String>> {
    let primary: Vec<String> = table
        .primary_key()
        .map(|k| k.columns.iter().map(|p| p.column_name.clone()).collect())
        .unwrap_or_default();
    let leads = |column: &str| {
        table.indexes.iter().any(|index| {
            matches!(
                index.kind,
                IndexKind::Primary | IndexKind::Unique | IndexKind::Plain
            ) && index
                .columns
                .first()
                .is_some_and(|p| p.prefix.is_none() && p.column_name.eq_ignore_ascii_case(column))
        })
    };
    let mut sets: Vec<Vec<String>> = table
        .columns
        .iter()
        .filter(|c| finders == Finders::All || leads(&c.column_name))
        .map(|c| vec![c.column_name.clone()])
        .collect();
    // Single key columns join in ordinal order, composite keys after them.
    let position = |set: &Vec<String>| table.column_position(&set[0]).unwrap_or(usize::MAX);
    keyed.sort_by_key(|set| (set.len() > 1, position(set)));
    for set in keyed {
        let same = |s: &Vec<String>| crate::relations::same_columns(s, &set);
        if !sets.iter().any(same) {
            sets.push(set);
        }
    }
    let by_position = |set: &Vec<String>| (set.len() > 1, position(set));
    sets.sort_by_key(by_position);
    sets.retain(|set| !crate::relations::same_columns(set, &primary));
    sets
}

/// Both sides of every relationship: the belongs-to names first (configured, then by SPEC
/// §4), then the other sides, whose `_by_` suffix takes the final belongs-to name.
fn name_relationships(
    relations: &Relations,
    options: &NamingOptions,
    taken: &mut Taken,
    names: &mut Names,
) {
    let mut order: Vec<usize> = (0..relations.relationships.len()).collect();
    // A stable sort: the configured first, each group in relationship order.
    order.sort_by_key(|&i| options.chosen(&relations.relationships[i]).is_none());
    let mut belongs: Vec<keys::Named> = relations
        .relationships
        .iter()
        .map(|r| spec_belongs_to(r, options))
        .collect();
    for &i in &order {
        let r = &relations.relationships[i];
        let chosen = options.chosen(r).and_then(|c| c.belongs_to.clone());
        if let Some(chosen) = &chosen {
            belongs[i] = keys::Named {
                rule: format!("the config file (by default `{}`)", belongs[i].name),
                name: chosen.clone(),
            };
        }
        belongs[i] = taken.claim_belongs_to(r, &belongs[i], chosen.is_some(), &mut names.renames);
    }
    let mut siblings: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &relations.relationships {
        *siblings.entry((&r.table, &r.referenced_table)).or_default() += 1;
    }
    let mut reverse: Vec<keys::Reverse> = relations
        .relationships
        .iter()
        .zip(&belongs)
        .map(|(r, b)| {
            let siblings = siblings[&(r.table.as_str(), r.referenced_table.as_str())];
            spec_reverse(r, &b.name, siblings, options)
        })
        .collect();
    for &i in &order {
        let r = &relations.relationships[i];
        let chosen = options.chosen(r).and_then(|c| c.reverse.clone());
        if let Some(chosen) = &chosen {
            reverse[i] = keys::Reverse {
                one: match r.cardinality {
                    Cardinality::OneToOne => chosen.clone(),
                    Cardinality::OneToMany => singular_head(chosen),
                },
                rule: format!("the config file (by default `{}`)", reverse[i].many),
                many: chosen.clone(),
            };
        }
        let renames = &mut names.renames;
        reverse[i] =
            taken.claim_reverse(r, &reverse[i], &belongs[i].name, chosen.is_some(), renames);
    }
    names.relationships = belongs
        .into_iter()
        .zip(reverse)
        .map(|(b, r)| RelationshipNames {
            belongs_to: b.name,
            belongs_to_rule: b.rule,
            reverse: r.many,
            reverse_one: r.one,
            reverse_rule: r.rule,
        })
        .collect();
}

/// `table` as the singular snake_case word names take (`llx_societes` → `societe` with the
/// `llx_` prefix).
fn singular_table(table: &str, options: &NamingOptions) -> String {
    snake(&singular(&snake(options.unprefixed(table))))
}

fn spec_belongs_to(r: &Relationship, options: &NamingOptions) -> keys::Named {
    let target = singular_table(&r.referenced_table, options);
    keys::belongs_to(&r.columns, &r.referenced_columns, &target)
}

/// The other side of `r` by SPEC §4, `belongs_to` being its belongs-to name, `siblings` the
/// number of keys from its table to the same table.
fn spec_reverse(
    r: &Relationship,
    belongs_to: &str,
    siblings: usize,
    options: &NamingOptions,
) -> keys::Reverse {
    let why = if r.is_self_reference() {
        Some("a self-reference".to_string())
    } else if siblings > 1 {
        Some(format!(
            "{siblings} keys of `{}` refer to `{}`",
            r.table, r.referenced_table
        ))
    } else {
        None
    };
    let by = why.as_deref().map(|w| (belongs_to, w));
    let one_to_one = r.cardinality == Cardinality::OneToOne;
    keys::reverse(&singular_table(&r.table, options), one_to_one, by)
}

#[cfg(test)]
mod tests;
