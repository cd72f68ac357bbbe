//! Column values between Rust and the server: [`FromSql`] reads a field from what the server
//! sent, [`ToSql`] makes a statement parameter of it. Every column type of SPEC §5 has both.

use mysql::Value;

/// A column's Rust value as read from the server (or copied from another record's key).
pub trait FromSql: Sized {
    /// The value, or why `value` does not fit the type.
    fn from_sql(value: Value) -> Result<Self, String>;
}

/// A column's Rust value as sent to the server.
pub trait ToSql {
    /// The statement parameter.
    fn to_sql(&self) -> Value;
}

/// Types whose conversions the `mysql` crate already has.
macro_rules! sql_value_by_driver {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_sql(value: Value) -> Result<Self, String> {
                mysql::from_value_opt(value).map_err(|e| format!("cannot read {:?}", e.0))
            }
        }

        impl ToSql for $t {
            fn to_sql(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}

sql_value_by_driver!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    String,
    Vec<u8>
);
sql_value_by_driver!(
    rust_decimal::Decimal,
    chrono::NaiveDate,
    chrono::NaiveDateTime
);

impl ToSql for str {
    fn to_sql(&self) -> Value {
        Value::from(self)
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Value {
        Value::from(self)
    }
}

impl ToSql for &str {
    fn to_sql(&self) -> Value {
        Value::from(*self)
    }
}

impl ToSql for &[u8] {
    fn to_sql(&self) -> Value {
        Value::from(*self)
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(value: Value) -> Result<Self, String> {
        match value {
            Value::NULL => Ok(None),
            value => T::from_sql(value).map(Some),
        }
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Value {
        self.as_ref().map_or(Value::NULL, T::to_sql)
    }
}

/// TIME: a signed span that may pass 24 hours (-838:59:59 to 838:59:59).
impl FromSql for chrono::TimeDelta {
    fn from_sql(value: Value) -> Result<Self, String> {
        match value {
            Value::Time(negative, days, h, m, s, us) => {
                let minutes = (i64::from(days) * 24 + i64::from(h)) * 60 + i64::from(m);
                let span = chrono::TimeDelta::seconds(minutes * 60 + i64::from(s))
                    + chrono::TimeDelta::microseconds(i64::from(us));
                Ok(if negative { -span } else { span })
            }
            Value::Bytes(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                parse_time(&text).ok_or_else(|| format!("cannot read {text:?} as TIME"))
            }
            other => Err(format!("cannot read {other:?} as TIME")),
        }
    }
}

/// `[-]HHH:MM:SS[.ffffff]`, as the text protocol sends TIME.
fn parse_time(text: &str) -> Option<chrono::TimeDelta> {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let mut parts = clock.split(':').map(str::parse::<i64>);
    let (h, m, s) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let micros: i64 = format!("{fraction:0<6}").get(..6)?.parse().ok()?;
    let delta =
        chrono::TimeDelta::seconds((h * 60 + m) * 60 + s) + chrono::TimeDelta::microseconds(micros);
    Some(if negative { -delta } else { delta })
}

impl ToSql for chrono::TimeDelta {
    fn to_sql(&self) -> Value {
        let negative = *self < chrono::TimeDelta::zero();
        let span = self.abs();
        let seconds = span.num_seconds();
        let micros = (span - chrono::TimeDelta::seconds(seconds))
            .num_microseconds()
            .unwrap_or(0);
        let (days, rest) = (seconds / 86_400, seconds % 86_400);
        let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
        // The casts cannot truncate: each part is below its unit's bound.
        Value::Time(
            negative,
            days as u32,
            h as u8,
            m as u8,
            s as u8,
            micros as u32,
        )
    }
}

/// JSON (MariaDB keeps it as LONGTEXT with a JSON_VALID check).
impl FromSql for serde_json::Value {
    fn from_sql(value: Value) -> Result<Self, String> {
        match value {
            Value::Bytes(bytes) => {
                serde_json::from_slice(&bytes).map_err(|e| format!("invalid JSON: {e}"))
            }
            other => Err(format!("cannot read {other:?} as JSON")),
        }
    }
}

impl ToSql for serde_json::Value {
    fn to_sql(&self) -> Value {
        Value::from(self.to_string())
    }
}

/// The generated enum of an ENUM column: its values as the server spells them, in the
/// column's order, one variant each (variant `i` is `VALUES[i]`).
pub trait SqlEnum: Copy + 'static {
    /// The ENUM's values, in its order.
    const VALUES: &'static [&'static str];
    /// The variants, in the same order.
    const VARIANTS: &'static [Self];
    /// The position of the variant in [`SqlEnum::VALUES`].
    fn position(self) -> usize;

    /// The value as the server spells it.
    fn as_sql(self) -> &'static str {
        Self::VALUES[self.position()]
    }

    /// The variant whose value is `text`, exactly.
    fn from_text(text: &str) -> Result<Self, UnknownValue> {
        Self::VALUES
            .iter()
            .position(|v| *v == text)
            .map(|i| Self::VARIANTS[i])
            .ok_or_else(|| UnknownValue(text.to_string()))
    }
}

impl<E: SqlEnum> FromSql for E {
    fn from_sql(value: Value) -> Result<Self, String> {
        let text = String::from_sql(value)?;
        E::from_text(&text).map_err(|e| e.to_string())
    }
}

impl<E: SqlEnum> ToSql for E {
    fn to_sql(&self) -> Value {
        Value::from(self.as_sql())
    }
}

/// A text that is no value of the ENUM (from `FromStr` or the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is no value of the ENUM", self.0)
    }
}

impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn time_is_a_signed_span_past_a_day() {
        let span = TimeDelta::hours(-838) - TimeDelta::minutes(59) - TimeDelta::seconds(59);
        assert_eq!(TimeDelta::from_sql(span.to_sql()), Ok(span));
        assert_eq!(
            TimeDelta::from_sql(Value::Bytes(b"-01:02:03.5".to_vec())),
            Ok(-(TimeDelta::seconds(3723) + TimeDelta::milliseconds(500)))
        );
        assert!(TimeDelta::from_sql(Value::Bytes(b"x".to_vec())).is_err());
    }

    #[test]
    fn keys_convert_between_integer_types() {
        assert_eq!(u32::from_sql(Value::Int(5)), Ok(5));
        assert!(u32::from_sql(Value::Int(-1)).is_err());
        assert_eq!(Option::<i64>::from_sql(Value::NULL), Ok(None));
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Rarity {
        Common,
        Rare,
    }

    impl SqlEnum for Rarity {
        const VALUES: &'static [&'static str] = &["common", "rare"];
        const VARIANTS: &'static [Self] = &[Rarity::Common, Rarity::Rare];
        fn position(self) -> usize {
            self as usize
        }
    }

    #[test]
    fn enums_read_and_write_their_values_exactly() {
        assert_eq!(Rarity::from_sql(Value::from("rare")), Ok(Rarity::Rare));
        assert_eq!(Rarity::Common.to_sql(), Value::from("common"));
        let error = Rarity::from_sql(Value::from("Rare")).unwrap_err();
        assert_eq!(error, "\"Rare\" is no value of the ENUM");
    }
}
