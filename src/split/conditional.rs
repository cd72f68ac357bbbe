//! Conditional comments: `/*!NNNNN code */` and MariaDB's `/*M!NNNNNN code */`.
//!
//! The client sends them as they are (their content is code to it: delimiters inside count);
//! the server runs the content when its version is high enough. Measured on MariaDB 10.11:
//! `/*!40101` runs; `/*!50700` to `/*!99999` do not (MariaDB leaves MySQL 5.7+ syntax out);
//! six digits compare with 101119; no version always runs. The version is the first five or six
//! digits (`/*!1000001` is version 100000 followed by `1`); fewer than five are no version but
//! code. Only an upper-case `M` marks MariaDB's form: `/*m!` is a plain comment.

/// The server whose behaviour the catalog mirrors: MariaDB 10.11.19.
const SERVER_VERSION: u64 = 101_119;

/// At `/*` in `text`: the length of a conditional comment's opening marker (`/*!40101`) and
/// whether the server runs its content; `None` for a plain comment.
pub fn marker(text: &[u8]) -> Option<(usize, bool)> {
    let (opening, mariadb) = if text.starts_with(b"/*!") {
        (3, false)
    } else if text.starts_with(b"/*M!") {
        (4, true)
    } else {
        return None;
    };
    let digits = text[opening..]
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits < 5 {
        return Some((opening, true));
    }
    let version: u64 = std::str::from_utf8(&text[opening..opening + digits])
        .ok()?
        .parse()
        .ok()?;
    let mysql_only = !mariadb && (50_700..=99_999).contains(&version);
    Some((opening + digits, version <= SERVER_VERSION && !mysql_only))
}

#[cfg(test)]
mod tests {
    use super::marker;

    #[test]
    fn versions_the_server_runs() {
        assert_eq!(marker(b"/*!40101 SET"), Some((8, true)));
        assert_eq!(marker(b"/*!32312 IF NOT EXISTS*/"), Some((8, true)));
        assert_eq!(marker(b"/*! x */"), Some((3, true)));
        assert_eq!(marker(b"/*!100000 x */"), Some((9, true)));
        assert_eq!(marker(b"/*M!100000 x */"), Some((10, true)));
    }

    #[test]
    fn versions_the_server_ignores() {
        assert_eq!(marker(b"/*!50705 location GEOMETRY */"), Some((8, false)));
        assert_eq!(marker(b"/*!80003 SRID 0 */"), Some((8, false)));
        assert_eq!(marker(b"/*!99999 x */"), Some((8, false)));
        assert_eq!(marker(b"/*!999999 x */"), Some((9, false)));
        assert_eq!(marker(b"/*M!110000 x */"), Some((10, false)));
        assert_eq!(
            marker(b"/*M!999999\\- enable the sandbox mode */"),
            Some((10, false))
        );
    }

    #[test]
    fn plain_comments_are_not_conditional() {
        assert_eq!(marker(b"/* x */"), None);
        assert_eq!(marker(b"/*m!100000 x */"), None);
    }

    #[test]
    fn version_is_at_most_six_digits() {
        assert_eq!(marker(b"/*!1000001 x */"), Some((9, true)));
        assert_eq!(marker(b"/*!1234567 x */"), Some((9, false)));
        assert_eq!(marker(b"/*!1234 x */"), Some((3, true)));
    }
}
