//! The project's scratch databases, for tests that share one server with other runs, from this
//! host or others (CI runners, containers). The databases are the runtime's
//! (`modelgen_runtime::testing::Scratch`, which the generated tests use too): a name unique
//! across hosts, and a server lock of that name held for the database's life, so that no run
//! drops another's and leftovers of runs cut short are dropped by the next one. This module
//! adds what the project's own tests need around them:
//!
//! - the server of `MYSQL_URL`; without a reachable one a test fails with one line saying how
//!   to run it, unless the user opted out on purpose (`MODELGEN_SKIP_DB=1`: it passes and says
//!   skipped); with `CI=true` it fails even then;
//! - SQL files run in the new database, and connections as other clients.

#![allow(dead_code)]

use mysql::prelude::Queryable;
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

/// A scratch database on the server of `MYSQL_URL` with SQL files run in it, for the project's
/// tests; dropped when the test ends, even when it fails.
pub struct Scratch {
    db: modelgen_runtime::testing::Scratch,
    server: String,
}

impl Scratch {
    /// A database for `test` with `files` run in it, in order; `None` only when the user chose
    /// to skip the database tests.
    pub fn new(test: &str, files: &[&Path]) -> Option<Scratch> {
        let server = server_url();
        connect_or_skip(&server)?;
        let db = modelgen_runtime::testing::Scratch::create(&server, test)
            .unwrap_or_else(|e| panic!("a scratch database on {server}: {e}"));
        let scratch = Scratch { db, server };
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
        format!("{}/{}", self.server.trim_end_matches('/'), self.db.name())
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
