//! `kubectl get -o custom-columns=NAME:.metadata.name,...`
//! (`k8s.io/kubectl/pkg/cmd/get/customcolumn.go`).
//!
//! Each column is a relaxed JSONPath expression evaluated with missing keys allowed; a column
//! without results prints `<none>`, several results are joined with `,`, each printed with Go's
//! `fmt.Sprint` (so maps look like `map[k:v]`) and passed through `printers.EscapeTerminal`.
//! The table goes through `printers.GetNewTabWriter`: `tabwriter.NewWriter(out, 6, 4, 3, ' ', tabwriter.RememberWidths)`
//! (minimum cell width 6, padding 3, left-aligned, last cell of a line not padded).

use serde_json::Value;

use crate::kubectl::jsonpath;

/// One user-specified column: header text and its normalised `{.path}` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Header printed above the column.
    pub header: String,
    /// JSONPath template after `RelaxedJSONPathExpression`.
    pub field_spec: String,
}

/// Parses a `--output custom-columns=` spec (`NewCustomColumnsPrinterFromSpec`), with
/// kubectl's error texts.
pub fn parse_spec(spec: &str) -> Result<Vec<Column>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".to_string());
    }
    let mut columns = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            ));
        };
        columns.push(Column {
            header: header.to_string(),
            field_spec: jsonpath::relaxed_json_path_expression(path)?,
        });
    }
    Ok(columns)
}

/// Renders `objects` (the items kubectl got back) as the custom-columns table kubectl prints,
/// header first unless `no_headers`.
pub fn render(spec: &str, objects: &[Value], no_headers: bool) -> Result<String, String> {
    let columns = parse_spec(spec)?;
    let mut parsers = Vec::new();
    for c in &columns {
        parsers.push(jsonpath::parse(&c.field_spec)?);
    }
    let mut text = String::new();
    if !no_headers {
        let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
        text.push_str(&headers.join("\t"));
        text.push('\n');
    }
    for obj in objects {
        let mut cells = Vec::new();
        for p in &parsers {
            let values = p.evaluate_values(obj)?;
            let mut strings = Vec::new();
            if values.first().is_none_or(|l| l.is_empty()) {
                strings.push("<none>".to_string());
            }
            for list in &values {
                for v in list {
                    strings.push(escape_terminal(&jsonpath::go_v_value(v)));
                }
            }
            cells.push(strings.join(","));
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    Ok(tabwrite(&text, 6, 3))
}

/// `printers.EscapeTerminal`: keeps terminal control sequences out of the table.
fn escape_terminal(s: &str) -> String {
    s.replace('\x1b', "^[").replace('\r', "\\r")
}

/// Go `text/tabwriter` (left-aligned, space padding) over the whole text.
pub(crate) fn tabwrite(text: &str, minwidth: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::new();
    let mut widths = Vec::new();
    format_block(
        &lines,
        0,
        lines.len(),
        &mut widths,
        minwidth,
        padding,
        &mut out,
    );
    out
}

fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            let w = lines[this][column].chars().count() + padding;
            if w > width {
                width = w;
            }
            this += 1;
        }
        widths.push(width);
        format_block(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() && j + 1 < line.len() {
                for _ in cell.chars().count()..widths[j] {
                    out.push(' ');
                }
            }
        }
        if i + 1 != lines.len() {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// kubectl `customcolumn_test.go` `TestNewColumnPrinterFromSpec`.
    #[test]
    fn upstream_spec_parsing() {
        assert_eq!(
            parse_spec("").err().as_deref(),
            Some("custom-columns format specified but no custom columns given")
        );
        assert_eq!(
            parse_spec("invalid").err().as_deref(),
            Some("unexpected custom-columns spec: invalid, expected <header>:<json-path-expr>")
        );
        assert!(parse_spec("invalid=foobar").is_err());
        assert!(parse_spec("invalid,foobar:blah").is_err());
        assert_eq!(
            parse_spec("NAME:metadata.name,API_VERSION:apiVersion"),
            Ok(vec![
                Column {
                    header: "NAME".to_string(),
                    field_spec: "{.metadata.name}".to_string()
                },
                Column {
                    header: "API_VERSION".to_string(),
                    field_spec: "{.apiVersion}".to_string()
                },
            ])
        );
        let out = render(
            "API_VERSION:apiVersion",
            &[json!({"apiVersion": "v1"})],
            true,
        );
        assert_eq!(out.as_deref(), Ok("v1\n"));
    }

    /// `TestColumnPrint`.
    #[test]
    fn upstream_column_print() {
        let foo = json!({"metadata": {"name": "foo"}});
        let bar = json!({"metadata": {"name": "bar"}});
        assert_eq!(
            render("NAME:{.metadata.name}", std::slice::from_ref(&foo), false).as_deref(),
            Ok("NAME\nfoo\n")
        );
        assert_eq!(
            render("NAME:{.metadata.name}", &[foo, bar], false).as_deref(),
            Ok("NAME\nfoo\nbar\n")
        );
        let pod = json!({"apiVersion": "baz", "metadata": {"name": "foo"}});
        assert_eq!(
            render(
                "NAME:{.metadata.name},API_VERSION:{.apiVersion}",
                std::slice::from_ref(&pod),
                false
            )
            .as_deref(),
            Ok("NAME   API_VERSION\nfoo    baz\n")
        );
        assert_eq!(
            render(
                "NAME:{.metadata.name},API_VERSION:{.apiVersion},NOT_FOUND:{.notFound}",
                &[pod],
                false
            )
            .as_deref(),
            Ok("NAME   API_VERSION   NOT_FOUND\nfoo    baz           <none>\n")
        );
    }

    /// `TestIndividualPrintObjOnExistingTabWriter`.
    #[test]
    fn upstream_shared_tabwriter() {
        let objs = [
            json!({"metadata": {"name": "foo", "labels": {"label1": "foo", "label2": "foo"}}}),
            json!({"metadata": {"name": "bar", "labels": {"label1": "bar", "label2": "bar"}}}),
        ];
        assert_eq!(
            render(
                "NAME:{.metadata.name},LONG COLUMN NAME:{.metadata.labels.label1},LABEL 2:{.metadata.labels.label2}",
                &objs,
                false
            )
            .as_deref(),
            Ok("NAME   LONG COLUMN NAME   LABEL 2\nfoo    foo                foo\nbar    bar                bar\n")
        );
    }

    /// `TestSliceColumnPrint`.
    #[test]
    fn upstream_slice_column_print() {
        let pod = json!({"metadata": {"name": "fake-name", "namespace": "fake-namespace"},
            "spec": {"containers": [{"name": "fake0"}, {"name": "fake1"}, {"name": "fake2"}, {"name": "fake3"}]}});
        let cases = [
            (
                "CONTAINER:.spec.containers[0].name",
                Some("CONTAINER\nfake0\n"),
            ),
            (
                "CONTAINER:.spec.containers[3].name",
                Some("CONTAINER\nfake3\n"),
            ),
            ("CONTAINER:.spec.containers[5].name", None),
            (
                "CONTAINER:.spec.containers[-1].name",
                Some("CONTAINER\nfake3\n"),
            ),
            (
                "CONTAINER:.spec.containers[-2].name",
                Some("CONTAINER\nfake2\n"),
            ),
            (
                "CONTAINER:.spec.containers[-4].name",
                Some("CONTAINER\nfake0\n"),
            ),
            ("CONTAINER:.spec.containers[-5].name", None),
            (
                "CONTAINER:.spec.containers[0:0].name",
                Some("CONTAINER\n<none>\n"),
            ),
            (
                "CONTAINER:.spec.containers[0:3].name",
                Some("CONTAINER\nfake0,fake1,fake2\n"),
            ),
            (
                "CONTAINER:.spec.containers[1:].name",
                Some("CONTAINER\nfake1,fake2,fake3\n"),
            ),
            ("CONTAINER:.spec.containers[3:1].name", None),
            (
                "CONTAINER:.spec.containers[0:-1].name",
                Some("CONTAINER\nfake0,fake1,fake2\n"),
            ),
            (
                "CONTAINER:.spec.containers[-1:].name",
                Some("CONTAINER\nfake3\n"),
            ),
            (
                "CONTAINER:.spec.containers[-4:].name",
                Some("CONTAINER\nfake0,fake1,fake2,fake3\n"),
            ),
            (
                "CONTAINER:.spec.containers[-3:-1].name",
                Some("CONTAINER\nfake1,fake2\n"),
            ),
            ("CONTAINER:.spec.containers[-2:-3].name", None),
            (
                "CONTAINER:.spec.containers[4:4].name",
                Some("CONTAINER\n<none>\n"),
            ),
            (
                "CONTAINER:.spec.containers[-5:-5].name",
                Some("CONTAINER\n<none>\n"),
            ),
        ];
        for (spec, want) in cases {
            let got = render(spec, std::slice::from_ref(&pod), false);
            match want {
                Some(w) => assert_eq!(got.as_deref(), Ok(w), "{spec}"),
                None => assert!(got.is_err(), "{spec}"),
            }
        }
    }

    /// Values print with Go's `fmt.Sprint`: maps as `map[k:v]`, null as `<nil>`; the minimum
    /// column width of `GetNewTabWriter` is 6.
    #[test]
    fn value_formatting_and_min_width() {
        let obj = json!({"metadata": {"name": "a", "labels": {"app": "web", "tier": "fe"}},
                         "spec": {"nodeName": null}});
        assert_eq!(
            render(
                "N:.metadata.name,LABELS:.metadata.labels,NODE:.spec.nodeName",
                &[obj],
                false
            ),
            // Column 2 is len("map[app:web tier:fe]") + 3 = 23 wide.
            Ok(format!(
                "N     {:<23}NODE\na     {:<23}<nil>\n",
                "LABELS", "map[app:web tier:fe]"
            ))
        );
        assert_eq!(render("X:.a", &[], false).as_deref(), Ok("X\n"));
    }
}
