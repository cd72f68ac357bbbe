//! Properties of the split stage: no bytes make it panic, and statements built from a small
//! grammar of quotes and comments come back one for one, where they were written.

use modelgen::split::{split_statements, RawStatement};
use proptest::prelude::*;
use std::path::Path;

fn split(sql: &[u8]) -> Result<Vec<RawStatement>, modelgen::diag::Diagnostic> {
    let mut statements = Vec::new();
    split_statements(Path::new("p.sql"), sql, |s| {
        statements.push(s);
        Ok(())
    })
    .map(|()| statements)
}

/// Pieces of a statement that hide a `;`, a quote or a comment marker from a naive splitter.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,8}".prop_map(|w| w),
        Just("'a;b'".to_string()),
        Just("'it''s; \\' -- no'".to_string()),
        Just("\"x;\\\"#y\"".to_string()),
        Just("`c;``d`".to_string()),
        Just("/* ; ' */".to_string()),
        Just("-- ; '\n".to_string()),
        Just("# ; \"\n".to_string()),
        Just("/*!40101 ok */".to_string()),
        Just("/*!50705 skipped */".to_string()),
        Just("1--1".to_string()),
        Just("\r\n".to_string()),
        Just("(x, 'é')".to_string()),
    ]
}

/// A statement: a schema keyword, then pieces separated by spaces.
fn statement() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["CREATE", "ALTER", "DROP", "RENAME"][..]),
        prop::collection::vec(piece(), 0..6),
    )
        .prop_map(|(keyword, pieces)| format!("{keyword} {}", pieces.join(" ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = split(&bytes);
    }

    #[test]
    fn sql_like_text_never_panics(text in "[a-zA-Z ;'\"`#/*!\\-\\\\\n\r0-9$]{0,200}") {
        let _ = split(text.as_bytes());
        let _ = split(format!("DELIMITER $$\n{text}").as_bytes());
    }

    #[test]
    fn statements_joined_by_semicolons_come_back(statements in prop::collection::vec(statement(), 1..8)) {
        let sql = statements.iter().map(|s| format!("{s};\n")).collect::<String>();
        let found = split(sql.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(found.len(), statements.len());
        let mut line = 1;
        for (written, found) in statements.iter().zip(&found) {
            prop_assert_eq!((found.line, found.column), (line, 1));
            prop_assert_eq!(found.keyword.as_str(), written.split(' ').next().unwrap());
            // Same characters at the same places, but for comments turned into spaces.
            let blanked_only = found.text.chars().zip(written.chars()).all(|(f, w)| f == w || f == ' ');
            prop_assert!(blanked_only, "{:?} from {:?}", found.text, written);
            prop_assert!(found.text.chars().count() <= written.chars().count());
            line += written.matches('\n').count() as u32 + 1;
        }
    }
}
