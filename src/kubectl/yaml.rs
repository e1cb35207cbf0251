//! `kubectl get -o yaml` output, byte for byte.
//!
//! kubectl prints objects through `sigs.k8s.io/yaml.Marshal`, which turns the object into JSON,
//! decodes that JSON with go-yaml v2 into `interface{}` values and re-encodes them with the
//! go-yaml v2 encoder (`goyaml.v2/encode.go`, `resolve.go`, `sorter.go`) and its port of the
//! libyaml emitter (`emitterc.go`). This module reproduces that pipeline for a
//! `serde_json::Value`:
//!
//! * map keys are ordered by go-yaml's `keyList.Less` (numbers inside keys compare
//!   numerically, non-letters sort before letters), not by plain byte order;
//! * strings that would resolve to another YAML 1.1 type when unquoted (`"true"`, `"yes"`,
//!   `"10"`, `"0x1F"`, `"1e3"`, `".inf"`, `"~"`, timestamps such as `"2024-01-01T00:00:00Z"`,
//!   base-60 numbers such as `"1:20"`) are double-quoted;
//! * strings containing a newline become literal block scalars (`|`, `|-`, `|+`);
//! * other strings are plain when the emitter allows it, else single-quoted, else
//!   double-quoted;
//! * the emitter's default line width of 80 columns applies (kubectl never calls
//!   `FutureLineWrap`), so long plain and quoted scalars are folded onto continuation lines;
//! * sequences that are mapping values are not indented (`containers:\n- name: x`);
//! * empty maps and sequences are written in flow style as `{}` and `[]`.

use serde_json::Value;

/// Renders one object exactly as `kubectl get -o yaml` prints it (including the final newline).
pub fn to_yaml(v: &Value) -> String {
    let node = Node::from_value(v);
    let mut e = Emitter::new();
    e.emit_node(&node, false, false);
    // DOCUMENT-END (implicit): only moves to a fresh line.
    e.write_indent();
    String::from_utf8(e.out).unwrap_or_default()
}

/// Renders several objects the way kubectl's `YAMLPrinter` does when it is handed more than
/// one object: every document after the first is preceded by a `---` line
/// (`cli-runtime/pkg/printers/yaml.go`).
pub fn to_yaml_documents(vs: &[Value]) -> String {
    let mut out = String::new();
    for (i, v) in vs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(v));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Value -> node tree (encode.go)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

enum Node {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    fn from_value(v: &Value) -> Node {
        match v {
            Value::Null => Node::Scalar("null".to_string(), Style::Plain),
            Value::Bool(b) => Node::Scalar(b.to_string(), Style::Plain),
            Value::Number(n) => Node::Scalar(format_number(n), Style::Plain),
            Value::String(s) => string_node(s),
            Value::Array(items) => Node::Seq(items.iter().map(Node::from_value).collect()),
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                sort_keys(&mut keys);
                Node::Map(
                    keys.into_iter()
                        .map(|k| {
                            let v = map.get(k).unwrap_or(&Value::Null);
                            (string_node(k), Node::from_value(v))
                        })
                        .collect(),
                )
            }
        }
    }
}

/// `encoder.stringv`: quote strings that would not read back as strings.
fn string_node(s: &str) -> Node {
    let can_use_plain = !resolves_to_non_string(s) && !is_base60_float(s);
    let style = if s.contains('\n') {
        Style::Literal
    } else if can_use_plain {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    Node::Scalar(s.to_string(), style)
}

/// Numbers go through Go's `encoding/json` and are re-read by go-yaml: integral values become
/// ints (`intv`/`uintv`), everything else a float64 printed by `strconv.FormatFloat(f, 'g', -1, 64)`.
fn format_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        // Go's JSON encoder writes these without exponent, so go-yaml reads an integer back.
        if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            return (f as i64).to_string();
        }
        if (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            return (f as u64).to_string();
        }
    }
    match go_format_g(f).as_str() {
        "+Inf" => ".inf".to_string(),
        "-Inf" => "-.inf".to_string(),
        "NaN" => ".nan".to_string(),
        s => s.to_string(),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` (also what `fmt` prints for `%v` of a float64).
pub(crate) fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let neg = f.is_sign_negative();
    let sign = if neg { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0");
    }
    // Shortest round-trip digits, same as Go's shortest formatting.
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    let nd = digits.len() as i32;
    let dp = exp + 1;
    if !(-4..6).contains(&exp) {
        let mut s = String::from(sign);
        s.push_str(&digits[..1]);
        if nd > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if exp < 0 { '-' } else { '+' });
        let ae = exp.unsigned_abs();
        if ae < 10 {
            s.push('0');
        }
        s.push_str(&ae.to_string());
        return s;
    }
    let mut s = String::from(sign);
    if dp <= 0 {
        s.push_str("0.");
        for _ in 0..(-dp) {
            s.push('0');
        }
        s.push_str(&digits);
    } else if dp >= nd {
        s.push_str(&digits);
        for _ in 0..(dp - nd) {
            s.push('0');
        }
    } else {
        s.push_str(&digits[..dp as usize]);
        s.push('.');
        s.push_str(&digits[dp as usize..]);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Key order (sorter.go keyList.Less, string keys only)
// ---------------------------------------------------------------------------------------------

fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                if ar[j - 1] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
                j -= 1;
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Insertion sort driven by `key_less`; never panics even if the order is not total.
fn sort_keys(keys: &mut [&String]) {
    for i in 1..keys.len() {
        let mut j = i;
        while j > 0 && key_less(keys[j], keys[j - 1]) {
            keys.swap(j, j - 1);
            j -= 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// resolve.go: would this plain scalar be read back as something other than a string?
// ---------------------------------------------------------------------------------------------

const RESOLVE_MAP: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    "<<",
];

fn resolves_to_non_string(s: &str) -> bool {
    let b = s.as_bytes();
    let hint = match b.first() {
        None => b'N',
        Some(b'+') | Some(b'-') => b'S',
        Some(c) if c.is_ascii_digit() => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 {
        return false;
    }
    if RESOLVE_MAP.contains(&s) {
        return true;
    }
    match hint {
        b'.' => is_yaml_style_float(s) && float_in_range(s),
        b'D' | b'S' => {
            if parse_timestamp(s) {
                return true;
            }
            let plain: String = s.chars().filter(|c| *c != '_').collect();
            if go_parse_int(&plain) == IntParse::Ok {
                return true;
            }
            let uint_res = go_parse_uint(&plain);
            if uint_res == IntParse::Ok {
                return true;
            }
            if is_yaml_style_float(&plain) && float_in_range(&plain) {
                return true;
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if go_parse_int_base(rest, 2) == IntParse::Ok {
                    return true;
                }
            } else if let Some(rest) = plain.strip_prefix("-0b")
                && go_parse_int_base(&format!("-{rest}"), 2) == IntParse::Ok
            {
                return true;
            }
            uint_res == IntParse::Range && is_big_uint_literal(&plain)
        }
        _ => false,
    }
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum IntParse {
    Ok,
    Range,
    Syntax,
}

/// `strconv.ParseUint(s, 0, 64)` outcome (base prefixes 0x/0o/0b and leading-0 octal).
fn go_parse_uint(s: &str) -> IntParse {
    let (digits, base) = split_base_prefix(s);
    parse_uint_digits(digits, base)
}

fn split_base_prefix(s: &str) -> (&str, u32) {
    let b = s.as_bytes();
    if b.first() == Some(&b'0') {
        if b.len() >= 3 {
            match b[1].to_ascii_lowercase() {
                b'b' => return (&s[2..], 2),
                b'o' => return (&s[2..], 8),
                b'x' => return (&s[2..], 16),
                _ => {}
            }
        }
        return (&s[1..], 8);
    }
    (s, 10)
}

fn parse_uint_digits(digits: &str, base: u32) -> IntParse {
    let mut n: u64 = 0;
    if digits.is_empty() && base == 10 {
        return IntParse::Syntax;
    }
    for c in digits.chars() {
        let d = match c.to_digit(36) {
            Some(d) if c.is_ascii_alphanumeric() => d,
            _ => return IntParse::Syntax,
        };
        if d >= base {
            return IntParse::Syntax;
        }
        match n
            .checked_mul(base as u64)
            .and_then(|m| m.checked_add(d as u64))
        {
            Some(m) => n = m,
            None => return IntParse::Range,
        }
    }
    IntParse::Ok
}

/// `strconv.ParseInt(s, 0, 64)` outcome.
fn go_parse_int(s: &str) -> IntParse {
    if s.is_empty() {
        return IntParse::Syntax;
    }
    let (neg, rest) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if rest.is_empty() {
        return IntParse::Syntax;
    }
    let (digits, base) = split_base_prefix(rest);
    signed_range(neg, digits, base)
}

fn go_parse_int_base(s: &str, base: u32) -> IntParse {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if rest.is_empty() {
        return IntParse::Syntax;
    }
    signed_range(neg, rest, base)
}

fn signed_range(neg: bool, digits: &str, base: u32) -> IntParse {
    match parse_uint_digits(digits, base) {
        IntParse::Ok => {
            let mut n: u64 = 0;
            for c in digits.chars() {
                let d = c.to_digit(36).unwrap_or(0) as u64;
                n = n.saturating_mul(base as u64).saturating_add(d);
            }
            let limit = 1u64 << 63;
            if (!neg && n >= limit) || (neg && n > limit) {
                IntParse::Range
            } else {
                IntParse::Ok
            }
        }
        other => other,
    }
}

/// `big.Int.SetString(s, 0)` for an unsigned literal (only reached after ParseUint overflowed).
fn is_big_uint_literal(s: &str) -> bool {
    let (digits, base) = split_base_prefix(s);
    (!digits.is_empty() || base == 8)
        && digits.chars().all(|c| {
            c.to_digit(36)
                .is_some_and(|d| d < base && c.is_ascii_alphanumeric())
        })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `strconv.ParseFloat` fails with ErrRange on overflow.
fn float_in_range(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(|f| f.is_finite())
}

/// `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        // [0-5]?[0-9]
        let d1 = i < b.len() && b[i].is_ascii_digit();
        let d2 = i + 1 < b.len() && b[i + 1].is_ascii_digit();
        if d1 && d2 && b[i] <= b'5' {
            i += 2;
        } else if d1 {
            i += 1;
        } else {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// `parseTimestamp`: the four `time.Parse` layouts go-yaml v2 accepts.
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if lead != 4 || lead == b.len() || b[4] != b'-' {
        return false;
    }
    // 0: "2006-1-2T15:4:5.999999999Z07:00", 1: lower-case t, 2: "2006-1-2 15:4:5.999999999",
    // 3: "2006-1-2".
    (0..4).any(|layout| parse_layout(b, layout))
}

fn getnum(b: &[u8], i: &mut usize, fixed: bool) -> Option<u32> {
    let d0 = b.get(*i).filter(|c| c.is_ascii_digit())?;
    match b.get(*i + 1).filter(|c| c.is_ascii_digit()) {
        Some(d1) => {
            *i += 2;
            Some((d0 - b'0') as u32 * 10 + (d1 - b'0') as u32)
        }
        None if fixed => None,
        None => {
            *i += 1;
            Some((d0 - b'0') as u32)
        }
    }
}

fn parse_layout(b: &[u8], layout: u8) -> bool {
    let year: u32 = match std::str::from_utf8(&b[..4])
        .ok()
        .and_then(|y| y.parse().ok())
    {
        Some(y) => y,
        None => return false,
    };
    let mut i = 5;
    let Some(month) = getnum(b, &mut i, false) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = getnum(b, &mut i, false) else {
        return false;
    };
    if layout != 3 {
        let sep = [b'T', b't', b' '][layout as usize];
        if b.get(i) != Some(&sep) {
            return false;
        }
        i += 1;
        match getnum(b, &mut i, false) {
            Some(h) if h < 24 => {}
            _ => return false,
        }
        if b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        match getnum(b, &mut i, false) {
            Some(m) if m < 60 => {}
            _ => return false,
        }
        if b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        match getnum(b, &mut i, false) {
            Some(s) if s < 60 => {}
            _ => return false,
        }
        if matches!(b.get(i), Some(b'.') | Some(b','))
            && b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
        {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if layout <= 1 {
            if b.get(i) == Some(&b'Z') {
                i += 1;
            } else {
                if b.len() < i + 6 || b[i + 3] != b':' {
                    return false;
                }
                if b[i] != b'+' && b[i] != b'-' {
                    return false;
                }
                let mut j = i + 1;
                let Some(hr) = getnum(b, &mut j, true) else {
                    return false;
                };
                let mut k = i + 4;
                let Some(mm) = getnum(b, &mut k, true) else {
                    return false;
                };
                if hr > 24 || mm > 60 {
                    return false;
                }
                i += 6;
            }
        }
    }
    if i != b.len() {
        return false;
    }
    if !(1..=12).contains(&month) {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let dim = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day >= 1 && day <= dim
}

// ---------------------------------------------------------------------------------------------
// Emitter (emitterc.go), restricted to block collections, empty flow collections and scalars.
// ---------------------------------------------------------------------------------------------

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;

struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn width(c: u8) -> usize {
    if c & 0x80 == 0 {
        1
    } else if c & 0xE0 == 0xC0 {
        2
    } else if c & 0xF0 == 0xE0 {
        3
    } else if c & 0xF8 == 0xF0 {
        4
    } else {
        1
    }
}

fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && at(b, i + 1) >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && at(b, i + 1) < 0xA0)
        || c == 0xEE
        || (c == 0xEF
            && !(at(b, i + 1) == 0xBB && at(b, i + 2) == 0xBF)
            && !(at(b, i + 1) == 0xBF && (at(b, i + 2) == 0xBE || at(b, i + 2) == 0xBF)))
}

fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    at(b, i) == b' ' || at(b, i) == b'\t'
}

fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9))
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || at(b, i) == 0
}

fn analyze_scalar(value: &[u8]) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.starts_with(b"---") || value.starts_with(b"...") {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut i = 0;
    while i < value.len() {
        let w = width(value[i]);
        let followed_by_whitespace = i + w >= value.len() || is_blank(value, i + w);
        if i == 0 {
            match value[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                | b'\'' | b'"' | b'%' | b'@' | b'`' => block_indicators = true,
                b'?' | b':' | b'-' if followed_by_whitespace => {
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match value[i] {
                b':' if followed_by_whitespace => {
                    block_indicators = true;
                }
                b'#' if preceded_by_whitespace => {
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(value, i) {
            special_characters = true;
        }
        if is_space(value, i) {
            if i == 0 {
                leading_space = true;
            }
            if i + w == value.len() {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(value, i) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + w == value.len() {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(value, i);
        i += w;
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

struct Emitter {
    out: Vec<u8>,
    column: usize,
    whitespace: bool,
    indention: bool,
    indent: i64,
    indents: Vec<i64>,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: Vec::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            indents: Vec::new(),
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn put(&mut self, c: u8) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push(b'\n');
        self.column = 0;
    }

    /// Copies one UTF-8 character starting at `*i`.
    fn write(&mut self, s: &[u8], i: &mut usize) {
        let w = width(s[*i]).min(s.len() - *i);
        self.out.extend_from_slice(&s[*i..*i + w]);
        self.column += 1;
        *i += w;
    }

    fn write_all(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            self.write(s, &mut i);
        }
    }

    fn write_break(&mut self, s: &[u8], i: &mut usize) {
        if s[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(s, i);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &[u8], need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(ind);
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn emit_node(&mut self, node: &Node, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match node {
            Node::Scalar(v, style) => self.emit_scalar(v.as_bytes(), *style),
            Node::Seq(items) if items.is_empty() => self.emit_empty_flow(b"[", b"]"),
            Node::Map(entries) if entries.is_empty() => self.emit_empty_flow(b"{", b"}"),
            Node::Seq(items) => {
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator(b"-", true, false, true);
                    self.emit_node(item, false, false);
                }
                self.pop_indent();
            }
            Node::Map(entries) => {
                self.increase_indent(false, false);
                for (k, v) in entries {
                    self.write_indent();
                    if check_simple_key(k) {
                        self.emit_node(k, true, true);
                        self.write_indicator(b":", false, false, false);
                    } else {
                        self.write_indicator(b"?", true, false, true);
                        self.emit_node(k, true, false);
                        self.write_indent();
                        self.write_indicator(b":", true, false, true);
                    }
                    self.emit_node(v, true, false);
                }
                self.pop_indent();
            }
        }
    }

    fn emit_empty_flow(&mut self, open: &[u8], close: &[u8]) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn emit_scalar(&mut self, value: &[u8], requested: Style) {
        let a = analyze_scalar(value);
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if !a.block_plain_allowed {
                style = Style::SingleQuoted;
            }
            if value.is_empty() && self.simple_key_context {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &[u8], allow_breaks: bool) {
        if !self.whitespace {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !is_space(value, i + 1) {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        self.write_indicator(b"'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < value.len() - 1
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if value[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator(b"'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator(b"\"", true, false, false);
        // `is_bom(value, i)` in the original looks at the start of the value, not at `i`.
        let starts_with_bom = value.starts_with(&[0xEF, 0xBB, 0xBF]);
        let mut i = 0;
        while i < value.len() {
            if !is_printable(value, i)
                || starts_with_bom
                || is_break(value, i)
                || value[i] == b'"'
                || value[i] == b'\\'
            {
                let w = width(value[i]).min(value.len() - i);
                let v: u32 = match std::str::from_utf8(&value[i..i + w]) {
                    Ok(s) => s.chars().next().map(|c| c as u32).unwrap_or(0),
                    Err(_) => value[i] as u32,
                };
                i += w;
                self.put(b'\\');
                let simple = match v {
                    0x00 => Some(b'0'),
                    0x07 => Some(b'a'),
                    0x08 => Some(b'b'),
                    0x09 => Some(b't'),
                    0x0A => Some(b'n'),
                    0x0B => Some(b'v'),
                    0x0C => Some(b'f'),
                    0x0D => Some(b'r'),
                    0x1B => Some(b'e'),
                    0x22 => Some(b'"'),
                    0x5C => Some(b'\\'),
                    0x85 => Some(b'N'),
                    0xA0 => Some(b'_'),
                    0x2028 => Some(b'L'),
                    0x2029 => Some(b'P'),
                    _ => None,
                };
                match simple {
                    Some(c) => self.put(c),
                    None => {
                        let (letter, digits) = if v <= 0xFF {
                            (b'x', 2)
                        } else if v <= 0xFFFF {
                            (b'u', 4)
                        } else {
                            (b'U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let d = ((v >> (k * 4)) & 0x0F) as u8;
                            self.put(if d < 10 { b'0' + d } else { b'A' + d - 10 });
                        }
                    }
                }
                spaces = false;
            } else if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < value.len() - 1
                {
                    self.write_indent();
                    if is_space(value, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator(b"\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = [b'0' + BEST_INDENT as u8];
            self.write_indicator(&hint, false, false, false);
        }
        let mut chomp: Option<u8> = None;
        if value.is_empty() {
            chomp = Some(b'-');
        } else {
            let mut i = value.len() - 1;
            while i > 0 && value[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(value, i) {
                chomp = Some(b'-');
            } else if i == 0 {
                chomp = Some(b'+');
            } else {
                i -= 1;
                while i > 0 && value[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if is_break(value, i) {
                    chomp = Some(b'+');
                }
            }
        }
        if let Some(c) = chomp {
            self.write_indicator(&[c], false, false, false);
        }
    }

    fn write_literal(&mut self, value: &[u8]) {
        self.write_indicator(b"|", true, false, false);
        self.write_block_scalar_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// `yaml_emitter_check_simple_key` for a key node.
fn check_simple_key(k: &Node) -> bool {
    match k {
        Node::Scalar(v, _) => {
            let a = analyze_scalar(v.as_bytes());
            !a.multiline && v.len() <= 128
        }
        Node::Seq(items) => items.is_empty(),
        Node::Map(entries) => entries.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn y(v: Value) -> String {
        to_yaml(&v)
    }

    /// Cases from go-yaml v2 `encode_test.go` (`marshalTests`) that JSON data can express.
    #[test]
    fn go_yaml_encode_test_marshal_cases() {
        let cases: Vec<(Value, &str)> = vec![
            (json!(null), "null\n"),
            (json!({}), "{}\n"),
            (json!({"v": "hi"}), "v: hi\n"),
            (json!({"v": "true"}), "v: \"true\"\n"),
            (json!({"v": "false"}), "v: \"false\"\n"),
            (json!({"v": true}), "v: true\n"),
            (json!({"v": false}), "v: false\n"),
            (json!({"v": 10}), "v: 10\n"),
            (json!({"v": -10}), "v: -10\n"),
            (json!({"v": 42u64}), "v: 42\n"),
            (json!({"v": 4294967296i64}), "v: 4294967296\n"),
            (json!({"v": "10"}), "v: \"10\"\n"),
            (json!({"v": 0.1}), "v: 0.1\n"),
            (json!({"v": -0.1}), "v: -0.1\n"),
            (json!({"v": null}), "v: null\n"),
            (json!({"v": ""}), "v: \"\"\n"),
            (json!({"v": ["A", "B"]}), "v:\n- A\n- B\n"),
            (json!({"v": ["A", "B\nC"]}), "v:\n- A\n- |-\n  B\n  C\n"),
            (
                json!({"v": ["A", 1, {"B": [2, 3]}]}),
                "v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n",
            ),
            (json!({"a": {"b": "c"}}), "a:\n  b: c\n"),
            (json!({"a": "-"}), "a: '-'\n"),
            (json!(123), "123\n"),
            (json!({"hello": "world"}), "hello: world\n"),
            (json!({"a": [1, 2]}), "a:\n- 1\n- 2\n"),
            (json!({"a": "<foo>"}), "a: <foo>\n"),
            // Issue #34: base 60 floats are quoted.
            (json!({"a": "1:1"}), "a: \"1:1\"\n"),
            (json!({"a": "\u{0}"}), "a: \"\\0\"\n"),
            (json!({"a": "你好"}), "a: 你好\n"),
            (
                json!({"a": "2015-02-24T18:19:39Z"}),
                "a: \"2015-02-24T18:19:39Z\"\n",
            ),
            (json!({"a": "b: c"}), "a: 'b: c'\n"),
            (json!({"a": "Hello #comment"}), "a: 'Hello #comment'\n"),
            (json!({"a": "你好 #comment"}), "a: '你好 #comment'\n"),
            (json!({"a": 5}), "a: 5\n"),
            (json!({"a": 100.5}), "a: 100.5\n"),
            (json!({"a": "bogus"}), "a: bogus\n"),
            (json!({"_": {"hi": "there"}}), "_:\n  hi: there\n"),
            (json!({"_": [1, "A"]}), "_:\n- 1\n- A\n"),
            (json!({"_": "BAR!"}), "_: BAR!\n"),
        ];
        for (v, want) in cases {
            assert_eq!(y(v.clone()), want, "value {v}");
        }
    }

    /// `TestQuotingMaintained`: hex strings too large for 64 bits still read back as ints.
    #[test]
    fn go_yaml_quoting_maintained() {
        let v = json!({"data": {
            "A1": "0x0000000000000000000000010000000000000000",
            "A2": "0x000000000000000000000000FFFFFFFFFFFFFFFF",
            "A3": "1234",
        }});
        assert_eq!(
            y(v),
            "data:\n  A1: \"0x0000000000000000000000010000000000000000\"\n  A2: \"0x000000000000000000000000FFFFFFFFFFFFFFFF\"\n  A3: \"1234\"\n"
        );
    }

    /// `TestLineWrapping` (default behaviour, without `FutureLineWrap`).
    #[test]
    fn go_yaml_line_wrapping() {
        let v = json!({"a": "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 "});
        assert_eq!(
            y(v),
            "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n"
        );
    }

    /// Plain scalars fold at the first space past column 80 (emitterc.go
    /// `yaml_emitter_write_plain_scalar`); the string is the one from kubernetes-sigs/yaml#68.
    #[test]
    fn long_plain_scalar_is_folded() {
        let v = json!({"foo": "a very long string that might have to be broken into multiple lines in order to fit nicely in the output pane"});
        assert_eq!(
            y(v),
            "foo: a very long string that might have to be broken into multiple lines in order\n  to fit nicely in the output pane\n"
        );
    }

    /// `TestSortedOutput` (string keys): go-yaml's natural key order.
    #[test]
    fn go_yaml_sorted_output() {
        let order = [
            "", ".1", ".2", ".a", "1", "2", "a!10", "a/0001", "a/002", "a/3", "a/10", "a/11",
            "a/0012", "a/100", "a~10", "ab/1", "b/1", "b/01", "b/2", "b/02", "b/3", "b/03", "b1",
            "b01", "b3", "c2.10", "c10.2", "d1", "d7", "d7abc", "d12", "d12a",
        ];
        let mut m = serde_json::Map::new();
        for k in order {
            m.insert(k.to_string(), json!(1));
        }
        let out = y(Value::Object(m));
        let keys: Vec<String> = out
            .lines()
            .map(|l| {
                l.rsplit_once(": ")
                    .map(|(k, _)| k.trim_matches('"').to_string())
            })
            .map(|k| k.unwrap_or_default())
            .collect();
        assert_eq!(keys, order);
    }

    /// `TestEncoderMultipleDocuments` / kubectl `YAMLPrinter`: `---` between documents.
    #[test]
    fn multiple_documents() {
        assert_eq!(
            to_yaml_documents(&[json!({"a": "b"}), json!({"c": "d"})]),
            "a: b\n---\nc: d\n"
        );
    }

    /// YAML 1.1 forms that must stay strings (resolve.go) and strings that need quoting
    /// because of indicators (emitterc.go `yaml_emitter_analyze_scalar`).
    #[test]
    fn quoting_rules() {
        let cases = [
            ("yes", "\"yes\""),
            ("on", "\"on\""),
            ("Off", "\"Off\""),
            ("~", "\"~\""),
            ("0x1F", "\"0x1F\""),
            ("0o17", "\"0o17\""),
            ("08", "\"08\""),
            ("1e3", "\"1e3\""),
            ("1_000", "\"1_000\""),
            (".inf", "\".inf\""),
            ("-.5", "\"-.5\""),
            ("1:20", "\"1:20\""),
            ("2024-01-01", "\"2024-01-01\""),
            ("2024-01-01 10:00:00", "\"2024-01-01 10:00:00\""),
            ("2024-13-01", "2024-13-01"),
            ("yES", "yES"),
            ("1.2.3", "1.2.3"),
            ("10.244.0.5", "10.244.0.5"),
            ("nginx:1.25", "nginx:1.25"),
            ("-c", "-c"),
            ("- x", "'- x'"),
            ("*/5 * * * *", "'*/5 * * * *'"),
            ("@daily", "'@daily'"),
            ("!x", "'!x'"),
            ("&a", "'&a'"),
            ("[a]", "'[a]'"),
            ("{a}", "'{a}'"),
            ("a#b", "a#b"),
            ("a #b", "'a #b'"),
            ("key: value", "'key: value'"),
            ("key:", "'key:'"),
            (" lead", "' lead'"),
            ("trail ", "'trail '"),
            ("it's", "it's"),
            ("'q'", "'''q'''"),
            ("\"dq\"", "'\"dq\"'"),
            ("tab\there", "\"tab\\there\""),
            ("---", "'---'"),
            ("emoji 😀", "\"emoji \\U0001F600\""),
        ];
        for (s, want) in cases {
            assert_eq!(y(json!({"k": s})), format!("k: {want}\n"), "string {s:?}");
        }
    }

    /// Block scalar chomping indicators (emitterc.go `yaml_emitter_write_block_scalar_hints`).
    #[test]
    fn literal_block_chomping() {
        assert_eq!(y(json!({"k": "a\nb\n"})), "k: |\n  a\n  b\n");
        assert_eq!(y(json!({"k": "a\nb"})), "k: |-\n  a\n  b\n");
        assert_eq!(y(json!({"k": "a\n\n"})), "k: |+\n  a\n\n");
        assert_eq!(y(json!({"k": " a\nb"})), "k: |2-\n   a\n  b\n");
        assert_eq!(
            y(json!({"k": "a\n\nb\n", "l": 1})),
            "k: |\n  a\n\n  b\nl: 1\n"
        );
        // Trailing space forbids block style: double-quoted with escapes.
        assert_eq!(y(json!({"k": "a \nb"})), "k: \"a \\nb\"\n");
    }

    #[test]
    fn numbers_as_go_prints_them() {
        assert_eq!(y(json!({"f": 1.0})), "f: 1\n");
        assert_eq!(y(json!({"f": 1e21})), "f: 1e+21\n");
        assert_eq!(y(json!({"f": 1234567.5})), "f: 1.2345675e+06\n");
        assert_eq!(y(json!({"f": 0.000001})), "f: 1e-06\n");
        assert_eq!(y(json!({"f": 0.0001})), "f: 0.0001\n");
        assert_eq!(
            y(json!({"u": 18446744073709551615u64})),
            "u: 18446744073709551615\n"
        );
    }

    #[test]
    fn long_keys_use_complex_key_syntax() {
        let k = "k".repeat(129);
        assert_eq!(y(json!({ k.clone(): 1 })), format!("? {k}\n: 1\n"));
        let k128 = "k".repeat(128);
        assert_eq!(y(json!({ k128.clone(): 1 })), format!("{k128}: 1\n"));
    }

    /// Annotation lines taken from real kubectl output quoted in kubernetes/kubernetes#32335
    /// ("YAML rendering sometimes linewraps strings").
    #[test]
    fn kubectl_issue_32335_annotations() {
        let v = json!({"metadata": {"annotations": {
            "kubernetes.io/created-by": "{\"kind\":\"SerializedReference\",\"apiVersion\":\"v1\",\"reference\":{\"kind\":\"ReplicaSet\",\"namespace\":\"default\",\"name\":\"hostnames-1190964384\",\"uid\":\"f4ff207f-6b1c-11e6-aa24-42010af00003\",\"apiVersion\":\"extensions\",\"resourceVersion\":\"2341030\"}}\n",
            "kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container hostnames"
        }}});
        assert_eq!(
            y(v),
            "metadata:\n  annotations:\n    kubernetes.io/created-by: |\n      {\"kind\":\"SerializedReference\",\"apiVersion\":\"v1\",\"reference\":{\"kind\":\"ReplicaSet\",\"namespace\":\"default\",\"name\":\"hostnames-1190964384\",\"uid\":\"f4ff207f-6b1c-11e6-aa24-42010af00003\",\"apiVersion\":\"extensions\",\"resourceVersion\":\"2341030\"}}\n    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request for container\n      hostnames'\n"
        );
    }

    /// A realistic Pod as `kubectl get pod web -o yaml` prints it. Reasoning for the expected
    /// text: keys sorted; sequences that are mapping values start at the parent key's column;
    /// `resourceVersion: "1234"`, `status: "True"`, timestamps and `value: "true"` are quoted
    /// because unquoted they would read back as int/bool/timestamp; `'*/5 * * * *'` is
    /// single-quoted because `*` cannot start a plain scalar; the limit-ranger annotation
    /// contains `: ` (single quotes) and folds after column 80 with a 6-space continuation
    /// (annotation indent 4 + 2); the multi-line arg becomes a `|` block; empty maps are `{}`.
    #[test]
    fn realistic_pod() {
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "annotations": {
                    "example.com/schedule": "*/5 * * * *",
                    "kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container hostnames"
                },
                "creationTimestamp": "2024-05-01T10:00:00Z",
                "labels": {"app.kubernetes.io/name": "web", "run": "web"},
                "name": "web", "namespace": "default", "resourceVersion": "1234",
                "uid": "5f3d2c1a-1b2c-4d5e-8f90-123456789abc"
            },
            "spec": {
                "containers": [{
                    "args": ["line one\nline two\n"],
                    "command": ["sh", "-c", "echo hello; sleep 3600"],
                    "env": [{"name": "DEBUG", "value": "true"}, {"name": "PORT", "value": "8080"}],
                    "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent", "name": "web",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "resources": {},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                    "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                      "name": "kube-api-access-abcde", "readOnly": true}]
                }],
                "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "nodeName": "node-1",
                "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler",
                "securityContext": {}, "serviceAccountName": "default",
                "terminationGracePeriodSeconds": 30,
                "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready",
                                 "operator": "Exists", "tolerationSeconds": 300}]
            },
            "status": {
                "conditions": [{"lastProbeTime": null, "lastTransitionTime": "2024-05-01T10:00:05Z",
                                "status": "True", "type": "Ready"}],
                "hostIP": "172.18.0.2", "phase": "Running", "podIP": "10.244.0.5",
                "podIPs": [{"ip": "10.244.0.5"}], "qosClass": "BestEffort",
                "startTime": "2024-05-01T10:00:00Z"
            }
        });
        let want = "\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    example.com/schedule: '*/5 * * * *'
    kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request for container
      hostnames'
  creationTimestamp: \"2024-05-01T10:00:00Z\"
  labels:
    app.kubernetes.io/name: web
    run: web
  name: web
  namespace: default
  resourceVersion: \"1234\"
  uid: 5f3d2c1a-1b2c-4d5e-8f90-123456789abc
spec:
  containers:
  - args:
    - |
      line one
      line two
    command:
    - sh
    - -c
    - echo hello; sleep 3600
    env:
    - name: DEBUG
      value: \"true\"
    - name: PORT
      value: \"8080\"
    image: nginx:1.25
    imagePullPolicy: IfNotPresent
    name: web
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-abcde
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: node-1
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: \"2024-05-01T10:00:05Z\"
    status: \"True\"
    type: Ready
  hostIP: 172.18.0.2
  phase: Running
  podIP: 10.244.0.5
  podIPs:
  - ip: 10.244.0.5
  qosClass: BestEffort
  startTime: \"2024-05-01T10:00:00Z\"
";
        assert_eq!(to_yaml(&pod), want);
    }

    #[test]
    fn nested_sequences_and_empty_collections() {
        assert_eq!(y(json!([[1, 2], [], {}])), "- - 1\n  - 2\n- []\n- {}\n");
        assert_eq!(y(json!({"a": [], "b": {}})), "a: []\nb: {}\n");
        assert_eq!(y(json!([])), "[]\n");
    }

    proptest::proptest! {
        /// Whatever style is chosen, the text reads back as the same string.
        #[test]
        fn strings_round_trip(s in "[ abc:#'\"\n\t{}*&!|>%@`?,.019yYnNoO~_é😀-]{0,120}") {
            let out = to_yaml(&json!({ "k": s.clone(), s.clone(): 1 }));
            let back: serde_json::Value = serde_yaml::from_str(&out).unwrap_or(Value::Null);
            proptest::prop_assert_eq!(back.get("k").and_then(Value::as_str), Some(s.as_str()), "{}", out);
        }
    }
}
