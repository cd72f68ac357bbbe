//! The relationship caches a model holds, and what the cascade does with each.

use crate::batch::write_many_of;
use crate::db::Db;
use crate::error::Result;
use crate::load::dyn_records;
use crate::read::first;
use crate::record::{assign, can_be_null_of, values, DynRecord, List, Record, Table};
use crate::relation::reload_many;
use crate::save::{check_tree_of, is_tree_dirty_of};
use mysql::Value;
use std::any::Any;
use std::marker::PhantomData;

/// The cached target of a belongs-to relationship.
#[derive(Debug, Clone)]
pub struct BelongsTo<M>(pub(crate) Option<Box<M>>);

/// The cached record of a has-one relationship, once loaded, and the one it replaced (boxed
/// when used: a record with many relationships stays small until it uses them).
#[derive(Debug, Clone)]
pub struct HasOne<M>(Option<Box<OneState<M>>>);

#[derive(Debug, Clone)]
pub(crate) struct OneState<M> {
    pub(crate) loaded: bool,
    pub(crate) record: Option<M>,
    /// Saved children taken out (`set_*` replaced them): the next save detaches them.
    pub(crate) removed: Vec<M>,
}

/// The cached records of a has-many relationship: those loaded (`loaded`) and those attached
/// with `add_*`, and those taken out with `remove_*` (boxed when used).
#[derive(Debug, Clone)]
pub struct HasMany<M>(Option<Box<ManyState<M>>>);

#[derive(Debug, Clone)]
pub(crate) struct ManyState<M> {
    pub(crate) loaded: bool,
    pub(crate) records: Vec<M>,
    /// Saved children taken out with `remove_*`: the next save detaches them.
    pub(crate) removed: Vec<M>,
}

impl<M> Default for BelongsTo<M> {
    fn default() -> Self {
        BelongsTo(None)
    }
}

impl<M> Default for HasOne<M> {
    fn default() -> Self {
        HasOne(None)
    }
}

impl<M> Default for HasMany<M> {
    fn default() -> Self {
        HasMany(None)
    }
}

impl<M> OneState<M> {
    /// Holds `record` as the getter's, loaded; `true` when there is one.
    fn loaded_with(&mut self, record: Option<M>) -> bool {
        self.record = record;
        self.loaded = true;
        self.record.is_some()
    }
}

impl<M> ManyState<M> {
    /// Holds `records` as the getter's list, loaded; `true` when there is any.
    fn loaded_with(&mut self, records: Vec<M>) -> bool {
        self.records = records;
        self.loaded = true;
        !self.records.is_empty()
    }
}

impl<M> HasOne<M> {
    /// The state, made when first needed.
    pub(crate) fn state(&mut self) -> &mut OneState<M> {
        self.0.get_or_insert_with(|| {
            Box::new(OneState {
                loaded: false,
                record: None,
                removed: Vec::new(),
            })
        })
    }

    fn peek(&self) -> Option<&OneState<M>> {
        self.0.as_deref()
    }
}

impl<M> HasMany<M> {
    /// The state, made when first needed.
    pub(crate) fn state(&mut self) -> &mut ManyState<M> {
        self.0.get_or_insert_with(|| {
            Box::new(ManyState {
                loaded: false,
                records: Vec::new(),
                removed: Vec::new(),
            })
        })
    }

    fn peek(&self) -> Option<&ManyState<M>> {
        self.0.as_deref()
    }
}

// SAFETY: a cache holds records of `M` alone (in `Option`, `Box` and `Vec`), and every
// `Record` is `Send` and `Sync` (its supertraits, checked where each model implements it).
// Said here rather than derived: the compiler would prove a model `Send` through every model
// its caches reach, and a large schema's graph goes past its recursion limit (fineract's
// `MProductLoan`: E0275).
unsafe impl<M: Record> Send for BelongsTo<M> {}
unsafe impl<M: Record> Sync for BelongsTo<M> {}
unsafe impl<M: Record> Send for HasOne<M> {}
unsafe impl<M: Record> Sync for HasOne<M> {}
unsafe impl<M: Record> Send for HasMany<M> {}
unsafe impl<M: Record> Sync for HasMany<M> {}

/// Caches take no part in comparing records: records are equal when their columns are.
macro_rules! equal_whatever_they_hold {
    ($($cache:ident),*) => {$(
        impl<M> PartialEq for $cache<M> {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
    )*};
}

equal_whatever_they_hold!(BelongsTo, HasOne, HasMany);

/// A relationship cache as the cascade walks it, whatever the model it holds.
#[doc(hidden)]
pub trait Cache: Any + Send {
    /// Is a record held?
    fn holds(&self) -> bool;
    /// Has the getter what it needs without a statement (a target, a loaded list)?
    fn is_loaded(&self) -> bool;
    /// Are children taken out, for the next save to detach?
    fn has_removed(&self) -> bool {
        false
    }
    /// Is a record held, or one it caches, to be saved?
    fn is_dirty(&mut self) -> bool;
    /// `Err(MissingValue)` for a record that would be saved without a NOT NULL column;
    /// `filled` are the columns the cascade sets from a parent.
    fn check(&mut self, filled: &[usize]) -> Result<()>;
    /// Drops what is held (a key changed; a record moved to another parent).
    fn forget(&mut self);
    /// What saves the caches of this relationship across many records at once.
    fn batch(&self) -> Box<dyn Batch>;
    /// What saves the caches of this relationship across many records at once, async.
    #[cfg(feature = "async")]
    fn async_batch(&self) -> Box<dyn crate::asynchronous::save::Batch>;
    /// For a getter to take back its typed cache.
    fn as_any(&mut self) -> &mut dyn Any;
    /// [`Cache::read`], async.
    #[cfg(feature = "async")]
    fn async_read<'a>(
        &'a mut self,
        db: &'a mut crate::asynchronous::db::Db,
        columns: &'a [usize],
        key: Vec<Value>,
    ) -> crate::asynchronous::save::Boxed<'a, bool>;
    /// Reads what the getter gives into the cache, the rows whose `columns` (of the cached
    /// model) hold `key`: the target, the child, or the children (but those taken out, and
    /// followed by those added). `false` when no row has the key.
    fn read(&mut self, db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<bool>;
    /// Holds the records at `rows` of `found` (a list of this cache's model), as the getter
    /// would after loading them: each moved out when this is its last use (`uses`), else
    /// cloned.
    fn fill(&mut self, found: &mut dyn List, rows: &[usize], uses: &mut [usize]);
}

/// The records at `rows` of `found`, a `Vec<M>`: moved out when `uses` says this is the last
/// use, else cloned.
fn pick<M: Record>(found: &mut dyn List, rows: &[usize], uses: &mut [usize]) -> Vec<M> {
    let found: &mut Vec<M> = found.as_any().downcast_mut().expect("a list of one model");
    let mut mine = Vec::with_capacity(rows.len());
    for &j in rows {
        uses[j] -= 1;
        mine.push(if uses[j] == 0 {
            std::mem::take(&mut found[j])
        } else {
            found[j].clone()
        });
    }
    mine
}

impl<M: Record> Cache for BelongsTo<M> {
    fn holds(&self) -> bool {
        self.0.is_some()
    }

    fn is_loaded(&self) -> bool {
        self.0.is_some()
    }

    fn is_dirty(&mut self) -> bool {
        match self.0.as_deref_mut() {
            Some(record) => is_tree_dirty_of(&Table::of::<M>(), record),
            None => false,
        }
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        match self.0.as_deref_mut() {
            Some(record) => check_tree_of(&Table::of::<M>(), record, filled),
            None => Ok(()),
        }
    }

    fn forget(&mut self) {
        self.0 = None;
    }

    fn batch(&self) -> Box<dyn Batch> {
        Box::new(Targets::<M>(PhantomData))
    }

    #[cfg(feature = "async")]
    fn async_batch(&self) -> Box<dyn crate::asynchronous::save::Batch> {
        crate::asynchronous::save::targets::<M>()
    }

    #[cfg(feature = "async")]
    fn async_read<'a>(
        &'a mut self,
        db: &'a mut crate::asynchronous::db::Db,
        columns: &'a [usize],
        key: Vec<Value>,
    ) -> crate::asynchronous::save::Boxed<'a, bool> {
        Box::pin(async move {
            self.0 = crate::asynchronous::read::first::<M>(db, columns, key)
                .await?
                .map(Box::new);
            Ok(self.0.is_some())
        })
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn read(&mut self, db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<bool> {
        self.0 = first::<M>(db, columns, key)?.map(Box::new);
        Ok(self.0.is_some())
    }

    fn fill(&mut self, found: &mut dyn List, rows: &[usize], uses: &mut [usize]) {
        self.0 = pick::<M>(found, rows, uses).pop().map(Box::new);
    }
}

impl<M: Record> Cache for HasOne<M> {
    fn holds(&self) -> bool {
        self.peek().is_some_and(|s| s.record.is_some())
    }

    fn is_loaded(&self) -> bool {
        self.peek().is_some_and(|s| s.loaded)
    }

    fn is_dirty(&mut self) -> bool {
        let Some(state) = self.0.as_deref_mut() else {
            return false;
        };
        let table = Table::of::<M>();
        let dirty = |r: &mut M| is_tree_dirty_of(&table, r);
        !state.removed.is_empty() || state.record.as_mut().is_some_and(dirty)
    }

    fn has_removed(&self) -> bool {
        self.peek().is_some_and(|s| !s.removed.is_empty())
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        match self.0.as_deref_mut().and_then(|s| s.record.as_mut()) {
            Some(record) => check_tree_of(&Table::of::<M>(), record, filled),
            None => Ok(()),
        }
    }

    fn forget(&mut self) {
        self.0 = None;
    }

    fn batch(&self) -> Box<dyn Batch> {
        Box::new(Children::<M>(PhantomData))
    }

    #[cfg(feature = "async")]
    fn async_batch(&self) -> Box<dyn crate::asynchronous::save::Batch> {
        crate::asynchronous::save::children::<M>()
    }

    #[cfg(feature = "async")]
    fn async_read<'a>(
        &'a mut self,
        db: &'a mut crate::asynchronous::db::Db,
        columns: &'a [usize],
        key: Vec<Value>,
    ) -> crate::asynchronous::save::Boxed<'a, bool> {
        Box::pin(async move {
            let record = crate::asynchronous::read::first::<M>(db, columns, key).await?;
            Ok(self.state().loaded_with(record))
        })
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn read(&mut self, db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<bool> {
        let record = first::<M>(db, columns, key)?;
        Ok(self.state().loaded_with(record))
    }

    fn fill(&mut self, found: &mut dyn List, rows: &[usize], uses: &mut [usize]) {
        let record = pick::<M>(found, rows, uses).pop();
        self.state().loaded_with(record);
    }
}

impl<M: Record> Cache for HasMany<M> {
    fn holds(&self) -> bool {
        self.peek().is_some_and(|s| !s.records.is_empty())
    }

    fn is_loaded(&self) -> bool {
        self.peek().is_some_and(|s| s.loaded)
    }

    fn is_dirty(&mut self) -> bool {
        let Some(state) = self.0.as_deref_mut() else {
            return false;
        };
        !state.removed.is_empty() || any_dirty(&Table::of::<M>(), &mut state.records)
    }

    fn has_removed(&self) -> bool {
        self.peek().is_some_and(|s| !s.removed.is_empty())
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        let Some(state) = self.0.as_deref_mut() else {
            return Ok(());
        };
        let table = Table::of::<M>();
        for record in state.records.iter_mut() {
            check_tree_of(&table, record, filled)?;
        }
        Ok(())
    }

    fn forget(&mut self) {
        self.0 = None;
    }

    fn batch(&self) -> Box<dyn Batch> {
        Box::new(Children::<M>(PhantomData))
    }

    #[cfg(feature = "async")]
    fn async_batch(&self) -> Box<dyn crate::asynchronous::save::Batch> {
        crate::asynchronous::save::children::<M>()
    }

    #[cfg(feature = "async")]
    fn async_read<'a>(
        &'a mut self,
        db: &'a mut crate::asynchronous::db::Db,
        columns: &'a [usize],
        key: Vec<Value>,
    ) -> crate::asynchronous::save::Boxed<'a, bool> {
        Box::pin(async move {
            let state = self.state();
            let mut records: Vec<M> = Vec::new();
            let table = Table::of::<M>();
            let held: (&mut dyn List, &dyn List) = (&mut state.records, &state.removed);
            crate::asynchronous::reload_many(db, &table, (columns, key), &mut records, held)
                .await?;
            Ok(state.loaded_with(records))
        })
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn read(&mut self, db: &mut Db, columns: &[usize], key: Vec<Value>) -> Result<bool> {
        let state = self.state();
        let mut records: Vec<M> = Vec::new();
        let held: (&mut dyn List, &dyn List) = (&mut state.records, &state.removed);
        reload_many(db, &Table::of::<M>(), columns, key, &mut records, held)?;
        Ok(state.loaded_with(records))
    }

    fn fill(&mut self, found: &mut dyn List, rows: &[usize], uses: &mut [usize]) {
        let mut mine = pick::<M>(found, rows, uses);
        let state = self.state();
        mine.take_new(&mut state.records);
        state.loaded_with(mine);
    }
}

/// Is a record of `records` (of `table`), or one it caches, to be saved?
fn any_dirty(table: &Table, records: &mut dyn List) -> bool {
    (0..records.count()).any(|i| is_tree_dirty_of(table, records.at_mut(i)))
}

/// Saves the caches of one relationship of many records (all of one type) at once.
#[doc(hidden)]
pub trait Batch {
    /// The targets held (belongs-to), written as one batch; for each cache the values of
    /// the target's `columns`, `None` where it holds none.
    fn save_targets(
        &self,
        caches: &mut [&mut dyn Cache],
        db: &mut Db,
        columns: &[usize],
    ) -> Result<Vec<Option<Vec<Value>>>>;
    /// The children held (has-one, has-many), each taking its parent's `keys[i]` in its
    /// `columns`, written as one batch; the children taken out are detached first.
    fn save_children(
        &self,
        caches: &mut [&mut dyn Cache],
        db: &mut Db,
        columns: &[usize],
        keys: &[Vec<Value>],
    ) -> Result<()>;
}

/// The batch of belongs-to caches of targets `P`.
struct Targets<P>(PhantomData<fn() -> P>);

/// The batch of has-one or has-many caches of children `C`.
struct Children<C>(PhantomData<fn() -> C>);

impl<P: Record> Batch for Targets<P> {
    fn save_targets(
        &self,
        caches: &mut [&mut dyn Cache],
        db: &mut Db,
        columns: &[usize],
    ) -> Result<Vec<Option<Vec<Value>>>> {
        let mut held: Vec<&mut dyn DynRecord> = Vec::new();
        let mut which: Vec<bool> = Vec::new();
        for cache in caches.iter_mut() {
            let target = typed::<BelongsTo<P>>(&mut **cache).0.as_deref_mut();
            which.push(target.is_some());
            if let Some(target) = target {
                held.push(target);
            }
        }
        save_targets_of(&Table::of::<P>(), held, which, db, columns)
    }

    fn save_children(
        &self,
        _: &mut [&mut dyn Cache],
        _: &mut Db,
        _: &[usize],
        _: &[Vec<Value>],
    ) -> Result<()> {
        Ok(())
    }
}

impl<C: Record> Batch for Children<C> {
    fn save_targets(
        &self,
        caches: &mut [&mut dyn Cache],
        _: &mut Db,
        _: &[usize],
    ) -> Result<Vec<Option<Vec<Value>>>> {
        Ok(vec![None; caches.len()])
    }

    fn save_children(
        &self,
        caches: &mut [&mut dyn Cache],
        db: &mut Db,
        columns: &[usize],
        keys: &[Vec<Value>],
    ) -> Result<()> {
        let table = Table::of::<C>();
        let mut held: Vec<&mut dyn DynRecord> = Vec::new();
        for (cache, key) in caches.iter_mut().zip(keys) {
            let (children, removed) = children_in::<C>(&mut **cache);
            detach_of(&table, removed, db, columns)?;
            for child in children {
                assign(&mut *child, columns, key);
                held.push(child);
            }
        }
        write_many_of(&table, &mut held, db)
    }
}

/// `save_targets` of targets of `table`: `held` those the caches hold, `which` the caches that
/// hold one.
fn save_targets_of(
    table: &Table,
    mut held: Vec<&mut dyn DynRecord>,
    which: Vec<bool>,
    db: &mut Db,
    columns: &[usize],
) -> Result<Vec<Option<Vec<Value>>>> {
    write_many_of(table, &mut held, db)?;
    let mut keys = held.iter().map(|t| values(&**t, columns));
    Ok(which
        .into_iter()
        .map(|h| h.then(|| keys.next()).flatten())
        .collect())
}

/// The children a has-one or has-many cache holds, and those taken out, their type aside.
pub(crate) fn children_in<C: Record>(
    cache: &mut dyn Cache,
) -> (Vec<&mut dyn DynRecord>, &mut dyn List) {
    let any = cache.as_any();
    if any.is::<HasMany<C>>() {
        let many = any.downcast_mut::<HasMany<C>>().expect("checked").state();
        return (dyn_records(&mut many.records), &mut many.removed);
    }
    let one = any
        .downcast_mut::<HasOne<C>>()
        .expect("a has-one cache where not a has-many one")
        .state();
    let mut children: Vec<&mut dyn DynRecord> = Vec::new();
    if let Some(child) = one.record.as_mut() {
        children.push(child);
    }
    (children, &mut one.removed)
}

/// A cache of one relationship as its type.
pub(crate) fn typed<T: 'static>(cache: &mut dyn Cache) -> &mut T {
    cache
        .as_any()
        .downcast_mut::<T>()
        .expect("one relationship's caches are of one type")
}

/// Children taken out of a parent's list: their key `columns` become NULL where each can be
/// NULL, else their rows are deleted. Inside the save's transaction: on failure the save
/// puts the list back as it was.
fn detach_of(table: &Table, removed: &mut dyn List, db: &mut Db, columns: &[usize]) -> Result<()> {
    let nullable = columns.iter().all(|&c| can_be_null_of(table, c));
    for i in 0..removed.count() {
        let child = removed.at_mut(i);
        if nullable {
            crate::record::clear_key(child, columns);
            crate::save::write_row_of(table, child, db)?;
        } else {
            crate::save::delete_of(table, child, db)?;
        }
    }
    removed.clear();
    Ok(())
}

/// The typed cache of relationship `link` of `record`.
pub(crate) fn cache_of<C: 'static, M: Record>(record: &mut M, link: usize) -> &mut C {
    record
        .cache(link)
        .as_any()
        .downcast_mut::<C>()
        .unwrap_or_else(|| panic!("relationship {link} of `{}` is of another kind", M::TABLE))
}
