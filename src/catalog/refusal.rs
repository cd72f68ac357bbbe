//! Why the server would refuse a statement: its message, the kind of problem, and the token
//! it is about when that is known, so the diagnostic points there and not at the statement.

use crate::diag::Kind;
use sqlparser::tokenizer::Span;

/// A refusal of the catalog stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub kind: Kind,
    pub message: String,
    /// The offending token, in file coordinates.
    pub at: Option<Span>,
}

impl Refusal {
    pub fn new(kind: Kind, message: impl Into<String>) -> Refusal {
        Refusal {
            kind,
            message: message.into(),
            at: None,
        }
    }
}

/// The server's messages, sorted by what they are about.
impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal::new(kind_of(&message), message)
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Refusal {
        Refusal::from(message.to_string())
    }
}

/// The kind of problem a message of the server's words names.
fn kind_of(message: &str) -> Kind {
    let has = |words: &str| message.contains(words);
    if has("errno: 150") || has("foreign key constraint") || has("a foreign key") {
        Kind::ForeignKey
    } else if message.starts_with("Table '") && has("doesn't exist") || has("Unknown table") {
        Kind::UnknownTable
    } else if has("Unknown column") || has("Key column") || has("DROP COLUMN") {
        Kind::UnknownColumn
    } else if message.starts_with("Can't DROP") || message.starts_with("Key '") {
        Kind::UnknownKey
    } else if message.starts_with("Duplicate") || has("already exists") || has("Multiple primary") {
        Kind::Duplicate
    } else if message.starts_with("unsupported") || has("is not supported") {
        Kind::Unsupported
    } else {
        Kind::InvalidDefinition
    }
}

/// Puts the offending token on a refusal that has none yet.
pub trait At {
    fn at(self, span: Span) -> Self;
}

impl<T> At for Result<T, Refusal> {
    fn at(self, span: Span) -> Self {
        self.map_err(|mut refusal| {
            if refusal.at.is_none() && span != Span::empty() {
                refusal.at = Some(span);
            }
            refusal
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_sorted_by_kind() {
        let kind = |m: &str| Refusal::from(m).kind;
        assert_eq!(kind("Table 'x' doesn't exist"), Kind::UnknownTable);
        assert_eq!(kind("Unknown table 'x'"), Kind::UnknownTable);
        assert_eq!(
            kind("Key column 'b' doesn't exist in table"),
            Kind::UnknownColumn
        );
        assert_eq!(kind("Unknown column 'b' in 't'"), Kind::UnknownColumn);
        assert_eq!(
            kind("Can't DROP INDEX `i`; check that it exists"),
            Kind::UnknownKey
        );
        assert_eq!(kind("Duplicate column name 'a'"), Kind::Duplicate);
        assert_eq!(kind("Table 't' already exists"), Kind::Duplicate);
        assert_eq!(
            kind("Can't create table `c` (errno: 150 \"Foreign key constraint is incorrectly formed\")"),
            Kind::ForeignKey
        );
        assert_eq!(
            kind("Invalid default value for 'a'"),
            Kind::InvalidDefinition
        );
    }
}
