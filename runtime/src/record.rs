//! What a model is to the runtime: the public [`Model`] trait, and the hidden [`Record`] trait
//! that models.rs implements so that the runtime can read, write and cascade any model.

use crate::cache::Cache;
use crate::value::{FromSql, ToSql};
use mysql::Value;
use std::any::Any;

/// A model of one table (SPEC §9): its name and its columns. Every generated model implements
/// it, and mysql's `FromRow` (columns by name, in any order).
pub trait Model: Sized + Clone + std::fmt::Debug + PartialEq + 'static {
    /// The table's name.
    const TABLE: &'static str;
    /// The table's columns, in the table's order.
    const COLUMNS: &'static [&'static str];
}

/// What the runtime needs of a model: generated into models.rs, not for calling by hand.
#[doc(hidden)]
pub trait Record: Model + Default + Send + Sync {
    /// The table's keys, server-made columns and relationships.
    const SHAPE: Shape;
    /// The record's state.
    fn meta(&self) -> &Meta;
    /// The record's state, to change.
    fn meta_mut(&mut self) -> &mut Meta;
    /// Column `column`'s value, as a statement parameter.
    fn value(&self, column: usize) -> Value;
    /// Stores `value` in column `column`, unchanged when it does not fit (and says why).
    fn put(&mut self, column: usize, value: Value) -> Result<(), String>;
    /// The cache of relationship `link` (a position in `SHAPE.links`).
    fn cache(&mut self, link: usize) -> &mut dyn Cache {
        unreachable!("{} has no relationship {link}", Self::TABLE)
    }
}

/// A record seen without its type: the object-safe part of [`Record`], so that the runtime's
/// work on rows is compiled once rather than once per model (issue 13: build time).
#[doc(hidden)]
pub trait DynRecord: Send + Sync {
    /// The record's state.
    fn meta(&self) -> &Meta;
    /// The record's state, to change.
    fn meta_mut(&mut self) -> &mut Meta;
    /// Column `column`'s value, as a statement parameter.
    fn value(&self, column: usize) -> Value;
    /// Stores `value` in column `column`, unchanged when it does not fit (and says why).
    fn put(&mut self, column: usize, value: Value) -> Result<(), String>;
    /// The cache of relationship `link`.
    fn cache(&mut self, link: usize) -> &mut dyn Cache;
}

impl<M: Record> DynRecord for M {
    fn meta(&self) -> &Meta {
        Record::meta(self)
    }

    fn meta_mut(&mut self) -> &mut Meta {
        Record::meta_mut(self)
    }

    fn value(&self, column: usize) -> Value {
        Record::value(self, column)
    }

    fn put(&mut self, column: usize, value: Value) -> Result<(), String> {
        Record::put(self, column, value)
    }

    fn cache(&mut self, link: usize) -> &mut dyn Cache {
        Record::cache(self, link)
    }
}

/// Records of one model in a `Vec`, their type aside: reading, loading and sorting fill and
/// reorder lists through it, so that their code is compiled once rather than once per model
/// (issue 13: build time); each model compiles just these few methods.
#[doc(hidden)]
pub trait List: Send + Sync {
    /// How many records the list holds.
    fn count(&self) -> usize;
    /// The record at `i`.
    fn at(&self, i: usize) -> &dyn DynRecord;
    /// The record at `i`, to change.
    fn at_mut(&mut self, i: usize) -> &mut dyn DynRecord;
    /// Room for `more` records.
    fn reserve(&mut self, more: usize);
    /// Appends a new record (`Default`), to be filled.
    fn push_new(&mut self) -> &mut dyn DynRecord;
    /// Removes the last record (one whose filling failed).
    fn drop_last(&mut self);
    /// Drops every record.
    fn clear(&mut self);
    /// Keeps the records `keep` says to keep, in order.
    fn keep(&mut self, keep: &mut dyn FnMut(&dyn DynRecord) -> bool);
    /// Moves the new records (not yet inserted) of `other`, a list of the same model, to the
    /// end of this one.
    fn take_new(&mut self, other: &mut dyn List);
    /// The records in `order` (their positions, each once).
    fn reorder(&mut self, order: &[usize]);
    /// The list as its type, for [`List::take_new`].
    fn as_any(&mut self) -> &mut dyn Any;
}

impl<M: Record> List for Vec<M> {
    fn count(&self) -> usize {
        self.len()
    }

    fn at(&self, i: usize) -> &dyn DynRecord {
        &self[i]
    }

    fn at_mut(&mut self, i: usize) -> &mut dyn DynRecord {
        &mut self[i]
    }

    fn reserve(&mut self, more: usize) {
        Vec::reserve(self, more);
    }

    fn push_new(&mut self) -> &mut dyn DynRecord {
        self.push(M::default());
        self.last_mut().expect("just pushed")
    }

    fn drop_last(&mut self) {
        self.pop();
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }

    // Written with plain loops over `Vec`'s own methods: iterator adapters would be compiled
    // anew for each model.
    fn keep(&mut self, keep: &mut dyn FnMut(&dyn DynRecord) -> bool) {
        for record in std::mem::take(self) {
            if keep(&record) {
                self.push(record);
            }
        }
    }

    fn take_new(&mut self, other: &mut dyn List) {
        let other: &mut Vec<M> = other.as_any().downcast_mut().expect("a list of one model");
        for record in std::mem::take(other) {
            if record.meta().is_new() {
                self.push(record);
            }
        }
    }

    fn reorder(&mut self, order: &[usize]) {
        for (a, b) in swaps(order) {
            self.swap(a, b);
        }
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// Appends to `list` a new record that `fill` gives its values; nothing is appended when it
/// fails.
pub(crate) fn push_filled<E>(
    list: &mut dyn List,
    fill: impl FnOnce(&mut dyn DynRecord) -> Result<(), E>,
) -> Result<(), E> {
    let filled = fill(list.push_new());
    if filled.is_err() {
        list.drop_last();
    }
    filled
}

/// The swaps that put the positions `0..order.len()` in `order` (`order[k]` is the position
/// whose record goes to `k`).
fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    // `at[l]`: the original position of the record now at `l`; `now[i]`: where the record
    // originally at `i` is now.
    let mut at: Vec<usize> = (0..order.len()).collect();
    let mut now = at.clone();
    let mut swaps = Vec::new();
    for (k, &wanted) in order.iter().enumerate() {
        let from = now[wanted];
        if from != k {
            swaps.push((k, from));
            let displaced = at[k];
            at[from] = displaced;
            now[displaced] = from;
            at[k] = wanted;
            now[wanted] = k;
        }
    }
    swaps
}

/// What the runtime knows of a model without its type: its name, columns and shape, and how
/// to make an empty record of it.
#[derive(Clone, Copy)]
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [&'static str],
    pub(crate) shape: Shape,
    /// A new record (`M::default()`), boxed.
    pub(crate) fresh: fn() -> Box<dyn DynRecord>,
}

impl Table {
    /// The table of model `M`.
    pub(crate) fn of<M: Record>() -> Table {
        Table {
            name: M::TABLE,
            columns: M::COLUMNS,
            shape: M::SHAPE,
            fresh: fresh::<M>,
        }
    }
}

/// A new record of `M`, boxed: [`Table::fresh`].
fn fresh<M: Record>() -> Box<dyn DynRecord> {
    Box::new(M::default())
}

/// A table's columns as the runtime needs to know them, by position in `Model::COLUMNS`.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// The primary key's columns, in the key's order; empty when the table has none.
    pub key: &'static [usize],
    /// The AUTO_INCREMENT column.
    pub auto_increment: Option<usize>,
    /// NOT NULL columns without default: a new record must set them.
    pub required: &'static [usize],
    /// Columns the server fills when an INSERT leaves them out (AUTO_INCREMENT, defaults Rust
    /// cannot write): written only when set.
    pub server_made: &'static [usize],
    /// Generated columns: read, never written.
    pub generated: &'static [usize],
    /// The server changes values the record does not send (expression defaults, generated
    /// columns, ON UPDATE): a write reads the row back.
    pub reread: bool,
    /// The relationships, each with its cache (`Record::cache`).
    pub links: &'static [Link],
}

impl Shape {
    /// A table without keys, server-made values or relationships: the base of every shape.
    pub const PLAIN: Shape = Shape {
        key: &[],
        auto_increment: None,
        required: &[],
        server_made: &[],
        generated: &[],
        reread: false,
        links: &[],
    };
}

/// One relationship seen from one of its tables.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    /// Which side this table is on.
    pub kind: LinkKind,
    /// This table's columns: the key columns (belongs-to), or those they refer to.
    pub columns: &'static [usize],
    /// The other table's columns, in the same order.
    pub other: &'static [usize],
    /// The same relationship among the other model's links.
    pub reverse: usize,
}

/// The side of a relationship a table is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// This table holds the key.
    BelongsTo,
    /// The other table holds the key, unique there.
    HasOne,
    /// The other table holds the key.
    HasMany,
}

impl Link {
    /// This table's `columns` refer to the other table's `other`.
    pub const fn belongs_to(
        columns: &'static [usize],
        other: &'static [usize],
        reverse: usize,
    ) -> Link {
        Link {
            kind: LinkKind::BelongsTo,
            columns,
            other,
            reverse,
        }
    }

    /// The other table's `other` columns refer to this table's `columns`, unique there.
    pub const fn has_one(
        columns: &'static [usize],
        other: &'static [usize],
        reverse: usize,
    ) -> Link {
        Link {
            kind: LinkKind::HasOne,
            columns,
            other,
            reverse,
        }
    }

    /// The other table's `other` columns refer to this table's `columns`.
    pub const fn has_many(
        columns: &'static [usize],
        other: &'static [usize],
        reverse: usize,
    ) -> Link {
        Link {
            kind: LinkKind::HasMany,
            columns,
            other,
            reverse,
        }
    }
}

/// What a record knows of itself beyond its values: new (not yet inserted), dirty (to be
/// saved), which columns were set since the last load or save, and its primary key as the
/// database has it (UPDATE and DELETE find the row by it). Records compare equal whatever
/// their state: two records are equal when their columns are.
#[derive(Debug, Clone)]
pub struct Meta {
    new: bool,
    dirty: bool,
    changed: Columns,
    key: Key,
}

/// A primary key's values: no allocation for the usual key of one column.
#[derive(Debug, Clone)]
enum Key {
    None,
    One(Value),
    Many(Box<[Value]>),
}

impl Key {
    fn of(values: Vec<Value>) -> Key {
        match values.len() {
            0 => Key::None,
            1 => Key::One(values.into_iter().next().expect("one")),
            _ => Key::Many(values.into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[Value] {
        match self {
            Key::None => &[],
            Key::One(value) => std::slice::from_ref(value),
            Key::Many(values) => values,
        }
    }
}

impl Default for Meta {
    /// A new record's: dirty, nothing set yet.
    fn default() -> Meta {
        Meta {
            new: true,
            dirty: true,
            changed: Columns::default(),
            key: Key::None,
        }
    }
}

impl PartialEq for Meta {
    fn eq(&self, _: &Meta) -> bool {
        true
    }
}

impl Meta {
    /// A row's as loaded: clean, with its key.
    pub(crate) fn loaded(key: Vec<Value>) -> Meta {
        Meta::with_key(Key::of(key))
    }

    /// The state of `record`, whose primary key is `key`, as just read from its row.
    pub(crate) fn of(record: &dyn DynRecord, key: &[usize]) -> Meta {
        let key = match key {
            [one] => match record.value(*one) {
                Value::NULL => Key::None,
                value => Key::One(value),
            },
            _ => Key::of(key_of(record, key)),
        };
        Meta::with_key(key)
    }

    fn with_key(key: Key) -> Meta {
        Meta {
            new: false,
            dirty: false,
            changed: Columns::default(),
            key,
        }
    }

    /// Not yet inserted.
    pub fn is_new(&self) -> bool {
        self.new
    }

    /// To be saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Set since the last load or save?
    pub(crate) fn is_changed(&self, column: usize) -> bool {
        self.changed.contains(column)
    }

    /// Column `column` was set: the record is dirty and the column will be written.
    pub(crate) fn change(&mut self, column: usize) {
        self.changed.insert(column);
        self.dirty = true;
    }

    /// A relationship changed: the record is dirty.
    pub(crate) fn touch(&mut self) {
        self.dirty = true;
    }

    /// The key as the database has it (empty: none).
    pub(crate) fn key(&self) -> &[Value] {
        self.key.as_slice()
    }

    /// The row is gone: the record is new again, every column to be written.
    pub(crate) fn deleted(&mut self, columns: usize) {
        self.new = true;
        self.dirty = true;
        self.key = Key::None;
        (0..columns).for_each(|c| self.changed.insert(c));
    }
}

/// A set of column positions (any number of columns, no allocation for a loaded record).
#[derive(Debug, Clone, Default)]
struct Columns(Vec<u64>);

impl Columns {
    fn insert(&mut self, column: usize) {
        let (word, bit) = (column / 64, column % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn contains(&self, column: usize) -> bool {
        self.0
            .get(column / 64)
            .is_some_and(|word| word & (1 << (column % 64)) != 0)
    }
}

/// A getter's view of a field: text and bytes borrowed (`&str`, `Option<&[u8]>`), anything
/// else copied or cloned, so that one getter body serves every column (`model!`).
pub trait View<'a, Out> {
    /// The field as its getter returns it.
    fn view(&'a self) -> Out;
}

impl<T: Clone> View<'_, T> for T {
    fn view(&self) -> T {
        self.clone()
    }
}

impl<'a> View<'a, &'a str> for String {
    fn view(&'a self) -> &'a str {
        self
    }
}

impl<'a> View<'a, Option<&'a str>> for Option<String> {
    fn view(&'a self) -> Option<&'a str> {
        self.as_deref()
    }
}

impl<'a> View<'a, &'a [u8]> for Vec<u8> {
    fn view(&'a self) -> &'a [u8] {
        self
    }
}

impl<'a> View<'a, Option<&'a [u8]>> for Option<Vec<u8>> {
    fn view(&'a self) -> Option<&'a [u8]> {
        self.as_deref()
    }
}

/// A setter: stores `value`, marks the column set and the record dirty; `true` when the value
/// differs from the one it replaces (a key column's cached target is then dropped).
pub fn set<T: PartialEq>(meta: &mut Meta, field: &mut T, value: T, column: usize) -> bool {
    let differs = *field != value;
    *field = value;
    meta.change(column);
    differs
}

/// What `value` and `put` of a model do with a column it does not have: the runtime never
/// asks for one, so this is a bug. One function for every model, out of their way.
#[cold]
#[inline(never)]
pub fn no_column(table: &str, column: usize) -> ! {
    unreachable!("{table} has no column {column}")
}

/// A field's value as a statement parameter.
pub fn value<T: ToSql + ?Sized>(field: &T) -> Value {
    field.to_sql()
}

/// Stores `value` in `field` when it fits the field's type.
pub fn read<T: FromSql>(field: &mut T, value: Value) -> Result<(), String> {
    *field = T::from_sql(value)?;
    Ok(())
}

/// The values of `columns` of `record`.
pub(crate) fn values(record: &dyn DynRecord, columns: &[usize]) -> Vec<Value> {
    columns.iter().map(|&c| record.value(c)).collect()
}

/// The primary key's values, once every column of it has one (else empty).
pub(crate) fn key_values<M: Record>(record: &M) -> Vec<Value> {
    key_of(record, M::SHAPE.key)
}

/// The values of the primary key `key` of `record`, once every column of it has one (else
/// empty).
pub(crate) fn key_of(record: &dyn DynRecord, key: &[usize]) -> Vec<Value> {
    let key = values(record, key);
    if key.contains(&Value::NULL) {
        Vec::new()
    } else {
        key
    }
}

/// A cascade gives `columns` the values of the record they refer to: a change only where the
/// value differs. A NULL (that record is not inserted yet) or a value the column cannot hold
/// leaves the column as it is.
pub(crate) fn assign(record: &mut dyn DynRecord, columns: &[usize], values: &[Value]) {
    for (&column, value) in columns.iter().zip(values) {
        if *value == Value::NULL {
            continue;
        }
        let before = record.value(column);
        if record.put(column, value.clone()).is_ok() && record.value(column) != before {
            record.meta_mut().change(column);
        }
    }
}

/// Can column `column` of `table` hold NULL? (A NOT NULL column the server fills is an
/// `Option` in the record, but not NULL in the table.)
pub(crate) fn can_be_null_of(table: &Table, column: usize) -> bool {
    let mut probe = (table.fresh)();
    probe.put(column, Value::NULL).is_ok() && !table.shape.server_made.contains(&column)
}

/// A relationship setter given `None`: the key columns become NULL where they can.
pub(crate) fn clear_key(record: &mut dyn DynRecord, columns: &[usize]) {
    for &column in columns {
        let before = record.value(column);
        if before != Value::NULL && record.put(column, Value::NULL).is_ok() {
            record.meta_mut().change(column);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::swaps;

    /// Every permutation of `0..n`.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for shorter in permutations(n - 1) {
            for at in 0..n {
                let mut order = shorter.clone();
                order.insert(at, n - 1);
                all.push(order);
            }
        }
        all
    }

    #[test]
    fn swaps_put_every_permutation_in_order() {
        for n in 0..=6 {
            for order in permutations(n) {
                let mut items: Vec<usize> = (0..n).collect();
                for (a, b) in swaps(&order) {
                    items.swap(a, b);
                }
                assert_eq!(items, order, "order {order:?}");
            }
        }
    }
}
