//! The methods and impls that are the same for every model, written once here: models.rs
//! invokes [`record_methods!`](crate::record_methods) for each model.

/// The methods every model has (`is_new`, `is_dirty`, `save`, `save_shallow`, and `delete`
/// unless its table has no primary key), and its `FromRow` and `Default` impls.
///
/// `record_methods!(Item)` for a table with a primary key, `record_methods!(Note, keyless)`
/// for one without. The model must implement `Record` and have `new()`.
#[macro_export]
macro_rules! record_methods {
    ($model:ident) => {
        $crate::record_methods!($model, keyless);

        #[allow(dead_code)]
        impl $model {
            /// Deletes the row; `false` when no row had the key or the record was never saved.
            /// The record is new again afterwards: a save would insert it anew.
            pub fn delete(&mut self, db: &mut $crate::Db) -> $crate::Result<bool> {
                $crate::v0_1::delete(self, db)
            }
        }
    };
    ($model:ident, keyless) => {
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
            /// [`Db::transaction`](modelgen_runtime::Db::transaction). On failure nothing is
            /// written and every record of the cascade is as it was before. A record with
            /// nothing cached that needs one statement sends just that statement.
            pub fn save(&mut self, db: &mut $crate::Db) -> $crate::Result<()> {
                $crate::v0_1::save(self, db)
            }

            /// Saves this record alone, not the records it caches (the PRD's `deep = false`).
            pub fn save_shallow(&mut self, db: &mut $crate::Db) -> $crate::Result<()> {
                $crate::v0_1::save_shallow(self, db)
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
