//! A column's Rust type (SPEC §5) and the Rust value of its DDL default.

use super::code::{atom, call, Expr};
use crate::catalog::Column;

/// How a column's value is handed out and taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// By value (numbers, dates, enums).
    Copy,
    /// `&str` out, `impl Into<String>` in.
    Text,
    /// `&[u8]` out, `impl Into<Vec<u8>>` in.
    Bytes,
    /// By value, cloned out (JSON).
    Cloned,
}

/// The Rust type of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct RustType {
    /// The type of a value: `i32`, `String`, `BlueprintRarity`.
    pub base: String,
    pub passing: Passing,
    /// Held as an `Option`: NULL is allowed, or AUTO_INCREMENT has no value until inserted.
    pub optional: bool,
    /// What the docs say of the mapping when it is not the obvious one.
    pub note: Option<&'static str>,
}

impl RustType {
    /// The field's type.
    pub fn field(&self) -> String {
        if self.optional {
            format!("Option<{}>", self.base)
        } else {
            self.base.clone()
        }
    }

    /// The getter's return type.
    pub fn getter(&self) -> String {
        let borrowed = match self.passing {
            Passing::Text => "&str",
            Passing::Bytes => "&[u8]",
            Passing::Copy | Passing::Cloned => return self.field(),
        };
        if self.optional {
            format!("Option<{borrowed}>")
        } else {
            borrowed.to_string()
        }
    }

    /// The type a `find_by_` takes.
    pub fn finder(&self) -> String {
        match self.passing {
            Passing::Text => "&str".into(),
            Passing::Bytes => "&[u8]".into(),
            Passing::Copy | Passing::Cloned => self.base.clone(),
        }
    }
}

/// The Rust type of `column`; `enum_name` is the generated enum of an ENUM column; `json`:
/// the column was declared JSON (MariaDB keeps it as LONGTEXT with a json_valid CHECK).
pub fn rust_type(column: &Column, enum_name: Option<&str>, json: bool) -> RustType {
    let unsigned = column.is_unsigned();
    let int = |signed: &'static str, unsigned_type: &'static str| {
        if unsigned {
            unsigned_type
        } else {
            signed
        }
    };
    let data_type = if json {
        "json"
    } else {
        column.data_type.as_str()
    };
    let (base, passing, note) = match data_type {
        "tinyint" if column.column_type.starts_with("tinyint(1)") => ("bool", Passing::Copy, None),
        "tinyint" => (int("i8", "u8"), Passing::Copy, None),
        "smallint" => (int("i16", "u16"), Passing::Copy, None),
        "mediumint" | "int" => (int("i32", "u32"), Passing::Copy, None),
        "bigint" => (int("i64", "u64"), Passing::Copy, None),
        "float" => ("f32", Passing::Copy, None),
        "double" => ("f64", Passing::Copy, None),
        "decimal" => (
            "rt::rust_decimal::Decimal",
            Passing::Copy,
            Some("rust_decimal holds 28 significant digits; a wider value is an Error::Conversion"),
        ),
        "date" => (
            "rt::chrono::NaiveDate",
            Passing::Copy,
            Some("a zero date is an Error::Conversion"),
        ),
        "datetime" | "timestamp" => (
            "rt::chrono::NaiveDateTime",
            Passing::Copy,
            Some("a zero date is an Error::Conversion"),
        ),
        "time" => (
            "rt::chrono::TimeDelta",
            Passing::Copy,
            Some("TIME as a signed span of time"),
        ),
        "year" => ("u16", Passing::Copy, None),
        "enum" => (enum_name.unwrap_or("String"), Passing::Copy, None),
        "set" => (
            "String",
            Passing::Text,
            Some("SET as MySQL writes it: members joined by ','"),
        ),
        "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" => {
            ("String", Passing::Text, None)
        }
        "json" => ("rt::serde_json::Value", Passing::Cloned, None),
        "bit" => (
            "Vec<u8>",
            Passing::Bytes,
            Some("BIT as its bytes, most significant first"),
        ),
        "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring"
        | "multipolygon" | "geometrycollection" => (
            "Vec<u8>",
            Passing::Bytes,
            Some("a spatial value as MySQL's internal bytes (SRID, then WKB)"),
        ),
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" => {
            ("Vec<u8>", Passing::Bytes, None)
        }
        _ => (
            "String",
            Passing::Text,
            Some("a type modelgen does not know, as text"),
        ),
    };
    RustType {
        base: base.to_string(),
        passing,
        optional: column.is_nullable || column.is_auto_increment(),
        note,
    }
}

/// The Rust expression of a column's DDL default when Rust can write it (numbers, strings,
/// ENUM values, NULL), else `None`: the server makes the value and a save reads it back.
pub fn default_value(
    column: &Column,
    ty: &RustType,
    variant: impl Fn(&str) -> String,
) -> Option<Expr> {
    let text = column.column_default.as_deref()?;
    if text == "NULL" {
        return ty.optional.then(|| atom("None"));
    }
    let value = match ty.base.as_str() {
        "bool" => atom((text.trim_matches('\'').parse::<i64>().ok()? != 0).to_string()),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => {
            atom(integer_literal(text.trim_matches('\''), &ty.base)?)
        }
        "f32" | "f64" => {
            let value: f64 = text.trim_matches('\'').parse().ok()?;
            atom(value.is_finite().then(|| format!("{value:?}"))?)
        }
        "rt::rust_decimal::Decimal" => decimal(text.trim_matches('\''))?,
        "String" if column.data_type != "set" && ty.passing == Passing::Text => call(
            "String::from",
            vec![atom(super::code::rust_string(&unquote(text)?))],
        ),
        "Vec<u8>" if BINARY_STRINGS.contains(&column.data_type.as_str()) => {
            let mut bytes = unquote(text)?.into_bytes();
            if column.data_type == "binary" {
                // BINARY(n) pads its values with zero bytes to n.
                let width = column.column_type.trim_start_matches("binary(");
                let width: usize = width.trim_end_matches(')').parse().ok()?;
                bytes.resize(width.max(bytes.len()), 0);
            }
            bytes_literal(&bytes)
        }
        base if column.data_type == "enum" && base != "String" => {
            atom(format!("{base}::{}", variant(&unquote(text)?)))
        }
        _ => return None,
    };
    Some(if ty.optional {
        call("Some", vec![value])
    } else {
        value
    })
}

/// The column types whose DEFAULT is a string of bytes.
const BINARY_STRINGS: [&str; 6] = [
    "binary",
    "varbinary",
    "tinyblob",
    "blob",
    "mediumblob",
    "longblob",
];

/// `Vec::new()`, or `b"..".to_vec()`.
fn bytes_literal(bytes: &[u8]) -> Expr {
    if bytes.is_empty() {
        return atom("Vec::new()");
    }
    let escaped: String = bytes
        .iter()
        .map(|&b| match b {
            b'"' | b'\\' => format!("\\{}", b as char),
            b' '..=b'~' => (b as char).to_string(),
            _ => format!("\\x{b:02x}"),
        })
        .collect();
    atom(format!("b\"{escaped}\".to_vec()"))
}

fn integer_literal(text: &str, base: &str) -> Option<String> {
    let value: i128 = text.parse().ok()?;
    let fits = match base {
        "i8" => i8::try_from(value).is_ok(),
        "i16" => i16::try_from(value).is_ok(),
        "i32" => i32::try_from(value).is_ok(),
        "i64" => i64::try_from(value).is_ok(),
        "u8" => u8::try_from(value).is_ok(),
        "u16" => u16::try_from(value).is_ok(),
        "u32" => u32::try_from(value).is_ok(),
        _ => u64::try_from(value).is_ok(),
    };
    fits.then(|| value.to_string())
}

/// `12.50` → `rt::rust_decimal::Decimal::new(1250, 2)`.
fn decimal(text: &str) -> Option<Expr> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = format!("{whole}{fraction}");
    let mantissa: i64 = digits.parse().ok()?;
    let args = vec![atom(mantissa.to_string()), atom(fraction.len().to_string())];
    Some(call("rt::rust_decimal::Decimal::new", args))
}

/// The text of a COLUMN_DEFAULT string (`'it''s'`), as the server quotes it.
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                chars.next();
                value.push('\'');
            }
            '\\' => match chars.next()? {
                '0' => value.push('\0'),
                'n' => value.push('\n'),
                'r' => value.push('\r'),
                'Z' => value.push('\u{1a}'),
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(data_type: &str, column_type: &str, default: Option<&str>, null: bool) -> Column {
        Column {
            column_name: "c".into(),
            data_type: data_type.into(),
            column_type: column_type.into(),
            is_nullable: null,
            column_default: default.map(String::from),
            ..Column::default()
        }
    }

    #[test]
    fn types_follow_spec_section_5() {
        let t = |dt: &str, ct: &str, null: bool| {
            rust_type(&column(dt, ct, None, null), None, false).field()
        };
        assert_eq!(t("tinyint", "tinyint(1)", false), "bool");
        assert_eq!(t("int", "int(10) unsigned", false), "u32");
        assert_eq!(t("mediumint", "mediumint(9)", true), "Option<i32>");
        assert_eq!(
            t("decimal", "decimal(10,2)", false),
            "rt::rust_decimal::Decimal"
        );
        assert_eq!(t("varchar", "varchar(3)", true), "Option<String>");
        assert_eq!(t("longblob", "longblob", false), "Vec<u8>");
        assert_eq!(
            t("timestamp", "timestamp", false),
            "rt::chrono::NaiveDateTime"
        );
    }

    #[test]
    fn defaults_rust_can_write() {
        let d = |dt: &str, ct: &str, default: &str, null: bool| {
            let c = column(dt, ct, Some(default), null);
            default_value(&c, &rust_type(&c, Some("E"), false), |v| v.to_uppercase())
                .map(|e| e.flat())
        };
        assert_eq!(d("int", "int(11)", "100", false).as_deref(), Some("100"));
        assert_eq!(
            d("tinyint", "tinyint(3) unsigned", "300", false),
            None,
            "out of range"
        );
        assert_eq!(
            d("decimal", "decimal(10,2)", "12.50", false).as_deref(),
            Some("rt::rust_decimal::Decimal::new(1250, 2)")
        );
        assert_eq!(
            d("varchar", "varchar(9)", "'it''s'", true).as_deref(),
            Some("Some(String::from(\"it's\"))")
        );
        assert_eq!(
            d("enum", "enum('a','b')", "'b'", false).as_deref(),
            Some("E::B")
        );
        assert_eq!(
            d("datetime", "datetime", "current_timestamp()", false),
            None
        );
        assert_eq!(d("int", "int(11)", "NULL", true).as_deref(), Some("None"));
        assert_eq!(
            d("binary", "binary(3)", "'a\"'", false).as_deref(),
            Some("b\"a\\\"\\x00\".to_vec()")
        );
        assert_eq!(
            d("varbinary", "varbinary(9)", "''", false).as_deref(),
            Some("Vec::new()")
        );
    }
}
