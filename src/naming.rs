//! Every Rust name modelgen makes, and nothing else does names (SPEC §4).
//!
//! Structs are the singular of their table in UpperCamelCase; relationship methods take the
//! key column without `_id` (belongs-to) or the source table (has-many plural, has-one
//! singular), with `_by_<belongs-to>` where a table refers to the same one several times or to
//! itself. Names stay valid Rust whatever the schema holds, and clashes resolve the same way
//! whatever the column order; each rename is reported.

use crate::catalog::Catalog;
use crate::relations::{Cardinality, Relations, Relationship};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// What shapes the names besides the catalog: the config file's table prefix and method names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NamingOptions {
    /// Left out of struct and method names: `wp_posts` → `Post`, `get_posts`.
    pub table_prefix: Option<String>,
    /// Method stems chosen for relationships, by their table and key columns.
    pub methods: Vec<ChosenNames>,
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
    fn unprefixed<'t>(&self, table: &'t str) -> &'t str {
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
    /// (table, column) → the enum of an ENUM column.
    pub enums: BTreeMap<(String, String), String>,
    /// What had to be renamed and why, for `inspect --relations` and the generated docs.
    pub renames: Vec<String>,
}

/// The names of one column: `get_<stem>`, `set_<stem>`, `find_by_<stem>`, and the private
/// field holding its value.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnNames {
    pub stem: String,
    pub field: String,
}

/// Type names a struct or enum cannot take: the runtime's and the prelude's. A table named
/// `errors` or `options` gets `ErrorModel`, `OptionModel`.
const TAKEN_TYPES: &[&str] = &[
    "Db",
    "Error",
    "Result",
    "Connection",
    "Lazy",
    "FromSql",
    "ToSql",
    "RowReader",
    "RecordState",
    "Write",
    "HasMany",
    "HasOne",
    "Record",
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
    "Self_",
    "Unpin",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "FromIterator",
];

/// The method stems of one relationship: `get_<belongs_to>`/`set_<belongs_to>` on the table
/// holding the key; `get_<reverse>` (and `_lazy`, `add_<reverse_one>`) on the other.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipNames {
    pub belongs_to: String,
    pub reverse: String,
    /// The singular of `reverse`, for `add_<reverse_one>` on has-many.
    pub reverse_one: String,
}

/// Rust's keywords, strict and reserved: a name equal to one gets a trailing `_`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A valid identifier from `name` already in the wanted case: keywords get a trailing `_`,
/// a name that cannot start an identifier gets a leading `_` (`3d` → `_3d`), and characters
/// that cannot be in one become `_`.
pub fn identifier(name: &str) -> String {
    let mut id = word_characters(name);
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, '_');
    }
    if KEYWORDS.contains(&id.as_str()) {
        id.push('_');
    }
    id
}

/// `name` with every character that cannot be in an identifier made `_`.
fn word_characters(name: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    name.chars()
        .map(|c| if word(c) { c } else { '_' })
        .collect()
}

/// `get_<snake>` stems: snake_case, valid after a prefix.
pub fn snake(name: &str) -> String {
    let snake = name.to_snake_case();
    let snake = word_characters(&snake);
    if snake.is_empty() {
        "_".into()
    } else {
        snake
    }
}

/// `inventory_entries` → `inventory_entry`: the last word made singular.
pub fn singular(name: &str) -> String {
    let (head, last) = split_last_word(name);
    format!("{head}{}", pluralizer::pluralize(last, 1, false))
}

/// `mobile_item` → `mobile_items`: the last word made plural.
pub fn plural(name: &str) -> String {
    let (head, last) = split_last_word(name);
    format!("{head}{}", pluralizer::pluralize(last, 2, false))
}

fn split_last_word(name: &str) -> (&str, &str) {
    match name.rfind(['_', ' ']) {
        Some(at) => name.split_at(at + 1),
        None => ("", name),
    }
}

/// The struct of a table: `mobile_items` → `MobileItem`, `people` → `Person`.
pub fn struct_name(table: &str) -> String {
    let camel = singular(&table.to_snake_case()).to_upper_camel_case();
    let id = identifier(&camel);
    if id.starts_with('_') {
        format!("T{}", id.trim_start_matches('_'))
    } else {
        id
    }
}

/// The enum of an ENUM column: `<Struct><Column>` (`BlueprintRarity`).
pub fn enum_name(struct_name: &str, column: &str) -> String {
    format!(
        "{struct_name}{}",
        identifier(&column.to_upper_camel_case()).trim_start_matches('_')
    )
}

/// The variant of an ENUM value: UpperCamelCase, `V`-prefixed when it starts with a digit,
/// `Empty` for ''.
pub fn variant_name(value: &str) -> String {
    let camel = value.to_upper_camel_case();
    match camel.chars().next() {
        None => "Empty".into(),
        Some(c) if c.is_ascii_digit() => identifier(&format!("V{camel}")),
        Some(_) => identifier(&camel),
    }
}

/// Names every struct and relationship of the catalog.
pub fn name_catalog(catalog: &Catalog, relations: &Relations, options: &NamingOptions) -> Names {
    let mut names = Names::default();
    let mut taken: BTreeMap<String, String> = TAKEN_TYPES
        .iter()
        .map(|t| (t.to_string(), "modelgen's runtime".to_string()))
        .collect();
    for table in catalog.tables.keys() {
        let mut name = struct_name(options.unprefixed(table));
        if TAKEN_TYPES.contains(&name.as_str()) {
            let renamed = format!("{name}Model");
            names.renames.push(format!(
                "table `{table}`: struct {renamed}, as {name} is Rust's"
            ));
            name = renamed;
        } else if let Some(other) = taken.get(&name) {
            let renamed = format!(
                "{name}{}",
                identifier(&table.to_upper_camel_case()).trim_start_matches(&name[..])
            );
            let renamed = if renamed == name || taken.contains_key(&renamed) {
                format!("{name}{}", taken.len())
            } else {
                renamed
            };
            names.renames.push(format!(
                "table `{table}`: struct {renamed}, as {name} is `{other}`'s"
            ));
            name = renamed;
        }
        taken.insert(name.clone(), table.clone());
        names.structs.insert(table.clone(), name);
    }
    for table in catalog.tables.values() {
        let columns = column_names(table);
        for (column, n) in table.columns.iter().zip(&columns) {
            if column.data_type == "enum" {
                let mut name = enum_name(&names.structs[&table.table_name], &n.stem);
                if taken.contains_key(&name) {
                    name.push_str("Value");
                }
                taken.insert(name.clone(), table.table_name.clone());
                names
                    .enums
                    .insert((table.table_name.clone(), column.column_name.clone()), name);
            }
        }
        names.columns.insert(table.table_name.clone(), columns);
    }
    names.relationships = relations
        .relationships
        .iter()
        .map(|r| relationship_names(r, relations, options))
        .collect();
    resolve_clashes(catalog, relations, options, &mut names);
    names
}

/// The stems and fields of a table's columns: snake_case, and where two columns give one
/// stem (`FooBar`, `foo_bar`), the one whose name sorts later gets `_2` (then `_3`...), so the
/// order of columns does not matter. Fields that would meet the models' own fields (`meta`,
/// `meta_key`, `cache_*`) are `column_<name>`.
fn column_names(table: &crate::catalog::Table) -> Vec<ColumnNames> {
    let mut by_name: Vec<(&str, usize)> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.column_name.as_str(), i))
        .collect();
    by_name.sort();
    let mut stems = vec![String::new(); table.columns.len()];
    let mut taken = BTreeSet::new();
    for (name, position) in by_name {
        let stem = snake(name);
        let stem = (1..)
            .map(|n| {
                if n == 1 {
                    stem.clone()
                } else {
                    format!("{stem}_{n}")
                }
            })
            .find(|s| !taken.contains(s))
            .expect("numbers never run out");
        taken.insert(stem.clone());
        stems[position] = stem;
    }
    stems
        .into_iter()
        .map(|stem| {
            let field = identifier(&stem);
            let field = if field == "meta" || field == "meta_key" || field.starts_with("cache_") {
                format!("column_{field}")
            } else {
                field
            };
            ColumnNames { stem, field }
        })
        .collect()
}

/// The stems SPEC §4 gives, or the config file chose, before clashes are looked at.
fn relationship_names(
    r: &Relationship,
    relations: &Relations,
    options: &NamingOptions,
) -> RelationshipNames {
    let mut names = spec_names(r, relations, options);
    if let Some(chosen) = options.chosen(r) {
        if let Some(belongs_to) = &chosen.belongs_to {
            names.belongs_to = belongs_to.clone();
        }
        if let Some(reverse) = &chosen.reverse {
            names.reverse = reverse.clone();
            names.reverse_one = match r.cardinality {
                Cardinality::OneToOne => reverse.clone(),
                Cardinality::OneToMany => singular(reverse),
            };
        }
    }
    names
}

/// The stems of SPEC §4.
fn spec_names(
    r: &Relationship,
    relations: &Relations,
    options: &NamingOptions,
) -> RelationshipNames {
    let belongs_to = match r.columns.as_slice() {
        [column] if column.len() > 3 && column.to_ascii_lowercase().ends_with("_id") => {
            snake(&column[..column.len() - 3])
        }
        _ => snake(&singular(options.unprefixed(&r.referenced_table))),
    };
    let one = snake(&singular(options.unprefixed(&r.table)));
    let many = snake(&plural(&one));
    let siblings = relations
        .relationships
        .iter()
        .filter(|o| o.table == r.table && o.referenced_table == r.referenced_table)
        .count();
    let by = if siblings > 1 || r.is_self_reference() {
        format!("_by_{belongs_to}")
    } else {
        String::new()
    };
    let reverse = match r.cardinality {
        Cardinality::OneToOne => format!("{one}{by}"),
        Cardinality::OneToMany => format!("{many}{by}"),
    };
    RelationshipNames {
        belongs_to,
        reverse,
        reverse_one: format!("{one}{by}"),
    }
}

/// Every method a struct has, by name: column accessors first (they are the table's own
/// words), then the relationship methods the config file named, then the others in
/// relationship order; a relationship method that meets a taken name gets `_by_<column>`,
/// then a number.
fn resolve_clashes(
    catalog: &Catalog,
    relations: &Relations,
    options: &NamingOptions,
    names: &mut Names,
) {
    let mut methods: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for table in catalog.tables.values() {
        let set = methods.entry(table.table_name.as_str()).or_default();
        for column in &names.columns[&table.table_name] {
            let stem = &column.stem;
            set.insert(format!("get_{stem}"));
            set.insert(format!("set_{stem}"));
        }
    }
    let mut renames = Vec::new();
    let mut in_order: Vec<(&Relationship, &mut RelationshipNames)> = relations
        .relationships
        .iter()
        .zip(names.relationships.iter_mut())
        .collect();
    // A stable sort: the chosen first, each group in relationship order.
    in_order.sort_by_key(|(r, _)| options.chosen(r).is_none());
    for (r, n) in in_order {
        let column_stem = snake(&r.columns.join("_"));
        let own = methods.entry(r.table.as_str()).or_default();
        let stem = free_stem(
            own,
            &n.belongs_to,
            &column_stem,
            &[("get_", ""), ("set_", "")],
        );
        if stem != n.belongs_to {
            renames.push(format!(
                "{}.{}: get_{stem}, as get_{} is taken",
                r.table,
                r.columns.join(","),
                n.belongs_to
            ));
            n.belongs_to = stem;
        }
        let other = methods.entry(r.referenced_table.as_str()).or_default();
        let affixes: &[(&str, &str)] = match r.cardinality {
            Cardinality::OneToOne => &[("get_", "")],
            Cardinality::OneToMany => &[("get_", ""), ("get_", "_lazy")],
        };
        let stem = free_stem(other, &n.reverse, &column_stem, affixes);
        if stem != n.reverse {
            renames.push(format!(
                "{} <- {}.{}: get_{stem}, as get_{} is taken",
                r.referenced_table,
                r.table,
                r.columns.join(","),
                n.reverse
            ));
            // `assets_by_user` became `assets_by_user_by_x`: `add_asset_by_user_by_x`.
            let added = stem.strip_prefix(n.reverse.as_str()).unwrap_or("");
            n.reverse_one = format!("{}{added}", n.reverse_one);
            n.reverse = stem;
        }
    }
    names.renames.extend(renames);
}

/// `stem` if no `prefix+stem+suffix` is taken, else `stem_by_<column>`, else with a number;
/// the names found are taken from then on.
fn free_stem(
    taken: &mut BTreeSet<String>,
    stem: &str,
    column: &str,
    affixes: &[(&str, &str)],
) -> String {
    let free = |s: &str, taken: &BTreeSet<String>| {
        affixes
            .iter()
            .all(|(p, x)| !taken.contains(&format!("{p}{s}{x}")))
    };
    let candidates = std::iter::once(stem.to_string())
        .chain(std::iter::once(format!("{stem}_by_{column}")))
        .chain((2..).map(|i| format!("{stem}_by_{column}_{i}")));
    let chosen = candidates
        .into_iter()
        .find(|s| free(s, taken))
        .expect("numbers never run out");
    for (p, x) in affixes {
        taken.insert(format!("{p}{chosen}{x}"));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structs_are_singular_upper_camel_case() {
        assert_eq!(struct_name("mobile_items"), "MobileItem");
        assert_eq!(struct_name("inventory_entries"), "InventoryEntry");
        assert_eq!(struct_name("people"), "Person");
        assert_eq!(struct_name("player_settings"), "PlayerSetting");
        assert_eq!(struct_name("3d models"), "T3dModel");
        assert_eq!(struct_name("self"), "Self_");
    }

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("3d"), "_3d");
        assert_eq!(identifier("a b-c"), "a_b_c");
        assert_eq!(identifier("ünï"), "ünï");
    }

    /// dolibarr's `fk_user_creat` and `fk_user_modif`, both to `users`: the second's methods
    /// get `_by_<column>`, and its `add_` stays singular.
    #[test]
    fn a_renamed_has_many_keeps_a_singular_add() {
        let sql = "CREATE TABLE users (id INT PRIMARY KEY);
CREATE TABLE assets (id INT PRIMARY KEY, fk_user_creat INT, fk_user_modif INT,
  FOREIGN KEY (fk_user_creat) REFERENCES users (id), FOREIGN KEY (fk_user_modif) REFERENCES users (id));";
        let mut loaded = crate::Loaded::default();
        crate::apply_sql(std::path::Path::new("t.sql"), sql.as_bytes(), &mut loaded).unwrap();
        let relations = crate::relations::derive_relations(&loaded.catalog, &Default::default());
        let names = name_catalog(&loaded.catalog, &relations, &Default::default());
        let stems: Vec<(&str, &str, &str)> = names
            .relationships
            .iter()
            .map(|n| {
                (
                    n.belongs_to.as_str(),
                    n.reverse.as_str(),
                    n.reverse_one.as_str(),
                )
            })
            .collect();
        assert_eq!(
            stems,
            [
                ("user", "assets_by_user", "asset_by_user"),
                (
                    "user_by_fk_user_modif",
                    "assets_by_user_by_fk_user_modif",
                    "asset_by_user_by_fk_user_modif"
                ),
            ]
        );
    }

    #[test]
    fn enum_and_variant_names() {
        assert_eq!(enum_name("Blueprint", "rarity"), "BlueprintRarity");
        assert_eq!(variant_name("common"), "Common");
        assert_eq!(variant_name("y z"), "YZ");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1st"), "V1st");
    }
}
