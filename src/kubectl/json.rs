//! `kubectl -o json` output, byte for byte.
//!
//! kubectl's JSON printer (`cli-runtime/pkg/printers/json.go`) writes an object with Go's
//! `json.MarshalIndent(obj, "", "    ")`: four spaces a level, and, as Go's encoder does by
//! default, `<`, `>` and `&` (and U+2028, U+2029) inside strings escaped as `\u003c`, `\u003e`,
//! `\u0026`, so that `<none>` reads `\u003cnone\u003e`. An object read from the server is a map
//! by then, whose keys Go writes in sorted order, as a `serde_json::Value` keeps them.

use serde::Serialize;
use serde_json::Value;

/// `v` as `kubectl -o json` prints it (without the final newline).
pub fn to_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    let text = String::from_utf8(buf).unwrap_or_default();
    // These characters can only occur inside strings (keys or values), never in the JSON
    // around them, so escaping them throughout the text escapes exactly the strings' ones.
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_json;
    use serde_json::json;

    /// Four spaces a level, keys in sorted order, empty objects and arrays on one line, and the
    /// characters Go's encoder escapes for HTML escaped in keys and values alike: the text
    /// `json.MarshalIndent(v, "", "    ")` gives for this value.
    #[test]
    fn prints_as_go_marshal_indent() {
        let v = json!({
            "kind": "ConfigMap",
            "apiVersion": "v1",
            "metadata": {"name": "x", "labels": {}, "finalizers": []},
            "data": {"a<b": "<none> & >", "sep": "\u{2028}\u{2029}", "n": "line\nnext\t\"q\""},
            "count": [1, 2.5, true, null]
        });
        let want = r#"{
    "apiVersion": "v1",
    "count": [
        1,
        2.5,
        true,
        null
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
        assert_eq!(to_json(&v), want);
    }
}
