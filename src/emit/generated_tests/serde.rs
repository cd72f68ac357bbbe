//! `<table>_serde` (with `serde = true`): a saved sample through JSON and back.

use super::{sample_fn, test_name};
use crate::emit::code::{atom, rust_string, slice, Code};
use crate::emit::plan::Model;

/// The sample, saved (its AUTO_INCREMENT and server-made values filled), serialized: one
/// field per column; deserialized: a new record with the same columns, but for the generated
/// ones, which the server computes and deserializing drops.
pub fn emit_serde(code: &mut Code, model: &Model) {
    let table = &model.table.table_name;
    let test = test_name(&format!("{}_serde", crate::naming::snake(model.name)));
    code.doc(&format!(
        "`{table}`: a saved record to JSON and back, a new record with its columns."
    ));
    super::open_test(code, &test);
    // Short names, so that no line depends on the schema's.
    code.bind("type M", &atom(model.name), ";");
    let aw = super::aw(code);
    super::let_await(
        code,
        "let mut record",
        &sample_fn(model),
        &["&mut db".into()],
    );
    code.line(&format!("record.save(&mut db){aw}.unwrap();"));
    let generated: Vec<_> = model.fields.iter().filter(|f| f.generated).collect();
    let json = if generated.is_empty() {
        "json"
    } else {
        "mut json"
    };
    code.line(&format!(
        "let {json} = rt::serde_json::to_value(&record).unwrap();"
    ));
    code.line("let columns = <M as rt::Model>::COLUMNS;");
    code.line("assert_eq!(json.as_object().unwrap().len(), columns.len());");
    code.line("let copy: M = rt::serde_json::from_value(json.clone()).unwrap();");
    code.line("assert!(copy.is_new() && copy.is_dirty(), \"deserialized as new\");");
    if generated.is_empty() {
        code.line("assert_eq!(copy, record);");
    } else {
        code.line("let mut again = rt::serde_json::to_value(&copy).unwrap();");
        code.line("// Generated columns: the server computes them, deserializing drops them.");
        let names = generated
            .iter()
            .map(|f| atom(rust_string(&f.column.column_name)))
            .collect();
        code.bind("let generated", &slice(names), ";");
        code.open("for column in generated {");
        code.line("json.as_object_mut().unwrap().remove(*column);");
        code.line("again.as_object_mut().unwrap().remove(*column);");
        code.close("}");
        code.line("assert_eq!(again, json);");
    }
    code.close("}");
}
