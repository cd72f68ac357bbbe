//! `serde = true` (SPEC §9): Serialize and Deserialize for each model and enum. A model names
//! its columns' fields; the runtime's `rt::serialize` and `rt::deserialize` do the rest (a
//! missing field keeps its default, an unknown one is an error, a generated one is dropped).

use super::code::{atom, call, rust_string, width, Code};
use super::plan::{Field, Model};
use super::types::Passing;

/// `rt::Fields`, `Serialize` and `Deserialize` for `model`.
pub fn emit_model(code: &mut Code, model: &Model) {
    let name = model.name;
    code.doc(&format!(
        "The columns of [`{name}`] as serde fields: named as the columns, in the table's order."
    ));
    code.open(&format!("impl rt::Fields for {name} {{"));
    code.bind("const NAME: &'static str", &atom(rust_string(name)), ";");
    code.blank();
    emit_serialize_fields(code, model);
    code.blank();
    emit_deserialize_field(code, model);
    code.close("}");
    code.blank();
    emit_serde_impls(
        code,
        name,
        (
            "One field per column, named as the column, in the table's order.",
            "rt::serialize(self, serializer)",
        ),
        (
            "A new record, as `new()`, then each field's setter.",
            "rt::deserialize(deserializer)",
        ),
    );
}

/// `Serialize` and `Deserialize` for the enum `name`: its database value.
pub fn emit_enum(code: &mut Code, name: &str) {
    emit_serde_impls(
        code,
        name,
        (
            "The value as MySQL spells it.",
            "rt::serialize_enum(*self, serializer)",
        ),
        (
            "The variant of a value as MySQL spells it, exactly.",
            "rt::deserialize_enum(deserializer)",
        ),
    );
}

fn emit_serialize_fields(code: &mut Code, model: &Model) {
    code.signature(
        "fn serialize_fields<S: rt::serde::ser::SerializeStruct>",
        &["&self".into(), "row: &mut S".into()],
        "Result<(), S::Error>",
    );
    for field in &model.fields {
        let args = vec![
            atom(rust_string(&field.column.column_name)),
            atom(format!("&self.{}", field.field)),
        ];
        code.expr(&call("row.serialize_field", args), "?;");
    }
    code.line("Ok(())");
    code.close("}");
}

/// One arm per column the record may be given: its value, to its setter.
fn emit_deserialize_field(code: &mut Code, model: &Model) {
    let settable: Vec<&Field> = model.fields.iter().filter(|f| !f.generated).collect();
    let column = if settable.len() == 1 {
        "_column"
    } else {
        "column"
    };
    code.signature(
        "fn deserialize_field<'de, A: rt::serde::de::MapAccess<'de>>",
        &[
            "&mut self".into(),
            format!("{column}: usize"),
            "map: &mut A".into(),
        ],
        "Result<(), A::Error>",
    );
    if let [only] = settable.as_slice() {
        emit_set(code, only, None);
    } else {
        code.open("match column {");
        for (i, field) in settable.iter().enumerate() {
            let pattern = if i + 1 == settable.len() {
                "_".to_string()
            } else {
                field.index.to_string()
            };
            emit_set(code, field, Some(&pattern));
        }
        code.close("}");
    }
    code.line("Ok(())");
    code.close("}");
}

/// `self.set_<stem>(map.next_value::<T>()?)`, T what the setter takes, as a statement or as
/// the match arm of `pattern`. A NOT NULL column the server fills (`None` until inserted) is
/// set only when the field holds a value: `null` leaves it to the server, as a new record
/// does.
fn emit_set(code: &mut Code, field: &Field, pattern: Option<&str>) {
    let setter = format!("self.set_{}", field.stem);
    let owned = match field.ty.passing {
        Passing::Text => "String".to_string(),
        Passing::Bytes => "Vec<u8>".to_string(),
        Passing::Copy | Passing::Cloned => field.ty.base.clone(),
    };
    if field.ty.optional && !field.column.is_nullable {
        if let Some(pattern) = pattern {
            code.open(&format!("{pattern} => {{"));
        }
        code.bind(
            &format!("let value: Option<{owned}>"),
            &atom("map.next_value()?"),
            ";",
        );
        code.open("if let Some(value) = value {");
        code.line(&format!("{setter}(value);"));
        code.close("}");
        if pattern.is_some() {
            code.close("}");
        }
        return;
    }
    let ty = if field.column.is_nullable {
        format!("Option<{owned}>")
    } else {
        owned
    };
    // The value's type is the setter's, but for `impl Into<String>` and `impl Into<Vec<u8>>`.
    let next = match field.ty.passing {
        Passing::Text | Passing::Bytes if !field.column.is_nullable => {
            format!("map.next_value::<{ty}>()?")
        }
        _ => "map.next_value()?".to_string(),
    };
    let one_line = match pattern {
        Some(pattern) => format!("{pattern} => {setter}({next}),"),
        None => format!("{setter}({next});"),
    };
    if width(&one_line) <= code.room() {
        return code.line(&one_line);
    }
    // Too long for a line: rustfmt would break the chain at `.set_`; a binding reads better.
    if let Some(pattern) = pattern {
        code.open(&format!("{pattern} => {{"));
    }
    code.bind(&format!("let value: {ty}"), &atom("map.next_value()?"), ";");
    code.line(&format!("{setter}(value);"));
    if pattern.is_some() {
        code.close("}");
    }
}

/// `(doc, body)` of `serialize` and of `deserialize`.
type Method<'a> = (&'a str, &'a str);

fn emit_serde_impls(code: &mut Code, name: &str, serialize: Method, deserialize: Method) {
    code.doc(serialize.0);
    code.open(&format!("impl rt::serde::Serialize for {name} {{"));
    code.signature(
        "fn serialize<S: rt::serde::Serializer>",
        &["&self".into(), "serializer: S".into()],
        "Result<S::Ok, S::Error>",
    );
    code.line(serialize.1);
    code.close("}");
    code.close("}");
    code.blank();
    code.doc(deserialize.0);
    code.open(&format!(
        "impl<'de> rt::serde::Deserialize<'de> for {name} {{"
    ));
    code.signature(
        "fn deserialize<D: rt::serde::Deserializer<'de>>",
        &["deserializer: D".into()],
        "Result<Self, D::Error>",
    );
    code.line(deserialize.1);
    code.close("}");
    code.close("}");
}
