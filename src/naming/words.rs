//! Singular and plural of snake_case names: the last word changes (`inventory_entries` →
//! `inventory_entry`), mass nouns never do (`song_data` stays), and only a known English
//! plural is made singular (`ds`, `cms` stay: abbreviations).

/// Words used as mass nouns: the same in singular and plural names.
const MASS_NOUNS: &[&str] = &[
    "data",
    "metadata",
    "media",
    "info",
    "information",
    "news",
    "series",
    "feedback",
    "staff",
    "equipment",
    "software",
    "hardware",
];

fn is_mass_noun(word: &str) -> bool {
    MASS_NOUNS.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// `word`'s singular when `word` is a known English plural: the pluralizer's singular,
/// when it is a pronounceable word of two letters or more (a vowel: `ds` → `d` is no word)
/// whose plural is `word` again.
fn singular_word(word: &str) -> Option<String> {
    if word.len() < 3 || is_mass_noun(word) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let one = pluralizer::pluralize(&lower, 1, false);
    let pronounceable = one.len() >= 2 && one.contains(['a', 'e', 'i', 'o', 'u', 'y']);
    let round_trip = pluralizer::pluralize(&one, 2, false) == lower;
    (one != lower && pronounceable && round_trip).then_some(one)
}

/// Whether `word` is a known English plural.
pub fn is_plural_word(word: &str) -> bool {
    singular_word(word).is_some()
}

/// `inventory_entries` → `inventory_entry`: the last word made singular, if it is a plural.
pub fn singular(name: &str) -> String {
    let (head, last) = split_last_word(name);
    match singular_word(last) {
        Some(one) => format!("{head}{one}"),
        None => name.to_string(),
    }
}

/// `mobile_item` → `mobile_items`: the last word made plural, unless a mass noun or already
/// a plural (`requests` stays).
pub fn plural(name: &str) -> String {
    let (head, last) = split_last_word(name);
    if last.is_empty() || is_mass_noun(last) || is_plural_word(last) {
        return name.to_string();
    }
    format!(
        "{head}{}",
        pluralizer::pluralize(&last.to_ascii_lowercase(), 2, false)
    )
}

/// The singular of a plural name that may carry a suffix after its noun
/// (`loans_by_librarian` → `loan_by_librarian`, `owned_mobiles` → `owned_mobile`): the last
/// plural word before the first `by` word is made singular.
pub fn singular_head(name: &str) -> String {
    let words: Vec<&str> = name.split('_').collect();
    let end = words.iter().position(|w| *w == "by").unwrap_or(words.len());
    let Some(at) = (0..end).rev().find(|&i| is_plural_word(words[i])) else {
        return name.to_string();
    };
    let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    words[at] = singular_word(&words[at]).expect("a plural word");
    words.join("_")
}

fn split_last_word(name: &str) -> (&str, &str) {
    match name.rfind('_') {
        Some(at) => name.split_at(at + 1),
        None => ("", name),
    }
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
    fn singulars() {
        table(
            singular,
            &[
                ("mobile_items", "mobile_item"),
                ("inventory_entries", "inventory_entry"),
                ("people", "person"),
                ("song_data", "song_data"),
                ("metadata", "metadata"),
                ("news", "news"),
                ("series", "series"),
                ("staff", "staff"),
                ("media", "media"),
                ("requests", "request"),
                ("statuses", "status"),
                ("status", "status"),
                ("address", "address"),
                ("ds", "ds"),
                ("cms", "cms"),
                ("user_gps", "user_gps"),
                ("os", "os"),
                ("us", "us"),
                ("criteria", "criterion"),
                ("acls", "acl"),
                ("user", "user"),
            ],
        );
    }

    #[test]
    fn plurals() {
        table(
            plural,
            &[
                ("mobile_item", "mobile_items"),
                ("inventory_entry", "inventory_entries"),
                ("person", "people"),
                ("song_data", "song_data"),
                ("info", "info"),
                ("feedback", "feedback"),
                ("requests", "requests"),
                ("box", "boxes"),
            ],
        );
    }

    #[test]
    fn singular_heads() {
        table(
            singular_head,
            &[
                ("loans_by_librarian", "loan_by_librarian"),
                ("owned_mobiles", "owned_mobile"),
                ("requests_approved_by_user", "request_approved_by_user"),
                ("sales", "sale"),
                ("song_data", "song_data"),
                ("trades_by_buyers", "trade_by_buyers"),
            ],
        );
    }
}
