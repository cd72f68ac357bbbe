//! The config file (`--config FILE`, or `modelgen.toml` beside the inputs): what the schema
//! cannot say. Inference on or off, a table prefix, relationships to add or leave out,
//! columns to leave out, and names of one's own (SPEC §3, §4, PRD OQ1).
//!
//! ```toml
//! infer = "auto"                 # or "off"; --infer wins
//! table_prefix = "wp_"           # wp_posts → Post, get_posts; post_id → wp_posts
//! finders = "all"                # find_by_<column> for every column, not just indexed ones
//! ignore_columns = ["players.legacy_flags"]
//!
//! [structs]                      # struct names of one's own, by table
//! copies = "BookCopy"
//!
//! [[relationships]]              # one the schema does not give
//! table = "mobiles"
//! columns = ["owner_id"]
//! references = "players"         # its primary key, or referenced_columns = ["id"]
//! belongs_to = "owner"           # Mobile::get_owner, set_owner
//! has_many = "owned_mobiles"     # Player::get_owned_mobiles, _lazy, add_owned_mobile
//!
//! [[relationships]]              # one to leave out
//! table = "trades"
//! columns = ["previous_trade_id"]
//! ignore = true
//! ```
//!
//! Three steps, one module each: `read` checks the file's shape (unknown keys are errors) and
//! keeps every value's place in the file; `resolve` checks its names against the catalog
//! ([`Config::resolve`]); `check` compares the relationships and names made with it with
//! what it asked for. Every error points into the file.

mod check;
mod read;
mod resolve;

pub use read::{Config, FILE_NAME};
pub use resolve::Resolved;

/// `; did you mean `x`?` for the closest of `names`, when one is close.
fn did_you_mean<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
