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

/// Rust source being written, with the current indentation, for one flavour of the runtime.
#[derive(Debug, Default)]
pub struct Code {
    out: String,
    indent: usize,
    /// The flavour written: the async one awaits what talks to the server.
    pub runtime: super::Runtime,
}

impl Code {
    /// Empty source of the `runtime` flavour.
    pub fn new(runtime: super::Runtime) -> Code {
        Code {
            runtime,
            ..Code::default()
        }
    }

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

    /// An empty line, except first in a block (rustfmt drops it there).
    pub fn blank(&mut self) {
        if !self.out.ends_with("{\n") {
            self.out.push('\n');
        }
    }

    /// `parts` joined by spaces, as many to a line as fit, the first line `depth` levels
    /// deeper than the current one and the lines after it one more: an entry of a macro's
    /// input (`rt::model! { .. }`), which rustfmt leaves as it is.
    pub fn fill(&mut self, depth: usize, parts: &[String]) {
        let mut lead = "    ".repeat(depth);
        let mut line = String::new();
        for part in parts {
            if !line.is_empty() && width(&format!("{lead}{line} {part}")) > self.room() {
                self.line(&format!("{lead}{line}"));
                line.clear();
                lead = "    ".repeat(depth + 1);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(part);
        }
        self.line(&format!("{lead}{line}"));
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

    /// Columns left on the current line.
    pub fn room(&self) -> usize {
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
        } else if !args.iter().all(|a| is_simple(a) && width(a) <= SHORT_ITEM) {
            // rustfmt puts arguments together only when each is simple and short; the call
            // goes to the next line when its head does not fit after the pattern.
            if width(&format!("{pattern} = {head}(")) <= self.room() {
                self.call(&format!("{pattern} = {head}"), args, tail);
            } else {
                self.line(&format!("{pattern} ="));
                self.indent += 1;
                self.call(head, args, tail);
                self.indent -= 1;
            }
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
            self.parameter(param);
        }
        self.indent -= 1;
        let close = format!("){ret} {{");
        // `Type<...>`, or `impl Trait<...> + 'a`: where its arguments open and close.
        let end = ret.rfind('>').filter(|&e| {
            let bounds = &ret[e + 1..];
            bounds.is_empty() || bounds.starts_with(" + ")
        });
        let generic = ret.find('<').zip(end);
        if width(&close) + 4 <= self.room() {
            self.open(&close);
        } else if let Some((at, end)) = generic.filter(|_| width(&ret) > self.room() + 1) {
            // Not even `) -> Type<...>` fits: rustfmt breaks the type's arguments.
            self.line(&format!("){}", &ret[..=at]));
            self.indent += 1;
            self.line(&format!("{},", &ret[at + 1..end]));
            self.indent -= 1;
            self.open(&format!(">{} {{", &ret[end + 1..]));
        } else {
            // rustfmt puts the brace of a return type too long for its line on the next.
            self.line(&format!("){ret}"));
            self.open("{");
        }
    }

    /// `name: Type,` among a signature's parameters: a generic type too long for the line has
    /// its arguments on lines of their own, as rustfmt breaks it.
    fn parameter(&mut self, param: &str) {
        let line = format!("{param},");
        let generic = param
            .split_once(": ")
            .and_then(|(name, ty)| Some((name, ty, ty.find('<').filter(|_| ty.ends_with('>'))?)));
        match generic {
            Some((name, ty, at)) if width(&line) > self.room() => {
                self.line(&format!("{name}: {}", &ty[..=at]));
                self.indent += 1;
                self.line(&format!("{},", &ty[at + 1..ty.len() - 1]));
                self.indent -= 1;
                self.line(">,");
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

    /// `head[sqls]tail` (`head` ends with the array's opening), each string longer than a line
    /// (shorter ones rustfmt may put together) and wrapped as by
    /// [`sql_literal`](Self::sql_literal). rustfmt lets one string follow `[` (overflow) when
    /// the first line of its literal fits `array_width` and the line; else, as for several,
    /// each string goes on lines of its own.
    ///
    /// `head` must leave `array_width` on its line: after a longer head rustfmt may move the
    /// array to the next line, which this does not do.
    pub fn sql_array(&mut self, head: &str, sqls: &[String], tail: &str) {
        debug_assert!(width(head) + tail.len() + CALL_WIDTH <= self.room());
        if let [one] = sqls {
            // The literal's first line: `"` (or the piece's quote), the piece, `\` (or `"`).
            let first = width(&rust_string(&self.sql_pieces(head, one)[0]));
            let room = self.room().saturating_sub(width(head) + tail.len());
            if first <= room.min(CALL_WIDTH) {
                return self.sql_literal(head, one, tail);
            }
        }
        self.open(head);
        for sql in sqls {
            self.sql_literal("", sql, ",");
        }
        self.close(tail);
    }

    /// The pieces of `sql` in a literal after `head`: rustfmt keeps `head"...` only when every
    /// line of the literal fits.
    fn sql_pieces(&self, head: &str, sql: &str) -> Vec<String> {
        let first_room = self.room().saturating_sub(head.len() + 1);
        let rest_room = self.room().saturating_sub(5);
        wrap_words(sql, first_room.min(90), rest_room.min(90))
    }

    /// `head"sql"tail`, the literal wrapped as in `sql_field`.
    pub fn sql_literal(&mut self, head: &str, sql: &str, tail: &str) {
        let pieces = self.sql_pieces(head, sql);
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

/// An expression the emitter writes, for `Code` to lay out as rustfmt would: the few shapes
/// generated code is made of: calls and arrays of atoms and arrays, struct literals of those.
/// A call whose one argument is a call or an array that breaks over lines is not one of them:
/// rustfmt's rules for those are not followed here.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Text never broken: a name, a literal, `&mut self.x`, `value.into()`.
    Atom(String),
    /// `head(args)`: a call of a function or method.
    Call(String, Vec<Expr>),
    /// `prefix[items]`: an array (`&[`...`]`).
    Array(String, Vec<Expr>),
    /// `Name { field: value, ..base }`.
    Struct(String, Vec<(String, Expr)>, Option<String>),
}

/// `Expr::Atom`.
pub fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

/// `Expr::Call`.
pub fn call(head: impl Into<String>, args: Vec<Expr>) -> Expr {
    Expr::Call(head.into(), args)
}

/// `&[items]`.
pub fn slice(items: Vec<Expr>) -> Expr {
    Expr::Array("&".into(), items)
}

/// rustfmt's `array_width` and `struct_lit_width` under the default heuristics, and its
/// `short_array_element_width_threshold`.
const ARRAY_WIDTH: usize = 60;
const STRUCT_LIT_WIDTH: usize = 18;
const SHORT_ITEM: usize = 10;

/// Lines of a laid-out expression: each with its depth below the first line's block.
type Lines = Vec<(usize, String)>;

impl Expr {
    /// On one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(head, args) => format!("{head}({})", flat_list(args)),
            Expr::Array(prefix, items) => format!("{prefix}[{}]", flat_list(items)),
            Expr::Struct(name, fields, base) => {
                format!("{name} {{ {} }}", struct_fields_flat(fields, base))
            }
        }
    }

    /// May it stay on one line, were there room? rustfmt breaks a call whose arguments or an
    /// array whose items pass their widths, and a struct literal past a short width, wherever
    /// they are.
    fn can_be_flat(&self) -> bool {
        match self {
            Expr::Atom(_) => true,
            // One argument may take the whole line, unless it is a call: rustfmt gives a
            // nested call the width of arguments at most.
            Expr::Call(_, args) => {
                let room = match args.as_slice() {
                    [Expr::Call(..)] => width(&flat_list(args)) <= CALL_WIDTH,
                    [_] => true,
                    _ => width(&flat_list(args)) <= CALL_WIDTH,
                };
                room && args.iter().all(Expr::can_be_flat)
            }
            Expr::Array(_, items) => {
                (items.len() == 1 || width(&flat_list(items)) <= ARRAY_WIDTH)
                    && items.iter().all(Expr::can_be_flat)
            }
            Expr::Struct(_, fields, base) => {
                width(&struct_fields_flat(fields, base)) <= STRUCT_LIT_WIDTH
                    && fields.iter().all(|(_, v)| v.can_be_flat())
            }
        }
    }

    /// rustfmt's simple expression: a literal, a path, or one behind `&`, `-`, `!`.
    fn is_simple(&self) -> bool {
        matches!(self, Expr::Atom(text) if is_simple(text))
    }

    /// Laid out with `first` columns left on its first line, the block at `indent` columns,
    /// and `tail` columns to follow its last line (`;`, `,`, `)`).
    fn lay(&self, first: usize, indent: usize, tail: usize) -> Lines {
        let flat = self.flat();
        match self {
            Expr::Atom(text) if width(text) + tail > first => {
                chain(text).unwrap_or(vec![(0, flat)])
            }
            Expr::Atom(_) => vec![(0, flat)],
            Expr::Call(head, args) => {
                if width(&flat) + tail <= first && self.can_be_flat() {
                    return vec![(0, flat)];
                }
                if let [inner @ Expr::Call(_, inner_args)] = args.as_slice() {
                    // `Some(String::from(` ... `))`: the one call argument overflows.
                    // rustfmt lays it out in the width of arguments at most.
                    let budget = first.saturating_sub(width(head) + 1).min(CALL_WIDTH);
                    let laid = inner.lay(budget, indent, tail + 1);
                    let atoms = inner_args.iter().all(|a| matches!(a, Expr::Atom(_)));
                    if atoms && laid.len() > 1 && fits_first(&laid, budget, 0) {
                        return wrap(laid, &format!("{head}("), ")");
                    }
                }
                if all_short(args) {
                    return mixed(&format!("{head}("), args, ")", indent);
                }
                vertical(&format!("{head}("), args, ")", indent)
            }
            Expr::Array(prefix, items) => {
                if width(&flat) + tail <= first && self.can_be_flat() {
                    return vec![(0, flat)];
                }
                if all_short(items) {
                    return mixed(&format!("{prefix}["), items, "]", indent);
                }
                vertical(&format!("{prefix}["), items, "]", indent)
            }
            Expr::Struct(name, fields, base) => {
                if width(&flat) + tail <= first && self.can_be_flat() {
                    return vec![(0, flat)];
                }
                let mut lines = vec![(0, format!("{name} {{"))];
                let room = MAX_WIDTH.saturating_sub(indent + 4);
                for (field, value) in fields {
                    let laid = field_value(field, value, room, indent + 4);
                    lines.extend(laid.into_iter().map(|(d, l)| (d + 1, l)));
                }
                if let Some(base) = base {
                    lines.push((1, format!("..{base}")));
                }
                lines.push((0, "}".into()));
                lines
            }
        }
    }
}

/// `field: value,` in a struct literal: after the name when its first line fits there (as
/// rustfmt's `rewrite_field`), else on the next line, one level deeper.
fn field_value(field: &str, value: &Expr, room: usize, indent: usize) -> Lines {
    let head = format!("{field}: ");
    let first = room.saturating_sub(width(&head));
    let laid = value.lay(first, indent, 1);
    // A call without arguments overflows as `head(` / `),`: the comma follows the `)`, so its
    // first line may take the whole width (fineract's 69-character cache fields).
    let empty_call = matches!(value, Expr::Call(_, args) if args.is_empty()) && laid.len() > 1;
    if fits_first(&laid, first, usize::from(!empty_call)) {
        return wrap(laid, &head, ",");
    }
    let next = value.lay(room.saturating_sub(4), indent + 4, 1);
    let mut lines = vec![(0, format!("{field}:"))];
    lines.extend(wrap(next, "", ",").into_iter().map(|(d, l)| (d + 1, l)));
    lines
}

/// Does the first line fit in `first` columns less `tail`? rustfmt keeps room for what
/// follows the expression (`,`, `;`) on every line of it.
fn fits_first(lines: &Lines, first: usize, tail: usize) -> bool {
    width(&lines[0].1) + tail <= first
}

/// Do the lines after the first fit, with `tail` after the last (a chain's links cannot
/// break further)?
fn fits_below(lines: &Lines, indent: usize, tail: usize) -> bool {
    let last = lines.len() - 1;
    lines.iter().enumerate().skip(1).all(|(i, (depth, text))| {
        let tail = if i == last { tail } else { 0 };
        indent + depth * 4 + width(text) + tail <= MAX_WIDTH
    })
}

/// rustfmt's `prefer_next_line`: the value laid on the next line (`next`) wins over the one
/// after `=` or `=>` (`same`) when it is one line, saves two lines, or does not open a
/// bracket at the end of its first line where `same` does.
fn prefer_next_line(same: &Lines, next: &Lines) -> bool {
    let ends = |lines: &Lines, c: char| lines[0].1.ends_with(c);
    next.len() == 1
        || same.len() > next.len() + 1
        || ['(', '{', '[']
            .iter()
            .any(|&c| ends(same, c) && !ends(next, c))
}

/// A chain (`&mut self.name`, `value.into()`) too long for its line, broken before each `.`
/// one level deeper, as rustfmt breaks chains; `None` for text that is no chain.
fn chain(text: &str) -> Option<Lines> {
    let body = text.trim_start_matches("&mut ").trim_start_matches('&');
    let prefix = &text[..text.len() - body.len()];
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '(' | ')');
    if !body.contains('.')
        || !body.chars().all(plain)
        || body.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut parts = body.split('.');
    let mut lines = vec![(0, format!("{prefix}{}", parts.next()?))];
    lines.extend(parts.map(|part| (1, format!(".{part}"))));
    Some(lines)
}

/// Are there several items, each simple and short? rustfmt then fills lines with them.
fn all_short(items: &[Expr]) -> bool {
    items.len() > 1
        && items
            .iter()
            .all(|i| i.is_simple() && width(&i.flat()) <= SHORT_ITEM)
}

fn flat_list(items: &[Expr]) -> String {
    let flat: Vec<String> = items.iter().map(Expr::flat).collect();
    flat.join(", ")
}

fn struct_fields_flat(fields: &[(String, Expr)], base: &Option<String>) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(f, v)| format!("{f}: {}", v.flat()))
        .collect();
    parts.extend(base.iter().map(|b| format!("..{b}")));
    parts.join(", ")
}

/// `open` on the first line, each item on a line of its own one level deeper with a comma,
/// `close` on the last.
fn vertical(open: &str, items: &[Expr], close: &str, indent: usize) -> Lines {
    let mut lines = vec![(0, open.to_string())];
    let room = MAX_WIDTH.saturating_sub(indent + 4);
    for item in items {
        let laid = wrap(item.lay(room, indent + 4, 1), "", ",");
        lines.extend(laid.into_iter().map(|(d, l)| (d + 1, l)));
    }
    lines.push((0, close.to_string()));
    lines
}

/// Short items filling the lines one level deeper, each followed by a comma (rustfmt's mixed
/// layout of arrays of short simple items).
fn mixed(open: &str, items: &[Expr], close: &str, indent: usize) -> Lines {
    let room = MAX_WIDTH.saturating_sub(indent + 4);
    let mut lines = vec![(0, open.to_string())];
    let mut line = String::new();
    for item in items {
        let piece = format!("{},", item.flat());
        if !line.is_empty() && width(&line) + 1 + width(&piece) > room {
            lines.push((1, std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    lines.push((1, line));
    lines.push((0, close.to_string()));
    lines
}

/// `before` joined to the first line, `after` to the last.
fn wrap(mut lines: Lines, before: &str, after: &str) -> Lines {
    lines[0].1.insert_str(0, before);
    lines.last_mut().expect("never empty").1.push_str(after);
    lines
}

impl Code {
    /// Writes laid-out lines at the current indentation.
    fn lines(&mut self, lines: Lines) {
        for (depth, text) in lines {
            self.indent += depth;
            self.line(&text);
            self.indent -= depth;
        }
    }

    /// `expr` followed by `tail` (`;`, or nothing for a block's value) as a statement.
    pub fn expr(&mut self, expr: &Expr, tail: &str) {
        let laid = expr.lay(self.room(), self.indent_width(), width(tail));
        self.lines(wrap(laid, "", tail));
    }

    /// `first` then `next` one level deeper: a statement rustfmt breaks after its `=`.
    pub fn continued(&mut self, first: &str, next: &str) {
        self.line(first);
        self.indent += 1;
        self.line(next);
        self.indent -= 1;
    }

    /// A block's value that talks to the server: `expr`, or `expr.await` in the async flavour.
    pub fn value(&mut self, expr: &Expr) {
        if self.runtime.is_async() {
            self.awaited(expr, "");
        } else {
            self.expr(expr, "");
        }
    }

    /// `expr.await` and `tail` as rustfmt lays a chain of one link: on one line when it fits
    /// (one link has the whole line, not `chain_width`); else `.await` on a line of its own,
    /// one level deeper after a call on one line, at the call's level after a call broken over
    /// lines.
    pub fn awaited(&mut self, expr: &Expr, tail: &str) {
        let flat = format!("{}.await", expr.flat());
        if width(&flat) + width(tail) <= self.room() && expr.can_be_flat() {
            return self.line(&format!("{flat}{tail}"));
        }
        let laid = expr.lay(self.room(), self.indent_width(), 0);
        let one_line = laid.len() == 1;
        self.lines(laid);
        if one_line {
            self.indent += 1;
            self.line(&format!(".await{tail}"));
            self.indent -= 1;
        } else {
            self.line(&format!(".await{tail}"));
        }
    }

    /// `head = expr` and `tail`: `let x = ...;`, `const X: T = ...;`, with the value after
    /// `=` or on the next line as rustfmt chooses (its `choose_rhs`).
    pub fn bind(&mut self, head: &str, expr: &Expr, tail: &str) {
        let opening = format!("{head} = ");
        let first = self.room().saturating_sub(width(&opening));
        let same = expr.lay(first, self.indent_width(), width(tail));
        let same_fits = fits_first(&same, first, width(tail));
        if same_fits && same.len() == 1 {
            return self.lines(wrap(same, &opening, tail));
        }
        let next_room = self.room().saturating_sub(4);
        let next = expr.lay(next_room, self.indent_width() + 4, width(tail));
        let next_fits = fits_first(&next, next_room, width(tail));
        if !same_fits && !next_fits && same.len() == 1 && next.len() == 1 {
            // Too long on either line (a long string): rustfmt keeps it after `=`.
            return self.lines(wrap(same, &opening, tail));
        }
        if !same_fits || (next_fits && prefer_next_line(&same, &next)) {
            self.line(&format!("{head} ="));
            self.indent += 1;
            self.lines(wrap(next, "", tail));
            self.indent -= 1;
            return;
        }
        self.lines(wrap(same, &opening, tail));
    }

    /// `head.link.link...` and `tail`: a method chain, on one line when it fits within
    /// rustfmt's `chain_width`, else one link a line one level deeper; a link too long for its
    /// line has its arguments one a line.
    pub fn chain(&mut self, head: &str, links: &[String], tail: &str) {
        let joined: String = links.iter().map(|l| format!(".{l}")).collect();
        // `chain_width` counts the chain from its receiver, after `let x = `.
        let receiver = head.rsplit(' ').next().unwrap_or(head);
        let fits = width(head) + width(&joined) + width(tail) <= self.room();
        if width(receiver) + width(&joined) <= CALL_WIDTH && fits {
            return self.line(&format!("{head}{joined}{tail}"));
        }
        self.line(head);
        self.indent += 1;
        let last = links.len() - 1;
        for (i, link) in links.iter().enumerate() {
            let end = if i == last { tail } else { "" };
            let line = format!(".{link}{end}");
            match link.split_once('(') {
                Some((method, args)) if width(&line) > self.room() => {
                    let args = args.trim_end_matches(')');
                    self.line(&format!(".{method}("));
                    self.indent += 1;
                    self.line(&format!("{args},"));
                    self.indent -= 1;
                    self.line(&format!("){end}"));
                }
                _ => self.line(&line),
            }
        }
        self.indent -= 1;
    }

    /// A match arm `pattern => expr,`: after `=>` when it fits there, else in a block of its
    /// own on the next lines, as rustfmt chooses (its `rewrite_match_body`).
    pub fn arm(&mut self, pattern: &str, expr: &Expr) {
        let opening = format!("{pattern} => ");
        let first = self.room().saturating_sub(width(&opening));
        let same = expr.lay(first, self.indent_width(), 1);
        let same_fits = fits_first(&same, first, 1) && fits_below(&same, self.indent_width(), 1);
        if same_fits && same.len() == 1 {
            return self.lines(wrap(same, &opening, ","));
        }
        let next_room = self.room().saturating_sub(4);
        let next = expr.lay(next_room, self.indent_width() + 4, 0);
        let next_fits =
            fits_first(&next, next_room, 0) && fits_below(&next, self.indent_width() + 4, 0);
        // A call or an array may start after `=>` and go on below; other values may not.
        let extends = !matches!(expr, Expr::Atom(_));
        let block = match (same_fits, next_fits) {
            (true, true) => prefer_next_line(&same, &next) || !extends,
            (false, true) => true,
            (true, false) => false,
            // Neither fits: rustfmt leaves the line as it is.
            (false, false) => return self.line(&format!("{opening}{},", expr.flat())),
        };
        if block {
            self.open(&format!("{pattern} => {{"));
            self.lines(next);
            self.close("}");
        } else {
            self.lines(wrap(same, &opening, ","));
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
        let word_width = escaped_width(word);
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

/// The width of `text` escaped in a string literal, without the quotes. Printable ASCII other
/// than `"` and `\` stands for itself (nearly every word: no string is made for it).
fn escaped_width(text: &str) -> usize {
    let plain = |b: &u8| (b' '..=b'~').contains(b) && *b != b'"' && *b != b'\\';
    if text.bytes().all(|b| plain(&b)) {
        return text.len();
    }
    rust_string(text).chars().count() - 2
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
    let mut text = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => text.push(c),
            c if c.is_control() => text.push(' '),
            c if is_bidi(c) => text.extend(c.escape_unicode()),
            c => text.push(c),
        }
    }
    let text = text.trim();
    if text.contains("```") {
        text.replace("```", "'''")
    } else {
        text.to_string()
    }
}

/// A bidi control, which rustc denies in comments (`text_direction_codepoint_in_comment`):
/// `doc_safe` writes its escape (`\u{202e}`) instead.
fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
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

    /// A small deterministic generator (xorshift) of expressions like the generated code's.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        fn name(&mut self) -> String {
            let long = self.below(4) == 0;
            let len = if long {
                20 + self.below(29)
            } else {
                1 + self.below(12)
            };
            let letter = char::from(b'a' + self.below(26) as u8);
            letter.to_string().repeat(len as usize)
        }

        fn atom(&mut self) -> Expr {
            let name = self.name();
            atom(match self.below(6) {
                0 => format!("&{name}"),
                1 => format!("&mut self.{name}"),
                2 => format!("{:?}", name),
                3 => self.below(1000).to_string(),
                4 => format!("{}.into()", &name[..name.len().min(8)]),
                _ => name,
            })
        }

        fn expr(&mut self, depth: u32) -> Expr {
            if depth == 0 {
                return self.atom();
            }
            match self.below(6) {
                0 if depth == 1 => {
                    // `Some(String::from("..."))`: one call of atoms in a call.
                    let args = (0..1 + self.below(3)).map(|_| self.atom()).collect();
                    let name = self.name();
                    let inner = format!("rt::{}", &name[..name.len().min(8)]);
                    call("Some", vec![call(inner, args)])
                }
                0 | 1 => {
                    // Heads are short: the runtime's functions, a model's methods.
                    let name = self.name();
                    let head = format!("rt::{}", &name[..name.len().min(20)]);
                    // Never one array alone: see `Expr`.
                    let args = (0..2 + self.below(4))
                        .map(|_| match self.below(3) {
                            0 => slice((0..1 + self.below(8)).map(|_| self.atom()).collect()),
                            _ => self.atom(),
                        })
                        .collect();
                    call(head, args)
                }
                2 => {
                    let args = (0..1 + self.below(30)).map(|_| self.atom()).collect();
                    slice(args)
                }
                3 if depth == 2 => {
                    let fields = (0..1 + self.below(4))
                        .map(|_| (self.name(), self.expr(depth - 1)))
                        .collect();
                    let base = (self.below(2) == 0).then(|| "rt::Shape::PLAIN".to_string());
                    let name = self.name();
                    Expr::Struct(format!("rt::{}", &name[..name.len().min(20)]), fields, base)
                }
                _ => self.atom(),
            }
        }
    }

    /// rustfmt's output for `source`.
    fn rustfmt(source: &str) -> String {
        use std::io::Write;
        let mut child = std::process::Command::new("rustfmt")
            .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("rustfmt is installed");
        let mut stdin = child.stdin.take().unwrap();
        let input = source.to_string();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        String::from_utf8(output.stdout).unwrap()
    }

    /// Statements, bindings and match arms of random expressions, at random depths, laid out
    /// by `Code` as rustfmt lays them out.
    #[test]
    fn expressions_are_laid_out_as_rustfmt_does() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let mut code = Code::default();
        for case in 0..1500 {
            let depth = 1 + random.below(3) as usize;
            code.open(&format!("fn case_{case}() {{"));
            for _ in 1..depth {
                code.open("loop {");
            }
            let expr = random.expr(2);
            match random.below(4) {
                0 => code.expr(&expr, ";"),
                1 => code.bind(&format!("let {}", random.name()), &expr, ";"),
                2 => code.bind("const X: T", &expr, ";"),
                _ => {
                    code.open("match x {");
                    for arm in 0..3 {
                        let expr = random.expr(1);
                        code.arm(&arm.to_string(), &expr);
                    }
                    code.close("}");
                }
            }
            for _ in 1..depth {
                code.close("}");
            }
            code.close("}");
        }
        let ours = code.finish();
        let theirs = rustfmt(&ours);
        let diff = similar::TextDiff::from_lines(&ours, &theirs);
        let changes: Vec<String> = diff
            .unified_diff()
            .context_radius(3)
            .to_string()
            .lines()
            .take(60)
            .map(String::from)
            .collect();
        assert!(
            changes.is_empty(),
            "rustfmt changes:\n{}",
            changes.join("\n")
        );
    }

    /// Arrays of one or two SQL strings of random words (longer than a line, as triggers are)
    /// after heads of random lengths, laid out by `sql_array` as rustfmt lays them out.
    #[test]
    fn sql_arrays_are_laid_out_as_rustfmt_does() {
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        let mut code = Code::default();
        for case in 0..400 {
            let mut sql = String::new();
            while sql.len() <= MAX_WIDTH {
                sql = (0..2 + random.below(40))
                    .map(|_| random.name())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            let sqls = vec![sql; 1 + usize::from(random.below(4) == 0)];
            // Items of the file, named in up to 15 characters as REFUSED_INSERTS is.
            let mut name = random.name().to_uppercase();
            name.truncate(11); // and `_{case}`
            let head = format!("const {name}_{case}: &[&str] = &[");
            code.sql_array(&head, &sqls, "];");
        }
        let ours = code.finish();
        let theirs = rustfmt(&ours);
        let diff = similar::TextDiff::from_lines(&ours, &theirs);
        let changes = diff.unified_diff().context_radius(3).to_string();
        let changes: Vec<&str> = changes.lines().take(60).collect();
        assert!(
            changes.is_empty(),
            "rustfmt changes:\n{}",
            changes.join("\n")
        );
    }

    #[test]
    fn doc_text_cannot_break_out() {
        assert_eq!(doc_safe("  ```rust\r"), "'''rust");
        assert_eq!(doc_safe("a */ b"), "a */ b");
    }
}
