use super::*;
use crate::diag::Diagnostic;
use crate::relations::Infer;
use crate::relations::Origin;
use crate::{derive_schema, Loaded, Schema};
use std::path::Path;

/// gamedb's shape, without foreign keys: `owner_id` names no table, `blueprint_id` does;
/// `player_settings.player_id` is UNIQUE (a primary key alone would not be inferred).
const SCHEMA: &str = "
CREATE TABLE players (id INT PRIMARY KEY, name VARCHAR(32) NOT NULL UNIQUE, note TEXT);
CREATE TABLE blueprints (id INT PRIMARY KEY);
CREATE TABLE mobiles (id INT PRIMARY KEY, owner_id INT, legacy_flags INT NOT NULL DEFAULT 0,
  KEY ix_flags (legacy_flags), CHECK (legacy_flags >= 0));
CREATE TABLE items (id INT PRIMARY KEY, blueprint_id INT NOT NULL,
  CONSTRAINT fk_items_blueprint FOREIGN KEY (blueprint_id) REFERENCES blueprints (id));
CREATE TABLE player_settings (id INT PRIMARY KEY, player_id INT UNIQUE);
";

fn schema_with(sql: &str, toml: &str, infer: Option<Infer>) -> Result<Schema, Diagnostic> {
    let mut loaded = Loaded::default();
    crate::apply_sql(Path::new("schema.sql"), sql.as_bytes(), &mut loaded).unwrap();
    let config = Config::parse(Path::new("modelgen.toml"), toml)?;
    derive_schema(loaded.catalog, Some(&config), infer)
}

fn schema(toml: &str) -> Result<Schema, Diagnostic> {
    schema_with(SCHEMA, toml, None)
}

/// `table(columns) -> referenced origin: belongs_to / reverse` per relationship.
fn summary(schema: &Schema) -> Vec<String> {
    let relations = &schema.relations.relationships;
    relations
        .iter()
        .zip(&schema.names.relationships)
        .map(|(r, n)| {
            let origin = match r.origin {
                Origin::Constraint { .. } => "declared",
                Origin::Inferred => "inferred",
                Origin::Configured => "configured",
            };
            format!(
                "{}({}) -> {} {origin}: {} / {} / {}",
                r.table,
                r.columns.join(","),
                r.referenced_table,
                n.belongs_to,
                n.reverse,
                n.reverse_one
            )
        })
        .collect()
}

/// The first line of an error: `modelgen.toml:line:col: error: message`.
fn error(toml: &str) -> String {
    let diagnostic = schema(toml).unwrap_err();
    diagnostic.to_string().lines().next().unwrap().to_string()
}

#[test]
fn without_a_config_the_schema_alone_decides() {
    assert_eq!(
        summary(&schema("").unwrap()),
        [
            "items(blueprint_id) -> blueprints declared: blueprint / items / item",
            "player_settings(player_id) -> players inferred: player / player_setting / player_setting",
        ]
    );
}

#[test]
fn a_relationship_is_added_and_named_on_both_sides() {
    let toml = r#"
[[relationships]]
table = "mobiles"
columns = ["owner_id"]
references = "players"
belongs_to = "owner"
has_many = "owned_mobiles"
"#;
    let schema = schema(toml).unwrap();
    assert!(summary(&schema).contains(
        &"mobiles(owner_id) -> players configured: owner / owned_mobiles / owned_mobile"
            .to_string()
    ));
    let added = schema
        .relations
        .relationships
        .iter()
        .find(|r| r.table == "mobiles")
        .unwrap();
    assert_eq!(added.referenced_columns, ["id"]);
}

#[test]
fn a_relationship_may_refer_to_a_unique_key() {
    let toml = r#"
[[relationships]]
table = "mobiles"
columns = ["owner_id"]
references = "players"
referenced_columns = ["name"]
"#;
    // An INT cannot hold a VARCHAR's values.
    assert_eq!(
        error(toml),
        "modelgen.toml:6:22: error: `mobiles.owner_id` (int(11)) cannot hold the values of \
         `players.name` (varchar(32))"
    );
}

#[test]
fn declared_and_inferred_relationships_can_be_ignored_or_renamed() {
    let toml = r#"
[[relationships]]
table = "items"
columns = ["blueprint_id"]
ignore = true

[[relationships]]
table = "player_settings"
columns = ["player_id"]
belongs_to = "owner"
has_one = "settings"
"#;
    let schema = schema(toml).unwrap();
    assert_eq!(
        summary(&schema),
        ["player_settings(player_id) -> players inferred: owner / settings / settings"]
    );
    assert_eq!(schema.relations.ignored.len(), 1);
}

#[test]
fn the_table_prefix_leaves_names_and_helps_inference() {
    let sql = "CREATE TABLE wp_posts (id INT PRIMARY KEY);
CREATE TABLE wp_comments (id INT PRIMARY KEY, post_id INT);";
    let schema = schema_with(sql, "table_prefix = \"wp_\"", None).unwrap();
    assert_eq!(
        summary(&schema),
        ["wp_comments(post_id) -> wp_posts inferred: post / comments / comment"]
    );
    assert_eq!(schema.names.structs["wp_posts"], "Post");
    let without = schema_with(sql, "", None).unwrap();
    assert!(without.relations.relationships.is_empty());
    assert_eq!(without.names.structs["wp_posts"], "WpPost");
}

#[test]
fn infer_comes_from_the_command_line_then_the_config() {
    let off = schema("infer = \"off\"").unwrap();
    assert_eq!(off.relations.relationships.len(), 1);
    let forced = schema_with(SCHEMA, "infer = \"off\"", Some(Infer::Auto)).unwrap();
    assert_eq!(forced.relations.relationships.len(), 2);
}

#[test]
fn ignored_columns_leave_the_model_with_their_index_and_check() {
    let schema = schema("ignore_columns = [\"mobiles.legacy_flags\", \"players.note\"]").unwrap();
    let mobiles = &schema.catalog.tables["mobiles"];
    assert!(mobiles.column("legacy_flags").is_none());
    assert!(mobiles.index("ix_flags").is_none());
    assert!(mobiles.checks.is_empty());
    assert!(schema.catalog.tables["players"].column("note").is_none());
}

#[test]
fn errors_point_into_the_config() {
    let cases = [
        ("infer = \"maybe\"", "1:9: error: unknown variant `maybe`, expected `auto` or `off`"),
        ("tabel_prefix = \"x\"", "1:1: error: unknown field `tabel_prefix`, expected one of `infer`, `table_prefix`, `finders`, `serde`, `runtime`, `ignore_columns`, `structs`, `relationships`"),
        ("table_prefix = \"\"", "1:16: error: table_prefix is empty"),
        ("[[relationships]]\ntable = \"mobile\"\ncolumns = [\"owner_id\"]", "2:9: error: no table `mobile` in the schema; did you mean `mobiles`?"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"ownerid\"]", "3:11: error: no column `ownerid` in `mobiles`; did you mean `owner_id`?"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = []", "3:11: error: no columns"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]\ncolour = 1", "4:1: error: unknown field `colour`, expected one of `table`, `columns`, `references`, `referenced_columns`, `ignore`, `belongs_to`, `has_many`, `has_one`"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]", "3:11: error: no relationship has the key `mobiles(owner_id)`: `modelgen inspect --relations` lists them; add `references` to make one"),
        ("[[relationships]]\ntable = \"items\"\ncolumns = [\"blueprint_id\"]\nreferences = \"blueprints\"", "4:14: error: `items` has FOREIGN KEY `fk_items_blueprint` on these columns already: leave out `references`"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]\nreferences = \"players\"\nreferenced_columns = [\"note\"]", "5:22: error: `players(note)` is not a PRIMARY KEY or UNIQUE key: a belongs-to must find one row"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]\nreferences = \"player_settings\"\nbelongs_to = \"Owner\"", "5:14: error: `Owner` is not a snake_case name: try `owner`"),
        ("[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]\nreferences = \"players\"\nbelongs_to = \"legacy_flags\"", "5:14: error: `get_legacy_flags` is taken on Mobile (by a column or another relationship): choose another name"),
        ("[[relationships]]\ntable = \"player_settings\"\ncolumns = [\"player_id\"]\nhas_many = \"settings\"", "4:12: error: `player_settings(player_id)` is one-to-one: name its other side with has_one"),
        ("[[relationships]]\ntable = \"items\"\ncolumns = [\"blueprint_id\"]\nignore = true\nbelongs_to = \"x\"", "5:14: error: an ignored relationship has nothing to add or name: leave out `ignore`, or this"),
        ("ignore_columns = [\"players.name\"]", "1:19: error: `players.name` is NOT NULL without a DEFAULT: a model that leaves it out could not insert a row"),
        ("ignore_columns = [\"players.id\"]", "1:19: error: `players.id` is in the primary key: a model needs it"),
        ("ignore_columns = [\"players\"]", "1:19: error: write an ignored column as \"table.column\""),
        ("ignore_columns = [\"mobiles.owner_id\"]\n[[relationships]]\ntable = \"mobiles\"\ncolumns = [\"owner_id\"]\nreferences = \"players\"", "4:11: error: no column `owner_id` in `mobiles`"),
        ("relationships = 3", "1:17: error: invalid type: integer `3`, expected a sequence"),
        ("serde = \"yes\"", "1:9: error: invalid type: string \"yes\", expected a boolean"),
    ];
    for (toml, expected) in cases {
        assert_eq!(error(toml), format!("modelgen.toml:{expected}"), "{toml}");
    }
}

#[test]
fn the_config_beside_an_input_is_found() {
    let dir = std::env::temp_dir().join(format!("modelgen-config-{}", std::process::id()));
    let migrations = dir.join("db/migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    let schema = dir.join("db/schema.sql");
    std::fs::write(&schema, SCHEMA).unwrap();
    assert_eq!(
        Config::find_beside(std::slice::from_ref(&schema)).unwrap(),
        None
    );
    std::fs::write(dir.join("db").join(FILE_NAME), "infer = \"off\"").unwrap();
    let found = Some(dir.join("db").join(FILE_NAME));
    assert_eq!(Config::find_beside(&[schema]).unwrap(), found);
    // A folder's config is the one beside it, not inside it (inside, it would be a migration's
    // neighbour).
    assert_eq!(
        Config::find_beside(std::slice::from_ref(&migrations)).unwrap(),
        found
    );
    std::fs::write(migrations.join(FILE_NAME), "").unwrap();
    let both = [migrations.join("x.sql"), dir.join("db/schema.sql")];
    assert!(Config::find_beside(&both)
        .unwrap_err()
        .message
        .contains("two config files"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 11 point 20: the library's loans, with a borrower and a librarian.
const LOANS: &str = "
CREATE TABLE members (id INT PRIMARY KEY);
CREATE TABLE librarians (id INT PRIMARY KEY);
CREATE TABLE copies (id INT PRIMARY KEY, note TEXT);
CREATE TABLE loans (id INT PRIMARY KEY, copy_id INT, borrower_id INT, librarian_id INT,
  FOREIGN KEY (borrower_id) REFERENCES members (id),
  FOREIGN KEY (librarian_id) REFERENCES librarians (id),
  FOREIGN KEY (copy_id) REFERENCES copies (id));
";

fn loans_error(toml: &str) -> String {
    let diagnostic = schema_with(LOANS, toml, None).unwrap_err();
    diagnostic.to_string().lines().next().unwrap().to_string()
}

#[test]
fn a_name_another_relationship_has_by_default_is_an_error_naming_it() {
    let sql = "CREATE TABLE librarians (id INT PRIMARY KEY);
CREATE TABLE loans (id INT PRIMARY KEY, borrower_id INT, librarian_id INT,
  FOREIGN KEY (borrower_id) REFERENCES librarians (id),
  FOREIGN KEY (librarian_id) REFERENCES librarians (id));";
    let toml = "[[relationships]]\ntable = \"loans\"\ncolumns = [\"borrower_id\"]\nhas_many = \"loans_by_librarian\"";
    let error = schema_with(sql, toml, None).unwrap_err().to_string();
    assert_eq!(
        error.lines().next().unwrap(),
        "modelgen.toml:4:12: error: `get_loans_by_librarian` is what loans(librarian_id) -> \
         librarians gets by default on Librarian: code written against it would get other \
         rows; choose another name"
    );
    let toml = "[[relationships]]\ntable = \"loans\"\ncolumns = [\"borrower_id\"]\nhas_many = \"loans_lent_by_librarian\"";
    let schema = schema_with(sql, toml, None).unwrap();
    assert_eq!(
        summary(&schema),
        [
            "loans(borrower_id) -> librarians declared: borrower / loans_lent_by_librarian / loan_lent_by_librarian",
            "loans(librarian_id) -> librarians declared: librarian / loans_by_librarian / loan_by_librarian",
        ],
        "add_ and remove_ take the singular of the noun before `by`"
    );
    let swap = "[[relationships]]\ntable = \"loans\"\ncolumns = [\"borrower_id\"]\nhas_many = \"loans_by_librarian\"\n[[relationships]]\ntable = \"loans\"\ncolumns = [\"librarian_id\"]\nhas_many = \"loans_by_borrower\"";
    let swapped = schema_with(sql, swap, None).unwrap();
    assert_eq!(
        summary(&swapped),
        [
            "loans(borrower_id) -> librarians declared: borrower / loans_by_librarian / loan_by_librarian",
            "loans(librarian_id) -> librarians declared: librarian / loans_by_borrower / loan_by_borrower",
        ],
        "two relationships may swap their names, both configured"
    );
}

#[test]
fn ignoring_a_key_column_warns_of_the_relationship_it_drops() {
    let schema = schema_with(LOANS, "ignore_columns = [\"loans.librarian_id\"]", None).unwrap();
    let warnings: Vec<String> = schema.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].lines().next().unwrap(),
        "modelgen.toml:1:19: warning: ignoring `loans.librarian_id` drops the relationship \
         loans(librarian_id) -> librarians(id) and its methods on both sides"
    );
    assert_eq!(schema.relations.relationships.len(), 2);
    let quiet = schema_with(LOANS, "ignore_columns = [\"copies.note\"]", None).unwrap();
    assert!(quiet.warnings.is_empty());
}

#[test]
fn a_struct_name_can_be_chosen_per_table() {
    let default = schema_with(LOANS, "", None).unwrap();
    assert_eq!(
        default.names.structs["copies"], "CopyModel",
        "the prelude's Copy"
    );
    let chosen = schema_with(LOANS, "[structs]\ncopies = \"BookCopy\"", None).unwrap();
    assert_eq!(chosen.names.structs["copies"], "BookCopy");
    let cases = [
        (
            "[structs]\ncopy = \"BookCopy\"",
            "2:1: error: no table `copy` in the schema; did you mean `copies`?",
        ),
        (
            "[structs]\ncopies = \"book_copy\"",
            "2:10: error: `book_copy` is not an UpperCamelCase name: try `BookCopy`",
        ),
        (
            "[structs]\ncopies = \"Option\"",
            "2:10: error: `Option` is a name of Rust or of modelgen's runtime: choose another",
        ),
        (
            "[structs]\ncopies = \"Loan\"",
            "2:10: error: `Loan` is the struct of table `loans` by default: choose another name",
        ),
        (
            "[structs]\ncopies = \"Book\"\nloans = \"Book\"",
            "3:9: error: `Book` is chosen for table `copies` too",
        ),
    ];
    for (toml, expected) in cases {
        assert_eq!(
            loans_error(toml),
            format!("modelgen.toml:{expected}"),
            "{toml}"
        );
    }
}

#[test]
fn finders_all_gives_every_column_a_finder() {
    let finders = |toml: &str| {
        let schema = schema_with(LOANS, toml, None).unwrap();
        schema.names.finders["copies"].len()
    };
    assert_eq!(finders(""), 0, "copies.note leads no index");
    assert_eq!(finders("finders = \"all\""), 1);
}
