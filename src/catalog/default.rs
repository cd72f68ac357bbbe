//! A column's DEFAULT clause → COLUMN_DEFAULT as the server prints it.
//!
//! MariaDB stores a default as an expression and prints literals in the column's own format:
//! `DEFAULT 0` on a DECIMAL(10,2) shows `0.00`, on a VARCHAR `'0'`; `CURRENT_TIMESTAMP` shows
//! `current_timestamp()`.

use super::column_type::SqlType;
use sqlparser::ast::{Expr, UnaryOperator, Value};

/// COLUMN_DEFAULT of a column of type `ty` declared with `DEFAULT expr`.
pub fn column_default(expr: &Expr, ty: &SqlType) -> Result<String, String> {
    match expr {
        Expr::Nested(inner) => column_default(inner, ty),
        Expr::Value(v) => literal(&v.value, ty),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: inner,
        } => match unnested(inner) {
            // `-1` and `-(1)` are the number -1 to the server.
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => literal(&Value::Number(format!("-{n}"), false), ty),
                _ => Ok(expression_text(expr)),
            },
            _ => Ok(expression_text(expr)),
        },
        Expr::Function(f) if is_current_timestamp(&f.name.to_string()) => {
            Ok(format!("current_timestamp({})", function_precision(f)))
        }
        Expr::Identifier(ident) if is_current_timestamp(&ident.value) => {
            Ok("current_timestamp()".to_string())
        }
        other => Ok(expression_text(other)),
    }
}

fn is_current_timestamp(name: &str) -> bool {
    ["CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// The `6` of `CURRENT_TIMESTAMP(6)`, or nothing.
fn function_precision(f: &sqlparser::ast::Function) -> String {
    let text = f.args.to_string();
    text.trim_matches(|c| c == '(' || c == ')')
        .trim()
        .to_string()
}

/// `expr` without the parentheses around it.
fn unnested(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => unnested(inner),
        other => other,
    }
}

/// An expression default as the server prints it: names quoted, functions in lower case
/// under their own names (`LOWER` is `lcase`, `CURRENT_DATE` is `curdate()`), arguments
/// without spaces, an operation between parentheses. What it cannot print that way, sqlparser
/// prints.
fn expression_text(expr: &Expr) -> String {
    server_text(expr, true).unwrap_or_else(|| match expr {
        Expr::BinaryOp { .. } => format!("({expr})"),
        _ => expr.to_string(),
    })
}

/// The server's text of `expr`; `outer` when it is the whole default (an operation there is
/// in parentheses).
fn server_text(expr: &Expr, outer: bool) -> Option<String> {
    use sqlparser::ast::{BinaryOperator as B, Function};
    let wrap = |text: String| if outer { format!("({text})") } else { text };
    Some(match expr {
        Expr::Nested(inner) => server_text(inner, outer)?,
        Expr::Identifier(ident) => format!("`{}`", ident.value.replace('`', "``")),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => quote_default(s),
            Value::Number(n, _) => n.clone(),
            Value::Null => "NULL".into(),
            Value::Boolean(b) => u8::from(*b).to_string(),
            _ => return None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => wrap(format!("-{}", server_text(expr, false)?)),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => wrap(format!("{} = 0", server_text(expr, false)?)),
        Expr::BinaryOp { left, op, right } => {
            let op = match op {
                B::Plus => "+",
                B::Minus => "-",
                B::Multiply => "*",
                B::Divide => "/",
                B::Modulo => "MOD",
                B::MyIntegerDivide => "DIV",
                B::Eq => "=",
                B::NotEq => "<>",
                B::Lt => "<",
                B::LtEq => "<=",
                B::Gt => ">",
                B::GtEq => ">=",
                B::And => "and",
                B::Or => "or",
                _ => return None,
            };
            let (left, right) = (server_text(left, false)?, server_text(right, false)?);
            wrap(format!("{left} {op} {right}"))
        }
        Expr::IsNull(inner) => wrap(format!("{} is null", server_text(inner, false)?)),
        Expr::IsNotNull(inner) => wrap(format!("{} is not null", server_text(inner, false)?)),
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => wrap(format!(
            "{} between {} and {}",
            server_text(expr, false)?,
            server_text(low, false)?,
            server_text(high, false)?
        )),
        Expr::In {
            expr,
            target: sqlparser::ast::InTarget::List(list),
            negated: false,
            ..
        } => {
            let items: Option<Vec<String>> = list.iter().map(|e| server_text(e, false)).collect();
            wrap(format!(
                "{} in ({})",
                server_text(expr, false)?,
                items?.join(",")
            ))
        }
        Expr::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => {
            let mut arguments = vec![server_text(expr, false)?];
            for part in [substring_from, substring_for].into_iter().flatten() {
                arguments.push(server_text(part, false)?);
            }
            function_call("substr", arguments)?
        }
        Expr::Function(Function { name, args, .. }) => {
            let sqlparser::ast::FunctionArguments::List(list) = args else {
                return function_without_arguments(&name.to_string());
            };
            let arguments: Option<Vec<String>> = list
                .args
                .iter()
                .map(|a| match a {
                    sqlparser::ast::FunctionArg::Unnamed(
                        sqlparser::ast::FunctionArgExpr::Expr(e),
                    ) => server_text(e, false),
                    _ => None,
                })
                .collect();
            let arguments = arguments?;
            if name.to_string().eq_ignore_ascii_case("mod") && arguments.len() == 2 {
                return Some(wrap(format!("{} MOD {}", arguments[0], arguments[1])));
            }
            function_call(&name.to_string(), arguments)?
        }
        _ => return None,
    })
}

/// A function called without parentheses (`CURRENT_DATE`).
fn function_without_arguments(name: &str) -> Option<String> {
    function_call(name, Vec::new())
}

/// A call as the server prints it: its own name for the function, in lower case.
fn function_call(name: &str, mut arguments: Vec<String>) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let name = match lower.as_str() {
        "lower" => "lcase",
        "upper" => "ucase",
        "length" => "octet_length",
        "substring" => "substr",
        "current_date" => "curdate",
        "current_time" => "curtime",
        "now" | "localtime" | "localtimestamp" => "current_timestamp",
        "yearweek" | "week" if arguments.len() == 1 => {
            arguments.push("0".into());
            lower.as_str()
        }
        other => other,
    };
    Some(format!("{name}({})", arguments.join(",")))
}

fn literal(value: &Value, ty: &SqlType) -> Result<String, String> {
    match value {
        Value::Null => Ok("NULL".to_string()),
        _ if ty.data_type() == "bit" => bit(value, ty),
        Value::Boolean(b) => numeric(if *b { "1" } else { "0" }, ty),
        Value::Number(n, _) if ty.data_type() == "year" => year(n, false),
        Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) if ty.data_type() == "year" => {
            year(s, true)
        }
        // BLOB and TEXT keep their default as an expression, printed as written.
        Value::Number(n, _)
            if ty.data_type().ends_with("text") || ty.data_type().ends_with("blob") =>
        {
            Ok(n.clone())
        }
        Value::Number(n, _) => {
            if ty.is_numeric() {
                numeric(n, ty)
            } else if matches!(ty.data_type(), "enum" | "set") {
                Err(format!("a number is no value of {}", ty.column_type()))
            } else {
                string_default(n, ty)
            }
        }
        Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => {
            if ty.is_numeric() {
                numeric(s.trim(), ty)
            } else {
                string_default(s, ty)
            }
        }
        Value::HexStringLiteral(h) => Ok(format!("x'{h}'")),
        // b'101' and x'ff' literals print with a lower-case prefix.
        other => {
            let text = other.to_string();
            match text.split_at_checked(1) {
                Some((prefix, rest)) if rest.starts_with('\'') => {
                    Ok(prefix.to_ascii_lowercase() + rest)
                }
                _ => Ok(text),
            }
        }
    }
}

/// A BIT default: a number, `b'101'`, `x'0f'` or a string (its bytes, big-endian), which
/// must fit in the column's bits; printed as `b'...'`.
fn bit(value: &Value, ty: &SqlType) -> Result<String, String> {
    let bits = ty.length.unwrap_or(1);
    let number = match value {
        Value::Number(n, _) => n.parse::<u64>().ok(),
        Value::Boolean(b) => Some(u64::from(*b)),
        Value::HexStringLiteral(h) => u64::from_str_radix(h, 16).ok(),
        Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => {
            (s.len() <= 8).then(|| s.bytes().fold(0u64, |n, b| n << 8 | u64::from(b)))
        }
        other => {
            let text = other.to_string();
            let digits = text.trim_start_matches(['b', 'B']).trim_matches('\'');
            u64::from_str_radix(digits, 2).ok()
        }
    };
    match number {
        Some(n) if bits >= 64 || n < 1u64 << bits => Ok(format!("b'{n:b}'")),
        _ => Err(format!("{value} does not fit in {}", ty.column_type())),
    }
}

fn string_default(s: &str, ty: &SqlType) -> Result<String, String> {
    match ty.data_type() {
        "datetime" | "timestamp" => Ok(quote_default(&datetime(s, ty.fsp())?)),
        "date" => Ok(quote_default(&date_part(s)?)),
        "time" => Ok(quote_default(&time(s, ty.fsp())?)),
        "binary" => Ok(quote_default(&zero_padded(s, ty))),
        "enum" | "set" => Ok(quote_default(&member_values(s, ty)?)),
        _ => Ok(quote_default(s)),
    }
}

/// An ENUM default must be one of its values, a SET default a comma-separated list of them;
/// the server keeps them spelled as declared, a SET's in declaration order without repeats.
fn member_values(s: &str, ty: &SqlType) -> Result<String, String> {
    let declared = &ty.values;
    let members: Vec<&str> = match ty.data_type() {
        "set" if s.is_empty() => return Ok(String::new()),
        "set" => s.split(',').collect(),
        _ => vec![s],
    };
    let mut positions = members
        .iter()
        .map(|m| {
            let m = m.trim_end_matches(' ');
            declared.iter().position(|d| d.eq_ignore_ascii_case(m))
        })
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| format!("'{s}' is no value of {}", ty.column_type()))?;
    positions.sort_unstable();
    positions.dedup();
    let spelled: Vec<&str> = positions
        .into_iter()
        .map(|p| declared[p].as_str())
        .collect();
    Ok(spelled.join(","))
}

/// A string default as the server prints it: quotes doubled, backslash, NUL, newline and
/// carriage return escaped with a backslash.
fn quote_default(value: &str) -> String {
    let mut text = String::with_capacity(value.len() + 2);
    text.push('\'');
    for c in value.chars() {
        match c {
            '\'' => text.push_str("''"),
            '\\' => text.push_str("\\\\"),
            '\0' => text.push_str("\\0"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            c => text.push(c),
        }
    }
    text.push('\'');
    text
}

/// BINARY(n) pads its value with zero bytes to n.
fn zero_padded(s: &str, ty: &SqlType) -> String {
    let width = ty.length.unwrap_or(0) as usize;
    let padding = width.saturating_sub(s.len());
    s.chars()
        .chain(std::iter::repeat_n('\0', padding))
        .collect()
}

/// `2020-01-01` → `2020-01-01 00:00:00`, with `fsp` fractional digits.
fn datetime(s: &str, fsp: u64) -> Result<String, String> {
    let s = s.trim();
    let (date, rest) = s.split_once([' ', 'T']).unwrap_or((s, ""));
    Ok(format!("{} {}", date_part(date)?, time(rest, fsp)?))
}

fn date_part(s: &str) -> Result<String, String> {
    let date = s.trim().split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m, d]
            if [y, m, d]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
        {
            Ok(format!("{:0>4}-{:0>2}-{:0>2}", y, m, d))
        }
        _ => Err(format!("'{s}' is not a date")),
    }
}

/// `10:11` → `10:11:00`, with `fsp` fractional digits (cut, as the server cuts them).
fn time(s: &str, fsp: u64) -> Result<String, String> {
    let (clock, fraction) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let mut parts: Vec<String> = if clock.is_empty() {
        Vec::new()
    } else {
        clock.split(':').map(str::to_string).collect()
    };
    if parts.len() > 3
        || !parts.iter().all(|p| digits(p))
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!("'{s}' is not a time"));
    }
    if let [whole] = parts.as_slice() {
        // Without colons a time is [H]HMMSS: 1 is one second, 1030 half past ten minutes.
        let padded = format!("{whole:0>6}");
        let (hours, rest) = padded.split_at(padded.len() - 4);
        parts = vec![
            hours.to_string(),
            rest[..2].to_string(),
            rest[2..].to_string(),
        ];
    }
    for part in &mut parts {
        *part = format!("{part:0>2}");
    }
    while parts.len() < 3 {
        parts.push("00".to_string());
    }
    let mut text = parts.join(":");
    if fsp > 0 {
        let digits: String = fraction
            .chars()
            .chain(std::iter::repeat('0'))
            .take(fsp as usize)
            .collect();
        text.push('.');
        text.push_str(&digits);
    }
    Ok(text)
}

/// A number in the column's format: integers whole, DECIMAL with its scale, floats shortest.
fn numeric(text: &str, ty: &SqlType) -> Result<String, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if ty.is_integer() {
        return Ok(format!("{}", value.round() as i128));
    }
    if let Some(scale) = ty.scale {
        return Ok(fixed_point(text, scale));
    }
    match ty.data_type() {
        "decimal" => Ok(fixed_point(text, 0)),
        "float" => Ok(shortest(value as f32 as f64, true)),
        _ => Ok(shortest(value, false)),
    }
}

/// YEAR takes two-digit years as the server does: 1-69 are 2001-2069, 70-99 are 1970-1999;
/// the number 0 is year 0000 but the string '0' or '00' is 2000.
fn year(text: &str, quoted: bool) -> Result<String, String> {
    let value: i64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a year"))?;
    let year = match value {
        0 if quoted => 2000,
        1..=69 => 2000 + value,
        70..=99 => 1900 + value,
        _ => value,
    };
    Ok(format!("{year:04}"))
}

/// Formats a decimal literal with exactly `scale` digits after the point, rounding half up.
fn fixed_point(text: &str, scale: u64) -> String {
    let value: f64 = text.parse().unwrap_or(0.0);
    let formatted = format!("{:.*}", scale as usize, value);
    // A negative zero prints without its sign.
    match formatted.strip_prefix('-') {
        Some(unsigned) if unsigned.chars().all(|c| c == '0' || c == '.') => unsigned.to_string(),
        _ => formatted,
    }
}

fn shortest(value: f64, single: bool) -> String {
    if single {
        format!("{}", value as f32)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The type of a column declared as `declared`.
    fn ty(_data_type: &str, declared: &str) -> SqlType {
        let sql = format!("CREATE TABLE t (c {declared})");
        let statement =
            sqlparser::parser::Parser::parse_sql(&sqlparser::dialect::MySqlDialect {}, &sql)
                .unwrap()
                .remove(0);
        let sqlparser::ast::Statement::CreateTable(create) = statement else {
            panic!()
        };
        let text = super::super::column_type::TextOptions::default();
        super::super::column_type::server_type("c", &create.columns[0].data_type, &text).unwrap()
    }

    fn number(n: &str) -> Expr {
        Expr::value(Value::Number(n.into(), false))
    }

    fn string(s: &str) -> Expr {
        Expr::value(Value::SingleQuotedString(s.into()))
    }

    #[test]
    fn numbers_take_the_column_format() {
        assert_eq!(
            column_default(&number("0"), &ty("decimal", "decimal(10,2)")).unwrap(),
            "0.00"
        );
        assert_eq!(
            column_default(&string("05"), &ty("int", "int(11)")).unwrap(),
            "5"
        );
        assert_eq!(
            column_default(&number("1.50"), &ty("float", "float")).unwrap(),
            "1.5"
        );
        assert_eq!(
            column_default(&string("1e3"), &ty("double", "double")).unwrap(),
            "1000"
        );
        assert_eq!(
            column_default(&number("0"), &ty("varchar", "varchar(5)")).unwrap(),
            "'0'"
        );
    }

    #[test]
    fn strings_are_quoted_with_doubled_quotes() {
        assert_eq!(
            column_default(&string("it's"), &ty("varchar", "varchar(5)")).unwrap(),
            "'it''s'"
        );
    }

    #[test]
    fn dates_are_completed() {
        let datetime = ty("datetime", "datetime");
        assert_eq!(
            column_default(&string("2020-01-01"), &datetime).unwrap(),
            "'2020-01-01 00:00:00'"
        );
    }
}
