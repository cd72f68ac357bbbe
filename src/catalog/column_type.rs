//! sqlparser's `DataType` → a column's typed [`SqlType`], from which the server's DATA_TYPE
//! and COLUMN_TYPE (`int`, `int(10) unsigned`) are printed; with the limits the server checks.

use sqlparser::ast::{BinaryLength, CharacterLength, DataType, EnumMember, ExactNumberInfo};

/// What kind of type a column has: one for each DATA_TYPE the server shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum TypeKind {
    TinyInt,
    SmallInt,
    MediumInt,
    #[default]
    Int,
    BigInt,
    Decimal,
    Float,
    Double,
    Bit,
    Char,
    Varchar,
    Binary,
    Varbinary,
    TinyText,
    Text,
    MediumText,
    LongText,
    TinyBlob,
    Blob,
    MediumBlob,
    LongBlob,
    Date,
    Time,
    Datetime,
    Timestamp,
    Year,
    Enum,
    Set,
    Geometry,
    Point,
    LineString,
    Polygon,
    MultiPoint,
    MultiLineString,
    MultiPolygon,
    GeometryCollection,
    Inet4,
    Inet6,
    Uuid,
}

impl TypeKind {
    /// DATA_TYPE, as the server spells it.
    pub fn name(self) -> &'static str {
        use TypeKind as K;
        match self {
            K::TinyInt => "tinyint",
            K::SmallInt => "smallint",
            K::MediumInt => "mediumint",
            K::Int => "int",
            K::BigInt => "bigint",
            K::Decimal => "decimal",
            K::Float => "float",
            K::Double => "double",
            K::Bit => "bit",
            K::Char => "char",
            K::Varchar => "varchar",
            K::Binary => "binary",
            K::Varbinary => "varbinary",
            K::TinyText => "tinytext",
            K::Text => "text",
            K::MediumText => "mediumtext",
            K::LongText => "longtext",
            K::TinyBlob => "tinyblob",
            K::Blob => "blob",
            K::MediumBlob => "mediumblob",
            K::LongBlob => "longblob",
            K::Date => "date",
            K::Time => "time",
            K::Datetime => "datetime",
            K::Timestamp => "timestamp",
            K::Year => "year",
            K::Enum => "enum",
            K::Set => "set",
            K::Geometry => "geometry",
            K::Point => "point",
            K::LineString => "linestring",
            K::Polygon => "polygon",
            K::MultiPoint => "multipoint",
            K::MultiLineString => "multilinestring",
            K::MultiPolygon => "multipolygon",
            K::GeometryCollection => "geometrycollection",
            K::Inet4 => "inet4",
            K::Inet6 => "inet6",
            K::Uuid => "uuid",
        }
    }

    pub fn is_integer(self) -> bool {
        use TypeKind as K;
        matches!(
            self,
            K::TinyInt | K::SmallInt | K::MediumInt | K::Int | K::BigInt
        )
    }

    pub fn is_numeric(self) -> bool {
        self.is_integer() || matches!(self, TypeKind::Decimal | TypeKind::Float | TypeKind::Double)
    }

    pub fn is_temporal(self) -> bool {
        use TypeKind as K;
        matches!(
            self,
            K::Date | K::Time | K::Datetime | K::Timestamp | K::Year
        )
    }

    /// TEXT and BLOB of any size.
    pub fn is_lob(self) -> bool {
        use TypeKind as K;
        matches!(
            self,
            K::TinyText
                | K::Text
                | K::MediumText
                | K::LongText
                | K::TinyBlob
                | K::Blob
                | K::MediumBlob
                | K::LongBlob
        )
    }

    /// Character strings (they have a character set).
    pub fn is_text(self) -> bool {
        use TypeKind as K;
        matches!(
            self,
            K::Char
                | K::Varchar
                | K::TinyText
                | K::Text
                | K::MediumText
                | K::LongText
                | K::Enum
                | K::Set
        )
    }
}

/// A column's type, typed: what COLUMN_TYPE says, as fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SqlType {
    pub kind: TypeKind,
    /// The display width of an integer (`int(11)`), the 2 or 4 of YEAR.
    pub width: Option<u64>,
    /// The length of CHAR, VARCHAR, BINARY, VARBINARY (characters or bytes) and BIT (bits).
    pub length: Option<u64>,
    /// DECIMAL(p,s), FLOAT(p,s), DOUBLE(p,s): the digits and those after the point.
    pub precision: Option<u64>,
    pub scale: Option<u64>,
    /// Fractional-second digits of TIME, DATETIME and TIMESTAMP.
    pub fsp: Option<u64>,
    pub unsigned: bool,
    pub zerofill: bool,
    /// The values of an ENUM or SET, as the server keeps them (trailing spaces removed).
    pub values: Vec<String>,
    /// The column's character set, when it or its table names one (text types only).
    pub charset: Option<String>,
    /// Comparisons are byte for byte (a `_bin` collation, the BINARY attribute).
    pub binary_collation: bool,
    /// Declared JSON: a LONGTEXT the server checks with `json_valid`.
    pub json: bool,
    /// A `COMPRESSED` column.
    pub compressed: bool,
}

impl SqlType {
    fn of(kind: TypeKind) -> SqlType {
        SqlType {
            kind,
            ..SqlType::default()
        }
    }

    /// DATA_TYPE: the base name, lower case.
    pub fn data_type(&self) -> &'static str {
        self.kind.name()
    }

    /// COLUMN_TYPE: with display width, length, values and `unsigned zerofill`.
    pub fn column_type(&self) -> String {
        use TypeKind as K;
        let name = self.kind.name();
        let mut text = match self.kind {
            _ if self.kind.is_integer() => format!("{name}({})", self.width.unwrap_or(0)),
            K::Decimal | K::Float | K::Double => match (self.precision, self.scale) {
                (Some(p), Some(s)) => format!("{name}({p},{s})"),
                _ => name.to_string(),
            },
            K::Bit | K::Char | K::Varchar | K::Binary | K::Varbinary => {
                format!("{name}({})", self.length.unwrap_or(0))
            }
            K::Time | K::Datetime | K::Timestamp => match self.fsp {
                Some(fsp) if fsp > 0 => format!("{name}({fsp})"),
                _ => name.to_string(),
            },
            K::Year => format!("year({})", self.width.unwrap_or(4)),
            K::Enum | K::Set => {
                let quoted: Vec<String> = self.values.iter().map(|v| quote_value(v)).collect();
                format!("{name}({})", quoted.join(","))
            }
            _ => name.to_string(),
        };
        if self.zerofill {
            text.push_str(" unsigned zerofill");
        } else if self.unsigned {
            text.push_str(" unsigned");
        }
        if self.compressed {
            text.push_str(" /*M!100301 COMPRESSED*/");
        }
        text
    }

    pub fn is_integer(&self) -> bool {
        self.kind.is_integer()
    }

    pub fn is_numeric(&self) -> bool {
        self.kind.is_numeric()
    }

    pub fn is_temporal(&self) -> bool {
        self.kind.is_temporal()
    }

    /// The fractional-second digits of a DATETIME(n), TIMESTAMP(n) or TIME(n).
    pub fn fsp(&self) -> u64 {
        self.fsp.unwrap_or(0)
    }
}

/// The integer types, by DATA_TYPE.
pub fn is_integer_type(data_type: &str) -> bool {
    matches!(
        data_type,
        "tinyint" | "smallint" | "mediumint" | "int" | "bigint"
    )
}

/// What decides how a column's text is stored: its character set (its own or its table's)
/// and whether it compares bytes (a `_bin` collation or the BINARY attribute).
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    pub charset: Option<String>,
    pub binary_collation: bool,
    /// The COMPRESSED attribute.
    pub compressed: bool,
}

impl TextOptions {
    /// Bytes per character of the character set: TEXT(n) and VARCHAR's limit depend on it.
    pub fn bytes_per_char(&self) -> u64 {
        match self
            .charset
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("latin1" | "ascii" | "binary" | "latin2" | "latin5" | "latin7" | "cp1250")
            | Some("cp1251" | "cp1256" | "cp1257" | "cp850" | "cp852" | "cp866" | "koi8r")
            | Some("koi8u" | "greek" | "hebrew" | "swe7" | "tis620" | "armscii8" | "geostd8")
            | Some("dec8" | "hp8" | "keybcs2" | "macce" | "macroman") => 1,
            Some("ucs2" | "big5" | "gbk" | "sjis" | "cp932" | "euckr") => 2,
            Some("utf8" | "utf8mb3" | "ujis" | "eucjpms" | "gb2312") => 3,
            _ => 4,
        }
    }
}

/// An error as the server words it: the column's name goes in when it is known.
type TypeError = Box<dyn Fn(&str) -> String>;

fn refuse(message: impl Fn(&str) -> String + 'static) -> TypeError {
    Box::new(message)
}

/// The widths the server shows for an integer type without one: (signed, unsigned).
fn default_width(kind: TypeKind) -> (u64, u64) {
    match kind {
        TypeKind::TinyInt => (4, 3),
        TypeKind::SmallInt => (6, 5),
        TypeKind::MediumInt => (9, 8),
        TypeKind::Int => (11, 10),
        _ => (20, 20),
    }
}

/// The most a display width, a FLOAT(M,D)'s M, or a CHAR's length may be.
const MAX_WIDTH: u64 = 255;
/// The most a TEXT(n) or BLOB(n) may say.
const MAX_LOB: u64 = 4_294_967_295;
/// The most bytes of one VARCHAR or VARBINARY.
const MAX_VARCHAR_BYTES: u64 = 65_532;

fn integer(
    kind: TypeKind,
    width: Option<u64>,
    unsigned: bool,
    zerofill: bool,
) -> Result<SqlType, TypeError> {
    let (signed_width, unsigned_width) = default_width(kind);
    let unsigned = unsigned || zerofill;
    let width = match width {
        Some(w) if w > MAX_WIDTH => return Err(too_wide(MAX_WIDTH)),
        Some(w) => w,
        None if unsigned => unsigned_width,
        None => signed_width,
    };
    Ok(SqlType {
        width: Some(width),
        unsigned,
        zerofill,
        ..SqlType::of(kind)
    })
}

fn too_wide(max: u64) -> TypeError {
    refuse(move |c| format!("Display width out of range for '{c}' (max = {max})"))
}

fn too_long(max: u64) -> TypeError {
    refuse(move |c| {
        format!("Column length too big for column '{c}' (max = {max}); use BLOB or TEXT instead")
    })
}

fn decimal(info: &ExactNumberInfo, unsigned: bool, zerofill: bool) -> Result<SqlType, TypeError> {
    let (precision, scale) = match *info {
        ExactNumberInfo::None => (10, 0),
        ExactNumberInfo::Precision(p) => (p, 0),
        ExactNumberInfo::PrecisionAndScale(p, s) => (p, u64::try_from(s).unwrap_or(u64::MAX)),
    };
    // DECIMAL(0) is the server's DECIMAL(10): no digits means the default.
    let precision = if precision == 0 { 10 } else { precision };
    check_precision_and_scale(precision, scale, 65, 38)?;
    Ok(SqlType {
        precision: Some(precision),
        scale: Some(scale),
        unsigned: unsigned || zerofill,
        zerofill,
        ..SqlType::of(TypeKind::Decimal)
    })
}

fn check_precision_and_scale(
    precision: u64,
    scale: u64,
    max_precision: u64,
    max_scale: u64,
) -> Result<(), TypeError> {
    if scale > max_scale {
        return Err(refuse(move |c| {
            format!("Too big scale specified for '{c}'. Maximum is {max_scale}")
        }));
    }
    if precision > max_precision {
        return Err(if max_precision == MAX_WIDTH {
            too_wide(MAX_WIDTH)
        } else {
            refuse(move |c| {
                format!("Too big precision specified for '{c}'. Maximum is {max_precision}")
            })
        });
    }
    if scale > precision {
        return Err(refuse(|c| {
            format!("For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '{c}')")
        }));
    }
    Ok(())
}

/// FLOAT, FLOAT(p), FLOAT(M,D), DOUBLE(M,D): the server keeps (M,D) and turns FLOAT(p>24) into
/// DOUBLE.
fn floating(
    kind: TypeKind,
    info: &ExactNumberInfo,
    unsigned: bool,
    zerofill: bool,
) -> Result<SqlType, TypeError> {
    let base = SqlType {
        unsigned: unsigned || zerofill,
        zerofill,
        ..SqlType::of(kind)
    };
    Ok(match *info {
        ExactNumberInfo::PrecisionAndScale(m, d) => {
            let d = u64::try_from(d).unwrap_or(u64::MAX);
            check_precision_and_scale(m, d, MAX_WIDTH, 30)?;
            SqlType {
                precision: Some(m),
                scale: Some(d),
                ..base
            }
        }
        ExactNumberInfo::Precision(p) if p > 53 => {
            return Err(refuse(|c| {
                format!("Incorrect column specifier for column '{c}'")
            }))
        }
        ExactNumberInfo::Precision(p) if kind == TypeKind::Float && p > 24 => SqlType {
            kind: TypeKind::Double,
            ..base
        },
        _ => base,
    })
}

fn char_length(length: &Option<CharacterLength>) -> Option<u64> {
    match length {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    }
}

/// CHAR(n), BINARY(n): 1 without n, 255 at most.
fn fixed(kind: TypeKind, length: Option<u64>) -> Result<SqlType, TypeError> {
    let length = length.unwrap_or(1);
    if length > MAX_WIDTH {
        return Err(too_long(MAX_WIDTH));
    }
    Ok(SqlType {
        length: Some(length),
        ..SqlType::of(kind)
    })
}

/// VARCHAR(n), VARBINARY(n): n bytes of the character set must fit in 65,532.
fn variable(kind: TypeKind, length: u64, bytes_per_char: u64) -> Result<SqlType, TypeError> {
    let max = MAX_VARCHAR_BYTES / bytes_per_char;
    if length > max {
        return Err(too_long(max));
    }
    Ok(SqlType {
        length: Some(length),
        ..SqlType::of(kind)
    })
}

fn bit(length: Option<u64>) -> Result<SqlType, TypeError> {
    match length {
        Some(n) if n > 64 => Err(too_wide(64)),
        // BIT(0) is BIT(1).
        n => Ok(SqlType {
            length: Some(n.unwrap_or(1).max(1)),
            ..SqlType::of(TypeKind::Bit)
        }),
    }
}

fn temporal(kind: TypeKind, fsp: Option<u64>) -> Result<SqlType, TypeError> {
    match fsp {
        Some(p) if p > 6 => Err(refuse(|c| {
            format!("Too big precision specified for '{c}'. Maximum is 6")
        })),
        fsp => Ok(SqlType {
            fsp,
            ..SqlType::of(kind)
        }),
    }
}

/// TEXT(n) and BLOB(n) become the smallest type that holds n characters (bytes for BLOB).
fn sized_lob(text: bool, length: Option<u64>, bytes_per_char: u64) -> Result<SqlType, TypeError> {
    use TypeKind as K;
    if length.is_some_and(|n| n > MAX_LOB) {
        return Err(too_wide(MAX_LOB));
    }
    let bytes = length.map(|n| n.saturating_mul(if text { bytes_per_char } else { 1 }));
    let (tiny, plain, medium, long) = if text {
        (K::TinyText, K::Text, K::MediumText, K::LongText)
    } else {
        (K::TinyBlob, K::Blob, K::MediumBlob, K::LongBlob)
    };
    Ok(SqlType::of(match bytes {
        Some(b) if b < 256 => tiny,
        None => plain,
        Some(b) if b < 65536 => plain,
        Some(b) if b < 16_777_216 => medium,
        Some(_) => long,
    }))
}

/// A MySQL identifier in backquotes (a backquote inside doubled): `` `a``b` ``.
pub fn quote_identifier(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// Quotes a value as the server does inside `enum(...)`: single quotes, `'` doubled,
/// backslash, NUL, newline and carriage return escaped with a backslash.
pub fn quote_value(value: &str) -> String {
    let mut text = String::with_capacity(value.len() + 2);
    text.push('\'');
    for c in value.chars() {
        match c {
            '\'' => text.push_str("''"),
            '\\' => text.push_str("\\\\"),
            '\0' => text.push_str("\\0"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            c => text.push(c),
        }
    }
    text.push('\'');
    text
}

/// An ENUM or SET: values without their trailing spaces, none twice under the collation.
fn value_list(
    kind: TypeKind,
    values: Vec<String>,
    text: &TextOptions,
) -> Result<SqlType, TypeError> {
    let values: Vec<String> = values
        .into_iter()
        .map(|v| v.trim_end_matches(' ').to_string())
        .collect();
    let name = kind.name().to_ascii_uppercase();
    if kind == TypeKind::Set {
        if let Some(value) = values.iter().find(|v| v.contains(',')) {
            let value = value.clone();
            return Err(refuse(move |_| {
                format!("Illegal set '{value}' value found during parsing")
            }));
        }
    }
    let key = |v: &String| {
        if text.binary_collation {
            v.clone()
        } else {
            v.to_lowercase()
        }
    };
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    if let Some(value) = values.iter().find(|v| !seen.insert(key(v))) {
        let value = value.clone();
        return Err(refuse(move |c| {
            format!("Column '{c}' has duplicated value '{value}' in {name}")
        }));
    }
    Ok(SqlType {
        values,
        ..SqlType::of(kind)
    })
}

/// The values of an `enum(...)`/`set(...)` COLUMN_TYPE, as the server keeps them.
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
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.push(match chars.next() {
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('0') => '\0',
                    Some(other) => other,
                    None => '\\',
                }),
                c => value.push(c),
            }
        }
        values.push(value);
    }
    values
}

/// The server's type of the column `column` declared with `data_type`, or its refusal.
pub fn server_type(
    column: &str,
    data_type: &DataType,
    text: &TextOptions,
) -> Result<SqlType, String> {
    let mut ty = server_type_signed(data_type, false, false, text).map_err(|e| e(column))?;
    ty.compressed = text.compressed;
    if ty.kind.is_text() {
        ty.charset.clone_from(&text.charset);
        ty.binary_collation = text.binary_collation;
    }
    Ok(ty)
}

fn server_type_signed(
    data_type: &DataType,
    unsigned: bool,
    zerofill: bool,
    text: &TextOptions,
) -> Result<SqlType, TypeError> {
    use DataType as D;
    use TypeKind as K;
    let int = |kind, width: &Option<u64>, u| integer(kind, *width, u || unsigned, zerofill);
    let bytes_per_char = text.bytes_per_char();
    match data_type {
        D::Zerofill(inner) => server_type_signed(inner, unsigned, true, text),
        D::TinyInt(w) => int(K::TinyInt, w, false),
        D::TinyIntUnsigned(w) => int(K::TinyInt, w, true),
        D::SmallInt(w) | D::Int2(w) => int(K::SmallInt, w, false),
        D::SmallIntUnsigned(w) | D::Int2Unsigned(w) => int(K::SmallInt, w, true),
        D::MediumInt(w) => int(K::MediumInt, w, false),
        D::MediumIntUnsigned(w) => int(K::MediumInt, w, true),
        D::Int(w) | D::Integer(w) | D::Int4(w) => int(K::Int, w, false),
        D::IntUnsigned(w) | D::IntegerUnsigned(w) | D::Int4Unsigned(w) => int(K::Int, w, true),
        D::BigInt(w) | D::Int8(w) => int(K::BigInt, w, false),
        D::BigIntUnsigned(w) | D::Int8Unsigned(w) => int(K::BigInt, w, true),
        D::Bool | D::Boolean => integer(K::TinyInt, Some(1), unsigned, zerofill),
        D::Decimal(i) | D::Numeric(i) | D::Dec(i) => decimal(i, unsigned, zerofill),
        D::DecimalUnsigned(i) | D::DecUnsigned(i) => decimal(i, true, zerofill),
        D::Float(i) => floating(K::Float, i, unsigned, zerofill),
        D::FloatUnsigned(i) => floating(K::Float, i, true, zerofill),
        D::Double(i) => floating(K::Double, i, unsigned, zerofill),
        D::DoubleUnsigned(i) => floating(K::Double, i, true, zerofill),
        D::Real | D::DoublePrecision | D::Float8 | D::Float64 => {
            floating(K::Double, &ExactNumberInfo::None, unsigned, zerofill)
        }
        D::RealUnsigned | D::DoublePrecisionUnsigned => {
            floating(K::Double, &ExactNumberInfo::None, true, zerofill)
        }
        D::Bit(n) => bit(*n),
        D::Char(l) | D::Character(l) => fixed(K::Char, char_length(l)),
        D::Varchar(l) | D::CharacterVarying(l) | D::CharVarying(l) | D::Nvarchar(l) => {
            match char_length(l) {
                Some(n) => variable(K::Varchar, n, bytes_per_char),
                None => Err(refuse(|_| "VARCHAR needs a length".into())),
            }
        }
        D::Binary(n) => fixed(K::Binary, *n),
        D::Varbinary(Some(BinaryLength::IntegerLength { length })) => {
            variable(K::Varbinary, *length, 1)
        }
        D::Varbinary(_) => Err(refuse(|_| "VARBINARY needs a length".into())),
        D::Text => Ok(SqlType::of(K::Text)),
        D::TinyText => Ok(SqlType::of(K::TinyText)),
        D::MediumText => Ok(SqlType::of(K::MediumText)),
        D::LongText => Ok(SqlType::of(K::LongText)),
        D::Blob(n) => sized_lob(false, *n, 1),
        D::TinyBlob => Ok(SqlType::of(K::TinyBlob)),
        D::MediumBlob => Ok(SqlType::of(K::MediumBlob)),
        D::LongBlob => Ok(SqlType::of(K::LongBlob)),
        D::Date => Ok(SqlType::of(K::Date)),
        D::Time(p, _) => temporal(K::Time, *p),
        D::Datetime(p) => temporal(K::Datetime, *p),
        D::Timestamp(p, _) => temporal(K::Timestamp, *p),
        D::JSON => Ok(SqlType {
            json: true,
            ..SqlType::of(K::LongText)
        }),
        D::Uuid => Ok(SqlType::of(K::Uuid)),
        D::Enum(members, _) => value_list(K::Enum, members.iter().map(enum_member).collect(), text),
        D::Set(values) => value_list(K::Set, values.clone(), text),
        D::Custom(name, modifiers) => custom(name, modifiers, bytes_per_char),
        other => {
            let other = other.to_string();
            Err(refuse(move |_| format!("unsupported column type {other}")))
        }
    }
}

fn enum_member(member: &EnumMember) -> String {
    match member {
        EnumMember::Name(name) | EnumMember::NamedValue(name, _) => name.clone(),
    }
}

/// The type names of MariaDB, for the did-you-mean of an unknown one.
pub const TYPE_NAMES: &[&str] = &[
    "TINYINT",
    "SMALLINT",
    "MEDIUMINT",
    "INT",
    "INTEGER",
    "BIGINT",
    "DECIMAL",
    "NUMERIC",
    "FLOAT",
    "DOUBLE",
    "REAL",
    "BIT",
    "BOOLEAN",
    "CHAR",
    "VARCHAR",
    "BINARY",
    "VARBINARY",
    "TINYTEXT",
    "TEXT",
    "MEDIUMTEXT",
    "LONGTEXT",
    "TINYBLOB",
    "BLOB",
    "MEDIUMBLOB",
    "LONGBLOB",
    "DATE",
    "TIME",
    "DATETIME",
    "TIMESTAMP",
    "YEAR",
    "ENUM",
    "SET",
    "JSON",
    "GEOMETRY",
    "POINT",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "GEOMETRYCOLLECTION",
    "INET4",
    "INET6",
    "UUID",
    "SERIAL",
];

/// Types sqlparser does not know and leaves as a name with modifiers.
fn custom(
    name: &sqlparser::ast::ObjectName,
    modifiers: &[sqlparser::ast::TypeModifier],
    bytes_per_char: u64,
) -> Result<SqlType, TypeError> {
    use TypeKind as K;
    let lower = name.to_string().to_ascii_lowercase();
    let number = |i: usize| -> Option<u64> {
        match modifiers.get(i) {
            Some(sqlparser::ast::TypeModifier::Number(n, _)) => n.parse().ok(),
            _ => None,
        }
    };
    let spatial = |kind| Ok(SqlType::of(kind));
    match lower.as_str() {
        // YEAR(2) stays; any other width is YEAR(4).
        "year" => Ok(SqlType {
            width: Some(if number(0) == Some(2) { 2 } else { 4 }),
            ..SqlType::of(K::Year)
        }),
        "text" => sized_lob(true, number(0), bytes_per_char),
        "geometry" => spatial(K::Geometry),
        "point" => spatial(K::Point),
        "linestring" => spatial(K::LineString),
        "polygon" => spatial(K::Polygon),
        "multipoint" => spatial(K::MultiPoint),
        "multilinestring" => spatial(K::MultiLineString),
        "multipolygon" => spatial(K::MultiPolygon),
        "geometrycollection" => spatial(K::GeometryCollection),
        "inet4" => Ok(SqlType::of(K::Inet4)),
        "inet6" => Ok(SqlType::of(K::Inet6)),
        "uuid" => Ok(SqlType::of(K::Uuid)),
        "nchar" => fixed(K::Char, number(0)),
        "int1" => integer(K::TinyInt, number(0), false, false),
        "int3" | "middleint" => integer(K::MediumInt, number(0), false, false),
        "fixed" => decimal(
            &match (number(0), number(1)) {
                (Some(p), Some(s)) => ExactNumberInfo::PrecisionAndScale(p, s as i64),
                (Some(p), None) => ExactNumberInfo::Precision(p),
                _ => ExactNumberInfo::None,
            },
            false,
            false,
        ),
        "serial" => integer(K::BigInt, None, true, false),
        _ => {
            let name = name.to_string();
            let suggestion = crate::diag::closest(&name, TYPE_NAMES.iter().copied())
                .map(|t| format!("; did you mean {t}?"))
                .unwrap_or_default();
            Err(refuse(move |c| {
                format!("unknown column type {name} for column '{c}'{suggestion}")
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::MySqlDialect;
    use sqlparser::parser::Parser;

    fn type_of(declared: &str, text: &TextOptions) -> Result<SqlType, String> {
        let sql = format!("CREATE TABLE t (c {declared})");
        let statement = Parser::parse_sql(&MySqlDialect {}, &sql).unwrap().remove(0);
        let sqlparser::ast::Statement::CreateTable(create) = statement else {
            panic!()
        };
        server_type("c", &create.columns[0].data_type, text)
    }

    /// The COLUMN_TYPE the server shows for a column declared as `declared`.
    fn column_type_of(declared: &str) -> String {
        type_of(declared, &TextOptions::default())
            .unwrap()
            .column_type()
    }

    fn refusal(declared: &str) -> String {
        type_of(declared, &TextOptions::default()).unwrap_err()
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
        assert_eq!(column_type_of("DECIMAL(0,0)"), "decimal(10,0)");
        assert_eq!(column_type_of("NUMERIC(5)"), "decimal(5,0)");
        assert_eq!(column_type_of("FLOAT"), "float");
        assert_eq!(column_type_of("FLOAT(53)"), "double");
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
        assert_eq!(column_type_of("BIT(0)"), "bit(1)");
    }

    /// Seen on MariaDB 10.11: trailing spaces go, a backslash and a newline are escaped.
    #[test]
    fn enum_values_as_the_server_keeps_them() {
        assert_eq!(
            column_type_of("ENUM('a ', ' b', 'x\\\\y', 'new\\nline')"),
            "enum('a',' b','x\\\\y','new\\nline')"
        );
        let ty = type_of("SET('x  ','y')", &TextOptions::default()).unwrap();
        assert_eq!(ty.values, ["x", "y"]);
        assert_eq!(
            enum_values(&column_type_of("ENUM('x\\\\y', 'a\\nb', 'it''s')")),
            ["x\\y", "a\nb", "it's"]
        );
    }

    #[test]
    fn duplicate_values_under_the_collation_are_refused() {
        assert_eq!(
            refusal("ENUM('x','X')"),
            "Column 'c' has duplicated value 'X' in ENUM"
        );
        assert!(refusal("SET('x','x ')").contains("duplicated value"));
        let binary = TextOptions {
            binary_collation: true,
            ..TextOptions::default()
        };
        assert!(type_of("ENUM('x','X')", &binary).is_ok());
        assert_eq!(
            refusal("SET('a,b')"),
            "Illegal set 'a,b' value found during parsing"
        );
    }

    /// Each limit as MariaDB 10.11 words it.
    #[test]
    fn the_server_limits() {
        assert_eq!(
            refusal("INT(256)"),
            "Display width out of range for 'c' (max = 255)"
        );
        assert_eq!(
            refusal("DECIMAL(66,2)"),
            "Too big precision specified for 'c'. Maximum is 65"
        );
        assert_eq!(
            refusal("DECIMAL(65,39)"),
            "Too big scale specified for 'c'. Maximum is 38"
        );
        assert!(refusal("DECIMAL(5,6)").contains("M must be >= D"));
        assert_eq!(
            refusal("FLOAT(256,2)"),
            "Display width out of range for 'c' (max = 255)"
        );
        assert_eq!(
            refusal("FLOAT(255,31)"),
            "Too big scale specified for 'c'. Maximum is 30"
        );
        assert_eq!(
            refusal("FLOAT(54)"),
            "Incorrect column specifier for column 'c'"
        );
        assert_eq!(
            refusal("TIME(7)"),
            "Too big precision specified for 'c'. Maximum is 6"
        );
        assert_eq!(
            refusal("BIT(65)"),
            "Display width out of range for 'c' (max = 64)"
        );
        assert!(
            refusal("CHAR(256)").starts_with("Column length too big for column 'c' (max = 255)")
        );
        assert!(refusal("VARCHAR(16384)").contains("(max = 16383)"));
        let latin1 = TextOptions {
            charset: Some("latin1".into()),
            ..TextOptions::default()
        };
        assert!(type_of("VARCHAR(65532)", &latin1).is_ok());
        assert!(refusal("VARBINARY(65533)").contains("(max = 65532)"));
        assert_eq!(
            refusal("TEXT(4294967296)"),
            "Display width out of range for 'c' (max = 4294967295)"
        );
        assert_eq!(column_type_of("TEXT(4294967295)"), "longtext");
    }

    #[test]
    fn unknown_types_suggest_the_closest() {
        assert_eq!(
            refusal("VARCHR(10)"),
            "unknown column type VARCHR for column 'c'; did you mean VARCHAR?"
        );
    }
}
