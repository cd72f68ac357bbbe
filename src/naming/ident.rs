//! Case conversion and keyword escaping: any text from a schema → a valid, lint-clean Rust
//! identifier in the wanted case (in the manner of prost-build's `ident.rs`).
//!
//! Every name is ASCII: letters from other scripts are transliterated (`ünï` → `uni`,
//! `пользователи` → `pol_zovateli`) and everything else that cannot be in an identifier
//! becomes a word break. So no generated name can hold a bidi control (rustc's
//! `text_direction_codepoint_in_literal` family), a look-alike of another name
//! (`confusable_idents`, `mixed_script_confusables`) or an uncommon codepoint
//! (`uncommon_codepoints`); the item's doc keeps the schema's own spelling.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords, strict and reserved (2015 to 2024 editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `text` in ASCII: other scripts transliterated (deunicode), controls and marks dropped.
fn ascii(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    deunicode::deunicode_with_tofu(text, "_")
}

/// `name` with every character that cannot be in an identifier made `_`, runs of `_` made
/// one (rustc's `non_snake_case` refuses `a__b`).
fn word_characters(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    out
}

/// The snake_case words of `name` (`articleID` → `article_id`, `PROC_DEF_ID_` → `proc_def_id`,
/// `ünï` → `uni`): the stem of `get_<stem>`. Never empty; may start with a digit.
pub fn snake(name: &str) -> String {
    let snake = word_characters(&ascii(name).to_snake_case());
    let snake = snake.trim_matches('_');
    if snake.is_empty() {
        "_".into()
    } else {
        snake.to_string()
    }
}

/// `name`'s words in UpperCamelCase, ASCII, possibly empty or starting with a digit.
pub fn camel(name: &str) -> String {
    word_characters(&ascii(name).to_upper_camel_case()).replace('_', "")
}

/// `name`'s words in SCREAMING_SNAKE_CASE (`blueprint_id` → `BLUEPRINT_ID`).
pub fn screaming(name: &str) -> String {
    let shouty = word_characters(&ascii(name).to_shouty_snake_case());
    let shouty = shouty.trim_matches('_');
    if shouty.is_empty() {
        "_".into()
    } else if shouty.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{shouty}")
    } else {
        shouty.to_string()
    }
}

/// A valid identifier from a name already in the wanted case: keywords get a trailing `_`
/// (`type` → `type_`), a name that cannot start an identifier gets a leading `_`
/// (`3d` → `_3d`).
pub fn identifier(name: &str) -> String {
    let mut id = word_characters(&ascii(name));
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, '_');
    }
    if is_keyword(&id) {
        id.push('_');
    }
    id
}

/// A type name (struct, enum, variant) from UpperCamelCase words: a leading digit gets
/// `lead` before it (`3dModel` → `T3dModel`), and an all-capitals name of three letters or more
/// is written as a word (`XYZ` → `Xyz`), as clippy's `upper_case_acronyms` asks.
pub fn type_name(camel: &str, lead: &str) -> String {
    let name = match camel.chars().next() {
        None => lead.to_string(),
        Some(c) if c.is_ascii_digit() => format!("{lead}{camel}"),
        Some(_) => camel.to_string(),
    };
    if name.len() >= 3 && name.chars().all(|c| c.is_ascii_uppercase()) {
        let (first, rest) = name.split_at(1);
        return format!("{first}{}", rest.to_ascii_lowercase());
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(f: fn(&str) -> String, cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(f(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn snake_case_stems() {
        table(
            snake,
            &[
                ("blueprint_id", "blueprint_id"),
                ("articleID", "article_id"),
                ("stateId", "state_id"),
                ("PROC_DEF_ID_", "proc_def_id"),
                ("fk_soc", "fk_soc"),
                ("HTTPRequest", "http_request"),
                ("a  b", "a_b"),
                ("user-id", "user_id"),
                ("3d", "3d"),
                ("ünï", "uni"),
                ("пользователи", "pol_zovateli"),
                ("a\u{202e}b", "ab"),
                ("a\u{200f}\u{2066}b", "ab"),
                ("___", "_"),
                ("", "_"),
                ("👍", "1"),
            ],
        );
    }

    #[test]
    fn identifiers_are_valid_rust() {
        table(
            identifier,
            &[
                ("type", "type_"),
                ("self", "self_"),
                ("Self", "Self_"),
                ("gen", "gen_"),
                ("3d", "_3d"),
                ("a b-c", "a_b_c"),
                ("ünï", "uni"),
                ("", "_"),
            ],
        );
    }

    #[test]
    fn type_names_are_camel_case_words() {
        let struct_name = |s: &str| type_name(&camel(s), "T");
        table(
            struct_name,
            &[
                ("mobile_item", "MobileItem"),
                ("x_y_z", "Xyz"),
                ("x_y", "XY"),
                ("ABC", "Abc"),
                ("3d model", "T3dModel"),
                ("", "T"),
                ("ünï", "Uni"),
                ("a\u{202e}b", "Ab"),
            ],
        );
    }

    #[test]
    fn screaming_constants() {
        table(
            screaming,
            &[
                ("blueprint_id", "BLUEPRINT_ID"),
                ("articleID", "ARTICLE_ID"),
                ("3d", "_3D"),
                ("type", "TYPE"),
                ("ünï", "UNI"),
                ("", "_"),
            ],
        );
    }
}
