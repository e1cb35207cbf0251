//! Following lessons on the screen without a terminal: every shipped lesson can be finished
//! with only the paste-suggestion key, Enter, the answer keys, time passing and the next-step
//! key; wrong turns get a message and a way back; an author's lesson reloads in place; a
//! damaged progress file is set aside; and the lesson pane at 80x24 and 200x60.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kubetutor::lesson::Library;
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::tui::app::{App, Focus, Options, Overlay};
use kubetutor::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn app() -> App {
    App::new(Cluster::new(&ClusterConfig::default()), Options::headless())
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

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    view::draw_frame(&mut t, app).unwrap();
    let b = t.backend().buffer().clone();
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

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kubetutor-tui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Opens lesson `id` from the list the screen shows at start.
fn open(app: &mut App, id: &str) {
    assert!(matches!(app.overlay, Overlay::Lessons { .. }));
    let i = app
        .lessons
        .library
        .lessons
        .iter()
        .position(|l| l.lesson.id == id)
        .unwrap();
    for _ in 0..i {
        app.key(code(KeyCode::Down));
    }
    app.key(code(KeyCode::Enter));
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(
        app.lessons.active.as_ref().unwrap().run.lesson().id,
        id,
        "{:?}",
        app.message
    );
}

fn step(app: &App) -> usize {
    app.lessons.active.as_ref().unwrap().run.step_index()
}

fn done(app: &App) -> bool {
    app.lessons.active.as_ref().unwrap().run.is_step_complete()
}

/// Plays the current step as a learner who only takes suggestions: paste (n, then Ctrl-N at
/// the prompt), Enter, answer the question, let time pass; then N.
fn play_step(app: &mut App) {
    let i = step(app);
    app.key(code(KeyCode::Esc));
    app.key(key('n'));
    while app.focus == Focus::Prompt && !app.input.is_empty() {
        app.key(code(KeyCode::Enter));
        app.key(ctrl('n'));
    }
    let lesson = app.lessons.active.as_ref().unwrap().run.lesson().clone();
    if let Some(q) = &lesson.steps[i].question {
        app.key(code(KeyCode::Esc));
        let right = q.answers.iter().position(|a| a.correct).unwrap();
        app.key(key(char::from(b'1' + right as u8)));
    }
    // Let the clock run (as the learner waits), at most ten virtual minutes.
    for _ in 0..60 {
        if done(app) {
            break;
        }
        app.tick(Duration::from_secs(10));
    }
    assert!(
        done(app),
        "{} step {} not done:\n{}",
        lesson.id,
        i + 1,
        screen(app, 200, 60)
    );
    app.key(code(KeyCode::Esc));
    app.key(key('N'));
}

fn finish(id: &str) {
    let mut a = app();
    a.start_lessons(Library::shipped(), None, None);
    open(&mut a, id);
    let n = a.lessons.active.as_ref().unwrap().run.lesson().steps.len();
    for i in 0..n {
        assert_eq!(step(&a), i);
        play_step(&mut a);
    }
    let run = &a.lessons.active.as_ref().unwrap().run;
    assert!(run.is_finished());
    assert_eq!(run.summary().completed, n);
    let s = screen(&mut a, 200, 60);
    assert!(s.contains("finished"), "{s}");
    assert!(s.contains(&format!("{n} of {n} steps done")), "{s}");
}

#[test]
fn tour_can_be_finished_with_suggestions_only() {
    finish("tour");
}

#[test]
fn statefulset_can_be_finished_with_suggestions_only() {
    finish("statefulset");
}

#[test]
fn daemonset_can_be_finished_with_suggestions_only() {
    finish("daemonset");
}

#[test]
fn job_cronjob_can_be_finished_with_suggestions_only() {
    finish("job-cronjob");
}

#[test]
fn wrong_turns_get_a_message_and_a_way_back() {
    let mut a = app();
    a.start_lessons(Library::shipped(), None, None);
    open(&mut a, "statefulset");
    // Skipping ahead.
    a.key(key('N'));
    assert_eq!(step(&a), 0);
    assert!(a.message.as_deref().unwrap().contains("not done yet"));
    // A typo.
    a.key(key(':'));
    for c in "kubectl aply -f assets/statefulset/stateful-app.yaml".chars() {
        a.key(key(c));
    }
    a.key(code(KeyCode::Enter));
    assert!(
        a.message
            .as_deref()
            .unwrap()
            .contains("that command failed"),
        "{:?}",
        a.message
    );
    // A lesson key pressed while the prompt still has the focus: `n` runs as a command.
    a.key(key('n'));
    a.key(code(KeyCode::Enter));
    assert!(
        a.message
            .as_deref()
            .unwrap()
            .contains("work outside the prompt"),
        "{:?}",
        a.message
    );
    // Back on track, to step 3 (delete a pod).
    play_step(&mut a);
    play_step(&mut a);
    assert_eq!(step(&a), 2);
    // Deleting the wrong thing: the whole StatefulSet instead of one pod.
    a.run_line("kubectl delete statefulset stateful-app");
    a.tick(Duration::from_secs(30));
    let s = screen(&mut a, 200, 60);
    assert!(
        s.contains("wanted pod stateful-app-1") && s.contains("does not exist"),
        "{s}"
    );
    // Reset the step: the cluster is as the step began.
    a.key(code(KeyCode::Esc));
    a.key(key('R'));
    assert_eq!(a.overlay, Overlay::ConfirmReset);
    a.key(key('s'));
    assert_eq!(step(&a), 2);
    let pods = a
        .cluster
        .store
        .list(kubetutor::sim::object::Kind::Pod, None)
        .count();
    assert_eq!(pods, 3);
    play_step(&mut a);
    assert_eq!(step(&a), 3);
    // Reset the lesson: step 1 on a fresh cluster.
    a.key(key('R'));
    a.key(key('l'));
    assert_eq!(step(&a), 0);
    assert_eq!(
        a.cluster
            .store
            .list(kubetutor::sim::object::Kind::Pod, None)
            .count(),
        0
    );
    // Any other key cancels.
    a.key(key('R'));
    a.key(key('x'));
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.message.as_deref(), Some("nothing was reset"));
}

#[test]
fn progress_is_saved_and_resumed_on_a_replayed_cluster() {
    let d = tempdir("resume");
    let path = d.join("kubetutor/progress.json");
    let mut a = app();
    a.start_lessons(Library::shipped(), None, Some(path.clone()));
    open(&mut a, "statefulset");
    play_step(&mut a);
    a.key(key('h'));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"current\": \"statefulset\""), "{text}");
    assert!(text.contains("\"step\": 1"), "{text}");
    // A new session resumes at step 2, with the StatefulSet of step 1 in its cluster.
    let mut b = app();
    b.start_lessons(Library::shipped(), None, Some(path.clone()));
    assert_eq!(b.overlay, Overlay::None);
    assert_eq!(step(&b), 1);
    assert!(b.message.as_deref().unwrap().contains("resumed at step 2"));
    let v = b
        .lessons
        .active
        .as_ref()
        .unwrap()
        .run
        .current_view(&b.lessons.library.assets);
    assert_eq!(v.hints.len(), 1, "the hint revealed before is still shown");
    assert!(
        b.cluster
            .store
            .get(
                kubetutor::sim::object::Kind::StatefulSet,
                "default",
                "stateful-app"
            )
            .is_some()
    );
    // The list shows where each lesson stands.
    b.key(key('L'));
    let s = screen(&mut b, 120, 40);
    assert!(s.contains("step 2 of 8"), "{s}");
    assert!(s.contains("not started"), "{s}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn damaged_progress_is_set_aside_with_a_message() {
    let d = tempdir("corrupt");
    let path = d.join("progress.json");
    std::fs::write(&path, "{\"current\": \"statefulset\", oops").unwrap();
    let mut a = app();
    a.start_lessons(Library::shipped(), None, Some(path.clone()));
    assert!(
        a.message.as_deref().unwrap().contains("was damaged"),
        "{:?}",
        a.message
    );
    assert!(d.join("progress.json.corrupt-1").exists());
    assert!(matches!(a.overlay, Overlay::Lessons { .. }));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Lessons"), "{s}");
    let _ = std::fs::remove_dir_all(&d);
}

fn set_mtime(p: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn an_edited_lesson_reloads_in_place_and_a_broken_one_shows_its_error() {
    let d = tempdir("reload");
    let dir = d.join("lessons");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("00-tour.yaml");
    let text = kubetutor::lesson::SHIPPED_LESSONS[0].1;
    std::fs::write(&file, text).unwrap();
    std::fs::create_dir_all(d.join("assets/tour")).unwrap();
    std::fs::write(
        d.join("assets/tour/web-deployment.yaml"),
        kubetutor::lesson::SHIPPED_ASSETS
            .iter()
            .find(|(p, _)| p.ends_with("web-deployment.yaml"))
            .unwrap()
            .1,
    )
    .unwrap();
    set_mtime(&file, 1_000_000);
    let mut a = app();
    a.start_lessons(Library::load_dir(&dir), Some(dir.clone()), None);
    open(&mut a, "tour");
    play_step(&mut a);
    assert_eq!(step(&a), 1);
    a.key(key('h'));
    // The author renames step 2: the learner stays on it, with the hint still shown.
    std::fs::write(&file, text.replace("Time is yours", "Time is on your side")).unwrap();
    set_mtime(&file, 1_000_100);
    a.tick(Duration::from_millis(1100));
    assert_eq!(step(&a), 1);
    assert!(a.message.as_deref().unwrap().contains("reloaded"));
    let s = screen(&mut a, 200, 60);
    assert!(s.contains("Time is on your side"), "{s}");
    assert!(s.contains("Hint 1:"), "{s}");
    // A broken edit: the pane says what is wrong, the last good version stays.
    std::fs::write(
        &file,
        text.replace("title: The node grid", "titel: The node grid"),
    )
    .unwrap();
    set_mtime(&file, 1_000_200);
    a.tick(Duration::from_millis(1100));
    assert_eq!(step(&a), 1);
    let s = screen(&mut a, 200, 60);
    assert!(s.contains("lesson file has an error"), "{s}");
    assert!(s.contains("titel"), "{s}");
    // Fixed again: the error goes away.
    std::fs::write(&file, text).unwrap();
    set_mtime(&file, 1_000_300);
    a.tick(Duration::from_millis(1100));
    let s = screen(&mut a, 200, 60);
    assert!(!s.contains("lesson file has an error"), "{s}");
    assert!(s.contains("Time is yours"), "{s}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn lesson_pane_80x24_and_200x60() {
    let mut a = app();
    a.start_lessons(Library::shipped(), None, None);
    insta::assert_snapshot!("lesson_picker_80x24", screen(&mut a, 80, 24));
    open(&mut a, "statefulset");
    a.key(key('n'));
    a.key(code(KeyCode::Enter));
    a.key(code(KeyCode::Esc));
    a.key(key('h'));
    insta::assert_snapshot!("lesson_strip_80x24", screen(&mut a, 80, 24));
    a.key(key('z'));
    a.key(key('J'));
    insta::assert_snapshot!("lesson_zoom_80x24", screen(&mut a, 80, 24));
    a.key(key('z'));
    a.lessons.scroll = 0;
    insta::assert_snapshot!("lesson_pane_200x60", screen(&mut a, 200, 60));
    // The question and the explanation of a done step.
    play_step(&mut a);
    a.key(key('2'));
    insta::assert_snapshot!("lesson_question_200x60", screen(&mut a, 200, 60));
}
