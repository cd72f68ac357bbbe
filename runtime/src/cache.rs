//! The relationship caches a model holds, and what the cascade does with each.

use crate::batch::write_many;
use crate::db::Db;
use crate::error::Result;
use crate::record::assign;
use crate::record::{values, Record};
use crate::save::{check_tree, is_tree_dirty};
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
}

impl<M: Record> BelongsTo<M> {
    fn record(&mut self) -> Option<&mut M> {
        self.0.as_deref_mut()
    }
}

impl<M: Record> Cache for BelongsTo<M> {
    fn holds(&self) -> bool {
        self.0.is_some()
    }

    fn is_loaded(&self) -> bool {
        self.0.is_some()
    }

    fn is_dirty(&mut self) -> bool {
        self.record().is_some_and(is_tree_dirty)
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        self.record().map_or(Ok(()), |r| check_tree(r, filled))
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

    fn as_any(&mut self) -> &mut dyn Any {
        self
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
        !state.removed.is_empty() || state.record.as_mut().is_some_and(is_tree_dirty)
    }

    fn has_removed(&self) -> bool {
        self.peek().is_some_and(|s| !s.removed.is_empty())
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        let record = self.0.as_deref_mut().and_then(|s| s.record.as_mut());
        record.map_or(Ok(()), |r| check_tree(r, filled))
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

    fn as_any(&mut self) -> &mut dyn Any {
        self
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
        !state.removed.is_empty() || state.records.iter_mut().any(is_tree_dirty)
    }

    fn has_removed(&self) -> bool {
        self.peek().is_some_and(|s| !s.removed.is_empty())
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        let Some(state) = self.0.as_deref_mut() else {
            return Ok(());
        };
        state
            .records
            .iter_mut()
            .try_for_each(|r| check_tree(r, filled))
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

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
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
        let mut held: Vec<&mut P> = Vec::new();
        let mut which: Vec<bool> = Vec::new();
        for cache in caches.iter_mut() {
            let target = typed::<BelongsTo<P>>(&mut **cache).0.as_deref_mut();
            which.push(target.is_some());
            held.extend(target);
        }
        write_many(&mut held, db)?;
        let mut keys = held.iter().map(|t| values(&**t, columns));
        Ok(which
            .into_iter()
            .map(|h| h.then(|| keys.next()).flatten())
            .collect())
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
        let mut held: Vec<&mut C> = Vec::new();
        for (cache, key) in caches.iter_mut().zip(keys) {
            let (children, removed) = children_of::<C>(&mut **cache);
            detach(removed, db, columns)?;
            for child in children {
                assign(child, columns, key);
                held.push(child);
            }
        }
        write_many(&mut held, db)
    }
}

/// The children a has-one or has-many cache holds, and those taken out.
pub(crate) fn children_of<C: Record>(cache: &mut dyn Cache) -> (Vec<&mut C>, &mut Vec<C>) {
    let any = cache.as_any();
    if any.is::<HasMany<C>>() {
        let many = any.downcast_mut::<HasMany<C>>().expect("checked").state();
        return (many.records.iter_mut().collect(), &mut many.removed);
    }
    let one = any
        .downcast_mut::<HasOne<C>>()
        .expect("a has-one cache where not a has-many one")
        .state();
    (one.record.as_mut().into_iter().collect(), &mut one.removed)
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
fn detach<M: Record>(removed: &mut Vec<M>, db: &mut Db, columns: &[usize]) -> Result<()> {
    for child in removed.iter_mut() {
        if columns.iter().all(|&c| crate::record::can_be_null::<M>(c)) {
            crate::record::clear_key(child, columns);
            crate::save::write_row(child, db)?;
        } else {
            crate::save::delete(child, db)?;
        }
    }
    removed.clear();
    Ok(())
}

/// The typed cache of relationship `link` of `record`.
pub(crate) fn cache_of<C: 'static, M: Record>(record: &mut M, link: usize) -> &mut C {
    cache_in(record, M::TABLE, link)
}

/// The typed cache of relationship `link` of `record`, a record of `table`.
pub(crate) fn cache_in<'r, C: 'static>(
    record: &'r mut dyn crate::record::DynRecord,
    table: &str,
    link: usize,
) -> &'r mut C {
    record
        .cache(link)
        .as_any()
        .downcast_mut::<C>()
        .unwrap_or_else(|| panic!("relationship {link} of `{table}` is of another kind"))
}
