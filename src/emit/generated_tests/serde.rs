//! `<table>_serde` (with `serde = true`): a saved sample through JSON and back.

use super::{sample_fn, test_name};
use crate::emit::code::{rust_string, Code};
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
    code.line("#[test]");
    code.signature(&format!("fn {test}"), &[], "");
    code.open("let Some((_hold, mut db)) = DATABASE.open() else {");
    code.line("return;");
    code.close("};");
    code.line(&format!("let mut record = {}(&mut db);", sample_fn(model)));
    code.line("record.save(&mut db).unwrap();");
    let generated: Vec<_> = model.fields.iter().filter(|f| f.generated).collect();
    let json = if generated.is_empty() {
        "json"
    } else {
        "mut json"
    };
    code.line(&format!(
        "let {json} = rt::serde_json::to_value(&record).unwrap();"
    ));
    code.line(&format!(
        "let columns = <{} as rt::Model>::COLUMNS;",
        model.name
    ));
    code.line("assert_eq!(json.as_object().unwrap().len(), columns.len());");
    code.line(&format!(
        "let copy: {} = rt::serde_json::from_value(json.clone()).unwrap();",
        model.name
    ));
    code.line("assert!(copy.is_new() && copy.is_dirty(), \"deserialized as new\");");
    if generated.is_empty() {
        code.line("assert_eq!(copy, record);");
    } else {
        code.line("let mut again = rt::serde_json::to_value(&copy).unwrap();");
        code.line("// Generated columns: the server computes them, deserializing drops them.");
        for field in generated {
            let name = rust_string(&field.column.column_name);
            code.line(&format!("json.as_object_mut().unwrap().remove({name});"));
            code.line(&format!("again.as_object_mut().unwrap().remove({name});"));
        }
        code.line("assert_eq!(again, json);");
    }
    code.close("}");
}
