//! What models.rs writes of each model through a macro, written once here: the struct and
//! what follows from its columns ([`model!`](crate::model), one entry per column), and the
//! methods and impls that are the same for every model
//! ([`record_methods!`](crate::record_methods)).

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

/// A model's struct and what follows from its columns alone: the column constants, `new()`,
/// each column's getter and setter, `rt::Model`, and the part of `rt::Record` that reads and
/// writes fields. models.rs writes one per table; the rest of the model (finders,
/// relationships) is plain code beside it, and [`record_methods!`](crate::record_methods) adds
/// what every model has.
///
/// ```
/// use modelgen_runtime::v0_1 as rt;
///
/// rt::model! {
///     /// A row of `items`.
///     pub struct Item in "items" {
///         /// int(11) NOT NULL AUTO_INCREMENT (None until inserted).
///         0 "id" id: Option<i32> = None,
///             ID: i32, get_id -> Option<i32>, set_id(i32);
///         /// varchar(32) NOT NULL.
///         1 "name" name: String = Default::default(),
///             NAME: String, get_name -> &str, set_name(impl Into<String>);
///         /// smallint(5) unsigned NOT NULL DEFAULT 100.
///         2 "durability" durability: u16 = 100,
///             DURABILITY: u16, get_durability -> u16, set_durability(u16);
///     }
///     record {
///         const SHAPE: rt::Shape = rt::Shape {
///             key: &[0],
///             auto_increment: Some(0),
///             required: &[1],
///             server_made: &[0],
///             ..rt::Shape::PLAIN
///         };
///     }
/// }
/// rt::record_methods!(Item, i32);
///
/// let mut item = Item::new();
/// assert_eq!((item.get_id(), item.get_durability()), (None, 100));
/// item.set_name("sword");
/// assert_eq!(item.get_name(), "sword");
/// assert!(item.is_new() && item.is_dirty());
/// assert_eq!(<Item as rt::Model>::COLUMNS, ["id", "name", "durability"]);
/// ```
///
/// Each column: its position, its name in the table, its field (type and value in a new
/// record), its `Column` constant (of its non-null type), its getter and the type the getter
/// returns, and its setter and the type the setter takes (none for a generated column). A
/// setter stores the value `.into()` the field, or `Some(value.into())` when `Some` follows
/// it (a NOT NULL text the server may fill). The doc lines say what the column is: they
/// document the field, the constant and the getter. `record` holds the rest of `rt::Record`:
/// `SHAPE`, and `cache` when there are caches (whose fields a `caches { .. }` part between
/// the two declares, one `name: rt::HasMany<Child>,` each).
#[macro_export]
macro_rules! model {
    (@into $value:ident) => {
        ::core::convert::Into::into($value)
    };
    (@into $value:ident Some) => {
        ::core::option::Option::Some(::core::convert::Into::into($value))
    };
    (
        $(#[$attr:meta])*
        pub struct $model:ident in $table:literal {
            $(
                $(#[$doc:meta])*
                $index:literal $column:literal $field:ident: $field_ty:ty = $default:expr,
                $constant:ident: $base:ty, $getter:ident -> $get_ty:ty
                $(, $setter:ident($set_ty:ty) $($wrap:ident)?)?;
            )*
        }
        $(caches {
            $($(#[$cache_doc:meta])* $cache:ident: $cache_ty:ty,)*
        })?
        record {
            $($record:tt)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $model {
            $(
                #[doc = concat!("`", $column, "`:")]
                $(#[$doc])*
                $field: $field_ty,
            )*
            /// New or loaded, dirty, the columns set since, the key as the database has it.
            meta: $crate::v0_1::Meta,
            $($($(#[$cache_doc])* $cache: $cache_ty,)*)?
        }

        #[allow(dead_code)] // a program calls a part of each model's API
        impl $model {
            /// The table's name.
            pub const TABLE: &'static str = $table;
            $(
                #[doc = concat!("Column `", $column, "`, for [`query`](Self::query):")]
                $(#[$doc])*
                pub const $constant: $crate::v0_1::Column<$model, $base> =
                    $crate::v0_1::Column::new($index);
            )*

            #[doc = concat!("A new record, not yet in `", $table, "`: DDL defaults applied, dirty.")]
            ///
            /// A NOT NULL column without default must be set before `save`, else it fails with
            /// [`Error::MissingValue`] before sending anything.
            pub fn new() -> $model {
                $model {
                    $($field: $default,)*
                    meta: ::core::default::Default::default(),
                    $($($cache: ::core::default::Default::default(),)*)?
                }
            }

            $(
                #[doc = concat!("The value of `", $table, "`.`", $column, "`:")]
                $(#[$doc])*
                pub fn $getter(&self) -> $get_ty {
                    $crate::v0_1::View::view(&self.$field)
                }

                $(
                    #[doc = concat!("Sets `", $table, "`.`", $column, "`; the record becomes dirty.")]
                    pub fn $setter(&mut self, value: $set_ty) {
                        let value = $crate::model!(@into value $($wrap)?);
                        let changed =
                            $crate::v0_1::set(&mut self.meta, &mut self.$field, value, $index);
                        // Another key drops the targets cached through the column (known when
                        // compiled: other columns' setters have no such branch).
                        if changed
                            && const {
                                $crate::v0_1::holds_key(
                                    <$model as $crate::v0_1::Record>::SHAPE.links,
                                    $index,
                                )
                            }
                        {
                            $crate::v0_1::forget_targets(self, $index);
                        }
                    }
                )?
            )*
        }

        #[doc = concat!("The table and columns of [`", stringify!($model), "`].")]
        impl $crate::v0_1::Model for $model {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$($column),*];
        }

        /// What the runtime reads, writes and saves the cascade through.
        #[doc(hidden)]
        impl $crate::v0_1::Record for $model {
            $($record)*

            fn meta(&self) -> &$crate::v0_1::Meta {
                &self.meta
            }

            fn meta_mut(&mut self) -> &mut $crate::v0_1::Meta {
                &mut self.meta
            }

            fn value(&self, column: usize) -> $crate::v0_1::Value {
                match column {
                    $($index => $crate::v0_1::value(&self.$field),)*
                    _ => $crate::v0_1::no_column($table, column),
                }
            }

            fn put(
                &mut self,
                column: usize,
                value: $crate::v0_1::Value,
            ) -> ::core::result::Result<(), ::std::string::String> {
                match column {
                    $($index => $crate::v0_1::read(&mut self.$field, value),)*
                    _ => $crate::v0_1::no_column($table, column),
                }
            }
        }
    };
}
