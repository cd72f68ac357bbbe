//! Schemas no one has written: random CREATE/ALTER sequences from a seeded generator, run
//! through modelgen and through MariaDB. Both must agree: the same catalog, or both refusing
//! the input at the same statement. Deterministic (fixed seeds); needs MariaDB like
//! `differential.rs` (CI=true makes an unreachable server a failure).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

/// A small deterministic generator (SplitMix64), enough to vary schemas.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TYPES: &[&str] = &[
    "INT",
    "INT UNSIGNED",
    "BIGINT",
    "SMALLINT(4)",
    "TINYINT(1)",
    "VARCHAR(20)",
    "CHAR(4)",
    "DECIMAL(8,3)",
    "DOUBLE",
    "FLOAT",
    "DATE",
    "DATETIME",
    "TIMESTAMP NULL",
    "TEXT",
    "ENUM('a','b')",
    "SET('x','y')",
    "JSON",
    "BLOB",
    "YEAR",
    "BIT(4)",
    "TIME(2)",
];

fn defaults(ty: &str) -> &'static [&'static str] {
    match ty {
        "INT" => &["0", "'7'", "-3", "NULL"],
        "VARCHAR(20)" => &["''", "'x''y'", "0", "'a\\\\b'"],
        "DECIMAL(8,3)" => &["1.5", "'2'", "0"],
        "DATE" => &["'2020-01-02'"],
        "DATETIME" => &["CURRENT_TIMESTAMP", "'2021-03-04 05:06:07'"],
        "DOUBLE" => &["1.25", "'3'"],
        "ENUM('a','b')" => &["'b'", "'A'"],
        "SET('x','y')" => &["'y,x'", "''", "'x'"],
        "TIME(2)" => &["'10:11'", "'1:2:3.456'"],
        "FLOAT" => &["2", "'0.5'"],
        "SMALLINT(4)" => &["'12'", "-1"],
        "TINYINT(1)" => &["1", "TRUE"],
        "BIT(4)" => &["b'101'"],
        "YEAR" => &["2001"],
        "CHAR(4)" => &["'ab'"],
        _ => &[],
    }
}

/// One random schema: tables with columns, keys and foreign keys, then ALTERs.
fn schema(seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut tables: Vec<String> = Vec::new();
    for n in 0..2 + rng.below(5) {
        let name = format!("t{n}");
        let mut parts = vec!["id INT NOT NULL AUTO_INCREMENT".to_string()];
        let mut ints = Vec::new();
        let mut indexable = Vec::new();
        for i in 0..1 + rng.below(6) {
            let ty = rng.pick(TYPES);
            let mut column = format!("c{i} {ty}");
            let not_null = rng.chance(25);
            if not_null {
                column.push_str(" NOT NULL");
            }
            let choices = defaults(ty);
            if !choices.is_empty() && rng.chance(50) {
                let default = rng.pick(choices);
                if !(default == "NULL" && not_null) {
                    column.push_str(&format!(" DEFAULT {default}"));
                }
            }
            if rng.chance(20) {
                column.push_str(&format!(" COMMENT 'c{i}'"));
            }
            parts.push(column);
            if ty == "INT" {
                ints.push(format!("c{i}"));
            }
            if ["INT", "VARCHAR(20)", "CHAR(4)", "DATE"].contains(&ty) {
                indexable.push(format!("c{i}"));
            }
        }
        parts.push("PRIMARY KEY (id)".into());
        for c in &indexable {
            if rng.chance(30) {
                let keys = [
                    format!("KEY ({c})"),
                    format!("UNIQUE ({c})"),
                    format!("UNIQUE KEY u_{c} ({c}, id)"),
                    format!("INDEX ix_{c} ({c})"),
                ];
                parts.push(keys[rng.below(keys.len())].clone());
            }
        }
        if !tables.is_empty() && !ints.is_empty() && rng.chance(80) {
            let column = ints[rng.below(ints.len())].clone();
            let target = tables[rng.below(tables.len())].clone();
            let action = rng.pick(&["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"]);
            parts.push(if rng.chance(50) {
                format!("FOREIGN KEY ({column}) REFERENCES {target} (id)")
            } else {
                format!("CONSTRAINT fk_{name}_{column} FOREIGN KEY ({column}) REFERENCES {target} (id) ON DELETE {action}")
            });
        }
        let engine = rng.pick(&[
            "",
            " ENGINE=InnoDB",
            " ENGINE=MyISAM",
            " ENGINE=InnoDB COMMENT='t'",
        ]);
        out.push(format!(
            "CREATE TABLE {name} (\n  {}\n){engine};",
            parts.join(",\n  ")
        ));
        tables.push(name.clone());
        for a in 0..rng.below(5) {
            let statement = match rng.below(15) {
                0 => format!("ALTER TABLE {name} ADD COLUMN x{a} {}{};", rng.pick(&["INT", "VARCHAR(3) DEFAULT 'z'", "DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"]), rng.pick(&["", " FIRST", " AFTER id"])),
                1 => format!("ALTER TABLE {name} ADD {};", rng.pick(&["INDEX (id)", "UNIQUE (id)", "KEY (id, c0)"])),
                2 => format!("ALTER TABLE {name} MODIFY c0 VARCHAR(30) NOT NULL DEFAULT 'm';"),
                3 => format!("ALTER TABLE {name} DROP COLUMN c0;"),
                4 => format!("ALTER TABLE {name} CHANGE id id BIGINT NOT NULL AUTO_INCREMENT, COMMENT 'changed';"),
                5 if tables.len() > 1 => {
                    let target = tables[rng.below(tables.len() - 1)].clone();
                    format!("ALTER TABLE {name} ADD COLUMN ref{a} INT, ADD FOREIGN KEY (ref{a}) REFERENCES {target} (id) ON UPDATE CASCADE;")
                }
                6 => format!("ALTER TABLE {name} CHANGE c0 renamed{a} VARCHAR(12) DEFAULT 'r' AFTER id;"),
                7 => format!("RENAME TABLE {name} TO {name}_r{a}, {name}_r{a} TO {name};"),
                8 => format!("CREATE {}INDEX ix{a} ON {name} (id, c0);", rng.pick(&["", "UNIQUE "])),
                9 => format!("ALTER TABLE {name} DROP INDEX {}, ADD INDEX (c0);", rng.pick(&["c0", "u_c0", "ix_c0", "id"])),
                10 => format!("CREATE TABLE {name}_like{a} LIKE {name};"),
                11 => format!("ALTER TABLE {name} DROP FOREIGN KEY {name}_ibfk_1;"),
                12 => format!("ALTER TABLE {name} ENGINE={};", rng.pick(&["InnoDB", "MyISAM"])),
                13 => format!("ALTER TABLE {name} ALTER c0 SET DEFAULT {}, ALTER id DROP DEFAULT;", rng.pick(&["1", "'q'", "NULL"])),
                _ => "SET FOREIGN_KEY_CHECKS = 0;".to_string(),
            };
            out.push(statement);
        }
    }
    out.join("\n") + "\n"
}

/// What MariaDB says to `sql` run on a scratch database: `None` when it accepts it all, else
/// the line of the statement it refuses.
fn server_error_line(sql: &str, seed: u64) -> Option<u32> {
    let database = format!("modelgen_random_{}_{seed}", std::process::id());
    let client = |args: &[&str], input: Option<&str>| {
        let mut child = Command::new("mariadb")
            .args(["-uroot", "-h127.0.0.1"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the mariadb client");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.unwrap_or("").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    client(&["-e", &format!("CREATE DATABASE `{database}`")], None);
    let output = client(&[&database], Some(sql));
    client(&["-e", &format!("DROP DATABASE `{database}`")], None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .split(" at line ")
        .nth(1)?
        .split(':')
        .next()?
        .trim()
        .parse()
        .ok();
    if output.status.success() {
        None
    } else {
        Some(line.unwrap_or(0))
    }
}

#[test]
fn random_schemas_agree_with_mariadb() {
    if !common::mariadb_reachable() {
        return;
    }
    // 40 schemas in CI; MODELGEN_RANDOM_SEEDS=1000 for a longer hunt.
    let seeds = std::env::var("MODELGEN_RANDOM_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    for seed in 1..=seeds {
        let sql = schema(seed);
        let path =
            std::env::temp_dir().join(format!("modelgen-random-{}-{seed}.sql", std::process::id()));
        std::fs::write(&path, &sql).unwrap();
        let ours = modelgen::load_catalog(std::slice::from_ref(&path));
        match (ours, server_error_line(&sql, seed)) {
            (Ok(_), None) => common::assert_same_as_mariadb(
                &format!("random {seed}"),
                std::slice::from_ref(&path),
            ),
            (Err(e), Some(line)) => {
                assert_eq!(
                    e.location.map(|l| l.line),
                    Some(line),
                    "seed {seed}: both refuse it, at other statements:\n{sql}"
                )
            }
            (Ok(_), Some(line)) => {
                panic!("seed {seed}: MariaDB refuses line {line}, modelgen accepts it:\n{sql}")
            }
            (Err(e), None) => {
                panic!("seed {seed}: modelgen refuses what MariaDB accepts: {e}\n{sql}")
            }
        }
        let _ = std::fs::remove_file(&path);
    }
}
