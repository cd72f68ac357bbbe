//! sqlparser's `DataType` → the server's DATA_TYPE and COLUMN_TYPE (`int`, `int(10) unsigned`).

use sqlparser::ast::{BinaryLength, CharacterLength, DataType, EnumMember, ExactNumberInfo};

/// A column's type as INFORMATION_SCHEMA.COLUMNS prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerType {
    /// DATA_TYPE: the base name, lower case.
    pub data_type: String,
    /// COLUMN_TYPE: with display width, length, values and `unsigned zerofill`.
    pub column_type: String,
}

/// The integer types, by DATA_TYPE.
pub fn is_integer_type(data_type: &str) -> bool {
    matches!(
        data_type,
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint"
    )
}

impl ServerType {
    fn new(data_type: &str, column_type: impl Into<String>) -> ServerType {
        ServerType {
            data_type: data_type.to_string(),
            column_type: column_type.into(),
        }
    }

    fn plain(name: &str) -> ServerType {
        ServerType::new(name, name)
    }

    pub fn is_integer(&self) -> bool {
        is_integer_type(&self.data_type)
    }

    pub fn is_numeric(&self) -> bool {
        self.is_integer() || matches!(self.data_type.as_str(), "decimal" | "float" | "double")
    }

    pub fn is_temporal(&self) -> bool {
        matches!(
            self.data_type.as_str(),
            "date" | "datetime" | "timestamp" | "time" | "year"
        )
    }

    /// The scale of a DECIMAL, FLOAT(M,D) or DOUBLE(M,D): digits after the point.
    pub fn scale(&self) -> Option<u64> {
        let inside = self.column_type.split_once('(')?.1.split_once(')')?.0;
        inside
            .split_once(',')
            .and_then(|(_, d)| d.trim().parse().ok())
    }

    /// The fractional-second digits of a DATETIME(n), TIMESTAMP(n) or TIME(n).
    pub fn fsp(&self) -> u64 {
        if !self.is_temporal() {
            return 0;
        }
        self.column_type
            .split_once('(')
            .and_then(|(_, r)| r.trim_end_matches(')').parse().ok())
            .unwrap_or(0)
    }
}

/// The widths the server shows for an integer type without one: (signed, unsigned).
fn default_width(name: &str) -> (u64, u64) {
    match name {
        "tinyint" => (4, 3),
        "smallint" => (6, 5),
        "mediumint" => (9, 8),
        "int" => (11, 10),
        _ => (20, 20),
    }
}

fn integer(name: &str, width: Option<u64>, unsigned: bool, zerofill: bool) -> ServerType {
    let (signed_width, unsigned_width) = default_width(name);
    let unsigned = unsigned || zerofill;
    let width = width.unwrap_or(if unsigned {
        unsigned_width
    } else {
        signed_width
    });
    let sign = match (unsigned, zerofill) {
        (_, true) => " unsigned zerofill",
        (true, false) => " unsigned",
        (false, false) => "",
    };
    ServerType::new(name, format!("{name}({width}){sign}"))
}

fn decimal(info: &ExactNumberInfo, unsigned: bool, zerofill: bool) -> ServerType {
    let (precision, scale) = match *info {
        ExactNumberInfo::None => (10, 0),
        ExactNumberInfo::Precision(p) => (p, 0),
        ExactNumberInfo::PrecisionAndScale(p, s) => (p, s),
    };
    ServerType::new(
        "decimal",
        format!("decimal({precision},{scale}){}", sign(unsigned, zerofill)),
    )
}

fn sign(unsigned: bool, zerofill: bool) -> &'static str {
    match (unsigned || zerofill, zerofill) {
        (_, true) => " unsigned zerofill",
        (true, false) => " unsigned",
        _ => "",
    }
}

/// FLOAT, FLOAT(p), FLOAT(M,D), DOUBLE(M,D): the server keeps (M,D) and turns FLOAT(p>24) into
/// DOUBLE.
fn floating(name: &str, info: &ExactNumberInfo, unsigned: bool, zerofill: bool) -> ServerType {
    let sign = sign(unsigned, zerofill);
    match *info {
        ExactNumberInfo::PrecisionAndScale(m, d) => {
            ServerType::new(name, format!("{name}({m},{d}){sign}"))
        }
        ExactNumberInfo::Precision(p) if name == "float" && p > 24 => {
            ServerType::new("double", format!("double{sign}"))
        }
        _ => ServerType::new(name, format!("{name}{sign}")),
    }
}

fn char_length(length: &Option<CharacterLength>) -> Option<u64> {
    match length {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    }
}

fn sized(name: &str, length: Option<u64>, default: u64) -> ServerType {
    ServerType::new(name, format!("{name}({})", length.unwrap_or(default)))
}

fn with_precision(name: &str, precision: Option<u64>) -> ServerType {
    match precision {
        Some(p) if p > 0 => ServerType::new(name, format!("{name}({p})")),
        _ => ServerType::plain(name),
    }
}

/// TEXT(n) and BLOB(n) become the smallest type that holds n characters (bytes for BLOB).
fn sized_lob(kind: &str, length: Option<u64>, bytes_per_char: u64) -> ServerType {
    let bytes = length.map(|n| n * bytes_per_char);
    let name = match bytes {
        Some(b) if b < 256 => format!("tiny{kind}"),
        None => kind.to_string(),
        Some(b) if b < 65536 => kind.to_string(),
        Some(b) if b < 16_777_216 => format!("medium{kind}"),
        Some(_) => format!("long{kind}"),
    };
    ServerType::plain(&name)
}

/// A MySQL identifier in backquotes (a backquote inside doubled): `` `a``b` ``.
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Quotes a value as the server does inside `enum(...)`: single quotes, `'` doubled.
pub fn quote_value(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn value_list(name: &str, values: impl Iterator<Item = String>) -> ServerType {
    let quoted: Vec<String> = values.map(|v| quote_value(&v)).collect();
    ServerType::new(name, format!("{name}({})", quoted.join(",")))
}

/// The unquoted values of an `enum(...)`/`set(...)` COLUMN_TYPE.
pub fn enum_values(column_type: &str) -> Vec<String> {
    let Some(inside) = column_type
        .strip_prefix("enum(")
        .or_else(|| column_type.strip_prefix("set("))
        .and_then(|r| r.strip_suffix(')'))
    else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut chars = inside.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    value.push('\'');
                } else {
                    break;
                }
            } else {
                value.push(c);
            }
        }
        values.push(value);
    }
    values
}

/// The server's type of a column declared with `data_type`. `bytes_per_char` is the maximum
/// character width of the column's character set (TEXT(n) depends on it).
pub fn server_type(data_type: &DataType, bytes_per_char: u64) -> Result<ServerType, String> {
    server_type_signed(data_type, false, false, bytes_per_char)
}

fn server_type_signed(
    data_type: &DataType,
    unsigned: bool,
    zerofill: bool,
    bytes_per_char: u64,
) -> Result<ServerType, String> {
    use DataType as D;
    let int = |name, width: &Option<u64>, u| integer(name, *width, u || unsigned, zerofill);
    Ok(match data_type {
        D::Zerofill(inner) => return server_type_signed(inner, unsigned, true, bytes_per_char),
        D::TinyInt(w) => int("tinyint", w, false),
        D::TinyIntUnsigned(w) => int("tinyint", w, true),
        D::SmallInt(w) | D::Int2(w) => int("smallint", w, false),
        D::SmallIntUnsigned(w) | D::Int2Unsigned(w) => int("smallint", w, true),
        D::MediumInt(w) => int("mediumint", w, false),
        D::MediumIntUnsigned(w) => int("mediumint", w, true),
        D::Int(w) | D::Integer(w) | D::Int4(w) => int("int", w, false),
        D::IntUnsigned(w) | D::IntegerUnsigned(w) | D::Int4Unsigned(w) => int("int", w, true),
        D::BigInt(w) | D::Int8(w) => int("bigint", w, false),
        D::BigIntUnsigned(w) | D::Int8Unsigned(w) => int("bigint", w, true),
        D::Bool | D::Boolean => integer("tinyint", Some(1), unsigned, zerofill),
        D::Decimal(i) | D::Numeric(i) | D::Dec(i) => decimal(i, unsigned, zerofill),
        D::DecimalUnsigned(i) | D::DecUnsigned(i) => decimal(i, true, zerofill),
        D::Float(i) => floating("float", i, unsigned, zerofill),
        D::FloatUnsigned(i) => floating("float", i, true, zerofill),
        D::Double(i) => floating("double", i, unsigned, zerofill),
        D::DoubleUnsigned(i) => floating("double", i, true, zerofill),
        D::Real | D::DoublePrecision | D::Float8 | D::Float64 => {
            floating("double", &ExactNumberInfo::None, unsigned, zerofill)
        }
        D::RealUnsigned | D::DoublePrecisionUnsigned => {
            floating("double", &ExactNumberInfo::None, true, zerofill)
        }
        D::Bit(n) => sized("bit", *n, 1),
        D::Char(l) | D::Character(l) => sized("char", char_length(l), 1),
        D::Varchar(l) | D::CharacterVarying(l) | D::CharVarying(l) | D::Nvarchar(l) => {
            match char_length(l) {
                Some(n) => sized("varchar", Some(n), 0),
                None => return Err("VARCHAR needs a length".into()),
            }
        }
        D::Binary(n) => sized("binary", *n, 1),
        D::Varbinary(Some(BinaryLength::IntegerLength { length })) => {
            sized("varbinary", Some(*length), 0)
        }
        D::Varbinary(_) => return Err("VARBINARY needs a length".into()),
        D::Text => ServerType::plain("text"),
        D::TinyText => ServerType::plain("tinytext"),
        D::MediumText => ServerType::plain("mediumtext"),
        D::LongText => ServerType::plain("longtext"),
        D::Blob(n) => sized_lob("blob", *n, 1),
        D::TinyBlob => ServerType::plain("tinyblob"),
        D::MediumBlob => ServerType::plain("mediumblob"),
        D::LongBlob => ServerType::plain("longblob"),
        D::Date => ServerType::plain("date"),
        D::Time(p, _) => with_precision("time", *p),
        D::Datetime(p) => with_precision("datetime", *p),
        D::Timestamp(p, _) => with_precision("timestamp", *p),
        D::JSON => ServerType::plain("longtext"),
        D::Uuid => ServerType::plain("uuid"),
        D::Enum(members, _) => value_list("enum", members.iter().map(enum_member)),
        D::Set(values) => value_list("set", values.iter().cloned()),
        D::Custom(name, modifiers) => return custom(name, modifiers, bytes_per_char),
        other => return Err(format!("unsupported column type {other}")),
    })
}

fn enum_member(member: &EnumMember) -> String {
    match member {
        EnumMember::Name(name) | EnumMember::NamedValue(name, _) => name.clone(),
    }
}

/// Types sqlparser does not know and leaves as a name with modifiers.
fn custom(
    name: &sqlparser::ast::ObjectName,
    modifiers: &[sqlparser::ast::TypeModifier],
    bytes_per_char: u64,
) -> Result<ServerType, String> {
    let lower = name.to_string().to_ascii_lowercase();
    let number = |i: usize| -> Option<u64> {
        match modifiers.get(i) {
            Some(sqlparser::ast::TypeModifier::Number(n, _)) => n.parse().ok(),
            _ => None,
        }
    };
    Ok(match lower.as_str() {
        "year" => ServerType::new("year", "year(4)"),
        "text" => sized_lob("text", number(0), bytes_per_char),
        "geometry" | "point" | "linestring" | "polygon" | "multipoint" | "multilinestring"
        | "multipolygon" | "geometrycollection" => ServerType::plain(&lower),
        "inet4" | "inet6" | "uuid" => ServerType::plain(&lower),
        "nchar" => sized("char", number(0), 1),
        "int1" => integer("tinyint", number(0), false, false),
        "int3" | "middleint" => integer("mediumint", number(0), false, false),
        "fixed" => decimal(
            &match (number(0), number(1)) {
                (Some(p), Some(s)) => ExactNumberInfo::PrecisionAndScale(p, s as i64),
                (Some(p), None) => ExactNumberInfo::Precision(p),
                _ => ExactNumberInfo::None,
            },
            false,
            false,
        ),
        "serial" => integer("bigint", None, true, false),
        _ => return Err(format!("unknown column type {name}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::MySqlDialect;
    use sqlparser::parser::Parser;

    /// The COLUMN_TYPE the server shows for a column declared as `declared`.
    fn column_type_of(declared: &str) -> String {
        let sql = format!("CREATE TABLE t (c {declared})");
        let statement = Parser::parse_sql(&MySqlDialect {}, &sql).unwrap().remove(0);
        let sqlparser::ast::Statement::CreateTable(create) = statement else {
            panic!()
        };
        server_type(&create.columns[0].data_type, 4)
            .unwrap()
            .column_type
    }

    #[test]
    fn integers_get_the_server_display_width() {
        assert_eq!(column_type_of("INT"), "int(11)");
        assert_eq!(column_type_of("INT UNSIGNED"), "int(10) unsigned");
        assert_eq!(column_type_of("int(5)"), "int(5)");
        assert_eq!(column_type_of("TINYINT(1)"), "tinyint(1)");
        assert_eq!(column_type_of("BOOLEAN"), "tinyint(1)");
        assert_eq!(column_type_of("SMALLINT UNSIGNED"), "smallint(5) unsigned");
        assert_eq!(column_type_of("BIGINT"), "bigint(20)");
        assert_eq!(column_type_of("MEDIUMINT"), "mediumint(9)");
    }

    #[test]
    fn decimals_and_floats() {
        assert_eq!(column_type_of("DECIMAL(10,2)"), "decimal(10,2)");
        assert_eq!(column_type_of("DECIMAL"), "decimal(10,0)");
        assert_eq!(column_type_of("NUMERIC(5)"), "decimal(5,0)");
        assert_eq!(column_type_of("FLOAT"), "float");
        assert_eq!(column_type_of("DOUBLE"), "double");
    }

    #[test]
    fn strings_enums_and_dates() {
        assert_eq!(column_type_of("VARCHAR(64)"), "varchar(64)");
        assert_eq!(column_type_of("CHAR"), "char(1)");
        assert_eq!(column_type_of("ENUM('a','it''s')"), "enum('a','it''s')");
        assert_eq!(column_type_of("DATETIME"), "datetime");
        assert_eq!(column_type_of("TIMESTAMP(6)"), "timestamp(6)");
        assert_eq!(column_type_of("JSON"), "longtext");
    }

    #[test]
    fn enum_values_unquote() {
        assert_eq!(enum_values("enum('a','it''s','')"), vec!["a", "it's", ""]);
        assert_eq!(enum_values("int(11)"), Vec::<String>::new());
    }
}
