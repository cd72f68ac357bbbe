//! ENUM columns as Rust enums: their variants, `ALL`, `as_str`, `Display` and `FromStr` (the
//! database value, exactly), and what the runtime needs to read and write them.

use super::code::{atom, rust_string, slice, Code};
use crate::naming::variant_name;

/// The variants of an ENUM's values, distinct: a value whose name is taken gets a number.
pub fn variants(values: &[String]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
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
            .find(|n| !taken.contains(n))
            .expect("numbers never run out");
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
    code.line("#[allow(dead_code)] // a program calls a part of each model's API");
    code.open(&format!("impl {name} {{"));
    code.doc("Every value, in the ENUM's order.");
    let all = variants
        .iter()
        .map(|v| atom(format!("Self::{v}")))
        .collect();
    code.bind("pub const ALL: &'static [Self]", &slice(all), ";");
    code.blank();
    code.doc("The value as MySQL spells it.");
    code.open("pub fn as_str(&self) -> &'static str {");
    code.line("rt::SqlEnum::as_sql(*self)");
    code.close("}");
    code.close("}");
    code.blank();
    code.doc("What the runtime reads and writes.");
    code.open(&format!("impl rt::SqlEnum for {name} {{"));
    let spelled = values.iter().map(|v| atom(rust_string(v))).collect();
    code.bind(
        "const VALUES: &'static [&'static str]",
        &slice(spelled),
        ";",
    );
    code.line("const VARIANTS: &'static [Self] = Self::ALL;");
    code.blank();
    code.open("fn position(self) -> usize {");
    code.line("self as usize");
    code.close("}");
    code.close("}");
    code.blank();
    code.doc("The value as MySQL spells it.");
    code.open(&format!("impl std::fmt::Display for {name} {{"));
    code.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    code.line("f.write_str(self.as_str())");
    code.close("}");
    code.close("}");
    code.blank();
    code.doc("The variant of a value as MySQL spells it, exactly.");
    code.open(&format!("impl std::str::FromStr for {name} {{"));
    code.line("type Err = rt::UnknownValue;");
    code.blank();
    code.open("fn from_str(text: &str) -> Result<Self, Self::Err> {");
    code.line("rt::SqlEnum::from_text(text)");
    code.close("}");
    code.close("}");
}
