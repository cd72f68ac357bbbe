//! [`async_record_methods!`](crate::async_record_methods): the methods every async model has,
//! as `record_methods!` has them for the sync flavour.

/// The methods every model of the async flavour has, and its sqlx `FromRow` and `Default`
/// impls: `record_methods!` with `async fn`s (models.rs names it `rt::record_methods!`).
#[macro_export]
macro_rules! async_record_methods {
    ($model:ident, keyless) => {
        $crate::async_record_methods!(@common $model);
    };
    ($model:ident, composite) => {
        $crate::async_record_methods!(@common $model);
        $crate::async_record_methods!(@delete $model);
    };
    ($model:ident, $key:ty) => {
        $crate::async_record_methods!(@common $model);
        $crate::async_record_methods!(@delete $model);

        #[allow(dead_code)]
        impl $model {
            /// The rows with these primary keys, in key order (keys no row has are left out):
            /// one statement per 1,000 keys, none for no key.
            pub async fn find_many(
                db: &mut $crate::v0_1::asynchronous::Db,
                ids: &[$key],
            ) -> $crate::v0_1::asynchronous::Result<Vec<$model>> {
                $crate::v0_1::asynchronous::find_many(db, ids).await
            }
        }
    };
    (@delete $model:ident) => {
        #[allow(dead_code)]
        impl $model {
            /// Deletes the row; `false` when no row had the key or the record was never saved.
            /// The record is new again afterwards: a save would insert it anew.
            pub async fn delete(
                &mut self,
                db: &mut $crate::v0_1::asynchronous::Db,
            ) -> $crate::v0_1::asynchronous::Result<bool> {
                $crate::v0_1::asynchronous::delete(self, db).await
            }
        }
    };
    (@common $model:ident) => {
        #[allow(dead_code)]
        impl $model {
            /// Not yet inserted: `save` will INSERT it.
            pub fn is_new(&self) -> bool {
                $crate::v0_1::Record::meta(self).is_new()
            }

            /// Set since the last load or save: `save` will write it.
            pub fn is_dirty(&self) -> bool {
                $crate::v0_1::Record::meta(self).is_dirty()
            }

            /// Saves this record and the records it caches (belongs-to targets first, then
            /// this record, then has-one and has-many children, each only if dirty), in one
            /// transaction, or a savepoint inside an outer `Db::transaction`. On failure, or
            /// when this future is dropped before it ends, nothing is written and every record
            /// of the cascade is as it was before (see `Db::transaction` for the one moment no
            /// client can rule out: a drop while the commit is on its way).
            pub async fn save(
                &mut self,
                db: &mut $crate::v0_1::asynchronous::Db,
            ) -> $crate::v0_1::asynchronous::Result<()> {
                $crate::v0_1::asynchronous::save(self, db).await
            }

            /// Saves this record alone, not the records it caches (the PRD's `deep = false`).
            pub async fn save_shallow(
                &mut self,
                db: &mut $crate::v0_1::asynchronous::Db,
            ) -> $crate::v0_1::asynchronous::Result<()> {
                $crate::v0_1::asynchronous::save_shallow(self, db).await
            }

            /// A query of this table's rows: filter with the column constants
            /// (`Self::ID.eq(7)`), order, page, then `all`, `first`, `count`, `exists` or
            /// `lazy`. Every value is a bound parameter.
            pub fn query() -> $crate::v0_1::asynchronous::Query<$model> {
                $crate::v0_1::asynchronous::Query::new()
            }

            /// Every row, in primary key order, in one statement.
            pub async fn all(
                db: &mut $crate::v0_1::asynchronous::Db,
            ) -> $crate::v0_1::asynchronous::Result<Vec<$model>> {
                $crate::v0_1::asynchronous::all(db).await
            }

            /// The rows of your own SELECT: its columns are taken by name (others are ignored);
            /// a column missing or a value its field cannot hold is `Error::Conversion`.
            pub async fn find_by_sql(
                db: &mut $crate::v0_1::asynchronous::Db,
                sql: &str,
                arguments: $crate::v0_1::asynchronous::sqlx::mysql::MySqlArguments,
            ) -> $crate::v0_1::asynchronous::Result<Vec<$model>> {
                $crate::v0_1::asynchronous::find_by_sql(db, sql, arguments).await
            }

            /// Saves these records and their cascades in one transaction, each table's new
            /// rows in multi-row INSERTs. On failure (or a dropped future) nothing is written
            /// and every record is as before.
            pub async fn insert_all(
                db: &mut $crate::v0_1::asynchronous::Db,
                records: &mut [$model],
            ) -> $crate::v0_1::asynchronous::Result<()> {
                $crate::v0_1::asynchronous::insert_all(records, db).await
            }
        }

        /// A row read by column names (sqlx's `query_as` and the like).
        impl<'r> $crate::v0_1::asynchronous::sqlx::FromRow<'r, $crate::v0_1::asynchronous::sqlx::mysql::MySqlRow> for $model {
            fn from_row(
                row: &'r $crate::v0_1::asynchronous::sqlx::mysql::MySqlRow,
            ) -> ::std::result::Result<Self, $crate::v0_1::asynchronous::sqlx::Error> {
                $crate::v0_1::asynchronous::from_row(row)
            }
        }

        /// A new record: `new()`.
        impl ::std::default::Default for $model {
            fn default() -> Self {
                $model::new()
            }
        }
    };
}
