//! The screen's state and everything keys do to it, without a terminal: tests drive an [`App`]
//! with key events and read its state back.

use super::complete;
use super::history;
use super::lesson::{Lessons, ScreenFs};
use super::model::{self, CardKind, ClusterView};
use super::theme::{Theme, ThemeName};
use crate::kubectl::manifest::RealFs;
use crate::kubectl::{self, Env, Output, Stream};
use crate::lesson::Library;
use crate::runner::{self, ScriptCommand};
use crate::sim::cluster::Cluster;
use crate::sim::object::Kind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::SignedDuration;
use k8s_openapi::api::core::v1::Node;
use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::time::Duration;

/// Simulation speeds `+` and `-` step through.
pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0];

/// How long a changed chip stays highlighted, in milliseconds of real time.
pub const HIGHLIGHT_MS: u64 = 1500;

/// The most output lines kept.
const MAX_OUTPUT: usize = 5000;

/// Where keys go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The node grid: single keys are shortcuts.
    Grid,
    /// The command prompt.
    Prompt,
    /// The events filter.
    Filter,
}

/// What a detail view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailKind {
    /// `kubectl describe`.
    Describe,
    /// `kubectl get -o yaml`.
    Yaml,
    /// `kubectl logs`.
    Logs,
}

/// The object a detail view is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A node.
    Node(String),
    /// A pod.
    Pod {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
}

/// The multi-line manifest editor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Editor {
    /// Lines of text.
    pub lines: Vec<String>,
    /// Cursor row.
    pub row: usize,
    /// Cursor column, in characters.
    pub col: usize,
    /// Whether the text changed since it was last applied.
    pub dirty: bool,
    /// Spaces Enter put at the start of the cursor's line and nothing typed since: a space
    /// typed there replaces them (the line's own indentation wins), so pasted lines that carry
    /// their own indentation do not pile it up.
    auto_indent: usize,
}

impl Editor {
    fn new() -> Editor {
        Editor {
            lines: vec![String::new()],
            ..Default::default()
        }
    }

    /// The text, newline-terminated.
    pub fn text(&self) -> String {
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }

    fn byte(&self) -> usize {
        let l = &self.lines[self.row];
        // At the end of an ASCII line (a paste arrives one key at a time): no scan, so a
        // megabyte line stays linear to type.
        if self.col >= l.len() {
            return l.len();
        }
        l.char_indices().nth(self.col).map_or(l.len(), |(i, _)| i)
    }

    /// Inserts pasted text at the cursor as it is: no automatic indentation (which would add
    /// up line after line and both corrupt the YAML and grow without bound), `\r\n` and `\r` as
    /// line breaks, a tab as the two spaces Tab types, other control characters dropped.
    fn paste(&mut self, text: &str) {
        let b = self.byte();
        let rest = self.lines[self.row].split_off(b);
        let mut added: Vec<String> = Vec::new();
        let mut cur = std::mem::take(&mut self.lines[self.row]);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    added.push(std::mem::take(&mut cur));
                }
                '\t' => cur.push_str("  "),
                c if c.is_control() => {}
                c => cur.push(c),
            }
        }
        self.col = cur.chars().count();
        cur.push_str(&rest);
        let first_row = self.row;
        self.row += added.len();
        added.push(cur);
        self.lines.splice(first_row..=first_row, added);
        self.dirty = true;
    }

    fn key(&mut self, k: KeyEvent) {
        let len = |s: &String| s.chars().count();
        let auto = std::mem::take(&mut self.auto_indent);
        if k.code == KeyCode::Char(' ') && auto > 0 && self.col == auto {
            self.lines[self.row].drain(..auto);
            self.col = 0;
        }
        match k.code {
            KeyCode::Char(c) => {
                let b = self.byte();
                self.lines[self.row].insert(b, c);
                self.col += 1;
                self.dirty = true;
            }
            KeyCode::Tab => {
                let b = self.byte();
                self.lines[self.row].insert_str(b, "  ");
                self.col += 2;
                self.dirty = true;
            }
            KeyCode::Enter => {
                let b = self.byte();
                let rest = self.lines[self.row].split_off(b);
                let indent: String = self.lines[self.row]
                    .chars()
                    .take_while(|c| *c == ' ')
                    .collect();
                self.col = indent.len();
                self.auto_indent = indent.len();
                self.lines.insert(self.row + 1, indent + &rest);
                self.row += 1;
                self.dirty = true;
            }
            KeyCode::Backspace => {
                if self.col > 0 {
                    self.col -= 1;
                    let b = self.byte();
                    self.lines[self.row].remove(b);
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = len(&self.lines[self.row]);
                    self.lines[self.row].push_str(&line);
                }
                self.dirty = true;
            }
            KeyCode::Delete => {
                let b = self.byte();
                if b < self.lines[self.row].len() {
                    self.lines[self.row].remove(b);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
                self.dirty = true;
            }
            KeyCode::Left if self.col > 0 => self.col -= 1,
            KeyCode::Right if self.col < len(&self.lines[self.row]) => self.col += 1,
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(len(&self.lines[self.row]));
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(len(&self.lines[self.row]));
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = len(&self.lines[self.row]),
            _ => {}
        }
    }
}

/// A popup over the main screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// Describe, YAML or logs of an object.
    Detail {
        /// Which view.
        kind: DetailKind,
        /// Of what.
        target: Target,
        /// Lines scrolled down.
        scroll: usize,
        /// The text (refreshed as the cluster changes).
        text: String,
    },
    /// The key reference.
    Help,
    /// The manifest editor.
    Editor,
    /// "Quit and lose the editor's text?"
    ConfirmQuit,
    /// The lesson list.
    Lessons {
        /// The highlighted lesson.
        sel: usize,
    },
    /// "Reset this step or the whole lesson?"
    ConfirmReset,
}

/// How the screen was started.
#[derive(Clone, Debug)]
pub struct Options {
    /// Colours.
    pub theme: Theme,
    /// Presenter mode.
    pub present: bool,
    /// Where history is kept (None: not kept).
    pub history_path: Option<PathBuf>,
    /// Directory `-f` paths are relative to.
    pub base_dir: PathBuf,
}

impl Options {
    /// A screen nobody started from a shell: default colours, no presenter mode, no history
    /// file, `-f` paths relative to the temporary directory (tests and benchmarks).
    pub fn headless() -> Options {
        Options {
            theme: Theme::new(ThemeName::Default, false),
            present: false,
            history_path: None,
            base_dir: std::env::temp_dir(),
        }
    }
}

/// One line of the output pane.
#[derive(Clone, Debug, PartialEq)]
pub struct OutLine {
    /// The text.
    pub text: String,
    /// Which stream it came from (None: the echoed command).
    pub stream: Option<Stream>,
}

/// The whole interactive state.
pub struct App {
    /// The simulated cluster.
    pub cluster: Cluster,
    fs: ScreenFs,
    /// Colours.
    pub theme: Theme,
    /// Presenter mode.
    pub present: bool,
    /// The grid, as of the last change.
    pub view: ClusterView,
    /// Selected card.
    pub sel_card: usize,
    /// Selected pod in that card (None: the node itself).
    pub sel_pod: Option<usize>,
    /// First visible row of cards (kept by the renderer).
    pub grid_scroll: usize,
    /// Cards per row in the last frame (kept by the renderer, used by up/down).
    pub grid_cols: usize,
    /// Where keys go.
    pub focus: Focus,
    /// The prompt line.
    pub input: String,
    /// Cursor position in `input`, in characters.
    pub cursor: usize,
    /// Lines of an unfinished heredoc.
    pub pending: Vec<String>,
    /// Previous commands, oldest first.
    pub history: Vec<String>,
    hist_pos: Option<usize>,
    history_path: Option<PathBuf>,
    /// The output pane.
    pub output: Vec<OutLine>,
    /// Output lines scrolled up from the bottom.
    pub output_scroll: usize,
    /// How far the output pane, as last drawn, can scroll up and still be full: the oldest line
    /// at its top, as a terminal stops (the view sets it; PgUp stops there).
    pub output_scroll_max: std::cell::Cell<usize>,
    /// The events pane filter (substring, case-insensitive).
    pub events_filter: String,
    /// Whether virtual time stands still.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed_idx: usize,
    /// The popup.
    pub overlay: Overlay,
    /// The editor's text (kept when the popup closes).
    pub editor: Editor,
    /// Recent keys and commands, for presenter mode.
    pub recent: VecDeque<String>,
    /// Real milliseconds since start (drives highlights only, never the simulation's output).
    pub ui_ms: u64,
    /// Pods whose status changed, by uid: when.
    pub changed: BTreeMap<String, u64>,
    last_status: BTreeMap<String, String>,
    /// Lessons: the list, the one being followed, saved progress.
    pub lessons: Lessons,
    next_poll_ms: u64,
    /// Set when the program should end.
    pub quit: bool,
    /// Commands run since the recorder last looked (asciicast markers).
    pub markers: Vec<String>,
    /// A one-line message in the status area (completion candidates, hints).
    pub message: Option<String>,
    /// Whether the screen needs drawing.
    pub dirty: bool,
    carry_ms: f64,
    /// A running `kubectl get -w`: its rows stream into the output until Esc/Ctrl-C or its
    /// request timeout.
    watch: Option<kubectl::watch::Watch>,
    /// The job of a `kubectl port-forward` typed without `&`: Ctrl-C at the prompt ends it, as
    /// in a terminal.
    fg_forward: Option<u32>,
}

impl App {
    /// A new screen on `cluster`.
    pub fn new(cluster: Cluster, opts: Options) -> App {
        let history = opts
            .history_path
            .as_deref()
            .map(history::load)
            .unwrap_or_default();
        let lessons = Lessons::new(Library::shipped());
        let mut app = App {
            view: ClusterView::default(),
            cluster,
            fs: ScreenFs {
                real: RealFs {
                    base: opts.base_dir,
                },
                assets: lessons.library.assets.clone(),
            },
            theme: opts.theme,
            present: opts.present,
            sel_card: 0,
            sel_pod: None,
            grid_scroll: 0,
            grid_cols: 1,
            focus: Focus::Grid,
            input: String::new(),
            cursor: 0,
            pending: Vec::new(),
            history,
            hist_pos: None,
            history_path: opts.history_path,
            output: Vec::new(),
            output_scroll: 0,
            output_scroll_max: std::cell::Cell::new(usize::MAX),
            events_filter: String::new(),
            paused: false,
            speed_idx: 2,
            overlay: Overlay::None,
            editor: Editor::new(),
            recent: VecDeque::new(),
            ui_ms: 0,
            changed: BTreeMap::new(),
            last_status: BTreeMap::new(),
            lessons,
            next_poll_ms: 0,
            quit: false,
            markers: Vec::new(),
            message: None,
            dirty: true,
            carry_ms: 0.0,
            watch: None,
            fg_forward: None,
        };
        app.refresh();
        app.changed.clear();
        app
    }

    /// Turns lessons on: `library` to pick from (with `dir` when it is an author's directory to
    /// watch), progress saved at `progress_path`. Resumes the lesson in progress, if any;
    /// otherwise opens the lesson list.
    pub fn start_lessons(
        &mut self,
        library: Library,
        dir: Option<PathBuf>,
        progress_path: Option<PathBuf>,
    ) {
        self.fs.assets = library.assets.clone();
        self.lessons = Lessons::new(library);
        self.lessons.dir = dir;
        if let Some(p) = &progress_path {
            let (progress, msg) = crate::lesson::progress::Progress::load(p);
            self.lessons.progress = progress;
            if let Some(m) = msg {
                self.push_out(&format!("{m}\n"), Some(Stream::Err));
                self.message = Some(m);
            }
        }
        self.lessons.progress_path = progress_path;
        let current = self.lessons.progress.current.clone();
        let resumable = current.filter(|id| {
            self.lessons.library.get(id).is_some()
                && matches!(
                    self.lessons.standing(id),
                    super::lesson::Standing::AtStep(..)
                )
        });
        match resumable {
            Some(id) => self.open_lesson(&id),
            None => self.open_picker(),
        }
        self.dirty = true;
    }

    /// Opens the lesson list.
    pub fn open_picker(&mut self) {
        self.lessons.rescan();
        let sel = self
            .lessons
            .active
            .as_ref()
            .and_then(|a| {
                self.lessons
                    .library
                    .lessons
                    .iter()
                    .position(|l| l.lesson.id == a.run.lesson().id)
            })
            .unwrap_or(0);
        self.overlay = Overlay::Lessons { sel };
    }

    /// Opens lesson `id` where the learner left it, on the cluster as that step begins.
    pub fn open_lesson(&mut self, id: &str) {
        match self.lessons.open(id) {
            Ok((cluster, note)) => {
                self.replace_cluster(cluster);
                self.output.clear();
                self.push_out(&format!("# {note}\n"), None);
                self.message = Some(note);
                self.lesson_changed();
            }
            Err(e) => {
                self.message = Some(format!("cannot open the lesson: {e}"));
            }
        }
    }

    /// Puts a new cluster on the screen (a lesson's starting cluster, a reset).
    pub fn replace_cluster(&mut self, cluster: Cluster) {
        self.cluster = cluster;
        self.carry_ms = 0.0;
        self.last_status.clear();
        self.sel_card = 0;
        self.sel_pod = None;
        self.grid_scroll = 0;
        if matches!(self.overlay, Overlay::Detail { .. }) {
            self.overlay = Overlay::None;
        }
        self.refresh();
        self.changed.clear();
    }

    /// After anything that changes the lesson: re-evaluate and save progress.
    fn lesson_changed(&mut self) {
        self.lessons.evaluate(&self.cluster);
        if let Some(e) = self.lessons.save() {
            self.message = Some(e);
        }
        self.dirty = true;
    }

    /// The result of a lesson action, shown in the status line.
    fn lesson_note(&mut self, r: Result<String, String>) {
        self.message = Some(match r {
            Ok(m) | Err(m) => m,
        });
        self.lesson_changed();
    }

    /// Pastes the next suggested command into the prompt (the learner may edit it, then Enter).
    pub fn paste_suggestion(&mut self) {
        match self.lessons.suggestion(&self.input) {
            Ok(s) => {
                self.input = s;
                self.cursor = self.input.chars().count();
                self.hist_pos = None;
                self.focus = Focus::Prompt;
                self.message = Some("Enter runs it (edit it first if you like)".into());
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Goes to the next lesson step.
    pub fn next_step(&mut self) {
        let r = self.lessons.next_step();
        self.lesson_note(r);
    }

    fn reset(&mut self, whole: bool) {
        let r = if whole {
            self.lessons.reset_lesson()
        } else {
            self.lessons.reset_step()
        };
        match r {
            Ok((cluster, note)) => {
                self.replace_cluster(cluster);
                self.push_out(&format!("# {note}\n"), None);
                self.message = Some(note);
                if whole && let Some(e) = self.lessons.save_all() {
                    self.message = Some(e);
                }
                self.lesson_changed();
            }
            Err(e) => self.message = Some(e),
        }
    }

    fn lesson_scroll(&mut self, d: isize) {
        self.lessons.scroll = (self.lessons.scroll as isize + d).max(0) as usize;
    }

    /// The current speed factor.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.speed_idx]
    }

    /// Lets `real` time pass: the UI clock moves, and unless paused, virtual time moves by
    /// `real × speed`. Returns whether anything visible changed.
    pub fn tick(&mut self, real: Duration) -> bool {
        let ms = real.as_millis() as u64;
        self.ui_ms += ms;
        let had_highlight = !self.changed.is_empty();
        self.changed
            .retain(|_, t| self.ui_ms.saturating_sub(*t) < HIGHLIGHT_MS);
        if had_highlight {
            self.dirty = true;
        }
        if self.ui_ms >= self.next_poll_ms {
            self.next_poll_ms = self.ui_ms + 1000;
            if let Some(m) = self.lessons.poll_reload(&self.cluster) {
                self.message = Some(m);
                self.lesson_changed();
            }
        }
        if !self.paused {
            self.carry_ms += real.as_secs_f64() * 1000.0 * self.speed();
            let whole = self.carry_ms.floor();
            if whole >= 1.0 {
                self.carry_ms -= whole;
                let before = self.cluster.now().as_second();
                self.cluster
                    .advance(SignedDuration::from_millis(whole as i64));
                self.poll_watch();
                if self.cluster.now().as_second() != before {
                    self.refresh();
                }
            }
        }
        self.dirty
    }

    /// Real time until the screen next needs drawing with nothing pressed: the next virtual
    /// second (clock display), or the end of a highlight.
    pub fn next_wake(&self) -> Duration {
        let mut d = Duration::from_secs(1);
        if !self.paused {
            let into = (self.cluster.now().subsec_nanosecond() as f64 / 1e9).clamp(0.0, 1.0);
            let secs = ((1.0 - into) / self.speed()).max(0.0);
            d = d.min(Duration::from_secs_f64(secs));
        }
        if let Some(t) = self.changed.values().min() {
            let left = (t + HIGHLIGHT_MS).saturating_sub(self.ui_ms);
            d = d.min(Duration::from_millis(left.max(1)));
        }
        d
    }

    /// Rebuilds everything derived from the cluster.
    pub fn refresh(&mut self) {
        self.view = model::build(&self.cluster);
        let mut now_status = BTreeMap::new();
        for card in &self.view.cards {
            for p in &card.pods {
                let key = format!("{}|{}", p.status, card.name);
                if self.last_status.get(&p.uid) != Some(&key) {
                    self.changed.insert(p.uid.clone(), self.ui_ms);
                }
                now_status.insert(p.uid.clone(), key);
            }
        }
        self.last_status = now_status;
        self.lessons.evaluate(&self.cluster);
        if let Some(e) = self.lessons.save() {
            self.message = Some(e);
        }
        if self.sel_card >= self.view.cards.len() {
            self.sel_card = self.view.cards.len().saturating_sub(1);
        }
        if let (Some(i), Some(card)) = (self.sel_pod, self.view.cards.get(self.sel_card))
            && i >= card.pods.len()
        {
            self.sel_pod = card.pods.len().checked_sub(1);
        }
        if let Overlay::Detail { kind, target, .. } = &self.overlay {
            let (kind, target) = (*kind, target.clone());
            let text = self.detail_text(kind, &target);
            if let Overlay::Detail { text: t, .. } = &mut self.overlay {
                *t = text;
            }
        }
        self.dirty = true;
    }

    /// The selected object.
    pub fn selected(&self) -> Option<Target> {
        let card = self.view.cards.get(self.sel_card)?;
        match self.sel_pod {
            Some(i) => card.pods.get(i).map(|p| Target::Pod {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
            }),
            None if card.kind == CardKind::Node => Some(Target::Node(card.name.clone())),
            None => None,
        }
    }

    fn note(&mut self, s: impl Into<String>) {
        let s = s.into();
        self.recent.push_back(s);
        while self.recent.len() > 6 {
            self.recent.pop_front();
        }
    }

    /// Handles a bracketed paste (the terminal delivers pasted text as one event): the editor
    /// takes it verbatim; at the prompt (or the grid, whose single-key shortcuts must not fire on
    /// pasted text) each line is typed and each line break is an Enter, so a pasted heredoc runs.
    pub fn paste(&mut self, text: &str) {
        self.dirty = true;
        match self.overlay {
            Overlay::Editor => self.editor.paste(text),
            Overlay::None => {
                if self.focus == Focus::Filter {
                    let line = text.lines().next().unwrap_or("");
                    self.events_filter
                        .extend(line.chars().filter(|c| !c.is_control()));
                    return;
                }
                self.focus = Focus::Prompt;
                let mut lines = text.split('\n').peekable();
                while let Some(line) = lines.next() {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    let typed: String = line
                        .chars()
                        .map(|c| if c == '\t' { ' ' } else { c })
                        .filter(|c| !c.is_control())
                        .collect();
                    let b = self
                        .input
                        .char_indices()
                        .nth(self.cursor)
                        .map_or(self.input.len(), |(i, _)| i);
                    self.input.insert_str(b, &typed);
                    self.cursor += typed.chars().count();
                    if lines.peek().is_some() {
                        self.prompt_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
                        if self.quit || self.overlay != Overlay::None {
                            return;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Handles one key.
    pub fn key(&mut self, k: KeyEvent) {
        self.dirty = true;
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        if self.present && self.focus == Focus::Grid && self.overlay == Overlay::None {
            self.note(key_name(k));
        }
        let stop_key = k.code == KeyCode::Esc || (ctrl && k.code == KeyCode::Char('c'));
        if stop_key && self.overlay == Overlay::None && self.watch.is_some() {
            self.stop_watch();
            return;
        }
        if ctrl
            && k.code == KeyCode::Char('c')
            && self.overlay == Overlay::None
            && self.input.is_empty()
            && let Some(job) = self.fg_forward.take()
            && self.cluster.runtime.port_forward_jobs.contains_key(&job)
        {
            kubectl::portforward::interrupt(&mut self.cluster, job);
            self.push_out("^C\n", Some(Stream::Out));
            return;
        }
        if ctrl && k.code == KeyCode::Char('c') {
            if self.overlay == Overlay::ConfirmQuit {
                self.quit = true;
            } else if self.focus == Focus::Prompt
                && (!self.input.is_empty() || !self.pending.is_empty())
            {
                self.input.clear();
                self.cursor = 0;
                self.pending.clear();
            } else {
                self.request_quit();
            }
            return;
        }
        match self.overlay.clone() {
            Overlay::ConfirmQuit => {
                if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    self.quit = true;
                } else {
                    self.overlay = Overlay::None;
                }
            }
            Overlay::Help => {
                if matches!(k.code, KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter) {
                    self.overlay = Overlay::None;
                } else if k.code == KeyCode::Char('q') {
                    self.request_quit();
                }
            }
            Overlay::Editor => match k.code {
                KeyCode::Esc => self.overlay = Overlay::None,
                KeyCode::Char('s') if ctrl => self.apply_editor(),
                _ if ctrl => {}
                _ => self.editor.key(k),
            },
            Overlay::Detail { kind, target, .. } => self.detail_key(k, kind, target),
            Overlay::Lessons { sel } => self.picker_key(k, sel),
            Overlay::ConfirmReset => {
                self.overlay = Overlay::None;
                match k.code {
                    KeyCode::Char('s') => self.reset(false),
                    KeyCode::Char('l') => self.reset(true),
                    _ => self.message = Some("nothing was reset".into()),
                }
            }
            Overlay::None => match self.focus {
                Focus::Grid => self.grid_key(k),
                Focus::Prompt => self.prompt_key(k),
                Focus::Filter => match k.code {
                    KeyCode::Esc => {
                        self.events_filter.clear();
                        self.focus = Focus::Grid;
                    }
                    KeyCode::Enter => self.focus = Focus::Grid,
                    KeyCode::Backspace => {
                        self.events_filter.pop();
                    }
                    KeyCode::Char(c) => self.events_filter.push(c),
                    _ => {}
                },
            },
        }
    }

    fn picker_key(&mut self, k: KeyEvent, sel: usize) {
        let n = self.lessons.library.lessons.len();
        match k.code {
            KeyCode::Up => {
                self.overlay = Overlay::Lessons {
                    sel: sel.saturating_sub(1),
                }
            }
            KeyCode::Down => {
                self.overlay = Overlay::Lessons {
                    sel: (sel + 1).min(n.saturating_sub(1)),
                }
            }
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < n {
                    self.overlay = Overlay::Lessons { sel: i };
                }
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                let Some(id) = self
                    .lessons
                    .library
                    .lessons
                    .get(sel)
                    .map(|l| l.lesson.id.clone())
                else {
                    return;
                };
                let same = self
                    .lessons
                    .active
                    .as_ref()
                    .is_some_and(|a| a.run.lesson().id == id);
                if !same {
                    self.open_lesson(&id);
                }
            }
            KeyCode::Char('f') => {
                self.overlay = Overlay::None;
                self.lessons.close();
                if let Some(e) = self.lessons.save_all() {
                    self.message = Some(e);
                }
            }
            KeyCode::Esc | KeyCode::Char('L') => self.overlay = Overlay::None,
            KeyCode::Char('q') => self.request_quit(),
            _ => {}
        }
    }

    fn request_quit(&mut self) {
        if self.editor.dirty && !self.editor.text().trim().is_empty() {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    fn detail_key(&mut self, k: KeyEvent, kind: DetailKind, target: Target) {
        let scroll_by = |app: &mut App, d: isize| {
            if let Overlay::Detail { scroll, text, .. } = &mut app.overlay {
                let max = text.lines().count().saturating_sub(1);
                *scroll = (*scroll as isize + d).clamp(0, max as isize) as usize;
            }
        };
        match k.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Char('q') => self.request_quit(),
            KeyCode::Up => scroll_by(self, -1),
            KeyCode::Down => scroll_by(self, 1),
            KeyCode::PageUp => scroll_by(self, -20),
            KeyCode::PageDown | KeyCode::Char(' ') => scroll_by(self, 20),
            KeyCode::Home => scroll_by(self, -1_000_000),
            KeyCode::End => scroll_by(self, 1_000_000),
            KeyCode::Char('d') if kind != DetailKind::Describe => {
                self.open_detail(DetailKind::Describe, target)
            }
            KeyCode::Char('y') if kind != DetailKind::Yaml => {
                self.open_detail(DetailKind::Yaml, target)
            }
            KeyCode::Char('l') if kind != DetailKind::Logs => {
                self.open_detail(DetailKind::Logs, target)
            }
            _ => {}
        }
    }

    fn open_detail(&mut self, kind: DetailKind, target: Target) {
        let text = self.detail_text(kind, &target);
        self.overlay = Overlay::Detail {
            kind,
            target,
            scroll: 0,
            text,
        };
    }

    fn grid_key(&mut self, k: KeyEvent) {
        self.message = None;
        match k.code {
            KeyCode::Char('q') => self.request_quit(),
            KeyCode::Char(':') | KeyCode::Char('i') => self.focus = Focus::Prompt,
            KeyCode::Char('/') => self.focus = Focus::Filter,
            KeyCode::Char('?') => self.overlay = Overlay::Help,
            KeyCode::Char('e') => self.overlay = Overlay::Editor,
            KeyCode::Char('L') => self.open_picker(),
            KeyCode::Char('n') => self.paste_suggestion(),
            KeyCode::Char('N') => self.next_step(),
            KeyCode::Char('h') => {
                let r = self.lessons.hint();
                self.lesson_note(r);
            }
            KeyCode::Char(c @ '1'..='9') => {
                let r = self.lessons.answer(c as usize - '1' as usize);
                self.lesson_note(r);
            }
            KeyCode::Char('R') => {
                if self.lessons.active.is_some() {
                    self.overlay = Overlay::ConfirmReset;
                } else {
                    self.message = Some("no lesson is open: press L to pick one".into());
                }
            }
            KeyCode::Char('z') => self.lessons.zoom = !self.lessons.zoom,
            KeyCode::Char('j') => self.lesson_scroll(1),
            KeyCode::Char('k') => self.lesson_scroll(-1),
            KeyCode::Char('J') => self.lesson_scroll(10),
            KeyCode::Char('K') => self.lesson_scroll(-10),
            KeyCode::Esc => self.events_filter.clear(),
            KeyCode::Char(' ') => self.paused = !self.paused,
            KeyCode::Char('+') | KeyCode::Char('=') => {
                self.speed_idx = (self.speed_idx + 1).min(SPEEDS.len() - 1)
            }
            KeyCode::Char('-') | KeyCode::Char('_') => {
                self.speed_idx = self.speed_idx.saturating_sub(1)
            }
            KeyCode::Char('.') => {
                if self.paused {
                    self.cluster.advance(SignedDuration::from_secs(1));
                    self.refresh();
                } else {
                    self.message = Some("`.` steps one second while paused (space pauses)".into());
                }
            }
            KeyCode::Left => self.move_card(-1),
            KeyCode::Right => self.move_card(1),
            KeyCode::Up => self.move_vert(-1),
            KeyCode::Down => self.move_vert(1),
            KeyCode::PageUp => self.move_card(-(self.grid_cols as isize) * 3),
            KeyCode::PageDown => self.move_card(self.grid_cols as isize * 3),
            KeyCode::Home => {
                self.sel_card = 0;
                self.sel_pod = None;
            }
            KeyCode::End => {
                self.sel_card = self.view.cards.len().saturating_sub(1);
                self.sel_pod = None;
            }
            KeyCode::Enter | KeyCode::Char('d') => self.open_selected(DetailKind::Describe),
            KeyCode::Char('y') => self.open_selected(DetailKind::Yaml),
            KeyCode::Char('l') => self.open_selected(DetailKind::Logs),
            KeyCode::Char('a') => {
                let mut i = self.view.cards.len();
                while self
                    .cluster
                    .store
                    .get(Kind::Node, "", &format!("worker-{i}"))
                    .is_some()
                {
                    i += 1;
                }
                self.run_line(&format!("node add worker-{i}"));
            }
            KeyCode::Char('f') => self.node_action("node fail"),
            KeyCode::Char('r') => self.node_action("node recover"),
            KeyCode::Char('c') => {
                if let Some(name) = self.selected_node() {
                    let cordoned = self
                        .cluster
                        .store
                        .get_typed::<Node>("", &name)
                        .and_then(|n| n.spec.as_ref()?.unschedulable)
                        == Some(true);
                    let verb = if cordoned { "uncordon" } else { "cordon" };
                    self.run_line(&format!("kubectl {verb} {name}"));
                }
            }
            KeyCode::Char('x') | KeyCode::Delete => match self.selected() {
                Some(Target::Pod { namespace, name }) => {
                    let ns = if namespace == "default" {
                        String::new()
                    } else {
                        format!(" -n {namespace}")
                    };
                    self.run_line(&format!("kubectl delete pod {name}{ns}"));
                }
                _ => self.message = Some("select a pod to delete it".into()),
            },
            _ => {}
        }
    }

    fn selected_node(&mut self) -> Option<String> {
        match self.view.cards.get(self.sel_card) {
            Some(c) if c.kind == CardKind::Node => Some(c.name.clone()),
            _ => {
                self.message = Some("select a node first".into());
                None
            }
        }
    }

    fn node_action(&mut self, verb: &str) {
        if let Some(n) = self.selected_node() {
            self.run_line(&format!("{verb} {n}"));
        }
    }

    fn open_selected(&mut self, kind: DetailKind) {
        match self.selected() {
            Some(t) => self.open_detail(kind, t),
            None => self.message = Some("select a node or pod first".into()),
        }
    }

    fn move_card(&mut self, d: isize) {
        let n = self.view.cards.len() as isize;
        if n == 0 {
            return;
        }
        self.sel_card = (self.sel_card as isize + d).clamp(0, n - 1) as usize;
        self.sel_pod = None;
    }

    fn move_vert(&mut self, d: isize) {
        let Some(card) = self.view.cards.get(self.sel_card) else {
            return;
        };
        let pods = card.pods.len();
        let pos = self.sel_pod.map_or(0, |i| i + 1) as isize + d;
        if (0..=pods as isize).contains(&pos) {
            self.sel_pod = (pos as usize).checked_sub(1);
            return;
        }
        let rows = grid_rows(&self.view, self.grid_cols);
        let Some((r, c)) = rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.iter().position(|&i| i == self.sel_card).map(|c| (r, c)))
        else {
            return;
        };
        let target = if pos < 0 {
            r.checked_sub(1)
        } else {
            Some(r + 1)
        };
        if let Some(row) = target.and_then(|t| rows.get(t)) {
            self.sel_card = row[c.min(row.len() - 1)];
            self.sel_pod = if pos < 0 {
                self.view.cards[self.sel_card].pods.len().checked_sub(1)
            } else {
                None
            };
        }
    }

    fn prompt_key(&mut self, k: KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        // The end of an ASCII line needs no scan: pasted megabytes stay linear to type.
        let byte = |s: &str, c: usize| {
            if c >= s.len() {
                return s.len();
            }
            s.char_indices().nth(c).map_or(s.len(), |(i, _)| i)
        };
        match k.code {
            KeyCode::Esc => self.focus = Focus::Grid,
            KeyCode::Enter
                if self.input.trim().is_empty()
                    && self.pending.is_empty()
                    && self
                        .lessons
                        .active
                        .as_ref()
                        .is_some_and(|a| !a.run.is_finished() && a.run.is_step_complete()) =>
            {
                self.input.clear();
                self.cursor = 0;
                self.next_step();
            }
            KeyCode::Enter => {
                let line = std::mem::take(&mut self.input);
                self.cursor = 0;
                self.hist_pos = None;
                self.submit(&line);
            }
            KeyCode::Char('n') if ctrl => self.paste_suggestion(),
            KeyCode::Char('u') if ctrl => {
                self.input.clear();
                self.cursor = 0;
            }
            KeyCode::Char('e') if ctrl => self.overlay = Overlay::Editor,
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('l') if ctrl => self.output.clear(),
            KeyCode::Char(_) if ctrl => {}
            KeyCode::Char(c) => {
                let b = byte(&self.input, self.cursor);
                self.input.insert(b, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let b = byte(&self.input, self.cursor);
                self.input.remove(b);
            }
            KeyCode::Delete if self.cursor < self.input.chars().count() => {
                let b = byte(&self.input, self.cursor);
                self.input.remove(b);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.input.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.input.chars().count(),
            KeyCode::Up => self.history_step(-1),
            KeyCode::Down => self.history_step(1),
            KeyCode::PageUp => {
                self.output_scroll = (self.output_scroll + 10)
                    .min(self.output.len())
                    .min(self.output_scroll_max.get())
            }
            KeyCode::PageDown => self.output_scroll = self.output_scroll.saturating_sub(10),
            KeyCode::Tab => {
                let c = complete::complete(&self.cluster, &self.input, &self.fs.real.base);
                self.input = c.line;
                self.cursor = self.input.chars().count();
                self.message = if c.candidates.is_empty() {
                    None
                } else {
                    Some(c.candidates.join("  "))
                };
            }
            _ => {}
        }
    }

    fn history_step(&mut self, d: isize) {
        if self.history.is_empty() {
            return;
        }
        let n = self.history.len() as isize;
        let pos = match self.hist_pos {
            None if d < 0 => n - 1,
            None => return,
            Some(p) => p as isize + d,
        };
        if pos >= n {
            self.hist_pos = None;
            self.input.clear();
        } else {
            let p = pos.max(0) as usize;
            self.hist_pos = Some(p);
            self.input = self.history[p].clone();
        }
        self.cursor = self.input.chars().count();
    }

    /// Handles a line entered at the prompt (a heredoc's lines collect until its delimiter).
    pub fn submit(&mut self, line: &str) {
        self.message = None;
        // Inside an open heredoc only its delimiter line can change anything: a pasted manifest
        // is collected line by line instead of being re-parsed whole on every Enter.
        if let Some(first) = self.pending.first()
            && runner::ends_heredoc(first, line) == Some(false)
        {
            self.pending.push(line.to_string());
            return;
        }
        self.pending.push(line.to_string());
        let text = self.pending.join("\n") + "\n";
        match runner::parse_script(&text) {
            Ok(_) => {
                self.pending.clear();
                self.run_line(text.trim_end_matches('\n'));
            }
            Err(e) if e.contains("here-document") && !e.contains("needs a delimiter") => {}
            Err(e) => {
                self.pending.clear();
                self.echo(text.trim_end());
                self.push_out(&format!("error: {e}\n"), Some(Stream::Err));
            }
        }
    }

    fn echo(&mut self, text: &str) {
        for (i, l) in text.lines().enumerate() {
            let p = if i == 0 { "$ " } else { "> " };
            self.output.push(OutLine {
                text: format!("{p}{l}"),
                stream: None,
            });
        }
    }

    fn push_out(&mut self, text: &str, stream: Option<Stream>) {
        for l in text.lines() {
            self.output.push(OutLine {
                text: l.to_string(),
                stream,
            });
        }
        if self.output.len() > MAX_OUTPUT {
            let cut = self.output.len() - MAX_OUTPUT;
            self.output.drain(..cut);
        }
        self.output_scroll = 0;
    }

    /// Runs a command line (or a whole heredoc), echoing it and its output, as a key action or
    /// the prompt does.
    pub fn run_line(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        match text.trim() {
            "clear" => {
                self.output.clear();
                return;
            }
            "exit" | "quit" => {
                self.request_quit();
                return;
            }
            _ => {}
        }
        if self.history.last().map(String::as_str) != Some(text) {
            self.history.push(text.to_string());
            if let Some(p) = &self.history_path
                && let Err(e) = history::save(p, &self.history)
            {
                self.message = Some(format!("history not saved: {e}"));
            }
        }
        self.note(text.lines().next().unwrap_or("").to_string());
        self.markers
            .push(text.lines().next().unwrap_or("").to_string());
        self.echo(text);
        let cmds = match runner::parse_script(&format!("{text}\n")) {
            Ok(c) => c,
            Err(e) => {
                self.push_out(&format!("error: {e}\n"), Some(Stream::Err));
                return;
            }
        };
        for cmd in cmds {
            let out = self.run_one(&cmd);
            for (s, chunk) in &out.chunks {
                self.push_out(chunk, Some(*s));
            }
            self.lessons.note_command(&cmd.line, &self.cluster);
            if out.code != 0 && self.lessons.active.is_some() {
                // A lone `n`/`h`/`N` typed into the prompt is a lesson key pressed while typing.
                let as_key = matches!(cmd.line.trim(), "n" | "N" | "h");
                self.message = Some(if as_key {
                    "keys like n work outside the prompt (Esc first); in the prompt Ctrl-N pastes the suggestion"
                        .into()
                } else {
                    "that command failed (see the output): ↑ brings it back to fix, Ctrl-N pastes the suggestion again"
                        .into()
                });
            }
        }
        self.refresh();
    }

    /// Prints what a running watch saw since the last tick; ends it at its timeout.
    fn poll_watch(&mut self) {
        let Some(w) = self.watch.as_mut() else {
            return;
        };
        let mut out = Output::default();
        let running = w.poll(&mut self.cluster, &mut out);
        for (s, chunk) in &out.chunks {
            self.push_out(chunk, Some(*s));
        }
        if !running {
            self.stop_watch();
        }
    }

    fn stop_watch(&mut self) {
        if let Some(w) = self.watch.take() {
            w.stop(&mut self.cluster);
        }
    }

    fn run_one(&mut self, cmd: &ScriptCommand) -> Output {
        let w: Vec<&str> = cmd.words.iter().map(String::as_str).collect();
        if let ["kubectl" | "k", "get", ..] = w.as_slice()
            && cmd.filters.is_empty()
            && kubectl::watch::is_watch(&cmd.words[2..])
        {
            self.stop_watch();
            let mut out = Output::default();
            let env = kubectl::Env {
                fs: &self.fs,
                stdin: cmd.stdin.as_deref(),
            };
            self.watch =
                kubectl::get::start_watch(&mut self.cluster, &cmd.words[2..], &env, &mut out);
            return out;
        }
        let newest = |c: &Cluster| c.runtime.port_forward_jobs.keys().next_back().copied();
        let before = newest(&self.cluster);
        let out = runner::run_command(&mut self.cluster, cmd, &self.fs);
        if let ["kubectl" | "k", "port-forward", .., last] = w.as_slice()
            && *last != "&"
            && newest(&self.cluster) != before
        {
            self.fg_forward = newest(&self.cluster);
        }
        out
    }

    fn apply_editor(&mut self) {
        let text = self.editor.text();
        if text.trim().is_empty() {
            self.message = Some("the editor is empty".into());
            return;
        }
        let cmd = ScriptCommand::single(
            "kubectl apply -f - <<EOF",
            vec!["kubectl".into(), "apply".into(), "-f".into(), "-".into()],
            Some(text.clone()),
        );
        self.note("apply (editor)".to_string());
        self.markers.push("kubectl apply -f - (editor)".into());
        self.echo(&format!("kubectl apply -f - <<EOF\n{}EOF", text));
        let out = self.run_one(&cmd);
        for (s, chunk) in &out.chunks {
            self.push_out(chunk, Some(*s));
        }
        if out.code == 0 {
            self.editor.dirty = false;
            self.overlay = Overlay::None;
        } else {
            self.message = Some(out.text().lines().next().unwrap_or("").to_string());
        }
        self.refresh();
    }

    fn kubectl(&mut self, argv: &[&str]) -> Output {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        let env = Env {
            fs: &self.fs,
            stdin: None,
        };
        kubectl::run(&mut self.cluster, &argv, &env)
    }

    /// The text of a detail view, from kubectl when it has the verb.
    pub fn detail_text(&mut self, kind: DetailKind, target: &Target) -> String {
        let (ty, ns, name) = match target {
            Target::Node(n) => ("node", "default".to_string(), n.clone()),
            Target::Pod { namespace, name } => ("pod", namespace.clone(), name.clone()),
        };
        let unknown = |o: &Output| o.code != 0 && o.text().contains("unknown command");
        match kind {
            DetailKind::Yaml => self
                .kubectl(&["get", ty, &name, "-n", &ns, "-o", "yaml"])
                .text(),
            DetailKind::Describe => {
                let o = self.kubectl(&["describe", ty, &name, "-n", &ns]);
                if unknown(&o) {
                    let y = self.kubectl(&["get", ty, &name, "-n", &ns, "-o", "yaml"]);
                    format!(
                        "# kubectl describe is not available yet: the object as YAML\n{}",
                        y.text()
                    )
                } else {
                    o.text()
                }
            }
            DetailKind::Logs => {
                if ty == "node" {
                    return "Logs belong to pods: select a pod and press l.\n".into();
                }
                let o = self.kubectl(&["logs", &name, "-n", &ns, "--all-containers"]);
                if !unknown(&o) {
                    return o.text();
                }
                self.runtime_logs(&ns, &name)
            }
        }
    }

    fn runtime_logs(&self, ns: &str, name: &str) -> String {
        let Some(uid) = self
            .cluster
            .store
            .get(Kind::Pod, ns, name)
            .and_then(|o| o.meta().uid.clone())
        else {
            return format!("Error from server (NotFound): pods \"{name}\" not found\n");
        };
        let Some(rt) = self
            .cluster
            .runtime
            .pod(ns, name)
            .filter(|rt| rt.uid == uid)
        else {
            return "(no containers have started yet)\n".into();
        };
        let mut s = String::new();
        let many = rt.containers.len() > 1;
        for c in &rt.containers {
            for l in &c.logs {
                if many {
                    s.push_str(&format!("[{}] ", c.name));
                }
                s.push_str(&l.text);
                s.push('\n');
            }
        }
        if s.is_empty() {
            s.push_str("(no output yet)\n");
        }
        s
    }
}

/// The grid's rows of card indices: the unscheduled lane alone on the first row, then nodes
/// `cols` to a row.
pub fn grid_rows(view: &ClusterView, cols: usize) -> Vec<Vec<usize>> {
    let cols = cols.max(1);
    let mut rows = Vec::new();
    let mut start = 0;
    if view
        .cards
        .first()
        .is_some_and(|c| c.kind == CardKind::Unscheduled)
    {
        rows.push(vec![0]);
        start = 1;
    }
    let idx: Vec<usize> = (start..view.cards.len()).collect();
    rows.extend(idx.chunks(cols).map(|c| c.to_vec()));
    rows
}

/// A key as presenter mode shows it (`Space`, `Ctrl-C`, `d`).
pub fn key_name(k: KeyEvent) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Tab => "Tab".into(),
        other => format!("{other:?}"),
    };
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}
