//! What the `mariadb` client does with a line before the server sees it.

/// A client command found at the start of a statement.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// `DELIMITER xx`: statements end with `xx` from now on.
    Delimiter(Vec<u8>),
    /// A line the client drops: `source FILE`, `\. FILE`, and a line that starts with `--`
    /// (whatever follows: `-----` separators, `--comment`) or `#`.
    Ignored,
}

/// The client command in `line`, read between statements.
pub fn command(line: &[u8]) -> Option<Command> {
    if line.starts_with(b"--") || line.starts_with(b"#") {
        return Some(Command::Ignored);
    }
    let trimmed = line.trim_ascii();
    let (word, rest) = split_word(trimmed);
    if word.eq_ignore_ascii_case(b"delimiter") && !rest.is_empty() {
        let (delimiter, _) = split_word(rest);
        return Some(Command::Delimiter(delimiter.to_vec()));
    }
    let is_source = word.eq_ignore_ascii_case(b"source") || word == b"\\.";
    (is_source && !rest.is_empty()).then_some(Command::Ignored)
}

/// The first whitespace-separated word, and what follows it (trimmed).
fn split_word(text: &[u8]) -> (&[u8], &[u8]) {
    let end = text.iter().position(u8::is_ascii_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim_ascii_start())
}

/// `-- +goose Down` or `-- migrate:down` (dbmate) at the start of a line: the down migration
/// begins.
pub fn is_down_marker(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"--") else { return false };
    let rest = rest.trim_ascii_start();
    let word_ends = |rest: &[u8], n: usize| {
        rest.get(n).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    };
    if let Some(after) = strip_prefix_ignore_case(rest, b"+goose") {
        let down = after.trim_ascii_start();
        return down.len() < after.len()
            && strip_prefix_ignore_case(down, b"down").is_some()
            && word_ends(down, 4);
    }
    strip_prefix_ignore_case(rest, b"migrate:down").is_some() && word_ends(rest, 12)
}

fn strip_prefix_ignore_case<'a>(text: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    (text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &text[prefix.len()..])
}
