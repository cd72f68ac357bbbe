//! A scratch database holding a schema, dropped when the test ends (even when it fails).

use mysql::prelude::Queryable;
use std::path::Path;

pub struct Scratch {
    server: String,
    name: String,
}

impl Scratch {
    /// A database named after `test` with the SQL files `files` run in it, in order; `None`
    /// (the test is skipped) when MariaDB is away outside CI.
    pub fn new(test: &str, files: &[&Path]) -> Option<Scratch> {
        if !super::mariadb_reachable() {
            return None;
        }
        let server =
            std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let mut conn = mysql::Conn::new(mysql::Opts::from_url(&server).unwrap()).unwrap();
        let name = format!("modelgen_{test}_{}", std::process::id());
        conn.query_drop(format!("DROP DATABASE IF EXISTS `{name}`"))
            .unwrap();
        conn.query_drop(format!("CREATE DATABASE `{name}`"))
            .unwrap();
        let scratch = Scratch { server, name };
        let mut conn = scratch.conn();
        for file in files {
            conn.query_drop(std::fs::read_to_string(file).unwrap())
                .unwrap();
        }
        Some(scratch)
    }

    /// The URL of the scratch database.
    pub fn url(&self) -> String {
        format!("{}/{}", self.server.trim_end_matches('/'), self.name)
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

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut conn) = mysql::Conn::new(mysql::Opts::from_url(&self.server).unwrap()) {
            let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.name));
        }
    }
}
