//! ENUM columns as Rust enums.

use super::code::{rust_string, Code};
use crate::naming::variant_name;

/// The variants of an ENUM's values, distinct: a value whose name is taken gets a number.
pub fn variants(values: &[String]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(values.len());
    // A set beside the list: an ENUM of n values names its variants in linear time.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    for value in values {
        let name = variant_name(value);
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    name.clone()
                } else {
                    format!("{name}{n}")
                }
            })
            .find(|n| !seen.contains(n))
            .expect("numbers never run out");
        seen.insert(name.clone());
        taken.push(name);
    }
    taken
}

/// The enum `name` of the ENUM column `column` of `table`, with its conversions.
pub fn emit_enum(code: &mut Code, name: &str, table: &str, column: &str, values: &[String]) {
    let variants = variants(values);
    code.doc(&format!("The values of `{table}`.`{column}`."));
    code.line("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]");
    code.open(&format!("pub enum {name} {{"));
    for (i, (variant, value)) in variants.iter().zip(values).enumerate() {
        code.doc(&format!("`{}`", value.replace('`', "'")));
        if i == 0 {
            code.line("#[default]");
        }
        code.line(&format!("{variant},"));
    }
    code.close("}");
    code.blank();
    code.open(&format!("impl {name} {{"));
    code.doc("The value as MySQL spells it.");
    code.open("pub fn as_str(&self) -> &'static str {");
    code.open("match self {");
    for (variant, value) in variants.iter().zip(values) {
        arm(code, &format!("{name}::{variant}"), &rust_string(value));
    }
    code.close("}");
    code.close("}");
    code.close("}");
    code.blank();
    code.open(&format!("impl FromSql for {name} {{"));
    code.open("fn from_sql(value: mysql::Value) -> std::result::Result<Self, String> {");
    code.line("let text = String::from_sql(value)?;");
    code.open("match text.as_str() {");
    for (variant, value) in variants.iter().zip(values) {
        arm(code, &rust_string(value), &format!("Ok({name}::{variant})"));
    }
    code.line("other => Err(unknown_value(other)),");
    code.close("}");
    code.close("}");
    code.close("}");
    code.blank();
    code.open(&format!("impl ToSql for {name} {{"));
    code.open("fn to_sql(&self) -> mysql::Value {");
    code.line("mysql::Value::from(self.as_str())");
    code.close("}");
    code.close("}");
}

/// `pattern => value,`, or the value in a block when the line is too long (as rustfmt does).
fn arm(code: &mut Code, pattern: &str, value: &str) {
    let line = format!("{pattern} => {value},");
    if super::code::width(&line) + code.indent_width() <= 100 {
        code.line(&line);
    } else {
        code.open(&format!("{pattern} => {{"));
        code.line(value);
        code.close("}");
    }
}
