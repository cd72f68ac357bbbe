//! The relationship caches a model holds, and what the cascade does with each.

use crate::db::Db;
use crate::error::Result;
use crate::record::{values, Record};
use crate::save::{check_tree, is_tree_dirty, write_tree};
use mysql::Value;
use std::any::Any;

/// The cached target of a belongs-to relationship.
#[derive(Debug, Clone)]
pub struct BelongsTo<M>(pub(crate) Option<Box<M>>);

/// The cached record of a has-one relationship, once loaded.
#[derive(Debug, Clone)]
pub struct HasOne<M> {
    pub(crate) loaded: bool,
    pub(crate) record: Option<Box<M>>,
}

/// The cached records of a has-many relationship: those loaded (`loaded`) and those attached
/// with `add_*`.
#[derive(Debug, Clone)]
pub struct HasMany<M> {
    pub(crate) loaded: bool,
    pub(crate) records: Vec<M>,
}

impl<M> Default for BelongsTo<M> {
    fn default() -> Self {
        BelongsTo(None)
    }
}

impl<M> Default for HasOne<M> {
    fn default() -> Self {
        HasOne {
            loaded: false,
            record: None,
        }
    }
}

impl<M> Default for HasMany<M> {
    fn default() -> Self {
        HasMany {
            loaded: false,
            records: Vec::new(),
        }
    }
}

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
pub trait Cache: Any {
    /// Is a record held?
    fn holds(&self) -> bool;
    /// Is a record held, or one it caches, to be saved?
    fn is_dirty(&mut self) -> bool;
    /// `Err(MissingValue)` for a record that would be saved without a NOT NULL column;
    /// `filled` are the columns the cascade sets from a parent.
    fn check(&mut self, filled: &[usize]) -> Result<()>;
    /// Drops what is held (a key changed; a record moved to another parent).
    fn forget(&mut self);
    /// Saves the held target and its cascade, then gives the values of its `columns`.
    fn save_target(&mut self, db: &mut Db, columns: &[usize]) -> Result<Option<Vec<Value>>>;
    /// Gives the held records' `columns` the parent's `values`, then saves their cascades.
    fn save_children(&mut self, db: &mut Db, columns: &[usize], values: &[Value]) -> Result<()>;
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

    fn is_dirty(&mut self) -> bool {
        self.record().is_some_and(is_tree_dirty)
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        self.record().map_or(Ok(()), |r| check_tree(r, filled))
    }

    fn forget(&mut self) {
        self.0 = None;
    }

    fn save_target(&mut self, db: &mut Db, columns: &[usize]) -> Result<Option<Vec<Value>>> {
        let Some(target) = self.record() else {
            return Ok(None);
        };
        write_tree(target, db)?;
        Ok(Some(values(target, columns)))
    }

    fn save_children(&mut self, _: &mut Db, _: &[usize], _: &[Value]) -> Result<()> {
        Ok(())
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

impl<M: Record> Cache for HasOne<M> {
    fn holds(&self) -> bool {
        self.record.is_some()
    }

    fn is_dirty(&mut self) -> bool {
        self.record.as_deref_mut().is_some_and(is_tree_dirty)
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        let record = self.record.as_deref_mut();
        record.map_or(Ok(()), |r| check_tree(r, filled))
    }

    fn forget(&mut self) {
        *self = HasOne::default();
    }

    fn save_target(&mut self, _: &mut Db, _: &[usize]) -> Result<Option<Vec<Value>>> {
        Ok(None)
    }

    fn save_children(&mut self, db: &mut Db, columns: &[usize], values: &[Value]) -> Result<()> {
        save_each(self.record.as_deref_mut().into_iter(), db, columns, values)
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

impl<M: Record> Cache for HasMany<M> {
    fn holds(&self) -> bool {
        !self.records.is_empty()
    }

    fn is_dirty(&mut self) -> bool {
        self.records.iter_mut().any(is_tree_dirty)
    }

    fn check(&mut self, filled: &[usize]) -> Result<()> {
        self.records
            .iter_mut()
            .try_for_each(|r| check_tree(r, filled))
    }

    fn forget(&mut self) {
        *self = HasMany::default();
    }

    fn save_target(&mut self, _: &mut Db, _: &[usize]) -> Result<Option<Vec<Value>>> {
        Ok(None)
    }

    fn save_children(&mut self, db: &mut Db, columns: &[usize], values: &[Value]) -> Result<()> {
        save_each(self.records.iter_mut(), db, columns, values)
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// Each child takes the parent's key, then is saved with its cascade.
fn save_each<'a, M: Record>(
    children: impl Iterator<Item = &'a mut M>,
    db: &mut Db,
    columns: &[usize],
    values: &[Value],
) -> Result<()> {
    for child in children {
        crate::record::assign(child, columns, values);
        write_tree(child, db)?;
    }
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
