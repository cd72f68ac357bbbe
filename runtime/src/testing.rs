//! The harness of the tests modelgen writes (`--tests`), and of this crate's own: scratch
//! databases that only their own run drops, and sample values.
//!
//! A run names its database `modelgen_scratch_<label>_<hash of host, process, time>` and holds
//! the lock of that name (`GET_LOCK`) on a connection of its own for as long as it runs, so
//! that runs sharing a server from other hosts or containers tell live databases from those of
//! runs cut short: a database whose lock is free is stale, and the next run drops it. (Tests
//! written by modelgen before 0.1 named theirs `modelgen_test_<pid>_...` and dropped any of
//! that prefix whose process they could not see: the new prefix keeps clear of them.)

use crate::db::Db;
use mysql::prelude::Queryable;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The names of scratch databases start so.
const PREFIX: &str = "modelgen_scratch_";

/// A scratch database on the server of `url` (`mysql://user:password@host:port`), dropped when
/// the value is dropped. Stale databases of runs cut short are dropped first.
pub struct Scratch {
    server: mysql::Opts,
    name: String,
    /// Holds the lock that says the database is in use.
    _keeper: mysql::Conn,
}

impl Scratch {
    /// A new empty database; `label` (letters, digits, `_`) shows in its name.
    pub fn create(url: &str, label: &str) -> Result<Scratch, Refused> {
        let server = mysql::Opts::from_url(url).map_err(|e| Refused(e.to_string()))?;
        let mut keeper = mysql::Conn::new(server.clone())?;
        drop_stale(&mut keeper)?;
        let name = unique_name(label);
        let held: Option<u8> = keeper.exec_first("SELECT GET_LOCK(?, 0)", (&name,))?;
        if held != Some(1) {
            return Err(Refused(format!("the lock {name} is held by another run")));
        }
        keeper.query_drop(format!("CREATE DATABASE `{name}`"))?;
        Ok(Scratch {
            server,
            name,
            _keeper: keeper,
        })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server's options with the database chosen.
    pub fn opts(&self) -> mysql::Opts {
        mysql::OptsBuilder::from_opts(self.server.clone())
            .db_name(Some(&self.name))
            .into()
    }

    /// A new connection to the database, as a [`Db`].
    pub fn db(&self) -> crate::Result<Db> {
        Ok(Db::from(mysql::Conn::new(self.opts())?))
    }

    /// The database's URL (`mysql://user:password@host:port/name`), for other clients.
    pub fn url(&self) -> String {
        let opts = &self.server;
        let user = opts.get_user().unwrap_or("root");
        let password = opts.get_pass().map(|p| format!(":{p}")).unwrap_or_default();
        format!(
            "mysql://{user}{password}@{}:{}/{}",
            opts.get_ip_or_hostname(),
            opts.get_tcp_port(),
            self.name
        )
    }

    /// A new connection to the database, as the async flavour's `Db`.
    #[cfg(feature = "async")]
    pub async fn async_db(&self) -> crate::asynchronous::Result<crate::asynchronous::Db> {
        crate::asynchronous::Db::connect(&self.url()).await
    }

    /// Runs `sql` (statements ended by `;`, as `SCHEMA_SQL` holds them) in the database,
    /// refusing it whole when a statement reaches outside (see [`outside_statement`]).
    pub fn run(&self, sql: &str) -> Result<(), Refused> {
        if let Some(statement) = outside_statement(sql) {
            return Err(Refused(format!(
                "it reaches outside the scratch database: {statement}"
            )));
        }
        self.run_trusted(sql)
    }

    /// Runs `sql` as it is (the tests' own statements: triggers hold `;` and `NEW.column`);
    /// reads every statement's outcome.
    pub fn run_trusted(&self, sql: &str) -> Result<(), Refused> {
        let mut conn = mysql::Conn::new(self.opts())?;
        let mut outcomes = conn.query_iter(sql)?;
        while let Some(outcome) = outcomes.iter() {
            for row in outcome {
                row?;
            }
        }
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut conn) = mysql::Conn::new(self.server.clone()) {
            let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.name));
        }
    }
}

/// Why a scratch database could not be made or built: the server's error, or a statement
/// refused because it reaches outside the database.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl From<mysql::Error> for Refused {
    fn from(e: mysql::Error) -> Refused {
        Refused(e.to_string())
    }
}

impl From<crate::Error> for Refused {
    fn from(e: crate::Error) -> Refused {
        Refused(e.to_string())
    }
}

/// Drops the scratch databases whose run is gone (their lock is free).
fn drop_stale(conn: &mut mysql::Conn) -> Result<(), Refused> {
    // PREFIX is ours: no quote to escape, only LIKE's `_`.
    let pattern = format!("{}%", PREFIX.replace('_', "\\_"));
    let names: Vec<String> = conn.query(format!("SHOW DATABASES LIKE '{pattern}'"))?;
    for name in names {
        let free: Option<u8> = conn.exec_first("SELECT IS_FREE_LOCK(?)", (&name,))?;
        if free == Some(1) {
            // Another run may drop it at the same moment: either drop is enough.
            let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{name}`"));
        }
    }
    Ok(())
}

/// `modelgen_scratch_<label>_<hash>`, the hash of host, process, time and a counter: unique
/// across hosts, containers and runs, and within MySQL's 64 characters.
fn unique_name(label: &str) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    static RUN: AtomicU32 = AtomicU32::new(0);
    let run = RUN.fetch_add(1, Ordering::Relaxed);
    let tag = fnv(&format!("{host}/{}/{nanos}/{run}", std::process::id()));
    let label: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(30)
        .collect();
    format!("{PREFIX}{label}_{tag:016x}")
}

/// FNV-1a, 64 bits.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The first statement of `sql` that names another database or leaves this one: `USE`,
/// `CREATE`/`DROP DATABASE` or `SCHEMA`, or a qualified name (`shop.items`). Strings,
/// comments and the insides of backquotes are read as such.
pub fn outside_statement(sql: &str) -> Option<String> {
    for statement in statements(sql) {
        let words = words(&statement);
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        let leaves = match upper.as_slice() {
            [first, ..] if first == "USE" => true,
            [verb, what, ..] if (verb == "CREATE" || verb == "DROP" || verb == "ALTER") => {
                what == "DATABASE" || what == "SCHEMA"
            }
            _ => false,
        };
        if leaves || words.iter().any(|w| w == ".") {
            return Some(statement.trim().chars().take(200).collect());
        }
    }
    None
}

/// The statements of `sql`, split at `;` outside strings, comments and backquotes.
fn statements(sql: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    scan(sql, |piece, kind| {
        if kind == Piece::Semicolon {
            out.push(String::new());
        } else {
            out.last_mut().expect("never empty").push_str(piece);
        }
    });
    out.retain(|s| !s.trim().is_empty());
    out
}

/// The words and dots of a statement, strings and comments left out.
fn words(statement: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan(statement, |piece, kind| match kind {
        Piece::Word | Piece::Quoted => out.push(piece.to_string()),
        Piece::Dot => out.push(".".into()),
        _ => {}
    });
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Word,
    Quoted,
    Dot,
    Semicolon,
    Other,
}

/// Cuts `sql` into words, backquoted names, dots, semicolons and the rest (strings, comments,
/// spaces, other signs), in order.
fn scan(sql: &str, mut each: impl FnMut(&str, Piece)) {
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let kind = match c {
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\\' && c != b'`' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == c {
                        if bytes.get(i + 1) == Some(&c) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                if c == b'`' {
                    Piece::Quoted
                } else {
                    Piece::Other
                }
            }
            b'-' if bytes[i..].starts_with(b"-- ") || bytes[i..].starts_with(b"--\n") => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                Piece::Other
            }
            b'#' => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                Piece::Other
            }
            b'/' if bytes[i..].starts_with(b"/*") => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2);
                Piece::Other
            }
            b'.' => {
                i += 1;
                // `1.5` is a number, not a qualified name.
                let number = start > 0 && bytes[start - 1].is_ascii_digit();
                if number {
                    Piece::Other
                } else {
                    Piece::Dot
                }
            }
            b';' => {
                i += 1;
                Piece::Semicolon
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Piece::Word
            }
            _ => {
                i += 1;
                Piece::Other
            }
        };
        // An escape may end inside a character: pieces are read as bytes.
        each(
            &String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]),
            kind,
        );
    }
}

/// Where `needle` starts in `bytes`, from `from` on.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// The scratch database of one models.rs's tests, made by the first test to start (the
/// schema built from `schema`, then `setup`) and dropped by the last of `tests` to end,
/// failed or not. Its tests take turns: cascades on the same tables at once deadlock each
/// other now and then (InnoDB locks gaps to check foreign keys; seen as error 1213 in a
/// generated test), which a test must not report as a fault of the models.
pub struct Shared {
    schema: &'static str,
    setup: &'static [&'static str],
    tests: usize,
    scratch: OnceLock<Mutex<Option<Scratch>>>,
    ended: AtomicUsize,
    turn: Mutex<()>,
}

/// A test's hold on the shared database, and its turn: its end counts.
pub struct Hold<'a> {
    shared: &'a Shared,
    _turn: Option<MutexGuard<'a, ()>>,
}

impl Shared {
    /// The database of `tests` tests, made from `schema` and `setup`.
    pub const fn new(schema: &'static str, setup: &'static [&'static str], tests: usize) -> Self {
        Shared {
            schema,
            setup,
            tests,
            scratch: OnceLock::new(),
            ended: AtomicUsize::new(0),
            turn: Mutex::new(()),
        }
    }

    /// A connection to the database, on the server of `MODELGEN_TEST_DATABASE_URL`; `None`
    /// when `MODELGEN_SKIP_DB=1` (the test passes, saying it was skipped). Without either
    /// variable the test fails, saying how to run it: a test that did not run never looks like
    /// one that passed.
    pub fn open(&self) -> Option<(Hold<'_>, Db)> {
        self.enter(|scratch| scratch.db().expect("a connection to the scratch database"))
    }

    /// [`Shared::open`] for the async flavour's tests: an async `Db`.
    #[cfg(feature = "async")]
    pub async fn open_async(&self) -> Option<(Hold<'_>, crate::asynchronous::Db)> {
        let (hold, url) = self.enter(Scratch::url)?;
        let db = crate::asynchronous::Db::connect(&url)
            .await
            .expect("a connection to the scratch database");
        Some((hold, db))
    }

    /// A test's hold and turn (a test that failed still gives the turn on), and what `using`
    /// takes from the scratch database (made by the first test); `None` when
    /// `MODELGEN_SKIP_DB=1`. The turn is a std Mutex held across an async test's awaits too:
    /// each test runs on a runtime of its own, so no other task waits on its thread.
    fn enter<T>(&self, using: impl FnOnce(&Scratch) -> T) -> Option<(Hold<'_>, T)> {
        let mut hold = Hold {
            shared: self,
            _turn: None,
        };
        let Some(url) = database_url() else {
            eprintln!("skipped (MODELGEN_SKIP_DB=1): the models' tests need a database");
            return None;
        };
        hold._turn = Some(self.turn.lock().unwrap_or_else(|e| e.into_inner()));
        let scratch = self
            .scratch
            .get_or_init(|| Mutex::new(Some(self.make(&url))));
        let scratch = scratch.lock().unwrap_or_else(|e| e.into_inner());
        let scratch = scratch.as_ref().expect("dropped only by the last test");
        Some((hold, using(scratch)))
    }

    fn make(&self, url: &str) -> Scratch {
        let scratch = Scratch::create(url, "models")
            .unwrap_or_else(|e| panic!("cannot make a scratch database at {url}: {e}"));
        scratch
            .run(self.schema)
            .unwrap_or_else(|e| panic!("the schema (SCHEMA_SQL) failed: {e}"));
        for statement in self.setup {
            scratch
                .run_trusted(statement)
                .unwrap_or_else(|e| panic!("a test's setup failed: {e}"));
        }
        scratch
    }
}

impl Drop for Hold<'_> {
    fn drop(&mut self) {
        let shared = self.shared;
        let ended = shared.ended.fetch_add(1, Ordering::SeqCst) + 1;
        if ended == shared.tests {
            if let Some(scratch) = shared.scratch.get() {
                let mut scratch = scratch.lock().unwrap_or_else(|e| e.into_inner());
                scratch.take();
            }
        }
    }
}

/// A statement of the async tests' own on `db`'s connection, as the sync tests send one with
/// `db.conn().query_drop(sql)` (not counted in `Db::statements`); a failure panics.
#[cfg(feature = "async")]
pub async fn exec(db: &mut crate::asynchronous::Db, sql: &str) {
    exec_params(db, sql, Vec::new()).await;
}

/// [`exec`] with `?` parameters (`db.conn().exec_drop(sql, params)` in the sync tests).
#[cfg(feature = "async")]
pub async fn exec_params(db: &mut crate::asynchronous::Db, sql: &str, params: Vec<mysql::Value>) {
    let conn = db.conn().await.expect("the tests' connection");
    let arguments = crate::asynchronous::arguments(params);
    sqlx::query_with(sql, arguments)
        .execute(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The first column of the first row of `sql` as a boolean (`db.conn().query_first(sql)` in
/// the sync tests).
#[cfg(feature = "async")]
pub async fn ask_bool(db: &mut crate::asynchronous::Db, sql: &str) -> Option<bool> {
    let conn = db.conn().await.expect("the tests' connection");
    let arguments = crate::asynchronous::arguments(Vec::new());
    let row = sqlx::query_with(sql, arguments)
        .fetch_optional(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))?;
    let values = crate::asynchronous::row_values(&row).expect("a readable row");
    match values.first()? {
        mysql::Value::Int(n) => Some(*n != 0),
        mysql::Value::UInt(n) => Some(*n != 0),
        _ => None,
    }
}

/// `MODELGEN_TEST_DATABASE_URL`; `None` when `MODELGEN_SKIP_DB=1`; else a panic that says how
/// to run the tests.
fn database_url() -> Option<String> {
    if let Ok(url) = std::env::var("MODELGEN_TEST_DATABASE_URL") {
        return Some(url);
    }
    if std::env::var("MODELGEN_SKIP_DB").as_deref() == Ok("1") {
        return None;
    }
    panic!(
        "not run: set MODELGEN_TEST_DATABASE_URL=mysql://user:password@host:port to run the \
         models' tests against a server (they work in a scratch database), or \
         MODELGEN_SKIP_DB=1 to skip them"
    );
}

/// A number no other sample of this run has: UNIQUE columns stay distinct.
pub fn next() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Text from `n` in at most `max` characters: `v<n>`, or where that is too long, the last
/// digits of `n` in base 36, so that a short UNIQUE column (CHAR(2): 1,296 values, not 100)
/// stays distinct, case-insensitive collations included.
pub fn text(n: u32, max: usize) -> String {
    let text = format!("v{n}");
    if text.len() <= max {
        return text;
    }
    let mut digits = Vec::new();
    let mut rest = n;
    while digits.len() < max && (rest > 0 || digits.is_empty()) {
        digits.push(char::from_digit(rest % 36, 36).expect("a base-36 digit"));
        rest /= 36;
    }
    digits.iter().rev().collect()
}

/// `n`'s text in exactly `width` bytes, zero-padded as BINARY(width) stores it.
pub fn bytes(n: u32, width: usize) -> Vec<u8> {
    let mut bytes = text(n, width).into_bytes();
    bytes.resize(width, 0);
    bytes
}

/// `n` in the `width` bits of a BIT(width), as its bytes, most significant first.
pub fn bits(n: u32, width: u32) -> Vec<u8> {
    let value = u64::from(n) & (u64::MAX >> (64 - width));
    value.to_be_bytes()[8 - width.div_ceil(8) as usize..].to_vec()
}

/// A spatial value near (n, n) in MySQL's internal bytes (SRID 0, then WKB): a point (kind 1),
/// a line of two points (2) or a triangle (3, a polygon of one closed ring).
pub fn shape(n: u32, kind: u32) -> Vec<u8> {
    let (x, y) = (f64::from(n % 1000), f64::from(n % 1000));
    let points: &[(f64, f64)] = match kind {
        1 => &[(x, y)],
        2 => &[(x, y), (x + 1.0, y + 1.0)],
        _ => &[(x, y), (x + 1.0, y), (x, y + 1.0), (x, y)],
    };
    let mut bytes = vec![0, 0, 0, 0, 1];
    bytes.extend(kind.to_le_bytes());
    match kind {
        1 => {}
        2 => bytes.extend(2_u32.to_le_bytes()),
        _ => {
            bytes.extend(1_u32.to_le_bytes());
            bytes.extend(4_u32.to_le_bytes());
        }
    }
    for (x, y) in points {
        bytes.extend(x.to_le_bytes());
        bytes.extend(y.to_le_bytes());
    }
    bytes
}

/// A date from `n`, in 2000-2029.
pub fn date(n: u32) -> chrono::NaiveDate {
    let year = 2000 + (n % 30) as i32;
    chrono::NaiveDate::from_ymd_opt(year, 1 + n % 12, 1 + n % 28).expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_reaching_outside_are_found() {
        let inside = "CREATE TABLE `a.b` (x INT DEFAULT 1.5, y VARCHAR(9) DEFAULT 'a.b'); \
                      -- USE other\nINSERT INTO t VALUES ('x;y');";
        assert_eq!(outside_statement(inside), None);
        let qualified = "CREATE TABLE t (x INT); DROP TABLE IF EXISTS shop.items;";
        assert_eq!(
            outside_statement(qualified).as_deref(),
            Some("DROP TABLE IF EXISTS shop.items")
        );
        assert!(outside_statement("USE shop").is_some());
        assert!(outside_statement("create schema if not exists shop").is_some());
        assert!(outside_statement("CREATE TABLE `shop`.`items` (x INT)").is_some());
        assert!(outside_statement("CREATE TABLE ä (x INT); CREATE TABLE é.t (x INT)").is_some());
    }

    #[test]
    fn names_are_unique_and_short_enough() {
        let a = unique_name("models");
        let b = unique_name("models");
        assert_ne!(a, b);
        assert!(a.starts_with("modelgen_scratch_models_"));
        assert!(unique_name(&"x".repeat(100)).len() <= 64);
    }

    #[test]
    fn sample_text_fits_its_column() {
        assert_eq!(text(7, 10), "v7");
        assert_eq!(text(1295, 2), "zz");
        assert_eq!(bytes(7, 4), b"v7\0\0");
        assert_eq!(bits(5, 3), vec![5]);
    }
}
