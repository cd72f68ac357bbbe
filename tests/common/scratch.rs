//! Scratch databases for tests that share one server with other runs, from this host or others
//! (CI runners, containers): each run's database is held by a server lock, so no run drops
//! another's, and leftovers of runs cut short are dropped by the next one.
//!
//! - A name is unique across hosts: `modelgen_<16 hex digits>_<label>`, the digits a hash of
//!   the host name, the process id, the time and a per-process random key.
//! - Liveness is decided on the server: a run takes `GET_LOCK(<name>)` on a connection it keeps
//!   open for the database's whole life, before creating it. The server frees the lock when
//!   that connection ends, however the run ends. A database of this form whose lock is free is
//!   a leftover: whoever next creates one takes its lock, drops it and lets the lock go.
//! - Without a reachable server a test fails with one line saying how to run it, unless the
//!   user opted out on purpose (`MODELGEN_SKIP_DB=1`: it passes and says skipped); with
//!   `CI=true` it fails even then.
//!
//! Self-contained (the `mysql` crate only), so that the runtime's own tests include it too.

#![allow(dead_code)]

use mysql::prelude::Queryable;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::time::Duration;

/// The server, from `MYSQL_URL` (default `mysql://root@127.0.0.1:3306`).
pub fn server_url() -> String {
    std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

/// What a database test does when the server does not answer.
#[derive(Debug, PartialEq)]
pub enum Unreachable {
    /// Skip, saying so: the user asked for it with `MODELGEN_SKIP_DB=1`.
    Skip(String),
    /// Fail with this line.
    Fail(String),
}

/// Decides for a server at `url` that did not answer (`error`), under the environment's
/// `MODELGEN_SKIP_DB` and `CI`.
pub fn when_unreachable(
    url: &str,
    error: &str,
    skip_db: Option<&str>,
    ci: Option<&str>,
) -> Unreachable {
    let why = format!("MariaDB is not reachable at {url} ({error})");
    if ci == Some("true") {
        return Unreachable::Fail(format!(
            "{why}; CI=true needs the database tests to run: start MariaDB or set MYSQL_URL"
        ));
    }
    if skip_db == Some("1") {
        return Unreachable::Skip(format!("skipped (MODELGEN_SKIP_DB=1): {why}"));
    }
    Unreachable::Fail(format!(
        "{why}: start MariaDB there or set MYSQL_URL to one (user with CREATE and DROP), \
         or set MODELGEN_SKIP_DB=1 to skip the database tests"
    ))
}

/// A connection to the server of `url`, or `None` when the user chose to skip the database
/// tests and it does not answer. Otherwise a server that does not answer fails the test.
pub fn connect_or_skip(url: &str) -> Option<mysql::Conn> {
    match connect(url) {
        Ok(conn) => Some(conn),
        Err(error) => {
            let skip_db = std::env::var("MODELGEN_SKIP_DB").ok();
            let ci = std::env::var("CI").ok();
            match when_unreachable(url, &error.to_string(), skip_db.as_deref(), ci.as_deref()) {
                Unreachable::Skip(line) => {
                    eprintln!("{line}");
                    None
                }
                Unreachable::Fail(line) => panic!("{line}"),
            }
        }
    }
}

/// Is the server of `MYSQL_URL` there? `false` only when the user chose to skip (see
/// [`connect_or_skip`]).
pub fn server_available() -> bool {
    connect_or_skip(&server_url()).is_some()
}

fn connect(url: &str) -> mysql::Result<mysql::Conn> {
    let opts = mysql::OptsBuilder::from_opts(mysql::Opts::from_url(url)?)
        .tcp_connect_timeout(Some(Duration::from_secs(5)));
    mysql::Conn::new(opts)
}

/// A database of one test, held by this run until dropped.
pub struct ScratchDb {
    server: String,
    name: String,
    /// Holds the lock named like the database for as long as it lives.
    holder: mysql::Conn,
}

impl ScratchDb {
    /// Creates a database for `label` on the server of `url` (after dropping the leftovers of
    /// runs that are gone); `None` when the user chose to skip the database tests.
    pub fn create(url: &str, label: &str) -> Option<ScratchDb> {
        let mut holder = connect_or_skip(url)?;
        let name = unique_name(label);
        let locked: Option<i64> = holder
            .exec_first("SELECT GET_LOCK(?, 0)", (&name,))
            .expect("GET_LOCK");
        assert_eq!(locked, Some(1), "the lock of {name} is taken");
        drop_leftovers(&mut holder);
        holder
            .query_drop(format!("CREATE DATABASE {}", quote_identifier(&name)))
            .expect("CREATE DATABASE");
        Some(ScratchDb {
            server: url.to_string(),
            name,
            holder,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The URL of the database.
    pub fn url(&self) -> String {
        format!("{}/{}", self.server.trim_end_matches('/'), self.name)
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let drop = format!("DROP DATABASE IF EXISTS {}", quote_identifier(&self.name));
        let _ = self.holder.query_drop(drop);
        let _ = self.holder.exec_drop("DO RELEASE_LOCK(?)", (&self.name,));
    }
}

/// Every scratch database's name starts with this, then the 16 hex digits of its token.
const PREFIX: &str = "modelgen_";
const TOKEN_DIGITS: usize = 16;

/// `modelgen_<token>_<label>`, cut to the server's 64 characters.
fn unique_name(label: &str) -> String {
    let label: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut name = format!("{PREFIX}{:016x}_{label}", token());
    name.truncate(64);
    name
}

/// A number no other run on any host draws: the host, the process, the time and a count,
/// hashed with this process's random keys.
fn token() -> u64 {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write(host_name().as_bytes());
    hasher.write_u32(std::process::id());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    hasher.write_u128(now.map(|d| d.as_nanos()).unwrap_or_default());
    hasher.write_u64(COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    hasher.finish()
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_default()
}

/// Whether `name` is a scratch database of this module (others' are left alone).
fn is_scratch_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(PREFIX) else {
        return false;
    };
    let token = rest.get(..TOKEN_DIGITS).unwrap_or_default();
    token.len() == TOKEN_DIGITS
        && token.bytes().all(|b| b.is_ascii_hexdigit())
        && rest[TOKEN_DIGITS..].starts_with('_')
}

/// Drops the scratch databases whose lock is free: their run is gone. Each is locked first,
/// so that two runs cleaning at once do not drop one twice, and no live run's is touched.
fn drop_leftovers(conn: &mut mysql::Conn) {
    let names: Vec<String> = conn
        .query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'modelgen\\_%'")
        .expect("list databases");
    for name in names.into_iter().filter(|n| is_scratch_name(n)) {
        let taken: Option<i64> = conn
            .exec_first("SELECT GET_LOCK(?, 0)", (&name,))
            .expect("GET_LOCK");
        if taken == Some(1) {
            let drop = format!("DROP DATABASE IF EXISTS {}", quote_identifier(&name));
            let _ = conn.query_drop(drop);
            let _ = conn.exec_drop("DO RELEASE_LOCK(?)", (&name,));
        }
    }
}

/// `name` as a MySQL identifier.
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A scratch database (`MYSQL_URL`) with SQL files run in it, for the project's tests.
pub struct Scratch {
    db: ScratchDb,
}

impl Scratch {
    /// A database for `test` with `files` run in it, in order; `None` only when the user chose
    /// to skip the database tests.
    pub fn new(test: &str, files: &[&Path]) -> Option<Scratch> {
        let scratch = Scratch {
            db: ScratchDb::create(&server_url(), test)?,
        };
        let mut conn = scratch.conn();
        for file in files {
            conn.query_drop(std::fs::read_to_string(file).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
        Some(scratch)
    }

    pub fn name(&self) -> &str {
        self.db.name()
    }

    /// The URL of the scratch database.
    pub fn url(&self) -> String {
        self.db.url()
    }

    /// A connection of its own, as another client of the database.
    pub fn conn(&self) -> mysql::Conn {
        mysql::Conn::new(mysql::Opts::from_url(&self.url()).unwrap()).unwrap()
    }

    /// A number as another client sees it.
    pub fn count(&self, sql: &str) -> i64 {
        self.conn().query_first(sql).unwrap().unwrap()
    }
}
