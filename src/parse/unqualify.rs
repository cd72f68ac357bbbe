//! A statement as `SCHEMA_SQL` keeps it: run in the generated tests' scratch database, it must
//! name no other database. `CREATE TABLE shop.items`, `REFERENCES `shop`.`items``,
//! `CHECK (shop.items.price > 0)` lose what comes before the last name of each dotted chain
//! (MySQL Workbench exports qualify every name). Strings and comments are left as they are.

use sqlparser::dialect::MySqlDialect;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

/// `text` without the qualifiers of its dotted names; unchanged when it has none (or does
/// not tokenize: the parser has read it already, so that does not happen).
pub fn unqualified(text: &str) -> String {
    // A dotted name needs a period: most statements have none worth tokenizing for.
    if !text.contains('.') {
        return text.to_string();
    }
    let Ok(tokens) = Tokenizer::new(&MySqlDialect {}, text).tokenize_with_location() else {
        return text.to_string();
    };
    let tokens: Vec<&TokenWithSpan> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect();
    let lines = line_starts(text);
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // `a . b . c`: cut from `a` to the last period.
        let mut end = i;
        while end + 2 < tokens.len() + 1
            && is_name(tokens.get(end))
            && matches!(tokens.get(end + 1).map(|t| &t.token), Some(Token::Period))
            && is_name(tokens.get(end + 2))
        {
            end += 2;
        }
        if end > i {
            let from = offset(text, &lines, tokens[i].span.start);
            let to = offset(text, &lines, tokens[end].span.end);
            // After a dot a keyword is a name (`shop.lines`); alone it must be quoted.
            cuts.push((from..to, quoted(&tokens[end].token)));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if cuts.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (cut, name) in cuts {
        out.push_str(&text[at..cut.start]);
        out.push_str(&name);
        at = cut.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A name token as SQL in backquotes.
fn quoted(token: &Token) -> String {
    match token {
        Token::Word(word) => format!("`{}`", word.value.replace('`', "``")),
        other => other.to_string(),
    }
}

fn is_name(token: Option<&&TokenWithSpan>) -> bool {
    matches!(token.map(|t| &t.token), Some(Token::Word(_)))
}

/// Where each line of `text` starts, in bytes.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte offset of a tokenizer location (1-based line and column, columns in characters).
fn offset(text: &str, lines: &[usize], location: Location) -> usize {
    let start = lines[(location.line as usize)
        .saturating_sub(1)
        .min(lines.len() - 1)];
    let column = (location.column as usize).saturating_sub(1);
    text[start..]
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::unqualified;

    #[test]
    fn qualified_names_lose_their_database() {
        assert_eq!(
            unqualified("CREATE TABLE IF NOT EXISTS `shop`.`items` (id INT)"),
            "CREATE TABLE IF NOT EXISTS `items` (id INT)"
        );
        assert_eq!(
            unqualified("ALTER TABLE shop.lines ADD FOREIGN KEY (a) REFERENCES shop . items (id)"),
            "ALTER TABLE `lines` ADD FOREIGN KEY (a) REFERENCES `items` (id)"
        );
        assert_eq!(
            unqualified("CREATE TABLE t (p INT CHECK (shop.t.p > 0))"),
            "CREATE TABLE t (p INT CHECK (`p` > 0))"
        );
    }

    #[test]
    fn strings_numbers_and_plain_names_stay() {
        let text = "CREATE TABLE é (n VARCHAR(9) DEFAULT 'shop.items', d DECIMAL(3,1) DEFAULT 1.5)";
        assert_eq!(unqualified(text), text);
        let comment = "CREATE TABLE t (a INT) /* shop.t */ -- shop.t\n";
        assert_eq!(unqualified(comment), comment);
    }
}
