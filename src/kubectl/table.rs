//! The `kubectl get` table layout.
//!
//! Ports the human-readable table path of kubectl:
//! `k8s.io/cli-runtime/pkg/printers/tableprinter.go` (`decorateTable`,
//! `printTable`: NAMESPACE first for `-A`, `-L` label columns, LABELS last for
//! `--show-labels`, priority-1 columns only with `-o wide`, upper-cased
//! headers, no output at all for an empty table) and the column alignment of
//! `github.com/liggitt/tabwriter` (a fork of Go's `text/tabwriter`) created by
//! `cli-runtime/pkg/printers/tabwriter.go` with minwidth 6, tabwidth 4,
//! padding 3 and padchar `' '`.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// tabwriterMinWidth in cli-runtime: no column is narrower than this.
pub const TABWRITER_MIN_WIDTH: usize = 6;
/// tabwriterPadding in cli-runtime: the gap after the widest cell of a column.
pub const TABWRITER_PADDING: usize = 3;

/// One column definition, as upstream `metav1.TableColumnDefinition`: the
/// name is written as upstream spells it and upper-cased when rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Header text before upper-casing, e.g. `"Nominated Node"`.
    pub name: String,
    /// 0 = always shown, 1 = only with `-o wide`.
    pub priority: u8,
    /// Upstream `Format: "name"`: the column kubectl prefixes with `kind/`.
    pub is_name: bool,
}

impl Column {
    /// A plain column with the given upstream name and priority.
    pub fn new(name: &str, priority: u8) -> Self {
        Column {
            name: name.to_string(),
            priority,
            is_name: false,
        }
    }

    /// The object-name column (`Format: "name"`).
    pub fn name() -> Self {
        Column {
            name: "Name".to_string(),
            priority: 0,
            is_name: true,
        }
    }
}

/// One printed object: its cells (one per column, wide ones included) plus
/// the metadata kubectl itself adds (namespace for `-A`, labels for `-L` and
/// `--show-labels`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// One cell per [`Table::columns`] entry, in the same order.
    pub cells: Vec<String>,
    /// `metadata.namespace`, shown in the NAMESPACE column.
    pub namespace: String,
    /// `metadata.labels`, for `-L key` and `--show-labels`.
    pub labels: BTreeMap<String, String>,
}

impl Row {
    /// A row whose namespace and labels come from the object's metadata.
    pub fn from_meta(meta: &ObjectMeta, cells: Vec<String>) -> Self {
        Row {
            cells,
            namespace: meta.namespace.clone().unwrap_or_default(),
            labels: meta.labels.clone().unwrap_or_default(),
        }
    }
}

/// A table as a server would return it for `kubectl get`, before kubectl's
/// own decoration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column definitions, including priority-1 (wide) ones.
    pub columns: Vec<Column>,
    /// Rows in display order (the API server lists by namespace, then name).
    pub rows: Vec<Row>,
}

/// The `kubectl get` flags that change the table layout.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// `-o wide`: also show priority-1 columns.
    pub wide: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-A` / `--all-namespaces`: NAMESPACE as the first column.
    pub with_namespace: bool,
    /// `--show-labels`: LABELS as the last column.
    pub show_labels: bool,
    /// `-L key1,key2`: one column per key, after the object's columns.
    pub label_columns: Vec<String>,
    /// When set (e.g. `"deployment.apps"` or `"pod"`), the name column is
    /// printed as `kind/name`, as kubectl does when several kinds are listed.
    pub kind: Option<String>,
}

/// `labels.FormatLabels`: the `k=v` strings sorted (as whole strings, like
/// `labels.Set.String`) and joined with `,`, or `<none>` when there are none.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    let mut pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.sort();
    pairs.join(",")
}

/// The message `kubectl get` writes to stderr when nothing matched:
/// `No resources found in <ns> namespace.` or, with `-A` or for
/// cluster-scoped kinds, `No resources found`.
pub fn no_resources_found(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace."),
        None => "No resources found".to_string(),
    }
}

/// Renders the table exactly as `kubectl get` prints it (every line ends in
/// `\n`). An empty table with headers enabled renders as the empty string,
/// as upstream `printTable` prints nothing when there are no rows.
pub fn render(table: &Table, opts: &RenderOptions) -> String {
    // decorateTable: namespace column first, then the object's columns, then
    // one column per -L key, then LABELS.
    let mut columns: Vec<Column> = Vec::new();
    if opts.with_namespace {
        columns.push(Column::new("Namespace", 0));
    }
    columns.extend(table.columns.iter().cloned());
    for key in &opts.label_columns {
        columns.push(Column::new(&label_header(key), 0));
    }
    if opts.show_labels {
        columns.push(Column::new("Labels", 0));
    }

    let name_column = match &opts.kind {
        Some(kind) if !kind.is_empty() => table.columns.iter().position(|c| c.is_name),
        _ => None,
    };

    let shown = |c: &Column| opts.wide || c.priority == 0;
    let mut text = String::new();
    if !opts.no_headers {
        if table.rows.is_empty() {
            return String::new();
        }
        let headers: Vec<String> = columns
            .iter()
            .filter(|c| shown(c))
            .map(|c| c.name.to_uppercase())
            .collect();
        text.push_str(&headers.join("\t"));
        text.push('\n');
    }

    for row in &table.rows {
        let mut cells: Vec<String> = Vec::with_capacity(columns.len());
        if opts.with_namespace {
            cells.push(row.namespace.clone());
        }
        for (i, cell) in row.cells.iter().enumerate() {
            match (name_column, &opts.kind) {
                (Some(n), Some(kind)) if n == i => {
                    cells.push(format!("{}/{}", kind.to_lowercase(), cell));
                }
                _ => cells.push(cell.clone()),
            }
        }
        // Rows shorter than the object's columns still get their label
        // cells in the label columns (upstream pads with nil cells).
        let label_start = usize::from(opts.with_namespace) + table.columns.len();
        if !opts.label_columns.is_empty() || opts.show_labels {
            while cells.len() < label_start {
                cells.push(String::new());
            }
            for key in &opts.label_columns {
                cells.push(row.labels.get(key).cloned().unwrap_or_default());
            }
            if opts.show_labels {
                cells.push(format_labels(&row.labels));
            }
        }

        let mut printed: Vec<String> = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let Some(column) = columns.get(i) else {
                // More cells than columns: upstream stops (issue 66379).
                break;
            };
            if !shown(column) {
                continue;
            }
            printed.push(truncate_at_newline(cell));
        }
        text.push_str(&printed.join("\t"));
        text.push('\n');
    }
    tabwriter(&text)
}

/// `formatLabelHeaders`: the header for `-L prefix/key` is `KEY`.
fn label_header(key: &str) -> String {
    key.rsplit('/').next().unwrap_or(key).to_uppercase()
}

/// `printTable` cuts a cell at its first newline and marks it with `...`.
fn truncate_at_newline(cell: &str) -> String {
    match cell.find('\n') {
        Some(i) => format!("{}...", &cell[..i]),
        None => cell.to_string(),
    }
}

/// Aligns tab-separated text like Go's `text/tabwriter` with kubectl's
/// settings (minwidth 6, padding 3, padchar `' '`, no flags that matter for
/// a single flush). Cells are tab-terminated: the last cell of each line is
/// not part of any column and is written without padding, so lines carry no
/// trailing spaces unless that last cell is empty. A column block is a run
/// of consecutive lines that all have a cell in that column; its width is
/// the widest cell (counted in characters) plus the padding, at least the
/// minimum width.
pub fn tabwriter(text: &str) -> String {
    tabwriter_with(text, TABWRITER_MIN_WIDTH, TABWRITER_PADDING)
}

/// Go's `text/tabwriter` with another minimum width and padding: kubectl's describers use
/// (0, 2), `rollout history` (0, 2), custom columns their own; one implementation serves all.
pub fn tabwriter_with(text: &str, min_width: usize, padding: usize) -> String {
    let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    // A trailing newline leaves one empty line that Go never writes.
    let ends_with_newline = text.ends_with('\n');
    if ends_with_newline {
        lines.pop();
    }
    let mut out = String::new();
    let mut widths: Vec<usize> = Vec::new();
    let cfg = (min_width, padding);
    format_block(&lines, 0, lines.len(), &mut widths, cfg, &mut out);
    if !ends_with_newline && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Go `(*Writer).format`: finds the column blocks at depth `widths.len()`
/// within `lines[line0..line1]` and recurses into each.
fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    cfg: (usize, usize),
    out: &mut String,
) {
    let (min_width, padding) = cfg;
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        // Cell exists in this column: write the lines before the block.
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = min_width;
        while this < line1 {
            let line = &lines[this];
            if column + 1 >= line.len() {
                break;
            }
            let w = line[column].chars().count() + padding;
            if w > width {
                width = w;
            }
            this += 1;
        }
        widths.push(width);
        format_block(lines, line0, this, widths, cfg, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

/// Go `(*Writer).writeLines`: cells within known columns are padded to the
/// column width; any other cell is written as is.
fn write_lines(
    lines: &[Vec<&str>],
    line0: usize,
    line1: usize,
    widths: &[usize],
    out: &mut String,
) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if let Some(&w) = widths.get(j) {
                let n = w.saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', n));
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            ..Row::default()
        }
    }

    fn pod_columns() -> Vec<Column> {
        vec![
            Column::name(),
            Column::new("Ready", 0),
            Column::new("Status", 0),
            Column::new("Restarts", 0),
            Column::new("Age", 0),
            Column::new("IP", 1),
            Column::new("Node", 1),
        ]
    }

    /// The familiar `kubectl get pods` layout: each column is as wide as its
    /// widest cell plus three spaces, the last column is not padded.
    #[test]
    fn renders_pods_with_three_space_gaps() {
        let table = Table {
            columns: pod_columns(),
            rows: vec![
                row(&[
                    "nginx-7848d4b86f-9xxk7",
                    "1/1",
                    "Running",
                    "0",
                    "10s",
                    "10.244.0.5",
                    "node-1",
                ]),
                row(&[
                    "web-0",
                    "0/1",
                    "ContainerCreating",
                    "0",
                    "2s",
                    "<none>",
                    "node-2",
                ]),
            ],
        };
        let got = render(&table, &RenderOptions::default());
        let want = "\
NAME                     READY   STATUS              RESTARTS   AGE
nginx-7848d4b86f-9xxk7   1/1     Running             0          10s
web-0                    0/1     ContainerCreating   0          2s
";
        assert_eq!(got, want);
        assert!(got.lines().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn wide_shows_priority_one_columns() {
        let table = Table {
            columns: pod_columns(),
            rows: vec![row(&[
                "web-0",
                "1/1",
                "Running",
                "0",
                "5m",
                "10.244.1.3",
                "node-1",
            ])],
        };
        let opts = RenderOptions {
            wide: true,
            ..RenderOptions::default()
        };
        let want = "\
NAME    READY   STATUS    RESTARTS   AGE   IP           NODE
web-0   1/1     Running   0          5m    10.244.1.3   node-1
";
        assert_eq!(render(&table, &opts), want);
    }

    /// tabwriter minwidth 6: a column of short cells is still 6 wide.
    #[test]
    fn min_width_six() {
        assert_eq!(tabwriter("A\tB\nx\ty\n"), "A     B\nx     y\n");
        assert_eq!(tabwriter("ABCD\tB\n"), "ABCD   B\n");
    }

    /// An empty last cell leaves the previous column's padding in place, as
    /// Go's tabwriter does.
    #[test]
    fn empty_last_cell_keeps_padding() {
        assert_eq!(tabwriter("NAME\tMSG\nx\t\n"), "NAME   MSG\nx      \n");
    }

    /// Go's tabwriter aligns only runs of consecutive lines sharing a column.
    #[test]
    fn column_blocks_are_broken_by_shorter_lines() {
        let got = tabwriter("aaaaaaaa\tb\nc\nd\te\n");
        assert_eq!(got, "aaaaaaaa   b\nc\nd     e\n");
    }

    #[test]
    fn cell_width_counts_characters_not_bytes() {
        assert_eq!(
            tabwriter("ééééééé\tx\na\ty\n"),
            "ééééééé   x\na         y\n"
        );
    }

    #[test]
    fn no_headers_and_empty_tables() {
        let mut table = Table {
            columns: pod_columns(),
            rows: vec![],
        };
        assert_eq!(render(&table, &RenderOptions::default()), "");
        table
            .rows
            .push(row(&["web-0", "1/1", "Running", "0", "5m", "", ""]));
        let opts = RenderOptions {
            no_headers: true,
            ..RenderOptions::default()
        };
        assert_eq!(render(&table, &opts), "web-0   1/1   Running   0     5m\n");
    }

    #[test]
    fn all_namespaces_labels_and_label_columns() {
        let mut labels = BTreeMap::new();
        labels.insert("app".to_string(), "web".to_string());
        labels.insert("app.kubernetes.io/tier".to_string(), "frontend".to_string());
        let table = Table {
            columns: vec![
                Column::name(),
                Column::new("Ready", 0),
                Column::new("Age", 0),
            ],
            rows: vec![
                Row {
                    cells: vec!["web".into(), "3/3".into(), "5d".into()],
                    namespace: "default".into(),
                    labels,
                },
                Row {
                    cells: vec!["db".into(), "1/1".into(), "12m".into()],
                    namespace: "kube-system".into(),
                    labels: BTreeMap::new(),
                },
            ],
        };
        let opts = RenderOptions {
            with_namespace: true,
            show_labels: true,
            label_columns: vec!["app.kubernetes.io/tier".into()],
            ..RenderOptions::default()
        };
        let want = "\
NAMESPACE     NAME   READY   AGE   TIER       LABELS
default       web    3/3     5d    frontend   app.kubernetes.io/tier=frontend,app=web
kube-system   db     1/1     12m              <none>
";
        assert_eq!(render(&table, &opts), want);
    }

    #[test]
    fn kind_prefix_and_newline_truncation() {
        let table = Table {
            columns: vec![Column::name(), Column::new("Message", 0)],
            rows: vec![row(&["web", "first line\nsecond line"])],
        };
        let opts = RenderOptions {
            kind: Some("StatefulSet.apps".into()),
            ..RenderOptions::default()
        };
        let want = "\
NAME                   MESSAGE
statefulset.apps/web   first line...
";
        assert_eq!(render(&table, &opts), want);
    }

    #[test]
    fn format_labels_and_messages() {
        assert_eq!(format_labels(&BTreeMap::new()), "<none>");
        // Sorted as "k=v" strings: '.' sorts before '='.
        let labels: BTreeMap<String, String> = [
            ("a".to_string(), "1".to_string()),
            ("a.b".to_string(), "2".to_string()),
        ]
        .into();
        assert_eq!(format_labels(&labels), "a.b=2,a=1");
        assert_eq!(
            no_resources_found(Some("default")),
            "No resources found in default namespace."
        );
        assert_eq!(no_resources_found(None), "No resources found");
    }
}
