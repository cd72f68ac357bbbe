//! A session of `game` against a scratch database (the server of `MYSQL_URL`, as modelgen's
//! own tests: without one a test fails saying how to run it, `MODELGEN_SKIP_DB=1` skips, and
//! with `CI=true` it fails even then): the library's commands and the binary, with the
//! outcomes checked in the database. The README's table of the three ways of writing the
//! players page is checked here too: its statements and its lines of code.

#[path = "../../../tests/common/scratch.rs"]
mod scratch;

use game_cli::commands::{self, Failure, BLUEPRINTS};
use game_cli::models::{Db, Player};
use game_cli::pages::{self, ItemLine, PageRequest, PlayerRow, Via};
use scratch::Scratch;
use std::path::Path;
use std::process::Command;

/// A scratch database with the tables made by `setup`; `None` when the user skips the
/// database tests.
fn database(test: &str) -> Option<(Scratch, Db)> {
    let scratch = Scratch::new(test, &[])?;
    let mut db = Db::connect(&scratch.url()).expect("a connection to the scratch database");
    commands::setup(&mut db).expect("setup");
    Some((scratch, db))
}

/// A database seeded with 20 players of 3 items each.
fn seeded(test: &str) -> Option<(Scratch, Db)> {
    let (scratch, mut db) = database(test)?;
    let said = commands::seed(&mut db, 20, 3).expect("seed");
    assert_eq!(said, "seeded 4 blueprints, 20 players with 3 items each");
    Some((scratch, db))
}

/// Player `n` as `seed` makes it: entry `j` (from 1) is `n + j` of an item of blueprint
/// `(n + j) % 4`, durability `100 - (n + j) % 50`; even players have the light theme.
fn seeded_row(n: u32, items: u32) -> PlayerRow {
    PlayerRow {
        name: format!("player{n:02}"),
        theme: Some(if n % 2 == 0 { "light" } else { "dark" }.into()),
        items: (1..=items)
            .map(|j| ItemLine {
                blueprint: BLUEPRINTS[((n + j) % 4) as usize].0.into(),
                durability: (100 - (n + j) % 50) as u16,
                quantity: (n + j) as i32,
            })
            .collect(),
    }
}

fn request(page: u64, per_page: u64, name_prefix: &str) -> PageRequest {
    PageRequest {
        page,
        per_page,
        name_prefix: name_prefix.into(),
    }
}

const WAYS: [(Via, &str); 3] = [
    (Via::Load, "load"),
    (Via::Getters, "getters"),
    (Via::Raw, "raw"),
];

#[test]
fn seed_makes_its_rows() {
    let Some((scratch, _db)) = seeded("game_seed") else {
        return;
    };
    assert_eq!(scratch.count("SELECT COUNT(*) FROM blueprints"), 4);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM players"), 20);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM player_settings"), 20);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM items"), 60);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM inventory_entries"), 60);
    let sum = "SELECT SUM(quantity) FROM inventory_entries WHERE player_id = \
               (SELECT id FROM players WHERE name = 'player07')";
    assert_eq!(scratch.count(sum), 8 + 9 + 10);
}

/// The page of 20 players with 3 items each, every way: the same rows, and the statements of
/// the README's table, counted by the server (and by `Db` for the models' ways).
#[test]
fn every_way_shows_the_same_page_in_the_statements_the_readme_says() {
    let Some((_scratch, mut db)) = seeded("game_page") else {
        return;
    };
    let expected: Vec<PlayerRow> = (1..=20).map(|n| seeded_row(n, 3)).collect();
    for (via, name) in WAYS {
        let counted_by_db = db.statements();
        let (rows, sent) = pages::count_statements(&mut db, |db| {
            pages::players_page(db, via, &request(1, 20, ""))
        })
        .unwrap();
        assert_eq!(rows, expected, "--via {name}");
        if via != Via::Raw {
            assert_eq!(db.statements() - counted_by_db, sent, "--via {name}");
        }
        let (readme_statements, _) = readme_row(name);
        assert_eq!(sent, readme_statements, "--via {name}: the README's table");
    }
}

#[test]
fn pages_prefixes_and_empty_pages_agree_across_ways() {
    let Some((_scratch, mut db)) = seeded("game_pages") else {
        return;
    };
    let cases = [
        (
            request(2, 8, "player1"),
            vec![seeded_row(18, 3), seeded_row(19, 3)],
        ),
        (
            request(3, 7, ""),
            vec![
                seeded_row(15, 3),
                seeded_row(16, 3),
                seeded_row(17, 3),
                seeded_row(18, 3),
                seeded_row(19, 3),
                seeded_row(20, 3),
            ],
        ),
        (request(1, 20, "nobody_"), vec![]),
    ];
    for (asked, expected) in cases {
        for (via, name) in WAYS {
            let rows = pages::players_page(&mut db, via, &asked).unwrap();
            assert_eq!(rows, expected, "--via {name}, {asked:?}");
        }
    }
    // A player without settings or items shows as such, every way.
    commands::import(&mut db, r#"[{"name": "player00"}]"#).unwrap();
    let bare = PlayerRow {
        name: "player00".into(),
        theme: None,
        items: vec![],
    };
    for (via, name) in WAYS {
        let rows = pages::players_page(&mut db, via, &request(1, 1, "")).unwrap();
        assert_eq!(rows, vec![bare.clone()], "--via {name}");
    }
}

#[test]
fn a_taken_name_is_explained_and_changes_nothing() {
    let Some((scratch, mut db)) = seeded("game_rename") else {
        return;
    };
    let failure = commands::rename(&mut db, "player02", "player01").unwrap_err();
    let Failure::Db(error) = &failure else {
        panic!("{failure:?}");
    };
    assert!(error.is_duplicate_key(), "{error}");
    assert_eq!(
        failure.to_string(),
        "Duplicate entry 'player01' for key 'uq_players_name': a row with that value exists \
         already (a UNIQUE key); choose another"
    );
    let named = "SELECT COUNT(*) FROM players WHERE name IN ('player01', 'player02')";
    assert_eq!(scratch.count(named), 2);
    assert_eq!(
        commands::rename(&mut db, "player02", "ann").unwrap(),
        "player02 is now ann"
    );
    assert_eq!(scratch.count(named), 1);
}

/// `remove_inventory_entry` then a save that fails (a taken name): no row changes, and the
/// player is as before the save, its list included; the save after the fix deletes the entry.
#[test]
fn a_failed_cascade_rolls_back_rows_and_memory_then_forget_deletes() {
    let Some((scratch, mut db)) = seeded("game_cascade") else {
        return;
    };
    let entries_of_3 = "SELECT COUNT(*) FROM inventory_entries WHERE player_id = \
                        (SELECT id FROM players WHERE name IN ('player03', 'three'))";
    let mut player = Player::find_by_name(&mut db, "player03").unwrap().unwrap();
    let first = player.get_inventory_entries(&mut db, false).unwrap()[0].clone();
    let removed = player.remove_inventory_entry(first.get_id().unwrap());
    assert_eq!(removed.as_ref(), Some(&first));
    player.set_name("player04");
    let error = player.save(&mut db).unwrap_err();
    assert!(error.is_duplicate_key(), "{error}");
    assert_eq!(scratch.count(entries_of_3), 3, "rolled back");
    assert!(player.is_dirty());
    let sent = db.statements();
    let entries = player.get_inventory_entries(&mut db, false).unwrap();
    assert_eq!(
        entries.len(),
        2,
        "the list as before the save: the entry still removed"
    );
    assert_eq!(db.statements(), sent, "from the cache");
    player.set_name("three");
    player.save(&mut db).unwrap();
    assert_eq!(scratch.count(entries_of_3), 2);

    // The command: player05's entries of its first item's blueprint, deleted by the save.
    let said = commands::forget(&mut db, "player05", BLUEPRINTS[2].0).unwrap();
    assert_eq!(said, "player05 forgot 1 potion entries");
    let page = pages::players_page(&mut db, Via::Load, &request(1, 1, "player05")).unwrap();
    let mut expected = seeded_row(5, 3);
    expected.items.remove(0);
    assert_eq!(page, vec![expected]);
}

#[test]
fn import_reads_serde_json_all_or_none() {
    let Some((scratch, mut db)) = seeded("game_import") else {
        return;
    };
    let json = r#"[{"name": "ann"}, {"name": "bob", "created_at": "2020-01-02T03:04:05"}]"#;
    let saved: serde_json::Value = serde_json::from_str(&commands::import(&mut db, json).unwrap())
        .expect("import prints JSON");
    assert_eq!(saved[0]["id"], 21);
    assert_eq!(saved[0]["name"], "ann");
    assert!(
        saved[0]["created_at"].is_string(),
        "the server's default, read back"
    );
    assert_eq!(saved[1]["created_at"], "2020-01-02T03:04:05");
    assert_eq!(scratch.count("SELECT COUNT(*) FROM players"), 22);

    let clashing = r#"[{"name": "cat"}, {"name": "ann"}]"#;
    let failure = commands::import(&mut db, clashing).unwrap_err();
    assert!(
        failure.to_string().starts_with("Duplicate entry 'ann'"),
        "{failure}"
    );
    let cat = "SELECT COUNT(*) FROM players WHERE name = 'cat'";
    assert_eq!(scratch.count(cat), 0, "all or none");

    let unknown = commands::import(&mut db, r#"[{"nom": "dan"}]"#).unwrap_err();
    assert!(matches!(unknown, Failure::BadImport(_)), "{unknown:?}");
    assert!(
        unknown.to_string().contains("unknown field `nom`"),
        "{unknown}"
    );
}

#[test]
fn theme_makes_the_setting_or_changes_it_and_give_and_take_move_items() {
    let Some((scratch, mut db)) = seeded("game_theme") else {
        return;
    };
    commands::import(&mut db, r#"[{"name": "ann"}]"#).unwrap();
    let themes = "SELECT COUNT(*) FROM player_settings s JOIN players p ON p.id = s.player_id \
                  WHERE p.name = 'ann' AND s.theme = ";
    commands::theme(&mut db, "ann", "blue").unwrap();
    assert_eq!(scratch.count(&format!("{themes} 'blue'")), 1);
    commands::theme(&mut db, "ann", "green").unwrap();
    assert_eq!(scratch.count(&format!("{themes} 'green'")), 1);
    assert_eq!(scratch.count("SELECT COUNT(*) FROM player_settings"), 21);

    let quantity = "SELECT COALESCE(SUM(quantity), 0) FROM inventory_entries e \
                    JOIN players p ON p.id = e.player_id WHERE p.name = 'ann'";
    assert_eq!(
        commands::give(&mut db, "ann", "crown", 2).unwrap(),
        "gave 2 crown to ann"
    );
    assert_eq!(scratch.count(quantity), 2);
    assert_eq!(
        commands::take(&mut db, "ann", "crown", 1).unwrap(),
        "ann has 1 crown left"
    );
    assert_eq!(scratch.count(quantity), 1);
    commands::take(&mut db, "ann", "crown", 1).unwrap();
    assert_eq!(scratch.count(quantity), 0);
    let none = commands::take(&mut db, "ann", "crown", 1).unwrap_err();
    assert_eq!(none.to_string(), "'ann' carries no crown");
    let nobody = commands::give(&mut db, "nobody", "crown", 1).unwrap_err();
    assert!(matches!(nobody, Failure::NoPlayer(_)), "{nobody:?}");
}

/// The binary: flags, the page on stdout, every statement and the count on stderr, and exit 1
/// with the explanation.
#[test]
fn the_binary_prints_the_page_and_logs_its_statements() {
    let Some((scratch, _db)) = database("game_binary") else {
        return;
    };
    let game = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_game"))
            .args(args)
            .env("GAME_DATABASE_URL", scratch.url())
            .output()
            .unwrap()
    };
    let seed = game(&["seed", "--players", "3", "--items", "2"]);
    assert!(seed.status.success(), "{seed:?}");
    let page = game(&["players", "--via", "load"]);
    let stdout = String::from_utf8(page.stdout).unwrap();
    let stderr = String::from_utf8(page.stderr).unwrap();
    assert_eq!(
        stdout,
        "player01 [dark]: 2 potion (98), 3 crown (97)\n\
         player02 [light]: 3 crown (97), 4 sword (96)\n\
         player03 [dark]: 4 sword (96), 5 shield (95)\n"
    );
    let logged: Vec<&str> = stderr.lines().filter(|l| l.starts_with("sql: ")).collect();
    assert_eq!(logged.len(), 5, "{stderr}");
    assert!(logged[0].starts_with("sql: SELECT `id`, `name`, `created_at` FROM `players`"));
    assert!(stderr.ends_with("3 players in 5 statements\n"), "{stderr}");

    let quiet = game(&["players", "--via", "raw", "--quiet"]);
    assert_eq!(String::from_utf8(quiet.stdout).unwrap(), stdout);
    assert_eq!(
        String::from_utf8(quiet.stderr).unwrap(),
        "3 players in 1 statement\n"
    );

    let again = game(&["-q", "setup"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(again.stderr).unwrap(),
        "game: the server refused it: Table 'players' already exists\n"
    );

    let taken = game(&["-q", "rename", "player01", "player02"]);
    assert_eq!(taken.status.code(), Some(1));
    let said = String::from_utf8(taken.stderr).unwrap();
    assert!(
        said.starts_with("game: Duplicate entry 'player02'"),
        "{said}"
    );
}

/// The README's row of a way: its statements and lines of code.
fn readme_row(way: &str) -> (u64, usize) {
    let readme = std::fs::read_to_string(crate_dir().join("../../README.md")).unwrap();
    let start = format!("| `{way}` |");
    let row = readme
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("the README has no row `{start}`"));
    let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
    let number = |cell: &str| cell.parse().unwrap_or_else(|_| panic!("{row}: {cell}"));
    let lines: usize = number(cells[cells.len() - 1]);
    (number(cells[cells.len() - 2]) as u64, lines)
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Lines of code of the items of src/pages.rs that each way is made of (the request's
/// pattern and offset are shared, and left out): lines that are not blank or comments.
#[test]
fn the_readme_says_each_ways_lines_of_code() {
    let source = std::fs::read_to_string(crate_dir().join("src/pages.rs")).unwrap();
    let ways: [(&str, &[&str]); 3] = [
        ("load", &["pub fn page_via_load("]),
        ("getters", &["pub fn page_via_getters("]),
        (
            "raw",
            &["const PAGE_SQL", "type PageSqlRow", "pub fn page_via_raw("],
        ),
    ];
    for (way, items) in ways {
        let lines: usize = items.iter().map(|item| code_lines(&source, item)).sum();
        assert_eq!(lines, readme_row(way).1, "--via {way}: the README's table");
    }
}

/// The lines of code of the top-level item that starts with `start`: up to its closing line
/// (`}` or `);` at the margin), or for an item that is no block, to the next blank line.
fn code_lines(source: &str, start: &str) -> usize {
    let lines: Vec<&str> = source.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("src/pages.rs has no `{start}`"));
    let block = lines[first].ends_with('{');
    let mut end = first + 1;
    while end < lines.len() {
        let line = lines[end];
        if line.is_empty() && !block {
            break;
        }
        end += 1;
        if line.starts_with('}') || line.starts_with(')') {
            break;
        }
    }
    lines[first..end]
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .count()
}
