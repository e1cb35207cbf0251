//! kubectl's JSONPath templates (`k8s.io/client-go/util/jsonpath`: `parser.go`, `jsonpath.go`)
//! as used by `kubectl get -o jsonpath=...` (`k8s.io/cli-runtime/pkg/printers/jsonpath.go`,
//! `genericclioptions/jsonpath_flags.go`) and by `-o custom-columns`.
//!
//! The data is what kubectl hands the engine: the object's unstructured content, where JSON
//! integers are `int64`, other numbers `float64`. Output follows `PrintResults`: strings raw,
//! maps and lists as compact JSON (Go `encoding/json`), numbers and booleans as Go's `fmt`
//! prints them, JSON null as `<nil>`; several results of one `{}` are space-separated.
//!
//! Known deviation: Go iterates maps in random order for `*` and `..` over an object; here
//! keys come in sorted order so output is deterministic.

use serde_json::Value;

/// A parsed template, ready to be executed against many objects.
#[derive(Debug, Clone)]
pub struct JsonPath {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Debug, Clone)]
enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Identifier(String),
}

/// Parses a JSONPath template (`jsonpath.Parse`). The error is the parser's own text, e.g.
/// `unterminated array` for `{.items[}`; kubectl wraps it (see [`print_obj`]).
pub fn parse(template: &str) -> Result<JsonPath, String> {
    let mut p = Parser::new(template);
    let nodes = p.parse()?;
    Ok(JsonPath { nodes })
}

/// `RelaxedJSONPathExpression` from `kubectl/pkg/cmd/get/customcolumn.go`: accepts
/// `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}` and returns
/// `{.metadata.name}`. Only custom-columns (and `--sort-by`) relax expressions this way;
/// `-o jsonpath=` takes the template literally, so text without braces is printed as text.
pub fn relaxed_json_path_expression(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    // ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$
    let no_braces = |s: &str| !s.is_empty() && !s.contains('{') && !s.contains('}');
    if let Some(inner) = path.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        let inner = inner.strip_prefix('.').unwrap_or(inner);
        if no_braces(inner) {
            return Ok(format!("{{.{inner}}}"));
        }
    }
    let bare = path.strip_prefix('.').unwrap_or(path);
    if no_braces(bare) {
        return Ok(format!("{{.{bare}}}"));
    }
    Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".to_string())
}

/// What `kubectl get -o jsonpath=TEMPLATE` prints for one object (or one List), including the
/// error texts of `jsonpath_flags.go` and `JSONPathPrinter.PrintObj` (without the `error: `
/// prefix that kubectl's `CheckErr` adds in front of every error).
pub fn print_obj(template: &str, data: &Value, allow_missing_keys: bool) -> Result<String, String> {
    if template.is_empty() {
        return Err("template format specified but no template given".to_string());
    }
    let jp = parse(template).map_err(|e| format!("error parsing jsonpath {template}, {e}"))?;
    jp.execute(data, allow_missing_keys).map_err(|e| {
        format!(
            "error executing jsonpath {}: Error executing template: {}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
            go_quote(template),
            e,
            template,
            go_sharp_v(data)
        )
    })
}

/// The template of a `-o jsonpath=TEMPLATE` or `-o jsonpath-as-json=TEMPLATE` output, and
/// whether it is the latter; `None` for any other output.
pub fn output_template(output: &str) -> Option<(&str, bool)> {
    if let Some(t) = output.strip_prefix("jsonpath=") {
        return Some((t, false));
    }
    output.strip_prefix("jsonpath-as-json=").map(|t| (t, true))
}

/// `template` parsed as kubectl makes its JSONPath printer, or kubectl's error for it.
pub fn parse_for_output(template: &str) -> Result<JsonPath, String> {
    parse(template).map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))
}

/// `data` as `-o jsonpath=TEMPLATE` (or, with `as_json`, `-o jsonpath-as-json=TEMPLATE`)
/// prints it, missing keys allowed as kubectl's default; or kubectl's error.
pub fn print_output(template: &str, as_json: bool, data: &Value) -> Result<String, String> {
    let jp = parse_for_output(template)?;
    let printed = if as_json {
        jp.execute_as_json(data, true)
    } else {
        jp.execute(data, true)
    };
    printed.map_err(|e| format!("error: error executing jsonpath {template:?}: {e}"))
}

impl JsonPath {
    /// `JSONPath.Execute`: the printed text, or the engine's error text (e.g. `foo is not
    /// found`, `array index out of bounds: index 5, length 1`). kubectl get runs with
    /// `allow_missing_keys = true` unless `--allow-missing-template-keys=false`.
    pub fn execute(&self, data: &Value, allow_missing_keys: bool) -> Result<String, String> {
        let results = self.find_results(data, allow_missing_keys)?;
        let mut out = String::new();
        for list in &results {
            for (i, item) in list.iter().enumerate() {
                out.push_str(&print_item(item));
                if i + 1 != list.len() {
                    out.push(' ');
                }
            }
        }
        Ok(out)
    }

    /// `PrintResults` with `outputJSON` (`-o jsonpath-as-json`): each template segment's results
    /// as one JSON array, indented four spaces a level as `json.MarshalIndent`, then a newline.
    pub fn execute_as_json(
        &self,
        data: &Value,
        allow_missing_keys: bool,
    ) -> Result<String, String> {
        let results = self.find_results(data, allow_missing_keys)?;
        let mut out = String::new();
        for list in &results {
            let values = Value::Array(list.iter().map(Item::to_value).collect());
            out.push_str(&super::json_text(&values));
            out.push('\n');
        }
        Ok(out)
    }

    /// `FindResults` with missing keys allowed (kubectl's default), converted to JSON values;
    /// one inner list per template segment (`{...}` or literal text).
    pub fn evaluate_values(&self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        let results = self.find_results(data, true)?;
        Ok(results
            .iter()
            .map(|l| l.iter().map(Item::to_value).collect())
            .collect())
    }

    fn find_results<'a>(
        &self,
        data: &'a Value,
        allow_missing_keys: bool,
    ) -> Result<Vec<Vec<Item<'a>>>, String> {
        let mut st = State {
            allow_missing_keys,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
        };
        find(&self.nodes, 0, Item::Ref(data), &mut st)
    }
}

// ---------------------------------------------------------------------------------------------
// Parser (parser.go)
// ---------------------------------------------------------------------------------------------

const EOF: Option<char> = None;

struct Parser<'s> {
    input: &'s str,
    pos: usize,
    start: usize,
    width: usize,
}

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alpha_numeric(r: Option<char>) -> bool {
    r.is_some_and(|c| c == '_' || c.is_alphabetic() || c.is_numeric())
}

fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let wrapped = format!("{{{text}}}");
    let nodes = Parser::new(&wrapped).parse()?;
    match nodes.into_iter().next() {
        Some(Node::List(l)) => Ok(l),
        _ => Ok(Vec::new()),
    }
}

impl<'s> Parser<'s> {
    fn new(input: &'s str) -> Self {
        Parser {
            input,
            pos: 0,
            start: 0,
            width: 0,
        }
    }

    fn next(&mut self) -> Option<char> {
        if self.pos >= self.input.len() {
            self.width = 0;
            return EOF;
        }
        let c = self.input[self.pos..].chars().next()?;
        self.width = c.len_utf8();
        self.pos += self.width;
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn consume_text(&mut self) -> String {
        let v = self.input[self.start..self.pos].to_string();
        self.start = self.pos;
        v
    }

    fn byte_at(&self, i: usize) -> u8 {
        self.input.as_bytes().get(i).copied().unwrap_or(0)
    }

    fn parse(&mut self) -> Result<Vec<Node>, String> {
        let mut root = Vec::new();
        loop {
            // parseText
            let mut at_eof = false;
            loop {
                if self.input[self.pos..].starts_with('{') {
                    break;
                }
                if self.next().is_none() {
                    at_eof = true;
                    break;
                }
            }
            if self.pos > self.start {
                root.push(Node::Text(self.consume_text()));
            }
            if at_eof {
                return Ok(root);
            }
            // parseLeftDelim
            self.pos += 1;
            self.consume_text();
            let mut cur = Vec::new();
            self.parse_inside_action(&mut cur)?;
            root.push(Node::List(cur));
        }
    }

    /// Parses until the closing `}` (consumed).
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            let rest = &self.input[self.pos..];
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume_text();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                self.parse_recursive(cur)?;
                continue;
            }
            match self.next() {
                None | Some('\r') | Some('\n') => return Err("unclosed action".to_string()),
                Some(' ') | Some('@') | Some('$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || c.is_numeric() => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                r if is_alpha_numeric(r) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} '{}'",
                        c as u32, c
                    ));
                }
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        match value.as_str() {
            "true" => cur.push(Node::Bool(true)),
            "false" => cur.push(Node::Bool(false)),
            _ => cur.push(Node::Identifier(value)),
        }
    }

    fn parse_recursive(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(cur.last(), Some(Node::Recursive)) {
            return Err("invalid multiple recursive descent".to_string());
        }
        self.pos += 2;
        self.consume_text();
        cur.push(Node::Recursive);
        if is_alpha_numeric(self.peek()) {
            self.parse_field(cur);
        }
        Ok(())
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        let r = self.peek();
        if r == Some('+') || r == Some('-') {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || c.is_numeric() => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Some(i) = go_atoi(&value) {
            cur.push(Node::Int(i));
            return Ok(());
        }
        if let Some(f) = go_parse_float(&value) {
            cur.push(Node::Float(f));
            return Ok(());
        }
        Err(format!("cannot parse number {value}"))
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".to_string()),
                Some(']') => break,
                _ => {}
            }
        }
        let consumed = self.consume_text();
        let mut text = consumed[1..consumed.len() - 1].to_string();
        if text == "*" {
            text = ":".to_string();
        }
        let strs: Vec<&str> = text.split(',').collect();
        if strs.len() > 1 {
            let mut union = Vec::new();
            for s in strs {
                union.push(parse_action(&format!("[{}]", s.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        // dict key ^'([^']*)'$
        if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
            let inner = &text[1..text.len() - 1];
            if !inner.contains('\'') {
                cur.extend(parse_action(&format!(".{inner}"))?);
                return Ok(());
            }
        }
        let Some(groups) = slice_operator(&text) else {
            return Err(format!("invalid array index {text}"));
        };
        let mut params = [Param::default(); 3];
        for i in 0..3 {
            let mut v = groups[i].as_str();
            if !v.is_empty() {
                if i > 0 {
                    v = &v[1..];
                }
                if i > 0 && v.is_empty() {
                    params[i].known = false;
                } else {
                    params[i].known = true;
                    params[i].value =
                        go_atoi(v).ok_or_else(|| format!("array index {v} is not a number"))?;
                }
            } else if i == 1 {
                params[i].known = true;
                params[i].value = params[0].value.saturating_add(1);
                params[i].derived = true;
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume_text();
        let mut begin = false;
        let mut end = false;
        let mut pair = '\0';
        loop {
            let r = self.next();
            match r {
                None | Some('\n') => return Err("unterminated filter".to_string()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    if self.byte_at(self.pos.wrapping_sub(2)) != b'\\' && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => {
                    break;
                }
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".to_string());
        }
        let consumed = self.consume_text();
        let text = &consumed[..consumed.len() - 2];
        match split_filter(text) {
            None => {
                let left = parse_action(text)?;
                cur.push(Node::Filter {
                    left,
                    right: Vec::new(),
                    op: "exists".to_string(),
                });
            }
            Some((l, op, r)) => {
                let left = parse_action(l)?;
                let right = parse_action(r)?;
                cur.push(Node::Filter {
                    left,
                    right,
                    op: op.to_string(),
                });
            }
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".to_string()),
                Some(c) if c == end && self.byte_at(self.pos.wrapping_sub(2)) != b'\\' => {
                    break;
                }
                _ => {}
            }
        }
        let value = self.consume_text();
        let s = unquote_extend(&value).map_err(|e| format!("unquote string {value} error {e}"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume_text();
        loop {
            let r = self.next();
            if r == Some('\\') {
                self.next();
            } else if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`, returning the three groups (empty when absent).
fn slice_operator(text: &str) -> Option<[String; 3]> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    let ok = |s: &str| {
        let d = s.strip_prefix('-').unwrap_or(s);
        d.bytes().all(|c| c.is_ascii_digit())
    };
    if !parts.iter().all(|p| ok(p)) {
        return None;
    }
    let mut g = [String::new(), String::new(), String::new()];
    g[0] = parts[0].to_string();
    for i in 1..parts.len() {
        g[i] = format!(":{}", parts[i]);
    }
    Some(g)
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`
fn split_filter(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let first = text.find(is_op)?;
    if first == 0 {
        return None;
    }
    let mut op_end = first;
    while op_end < text.len() && text[op_end..].starts_with(is_op) {
        op_end += 1;
    }
    // The lazy third group needs at least one character; the operator run gives some back.
    while op_end >= text.len() && op_end > first + 1 {
        op_end -= 1;
    }
    if op_end >= text.len() {
        return None;
    }
    Some((&text[..first], &text[first..op_end], &text[op_end..]))
}

/// `strconv.Atoi`.
fn go_atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    Some(if neg { -v } else { v })
}

fn go_parse_float(s: &str) -> Option<f64> {
    let d = s.strip_prefix(['+', '-']).unwrap_or(s);
    if d.is_empty() || d == "." || !d.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `UnquoteExtend`: `strconv.Unquote` that also accepts single-quoted strings.
fn unquote_extend(s: &str) -> Result<String, String> {
    let syntax = || "invalid syntax".to_string();
    let b = s.as_bytes();
    if b.len() < 2 {
        return Err(syntax());
    }
    let quote = b[0];
    if quote != b[b.len() - 1] || (quote != b'"' && quote != b'\'') {
        return Err(syntax());
    }
    let inner = &s[1..s.len() - 1];
    if !inner.contains('\\') && !inner.contains(quote as char) {
        return Ok(inner.to_string());
    }
    let chars: Vec<char> = inner.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == quote as char {
            return Err(syntax());
        }
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let e = *chars.get(i).ok_or_else(syntax)?;
        i += 1;
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' | '"' => {
                if e as u32 != quote as u32 {
                    return Err(syntax());
                }
                out.push(e);
            }
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.get(i..i + n).ok_or_else(syntax)?.iter().collect();
                let v = u32::from_str_radix(&hex, 16).map_err(|_| syntax())?;
                i += n;
                if e == 'x' && v >= 0x80 {
                    out.push('\u{FFFD}');
                } else {
                    out.push(char::from_u32(v).ok_or_else(syntax)?);
                }
            }
            '0'..='7' => {
                let oct: String = chars.get(i - 1..i + 2).ok_or_else(syntax)?.iter().collect();
                let v = u32::from_str_radix(&oct, 8).map_err(|_| syntax())?;
                if v > 255 {
                    return Err(syntax());
                }
                i += 2;
                out.push(if v < 0x80 {
                    char::from_u32(v).unwrap_or('\u{FFFD}')
                } else {
                    '\u{FFFD}'
                });
            }
            _ => return Err(syntax()),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Evaluation (jsonpath.go)
// ---------------------------------------------------------------------------------------------

/// A `reflect.Value` as the Go engine sees it.
#[derive(Debug, Clone)]
enum Item<'a> {
    /// A value inside the data (JSON null is a nil interface).
    Ref(&'a Value),
    /// A string produced by a text node.
    Str(String),
    /// Go `int` from an integer literal.
    Int(i64),
    /// Go `float64` from a float literal.
    Float(f64),
    /// Go `bool` from `true`/`false`.
    Bool(bool),
    /// A byte of a string, reached through `*` or `..` over a string (Go `uint8`).
    Byte(u8),
    /// `reflect.ValueOf(nil)`: the zero Value.
    Invalid,
}

impl Item<'_> {
    fn to_value(&self) -> Value {
        match self {
            Item::Ref(v) => (*v).clone(),
            Item::Str(s) => Value::String(s.clone()),
            Item::Int(i) => Value::from(*i),
            Item::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Item::Bool(b) => Value::Bool(*b),
            Item::Byte(b) => Value::from(*b),
            Item::Invalid => Value::Null,
        }
    }

    /// `value.Type()` as printed by `%v`.
    fn go_type(&self) -> &'static str {
        match self {
            Item::Ref(Value::Object(_)) => "map[string]interface {}",
            Item::Ref(Value::Array(_)) => "[]interface {}",
            Item::Ref(Value::String(_)) | Item::Str(_) => "string",
            Item::Ref(Value::Bool(_)) | Item::Bool(_) => "bool",
            Item::Ref(Value::Number(n)) => {
                if n.is_i64() {
                    "int64"
                } else {
                    "float64"
                }
            }
            Item::Ref(Value::Null) => "interface {}",
            Item::Int(_) => "int",
            Item::Float(_) => "float64",
            Item::Byte(_) => "uint8",
            Item::Invalid => "<nil>",
        }
    }
}

struct State {
    allow_missing_keys: bool,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
}

fn find<'a>(
    all: &[Node],
    start: usize,
    data: Item<'a>,
    st: &mut State,
) -> Result<Vec<Vec<Item<'a>>>, String> {
    let nodes = &all[start..];
    let cur = vec![data];
    let mut full = Vec::new();
    let mut i = 0;
    while i < nodes.len() {
        let results = walk(&cur, &nodes[i], st)?;
        if st.end_range > 0 && st.end_range <= st.in_range {
            st.end_range -= 1;
            st.last_end = Some(start + i);
            break;
        }
        if st.begin_range > 0 {
            st.begin_range -= 1;
            st.in_range += 1;
            if !results.is_empty() {
                for value in results {
                    let value = match value {
                        Item::Ref(Value::Null) => Item::Invalid,
                        other => other,
                    };
                    full.extend(find(all, start + i + 1, value, st)?);
                }
            } else {
                find(all, start + i + 1, Item::Invalid, st)?;
            }
            st.in_range -= 1;
            for k in i + 1..nodes.len() {
                if st.last_end == Some(start + k) {
                    i = k;
                    break;
                }
            }
            i += 1;
            continue;
        }
        full.push(results);
        i += 1;
    }
    Ok(full)
}

fn walk<'a>(input: &[Item<'a>], node: &Node, st: &mut State) -> Result<Vec<Item<'a>>, String> {
    match node {
        Node::List(nodes) => eval_list(input, nodes, st),
        Node::Text(t) => Ok(vec![Item::Str(t.clone())]),
        Node::Field(name) => eval_field(input, name, st),
        Node::Array(params) => eval_array(input, params),
        Node::Filter { left, right, op } => eval_filter(input, left, right, op, st),
        Node::Int(v) => Ok(input.iter().map(|_| Item::Int(*v)).collect()),
        Node::Float(v) => Ok(input.iter().map(|_| Item::Float(*v)).collect()),
        Node::Bool(v) => Ok(input.iter().map(|_| Item::Bool(*v)).collect()),
        Node::Wildcard => Ok(eval_wildcard(input)),
        Node::Recursive => Ok(eval_recursive(input)),
        Node::Union(lists) => {
            let mut result = Vec::new();
            for l in lists {
                result.extend(eval_list(input, l, st)?);
            }
            Ok(result)
        }
        Node::Identifier(name) => match name.as_str() {
            "range" => {
                st.begin_range += 1;
                Ok(input.to_vec())
            }
            "end" => {
                if st.in_range > 0 {
                    st.end_range += 1;
                    Ok(Vec::new())
                } else {
                    Err("not in range, nothing to end".to_string())
                }
            }
            _ => Err(format!("unrecognized identifier {name}")),
        },
    }
}

fn eval_list<'a>(
    input: &[Item<'a>],
    nodes: &[Node],
    st: &mut State,
) -> Result<Vec<Item<'a>>, String> {
    let mut cur = input.to_vec();
    for n in nodes {
        cur = walk(&cur, n, st)?;
    }
    Ok(cur)
}

fn eval_field<'a>(input: &[Item<'a>], name: &str, st: &State) -> Result<Vec<Item<'a>>, String> {
    let mut results = Vec::new();
    if input.is_empty() {
        return Ok(results);
    }
    for item in input {
        if let Item::Ref(Value::Object(m)) = item
            && let Some(v) = m.get(name)
        {
            results.push(Item::Ref(v));
        }
    }
    if results.is_empty() && !st.allow_missing_keys {
        return Err(format!("{name} is not found"));
    }
    Ok(results)
}

fn eval_array<'a>(input: &[Item<'a>], params: &[Param; 3]) -> Result<Vec<Item<'a>>, String> {
    let mut result = Vec::new();
    for item in input {
        let arr = match item {
            Item::Ref(Value::Null) => continue,
            Item::Ref(Value::Array(a)) => a,
            other => return Err(format!("{} is not array or slice", other.go_type())),
        };
        let len = arr.len() as i64;
        let mut p = *params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value = p[0].value.saturating_add(len);
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value = p[1].value.saturating_add(len);
        }
        if p[1].value != p[0].value {
            if p[0].value >= len || p[0].value < 0 {
                return Err(format!(
                    "array index out of bounds: index {}, length {}",
                    p[0].value, len
                ));
            }
            if p[1].value > len || p[1].value < 0 {
                return Err(format!(
                    "array index out of bounds: index {}, length {}",
                    p[1].value.saturating_sub(1),
                    len
                ));
            }
            if p[0].value > p[1].value {
                return Err(format!(
                    "starting index {} is greater than ending index {}",
                    p[0].value, p[1].value
                ));
            }
        } else {
            return Ok(result);
        }
        let mut step = 1usize;
        if p[2].known {
            if p[2].value <= 0 {
                return Err("step must be > 0".to_string());
            }
            step = p[2].value as usize;
        }
        let slice = &arr[p[0].value as usize..p[1].value as usize];
        for v in slice.iter().step_by(step) {
            result.push(Item::Ref(v));
        }
    }
    Ok(result)
}

fn children<'a>(item: &Item<'a>) -> Vec<Item<'a>> {
    match item {
        Item::Ref(Value::Object(m)) => m.values().map(Item::Ref).collect(),
        Item::Ref(Value::Array(a)) => a.iter().map(Item::Ref).collect(),
        Item::Ref(Value::String(s)) => s.bytes().map(Item::Byte).collect(),
        Item::Str(s) => s.bytes().map(Item::Byte).collect(),
        _ => Vec::new(),
    }
}

fn eval_wildcard<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    input.iter().flat_map(children).collect()
}

fn eval_recursive<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut result = Vec::new();
    for item in input {
        let kids = children(item);
        if !kids.is_empty() {
            result.push(item.clone());
            result.extend(eval_recursive(&kids));
        }
    }
    result
}

fn eval_filter<'a>(
    input: &[Item<'a>],
    left: &[Node],
    right: &[Node],
    op: &str,
    st: &mut State,
) -> Result<Vec<Item<'a>>, String> {
    let mut results = Vec::new();
    for item in input {
        let arr = match item {
            Item::Ref(Value::Array(a)) => a,
            other => {
                return Err(format!(
                    "{} is not array or slice and cannot be filtered",
                    go_v(other)
                ));
            }
        };
        for elem in arr {
            let temp = vec![Item::Ref(elem)];
            let lefts = eval_list(&temp, left, st);
            if op == "exists" {
                if lefts.is_ok_and(|l| !l.is_empty()) {
                    results.push(Item::Ref(elem));
                }
                continue;
            }
            let lefts = lefts?;
            match lefts.len() {
                0 => continue,
                1 => {}
                _ => return Err("can only compare one element at a time".to_string()),
            }
            let rights = eval_list(&temp, right, st)?;
            match rights.len() {
                0 => continue,
                1 => {}
                _ => return Err("can only compare one element at a time".to_string()),
            }
            let (l, r) = (&lefts[0], &rights[0]);
            let pass = match op {
                "<" => less(l, r)?,
                ">" => !(less(l, r)? || equal(l, r)?),
                "==" => equal(l, r)?,
                "!=" => !equal(l, r)?,
                "<=" => less(l, r)? || equal(l, r)?,
                ">=" => !less(l, r)?,
                _ => return Err(format!("unrecognized filter operator {op}")),
            };
            if pass {
                results.push(Item::Ref(elem));
            }
        }
    }
    Ok(results)
}

/// `basicKind` of `third_party/forked/golang/template/funcs.go`.
enum Basic {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

const ERR_BAD_COMPARISON_TYPE: &str = "invalid type for comparison";
const ERR_BAD_COMPARISON: &str = "incompatible types for comparison";

fn basic(item: &Item) -> Result<Basic, String> {
    Ok(match item {
        Item::Ref(Value::Bool(b)) | Item::Bool(b) => Basic::Bool(*b),
        Item::Ref(Value::Number(n)) => match n.as_i64() {
            Some(i) => Basic::Int(i),
            None => Basic::Float(n.as_f64().unwrap_or(0.0)),
        },
        Item::Ref(Value::String(s)) => Basic::Str(s.clone()),
        Item::Str(s) => Basic::Str(s.clone()),
        Item::Int(i) => Basic::Int(*i),
        Item::Float(f) => Basic::Float(*f),
        Item::Byte(b) => Basic::Uint(*b as u64),
        _ => return Err(ERR_BAD_COMPARISON_TYPE.to_string()),
    })
}

fn equal(a: &Item, b: &Item) -> Result<bool, String> {
    Ok(match (basic(a)?, basic(b)?) {
        (Basic::Bool(x), Basic::Bool(y)) => x == y,
        (Basic::Int(x), Basic::Int(y)) => x == y,
        (Basic::Uint(x), Basic::Uint(y)) => x == y,
        (Basic::Float(x), Basic::Float(y)) => x == y,
        (Basic::Str(x), Basic::Str(y)) => x == y,
        (Basic::Int(x), Basic::Uint(y)) | (Basic::Uint(y), Basic::Int(x)) => {
            x >= 0 && x as u64 == y
        }
        _ => return Err(ERR_BAD_COMPARISON.to_string()),
    })
}

fn less(a: &Item, b: &Item) -> Result<bool, String> {
    Ok(match (basic(a)?, basic(b)?) {
        (Basic::Bool(_), Basic::Bool(_)) => return Err(ERR_BAD_COMPARISON_TYPE.to_string()),
        (Basic::Int(x), Basic::Int(y)) => x < y,
        (Basic::Uint(x), Basic::Uint(y)) => x < y,
        (Basic::Float(x), Basic::Float(y)) => x < y,
        (Basic::Str(x), Basic::Str(y)) => x < y,
        (Basic::Int(x), Basic::Uint(y)) => x < 0 || (x as u64) < y,
        (Basic::Uint(x), Basic::Int(y)) => y >= 0 && x < y as u64,
        _ => return Err(ERR_BAD_COMPARISON.to_string()),
    })
}

// ---------------------------------------------------------------------------------------------
// Printing (PrintResults, evalToText) and Go formatting helpers
// ---------------------------------------------------------------------------------------------

fn print_item(item: &Item) -> String {
    match item {
        Item::Ref(v @ (Value::Object(_) | Value::Array(_))) => crate::gojson::marshal(v),
        Item::Invalid => "<no value>".to_string(),
        other => go_v(other),
    }
}

/// `fmt.Sprint` of an engine value.
fn go_v(item: &Item) -> String {
    match item {
        Item::Ref(v) => go_v_value(v),
        Item::Str(s) => s.clone(),
        Item::Int(i) => i.to_string(),
        Item::Float(f) => crate::kubectl::yaml::go_format_g(*f),
        Item::Bool(b) => b.to_string(),
        Item::Byte(b) => b.to_string(),
        Item::Invalid => "<invalid reflect.Value>".to_string(),
    }
}

/// Go's `fmt.Sprint` (`%v`) of an unstructured value: `map[k:v]`, `[a b]`, `<nil>`.
pub(crate) fn go_v_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_number(n),
        Value::String(s) => s.clone(),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(go_v_value).collect();
            format!("[{}]", parts.join(" "))
        }
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_v_value(v)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

fn go_number(n: &serde_json::Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => crate::kubectl::yaml::go_format_g(n.as_f64().unwrap_or(0.0)),
    }
}

/// Go's `%#v` of an unstructured value, as printed in kubectl's jsonpath debugging output.
fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_number(n),
        Value::String(s) => go_quote(s),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(go_sharp_v).collect();
            format!("[]interface {{}}{{{}}}", parts.join(", "))
        }
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_sharp_v(v)))
                .collect();
            format!("map[string]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}

/// `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || c == '\u{FEFF}' => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(template: &str, data: &Value, allow_missing: bool) -> Result<String, String> {
        parse(template)?.execute(data, allow_missing)
    }

    fn ok(template: &str, data: &Value, want: &str) {
        assert_eq!(
            run(template, data, false).as_deref(),
            Ok(want),
            "template {template}"
        );
    }

    fn types_data() -> Value {
        json!({
            "bools": [true, false, true, false],
            "integers": [1, 2, 3, 4],
            "floats": [1.0, 2.2, 3.3, 4.0],
            "strings": ["one", "two", "three", "four"],
            "interfaces": [true, "one", 1, 1.1],
            "maps": [
                {"name": "one", "value": 1},
                {"name": "two", "value": 2.02},
                {"name": "three", "value": 3.03},
                {"name": "four", "value": 4.04}
            ]
        })
    }

    /// client-go `jsonpath_test.go` `TestTypesInput` (the map/slice cases; the struct cases
    /// do not apply to unstructured data).
    #[test]
    fn upstream_types_input() {
        let d = types_data();
        let cases = [
            ("{ .bools }", "[true,false,true,false]"),
            ("{ .bools[0] }", "true"),
            ("{ .bools[-1] }", "false"),
            ("{ .bools[0:2] }", "true false"),
            ("{ .bools[:2] }", "true false"),
            ("{ .bools[:4:2] }", "true true"),
            ("{ .integers }", "[1,2,3,4]"),
            ("{ .integers[0] }", "1"),
            ("{ .integers[-2] }", "3"),
            ("{ .integers[0:2] }", "1 2"),
            ("{ .integers[:4:2] }", "1 3"),
            ("{ .floats }", "[1,2.2,3.3,4]"),
            ("{ .floats[0] }", "1"),
            ("{ .floats[-2] }", "3.3"),
            ("{ .floats[:4:2] }", "1 3.3"),
            ("{ .strings }", "[\"one\",\"two\",\"three\",\"four\"]"),
            ("{ .strings[-2] }", "three"),
            ("{ .strings[:4:2] }", "one three"),
            ("{ .interfaces }", "[true,\"one\",1,1.1]"),
            ("{ .interfaces[0:2] }", "true one"),
            ("{ .interfaces[:4:2] }", "true 1"),
            (
                "{ .maps }",
                "[{\"name\":\"one\",\"value\":1},{\"name\":\"two\",\"value\":2.02},{\"name\":\"three\",\"value\":3.03},{\"name\":\"four\",\"value\":4.04}]",
            ),
            ("{ .maps[0] }", "{\"name\":\"one\",\"value\":1}"),
            ("{ .maps[-2] }", "{\"name\":\"three\",\"value\":3.03}"),
            (
                "{ .maps[::2] }",
                "{\"name\":\"one\",\"value\":1} {\"name\":\"three\",\"value\":3.03}",
            ),
            (
                "{ .maps[1::2] }",
                "{\"name\":\"two\",\"value\":2.02} {\"name\":\"four\",\"value\":4.04}",
            ),
        ];
        for (t, want) in cases {
            ok(t, &d, want);
        }
    }

    /// `TestStructInput` cases whose inputs are plain JSON.
    #[test]
    fn upstream_simple_inputs() {
        ok("hello jsonpath", &Value::Null, "hello jsonpath");
        ok("{..}", &json!([1, 2, 3]), "[1,2,3]");
        ok("{[?(@<5)]}", &json!([2, 6, 3, 7]), "2 3");
        ok("{\"{\"}", &Value::Null, "{");
        ok("{[1,3,4]}", &json!([0, 1, 2, 3, 4]), "1 3 4");
        ok("{[0:2]}", &json!(["Monday", "Tudesday"]), "Monday Tudesday");
        let store = json!({
            "Name": "jsonpath",
            "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
            "Employees": {"jason": "manager", "dan": "clerk"},
            "Bicycle": [{"Color": "red", "Price": 19.95, "IsNew": true},
                        {"Color": "green", "Price": 20.01, "IsNew": false}],
            "Book": [
                {"Category": "reference", "Author": "Nigel Rees", "Title": "Sayings of the Centurey", "Price": 8.95},
                {"Category": "fiction", "Author": "Evelyn Waugh", "Title": "Sword of Honour", "Price": 12.99},
                {"Category": "fiction", "Author": "Herman Melville", "Title": "Moby Dick", "Price": 8.99}
            ]
        });
        ok("hello {.Name}", &store, "hello jsonpath");
        ok("{$.Labels.web/html}", &store, "15");
        ok("{$.Employees.jason}", &store, "manager");
        ok("{.Labels.k8s-app}", &store, "20");
        ok("{.Bicycle[*].Color}", &store, "red green");
        ok(
            "{.Book[*].Author}",
            &store,
            "Nigel Rees Evelyn Waugh Herman Melville",
        );
        ok("{...Price}", &store, "19.95 20.01 8.95 12.99 8.99");
        ok("{.Bicycle[?(@.IsNew==true)].Color}", &store, "red");
        assert_eq!(
            parse("{............................................................Price}").err(),
            Some("invalid multiple recursive descent".to_string())
        );
        // Missing key with AllowMissingKeys(true) prints nothing.
        assert_eq!(run("{.hello}", &store, true).as_deref(), Ok(""));
        // failStoreTests
        let fail = |t: &str| run(t, &store, false).err().unwrap_or_default();
        assert_eq!(fail("{hello}"), "unrecognized identifier hello");
        assert_eq!(fail("{.hello}"), "hello is not found");
        // Upstream uses a Go map[string]int here; unstructured maps are map[string]interface {}.
        assert_eq!(
            fail("{.Labels[0]}"),
            "map[string]interface {} is not array or slice"
        );
        assert_eq!(
            fail("{.Book[?(@.Price<>10)]}"),
            "unrecognized filter operator <>"
        );
        assert_eq!(
            fail("{range .Labels.*}{@}{end}{end}"),
            "not in range, nothing to end"
        );
    }

    /// `TestJSONInput`.
    #[test]
    fn upstream_json_input() {
        let points = json!([
            {"id": "i1", "x": 4, "y": -5},
            {"id": "i2", "x": -2, "y": -5, "z": 1},
            {"id": "i3", "x": 8, "y": 3},
            {"id": "i4", "x": -6, "y": -1},
            {"id": "i5", "x": 0, "y": 2, "z": 1},
            {"id": "i6", "x": 1, "y": 4}
        ]);
        ok("{[?(@.z)].id}", &points, "i2 i5");
        ok("{[0]['id']}", &points, "i1");
    }

    fn nodes_data() -> Value {
        json!({
            "kind": "List",
            "items": [
                {"kind": "None",
                 "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
                 "status": {"capacity": {"cpu": "4"}, "ready": true,
                            "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
                {"kind": "None",
                 "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
                 "status": {"capacity": {"cpu": "8"}, "ready": false,
                            "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                                          {"type": "another", "address": "127.0.0.3"}]}}
            ],
            "users": [
                {"name": "myself", "user": {}},
                {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
            ]
        })
    }

    /// `TestKubernetes`.
    #[test]
    fn upstream_kubernetes() {
        let d = nodes_data();
        let cases = [
            (
                "{range .items[*]}{.metadata.name}, {end}{.kind}",
                "127.0.0.1, 127.0.0.2, List",
            ),
            (
                "{range .items[*]}{.metadata.name}{\"\\t\"}{end}",
                "127.0.0.1\t127.0.0.2\t",
            ),
            (
                "{.items[*].status.addresses[*].address}",
                "127.0.0.1 127.0.0.2 127.0.0.3",
            ),
            (
                "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}",
                "127.0.0.1, 127.0.0.2, 127.0.0.3, ",
            ),
            ("{.items[*].metadata.name}", "127.0.0.1 127.0.0.2"),
            (
                "{.items[*]['metadata.name', 'status.capacity']}",
                "127.0.0.1 127.0.0.2 {\"cpu\":\"4\"} {\"cpu\":\"8\"}",
            ),
            (
                "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
                "[127.0.0.1, {\"cpu\":\"4\"}] [127.0.0.2, {\"cpu\":\"8\"}] ",
            ),
            ("{.users[?(@.name==\"e2e\")].user.password}", "secret"),
            (
                "{.items[0].metadata.labels.kubernetes\\.io/hostname}",
                "127.0.0.1",
            ),
            (
                "{.items[?(@.metadata.labels.kubernetes\\.io/hostname==\"127.0.0.1\")].kind}",
                "None",
            ),
            ("{.items[?(@..ready==true)].metadata.name}", "127.0.0.1"),
        ];
        for (t, want) in cases {
            ok(t, &d, want);
        }
        // "recursive name": upstream compares sorted fields because Go map order is random.
        let out = run("{..name}", &d, false).unwrap_or_default();
        let mut got: Vec<&str> = out.split_whitespace().collect();
        got.sort();
        assert_eq!(got, ["127.0.0.1", "127.0.0.2", "e2e", "myself"]);
    }

    /// `TestEmptyRange` and `TestNestedRanges`.
    #[test]
    fn upstream_ranges() {
        let empty = json!({"items": []});
        assert_eq!(
            run("{range .items[*]}{.metadata.name}{end}", &empty, true).as_deref(),
            Ok("")
        );
        assert_eq!(
            run(
                "{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}",
                &empty,
                true
            )
            .as_deref(),
            Ok("")
        );
        let another = json!([{"name": "value1"}, {"name": "value2"}]);
        let d = json!({"items": [
            {"metadata": {"name": "pod1"}, "spec": {"containers": [
                {"name": "foo", "another": another}, {"name": "bar", "another": another}]}},
            {"metadata": {"name": "pod2"}, "spec": {"containers": [
                {"name": "baz", "another": another}]}}
        ]});
        ok(
            "{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}{\"+\"}{end}",
            &d,
            "pod1:foo,bar,+pod2:baz,+",
        );
        ok(
            "{range .items[*]}{.metadata.name}{\"~\"}{range @.spec.containers[*]}{.name}{\":\"}{range @.another[*]}{.name}{\",\"}{end}{\"+\"}{end}{\"#\"}{end}",
            &d,
            "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#",
        );
        ok(
            "{range .items[*]}{.metadata.name}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}{\"\\n\"}{end}",
            &d,
            "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n",
        );
    }

    /// `TestFilterPartialMatchesSometimesMissingAnnotations` (issues.k8s.io/45546).
    #[test]
    fn upstream_filter_partial_matches() {
        let d = json!({"kind": "List", "items": [
            {"kind": "Pod", "metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
            {"kind": "Pod", "metadata": {"name": "pod2"}},
            {"kind": "Pod", "metadata": {"name": "pod3", "annotations": {"color": "green"}}},
            {"kind": "Pod", "metadata": {"name": "pod4", "annotations": {"color": "blue"}}}
        ]});
        let t = "{.items[?(@.metadata.annotations.color==\"blue\")].metadata.name}";
        assert_eq!(run(t, &d, true).as_deref(), Ok("pod1 pod4"));
        assert!(run(t, &d, false).is_err());
    }

    /// `TestNegativeIndex` and `TestStep`.
    #[test]
    fn upstream_negative_index_and_step() {
        let containers: Vec<Value> = (0..6)
            .map(|i| json!({"image": "radial/busyboxplus:curl", "name": format!("fake{i}")}))
            .collect();
        let four = json!({"spec": {"containers": containers[..4]}});
        let cases = [
            ("{.spec.containers[0].name}", Some("fake0")),
            ("{.spec.containers[0:0].name}", Some("")),
            ("{.spec.containers[0:-1].name}", Some("fake0 fake1 fake2")),
            ("{.spec.containers[-1:0].name}", None),
            ("{.spec.containers[-1].name}", Some("fake3")),
            ("{.spec.containers[-1:].name}", Some("fake3")),
            ("{.spec.containers[-2].name}", Some("fake2")),
            ("{.spec.containers[-2:].name}", Some("fake2 fake3")),
            ("{.spec.containers[-3].name}", Some("fake1")),
            ("{.spec.containers[-4].name}", Some("fake0")),
            (
                "{.spec.containers[-4:].name}",
                Some("fake0 fake1 fake2 fake3"),
            ),
            ("{.spec.containers[-5].name}", None),
            ("{.spec.containers[5:5].name}", Some("")),
            ("{.spec.containers[-5:-5].name}", Some("")),
            ("{.spec.containers[3:1].name}", None),
            ("{.spec.containers[-1:-2].name}", None),
        ];
        for (t, want) in cases {
            let got = run(t, &four, false);
            match want {
                Some(w) => assert_eq!(got.as_deref(), Ok(w), "{t}"),
                None => assert!(got.is_err(), "{t}"),
            }
        }
        let six = json!({"spec": {"containers": containers}});
        let cases = [
            (
                "{.spec.containers[0:].name}",
                Some("fake0 fake1 fake2 fake3 fake4 fake5"),
            ),
            (
                "{.spec.containers[0:6:].name}",
                Some("fake0 fake1 fake2 fake3 fake4 fake5"),
            ),
            (
                "{.spec.containers[0:6:1].name}",
                Some("fake0 fake1 fake2 fake3 fake4 fake5"),
            ),
            ("{.spec.containers[0:6:0].name}", None),
            ("{.spec.containers[0:6:-1].name}", None),
            ("{.spec.containers[1:4:2].name}", Some("fake1 fake3")),
            ("{.spec.containers[1:4:3].name}", Some("fake1")),
            ("{.spec.containers[1:4:4].name}", Some("fake1")),
            ("{.spec.containers[0:6:2].name}", Some("fake0 fake2 fake4")),
            ("{.spec.containers[0:6:3].name}", Some("fake0 fake3")),
            ("{.spec.containers[0:6:5].name}", Some("fake0 fake5")),
            ("{.spec.containers[0:6:6].name}", Some("fake0")),
        ];
        for (t, want) in cases {
            let got = run(t, &six, false);
            match want {
                Some(w) => assert_eq!(got.as_deref(), Ok(w), "{t}"),
                None => assert!(got.is_err(), "{t}"),
            }
        }
        assert_eq!(
            run("{.spec.containers[5].name}", &four, true),
            Err("array index out of bounds: index 5, length 4".to_string())
        );
    }

    /// client-go `parser_test.go` `TestFailParser`.
    #[test]
    fn upstream_parser_failures() {
        let cases = [
            ("{.hello", "unclosed action"),
            ("{*}", "unrecognized character in action: U+002A '*'"),
            ("{+12.3.0}", "cannot parse number +12.3.0"),
            ("{[1}", "unterminated array"),
            ("{[?(.price]}", "unterminated filter"),
            ("{........}", "invalid multiple recursive descent"),
        ];
        for (t, want) in cases {
            assert_eq!(parse(t).err().as_deref(), Some(want), "{t}");
        }
    }

    /// `TestMassageJSONPath` from kubectl `customcolumn_test.go`.
    #[test]
    fn relaxed_expressions() {
        assert_eq!(
            relaxed_json_path_expression("foo.bar").as_deref(),
            Ok("{.foo.bar}")
        );
        assert_eq!(
            relaxed_json_path_expression("{foo.bar}").as_deref(),
            Ok("{.foo.bar}")
        );
        assert_eq!(
            relaxed_json_path_expression(".foo.bar").as_deref(),
            Ok("{.foo.bar}")
        );
        assert_eq!(
            relaxed_json_path_expression("{.foo.bar}").as_deref(),
            Ok("{.foo.bar}")
        );
        assert_eq!(relaxed_json_path_expression("").as_deref(), Ok(""));
        for bad in ["{foo.bar", "foo.bar}", "{foo.bar}}", "{{foo.bar}"] {
            assert!(relaxed_json_path_expression(bad).is_err(), "{bad}");
        }
    }

    /// kubectl's printer-level messages (`jsonpath_flags.go`, `printers/jsonpath.go`).
    #[test]
    fn kubectl_printer_messages() {
        let obj = json!({"kind": "Pod", "metadata": {"name": "web"}});
        assert_eq!(
            print_obj("{.items[}", &obj, true).err().as_deref(),
            Some("error parsing jsonpath {.items[}, unterminated array")
        );
        assert_eq!(
            print_obj("{.foo}", &obj, false).err().as_deref(),
            Some(
                "error executing jsonpath \"{.foo}\": Error executing template: foo is not found. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.foo}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"name\":\"web\"}}\n\n\n"
            )
        );
        // kubectl get allows missing keys by default: nothing is printed.
        assert_eq!(print_obj("{.foo}", &obj, true).as_deref(), Ok(""));
        // Without braces the template is literal text (no implicit wrapping for -o jsonpath).
        assert_eq!(
            print_obj(".metadata.name", &obj, true).as_deref(),
            Ok(".metadata.name")
        );
        assert_eq!(
            print_obj("{.metadata.name}", &obj, true).as_deref(),
            Ok("web")
        );
    }

    #[test]
    fn printing_of_values() {
        let d = json!({"a": null, "m": {"k": "<v>&"}, "f": 1e21, "g": 0.5, "conditions": [
            {"type": "Ready", "status": "True"}, {"type": "Initialized", "status": "True"}
        ]});
        ok("{.a}", &d, "<nil>");
        ok("{.m}", &d, "{\"k\":\"\\u003cv\\u003e\\u0026\"}");
        ok("{.f}", &d, "1e+21");
        ok("{.g}", &d, "0.5");
        ok("{.conditions[?(@.type==\"Ready\")].status}", &d, "True");
        ok(
            "{.conditions[?(@.type!=\"Ready\")].type}",
            &d,
            "Initialized",
        );
        ok("{.m.k}{'\\t'}{.g}", &d, "<v>&\t0.5");
        let evaluated = parse("{.conditions[*].type}")
            .and_then(|p| p.evaluate_values(&d))
            .unwrap_or_default();
        assert_eq!(evaluated, vec![vec![json!("Ready"), json!("Initialized")]]);
        // Comparing a float field with an int literal is a type error in Go's template funcs.
        assert_eq!(
            run("{.xs[?(@.v>1)]}", &json!({"xs": [{"v": 1.5}]}), true),
            Err("incompatible types for comparison".to_string())
        );
        ok(
            "{.xs[?(@.v>1.2)].v}",
            &json!({"xs": [{"v": 1.5}, {"v": 1.0}]}),
            "1.5",
        );
    }

    proptest::proptest! {
        /// Arbitrary templates never panic, whatever they parse to.
        #[test]
        fn arbitrary_templates_do_not_panic(t in "[{}\\[\\]().@$*?'\"=<>!,:a-c0-9 \\-+\\\\]{0,24}") {
            let d = json!({"a": [1, {"b": "x"}], "b": {"c": null}});
            if let Ok(p) = parse(&t) {
                let _ = p.execute(&d, true);
                let _ = p.execute(&d, false);
            }
        }
    }
}
