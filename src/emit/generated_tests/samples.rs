//! Sample values of the generated tests: a value of each column from a number `n`, as its
//! setter takes it, within its type, its length and its CHECKs, as Rust source.

use super::super::code::rust_string;
use super::super::plan::{Field, Model};
use super::super::types::Passing;
use crate::catalog::Rule;

/// Does a sample record set this column itself (not through a parent, not left to the server)?
pub(super) fn needs_value(model: &Model, field: &Field) -> bool {
    // Key columns are set through their parent (NOT NULL) or left NULL.
    let by_parent = in_parent_key(model, field);
    !by_parent && !field.generated && !field.column.is_auto_increment() && !skipped_type(field)
        || (field.required && !by_parent)
}

/// A nullable key column whose DEFAULT is not NULL (dolibarr's `fk_user_creat INT DEFAULT
/// 0`): left alone, its default would refer to no row, so the sample sets it NULL.
pub(super) fn nulled_key(model: &Model, field: &Field) -> bool {
    let default = field.column.column_default.as_deref();
    in_parent_key(model, field) && field.column.is_nullable && default.is_some_and(|d| d != "NULL")
}

/// Is the column in one of the table's belongs-to keys?
pub(super) fn in_parent_key(model: &Model, field: &Field) -> bool {
    model.parents.iter().any(|l| {
        model
            .positions(&l.relationship.columns)
            .contains(&field.index)
    })
}

/// Collections of spatial values are left to their default (or NULL).
pub(super) fn skipped_type(field: &Field) -> bool {
    matches!(
        field.column.data_type.as_str(),
        "multipoint" | "multilinestring" | "multipolygon" | "geometrycollection"
    )
}

/// A sample value of `field` from the `u32` named `n`, as the setter takes it.
pub(super) fn value(field: &Field, n: &str) -> Option<String> {
    match &field.check {
        Some(rule) if field.ty.base != "rt::serde_json::Value" => checked_value(field, rule, n),
        _ => unchecked_value(field, n),
    }
}

/// A sample value of `field` that its CHECKs accept.
pub(super) fn checked_value(field: &Field, rule: &Rule, n: &str) -> Option<String> {
    let c = field.column;
    let base = field.ty.base.as_str();
    let plain = if rule.json && base == "String" {
        format!("format!(\"[{{{n}}}]\")")
    } else if let Some(text) = &rule.text {
        match c.data_type.as_str() {
            "enum" => {
                let values = crate::catalog::enum_values(&c.column_type);
                let at = values.iter().position(|v| v == text)?;
                format!("{base}::{}", super::super::enums::variants(&values)[at])
            }
            _ if base == "String" => format!("{}.to_string()", rust_string(text)),
            _ => return None,
        }
    } else {
        let (type_low, type_high) = number_range(field)?;
        let high = rule.high.unwrap_or(type_high).min(type_high);
        let low = rule
            .low
            .unwrap_or_else(|| 1.min(high.saturating_sub(999)))
            .max(type_low);
        if low > high {
            return None;
        }
        let span = (high - low + 1).min(1_000_000_000);
        let number = match (low, span) {
            (_, 1) => format!("{low}_i128"),
            (0, _) => format!("i128::from({n} % {span})"),
            _ => format!("{low}_i128 + i128::from({n} % {span})"),
        };
        match base {
            "rt::rust_decimal::Decimal" => format!("rt::rust_decimal::Decimal::from({number})"),
            _ if number.contains(' ') => format!("({number}) as {base}"),
            _ => format!("{number} as {base}"),
        }
    };
    Some(if c.is_nullable {
        format!("Some({plain})")
    } else {
        plain
    })
}

/// The whole numbers a numeric column holds (a wide range for floating point).
pub(super) fn number_range(field: &Field) -> Option<(i128, i128)> {
    let c = field.column;
    if field.ty.base == "bool" {
        return None;
    }
    let bits = match c.data_type.as_str() {
        "tinyint" => 8,
        "smallint" => 16,
        "mediumint" => 24,
        "int" => 32,
        "bigint" => 64,
        "year" => return Some((1901, 2155)),
        "float" | "double" | "decimal" => {
            // DECIMAL and FLOAT(M,D) hold M-D digits before the point; plain FLOAT a wide range.
            let whole = match c.data_type.as_str() {
                "decimal" => Some(whole_digits(&c.column_type)),
                _ => float_whole_digits(&c.column_type),
            };
            let max = whole.map_or(1_000_000_000, |whole| 10_i128.pow(whole) - 1);
            let low = if c.is_unsigned() { 0 } else { -max };
            return Some((low, max));
        }
        _ => return None,
    };
    Some(if c.is_unsigned() {
        (0, (1_i128 << bits) - 1)
    } else {
        (-(1_i128 << (bits - 1)), (1_i128 << (bits - 1)) - 1)
    })
}

/// A sample value of `field` by its type alone.
pub(super) fn unchecked_value(field: &Field, n: &str) -> Option<String> {
    let c = field.column;
    let length = |default: usize| {
        c.column_type
            .split_once('(')
            .and_then(|(_, rest)| rest.split(|ch: char| !ch.is_ascii_digit()).next())
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(default)
    };
    let plain = match (field.ty.base.as_str(), c.data_type.as_str()) {
        (_, "bit") => format!("bits({n}, {})", length(1).clamp(1, 64)),
        (_, "geometry" | "point") => format!("shape({n}, 1)"),
        (_, "linestring") => format!("shape({n}, 2)"),
        (_, "polygon") => format!("shape({n}, 3)"),
        (_, "enum") => {
            let values = crate::catalog::enum_values(&c.column_type);
            let variants = super::super::enums::variants(&values);
            format!("{}::{}", field.ty.base, variants.first()?)
        }
        (_, "set") => {
            let values = crate::catalog::enum_values(&c.column_type);
            rust_string(values.first().map_or("", String::as_str)) + ".to_string()"
        }
        ("bool", _) => format!("{n} & 1 == 0"),
        ("i8", _) => format!("({n} % 100) as i8"),
        ("u8", _) => format!("({n} % 200) as u8"),
        ("i16", _) => format!("({n} % 30000) as i16"),
        ("u16", "year") => format!("1901 + ({n} % 250) as u16"),
        ("u16", _) => format!("({n} % 60000) as u16"),
        ("i32", _) => format!("{n} as i32"),
        ("u32", _) => n.to_string(),
        ("i64", _) => format!("i64::from({n})"),
        ("u64", _) => format!("u64::from({n})"),
        ("f32" | "f64", _) => {
            // FLOAT(M,D) holds M-D digits before the point; `n`, a u32, fits 10 or more.
            let modulus = float_whole_digits(&c.column_type)
                .filter(|&whole| whole < 10)
                .map(|whole| 10_u64.pow(whole));
            match (field.ty.base.as_str(), modulus) {
                ("f32", Some(modulus)) => format!("({n} % {modulus}) as f32"),
                ("f32", None) => format!("{n} as f32"),
                (_, Some(modulus)) => format!("f64::from({n} % {modulus})"),
                (_, None) => format!("f64::from({n})"),
            }
        }
        ("rt::rust_decimal::Decimal", _) => {
            let (precision, scale) = decimal_digits(&c.column_type);
            let whole = precision.saturating_sub(scale).min(9) as u32;
            format!(
                "rt::rust_decimal::Decimal::from({n} % {})",
                10_u64.pow(whole)
            )
        }
        ("rt::chrono::NaiveDate", _) => format!("date({n})"),
        ("rt::chrono::NaiveDateTime", _) => {
            format!("date({n}).and_hms_opt({n} % 24, {n} % 60, 0).unwrap()")
        }
        ("rt::chrono::TimeDelta", _) => {
            format!("rt::chrono::TimeDelta::seconds(i64::from({n} % 3600))")
        }
        ("rt::serde_json::Value", _) => format!("rt::serde_json::json!({{ \"n\": {n} }})"),
        ("String", "char" | "varchar") => format!("text({n}, {})", length(1)),
        ("String", "tinytext" | "text" | "mediumtext" | "longtext") => format!("text({n}, 255)"),
        ("Vec<u8>", "binary") => format!("bytes({n}, {})", length(1)),
        ("Vec<u8>", "varbinary") => format!("text({n}, {}).into_bytes()", length(1)),
        ("Vec<u8>", _) if field.ty.passing == Passing::Bytes => {
            format!("text({n}, 255).into_bytes()")
        }
        _ => return None,
    };
    Some(if c.is_nullable {
        format!("Some({plain})")
    } else {
        plain
    })
}

/// Does the sample value of `field` depend on `n` (ENUM and SET samples do not, nor a value
/// a CHECK fixes)?
pub(super) fn uses_n(field: &Field) -> bool {
    value(field, "__n__").is_some_and(|v| v.contains("__n__"))
}

/// `(precision, scale)` of `decimal(p,s)`.
/// The digits before the point of `float(M,D)` / `double(M,D)`: M-D (at most 18); `None`
/// without (M,D).
pub(super) fn float_whole_digits(column_type: &str) -> Option<u32> {
    column_type.contains(',').then(|| whole_digits(column_type))
}

/// M-D of `decimal(M,D)`, `float(M,D)` or `double(M,D)`, at most 18.
pub(super) fn whole_digits(column_type: &str) -> u32 {
    let (precision, scale) = decimal_digits(column_type);
    precision.saturating_sub(scale).min(18) as u32
}

pub(super) fn decimal_digits(column_type: &str) -> (usize, usize) {
    let inside = column_type.split_once('(').map_or("10,0)", |(_, r)| r);
    let mut numbers = inside
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse().ok());
    (numbers.next().unwrap_or(10), numbers.next().unwrap_or(0))
}

/// An integer key's value near its type's maximum, far from the ids the tests make.
pub(super) fn far_value(field: &Field) -> Option<String> {
    let c = field.column;
    let unsigned = c.column_type.contains("unsigned");
    let (max, spread) = match (c.data_type.as_str(), unsigned) {
        ("tinyint", false) => ("127", 20),
        ("tinyint", true) => ("255", 20),
        ("smallint", false) => ("32767", 10_000),
        ("smallint", true) => ("65535", 10_000),
        ("mediumint", false) => ("8388607", 1_000_000),
        ("mediumint", true) => ("16777215", 1_000_000),
        ("int", false) => ("2147483647", 1_000_000_000),
        ("int", true) => ("4294967295", 1_000_000_000),
        ("bigint", false) => ("9223372036854775807", 1_000_000_000),
        ("bigint", true) => ("18446744073709551615", 1_000_000_000),
        _ => return None,
    };
    let ty = &field.ty.base;
    if !ty.starts_with(['i', 'u']) {
        return None;
    }
    let plain = format!("{max}_{ty} - (n % {spread}) as {ty}");
    Some(if c.is_nullable {
        format!("Some({plain})")
    } else {
        plain
    })
}
