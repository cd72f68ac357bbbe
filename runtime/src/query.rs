//! Queries of one model (SPEC §9): typed columns, conditions, order, and `Query`, which sends
//! one SELECT with every value bound as a parameter and every identifier quoted.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::read::{quote, select_into, select_sql_of, Rows};
use crate::record::{Model, Record, Table};
use crate::value::ToSql;
use mysql::Value;
use std::fmt;
use std::marker::PhantomData;

/// A value a condition on a column of type `T` takes: `T` itself, and `&str` where `T` is
/// `String` (`Player::NAME.eq("ann")`), `&[u8]` where it is `Vec<u8>`.
pub trait IntoValue<T> {
    /// The statement parameter.
    fn into_value(self) -> Value;
}

impl<T: ToSql> IntoValue<T> for T {
    fn into_value(self) -> Value {
        self.to_sql()
    }
}

impl IntoValue<String> for &str {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl IntoValue<Vec<u8>> for &[u8] {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

/// A column of model `M` whose values are `T` (never an `Option`: NULL is `is_null`). Each
/// model has one constant per column: `Item::DURABILITY`.
pub struct Column<M, T> {
    position: usize,
    model: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Column<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, T> Copy for Column<M, T> {}

impl<M: Model, T> fmt::Debug for Column<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", M::TABLE, self.name())
    }
}

impl<M, T> Column<M, T> {
    /// The column at `position` in `Model::COLUMNS`.
    pub const fn new(position: usize) -> Self {
        Column {
            position,
            model: PhantomData,
        }
    }
}

impl<M: Model, T> Column<M, T> {
    /// The column's name.
    pub fn name(self) -> &'static str {
        M::COLUMNS[self.position]
    }

    fn compare(self, operator: &str, value: Value) -> Cond<M> {
        Cond::new(format!("{} {operator} ?", quote(self.name())), vec![value])
    }

    /// `column = value`.
    pub fn eq(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare("=", value.into_value())
    }

    /// `column <> value`.
    pub fn ne(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare("<>", value.into_value())
    }

    /// `column < value`.
    pub fn lt(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare("<", value.into_value())
    }

    /// `column <= value`.
    pub fn le(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare("<=", value.into_value())
    }

    /// `column > value`.
    pub fn gt(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare(">", value.into_value())
    }

    /// `column >= value`.
    pub fn ge(self, value: impl IntoValue<T>) -> Cond<M> {
        self.compare(">=", value.into_value())
    }

    /// `column BETWEEN low AND high`.
    pub fn between(self, low: impl IntoValue<T>, high: impl IntoValue<T>) -> Cond<M> {
        let sql = format!("{} BETWEEN ? AND ?", quote(self.name()));
        Cond::new(sql, vec![low.into_value(), high.into_value()])
    }

    /// `column IN (values)`; of no values, a condition no row meets (no statement is made
    /// invalid by an empty list).
    pub fn is_in<V: IntoValue<T>>(self, values: impl IntoIterator<Item = V>) -> Cond<M> {
        let values: Vec<Value> = values.into_iter().map(IntoValue::into_value).collect();
        if values.is_empty() {
            return Cond::new("FALSE".into(), Vec::new());
        }
        let marks = vec!["?"; values.len()].join(", ");
        Cond::new(format!("{} IN ({marks})", quote(self.name())), values)
    }

    /// `column IS NULL`.
    pub fn is_null(self) -> Cond<M> {
        Cond::new(format!("{} IS NULL", quote(self.name())), Vec::new())
    }

    /// `column IS NOT NULL`.
    pub fn is_not_null(self) -> Cond<M> {
        Cond::new(format!("{} IS NOT NULL", quote(self.name())), Vec::new())
    }

    /// Ascending order of the column.
    pub fn asc(self) -> Order<M> {
        Order::new(format!("{} ASC", quote(self.name())))
    }

    /// Descending order of the column.
    pub fn desc(self) -> Order<M> {
        Order::new(format!("{} DESC", quote(self.name())))
    }
}

impl<M: Model> Column<M, String> {
    /// `column LIKE pattern` (`%` any text, `_` one character, `\` escapes them).
    pub fn like(self, pattern: &str) -> Cond<M> {
        self.compare("LIKE", Value::from(pattern))
    }
}

/// A condition on the rows of `M`: SQL with `?` for each of its values.
pub struct Cond<M> {
    sql: String,
    params: Vec<Value>,
    model: PhantomData<fn() -> M>,
}

impl<M> Clone for Cond<M> {
    fn clone(&self) -> Self {
        Cond::new(self.sql.clone(), self.params.clone())
    }
}

impl<M> fmt::Debug for Cond<M> {
    /// The SQL, without the values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)
    }
}

impl<M> Cond<M> {
    pub(crate) fn new(sql: String, params: Vec<Value>) -> Self {
        Cond {
            sql,
            params,
            model: PhantomData,
        }
    }

    fn join(self, operator: &str, other: Cond<M>) -> Cond<M> {
        let sql = format!("({}) {operator} ({})", self.sql, other.sql);
        let mut params = self.params;
        params.extend(other.params);
        Cond::new(sql, params)
    }

    /// Both.
    pub fn and(self, other: Cond<M>) -> Cond<M> {
        self.join("AND", other)
    }

    /// Either.
    pub fn or(self, other: Cond<M>) -> Cond<M> {
        self.join("OR", other)
    }

    /// Not this one.
    #[allow(clippy::should_implement_trait)] // SPEC §9 names it so; `!` would read worse
    pub fn not(self) -> Cond<M> {
        Cond::new(format!("NOT ({})", self.sql), self.params)
    }
}

/// An order of the rows of `M`: `Item::DURABILITY.desc()`.
pub struct Order<M> {
    sql: String,
    model: PhantomData<fn() -> M>,
}

impl<M> Clone for Order<M> {
    fn clone(&self) -> Self {
        Order::new(self.sql.clone())
    }
}

impl<M> fmt::Debug for Order<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)
    }
}

impl<M> Order<M> {
    fn new(sql: String) -> Self {
        Order {
            sql,
            model: PhantomData,
        }
    }
}

/// A SELECT of the rows of `M`, built by value: each `filter` is ANDed, orders apply in call
/// order (none: primary key order), then `limit` and `offset`.
///
/// ```no_run
/// # use modelgen_runtime::{Db, Model, Query, Result};
/// # fn page<M: modelgen_runtime::v0_1::Record>(db: &mut Db, q: Query<M>) -> Result<Vec<M>> {
/// // Item::query().filter(Item::DURABILITY.gt(10)).order_by(Item::ID.desc()).limit(50).all(db)
/// q.limit(50).offset(100).all(db)
/// # }
/// ```
pub struct Query<M> {
    // Held without their model, so that building the SQL is compiled once, not per model.
    filters: Vec<Cond<()>>,
    orders: Vec<Order<()>>,
    limit: Option<u64>,
    offset: Option<u64>,
    /// A `filter_sql` was given named parameters: the query fails when it runs.
    named: bool,
    model: PhantomData<fn() -> M>,
}

impl<M> Clone for Query<M> {
    fn clone(&self) -> Self {
        Query {
            filters: self.filters.clone(),
            orders: self.orders.clone(),
            limit: self.limit,
            offset: self.offset,
            named: self.named,
            model: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Query<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Query")
            .field("filters", &self.filters)
            .field("orders", &self.orders)
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .finish()
    }
}

impl<M> Default for Query<M> {
    fn default() -> Self {
        Query {
            filters: Vec::new(),
            orders: Vec::new(),
            limit: None,
            offset: None,
            named: false,
            model: PhantomData,
        }
    }
}

impl<M: Record> Query<M> {
    /// Every row (primary key order).
    pub fn new() -> Self {
        Query::default()
    }

    /// Only rows that meet `cond` too.
    pub fn filter(mut self, cond: Cond<M>) -> Self {
        self.filters.push(Cond::new(cond.sql, cond.params));
        self
    }

    /// Only rows that meet this SQL condition too, with positional `?` parameters (named
    /// parameters make the query fail when it runs, with the driver's `MixedParams`).
    pub fn filter_sql(mut self, sql: &str, params: impl Into<mysql::Params>) -> Self {
        let params = match params.into() {
            mysql::Params::Empty => Vec::new(),
            mysql::Params::Positional(values) => values,
            mysql::Params::Named(_) => {
                self.named = true;
                Vec::new()
            }
        };
        self.filters.push(Cond::new(sql.to_string(), params));
        self
    }

    /// Only rows that meet `cond` too, tested before the other filters (whose `?` then come
    /// after its own: the async `filter_sql`, whose arguments come first).
    #[cfg(feature = "async")]
    pub(crate) fn filter_first(mut self, cond: Cond<M>) -> Self {
        self.filters.insert(0, Cond::new(cond.sql, cond.params));
        self
    }

    /// The bound `limit`.
    #[cfg(feature = "async")]
    pub(crate) fn bound(&self) -> Option<u64> {
        self.limit
    }

    /// Then in this order (after those given before).
    pub fn order_by(mut self, order: Order<M>) -> Self {
        self.orders.push(Order::new(order.sql));
        self
    }

    /// At most `n` rows.
    pub fn limit(mut self, n: u64) -> Self {
        self.limit = Some(n);
        self
    }

    /// Skipping the first `n` rows.
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = Some(n);
        self
    }

    /// ` WHERE (a) AND (b)` and its parameters.
    pub(crate) fn conditions(&self) -> Result<(String, Vec<Value>)> {
        conditions_of(&self.filters, self.named)
    }

    /// The SELECT with its order and bounds.
    pub(crate) fn select(&self, limit: Option<u64>) -> Result<(String, Vec<Value>)> {
        let parts = (&self.filters[..], &self.orders[..], self.named);
        select_of(&Table::of::<M>(), parts, (limit, self.offset))
    }

    /// The rows, in one statement.
    pub fn all(self, db: &mut Db) -> Result<Vec<M>> {
        let (sql, params) = self.select(self.limit)?;
        let mut rows: Vec<M> = Vec::new();
        select_into(db, &Table::of::<M>(), &sql, params, &mut rows)?;
        Ok(rows)
    }

    /// The first row, in one statement (`LIMIT 1`).
    pub fn first(self, db: &mut Db) -> Result<Option<M>> {
        let (sql, params) = self.select(Some(1))?;
        let mut rows: Vec<M> = Vec::new();
        select_into(db, &Table::of::<M>(), &sql, params, &mut rows)?;
        Ok(rows.pop())
    }

    /// How many rows meet the filters (order, limit and offset aside).
    pub fn count(self, db: &mut Db) -> Result<u64> {
        let (conditions, params) = self.conditions()?;
        let sql = format!("SELECT COUNT(*) FROM {}{conditions}", quote(M::TABLE));
        let mut counted = 0;
        db.select(&sql, params, &mut |mut row| {
            counted = row.take::<u64, _>(0).unwrap_or(0);
            Ok(())
        })?;
        Ok(counted)
    }

    /// Does any row meet the filters?
    pub fn exists(self, db: &mut Db) -> Result<bool> {
        let (conditions, params) = self.conditions()?;
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {}{conditions})",
            quote(M::TABLE)
        );
        let mut found = false;
        db.select(&sql, params, &mut |mut row| {
            found = row.take::<u8, _>(0).unwrap_or(0) == 1;
            Ok(())
        })?;
        Ok(found)
    }

    /// The rows, read from the server as they are iterated: memory does not grow with their
    /// number.
    pub fn lazy(self, db: &mut Db) -> Result<impl Iterator<Item = Result<M>> + '_> {
        let (sql, params) = self.select(self.limit)?;
        Rows::new(db, &sql, params, false)
    }
}

/// The SELECT of `table`'s rows with `filters` and `orders` (`named`: a filter had named
/// parameters, an error) within `bounds`, and its parameters.
fn select_of(
    table: &Table,
    (filters, orders, named): (&[Cond<()>], &[Order<()>], bool),
    bounds: (Option<u64>, Option<u64>),
) -> Result<(String, Vec<Value>)> {
    let (conditions, params) = conditions_of(filters, named)?;
    let orders: Vec<&str> = orders.iter().map(|o| o.sql.as_str()).collect();
    let sql = bounded_select(table, &conditions, &orders, bounds);
    Ok((sql, params))
}

/// ` WHERE (a) AND (b)` of `filters` and their parameters; named parameters (`named`) are an
/// error.
fn conditions_of(filters: &[Cond<()>], named: bool) -> Result<(String, Vec<Value>)> {
    if named {
        let mixed = mysql::DriverError::MixedParams;
        return Err(Error::Db(mysql::Error::DriverError(mixed)));
    }
    let filters: Vec<(&str, &[Value])> = filters
        .iter()
        .map(|c| (c.sql.as_str(), c.params.as_slice()))
        .collect();
    Ok(where_clause(&filters))
}

/// ` WHERE (a) AND (b)` of `filters` (each its SQL and parameters), and their parameters;
/// nothing for no filter.
fn where_clause(filters: &[(&str, &[Value])]) -> (String, Vec<Value>) {
    if filters.is_empty() {
        return (String::new(), Vec::new());
    }
    let sql: Vec<String> = filters.iter().map(|(sql, _)| format!("({sql})")).collect();
    let params = filters
        .iter()
        .flat_map(|(_, params)| params.iter().cloned())
        .collect();
    (format!(" WHERE {}", sql.join(" AND ")), params)
}

/// The SELECT of `table`'s rows meeting `conditions`, in `orders` (else by primary key),
/// within `(limit, offset)`.
fn bounded_select(
    table: &Table,
    conditions: &str,
    orders: &[&str],
    (limit, offset): (Option<u64>, Option<u64>),
) -> String {
    let mut sql = format!("{}{conditions}", select_sql_of(table));
    let orders: Vec<String> = if orders.is_empty() {
        table
            .shape
            .key
            .iter()
            .map(|&c| quote(table.columns[c]))
            .collect()
    } else {
        orders.iter().map(|o| o.to_string()).collect()
    };
    if !orders.is_empty() {
        sql.push_str(&format!(" ORDER BY {}", orders.join(", ")));
    }
    match (limit, offset) {
        (Some(limit), Some(offset)) => sql.push_str(&format!(" LIMIT {limit} OFFSET {offset}")),
        (Some(limit), None) => sql.push_str(&format!(" LIMIT {limit}")),
        // MySQL takes OFFSET only after a LIMIT: the largest one.
        (None, Some(offset)) => sql.push_str(&format!(" LIMIT {} OFFSET {offset}", u64::MAX)),
        (None, None) => {}
    }
    sql
}
