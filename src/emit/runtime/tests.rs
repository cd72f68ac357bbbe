//! The runtime against the real MariaDB (MYSQL_URL, default mysql://root@127.0.0.1:3306), each
//! test in a scratch database of its own, dropped at the end even when the test fails. Without
//! a server the tests fail, unless MODELGEN_SKIP_DB=1 (outside CI) skips them.

use super::*;

/// The project's scratch databases (names unique across hosts, liveness held by a server lock).
#[path = "../../../tests/common/scratch.rs"]
mod scratch;

/// A scratch database, dropped when the test ends.
struct Scratch(scratch::Scratch);

impl Scratch {
    fn new(test: &str) -> Option<Scratch> {
        scratch::Scratch::new(&format!("runtime_{test}"), &[]).map(Scratch)
    }

    fn db(&self) -> Db {
        let mut db = Db::connect(&self.0.url()).unwrap();
        db.query_drop("CREATE TABLE IF NOT EXISTS t (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB").unwrap();
        db.statements = 0;
        db
    }
}

fn count(db: &mut Db) -> i64 {
    db.exec_first::<i64>("SELECT COUNT(*) FROM t", ())
        .unwrap()
        .unwrap()
}

#[test]
fn statements_are_counted() {
    let Some(scratch) = Scratch::new("counted") else {
        return;
    };
    let mut db = scratch.db();
    assert_eq!(db.statements(), 0);
    db.exec_drop("INSERT INTO t (v) VALUES (?)", (1,)).unwrap();
    assert_eq!(db.last_insert_id(), 1);
    let _ = count(&mut db);
    assert_eq!(db.statements(), 2);
}

#[test]
fn transaction_commits_on_ok_and_rolls_back_on_err() {
    let Some(scratch) = Scratch::new("transaction") else {
        return;
    };
    let mut db = scratch.db();
    db.transaction(|db| db.exec_drop("INSERT INTO t (v) VALUES (1)", ()))
        .unwrap();
    let failed: Result<()> = db.transaction(|db| {
        db.exec_drop("INSERT INTO t (v) VALUES (2)", ())?;
        db.exec_drop("INSERT INTO t (v) VALUES (NULL)", ())
    });
    assert!(matches!(failed, Err(Error::Db(_))));
    assert!(!db.in_transaction());
    assert_eq!(count(&mut db), 1, "the failed transaction left nothing");
    assert_eq!(
        count(&mut scratch.db()),
        1,
        "another connection sees the commit"
    );
}

#[test]
fn nested_transaction_rolls_back_to_its_savepoint() {
    let Some(scratch) = Scratch::new("nested") else {
        return;
    };
    let mut db = scratch.db();
    db.transaction(|db| {
        db.exec_drop("INSERT INTO t (v) VALUES (1)", ())?;
        let inner: Result<()> = db.transaction(|db| {
            db.exec_drop("INSERT INTO t (v) VALUES (2)", ())?;
            Err(Error::NotFound {
                table: "t",
                key: "2".into(),
            })
        });
        assert!(inner.is_err());
        db.transaction(|db| db.exec_drop("INSERT INTO t (v) VALUES (3)", ()))
    })
    .unwrap();
    let values: Vec<i32> = db.exec_all("SELECT v FROM t ORDER BY v", ()).unwrap();
    assert_eq!(values, [1, 3]);
}

#[test]
fn rows_stream_one_at_a_time() {
    let Some(scratch) = Scratch::new("stream") else {
        return;
    };
    let mut db = scratch.db();
    db.exec_drop("INSERT INTO t (v) SELECT seq FROM seq_1_to_1000", ())
        .unwrap();
    let mut seen = 0;
    for row in db.exec_stream("SELECT v FROM t ORDER BY v", ()).unwrap() {
        let v: i32 = mysql::from_row(row.unwrap());
        seen += 1;
        assert_eq!(v, seen);
    }
    assert_eq!(seen, 1000);
}

#[test]
fn pooled_connections_work_too() {
    let Some(scratch) = Scratch::new("pooled") else {
        return;
    };
    let url = scratch.0.url();
    let pool = mysql::Pool::new(mysql::Opts::from_url(&url).unwrap()).unwrap();
    let mut db = Db::from(pool.get_conn().unwrap());
    db.query_drop("CREATE TABLE p (id INT)").unwrap();
    db.transaction(|db| db.exec_drop("INSERT INTO p VALUES (7)", ()))
        .unwrap();
    assert_eq!(
        db.exec_first::<i32>("SELECT id FROM p", ()).unwrap(),
        Some(7)
    );
}

#[test]
fn errors_say_what_and_where() {
    let missing = Error::MissingValue {
        table: "items",
        column: "blueprint_id",
    };
    assert_eq!(
        missing.to_string(),
        "`items`.`blueprint_id` is NOT NULL without default and was never set"
    );
    let not_found = Error::NotFound {
        table: "blueprints",
        key: "id = 7".into(),
    };
    assert_eq!(
        not_found.to_string(),
        "no row in `blueprints` has the key id = 7"
    );
}

#[test]
fn writes_quote_names_and_set_only_what_is_wanted() {
    let mut insert = Write::insert("odd`name");
    insert.column(true, "a", &1_i32);
    insert.column(false, "b", &2_i32);
    assert_eq!(insert.sql(), "INSERT INTO `odd``name` (`a`) VALUES (?)");
    assert_eq!(insert.params, [mysql::Value::Int(1)]);

    let mut update = Write::update("t");
    update.column(false, "a", &1_i32);
    assert!(update.is_empty(), "an UPDATE that sets nothing is not sent");
    update.column(true, "b", &"x");
    update.key("id", &7_u32);
    update.key("k", &"y");
    assert_eq!(
        update.sql(),
        "UPDATE `t` SET `b` = ? WHERE `id` = ? AND `k` = ?"
    );

    let mut delete = Write::delete("t");
    delete.key("id", &7_u32);
    assert_eq!(delete.sql(), "DELETE FROM `t` WHERE `id` = ?");
}

#[test]
fn time_columns_are_signed_spans_past_a_day() {
    let span = chrono::TimeDelta::seconds(-(838 * 3600 + 59 * 60 + 59));
    let value = span.to_sql();
    assert_eq!(value, mysql::Value::Time(true, 34, 22, 59, 59, 0));
    assert_eq!(chrono::TimeDelta::from_sql(value), Ok(span));
    assert_eq!(
        parse_time("-12:30:05.25"),
        Some(
            -(chrono::TimeDelta::seconds(12 * 3600 + 30 * 60 + 5)
                + chrono::TimeDelta::milliseconds(250))
        )
    );
    assert_eq!(parse_time("nonsense"), None);
}

#[test]
fn null_keys_are_no_keys() {
    assert_eq!(key_of::<_, i32>(&None::<i32>), None);
    assert_eq!(key_of::<_, i32>(&Some(5_u64)), Some(5));
    assert_eq!(key_of::<_, u8>(&300_i32), None, "does not fit");
    assert_eq!(key_of::<_, Option<u32>>(&Some(5_i32)), Some(Some(5)));
}

#[test]
fn required_columns_are_checked_unless_set_or_filled() {
    let mut state = RecordState::<2>::new_record();
    assert!(matches!(
        require(&state, "t", "a", 0, &[]),
        Err(Error::MissingValue {
            table: "t",
            column: "a"
        })
    ));
    assert!(
        require(&state, "t", "a", 0, &[0]).is_ok(),
        "a cascade fills it"
    );
    let mut field = 0;
    set_column(&mut state, &mut field, 3, 0);
    assert!(require(&state, "t", "a", 0, &[]).is_ok());
    assert!(
        require(&RecordState::<2>::loaded(), "t", "b", 1, &[]).is_ok(),
        "loaded rows have values"
    );
}
