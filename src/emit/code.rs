//! Lines of Rust as rustfmt (default settings) would leave them, for the few shapes the
//! emitter writes: blocks, doc comments, calls and `vec!`s that fit on a line or go one argument
//! per line, signatures likewise, `&&` chains and SQL strings wrapped with `\`.
//!
//! Generated code keeps to these shapes on purpose: no method chains on long paths, no nested
//! calls in arguments, so that the same simple rules hold whatever the schema's names.

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width` (and `array_width`) under the default heuristics.
const CALL_WIDTH: usize = 60;

/// Rust source being written, with the current indentation.
#[derive(Debug, Default)]
pub struct Code {
    out: String,
    indent: usize,
}

impl Code {
    pub fn finish(self) -> String {
        self.out
    }

    /// One line at the current indentation.
    pub fn line(&mut self, text: &str) {
        if text.is_empty() {
            self.out.push('\n');
            return;
        }
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `text` then one level deeper (`impl X {`).
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    /// One level out, then `text` (`}`).
    pub fn close(&mut self, text: &str) {
        self.indent -= 1;
        self.line(text);
    }

    /// The current indentation in columns.
    pub fn indent_width(&self) -> usize {
        self.indent * 4
    }

    /// One level out, writing nothing.
    pub fn close_silently(&mut self) {
        self.indent -= 1;
    }

    /// `} else {`: out one level and in again.
    pub fn close_open(&mut self, text: &str) {
        self.indent -= 1;
        self.open(text);
    }

    /// Columns left on the current line.
    fn room(&self) -> usize {
        MAX_WIDTH.saturating_sub(self.indent * 4)
    }

    /// `///` lines from free text (a schema comment may hold anything): one per line, without
    /// what would end the comment, start a doctest or trouble rustfmt.
    pub fn doc(&mut self, text: &str) {
        if text.is_empty() {
            self.line("///");
        }
        for line in text.lines() {
            let line = doc_safe(line);
            if line.is_empty() {
                self.line("///");
            }
            let item = line.starts_with("- ");
            let room = self.room() - 4;
            let pieces = wrap_words(&line, room, if item { room - 2 } else { room });
            for (i, piece) in pieces.iter().enumerate() {
                let piece = piece.trim_end();
                if i == 0 {
                    self.line(&format!("/// {piece}"));
                } else if item {
                    self.line(&format!("///   {piece}"));
                } else {
                    self.line(&format!("/// {}", plain_start(piece)));
                }
            }
        }
    }

    /// `head(args)tail` on one line when it fits, else one argument per line.
    pub fn call(&mut self, head: &str, args: &[String], tail: &str) {
        self.list(head, "(", ")", args, tail);
    }

    /// `let pattern = head(args)tail`: on one line when it fits; else the call on the next line
    /// when it fits there; else one argument per line (rustfmt's order of preference).
    pub fn let_call(&mut self, pattern: &str, head: &str, args: &[String], tail: &str) {
        let joined = args.join(", ");
        let call = format!("{head}({joined}){tail}");
        if width(&joined) > CALL_WIDTH {
            self.call(&format!("{pattern} = {head}"), args, tail);
            return;
        }
        let chain = head.split_once('.').map(|(receiver, method)| {
            (
                receiver.to_string(),
                format!(".{method}({joined}){tail}"),
                method.to_string(),
            )
        });
        if width(&format!("{pattern} = {call}")) <= self.room() {
            self.line(&format!("{pattern} = {call}"));
        } else if width(&call) + 4 <= self.room() {
            self.line(&format!("{pattern} ="));
            self.indent += 1;
            self.line(&call);
            self.indent -= 1;
        } else if let Some((receiver, line, _)) = chain
            .as_ref()
            .filter(|(_, line, _)| width(line) + 4 <= self.room())
        {
            // A method call: rustfmt breaks the chain before `.method`.
            self.line(&format!("{pattern} = {receiver}"));
            self.indent += 1;
            self.line(line);
            self.indent -= 1;
        } else if !args.iter().all(|a| is_simple(a)) {
            // rustfmt puts arguments together only when each is simple.
            self.call(&format!("{pattern} = {head}"), args, tail);
        } else if width(&format!("{pattern} = {head}(")) < self.room() {
            // The call's head fits: short arguments go together on the next line.
            self.compressed(&format!("{pattern} = {head}("), &joined, tail);
        } else if let Some((receiver, _, method)) = &chain {
            self.line(&format!("{pattern} = {receiver}"));
            self.indent += 1;
            self.compressed(&format!(".{method}("), &joined, tail);
            self.indent -= 1;
        } else {
            self.call(&format!("{pattern} = {head}"), args, tail);
        }
    }

    /// `head(` / `args,` / `)tail`: rustfmt's layout of short simple arguments after a long
    /// head.
    fn compressed(&mut self, head: &str, joined: &str, tail: &str) {
        self.line(head);
        self.indent += 1;
        self.line(&format!("{joined},"));
        self.indent -= 1;
        self.line(&format!("){tail}"));
    }

    /// `head vec![args]tail`, laid out as `call`.
    pub fn vec(&mut self, head: &str, args: &[String], tail: &str) {
        self.list(&format!("{head}vec!"), "[", "]", args, tail);
    }

    fn list(&mut self, head: &str, open: &str, close: &str, args: &[String], tail: &str) {
        let joined = args.join(", ");
        let one_line = format!("{head}{open}{joined}{close}{tail}");
        if width(&joined) <= CALL_WIDTH && width(&one_line) <= self.room() {
            self.line(&one_line);
            return;
        }
        self.open(&format!("{head}{open}"));
        for arg in args {
            self.line(&format!("{arg},"));
        }
        self.close(&format!("{close}{tail}"));
    }

    /// `fn` signature and its opening brace: on one line when it fits, else one parameter per
    /// line. `head` is `pub fn name<'a>`.
    pub fn signature(&mut self, head: &str, params: &[String], ret: &str) {
        let ret = if ret.is_empty() {
            String::new()
        } else {
            format!(" -> {ret}")
        };
        let one_line = format!("{head}({}){ret} {{", params.join(", "));
        if width(&one_line) <= self.room() {
            self.open(&one_line);
            return;
        }
        match head.split_once('<') {
            // Even `name<'a>(` is too long: rustfmt breaks the generics too.
            Some((name, generics)) if width(head) + 1 > self.room() - 3 => {
                self.line(&format!("{name}<"));
                self.indent += 1;
                self.line(&format!("{},", generics.trim_end_matches('>')));
                self.indent -= 1;
                self.open(">(");
            }
            _ => self.open(&format!("{head}(")),
        }
        for param in params {
            self.line(&format!("{param},"));
        }
        self.indent -= 1;
        let close = format!("){ret} {{");
        if width(&close) + 4 <= self.room() {
            self.open(&close);
        } else {
            // rustfmt puts the brace of a return type too long for its line on the next.
            self.line(&format!("){ret}"));
            self.open("{");
        }
    }

    /// `a && b && c` (or `||`) as the body's last expression: one line, or one operand per
    /// line.
    pub fn joined(&mut self, operands: &[String], operator: &str) {
        let one_line = operands.join(&format!(" {operator} "));
        if width(&one_line) <= self.room() {
            self.line(&one_line);
            return;
        }
        self.operand("", &operands[0]);
        self.indent += 1;
        for operand in &operands[1..] {
            self.operand(&format!("{operator} "), operand);
        }
        self.indent -= 1;
    }

    /// One operand of `joined`; a comparison too long for its line breaks before `==`.
    fn operand(&mut self, prefix: &str, operand: &str) {
        let line = format!("{prefix}{operand}");
        match operand.split_once(" == ") {
            Some((left, right)) if width(&line) > self.room() => {
                self.line(&format!("{prefix}{left}"));
                self.indent += 1;
                self.line(&format!("== {right}"));
                self.indent -= 1;
            }
            _ => self.line(&line),
        }
    }

    /// `name: Type,` in a struct declaration, the type on a line of its own when too long.
    pub fn field(&mut self, name: &str, ty: &str) {
        let one_line = format!("{name}: {ty},");
        if width(&one_line) <= self.room() {
            self.line(&one_line);
        } else {
            self.line(&format!("{name}:"));
            self.indent += 1;
            self.line(&format!("{ty},"));
            self.indent -= 1;
        }
    }

    /// `head = value;`, broken after `=` when the line is too long.
    pub fn assign(&mut self, head: &str, value: &str) {
        let one_line = format!("{head} = {value};");
        if width(&one_line) <= self.room() {
            self.line(&one_line);
        } else {
            self.line(&format!("{head} ="));
            self.indent += 1;
            self.line(&format!("{value};"));
            self.indent -= 1;
        }
    }

    /// `name: "sql",` in a struct literal: the SQL as a Rust string literal, wrapped with `\`
    /// between words so lines stay short (the `\` line ends drop the newline and indentation).
    pub fn sql_field(&mut self, name: &str, sql: &str) {
        self.sql_literal(&format!("{name}: "), sql, ",");
    }

    /// `head"sql"tail`, the literal wrapped as in `sql_field`.
    pub fn sql_literal(&mut self, head: &str, sql: &str, tail: &str) {
        // rustfmt keeps `head"...` only when every line of the literal fits.
        let first_room = self.room().saturating_sub(head.len() + 1);
        let rest_room = self.room().saturating_sub(5);
        let pieces = wrap_words(sql, first_room.min(90), rest_room.min(90));
        if pieces.len() == 1 {
            self.line(&format!("{head}{}{tail}", rust_string(&pieces[0])));
            return;
        }
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            let literal = rust_string(piece);
            let inner = &literal[1..literal.len() - 1];
            match i {
                0 => self.line(&format!("{head}\"{inner}\\")),
                _ if i == last => self.line(&format!("    {inner}\"{tail}")),
                _ => self.line(&format!("    {inner}\\")),
            }
        }
    }
}

/// Width as rustfmt counts it where it matters: some of its layouts (signatures) measure
/// bytes, so a name with non-ASCII letters counts each byte.
pub fn width(text: &str) -> usize {
    text.len()
}

/// A Rust string literal of `text` (escapes as `{:?}` writes them).
pub fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// Words of `text` gathered into pieces that keep their trailing space (so joining them gives
/// `text`), the first at most `first` chars, the others at most `rest`; a longer word stands
/// alone.
fn wrap_words(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    // Widths as escaped in a string literal, without the quotes.
    let mut current = 0;
    for word in text.split_inclusive(' ') {
        let limit = if pieces.len() == 1 { first } else { rest };
        let word_width = rust_string(word).chars().count() - 2;
        if current > 0 && current + 2 + word_width > limit {
            pieces.push(String::new());
            current = 0;
        }
        pieces.last_mut().expect("never empty").push_str(word);
        current += word_width;
    }
    // A piece may not start with a space: a `\` line end would swallow it.
    pieces
}

/// A wrapped line that would start a list, heading or quote gets a `\\` first.
fn plain_start(piece: &str) -> String {
    let digits = piece.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered =
        digits.len() < piece.len() && (digits.starts_with(". ") || digits.starts_with(") "));
    if piece.starts_with(['-', '*', '+', '#', '>']) || numbered {
        format!("\\{piece}")
    } else {
        piece.to_string()
    }
}

/// A line of free text made safe inside `///`: control characters go (a bare CR is an error
/// in a doc comment), leading spaces go (four would make a doctest), ``` fences are broken,
/// and trailing spaces go (rustfmt would take them).
fn doc_safe(line: &str) -> String {
    let text: String = line
        .chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .flat_map(bidi_escaped)
        .collect();
    text.trim().replace("```", "'''")
}

/// A bidi control as its escape (`\u{202e}`): rustc denies them in comments
/// (`text_direction_codepoint_in_comment`); other characters as they are.
fn bidi_escaped(c: char) -> Vec<char> {
    let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
    if bidi {
        c.escape_unicode().collect()
    } else {
        vec![c]
    }
}

/// rustfmt's simple expression (`is_simple_expr`): a literal, a one-segment path, or one of
/// those behind `&`, `&mut`, a unary operator, a field access, `?` or `as`. A call is not.
fn is_simple(argument: &str) -> bool {
    let argument = argument.trim();
    if argument.starts_with('"') && argument.ends_with('"') {
        return !argument[1..argument.len() - 1].contains('"');
    }
    let argument = argument.split(" as ").next().unwrap_or(argument);
    let bare = argument
        .trim_start_matches("&mut ")
        .trim_start_matches(['&', '-', '!', '*'])
        .trim_end_matches('?');
    !bare.is_empty()
        && bare
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_fit_or_go_vertical() {
        let mut code = Code {
            indent: 2,
            ..Code::default()
        };
        code.call("db.all", &["Item::BY_ID".into(), "params".into()], "");
        let long: Vec<String> = (0..4).map(|i| format!("argument_number_{i}")).collect();
        code.call("sql.column", &long, ";");
        assert_eq!(
            code.finish(),
            "        db.all(Item::BY_ID, params)\n        sql.column(\n            argument_number_0,\n            argument_number_1,\n            argument_number_2,\n            argument_number_3,\n        );\n"
        );
    }

    /// prestashop's long model names: a call with a method call among its arguments puts one
    /// argument a line, as rustfmt does (checked against rustfmt).
    #[test]
    fn arguments_go_together_only_when_simple() {
        let mut code = Code {
            indent: 1,
            ..Code::default()
        };
        let head =
            "PsCartRuleProductRuleValueWithAMuchLongerNameThanAnyTableShouldHaveReally::find";
        code.let_call("let found", head, &["&mut db".into(), "7".into()], ";");
        let calls = ["&mut db".into(), "record.get_id_item()".into()];
        code.let_call("let found", head, &calls, ";");
        assert_eq!(
            code.finish(),
            "    let found =\n        PsCartRuleProductRuleValueWithAMuchLongerNameThanAnyTableShouldHaveReally::find(&mut db, 7);\n    let found = PsCartRuleProductRuleValueWithAMuchLongerNameThanAnyTableShouldHaveReally::find(\n        &mut db,\n        record.get_id_item(),\n    );\n"
        );
        assert!(
            is_simple("&mut db")
                && is_simple("-1")
                && is_simple("\"a b\"")
                && is_simple("n as i64")
        );
        assert!(!is_simple("f(x)") && !is_simple("Item::FIND"));
    }

    #[test]
    fn sql_wraps_between_words_and_joins_back() {
        let sql = "SELECT `a`, `b` FROM `t` WHERE `a` = ?".repeat(6);
        let pieces = wrap_words(&sql, 40, 90);
        assert_eq!(pieces.concat(), sql);
        assert!(pieces.iter().all(|p| !p.starts_with(' ')));
        assert!(pieces[0].len() <= 40);
    }

    #[test]
    fn doc_text_cannot_break_out() {
        assert_eq!(doc_safe("  ```rust\r"), "'''rust");
        assert_eq!(doc_safe("a */ b"), "a */ b");
    }
}
