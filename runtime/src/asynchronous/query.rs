//! [`Query`], async: the sync flavour's query (conditions, order, bounds, its SQL), sent over
//! sqlx.

use super::db::Db;
use super::error::{Error, Result};
use super::read::{rows, select};
use crate::query::{Cond, Order};
use crate::read::quote;
use crate::record::Record;
use futures_util::StreamExt;
use mysql::Value;
use sqlx::mysql::MySqlArguments;
use std::fmt;

/// A SELECT of the rows of `M`, built by value: each `filter` is ANDed, orders apply in call
/// order (none: primary key order), then `limit` and `offset`. As [`crate::Query`], with
/// `filter_sql` taking sqlx's arguments and the ends async.
pub struct Query<M> {
    inner: crate::query::Query<M>,
    /// The arguments of the `filter_sql` with arguments (its condition is tested first).
    arguments: Option<MySqlArguments>,
    /// A second `filter_sql` with arguments: the query fails when it runs.
    twice: bool,
}

impl<M> fmt::Debug for Query<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl<M: Record> Default for Query<M> {
    fn default() -> Self {
        Query::new()
    }
}

impl<M: Record> Query<M> {
    /// Every row (primary key order).
    pub fn new() -> Self {
        Query {
            inner: crate::query::Query::new(),
            arguments: None,
            twice: false,
        }
    }

    /// Only rows that meet `cond` too.
    pub fn filter(mut self, cond: Cond<M>) -> Self {
        self.inner = self.inner.filter(cond);
        self
    }

    /// Only rows that meet this SQL condition too, with positional `?` parameters bound from
    /// `arguments`. sqlx's arguments cannot be joined: one `filter_sql` of a query may have
    /// arguments (a second one with any makes the query fail when it runs).
    pub fn filter_sql(mut self, sql: &str, arguments: MySqlArguments) -> Self {
        use sqlx::Arguments;
        let cond = Cond::new(sql.to_string(), Vec::new());
        if arguments.len() == 0 {
            self.inner = self.inner.filter(cond);
            return self;
        }
        self.twice |= self.arguments.is_some();
        self.arguments = Some(arguments);
        self.inner = self.inner.filter_first(cond);
        self
    }

    /// Then in this order (after those given before).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.inner = self.inner.limit(n);
        self
    }

    /// Skipping the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.inner = self.inner.offset(n);
        self
    }

    fn arguments(&mut self) -> Result<Option<MySqlArguments>> {
        if self.twice {
            let message = "two filter_sql of one query have arguments: join them in one";
            return Err(Error::Db(sqlx::Error::InvalidArgument(message.into())));
        }
        Ok(self.arguments.take())
    }

    /// The rows, in one statement.
    pub async fn all(mut self, db: &mut Db) -> Result<Vec<M>> {
        let first = self.arguments()?;
        let (sql, params) = self.inner.select(self.inner.bound())?;
        select::<M>(db, &sql, first, params).await
    }

    /// The first row, in one statement (`LIMIT 1`).
    pub async fn first(mut self, db: &mut Db) -> Result<Option<M>> {
        let first = self.arguments()?;
        let (sql, params) = self.inner.select(Some(1))?;
        let mut rows = select::<M>(db, &sql, first, params).await?;
        Ok(rows.pop())
    }

    /// How many rows meet the filters (order, limit and offset aside).
    pub async fn count(mut self, db: &mut Db) -> Result<u64> {
        let first = self.arguments()?;
        let (conditions, params) = self.inner.conditions()?;
        let sql = format!("SELECT COUNT(*) FROM {}{conditions}", quote(M::TABLE));
        let value = one_value(db, &sql, first, params).await?;
        Ok(match value {
            Value::Int(n) => n.max(0) as u64,
            Value::UInt(n) => n,
            _ => 0,
        })
    }

    /// Does any row meet the filters?
    pub async fn exists(mut self, db: &mut Db) -> Result<bool> {
        let first = self.arguments()?;
        let (conditions, params) = self.inner.conditions()?;
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {}{conditions})",
            quote(M::TABLE)
        );
        let value = one_value(db, &sql, first, params).await?;
        Ok(matches!(value, Value::Int(1) | Value::UInt(1)))
    }

    /// The rows, read from the server as the stream is polled: memory does not grow with their
    /// number. The statement goes at the first poll; its failure is the stream's one item. The
    /// stream is `Unpin` (`while let Some(r) = stream.next().await` needs no `pin!`).
    pub fn lazy(mut self, db: &mut Db) -> impl futures_core::Stream<Item = Result<M>> + Send + '_ {
        let prepared = self.arguments().and_then(|first| {
            let (sql, params) = self.inner.select(self.inner.bound())?;
            Ok((sql, first, params))
        });
        Box::pin(async_stream::stream! {
            match prepared {
                Ok((sql, first, params)) => {
                    let mut records = std::pin::pin!(rows::<M>(db, sql, first, params, false));
                    while let Some(record) = records.next().await {
                        yield record;
                    }
                }
                Err(error) => yield Err(error),
            }
        })
    }
}

/// The first value of the first row of a statement (`COUNT(*)`, `EXISTS`).
async fn one_value(
    db: &mut Db,
    sql: &str,
    first: Option<MySqlArguments>,
    params: Vec<Value>,
) -> Result<Value> {
    let rows = db.select(sql, first, params).await?;
    let Some(row) = rows.first() else {
        return Ok(Value::NULL);
    };
    let values = super::value::values(row).map_err(|message| Error::Conversion {
        table: "?",
        column: "?",
        message,
    })?;
    Ok(values.into_iter().next().unwrap_or(Value::NULL))
}
