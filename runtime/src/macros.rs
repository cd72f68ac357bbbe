//! The methods and impls that are the same for every model, written once here: models.rs
//! invokes [`record_methods!`](crate::record_methods) for each model.

/// The methods every model has, and its `FromRow` and `Default` impls:
///
/// - `is_new`, `is_dirty`, `save`, `save_shallow`;
/// - `query`, `all`, `find_by_sql`, `insert_all` (SPEC §9);
/// - with a primary key, `delete`; with a one-column primary key, `find_many` too.
///
/// `record_methods!(Item, i32)` for a table whose primary key is one column (of that Rust type),
/// `record_methods!(Line, composite)` for a key of several columns, `record_methods!(Note,
/// keyless)` for a table without. The model must implement `Record` and have `new()`.
#[macro_export]
macro_rules! record_methods {
    ($model:ident, keyless) => {
        $crate::record_methods!(@common $model);
    };
    ($model:ident, composite) => {
        $crate::record_methods!(@common $model);
        $crate::record_methods!(@delete $model);
    };
    ($model:ident, $key:ty) => {
        $crate::record_methods!(@common $model);
        $crate::record_methods!(@delete $model);

        #[allow(dead_code)]
        impl $model {
            /// The rows with these primary keys, in key order (keys no row has are left out):
            /// one statement per 1,000 keys, none for no key.
            pub fn find_many(db: &mut $crate::Db, ids: &[$key]) -> $crate::Result<Vec<$model>> {
                $crate::v0_1::find_many(db, ids)
            }
        }
    };
    (@delete $model:ident) => {
        #[allow(dead_code)]
        impl $model {
            /// Deletes the row; `false` when no row had the key or the record was never saved.
            /// The record is new again afterwards: a save would insert it anew.
            pub fn delete(&mut self, db: &mut $crate::Db) -> $crate::Result<bool> {
                $crate::v0_1::delete(self, db)
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
            /// transaction, or a savepoint inside an outer
            /// [`Db::transaction`](modelgen_runtime::Db::transaction). New siblings of one
            /// table go in multi-row INSERTs. On failure nothing is written and every record
            /// of the cascade is as it was before. A record with nothing cached that needs one
            /// statement sends just that statement.
            pub fn save(&mut self, db: &mut $crate::Db) -> $crate::Result<()> {
                $crate::v0_1::save(self, db)
            }

            /// Saves this record alone, not the records it caches (the PRD's `deep = false`).
            pub fn save_shallow(&mut self, db: &mut $crate::Db) -> $crate::Result<()> {
                $crate::v0_1::save_shallow(self, db)
            }

            /// A query of this table's rows: filter with the column constants
            /// (`Self::ID.eq(7)`), order, page, then `all`, `first`, `count`, `exists` or
            /// `lazy`. Every value is a bound parameter.
            pub fn query() -> $crate::Query<$model> {
                $crate::Query::new()
            }

            /// Every row, in primary key order, in one statement.
            pub fn all(db: &mut $crate::Db) -> $crate::Result<Vec<$model>> {
                $crate::v0_1::all(db)
            }

            /// The rows of your own SELECT: its columns are taken by name (others are ignored);
            /// a column missing or a value its field cannot hold is `Error::Conversion`. The
            /// records are loaded: clean, and a save of a change sends one UPDATE.
            pub fn find_by_sql(
                db: &mut $crate::Db,
                sql: &str,
                params: impl Into<$crate::mysql::Params>,
            ) -> $crate::Result<Vec<$model>> {
                $crate::v0_1::find_by_sql(db, sql, params)
            }

            /// Saves these records and their cascades in one transaction, each table's new
            /// rows in multi-row INSERTs; their ids and the values the server made are taken
            /// (RETURNING). On failure nothing is written and every record is as before.
            pub fn insert_all(
                db: &mut $crate::Db,
                records: &mut [$model],
            ) -> $crate::Result<()> {
                $crate::v0_1::insert_all(records, db)
            }
        }

        /// A row read by column names (mysql's `query`, `exec` and the like).
        impl $crate::mysql::prelude::FromRow for $model {
            fn from_row_opt(
                row: $crate::mysql::Row,
            ) -> ::std::result::Result<Self, $crate::mysql::FromRowError> {
                $crate::v0_1::from_row(row)
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
