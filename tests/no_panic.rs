//! Property tests: no input makes modelgen panic. Whatever the bytes, the pipeline returns a
//! catalog or a diagnostic; and schema statements built from a small grammar, valid or not,
//! never break the catalog builder, the relationships, the names or the emitter.

use modelgen::Loaded;
use proptest::prelude::*;
use std::path::Path;

fn load(sql: &[u8]) -> Result<Loaded, modelgen::diag::Diagnostic> {
    let mut loaded = Loaded::default();
    modelgen::apply_sql(Path::new("input.sql"), sql, &mut loaded).map(|()| loaded)
}

/// The stages after the catalog: relationships, names, models.rs.
fn generate(loaded: &Loaded) -> String {
    use modelgen::relations::{derive_relations, Infer};
    let relations = derive_relations(&loaded.catalog, &Infer::Auto.into());
    let names = modelgen::naming::name_catalog(&loaded.catalog, &relations, &Default::default());
    // Every feature on, in both flavours: the most code.
    let mut text = String::new();
    for runtime in [modelgen::Runtime::Sync, modelgen::Runtime::Async] {
        let features = modelgen::emit::Features {
            serde: true,
            runtime,
        };
        text += &modelgen::emit::emit_models(
            &loaded.catalog,
            &relations,
            &names,
            &loaded.schema_sql,
            None,
            features,
        );
        text += &modelgen::emit::emit_tests(&loaded.catalog, &relations, &names, features);
    }
    text
}

const NAMES: &[&str] = &[
    "a", "b", "t", "u", "`select`", "`x y`", "id", "p_id", "T", "ü",
];
const TYPES: &[&str] = &[
    "INT",
    "INT UNSIGNED",
    "VARCHAR(10)",
    "DECIMAL(5,2)",
    "ENUM('x','y')",
    "TEXT",
    "JSON",
    "DATETIME",
    "BIGINT",
    "TINYINT(1)",
    "CHAR",
    "BLOB",
    "SERIAL",
    "FLOAT(7,3)",
];
const COLUMN_OPTIONS: &[&str] = &[
    "",
    "NOT NULL",
    "NULL",
    "DEFAULT 0",
    "DEFAULT 'x'",
    "DEFAULT NULL",
    "PRIMARY KEY",
    "UNIQUE",
    "AUTO_INCREMENT",
    "COMMENT 'c'",
    "REFERENCES t (id)",
    "CHECK (a > 0)",
    "DEFAULT CURRENT_TIMESTAMP",
];

/// CHECK conditions on a column `c`: some read for sample values, some not.
const CHECKS: &[&str] = &[
    "c BETWEEN -1e300 AND 1e300",
    "c > 9e99 AND c < -9e99",
    "c IN ('x', 1)",
    "c = 'x'",
    "c <> 3 AND c IS NOT NULL",
    "json_valid(c)",
    "c < c",
    "1 = 1",
];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_string)
}

fn column() -> impl Strategy<Value = String> {
    (
        name(),
        prop::sample::select(TYPES),
        prop::sample::select(COLUMN_OPTIONS),
    )
        .prop_map(|(n, t, o)| format!("{n} {t} {o}"))
}

fn table_element() -> impl Strategy<Value = String> {
    prop_oneof![
        column(),
        name().prop_map(|c| format!("PRIMARY KEY ({c})")),
        (name(), name()).prop_map(|(a, b)| format!("UNIQUE KEY ({a}, {b})")),
        name().prop_map(|c| format!("KEY ({c})")),
        (name(), name(), name()).prop_map(|(c, t, r)| format!(
            "FOREIGN KEY ({c}) REFERENCES {t} ({r}) ON DELETE CASCADE"
        )),
        name().prop_map(|c| format!("CONSTRAINT {c} CHECK ({c} > 1)")),
        (name(), prop::sample::select(CHECKS))
            .prop_map(|(c, check)| format!("CHECK ({})", check.replace('c', &c))),
    ]
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            name(),
            prop::collection::vec(table_element(), 1..5),
            prop::sample::select(&["", "ENGINE=MyISAM", "ENGINE=InnoDB COMMENT='x'"][..])
        )
            .prop_map(|(t, e, o)| format!("CREATE TABLE {t} ({}) {o}", e.join(", "))),
        (name(), column()).prop_map(|(t, c)| format!("ALTER TABLE {t} ADD COLUMN {c} FIRST")),
        (name(), name()).prop_map(|(t, c)| format!("ALTER TABLE {t} DROP COLUMN {c}")),
        (name(), name(), column()).prop_map(|(t, c, d)| format!("ALTER TABLE {t} CHANGE {c} {d}")),
        (name(), column()).prop_map(|(t, d)| format!("ALTER TABLE {t} MODIFY {d}")),
        (name(), table_element()).prop_map(|(t, e)| format!("ALTER TABLE {t} ADD {e}")),
        (name(), name())
            .prop_map(|(t, i)| format!("ALTER TABLE {t} DROP INDEX {i}, DROP FOREIGN KEY {i}")),
        (name(), name()).prop_map(|(t, u)| format!("RENAME TABLE {t} TO {u}")),
        (name(), name()).prop_map(|(t, u)| format!("CREATE TABLE {t} LIKE {u}")),
        name().prop_map(|t| format!("DROP TABLE IF EXISTS {t}")),
        (name(), name()).prop_map(|(i, t)| format!("CREATE UNIQUE INDEX {i} ON {t} ({i})")),
        Just("SET foreign_key_checks = 0".to_string()),
    ]
}

/// Config files from a small grammar over the same names: what they add, ignore and rename
/// may or may not exist.
fn config() -> impl Strategy<Value = String> {
    let quoted = || name().prop_map(|n| format!("{:?}", n.trim_matches('`')));
    let stem = || prop::sample::select(&["x", "get", "id", "A", "a b", "p", "t"][..]);
    let entry = (
        quoted(),
        prop::collection::vec(quoted(), 0..3),
        prop::option::of(quoted()),
        prop::option::of(prop::collection::vec(quoted(), 0..3)),
        any::<bool>(),
        prop::option::of(stem()),
        prop::option::of((stem(), any::<bool>())),
    )
        .prop_map(
            |(table, columns, references, referenced, ignore, belongs_to, reverse)| {
                let mut entry = format!(
                    "[[relationships]]\ntable = {table}\ncolumns = [{}]\n",
                    columns.join(", ")
                );
                if let Some(references) = references {
                    entry.push_str(&format!("references = {references}\n"));
                }
                if let Some(referenced) = referenced {
                    entry.push_str(&format!(
                        "referenced_columns = [{}]\n",
                        referenced.join(", ")
                    ));
                }
                if ignore {
                    entry.push_str("ignore = true\n");
                }
                if let Some(stem) = belongs_to {
                    entry.push_str(&format!("belongs_to = {stem:?}\n"));
                }
                if let Some((stem, many)) = reverse {
                    let key = if many { "has_many" } else { "has_one" };
                    entry.push_str(&format!("{key} = {stem:?}\n"));
                }
                entry
            },
        );
    (
        prop::option::of(prop::sample::select(&["a", "t", "`", "x_"][..])),
        prop::collection::vec((quoted(), name()), 0..2),
        prop::collection::vec(entry, 0..4),
    )
        .prop_map(|(prefix, ignored, entries)| {
            let mut config = String::new();
            if let Some(prefix) = prefix {
                config.push_str(&format!("table_prefix = {prefix:?}\n"));
            }
            let ignored: Vec<String> = ignored
                .iter()
                .map(|(t, c)| format!("\"{}.{}\"", t.trim_matches('"'), c.trim_matches('`')))
                .collect();
            config.push_str(&format!("ignore_columns = [{}]\n", ignored.join(", ")));
            config + &entries.concat()
        })
}

proptest! {
    // 512 cases in CI; PROPTEST_CASES=100000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = load(&bytes);
    }

    #[test]
    fn sql_like_text_never_panics(text in "[a-zA-Z0-9_ (),;'\"`#/*!=\\-\\\\\n\r]{0,300}") {
        let _ = load(text.as_bytes());
    }

    #[test]
    fn arbitrary_config_text_never_panics(text in "[a-z_ =\\[\\]\"\n.,#]{0,200}") {
        let _ = modelgen::config::Config::parse(Path::new("modelgen.toml"), &text);
    }

    #[test]
    fn configs_never_panic_and_their_errors_are_located(
        statements in prop::collection::vec(statement(), 1..8),
        config in config(),
    ) {
        let Ok(loaded) = load(statements.join(";\n").as_bytes()) else {
            return Ok(());
        };
        let path = Path::new("modelgen.toml");
        let config = modelgen::config::Config::parse(path, &config).unwrap();
        match modelgen::derive_schema(loaded.catalog.clone(), Some(&config), None) {
            Ok(schema) => {
                let models = modelgen::emit::emit_models(
                    &schema.catalog,
                    &schema.relations,
                    &schema.names,
                    &loaded.schema_sql,
                    None,
                    Default::default(),
                );
                prop_assert!(models.starts_with("// @generated"));
            }
            Err(error) => prop_assert!(error.location.is_some(), "{error}"),
        }
    }

    #[test]
    fn statement_sequences_never_panic(statements in prop::collection::vec(statement(), 1..12)) {
        let sql = statements.join(";\n");
        match load(sql.as_bytes()) {
            // The models of whatever loads are generated too.
            Ok(loaded) => prop_assert!(generate(&loaded).starts_with("// @generated")),
            // Every error the builder raises points into the input.
            Err(error) => prop_assert!(error.location.is_some(), "{error}"),
        }
    }
}
