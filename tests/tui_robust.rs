//! The interactive screen survives what terminals throw at it: resize storms down to 0x0, tiny
//! terminals, megabyte pastes into the prompt and the YAML editor (a paste arrives as a flood of
//! key events), and random key floods. Each case runs under the fuzz watchdog: a hang or a memory
//! blow-up fails with the input.

mod fuzz_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fuzz_support::{Counting, guarded};
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::tui::app::{App, Options, Overlay};
use kubetutor::tui::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

#[global_allocator]
static ALLOC: Counting = Counting;

fn app() -> App {
    let mut app = App::new(
        Cluster::new(&ClusterConfig {
            workers: 2,
            ..Default::default()
        }),
        Options::headless(),
    );
    app.run_line("kubectl create deployment web --image=nginx --replicas=3");
    app.tick(Duration::from_secs(30));
    app
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Types `text` as a terminal without bracketed paste delivers it: one key per character,
/// Enter per newline.
fn paste(app: &mut App, text: &str) {
    for ch in text.chars() {
        app.key(key(match ch {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        }));
    }
}

fn draw(t: &mut Terminal<TestBackend>, app: &mut App, w: u16, h: u16) {
    t.backend_mut().resize(w, h);
    let _ = t.resize(ratatui::layout::Rect::new(0, 0, w, h));
    view::draw_frame(t, app).expect("draw");
}

#[test]
fn resize_storm_and_tiny_terminals() {
    guarded("tui_resize", "resize storm", || {
        let mut app = app();
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let sizes = [
            (0, 0),
            (1, 1),
            (0, 24),
            (80, 0),
            (10, 3),
            (3, 10),
            (2, 2),
            (20, 5),
            (40, 12),
            (1, 200),
            (400, 1),
            (500, 200),
            (80, 24),
        ];
        for overlay in [
            Overlay::None,
            Overlay::Help,
            Overlay::Editor,
            Overlay::ConfirmQuit,
        ] {
            app.overlay = overlay;
            for round in 0..40u16 {
                for &(w, h) in &sizes {
                    draw(&mut t, &mut app, w, h);
                }
                // Pseudo-random sizes in between, as a window being dragged.
                let w = (round * 37) % 260;
                let h = (round * 11) % 90;
                draw(&mut t, &mut app, w, h);
            }
        }
        // Every pane's popups at the smallest sizes.
        app.overlay = Overlay::None;
        for k in ['d', 'y', 'l', '?', 'e'] {
            app.key(key(KeyCode::Char(k)));
            for &(w, h) in &sizes {
                draw(&mut t, &mut app, w, h);
            }
            app.key(key(KeyCode::Esc));
        }
    });
}

/// A megabyte of manifests, the way a learner pastes a file into the prompt.
fn megabyte_manifest() -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < 1 << 20 {
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  key: \"{}\"\n",
            "x".repeat(200)
        ));
        i += 1;
    }
    s
}

#[test]
fn megabyte_paste_into_the_prompt() {
    let text = megabyte_manifest();
    guarded(
        "tui_paste_prompt",
        "1 MiB heredoc pasted at the prompt",
        || {
            let mut app = app();
            app.key(key(KeyCode::Char(':')));
            paste(&mut app, "kubectl apply -f - <<EOF\n");
            paste(&mut app, &text);
            paste(&mut app, "EOF\n");
            let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            view::draw_frame(&mut t, &mut app).expect("draw");
        },
    );
    guarded("tui_paste_line", "1 MiB on one prompt line", || {
        let mut app = app();
        app.key(key(KeyCode::Char(':')));
        paste(&mut app, &"kubectl get pods ".repeat((1 << 20) / 17));
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        view::draw_frame(&mut t, &mut app).expect("draw");
        app.key(key(KeyCode::Enter));
        view::draw_frame(&mut t, &mut app).expect("draw");
    });
}

/// A megabyte pasted into the YAML editor. Terminals deliver a paste as one bracketed-paste
/// event, which the editor takes verbatim; typed key by key, auto-indent used to add each line's
/// indentation to the next (a 1 MiB manifest grew to over 850 MiB of spaces).
#[test]
fn megabyte_paste_into_the_editor() {
    let text = megabyte_manifest();
    guarded("tui_paste_editor", "1 MiB pasted into the editor", || {
        let mut app = app();
        app.overlay = Overlay::Editor;
        app.paste(&text);
        assert_eq!(
            app.editor.text(),
            format!("{text}\n"),
            "the paste is kept verbatim"
        );
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        view::draw_frame(&mut t, &mut app).expect("draw");
        // One very long line, key by key.
        paste(&mut app, &"y".repeat(1 << 20));
        view::draw_frame(&mut t, &mut app).expect("draw");
        app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        view::draw_frame(&mut t, &mut app).expect("draw");
    });
    // Key by key, the same manifests keep their size: a line's own indentation replaces the
    // automatic one instead of adding to it.
    guarded(
        "tui_paste_editor_keys",
        "manifests typed into the editor",
        || {
            let mut app = app();
            app.overlay = Overlay::Editor;
            let small: String = text
                .lines()
                .take(7 * 200)
                .map(|l| format!("{l}\n"))
                .collect();
            paste(&mut app, &small);
            let typed = app.editor.text();
            assert!(
                typed.len() <= small.len() * 2,
                "{} bytes for {}",
                typed.len(),
                small.len()
            );
        },
    );
}

/// A bracketed paste of a heredoc at the prompt runs it, once, when its delimiter arrives.
#[test]
fn bracketed_paste_at_the_prompt_runs_the_heredoc() {
    let mut app = app();
    app.paste("kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pasted\nEOF\n");
    assert!(app.pending.is_empty());
    let out: Vec<&str> = app.output.iter().map(|l| l.text.as_str()).collect();
    assert!(out.contains(&"configmap/pasted created"), "{out:?}");
}

fn any_key() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        8 => any::<char>().prop_map(KeyCode::Char),
        4 => prop::sample::select(&[':', 'q', 'e', 'd', 'y', 'l', '?', '/', 'j', 'k', '+', '-', ' ', 'y', 'n'][..]).prop_map(KeyCode::Char),
        4 => prop::sample::select(&[
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Left, KeyCode::Right, KeyCode::Up, KeyCode::Down,
            KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown, KeyCode::F(1),
            KeyCode::Insert, KeyCode::Null,
        ][..]),
    ];
    let mods = prop::sample::select(
        &[
            KeyModifiers::NONE,
            KeyModifiers::NONE,
            KeyModifiers::NONE,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
        ][..],
    );
    (code, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

proptest! {
    #![proptest_config(fuzz_support::config(24))]
    #[test]
    fn key_floods_never_panic(keys in prop::collection::vec(any_key(), 1..600), w in 0u16..160, h in 0u16..50) {
        guarded("tui_keys", &format!("{w}x{h} {keys:?}"), || {
            let mut app = app();
            let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            for (i, k) in keys.iter().enumerate() {
                // Ctrl-C and q would end the session early; the flood goes on after them.
                app.key(*k);
                app.quit = false;
                if i % 50 == 0 {
                    app.tick(Duration::from_millis(500));
                    view::draw_frame(&mut t, &mut app).expect("draw");
                }
            }
            view::draw_frame(&mut t, &mut app).expect("draw");
        });
    }
}
