//! Label selectors, as implemented by apimachinery.
//!
//! Sources:
//! - `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (string syntax used by
//!   `kubectl get -l`, `Requirement`, matching, `String()`),
//! - `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go` (`LabelSelectorAsSelector`,
//!   `FormatLabelSelector`),
//! - `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (label key and value
//!   syntax, error texts),
//! - `staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go` (how field errors and
//!   aggregates are rendered).

use crate::sim::api::errors::go_quote;
use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// Selector operators (`k8s.io/apimachinery/pkg/selection`); the string forms are what
/// `NotSupported` errors and the parser messages print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operator {
    /// `in`
    In,
    /// `notin`
    NotIn,
    /// `=`
    Equals,
    /// `==`
    DoubleEquals,
    /// `!=`
    NotEquals,
    /// `exists` (a bare key)
    Exists,
    /// `!` (a key prefixed with `!`)
    DoesNotExist,
    /// `gt` (written `>`)
    GreaterThan,
    /// `lt` (written `<`)
    LessThan,
}

impl Operator {
    /// The `selection.Operator` string value.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `binaryOperators` in selector.go, in its order (used in parser error messages).
const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

/// One `key op values` term of a selector (`labels.Requirement`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

impl Requirement {
    /// `labels.NewRequirement`: validates the key, the operator/value-count combination and
    /// every value, returning the aggregated upstream error text on failure.
    pub fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Self, String> {
        Self::new_with_nil(key, operator, values, false)
    }

    /// `nil_values` records whether Go would see a nil slice (rendered `[]string(nil)`)
    /// rather than an empty one (`[]string{}`) in error messages.
    fn new_with_nil(
        key: &str,
        operator: Operator,
        values: Vec<String>,
        nil_values: bool,
    ) -> Result<Self, String> {
        let mut errs: Vec<String> = Vec::new();
        let key_errs = is_qualified_name(key);
        if !key_errs.is_empty() {
            errs.push(field_invalid("key", &go_quote(key), &key_errs.join("; ")));
        }
        let values_repr = || go_string_slice(&values, nil_values);
        match operator {
            Operator::In | Operator::NotIn => {
                if values.is_empty() {
                    errs.push(field_invalid(
                        "values",
                        &values_repr(),
                        "for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
            }
            Operator::Equals | Operator::DoubleEquals | Operator::NotEquals => {
                if values.len() != 1 {
                    errs.push(field_invalid(
                        "values",
                        &values_repr(),
                        "exact-match compatibility requires one single value",
                    ));
                }
            }
            Operator::Exists | Operator::DoesNotExist => {
                if !values.is_empty() {
                    errs.push(field_invalid(
                        "values",
                        &values_repr(),
                        "values set must be empty for exists and does not exist",
                    ));
                }
            }
            Operator::GreaterThan | Operator::LessThan => {
                if values.len() != 1 {
                    errs.push(field_invalid(
                        "values",
                        &values_repr(),
                        "for 'Gt', 'Lt' operators, exactly one value is required",
                    ));
                }
                for (i, v) in values.iter().enumerate() {
                    if parse_go_int64(v).is_none() {
                        errs.push(field_invalid(
                            &format!("values[{i}]"),
                            &go_quote(v),
                            "for 'Gt', 'Lt' operators, the value must be an integer",
                        ));
                    }
                }
            }
        }
        for (i, v) in values.iter().enumerate() {
            let v_errs = is_valid_label_value(v);
            if !v_errs.is_empty() {
                errs.push(field_invalid(
                    &format!("values[{i}][{key}]"),
                    &go_quote(v),
                    &v_errs.join("; "),
                ));
            }
        }
        if let Some(msg) = aggregate(errs) {
            return Err(msg);
        }
        Ok(Requirement {
            key: key.to_string(),
            operator,
            values,
        })
    }

    /// The label key this requirement constrains.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values in the order given (the parser gives them sorted and de-duplicated).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    fn has_value(&self, v: &str) -> bool {
        self.values.iter().any(|x| x == v)
    }

    /// `Requirement.Matches`: note that `notin` and `!=` match when the key is absent, and
    /// `gt`/`lt` need both sides to parse as base-10 int64.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => {
                labels.get(&self.key).is_some_and(|v| self.has_value(v))
            }
            Operator::NotIn | Operator::NotEquals => {
                labels.get(&self.key).is_none_or(|v| !self.has_value(v))
            }
            Operator::Exists => labels.contains_key(&self.key),
            Operator::DoesNotExist => !labels.contains_key(&self.key),
            Operator::GreaterThan | Operator::LessThan => {
                let Some(label_value) = labels.get(&self.key).and_then(|v| parse_go_int64(v))
                else {
                    return false;
                };
                if self.values.len() != 1 {
                    return false;
                }
                let Some(r) = parse_go_int64(&self.values[0]) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    label_value > r
                } else {
                    label_value < r
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `Requirement.String()`: values of set operators are printed sorted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator == Operator::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let op = match self.operator {
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => " in ",
            Operator::NotIn => " notin ",
            Operator::GreaterThan => ">",
            Operator::LessThan => "<",
            Operator::Exists | Operator::DoesNotExist => return Ok(()),
        };
        f.write_str(op)?;
        let set = matches!(self.operator, Operator::In | Operator::NotIn);
        if set {
            f.write_str("(")?;
        }
        let mut vals: Vec<&str> = self.values.iter().map(String::as_str).collect();
        vals.sort_unstable();
        f.write_str(&vals.join(","))?;
        if set {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A parsed label selector. `Nothing` is what a nil `*metav1.LabelSelector` converts to (it
/// matches no object); `Requirements(vec![])` is `labels.Everything()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// `labels.Nothing()`: matches nothing, prints as the empty string.
    Nothing,
    /// The AND of these requirements, sorted by key.
    Requirements(Vec<Requirement>),
}

impl Selector {
    /// `labels.Everything()`.
    pub fn everything() -> Self {
        Selector::Requirements(Vec::new())
    }

    /// `labels.Nothing()`.
    pub fn nothing() -> Self {
        Selector::Nothing
    }

    /// `labels.Parse`: the `-l`/`--selector` syntax. Errors carry upstream's text, e.g.
    /// `unable to parse requirement: found '', expected: '('` or
    /// `found '=', expected: ',' or 'end of string'`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut p = Parser::new(s);
        let mut reqs = p.parse()?;
        // sort.Sort(ByKey): upstream's sort is not stable; a stable sort gives the same
        // order whenever keys differ.
        reqs.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Selector::Requirements(reqs))
    }

    /// `metav1.LabelSelectorAsSelector`: `None` gives `Nothing`, an empty selector gives
    /// `Everything`. Unknown operators give `"Foo" is not a valid pod selector operator`.
    pub fn from_label_selector(ls: Option<&LabelSelector>) -> Result<Self, String> {
        let Some(ls) = ls else {
            return Ok(Selector::Nothing);
        };
        let match_labels = ls.match_labels.as_ref();
        let exprs = ls.match_expressions.as_deref().unwrap_or_default();
        if match_labels.is_none_or(BTreeMap::is_empty) && exprs.is_empty() {
            return Ok(Selector::everything());
        }
        let mut reqs = Vec::new();
        if let Some(ml) = match_labels {
            for (k, v) in ml {
                reqs.push(Requirement::new(k, Operator::Equals, vec![v.clone()])?);
            }
        }
        for expr in exprs {
            let op = match expr.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(format!(
                        "{} is not a valid pod selector operator",
                        go_quote(other)
                    ));
                }
            };
            let values = expr.values.clone().unwrap_or_default();
            // append([]string(nil), expr.Values...) is nil when there are no values.
            let nil = values.is_empty();
            reqs.push(Requirement::new_with_nil(&expr.key, op, values, nil)?);
        }
        reqs.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Selector::Requirements(reqs))
    }

    /// `labels.SelectorFromSet`: equality requirements for every pair, no validation (used
    /// for `spec.nodeSelector`). An empty set gives `Everything`.
    pub fn from_set(set: &BTreeMap<String, String>) -> Self {
        Selector::Requirements(
            set.iter()
                .map(|(k, v)| Requirement {
                    key: k.clone(),
                    operator: Operator::Equals,
                    values: vec![v.clone()],
                })
                .collect(),
        )
    }

    /// Whether the selector matches the given labels (all requirements must match).
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Selector::Nothing => false,
            Selector::Requirements(reqs) => reqs.iter().all(|r| r.matches(labels)),
        }
    }

    /// Like [`Selector::matches`] for an object whose `metadata.labels` may be unset.
    pub fn matches_opt(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        match labels {
            Some(l) => self.matches(l),
            None => self.matches(&BTreeMap::new()),
        }
    }

    /// `Selector.Empty()`: true only for `Everything` (Nothing is not empty upstream).
    pub fn is_empty(&self) -> bool {
        matches!(self, Selector::Requirements(r) if r.is_empty())
    }

    /// The requirements (empty for `Nothing`).
    pub fn requirements(&self) -> &[Requirement] {
        match self {
            Selector::Nothing => &[],
            Selector::Requirements(r) => r,
        }
    }
}

impl fmt::Display for Selector {
    /// `Selector.String()`: requirements joined by `,` (no spaces); `Nothing` and
    /// `Everything` print as the empty string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

/// `metav1.FormatLabelSelector`, used by kubectl's SELECTOR / NODE SELECTOR style columns:
/// the canonical string, `<none>` when it is empty (nil or empty selector) and `<error>` when
/// the selector does not convert.
pub fn format_label_selector(ls: Option<&LabelSelector>) -> String {
    match Selector::from_label_selector(ls) {
        Err(_) => "<error>".to_string(),
        Ok(sel) => {
            let s = sel.to_string();
            if s.is_empty() {
                "<none>".to_string()
            } else {
                s
            }
        }
    }
}

/// Convenience for controllers: does `selector` (nil = matches nothing) select `labels`?
/// Invalid selectors select nothing.
pub fn label_selector_matches(
    selector: Option<&LabelSelector>,
    labels: Option<&BTreeMap<String, String>>,
) -> bool {
    Selector::from_label_selector(selector).is_ok_and(|s| s.matches_opt(labels))
}

// ---------------------------------------------------------------------------------------------
// Lexer and parser (selector.go)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn string_to_token(s: &str) -> Option<Token> {
    Some(match s {
        ")" => Token::ClosedPar,
        "," => Token::Comma,
        "!" => Token::DoesNotExist,
        "==" => Token::DoubleEquals,
        "=" => Token::Equals,
        ">" => Token::GreaterThan,
        "in" => Token::In,
        "<" => Token::LessThan,
        "!=" => Token::NotEquals,
        "notin" => Token::NotIn,
        "(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(ch: u8) -> bool {
    matches!(ch, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special_symbol(ch: u8) -> bool {
    matches!(ch, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// Returns 0 at the end of input (without advancing), like upstream's `read`.
    fn read(&mut self) -> u8 {
        match self.s.as_bytes().get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b
            }
            None => 0,
        }
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    fn scan_id_or_keyword(&mut self) -> (Token, String) {
        let start = self.pos;
        let mut end;
        loop {
            end = self.pos;
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special_symbol(ch) || is_whitespace(ch) {
                self.unread();
                break;
            }
        }
        // Only ASCII bytes end an identifier, so the slice is on a char boundary.
        let lit = self.s.get(start..end).unwrap_or_default().to_string();
        match string_to_token(&lit) {
            Some(t) => (t, lit),
            None => (Token::Identifier, lit),
        }
    }

    fn scan_special_symbol(&mut self) -> (Token, String) {
        let mut last: Option<(Token, String)> = None;
        let mut buffer = String::new();
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special_symbol(ch) {
                buffer.push(ch as char);
                if let Some(t) = string_to_token(&buffer) {
                    last = Some((t, buffer.clone()));
                } else if last.is_some() {
                    self.unread();
                    break;
                }
            } else {
                self.unread();
                break;
            }
        }
        match last {
            Some(x) => x,
            None => (
                Token::Error,
                format!("error expected: keyword found '{buffer}'"),
            ),
        }
    }

    fn lex(&mut self) -> (Token, String) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            (Token::EndOfString, String::new())
        } else if is_special_symbol(ch) {
            self.unread();
            self.scan_special_symbol()
        } else {
            self.unread();
            self.scan_id_or_keyword()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    KeyAndOperator,
    Values,
}

struct Parser {
    items: Vec<(Token, String)>,
    position: usize,
}

impl Parser {
    fn new(s: &str) -> Self {
        let mut lexer = Lexer { s, pos: 0 };
        let mut items = Vec::new();
        loop {
            let (t, lit) = lexer.lex();
            items.push((t, lit));
            if t == Token::EndOfString {
                break;
            }
        }
        Parser { items, position: 0 }
    }

    fn item(&self, i: usize) -> (Token, String) {
        self.items
            .get(i)
            .cloned()
            .unwrap_or((Token::EndOfString, String::new()))
    }

    fn adjust(ctx: Ctx, t: Token) -> Token {
        if ctx == Ctx::Values && matches!(t, Token::In | Token::NotIn) {
            Token::Identifier
        } else {
            t
        }
    }

    fn lookahead(&self, ctx: Ctx) -> (Token, String) {
        let (t, l) = self.item(self.position);
        (Self::adjust(ctx, t), l)
    }

    fn consume(&mut self, ctx: Ctx) -> (Token, String) {
        self.position += 1;
        let (t, l) = self.item(self.position - 1);
        (Self::adjust(ctx, t), l)
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut reqs = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(Ctx::Values);
            match tok {
                Token::Identifier | Token::DoesNotExist => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    reqs.push(r);
                    let (t, l) = self.consume(Ctx::Values);
                    match t {
                        Token::EndOfString => return Ok(reqs),
                        Token::Comma => {
                            let (t2, l2) = self.lookahead(Ctx::Values);
                            if t2 != Token::Identifier && t2 != Token::DoesNotExist {
                                return Err(format!(
                                    "found '{l2}', expected: identifier after ','"
                                ));
                            }
                        }
                        _ => {
                            return Err(format!("found '{l}', expected: ',' or 'end of string'"));
                        }
                    }
                }
                Token::EndOfString => return Ok(reqs),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Operator::Exists | Operator::DoesNotExist)) = op {
            return Requirement::new(&key, op, Vec::new());
        }
        let op = self.parse_operator()?;
        let values = match op {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new(&key, op, values)
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Operator>), String> {
        let mut op = None;
        let (mut tok, mut lit) = self.consume(Ctx::Values);
        if tok == Token::DoesNotExist {
            op = Some(Operator::DoesNotExist);
            (tok, lit) = self.consume(Ctx::Values);
        }
        if tok != Token::Identifier {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        let errs = is_qualified_name(&lit);
        if !errs.is_empty() {
            // validateLabelKey(literal, p.path) with a nil path renders as "<nil>".
            return Err(field_invalid("<nil>", &go_quote(&lit), &errs.join("; ")));
        }
        let (t, _) = self.lookahead(Ctx::Values);
        if (t == Token::EndOfString || t == Token::Comma) && op != Some(Operator::DoesNotExist) {
            op = Some(Operator::Exists);
        }
        Ok((lit, op))
    }

    fn parse_operator(&mut self) -> Result<Operator, String> {
        let (tok, lit) = self.consume(Ctx::KeyAndOperator);
        Ok(match tok {
            Token::In => Operator::In,
            Token::Equals => Operator::Equals,
            Token::DoubleEquals => Operator::DoubleEquals,
            Token::GreaterThan => Operator::GreaterThan,
            Token::LessThan => Operator::LessThan,
            Token::NotIn => Operator::NotIn,
            Token::NotEquals => Operator::NotEquals,
            _ => return Err(format!("found '{lit}', expected: {BINARY_OPERATORS}")),
        })
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.consume(Ctx::Values);
        if tok != Token::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead(Ctx::Values);
        match tok {
            Token::Identifier | Token::Comma => {
                let s = self.parse_identifiers_list()?;
                let (t, _) = self.consume(Ctx::Values);
                if t != Token::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(s)
            }
            Token::ClosedPar => {
                self.consume(Ctx::Values);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    /// Returns the values sorted and de-duplicated, like `sets.String.List()`.
    fn parse_identifiers_list(&mut self) -> Result<Vec<String>, String> {
        let mut s = std::collections::BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(Ctx::Values);
            match tok {
                Token::Identifier => {
                    s.insert(lit);
                    let (t2, l2) = self.lookahead(Ctx::Values);
                    match t2 {
                        Token::Comma => continue,
                        Token::ClosedPar => return Ok(s.into_iter().collect()),
                        _ => return Err(format!("found '{l2}', expected: ',' or ')'")),
                    }
                }
                Token::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    let (t2, _) = self.lookahead(Ctx::Values);
                    if t2 == Token::ClosedPar {
                        s.insert(String::new());
                        return Ok(s.into_iter().collect());
                    }
                    if t2 == Token::Comma {
                        s.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.lookahead(Ctx::Values);
        if tok == Token::EndOfString || tok == Token::Comma {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.consume(Ctx::Values);
        if tok == Token::Identifier {
            return Ok(vec![lit]);
        }
        Err(format!("found '{lit}', expected: identifier"))
    }
}

// ---------------------------------------------------------------------------------------------
// Validation (util/validation/validation.go)

const QUALIFIED_NAME_ERR_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_ERR_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_ERR_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/// `validation.RegexError`.
pub fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{re}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(e);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(re);
    out.push_str("')");
    out
}

/// `validation.MaxLenError`.
pub fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

fn is_label_key_name(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

fn is_dns1123_label_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let ok_edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            ok_edge(f) && ok_edge(l) && b.iter().all(|c| ok_edge(c) || *c == b'-')
        }
        _ => false,
    }
}

fn is_dns1123_subdomain_syntax(s: &str) -> bool {
    s.split('.').all(is_dns1123_label_syntax)
}

/// `validation.IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !is_dns1123_subdomain_syntax(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR_MSG,
            &format!("{DNS1123_LABEL_FMT}(\\.{DNS1123_LABEL_FMT})*"),
            &["example.com"],
        ));
    }
    errs
}

/// `validation.IsDNS1123Label`.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_dns1123_label_syntax(value) {
        if is_dns1123_subdomain_syntax(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR_MSG,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `validation.IsQualifiedName` (label keys, taint keys): an optional DNS-subdomain prefix and
/// `/`, then a name of at most 63 characters. Returns upstream's messages, empty when valid.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for m in is_dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {m}"));
                }
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_ERR_MSG,
                    QUALIFIED_NAME_FMT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !is_label_key_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERR_MSG,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `validation.IsValidLabelValue`: empty, or at most 63 characters of `[-A-Za-z0-9_.]`
/// starting and ending with an alphanumeric.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !value.is_empty() && !is_label_key_name(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR_MSG,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// Go formatting helpers

/// `field.Invalid(path, value, detail).Error()`; `value` is already rendered.
pub(crate) fn field_invalid(path: &str, value: &str, detail: &str) -> String {
    if detail.is_empty() {
        format!("{path}: Invalid value: {value}")
    } else {
        format!("{path}: Invalid value: {value}: {detail}")
    }
}

/// `utilerrors.NewAggregate(...).Error()` after `ErrorList.ToAggregate()`: duplicates dropped,
/// one message as is, several as `[a, b]`.
pub(crate) fn aggregate(errs: Vec<String>) -> Option<String> {
    let mut uniq: Vec<String> = Vec::new();
    for e in errs {
        if !uniq.contains(&e) {
            uniq.push(e);
        }
    }
    match uniq.len() {
        0 => None,
        1 => uniq.pop(),
        _ => Some(format!("[{}]", uniq.join(", "))),
    }
}

/// Go's `%#v` for a `[]string`.
fn go_string_slice(values: &[String], nil: bool) -> String {
    if nil && values.is_empty() {
        return "[]string(nil)".to_string();
    }
    let inner: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]string{{{}}}", inner.join(", "))
}

/// `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits, no spaces.
pub(crate) fn parse_go_int64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;
    use proptest::prelude::*;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn req(key: &str, op: Operator, vals: &[&str]) -> Requirement {
        let mut v: Vec<String> = vals.iter().map(|s| s.to_string()).collect();
        v.sort();
        v.dedup();
        Requirement::new(key, op, v).expect("valid requirement")
    }

    // selector_test.go TestSelectorParse
    #[test]
    fn selector_parse_good_and_bad() {
        for s in [
            "x=a,y=b,z=c",
            "",
            "x!=a,y=b",
            "x=",
            "x= ",
            "x=,z= ",
            "x= ,z= ",
            "!x",
            "x>1",
            "x>1,z<5",
        ] {
            let sel = Selector::parse(s).expect(s);
            assert_eq!(sel.to_string(), s.replace(' ', ""), "{s}");
        }
        for s in ["x=a||y=b", "x==a==b", "!x=a", "x<a"] {
            assert!(Selector::parse(s).is_err(), "{s}");
        }
    }

    // selector_test.go TestDeterministicParse
    #[test]
    fn deterministic_parse() {
        let a = Selector::parse("x=a,a=x").expect("parse");
        let b = Selector::parse("a=x,x=a").expect("parse");
        assert_eq!(a.to_string(), b.to_string());
        assert_eq!(a.to_string(), "a=x,x=a");
    }

    // selector_test.go TestSelectorMatches
    #[test]
    fn selector_matches() {
        let yes = |s: &str, l: &[(&str, &str)]| {
            assert!(Selector::parse(s).expect(s).matches(&set(l)), "{s}")
        };
        let no = |s: &str, l: &[(&str, &str)]| {
            assert!(!Selector::parse(s).expect(s).matches(&set(l)), "{s}")
        };
        yes("", &[("x", "y")]);
        yes("x=y", &[("x", "y")]);
        yes("x=y,z=w", &[("x", "y"), ("z", "w")]);
        yes("x!=y,z!=w", &[("x", "z"), ("z", "a")]);
        yes("notin=in", &[("notin", "in")]);
        yes("x", &[("x", "z")]);
        yes("!x", &[("y", "z")]);
        yes("x>1", &[("x", "2")]);
        yes("x<1", &[("x", "0")]);
        no("x=z", &[]);
        no("x=y", &[("x", "z")]);
        no("x=y,z=w", &[("x", "w"), ("z", "w")]);
        no("x!=y,z!=w", &[("x", "z"), ("z", "w")]);
        no("x", &[("y", "z")]);
        no("!x", &[("x", "z")]);
        no("x>1", &[("x", "0")]);
        no("x<1", &[("x", "2")]);
        let ls = [("foo", "bar"), ("baz", "blah")];
        yes("foo=bar", &ls);
        yes("baz=blah", &ls);
        yes("foo=bar,baz=blah", &ls);
        no("foo=blah", &ls);
        no("baz=bar", &ls);
        no("foo=bar,foobar=bar,baz=blah", &ls);
    }

    // selector_test.go TestToString
    #[test]
    fn requirement_to_string() {
        let s = Selector::Requirements(vec![
            req("x", Operator::In, &["abc", "def"]),
            req("y", Operator::NotIn, &["jkl"]),
            req("z", Operator::Exists, &[]),
        ]);
        assert_eq!(s.to_string(), "x in (abc,def),y notin (jkl),z");
        let s = Selector::Requirements(vec![
            req("x", Operator::NotIn, &["abc", "def"]),
            req("y", Operator::NotEquals, &["jkl"]),
            req("z", Operator::DoesNotExist, &[]),
        ]);
        assert_eq!(s.to_string(), "x notin (abc,def),y!=jkl,!z");
        let s = Selector::Requirements(vec![
            req("x", Operator::NotIn, &["abc"]),
            req("y", Operator::In, &["jkl", "mno"]),
            req("z", Operator::NotIn, &[""]),
        ]);
        assert_eq!(s.to_string(), "x notin (abc),y in (jkl,mno),z notin ()");
        let s = Selector::Requirements(vec![
            req("x", Operator::Equals, &["abc"]),
            req("y", Operator::DoubleEquals, &["jkl"]),
            req("z", Operator::NotEquals, &["a"]),
            req("z", Operator::Exists, &[]),
        ]);
        assert_eq!(s.to_string(), "x=abc,y==jkl,z!=a,z");
        let s = Selector::Requirements(vec![
            req("x", Operator::GreaterThan, &["2"]),
            req("y", Operator::LessThan, &["8"]),
            req("z", Operator::Exists, &[]),
        ]);
        assert_eq!(s.to_string(), "x>2,y<8,z");
    }

    // selector_test.go TestRequirementConstructor
    #[test]
    fn requirement_constructor() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(Requirement::new("x", Operator::In, s(&[])).is_err());
        assert!(Requirement::new("x", Operator::NotIn, s(&[])).is_err());
        assert!(Requirement::new("x", Operator::In, s(&["foo"])).is_ok());
        assert!(Requirement::new("x", Operator::NotIn, s(&["foo"])).is_ok());
        assert!(Requirement::new("x", Operator::Exists, s(&[])).is_ok());
        assert!(Requirement::new("x", Operator::DoesNotExist, s(&[])).is_ok());
        assert!(Requirement::new("1foo", Operator::In, s(&["bar"])).is_ok());
        assert!(Requirement::new("1234", Operator::In, s(&["bar"])).is_ok());
        assert!(Requirement::new("y", Operator::GreaterThan, s(&["1"])).is_ok());
        assert!(Requirement::new("z", Operator::LessThan, s(&["6"])).is_ok());
        assert!(Requirement::new("foo", Operator::GreaterThan, s(&["bar"])).is_err());
        assert!(Requirement::new("barz", Operator::LessThan, s(&["blah"])).is_err());
        assert!(Requirement::new(&"a".repeat(254), Operator::Exists, s(&[])).is_err());
    }

    // selector_test.go TestRequirementSelectorMatching
    #[test]
    fn requirement_selector_matching() {
        let sel = |r: Vec<Requirement>| Selector::Requirements(r);
        let xy = set(&[("x", "foo"), ("y", "baz")]);
        assert!(
            sel(vec![
                req("x", Operator::In, &["foo"]),
                req("y", Operator::NotIn, &["alpha"])
            ])
            .matches(&xy)
        );
        assert!(
            !sel(vec![
                req("x", Operator::In, &["foo"]),
                req("y", Operator::In, &["alpha"])
            ])
            .matches(&xy)
        );
        let y = set(&[("y", "")]);
        assert!(
            sel(vec![
                req("x", Operator::NotIn, &[""]),
                req("y", Operator::Exists, &[])
            ])
            .matches(&y)
        );
        assert!(
            sel(vec![
                req("x", Operator::DoesNotExist, &[]),
                req("y", Operator::Exists, &[])
            ])
            .matches(&y)
        );
        assert!(
            !sel(vec![
                req("x", Operator::NotIn, &[""]),
                req("y", Operator::DoesNotExist, &[])
            ])
            .matches(&y)
        );
        assert!(!sel(vec![req("x", Operator::In, &[""])]).matches(&set(&[("y", "baz")])));
        assert!(sel(vec![req("z", Operator::GreaterThan, &["1"])]).matches(&set(&[("z", "2")])));
        assert!(!sel(vec![req("z", Operator::GreaterThan, &["1"])]).matches(&set(&[("z", "v2")])));
    }

    // selector_test.go TestSetSelectorParser
    #[test]
    fn set_selector_parser() {
        let ok = |s: &str, want: Vec<Requirement>| {
            assert_eq!(Selector::parse(s), Ok(Selector::Requirements(want)), "{s}")
        };
        ok("", vec![]);
        ok("\rx", vec![req("x", Operator::Exists, &[])]);
        ok(
            "this-is-a-dns.domain.com/key-with-dash",
            vec![req(
                "this-is-a-dns.domain.com/key-with-dash",
                Operator::Exists,
                &[],
            )],
        );
        ok(
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
            vec![req(
                "this-is-another-dns.domain.com/key-with-dash",
                Operator::In,
                &["so", "what"],
            )],
        );
        ok(
            "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
            vec![req(
                "0.1.2.domain/99",
                Operator::NotIn,
                &["10.10.100.1", "tick.tack.clock"],
            )],
        );
        ok("foo  in\t (abc)", vec![req("foo", Operator::In, &["abc"])]);
        ok("x notin\n (abc)", vec![req("x", Operator::NotIn, &["abc"])]);
        ok(
            "x  notin\t\t\t(abc,def)",
            vec![req("x", Operator::NotIn, &["abc", "def"])],
        );
        ok(
            "x in (abc,def)",
            vec![req("x", Operator::In, &["abc", "def"])],
        );
        ok("x in (abc,)", vec![req("x", Operator::In, &["abc", ""])]);
        ok("x in ()", vec![req("x", Operator::In, &[""])]);
        ok(
            "x notin (abc,def),bar,z in (),w",
            vec![
                req("bar", Operator::Exists, &[]),
                req("w", Operator::Exists, &[]),
                // The table in selector_test.go lists "" here too, but parseIdentifiersList
                // only inserts "" for a leading, doubled or trailing comma.
                req("x", Operator::NotIn, &["abc", "def"]),
                req("z", Operator::In, &[""]),
            ],
        );
        ok("x=a", vec![req("x", Operator::Equals, &["a"])]);
        ok("x>1", vec![req("x", Operator::GreaterThan, &["1"])]);
        ok("x<7", vec![req("x", Operator::LessThan, &["7"])]);
        ok(
            "x=a,y!=b",
            vec![
                req("x", Operator::Equals, &["a"]),
                req("y", Operator::NotEquals, &["b"]),
            ],
        );
        ok(
            "x=a,y!=b,z in (h,i,j)",
            vec![
                req("x", Operator::Equals, &["a"]),
                req("y", Operator::NotEquals, &["b"]),
                req("z", Operator::In, &["h", "i", "j"]),
            ],
        );
        ok("x notin ( )", vec![req("x", Operator::NotIn, &[""])]);
        ok("x notin (, a)", vec![req("x", Operator::NotIn, &["", "a"])]);
        ok("a ", vec![req("a", Operator::Exists, &[])]);
        ok(
            "a in (x,y,notin, z,in)",
            vec![req("a", Operator::In, &["in", "notin", "x", "y", "z"])],
        );
        for bad in [
            "x=a||y=b",
            "x,,y",
            ",x,y",
            "x nott in (y)",
            "a in (xyz),",
            "a in (xyz)b notin ()",
            "a in (xyz abc)",
            "a notin(",
            "a (",
            "(",
        ] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
        // "x,y in (a)" parses (the upstream table marks it Valid).
        assert!(Selector::parse("x,y in (a)").is_ok());
    }

    /// Exact parser error texts, derived from the format strings in selector.go.
    #[test]
    fn parser_error_messages() {
        assert_eq!(
            Selector::parse("x,,y").unwrap_err(),
            "found ',', expected: identifier after ','"
        );
        assert_eq!(
            Selector::parse(",x").unwrap_err(),
            "found ',', expected: !, identifier, or 'end of string'"
        );
        assert_eq!(
            Selector::parse("a=b=c").unwrap_err(),
            "found '=', expected: ',' or 'end of string'"
        );
        assert_eq!(
            Selector::parse("x nott in (y)").unwrap_err(),
            "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"
        );
        assert_eq!(
            Selector::parse("a notin(").unwrap_err(),
            "unable to parse requirement: found '', expected: ',', ')' or identifier"
        );
        assert_eq!(
            Selector::parse("a in").unwrap_err(),
            "unable to parse requirement: found '' expected: '('"
        );
        assert_eq!(
            Selector::parse("x<a").unwrap_err(),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert_eq!(
            Selector::parse("x=a||y").unwrap_err(),
            "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        );
        assert_eq!(
            Selector::parse("-bad=x").unwrap_err(),
            "unable to parse requirement: <nil>: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
    }

    fn ls(labels: &[(&str, &str)], exprs: Vec<(&str, &str, Option<Vec<&str>>)>) -> LabelSelector {
        LabelSelector {
            match_labels: if labels.is_empty() {
                None
            } else {
                Some(set(labels))
            },
            match_expressions: if exprs.is_empty() {
                None
            } else {
                Some(
                    exprs
                        .into_iter()
                        .map(|(k, op, v)| LabelSelectorRequirement {
                            key: k.to_string(),
                            operator: op.to_string(),
                            values: v.map(|v| v.into_iter().map(String::from).collect()),
                        })
                        .collect(),
                )
            },
        }
    }

    // helpers.go LabelSelectorAsSelector / FormatLabelSelector
    #[test]
    fn label_selector_conversion() {
        assert_eq!(Selector::from_label_selector(None), Ok(Selector::Nothing));
        assert!(!Selector::Nothing.matches(&set(&[("a", "b")])));
        let empty = LabelSelector::default();
        let everything = Selector::from_label_selector(Some(&empty)).expect("ok");
        assert!(everything.is_empty());
        assert!(everything.matches(&set(&[("a", "b")])));
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(format_label_selector(Some(&empty)), "<none>");

        let s = ls(
            &[("app", "nginx")],
            vec![
                ("tier", "In", Some(vec!["web", "cache"])),
                ("env", "NotIn", Some(vec!["dev"])),
                ("gpu", "Exists", None),
                ("old", "DoesNotExist", None),
            ],
        );
        assert_eq!(
            format_label_selector(Some(&s)),
            "app=nginx,env notin (dev),gpu,!old,tier in (cache,web)"
        );
        let sel = Selector::from_label_selector(Some(&s)).expect("ok");
        assert!(sel.matches(&set(&[("app", "nginx"), ("tier", "web"), ("gpu", "1")])));
        assert!(!sel.matches(&set(&[("app", "nginx"), ("tier", "web")])));
        assert_eq!(
            format_label_selector(Some(&ls(&[("app", "nginx")], vec![]))),
            "app=nginx"
        );
    }

    #[test]
    fn label_selector_conversion_errors() {
        let s = ls(&[], vec![("tier", "In", None)]);
        assert_eq!(
            Selector::from_label_selector(Some(&s)).unwrap_err(),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
        assert_eq!(format_label_selector(Some(&s)), "<error>");
        let s = ls(&[], vec![("tier", "Exists", Some(vec!["a"]))]);
        assert_eq!(
            Selector::from_label_selector(Some(&s)).unwrap_err(),
            "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"
        );
        let s = ls(&[], vec![("tier", "Gt", Some(vec!["1"]))]);
        assert_eq!(
            Selector::from_label_selector(Some(&s)).unwrap_err(),
            "\"Gt\" is not a valid pod selector operator"
        );
        let s = ls(&[("a/b/c", "x")], vec![]);
        assert_eq!(
            Selector::from_label_selector(Some(&s)).unwrap_err(),
            "key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        );
        // Two errors are aggregated as "[a, b]".
        let e = Requirement::new("Bad_", Operator::In, vec![]).unwrap_err();
        assert!(
            e.starts_with("[key: Invalid value: \"Bad_\": name part"),
            "{e}"
        );
        assert!(e.ends_with("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]"), "{e}");
    }

    // validation_test.go TestIsQualifiedName / TestIsValidLabelValue (selected cases)
    #[test]
    fn qualified_names_and_values() {
        for good in [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            &"a".repeat(63),
            &format!("{}/b", "a".repeat(253)),
        ] {
            assert!(is_qualified_name(good).is_empty(), "{good}");
        }
        for bad in [
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            &"a".repeat(64),
            &format!("{}/b", "a".repeat(254)),
        ] {
            assert!(!is_qualified_name(bad).is_empty(), "{bad}");
        }
        assert_eq!(
            is_qualified_name("example.com/"),
            vec![
                "name part must be non-empty".to_string(),
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_string()
            ]
        );
        for good in [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "end-with-num-1",
            "1234",
            "",
            "A.B-C_D",
            &"a".repeat(63),
        ] {
            assert!(is_valid_label_value(good).is_empty(), "{good}");
        }
        for bad in [
            "nospecialchars%^=@",
            "Tama-nui-te-rā.is.Māori.sun",
            "\\backslashes\\are\\bad",
            "-starts-with-dash",
            "ends-with-dash-",
            ".starts.with.dot",
            "ends.with.dot.",
            &"a".repeat(64),
        ] {
            assert!(!is_valid_label_value(bad).is_empty(), "{bad}");
        }
        assert_eq!(
            is_valid_label_value(&"a".repeat(64)),
            vec!["must be no more than 63 bytes".to_string()]
        );
    }

    fn arb_key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9]{0,6}",
            "[a-z]{1,5}\\.[a-z]{2,3}/[A-Za-z][A-Za-z0-9_.-]{0,5}[a-z0-9]",
        ]
    }

    fn arb_value() -> impl Strategy<Value = String> {
        prop_oneof![
            "",
            "[A-Za-z0-9]",
            "[A-Za-z0-9][A-Za-z0-9_.-]{0,6}[A-Za-z0-9]"
        ]
    }

    fn arb_req() -> impl Strategy<Value = Requirement> {
        (
            arb_key(),
            0u8..9,
            proptest::collection::btree_set(arb_value(), 1..4),
            0i64..50,
        )
            .prop_map(|(k, op, vals, n)| {
                let vals: Vec<String> = vals.into_iter().collect();
                let one = vec![vals[0].clone()];
                let (op, v) = match op {
                    0 => (Operator::In, vals),
                    1 => (Operator::NotIn, vals),
                    2 => (Operator::Equals, one),
                    3 => (Operator::DoubleEquals, one),
                    4 => (Operator::NotEquals, one),
                    5 => (Operator::Exists, vec![]),
                    6 => (Operator::DoesNotExist, vec![]),
                    7 => (Operator::GreaterThan, vec![n.to_string()]),
                    _ => (Operator::LessThan, vec![n.to_string()]),
                };
                Requirement::new(&k, op, v).expect("generated requirement is valid")
            })
    }

    proptest! {
        /// Parsing the rendered form of a selector gives back the same selector
        /// (selector.go promises String() is parseable and stable).
        #[test]
        fn render_then_parse_round_trips(mut reqs in proptest::collection::vec(arb_req(), 0..5)) {
            reqs.sort_by(|a, b| a.key.cmp(&b.key));
            let sel = Selector::Requirements(reqs);
            let text = sel.to_string();
            let parsed = Selector::parse(&text).expect("rendered selector parses");
            prop_assert_eq!(parsed.to_string(), text.clone());
            prop_assert_eq!(parsed, sel);
        }
    }
}
