//! The runtime's values (the sync driver's `Value`, which every model reads and writes) to
//! sqlx's statement arguments, and sqlx's rows to them, as the sync driver would have made
//! them from the binary protocol: so that models, keys and caches are the same in both
//! flavours.

use mysql::Value;
use sqlx::mysql::{MySqlArguments, MySqlRow, MySqlValueRef};
use sqlx::{Arguments, Column, Decode, Row, TypeInfo, ValueRef};

/// `values` as a statement's arguments, after `first` (a `filter_sql`'s own, which its SQL's
/// `?` come before ours).
pub(crate) fn arguments(first: Option<MySqlArguments>, values: Vec<Value>) -> MySqlArguments {
    let mut arguments = first.unwrap_or_default();
    for value in values {
        bind(&mut arguments, value);
    }
    arguments
}

/// One value as sqlx sends it. Text goes as text (so that the column's collation compares
/// it, as with the sync driver), dates and times as their SQL text, which the server reads
/// for any temporal column.
fn bind(arguments: &mut MySqlArguments, value: Value) {
    let added = match value {
        Value::NULL => arguments.add(None::<i64>),
        Value::Int(n) => arguments.add(n),
        Value::UInt(n) => arguments.add(n),
        Value::Float(x) => arguments.add(x),
        Value::Double(x) => arguments.add(x),
        Value::Bytes(bytes) => match String::from_utf8(bytes) {
            Ok(text) => arguments.add(text),
            Err(bytes) => arguments.add(bytes.into_bytes()),
        },
        date @ Value::Date(..) => arguments.add(unquoted(&date)),
        time @ Value::Time(..) => arguments.add(unquoted(&time)),
    };
    added.expect("sqlx encodes every value of these types");
}

/// A date or time as SQL text without its quotes.
fn unquoted(value: &Value) -> String {
    let sql = match value {
        Value::Date(y, m, d, 0, 0, 0, 0) => return format!("{y:04}-{m:02}-{d:02}"),
        other => other.as_sql(true),
    };
    sql.trim_matches('\'').to_string()
}

/// The row's values, in its column order.
pub(crate) fn values(row: &MySqlRow) -> Result<Vec<Value>, String> {
    (0..row.len())
        .map(|i| {
            let raw = row.try_get_raw(i).map_err(|e| e.to_string())?;
            value(raw)
        })
        .collect()
}

/// How the values of each column of a statement's rows come (`row` is any of them): worked
/// out once a statement rather than once a value.
pub(crate) fn kinds(row: &MySqlRow) -> Vec<Kind> {
    row.columns()
        .iter()
        .map(|c| Kind::of(c.type_info().name()))
        .collect()
}

/// The value of column `index` of the row, whose values come as `kind`.
pub(crate) fn value_at(row: &MySqlRow, index: usize, kind: Kind) -> Result<Value, String> {
    let raw = row.try_get_raw(index).map_err(|e| e.to_string())?;
    value_of(raw, kind)
}

/// The names of the row's columns, in order.
pub(crate) fn names(row: &MySqlRow) -> Vec<&str> {
    row.columns().iter().map(|c| c.name()).collect()
}

/// One value of a row of the binary protocol, as the sync driver reads it.
fn value(raw: MySqlValueRef<'_>) -> Result<Value, String> {
    let kind = Kind::of(raw.type_info().name());
    value_of(raw, kind)
}

/// One value of a row of the binary protocol, whose column's values come as `kind`.
fn value_of(raw: MySqlValueRef<'_>, kind: Kind) -> Result<Value, String> {
    if raw.is_null() {
        return Ok(Value::NULL);
    }
    let bytes = <&[u8] as Decode<sqlx::MySql>>::decode(raw).map_err(|e| e.to_string())?;
    Ok(match kind {
        Kind::Integer { unsigned } => integer(bytes, unsigned)?,
        Kind::Float => Value::Float(f32::from_le_bytes(fixed(bytes)?)),
        Kind::Double => Value::Double(f64::from_le_bytes(fixed(bytes)?)),
        Kind::Date => date(bytes)?,
        Kind::Time => time(bytes)?,
        Kind::Bytes => Value::Bytes(bytes.to_vec()),
    })
}

/// How a column type's values come in the binary protocol.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// Little-endian, of the type's width.
    Integer {
        unsigned: bool,
    },
    Float,
    Double,
    /// DATE, DATETIME, TIMESTAMP.
    Date,
    Time,
    /// Everything else: text, bytes, DECIMAL, JSON, BIT, SET, ENUM, spatial.
    Bytes,
}

impl Kind {
    /// From sqlx's name of the type (`INT UNSIGNED`, `BOOLEAN` for TINYINT(1)...).
    fn of(name: &str) -> Kind {
        let unsigned = name.ends_with("UNSIGNED");
        match name.trim_end_matches(" UNSIGNED") {
            "BOOLEAN" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "YEAR" => {
                Kind::Integer { unsigned }
            }
            "FLOAT" => Kind::Float,
            "DOUBLE" => Kind::Double,
            "DATE" | "DATETIME" | "TIMESTAMP" => Kind::Date,
            "TIME" => Kind::Time,
            _ => Kind::Bytes,
        }
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], String> {
    bytes
        .try_into()
        .map_err(|_| format!("{} bytes where {N} were expected", bytes.len()))
}

/// A little-endian integer of 1, 2, 4 or 8 bytes (the width is the column type's).
fn integer(bytes: &[u8], unsigned: bool) -> Result<Value, String> {
    let mut wide = [0u8; 8];
    let negative = !unsigned && bytes.last().is_some_and(|b| b & 0x80 != 0);
    if negative {
        wide = [0xff; 8];
    }
    if bytes.len() > 8 {
        return Err(format!("an integer of {} bytes", bytes.len()));
    }
    wide[..bytes.len()].copy_from_slice(bytes);
    Ok(if unsigned {
        Value::UInt(u64::from_le_bytes(wide))
    } else {
        Value::Int(i64::from_le_bytes(wide))
    })
}

/// DATE, DATETIME, TIMESTAMP: a length byte (0, 4, 7 or 11), then the parts present.
fn date(bytes: &[u8]) -> Result<Value, String> {
    let (&len, rest) = bytes.split_first().ok_or("an empty date")?;
    let rest = rest.get(..usize::from(len)).ok_or("a date cut short")?;
    let part = |i: usize| rest.get(i).copied().unwrap_or(0);
    let year = if len >= 2 {
        u16::from_le_bytes([rest[0], rest[1]])
    } else {
        0
    };
    let micros = if len >= 11 {
        u32::from_le_bytes([rest[7], rest[8], rest[9], rest[10]])
    } else {
        0
    };
    Ok(Value::Date(
        year,
        part(2),
        part(3),
        part(4),
        part(5),
        part(6),
        micros,
    ))
}

/// TIME: a length byte (0, 8 or 12), the sign, days, hours, minutes, seconds, microseconds.
fn time(bytes: &[u8]) -> Result<Value, String> {
    let (&len, rest) = bytes.split_first().ok_or("an empty time")?;
    let rest = rest.get(..usize::from(len)).ok_or("a time cut short")?;
    if len == 0 {
        return Ok(Value::Time(false, 0, 0, 0, 0, 0));
    }
    let days = u32::from_le_bytes([rest[1], rest[2], rest[3], rest[4]]);
    let micros = if len >= 12 {
        u32::from_le_bytes([rest[8], rest[9], rest[10], rest[11]])
    } else {
        0
    };
    Ok(Value::Time(
        rest[0] == 1,
        days,
        rest[5],
        rest[6],
        rest[7],
        micros,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_keep_their_sign_and_width() {
        assert_eq!(integer(&[0xff], false), Ok(Value::Int(-1)));
        assert_eq!(integer(&[0xff], true), Ok(Value::UInt(255)));
        assert_eq!(integer(&[0x00, 0x80], false), Ok(Value::Int(-32768)));
        assert_eq!(integer(&[1, 0, 0, 0], false), Ok(Value::Int(1)));
    }

    #[test]
    fn dates_and_times_read_every_length() {
        assert_eq!(date(&[0]), Ok(Value::Date(0, 0, 0, 0, 0, 0, 0)));
        assert_eq!(
            date(&[4, 0xe8, 0x07, 2, 29]),
            Ok(Value::Date(2024, 2, 29, 0, 0, 0, 0))
        );
        assert_eq!(
            time(&[8, 1, 2, 0, 0, 0, 3, 4, 5]),
            Ok(Value::Time(true, 2, 3, 4, 5, 0))
        );
        assert_eq!(
            unquoted(&Value::Date(2024, 2, 29, 0, 0, 0, 0)),
            "2024-02-29"
        );
    }
}
