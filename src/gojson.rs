//! Go's `encoding/json` output for a JSON value, which the simulated API server's messages and
//! kubectl's printers show: `json.Marshal` (compact) and `json.MarshalIndent` (kubectl's `-o json`,
//! `-o jsonpath-as-json`), with map keys sorted (as Go writes a map's, and as a
//! `serde_json::Value` keeps them), HTML-safe string escapes and Go's float format, so that
//! `<none>` reads `\u003cnone\u003e` and `1e21` reads `1e+21`.

use serde_json::Value;

/// `json.Marshal(v)`: compact.
pub fn marshal(v: &Value) -> String {
    let mut out = String::new();
    write_compact(v, &mut out);
    out
}

/// `json.MarshalIndent(v, "", indent)`: one element a line, `indent` a level, `": "` after a
/// key, and `{}`/`[]` for an empty object or array. kubectl indents with four spaces.
pub fn marshal_indent(v: &Value, indent: &str) -> String {
    let mut out = String::new();
    write_indented(v, indent, 0, &mut out);
    out
}

fn write_indented(v: &Value, indent: &str, depth: usize, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(indent);
        }
    };
    match v {
        Value::Array(a) if !a.is_empty() => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_indented(e, indent, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(m) if !m.is_empty() => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(k, out);
                out.push_str(": ");
                write_indented(e, indent, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        scalar_or_empty => write_compact(scalar_or_empty, out),
    }
}

/// Writes `v` compactly, as `json.Marshal` does.
fn write_compact(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => out.push_str(&i.to_string()),
            (None, Some(u)) => out.push_str(&u.to_string()),
            _ => out.push_str(&float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => write_string(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(e, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_compact(e, out);
            }
            out.push('}');
        }
    }
}

/// Writes `s` as a JSON string with Go's escapes: HTML-safe (`<`, `>`, `&`, U+2028, U+2029 as
/// `\uXXXX`), `\b` and `\f` as Go 1.22+ writes them, other control characters as `\u00XX`.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `encoding/json` float64 encoding: `'f'` format unless the magnitude is below 1e-6 or at
/// least 1e21, then `'e'` with a two-digit exponent shortened (`1e-07` -> `1e-7`).
fn float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let g = crate::kubectl::yaml::go_format_g(f);
        // go_format_g uses exponent form for these magnitudes; drop a leading exponent zero.
        if let Some(pos) = g.find('e') {
            let (m, e) = g.split_at(pos);
            let sign = &e[1..2];
            let digits = e[2..].trim_start_matches('0');
            return format!("{m}e{sign}{}", if digits.is_empty() { "0" } else { digits });
        }
        return g;
    }
    // Shortest digits in plain decimal notation.
    let s = format!("{f}");
    if s == "-0" { "-0".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::{marshal, marshal_indent};
    use serde_json::json;

    /// Four spaces a level, keys in sorted order, empty objects and arrays on one line, and the
    /// characters Go's encoder escapes for HTML escaped in keys and values alike: the text
    /// `json.MarshalIndent(v, "", "    ")` gives for this value.
    #[test]
    fn marshal_indent_prints_as_go() {
        let v = json!({
            "kind": "ConfigMap",
            "apiVersion": "v1",
            "metadata": {"name": "x", "labels": {}, "finalizers": []},
            "data": {"a<b": "<none> & >", "sep": "\u{2028}\u{2029}", "n": "line\nnext\t\"q\""},
            "count": [1, 2.5, true, null, 1e21]
        });
        let want = r#"{
    "apiVersion": "v1",
    "count": [
        1,
        2.5,
        true,
        null,
        1e+21
    ],
    "data": {
        "a\u003cb": "\u003cnone\u003e \u0026 \u003e",
        "n": "line\nnext\t\"q\"",
        "sep": "\u2028\u2029"
    },
    "kind": "ConfigMap",
    "metadata": {
        "finalizers": [],
        "labels": {},
        "name": "x"
    }
}"#;
        assert_eq!(marshal_indent(&v, "    "), want);
        assert_eq!(marshal_indent(&json!("a"), "    "), "\"a\"");
        assert_eq!(marshal_indent(&json!([]), "    "), "[]");
    }

    /// Compact: no spaces, the same escapes and float format.
    #[test]
    fn marshal_prints_as_go() {
        assert_eq!(
            marshal(&json!({"b": [1, 0.000001, 1e-7], "a": "<&>"})),
            r#"{"a":"\u003c\u0026\u003e","b":[1,0.000001,1e-7]}"#
        );
    }
}
