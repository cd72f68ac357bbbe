//! What the user reads when a command fails: the runtime's error, told apart with the checks
//! applications branch on (`is_duplicate_key`, `is_foreign_key_violation`, `is_retryable`),
//! with what to do about it.

use crate::models::Error;
use modelgen_runtime::mysql::Error as DriverError;

/// A message for `error` that says what happened and what to do.
pub fn explain(error: &Error) -> String {
    let said = server_message(error);
    if error.is_duplicate_key() {
        format!("{said}: a row with that value exists already (a UNIQUE key); choose another")
    } else if error.is_foreign_key_violation() {
        format!(
            "{said}: other rows refer to it, or it refers to a row that is not there; \
             remove or add those first"
        )
    } else if error.is_retryable() {
        format!("{said}: the server gave up on a lock and wrote nothing; run the command again")
    } else if error.server_code().is_some() {
        format!("the server refused it: {said}")
    } else {
        error.to_string()
    }
}

/// What the server said, without the driver's wrapping.
fn server_message(error: &Error) -> String {
    match error {
        Error::Db(DriverError::MySqlError(e)) => e.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelgen_runtime::mysql::MySqlError;

    fn server_error(code: u16, message: &str) -> Error {
        Error::Db(DriverError::MySqlError(MySqlError {
            state: "23000".into(),
            message: message.into(),
            code,
        }))
    }

    #[test]
    fn each_kind_says_what_to_do() {
        let duplicate = server_error(1062, "Duplicate entry 'ann' for key 'uq_players_name'");
        assert_eq!(
            explain(&duplicate),
            "Duplicate entry 'ann' for key 'uq_players_name': a row with that value exists \
             already (a UNIQUE key); choose another"
        );
        let parent_missing = server_error(1452, "Cannot add or update a child row");
        assert!(explain(&parent_missing).contains("row: other rows refer to it, or it refers"));
        let children = server_error(1451, "Cannot delete or update a parent row");
        assert!(explain(&children).contains("row: other rows refer to it, or it refers"));
        let deadlock = server_error(1213, "Deadlock found when trying to get lock");
        assert!(explain(&deadlock).ends_with("run the command again"));
        let other = server_error(1146, "Table 'game.players' doesn't exist");
        assert_eq!(
            explain(&other),
            "the server refused it: Table 'game.players' doesn't exist"
        );
        let missing = Error::MissingValue {
            table: "players",
            column: "name",
        };
        assert_eq!(explain(&missing), missing.to_string());
    }
}
