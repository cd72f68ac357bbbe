//! What the `mariadb` client does with the input before the server sees it: its own commands,
//! which it reads at the start of a statement (`DELIMITER //`, `source FILE`, `use db`) or
//! anywhere in code as a backslash and a letter (`\g`, `\c`, `\d //`).

/// A client command that takes a whole line at the start of a statement.
#[derive(Debug, PartialEq, Eq)]
pub enum LineCommand {
    /// `DELIMITER xx`: statements end with `xx` from now on.
    Delimiter(Vec<u8>),
    /// `use db` without a delimiter: the client runs it at once, as its own statement.
    Use,
    /// `DELIMITER` without a delimiter, which the client refuses.
    EmptyDelimiter,
    /// `quit` or `exit`: the client stops reading.
    Quit,
    /// Anything else the client obeys and the server never sees (`source FILE`, `status`).
    Ignored,
}

/// The client's commands: name, one-letter form, and whether it takes an argument.
const COMMANDS: &[(&str, u8, bool)] = &[
    ("?", b'?', true),
    ("clear", b'c', false),
    ("connect", b'r', true),
    ("delimiter", b'd', true),
    ("edit", b'e', false),
    ("ego", b'G', false),
    ("exit", b'q', false),
    ("go", b'g', false),
    ("help", b'h', true),
    ("nopager", b'n', false),
    ("notee", b't', false),
    ("pager", b'P', true),
    ("print", b'p', false),
    ("prompt", b'R', true),
    ("quit", b'q', false),
    ("rehash", b'#', false),
    ("source", b'.', true),
    ("sandbox", b'-', false),
    ("status", b's', false),
    ("system", b'!', true),
    ("tee", b'T', true),
    ("use", b'u', true),
    ("charset", b'C', true),
    ("warnings", b'W', false),
    ("nowarning", b'w', false),
];

/// The command `line` holds, read where the client has no statement in progress. Like the
/// client, a line holding the delimiter (or `\g`) is left to the statement reader, except
/// `DELIMITER` itself.
pub fn line_command(line: &[u8], delimiter: &[u8]) -> Option<LineCommand> {
    let trimmed = line.trim_ascii();
    let is_delimiter = split_word(trimmed).0.eq_ignore_ascii_case(b"delimiter");
    if !is_delimiter
        && (memchr::memmem::find(trimmed, b"\\g").is_some()
            || memchr::memmem::find(trimmed, delimiter).is_some())
    {
        return None;
    }
    statement_command(trimmed)
}

/// The command a statement holds when it reaches its delimiter: the client looks for its own
/// commands there too (`source x;`, `use x;`, `exit;`).
pub fn statement_command(text: &[u8]) -> Option<LineCommand> {
    let (word, rest) = split_word(text.trim_ascii());
    let (name, _, takes_argument) = *COMMANDS
        .iter()
        .find(|(name, _, _)| word.eq_ignore_ascii_case(name.as_bytes()))?;
    if !rest.is_empty() && !takes_argument {
        return None;
    }
    Some(match name {
        "delimiter" => match split_word(rest).0 {
            [] => LineCommand::EmptyDelimiter,
            delimiter => LineCommand::Delimiter(delimiter.to_vec()),
        },
        "use" if !rest.is_empty() => LineCommand::Use,
        "quit" | "exit" => LineCommand::Quit,
        _ => LineCommand::Ignored,
    })
}

/// A backslash command found in code (outside strings and comments).
#[derive(Debug, PartialEq, Eq)]
pub enum Backslash {
    /// `\N` is NULL to the server, not a command.
    Code,
    /// `\g` and `\G` send the statement, as the delimiter does.
    Go,
    /// `\c` forgets the statement in progress.
    Clear,
    /// `\q`: the statement in progress is sent, then the client stops.
    Quit,
    /// `\d xx`: the new delimiter, and how many bytes after the letter it takes.
    Delimiter(Vec<u8>, usize),
    /// A command with an argument (`\. file`, `\u db`): it takes the rest of the statement.
    WithArgument,
    /// A command without argument (`\p`, `\s`).
    Alone,
    /// The client stops with "Unknown command".
    Unknown,
}

/// The command of `\` + `letter`; `after` is what follows the letter on the line.
pub fn backslash(letter: u8, after: &[u8]) -> Backslash {
    match letter {
        b'N' => Backslash::Code,
        b'g' | b'G' => Backslash::Go,
        b'c' => Backslash::Clear,
        b'q' => Backslash::Quit,
        b'd' => {
            let start = after.len() - after.trim_ascii_start().len();
            let (delimiter, _) = split_word(&after[start..]);
            Backslash::Delimiter(delimiter.to_vec(), start + delimiter.len())
        }
        _ => match COMMANDS.iter().find(|(_, short, _)| *short == letter) {
            Some((_, _, true)) => Backslash::WithArgument,
            Some((_, _, false)) => Backslash::Alone,
            None => Backslash::Unknown,
        },
    }
}

/// The first whitespace-separated word, and what follows it (trimmed).
fn split_word(text: &[u8]) -> (&[u8], &[u8]) {
    let end = text
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(text.len());
    (&text[..end], text[end..].trim_ascii_start())
}

/// `-- +goose Down` or `-- migrate:down` (dbmate) at the start of a line: the down migration
/// begins.
pub fn is_down_marker(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"--") else {
        return false;
    };
    let rest = rest.trim_ascii_start();
    let word_ends = |rest: &[u8], n: usize| {
        rest.get(n)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_commands_at_statement_start() {
        let command = |line: &str| line_command(line.as_bytes(), b";");
        assert_eq!(
            command("DELIMITER ;;\n"),
            Some(LineCommand::Delimiter(b";;".to_vec()))
        );
        assert_eq!(
            command("  delimiter // extra\r\n"),
            Some(LineCommand::Delimiter(b"//".to_vec()))
        );
        assert_eq!(command("use shop\n"), Some(LineCommand::Use));
        assert_eq!(
            command("use shop;\n"),
            None,
            "the delimiter leaves it to the reader"
        );
        assert_eq!(command("source a.sql\n"), Some(LineCommand::Ignored));
        assert_eq!(command("QUIT\r\n"), Some(LineCommand::Quit));
        assert_eq!(command("status x\n"), None, "status takes no argument");
        assert_eq!(command("CREATE TABLE a (x INT)\n"), None);
        assert_eq!(
            statement_command(b"source a.sql"),
            Some(LineCommand::Ignored)
        );
        assert_eq!(statement_command(b"USE shop"), Some(LineCommand::Use));
        assert_eq!(statement_command(b"exit"), Some(LineCommand::Quit));
    }

    #[test]
    fn backslash_commands() {
        assert_eq!(backslash(b'G', b""), Backslash::Go);
        assert_eq!(
            backslash(b'd', b" // rest"),
            Backslash::Delimiter(b"//".to_vec(), 3)
        );
        assert_eq!(backslash(b'.', b" f.sql"), Backslash::WithArgument);
        assert_eq!(backslash(b'x', b""), Backslash::Unknown);
    }
}
