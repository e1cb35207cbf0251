//! The interactive screen without a terminal: key handling drives `App` state, and snapshots of
//! `TestBackend` buffers check what the main screens show (text) and the styles that carry
//! meaning (status colours, reverse video under NO_COLOR, the colour-blind palette).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::tui::app::{App, DetailKind, Focus, Options, Overlay};
use kubetutor::tui::model::StatusClass;
use kubetutor::tui::theme::{Theme, ThemeName};
use kubetutor::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::time::Duration;

const DEMO: &str = "cat <<EOF | kubectl apply -f -
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: c
    image: busybox
    command: [\"sh\", \"-c\", \"echo boom; exit 1\"]
---
apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests:
        cpu: \"64\"
EOF";

fn app_with(theme: ThemeName, no_color: bool, present: bool, workers: usize) -> App {
    let cfg = ClusterConfig {
        workers,
        ..Default::default()
    };
    App::new(
        Cluster::new(&cfg),
        Options {
            theme: Theme::new(theme, no_color),
            present,
            base_dir: std::env::current_dir().unwrap(),
            ..Options::headless()
        },
    )
}

fn demo_app(theme: ThemeName, no_color: bool) -> App {
    let mut app = app_with(theme, no_color, false, 3);
    app.run_line(DEMO);
    app.tick(Duration::from_secs(40));
    app
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        app.key(key(c));
    }
}

fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    view::draw_frame(&mut t, app).unwrap();
    t.backend().buffer().clone()
}

fn text(b: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..b.area.height {
        let mut line = String::new();
        for x in 0..b.area.width {
            line.push_str(b[(x, y)].symbol());
        }
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// The cell showing `needle`'s first character on the first line containing it.
fn find(b: &Buffer, needle: &str) -> (u16, u16) {
    let t = text(b);
    for (y, line) in t.lines().enumerate() {
        if let Some(i) = line.find(needle) {
            let x = line[..i].chars().count();
            return (x as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{t}");
}

/// The status symbol before a pod's name in its chip.
fn chip_symbol(b: &Buffer, pod: &str) -> ratatui::buffer::Cell {
    let (x, y) = find(b, &format!(" {pod} "));
    b[(x - 1, y)].clone()
}

#[test]
fn main_screen_80x24() {
    let mut app = demo_app(ThemeName::Default, false);
    let b = render(&mut app, 80, 24);
    insta::assert_snapshot!("main_80x24", text(&b));
    let crash = chip_symbol(&b, "crasher");
    assert_eq!(crash.symbol(), "↻");
    assert_eq!(crash.fg, Color::Magenta);
    let web = chip_symbol(&b, "web-0");
    assert_eq!(web.symbol(), "●");
    assert_eq!(web.fg, Color::Green);
    let huge = chip_symbol(&b, "huge");
    assert_eq!(huge.symbol(), "◌");
    assert_eq!(huge.fg, Color::Yellow);
}

#[test]
fn main_screen_200x60() {
    let mut app = demo_app(ThemeName::Default, false);
    app.key(code(KeyCode::Right));
    app.key(code(KeyCode::Right));
    app.key(code(KeyCode::Down));
    let b = render(&mut app, 200, 60);
    insta::assert_snapshot!("main_200x60", text(&b));
    // The status bar is reverse video; the selected chip is too.
    assert!(b[(1, 0)].modifier.contains(Modifier::REVERSED));
    let sel = app.selected().unwrap();
    let kubetutor::tui::app::Target::Pod { name, .. } = sel else {
        panic!("a pod is selected")
    };
    let (x, y) = find(&b, &format!(" {name} "));
    assert!(b[(x + 1, y)].modifier.contains(Modifier::REVERSED));
    // Warning events stand out.
    let (x, y) = find(&b, "BackOff ");
    assert_eq!(b[(x, y)].fg, Color::Yellow);
}

#[test]
fn no_color_keeps_meaning_in_symbols_and_reverse_video() {
    let mut app = demo_app(ThemeName::Default, true);
    let b = render(&mut app, 120, 40);
    for cell in b.content() {
        assert_eq!(cell.fg, Color::Reset, "no colour under NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "no colour under NO_COLOR");
    }
    let crash = chip_symbol(&b, "crasher");
    assert_eq!(crash.symbol(), "↻");
    assert!(crash.modifier.contains(Modifier::REVERSED));
    assert!(chip_symbol(&b, "web-0").modifier.contains(Modifier::BOLD));
}

#[test]
fn colour_blind_theme_never_uses_red_or_green() {
    let mut app = demo_app(ThemeName::ColorBlind, false);
    let b = render(&mut app, 200, 60);
    for cell in b.content() {
        for c in [cell.fg, cell.bg] {
            assert!(
                !matches!(
                    c,
                    Color::Red | Color::Green | Color::LightRed | Color::LightGreen
                ),
                "{c:?} at {cell:?}"
            );
        }
    }
    let t = Theme::new(ThemeName::ColorBlind, false);
    assert_ne!(t.status(StatusClass::Ready), t.status(StatusClass::Error));
}

#[test]
fn detail_help_and_small_screens() {
    let mut app = demo_app(ThemeName::Default, false);
    app.key(code(KeyCode::Down));
    app.key(key('y'));
    let b = render(&mut app, 80, 24);
    insta::assert_snapshot!("yaml_80x24", text(&b));
    app.key(key('l'));
    assert!(matches!(
        app.overlay,
        Overlay::Detail {
            kind: DetailKind::Logs,
            ..
        }
    ));
    app.key(code(KeyCode::Esc));
    app.key(key('?'));
    let b = render(&mut app, 80, 24);
    assert!(text(&b).contains("cordon / uncordon"));
    app.key(code(KeyCode::Esc));
    let b = render(&mut app, 40, 10);
    insta::assert_snapshot!("too_small", text(&b));
    app.key(key('q'));
    assert!(app.quit);
}

#[test]
fn presenter_mode_80x24() {
    let mut app = app_with(ThemeName::Projector, false, true, 3);
    app.run_line(DEMO);
    app.tick(Duration::from_secs(40));
    app.key(code(KeyCode::Right));
    app.key(key(' '));
    let b = render(&mut app, 80, 24);
    insta::assert_snapshot!("present_80x24", text(&b));
    assert!(text(&b).contains("Space"), "recent keys overlay");
}

#[test]
fn prompt_runs_commands_heredocs_and_history() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    app.key(key(':'));
    assert_eq!(app.focus, Focus::Prompt);
    type_str(&mut app, "kubectl get nodes");
    app.key(code(KeyCode::Enter));
    let out: Vec<&str> = app.output.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(out[0], "$ kubectl get nodes");
    assert!(out[1].starts_with("NAME"));
    assert!(out.iter().any(|l| l.starts_with("worker-3 ")));
    for line in DEMO.lines() {
        type_str(&mut app, line);
        app.key(code(KeyCode::Enter));
    }
    assert!(app.pending.is_empty());
    assert!(
        app.output
            .iter()
            .any(|l| l.text == "statefulset.apps/web created")
    );
    app.key(code(KeyCode::Up));
    assert_eq!(app.input, DEMO);
    app.key(code(KeyCode::Up));
    assert_eq!(app.input, "kubectl get nodes");
    app.key(code(KeyCode::Down));
    app.key(code(KeyCode::Down));
    assert_eq!(app.input, "");
    type_str(&mut app, "kubectl get sta");
    app.key(code(KeyCode::Tab));
    assert_eq!(app.input, "kubectl get statefulsets ");
    app.key(ctrl('c'));
    assert_eq!(app.input, "");
    assert!(!app.quit);
    app.key(code(KeyCode::Esc));
    assert_eq!(app.focus, Focus::Grid);
}

#[test]
fn time_keys_pause_speed_and_step() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    let t0 = app.cluster.now();
    app.tick(Duration::from_secs(2));
    assert_eq!((app.cluster.now() - t0).get_seconds(), 2);
    app.key(key('+'));
    app.key(key('+'));
    assert_eq!(app.speed(), 5.0);
    for _ in 0..20 {
        app.key(key('+'));
    }
    assert_eq!(app.speed(), 60.0);
    for _ in 0..20 {
        app.key(key('-'));
    }
    assert_eq!(app.speed(), 0.25);
    app.key(key(' '));
    assert!(app.paused);
    let t1 = app.cluster.now();
    app.tick(Duration::from_secs(10));
    assert_eq!(app.cluster.now(), t1);
    app.key(key('.'));
    assert_eq!((app.cluster.now() - t1).get_seconds(), 1);
}

#[test]
fn operator_keys_act_on_the_selection() {
    let mut app = demo_app(ThemeName::Default, false);
    // The unscheduled lane is the first card; move to control-plane, then worker-1.
    app.key(code(KeyCode::Right));
    app.key(code(KeyCode::Right));
    let name = app.view.cards[app.sel_card].name.clone();
    assert_eq!(name, "worker-1");
    app.key(key('c'));
    assert!(
        app.view.cards[app.sel_card]
            .status
            .ends_with("SchedulingDisabled")
    );
    assert!(
        app.output
            .iter()
            .any(|l| l.text == "node/worker-1 cordoned")
    );
    app.key(key('c'));
    assert_eq!(app.view.cards[app.sel_card].status, "Ready");
    app.key(key('f'));
    assert!(app.output.iter().any(|l| l.text == "$ node fail worker-1"));
    app.key(key('r'));
    assert!(
        app.output
            .iter()
            .any(|l| l.text == "node/worker-1 recovered")
    );
    let nodes = app.view.cards.len();
    app.key(key('a'));
    assert_eq!(app.view.cards.len(), nodes + 1);
    // Select the first pod of a node that has one and delete it.
    let (ci, _) = app
        .view
        .cards
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, c)| !c.pods.is_empty())
        .unwrap();
    app.sel_card = ci;
    app.sel_pod = None;
    app.key(code(KeyCode::Down));
    let pod = app.view.cards[ci].pods[0].name.clone();
    app.key(key('x'));
    assert!(
        app.output
            .iter()
            .any(|l| l.text == format!("pod \"{pod}\" deleted")),
        "{:?}",
        app.output
    );
}

#[test]
fn editor_applies_and_guards_unsaved_text() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    app.key(key('e'));
    assert_eq!(app.overlay, Overlay::Editor);
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers:\n  - name: c\n    image: nginx";
    for line in manifest.lines() {
        // The editor keeps indentation after Enter, as most editors do.
        let indent = app.editor.lines[app.editor.row].len();
        for _ in 0..indent {
            app.key(code(KeyCode::Backspace));
        }
        type_str(&mut app, line);
        app.key(code(KeyCode::Enter));
    }
    app.key(code(KeyCode::Esc));
    app.key(key('q'));
    assert_eq!(app.overlay, Overlay::ConfirmQuit, "unsaved editor text");
    app.key(key('n'));
    assert!(!app.quit);
    app.key(key('e'));
    app.key(ctrl('s'));
    assert!(
        app.output.iter().any(|l| l.text == "pod/p1 created"),
        "{:?}",
        app.output
    );
    assert_eq!(app.overlay, Overlay::None);
    app.key(ctrl('c'));
    assert!(app.quit);
}

#[test]
fn a_thousand_nodes_render_and_navigate() {
    let mut app = app_with(ThemeName::Default, false, false, 1000);
    let b = render(&mut app, 80, 24);
    assert!(text(&b).contains("control-plane"));
    app.key(code(KeyCode::End));
    let b = render(&mut app, 80, 24);
    let t = text(&b);
    assert!(t.contains("worker-999"), "{t}");
    assert!(t.contains("of 334"), "{t}");
    app.key(code(KeyCode::PageUp));
    app.key(code(KeyCode::Up));
    let b = render(&mut app, 200, 60);
    assert!(text(&b).contains("worker-"));
}

#[test]
fn events_filter() {
    let mut app = demo_app(ThemeName::Default, false);
    app.key(key('/'));
    type_str(&mut app, "failedsched");
    app.key(code(KeyCode::Enter));
    let b = render(&mut app, 200, 60);
    let t = text(&b);
    assert!(t.contains("FailedScheduling"));
    assert!(!t.contains("SuccessfulCreate"));
}

/// `kubectl get -w` at the prompt streams rows as the clock runs and stops on Esc.
#[test]
fn watch_streams_rows_until_esc() {
    let mut app = app_with(ThemeName::Default, false, false, 2);
    app.run_line("kubectl get pods -w");
    app.run_line("kubectl run web --image=nginx");
    app.tick(Duration::from_secs(20));
    let out: Vec<String> = app.output.iter().map(|l| l.text.clone()).collect();
    assert!(out.iter().any(|l| l.starts_with("NAME")), "{out:?}");
    assert!(
        out.iter()
            .any(|l| l.contains("web") && l.contains("Running")),
        "{out:?}"
    );
    app.focus = Focus::Prompt;
    app.key(code(KeyCode::Esc));
    let n = app.output.len();
    app.run_line("kubectl delete pod web --wait=false");
    app.tick(Duration::from_secs(20));
    assert!(
        !app.output[n..]
            .iter()
            .any(|l| l.text.contains("Terminating")),
        "the watch ended on Esc"
    );
}

/// The output pane widens to show a result's lines whole, as a terminal that wide would: at
/// 200 columns `kubectl get pods -o wide` fits beside a narrower events pane; at 120 it takes
/// the events pane's place (its title says so) and all 120 columns; once the wide lines are out
/// of view (`clear`) the panes split as before.
#[test]
fn wide_output_is_shown_whole() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    app.run_line("kubectl create deployment exporter --image=nginx:1.27 --replicas=3");
    app.tick(Duration::from_secs(10));
    app.run_line("kubectl get pods -o wide");
    let rows: Vec<String> = app
        .output
        .iter()
        .filter(|l| l.text.starts_with("exporter-") || l.text.starts_with("NAME "))
        .map(|l| l.text.trim_end().to_string())
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    // The header is 119 wide: whole in a 120-column terminal, as kubectl's would be, so the
    // pane that takes the whole row has no side borders to take two of its columns.
    assert_eq!(rows[0].len(), 119, "{:?}", rows[0]);
    for (w, h, events) in [(200, 60, true), (120, 40, false)] {
        let t = text(&render(&mut app, w, h));
        for r in &rows {
            assert!(
                t.contains(r.as_str()),
                "{w}x{h}: {r:?} not whole on screen:\n{t}"
            );
        }
        assert_eq!(t.contains("Events (newest first"), events, "{w}x{h}:\n{t}");
        assert_eq!(
            t.contains("Output (wide: events hidden)"),
            !events,
            "{w}x{h}"
        );
    }
    app.run_line("clear");
    app.run_line("kubectl get nodes");
    let t = text(&render(&mut app, 120, 40));
    assert!(t.contains("Events (newest first"), "{t}");
    assert!(t.contains("┌ Output ─"), "{t}");
}

/// The split only moves for wide lines: with short output the output pane keeps the 45% that
/// ratatui's `Percentage(45)` gives (32 of 71 columns: it rounds, where `71 * 45 / 100` would
/// floor to 31); an error message wider than the pane wraps beside the events rather than
/// hiding them; and a terminal wider than `u16::MAX / 45` columns still draws.
#[test]
fn the_bottom_split_moves_only_for_wide_output() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    app.run_line("kubectl get ns default");
    let b = render(&mut app, 71, 24);
    let (x, _) = find(&b, "┌ Events");
    assert_eq!(x, 32, "{}", text(&b));
    app.run_line("clear");
    app.run_line("kubectl get pod a-pod-whose-name-is-long-enough-to-wrap");
    assert!(
        app.output
            .iter()
            .any(|l| l.text.len() > 60 && l.text.starts_with("Error from server (NotFound)")),
        "{:?}",
        app.output.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
    let t = text(&render(&mut app, 80, 24));
    assert!(t.contains("Events (newest first"), "{t}");
    assert!(!t.contains("events hidden"), "{t}");
    let t = text(&render(&mut app, 1500, 30));
    assert!(t.contains("Events (newest first"));
}

/// PgUp in the output pane stops where a terminal does: with the oldest line at the top of a
/// full pane, never scrolled past the output into an empty pane; a short output that fits
/// does not scroll at all.
#[test]
fn page_up_stops_with_the_oldest_line_at_the_top() {
    let mut app = app_with(ThemeName::Default, false, false, 3);
    app.key(key(':'));
    type_str(&mut app, "kubectl get nodes");
    app.key(code(KeyCode::Enter));
    render(&mut app, 200, 60);
    app.key(code(KeyCode::PageUp));
    assert_eq!(app.output_scroll, 0, "five lines fit the pane");
    let t = text(&render(&mut app, 200, 60));
    assert!(t.contains("$ kubectl get nodes"), "{t}");
    assert!(!t.contains("Output (↑"), "{t}");

    for _ in 0..4 {
        type_str(&mut app, "kubectl get nodes --show-labels");
        app.key(code(KeyCode::Enter));
    }
    render(&mut app, 200, 60);
    for _ in 0..10 {
        app.key(code(KeyCode::PageUp));
    }
    assert!(app.output_scroll > 0);
    let b = render(&mut app, 200, 60);
    let t = text(&b);
    // The oldest line is the pane's first, right under its title.
    let (_, top) = find(&b, "Output (↑");
    let first = t.lines().nth(usize::from(top) + 1).unwrap_or("").trim();
    assert_eq!(first, "$ kubectl get nodes", "{t}");
    app.key(code(KeyCode::PageDown));
    let t = text(&render(&mut app, 200, 60));
    assert!(t.contains("Output (↑"), "{t}");
}
