//! What a table's CHECK constraints ask of the sample values of the generated tests: the
//! conditions modelgen can read (comparisons of a column with a number, BETWEEN, IN and `=`
//! lists, IS NOT NULL, `json_valid`, joined by AND), column by column.

use crate::catalog::Table;
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
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

/// The rules of `table`'s CHECKs by column position, or why one cannot be read.
pub fn rules(table: &Table) -> Result<BTreeMap<usize, Rule>, String> {
    let mut rules = BTreeMap::new();
    for check in &table.checks {
        let unreadable = || {
            format!(
                "modelgen cannot read its CHECK `{}` ({})",
                check.constraint_name, check.clause
            )
        };
        let expr = Parser::new(&MySqlDialect {})
            .try_with_sql(&check.clause)
            .and_then(|mut parser| parser.parse_expr())
            .map_err(|_| unreadable())?;
        read(&expr, table, &mut rules).ok_or_else(unreadable)?;
    }
    Ok(rules)
}

/// Adds what `expr` asks to `rules`; `None` when it is not a condition modelgen reads.
fn read(expr: &Expr, table: &Table, rules: &mut BTreeMap<usize, Rule>) -> Option<()> {
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

/// The position of the column `expr` names in `table`.
fn column(expr: &Expr, table: &Table) -> Option<usize> {
    match expr {
        Expr::Identifier(ident) => table.column_position(&ident.value),
        Expr::CompoundIdentifier(parts) => table.column_position(&parts.last()?.value),
        Expr::Nested(inner) => column(inner, table),
        _ => None,
    }
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
    use super::*;

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
        let rules = rules(&t).unwrap();
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
        let rule = &rules(&t).unwrap()[&0];
        assert_eq!((rule.low, rule.high), (Some(i128::MAX), Some(i128::MIN)));
    }

    #[test]
    fn other_conditions_say_which_check() {
        let t = table("CREATE TABLE t (a INT, b INT, CONSTRAINT order_ok CHECK (a < b))");
        let error = rules(&t).unwrap_err();
        assert!(error.contains("`order_ok`"), "{error}");
    }
}
