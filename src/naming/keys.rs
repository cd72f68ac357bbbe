//! The names SPEC §4 gives a relationship's two sides, before clashes are looked at, with the
//! rule that gave each (for `inspect --relations`, so a user can predict and override them).

use super::ident::snake;
use super::words::{plural, singular};

/// A key column's stem: its accessor name less what marks it as a key, made singular.
#[derive(Debug, Clone, PartialEq)]
pub struct Stem {
    pub stem: String,
    /// The column's accessor name (`articleID` → `article_id`).
    pub accessor: String,
    /// What was done, in order (`` `fk_` removed``, `` `requests` made singular``), for the
    /// report.
    pub removed: Vec<String>,
}

/// The stem of a one-column key (SPEC §4): the accessor name, a leading `fk_` or trailing `_fk`
/// removed, then a trailing `_<referenced column>` (a plain key name: `namespace_key` →
/// `namespaces.key`) or `_id` removed, or a bare trailing `id`
/// when what is left ends with `target_one` (the singular target table: zabbix's
/// `eventid` → `events`), then made singular (`requests_id` → `request`).
pub fn key_stem(column: &str, referenced_column: Option<&str>, target_one: Option<&str>) -> Stem {
    let accessor = snake(column);
    let mut stem = accessor.as_str();
    let mut removed = Vec::new();
    if let Some(rest) = stem.strip_prefix("fk_").filter(|r| !r.is_empty()) {
        stem = rest;
        removed.push("`fk_` removed".to_string());
    } else if let Some(rest) = stem.strip_suffix("_fk").filter(|r| !r.is_empty()) {
        stem = rest;
        removed.push("`_fk` removed".to_string());
    }
    // `_<referenced column>` goes when that column is a plain key name (`id`, `key`,
    // `rowid`); one that holds the target's name (`eventid`) would take the target with it
    // (`p_eventid` → `p`): then only its `id` goes.
    let referenced = referenced_column
        .map(snake)
        .filter(|c| !target_one.is_some_and(|t| !t.is_empty() && c.contains(t)))
        .map(|c| format!("_{c}"));
    let suffixes = referenced.iter().map(String::as_str).chain(["_id"]);
    if let Some((rest, suffix)) = suffixes
        .filter_map(|s| Some((stem.strip_suffix(s).filter(|r| !r.is_empty())?, s)))
        .next()
    {
        stem = rest;
        removed.push(format!("`{suffix}` removed"));
    } else if let Some(rest) = stem
        .strip_suffix("id")
        .filter(|rest| target_one.is_some_and(|t| !t.is_empty() && rest.ends_with(t)))
    {
        stem = rest;
        removed.push("`id` removed".to_string());
    }
    let one = singular(stem);
    if one != stem {
        removed.push(format!("`{stem}` made singular"));
    }
    Stem {
        stem: one,
        accessor,
        removed,
    }
}

/// A belongs-to name and the rule that gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub rule: String,
}

/// The belongs-to side (`get_<name>` on the table holding the key): the stem when it differs
/// from the accessor name; the singular target when the column is named as the one it refers
/// to (`emp_no` → employees.emp_no: `employee`); else the accessor name and the singular
/// target (`approved_by` → `approved_by_user`), or `_record` when the column already ends
/// with the target's last word (`user` → `user_record`); for a composite key, the singular
/// target.
pub fn belongs_to(columns: &[String], referenced_columns: &[String], target_one: &str) -> Named {
    let [column] = columns else {
        return Named {
            name: target_one.to_string(),
            rule: format!("composite key: the singular of the table referred to, `{target_one}`"),
        };
    };
    let stem = key_stem(
        column,
        referenced_columns.first().map(String::as_str),
        Some(target_one),
    );
    if stem.stem != stem.accessor {
        let removed = stem.removed.join(", ");
        return Named {
            rule: format!("stem of `{column}`: {removed}"),
            name: stem.stem,
        };
    }
    let accessor = stem.accessor;
    // A key named as the column it refers to (`customerNumber` → customers.customerNumber,
    // `emp_no`, zabbix's `problem_tag.eventid` → problem.eventid) says nothing but "this
    // target": the target's name reads best (SPEC §4 is silent; the PRD names belongs-to by
    // its target).
    if referenced_columns
        .first()
        .is_some_and(|r| snake(r) == accessor)
    {
        return Named {
            name: target_one.to_string(),
            rule: format!(
                "`{column}` is named as the column it refers to: the singular of the table \
                 referred to, `{target_one}`"
            ),
        };
    }
    let last = target_one.rsplit('_').next().unwrap_or(target_one);
    if accessor == last || accessor.ends_with(&format!("_{last}")) {
        Named {
            name: format!("{accessor}_record"),
            rule: format!(
                "`{column}` has no key suffix to remove and ends with `{last}`: + `_record`"
            ),
        }
    } else {
        Named {
            name: format!("{accessor}_{target_one}"),
            rule: format!(
                "`{column}` has no key suffix to remove: + the singular of the table referred \
                 to, `{target_one}`"
            ),
        }
    }
}

/// The other side's names and the rule that gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reverse {
    /// `get_<many>`: plural for has-many, singular for has-one.
    pub many: String,
    /// The singular, for `add_`/`remove_<one>` on has-many.
    pub one: String,
    pub rule: String,
}

/// The other side (SPEC §4): has-many takes the plural source table, has-one the singular;
/// `by` (the belongs-to name, and why) is added when the source has several keys to the
/// target or refers to itself: `_by_<by>`, or `_<by>` when `by` already holds the word `by`.
pub fn reverse(source_one: &str, one_to_one: bool, by: Option<(&str, &str)>) -> Reverse {
    let suffix = match by {
        None => String::new(),
        Some((name, _)) if name.split('_').any(|w| w == "by") => format!("_{name}"),
        Some((name, _)) => format!("_by_{name}"),
    };
    let why = by
        .map(|(_, why)| format!(" + `{suffix}` ({why})"))
        .unwrap_or_default();
    let one = format!("{source_one}{suffix}");
    if one_to_one {
        Reverse {
            many: one.clone(),
            one,
            rule: format!(
                "has-one: the singular of the table holding the key, `{source_one}`{why}"
            ),
        }
    } else {
        let many = plural(source_one);
        Reverse {
            rule: format!("has-many: the plural of the table holding the key, `{many}`{why}"),
            many: format!("{many}{suffix}"),
            one,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (column, referenced column, singular target) → stem: real key columns.
    #[test]
    fn key_column_stems() {
        let cases = [
            ("blueprint_id", "id", "blueprint", "blueprint"),
            ("owner_id", "id", "player", "owner"),
            ("namespace_key", "key", "namespace", "namespace"),
            ("articleID", "id", "article", "article"),
            ("stateId", "id", "state", "state"),
            ("PROC_DEF_ID_", "ID_", "act_re_procdef", "proc_def"),
            ("fk_soc", "rowid", "societe", "soc"),
            ("fk_user_creat", "rowid", "user", "user_creat"),
            ("user_fk", "id", "user", "user"),
            ("eventid", "eventid", "event", "event"),
            ("p_eventid", "eventid", "event", "p_event"),
            ("templateid", "hostid", "host", "templateid"),
            ("requests_id", "id", "request", "request"),
            ("actor_id", "actor_id", "actor", "actor"),
            (
                "parent_category_id",
                "category_id",
                "category",
                "parent_category",
            ),
            ("r_eventid", "eventid", "event", "r_event"),
            ("code_country", "code", "country", "code_country"),
            ("country_code", "code", "country", "country"),
            ("approved_by", "id", "user", "approved_by"),
            ("user", "id", "user", "user"),
            ("id", "id", "user", "id"),
            ("fk_id", "id", "user", "id"),
            ("ds_id", "id", "ds", "ds"),
            ("song_data_id", "id", "song_data", "song_data"),
        ];
        for (column, referenced, target, expected) in cases {
            assert_eq!(
                key_stem(column, Some(referenced), Some(target)).stem,
                expected,
                "{column} -> {target}.{referenced}"
            );
        }
    }

    /// (column, referenced column, singular target) → belongs-to name.
    #[test]
    fn belongs_to_names() {
        let cases = [
            ("blueprint_id", "id", "blueprint", "blueprint"),
            ("owner_id", "id", "player", "owner"),
            ("fk_soc", "rowid", "societe", "soc"),
            ("PROC_DEF_ID_", "ID_", "act_re_procdef", "proc_def"),
            ("approved_by", "id", "user", "approved_by_user"),
            ("owner", "id", "player", "owner_player"),
            ("user", "id", "user", "user_record"),
            ("target", "id", "sp_target", "target_record"),
            ("created_by_user", "id", "user", "created_by_user_record"),
            ("eventid", "eventid", "event", "event"),
            ("templateid", "hostid", "host", "templateid_host"),
            ("requests_id", "id", "request", "request"),
            ("customerNumber", "customerNumber", "customer", "customer"),
            ("emp_no", "emp_no", "employee", "employee"),
            ("eventid", "eventid", "problem", "problem"),
            ("id", "id", "person", "person"),
        ];
        for (column, referenced, target, expected) in cases {
            let named = belongs_to(&[column.into()], &[referenced.into()], target);
            assert_eq!(named.name, expected, "{column} -> {target}.{referenced}");
        }
        let composite = belongs_to(
            &["a".into(), "b".into()],
            &["x".into(), "y".into()],
            "order_line",
        );
        assert_eq!(composite.name, "order_line");
    }

    /// (source singular, one-to-one, by) → (reverse, singular for add_).
    #[test]
    fn reverse_names() {
        let cases = [
            ("mobile_item", false, None, "mobile_items", "mobile_item"),
            (
                "player_setting",
                true,
                None,
                "player_setting",
                "player_setting",
            ),
            (
                "trade",
                false,
                Some("seller"),
                "trades_by_seller",
                "trade_by_seller",
            ),
            (
                "request",
                false,
                Some("approved_by_user"),
                "requests_approved_by_user",
                "request_approved_by_user",
            ),
            (
                "request",
                false,
                Some("user"),
                "requests_by_user",
                "request_by_user",
            ),
            ("song_data", false, None, "song_data", "song_data"),
            (
                "trade",
                false,
                Some("previous_trade"),
                "trades_by_previous_trade",
                "trade_by_previous_trade",
            ),
        ];
        for (source, one_to_one, by, many, one) in cases {
            let got = reverse(source, one_to_one, by.map(|b| (b, "why")));
            assert_eq!(
                (got.many.as_str(), got.one.as_str()),
                (many, one),
                "{source} {by:?}"
            );
        }
    }
}
