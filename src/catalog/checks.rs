//! What a table's CHECK constraints ask of its columns, read once when each CHECK is made:
//! comparisons of a column with a number, BETWEEN, IN and `=` lists, IS NOT NULL and
//! `json_valid`, joined by AND. The generated tests draw sample values that satisfy them.

use super::{Check, Table};
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};
use std::collections::BTreeMap;

/// What the CHECKs ask of one column.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rule {
    /// The smallest and largest numbers allowed (inclusive).
    pub low: Option<i128>,
    pub high: Option<i128>,
    /// The text the column must hold (the first of an IN list or an `=`).
    pub text: Option<String>,
    /// The column must hold a JSON document.
    pub json: bool,
}

/// What one CHECK asks, by column name; `None` when it is not a condition modelgen reads.
pub fn read_check(expr: &Expr, table: &Table) -> Option<BTreeMap<String, Rule>> {
    let mut rules = BTreeMap::new();
    read(expr, table, &mut rules)?;
    Some(rules)
}

impl Table {
    /// The rules of the table's CHECKs by column position, or why one cannot be read.
    pub fn check_rules(&self) -> Result<BTreeMap<usize, Rule>, String> {
        let mut rules: BTreeMap<usize, Rule> = BTreeMap::new();
        for check in &self.checks {
            let read = check.rules.as_ref().ok_or_else(|| unreadable(check))?;
            for (column, rule) in read {
                let position = self
                    .column_position(column)
                    .ok_or_else(|| unreadable(check))?;
                merge(rules.entry(position).or_default(), rule);
            }
        }
        Ok(rules)
    }
}

fn unreadable(check: &Check) -> String {
    format!(
        "modelgen cannot read its CHECK `{}` ({})",
        check.constraint_name, check.clause
    )
}

/// `into` narrowed by `rule` too.
fn merge(into: &mut Rule, rule: &Rule) {
    if let Some(low) = rule.low {
        into.low = Some(into.low.map_or(low, |l| l.max(low)));
    }
    if let Some(high) = rule.high {
        into.high = Some(into.high.map_or(high, |h| h.min(high)));
    }
    if rule.text.is_some() {
        into.text.clone_from(&rule.text);
    }
    into.json |= rule.json;
}

/// Adds what `expr` asks to `rules`; `None` when it is not a condition modelgen reads.
fn read(expr: &Expr, table: &Table, rules: &mut BTreeMap<String, Rule>) -> Option<()> {
    match expr {
        Expr::Nested(inner) => read(inner, table, rules),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            read(left, table, rules)?;
            read(right, table, rules)
        }
        Expr::BinaryOp { left, op, right } => {
            // `5 < x` is `x > 5`.
            let (column, op, value) = match (column(left, table), column(right, table)) {
                (Some(c), None) => (c, op.clone(), right),
                (None, Some(c)) => (c, flipped(op)?, left),
                _ => return None,
            };
            compare(rules.entry(column).or_default(), &op, value)
        }
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => {
            let rule = rules.entry(column(expr, table)?).or_default();
            compare(rule, &BinaryOperator::GtEq, low)?;
            compare(rule, &BinaryOperator::LtEq, high)
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => {
            let rule = rules.entry(column(expr, table)?).or_default();
            compare(rule, &BinaryOperator::Eq, list.first()?)
        }
        Expr::IsNotNull(expr) => column(expr, table).map(|_| ()),
        Expr::Function(function) => {
            let name = function.name.to_string().to_ascii_lowercase();
            let sqlparser::ast::FunctionArguments::List(list) = &function.args else {
                return None;
            };
            let [sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(arg))] =
                list.args.as_slice()
            else {
                return None;
            };
            if name != "json_valid" {
                return None;
            }
            rules.entry(column(arg, table)?).or_default().json = true;
            Some(())
        }
        _ => None,
    }
}

/// The name (as the table spells it) of the column `expr` names in `table`.
fn column(expr: &Expr, table: &Table) -> Option<String> {
    let name = match expr {
        Expr::Identifier(ident) => &ident.value,
        Expr::CompoundIdentifier(parts) => &parts.last()?.value,
        Expr::Nested(inner) => return column(inner, table),
        _ => return None,
    };
    table.column(name).map(|c| c.column_name.clone())
}

/// `a op b` as `b op' a`.
fn flipped(op: &BinaryOperator) -> Option<BinaryOperator> {
    Some(match op {
        BinaryOperator::Gt => BinaryOperator::Lt,
        BinaryOperator::GtEq => BinaryOperator::LtEq,
        BinaryOperator::Lt => BinaryOperator::Gt,
        BinaryOperator::LtEq => BinaryOperator::GtEq,
        BinaryOperator::Eq => BinaryOperator::Eq,
        BinaryOperator::NotEq => BinaryOperator::NotEq,
        _ => return None,
    })
}

/// `column op value` narrows `rule`.
fn compare(rule: &mut Rule, op: &BinaryOperator, value: &Expr) -> Option<()> {
    if let (BinaryOperator::Eq, Some(text)) = (op, text(value)) {
        rule.text = Some(text);
        return Some(());
    }
    let number = number(value)?;
    let (low, high) = match op {
        BinaryOperator::Gt => (Some((number.floor() as i128).saturating_add(1)), None),
        BinaryOperator::GtEq => (Some(number.ceil() as i128), None),
        BinaryOperator::Lt => (None, Some((number.ceil() as i128).saturating_sub(1))),
        BinaryOperator::LtEq => (None, Some(number.floor() as i128)),
        BinaryOperator::Eq if number.fract() == 0.0 => (Some(number as i128), Some(number as i128)),
        // A sample number is fresh each time: it is never the one a `<>` excludes.
        BinaryOperator::NotEq => (None, None),
        _ => return None,
    };
    if let Some(low) = low {
        rule.low = Some(rule.low.map_or(low, |l| l.max(low)));
    }
    if let Some(high) = high {
        rule.high = Some(rule.high.map_or(high, |h| h.min(high)));
    }
    Some(())
}

/// A number literal, maybe negative.
fn number(expr: &Expr) -> Option<f64> {
    match expr {
        Expr::Value(value) => match &value.value {
            Value::Number(digits, _) => digits.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => number(expr).map(|n| -n),
        Expr::Nested(inner) => number(inner),
        _ => None,
    }
}

/// A string literal.
fn text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(value) => match &value.value {
            Value::SingleQuotedString(text) | Value::DoubleQuotedString(text) => Some(text.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Table;

    fn table(ddl: &str) -> Table {
        let mut loaded = crate::Loaded::default();
        crate::apply_sql(std::path::Path::new("t.sql"), ddl.as_bytes(), &mut loaded).unwrap();
        loaded.catalog.table("t").unwrap().clone()
    }

    #[test]
    fn comparisons_between_and_lists_narrow_their_column() {
        let t = table(
            "CREATE TABLE t (a INT CHECK (a > 0 AND a <= 10), b INT, c VARCHAR(3), \
             d DECIMAL(5,2), e LONGTEXT CHECK (json_valid(e)), \
             CONSTRAINT b_range CHECK (b BETWEEN -5 AND 5), CHECK (c IN ('x', 'y')), \
             CHECK (100 > d AND d <> 3 AND d IS NOT NULL))",
        );
        let rules = t.check_rules().unwrap();
        let a = &rules[&0];
        assert_eq!((a.low, a.high), (Some(1), Some(10)));
        assert_eq!((rules[&1].low, rules[&1].high), (Some(-5), Some(5)));
        assert_eq!(rules[&2].text.as_deref(), Some("x"));
        assert_eq!((rules[&3].low, rules[&3].high), (None, Some(99)));
        assert!(rules[&4].json);
    }

    #[test]
    fn huge_bounds_saturate() {
        let t = table("CREATE TABLE t (a DOUBLE CHECK (a > 1e300 AND a < -1e300))");
        let rule = &t.check_rules().unwrap()[&0];
        assert_eq!((rule.low, rule.high), (Some(i128::MAX), Some(i128::MIN)));
    }

    #[test]
    fn other_conditions_say_which_check() {
        let t = table("CREATE TABLE t (a INT, b INT, CONSTRAINT order_ok CHECK (a < b))");
        let error = t.check_rules().unwrap_err();
        assert!(error.contains("`order_ok`"), "{error}");
    }
}
