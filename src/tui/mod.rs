//! The interactive screen (`kubetutor` with no subcommand): the cluster's nodes and pods as a
//! live grid, a prompt that runs what `kubetutor run` runs, events, lessons, and a virtual clock
//! that runs on its own.
//!
//! The loop never blocks on the simulation or the screen: each turn advances virtual time by the
//! real time that passed × speed, draws only when something visible changed (at most
//! [`MAX_FPS`] frames a second), and otherwise sleeps in `poll` until the next key or the next
//! virtual second, so an idle screen costs almost no CPU. Drawing ([`view::draw`]) works on any
//! ratatui backend; tests use `TestBackend`.

pub mod app;
pub mod cast;
pub mod complete;
pub mod history;
pub mod lesson;
pub mod model;
pub mod theme;
pub mod view;

use crate::sim::cluster::{Cluster, ClusterConfig};
use app::{App, Options};
use cast::{Recorder, TeeWriter};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use std::cell::RefCell;
use std::io::{self, IsTerminal, Write};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use theme::{Theme, ThemeName};

/// The most frames drawn per second while the simulation runs fast.
pub const MAX_FPS: u64 = 30;

/// How the screen starts (`kubetutor --theme T --present --record F.cast`).
#[derive(Clone, Debug)]
pub struct TuiOptions {
    /// The cluster to simulate.
    pub cluster: ClusterConfig,
    /// Colours.
    pub theme: ThemeName,
    /// Presenter mode.
    pub present: bool,
    /// Where to record an asciicast, if anywhere.
    pub record: Option<String>,
    /// `--lessons DIR`: an author's lessons, reloaded when their files change (None: the
    /// lessons built into the program).
    pub lessons_dir: Option<std::path::PathBuf>,
}

/// Puts the terminal back as it was: cooked mode, main screen, visible cursor. Safe to call more
/// than once, and from a panic hook.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// How long the screen may take to wind down after a signal or the loss of its terminal before
/// the watchdog ends the process.
const WIND_DOWN: Duration = Duration::from_secs(2);

/// Ends the process when its terminal is gone but the event loop cannot notice: crossterm's
/// reader spins forever on a hung-up terminal (it reads end-of-file in a loop), so a closed
/// terminal window or a killed tmux session would otherwise leave a process burning a core.
/// The watchdog waits for a signal (SIGTERM/SIGHUP/SIGINT) or for the parent to change
/// (orphaned), gives the loop [`WIND_DOWN`] to exit normally, then restores what it can and exits.
fn spawn_watchdog(stop: Arc<AtomicBool>) {
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if stop.load(Ordering::Relaxed) || std::os::unix::process::parent_id() != parent {
                stop.store(true, Ordering::Relaxed);
                std::thread::sleep(WIND_DOWN);
                restore_terminal();
                std::process::exit(129);
            }
        }
    });
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, per no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the screen until the user quits (or SIGTERM/SIGHUP arrives).
pub fn run(opts: TuiOptions) -> Result<(), String> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err("error: the interactive screen needs a terminal; use `kubetutor shell` or `kubetutor run SCRIPT`".into());
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).map_err(|e| format!("error: {e}"))?;
    }
    spawn_watchdog(Arc::clone(&stop));
    let (cols, rows) = crossterm::terminal::size().map_err(|e| format!("error: {e}"))?;
    let recorder = match &opts.record {
        Some(p) => Some(
            Recorder::create(p, cols, rows)
                .map_err(|e| format!("error: cannot write recording {p}: {e}"))?,
        ),
        None => None,
    };
    let app = App::new(
        Cluster::new(&opts.cluster),
        Options {
            theme: Theme::new(opts.theme, no_color()),
            present: opts.present,
            history_path: history::default_path(),
            base_dir: std::env::current_dir().unwrap_or_default(),
        },
    );
    let mut app = app;
    let library = match &opts.lessons_dir {
        Some(d) => crate::lesson::Library::load_dir(d),
        None => crate::lesson::Library::shipped(),
    };
    app.start_lessons(
        library,
        opts.lessons_dir.clone(),
        crate::lesson::progress::default_path(),
    );
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        prev(info);
    }));
    enable_raw_mode().map_err(|e| format!("error: {e}"))?;
    let _restore = Restore;
    let recorder = recorder.map(|r| Rc::new(RefCell::new(r)));
    let mut out = TeeWriter {
        inner: io::stdout(),
        recorder: recorder.clone(),
    };
    // Bracketed paste: pasted text arrives as one event, not as keys (no shortcuts fire, the
    // editor does not auto-indent it).
    execute!(out, EnterAlternateScreen, EnableBracketedPaste).map_err(|e| format!("error: {e}"))?;
    let mut terminal =
        Terminal::new(CrosstermBackend::new(out)).map_err(|e| format!("error: {e}"))?;
    let res = event_loop(&mut terminal, &mut app, &stop, recorder.as_deref());
    let _ = terminal.show_cursor();
    let _ = Write::flush(terminal.backend_mut());
    res.map_err(|e| format!("error: {e}"))
}

/// The most input events handled before the loop looks at the clock, signals and the screen.
const MAX_EVENTS_PER_BATCH: usize = 256;

fn event_loop<B: Backend<Error = io::Error>>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    stop: &AtomicBool,
    recorder: Option<&RefCell<Recorder>>,
) -> io::Result<()> {
    let frame = Duration::from_millis(1000 / MAX_FPS);
    let mut last = Instant::now();
    let mut last_draw: Option<Instant> = None;
    let mut urgent = true;
    let parent = std::os::unix::process::parent_id();
    loop {
        // A screen whose terminal went away (its parent died, e.g. a closed terminal window
        // whose hangup did not reach us) must not keep running on its own.
        if stop.load(Ordering::Relaxed) || app.quit || std::os::unix::process::parent_id() != parent
        {
            return Ok(());
        }
        let now = Instant::now();
        app.tick(now - last);
        last = now;
        let due = last_draw.is_none_or(|t| t.elapsed() >= frame);
        if app.dirty && (urgent || due) {
            view::draw_frame(terminal, app)?;
            last_draw = Some(Instant::now());
            urgent = false;
            let markers = std::mem::take(&mut app.markers);
            if let Some(r) = recorder {
                for m in markers {
                    r.borrow_mut().marker(&m)?;
                }
            }
        }
        let timeout = if app.dirty {
            frame.saturating_sub(last_draw.map_or(Duration::ZERO, |t| t.elapsed()))
        } else {
            app.next_wake().min(Duration::from_millis(250))
        };
        if event::poll(timeout)? {
            // Drain what is queued, but never forever: a hung-up terminal reads as an endless
            // stream of events, and SIGTERM must still be noticed.
            for _ in 0..MAX_EVENTS_PER_BATCH {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => app.key(k),
                    Event::Paste(text) => app.paste(&text),
                    Event::Resize(w, h) => {
                        terminal.autoresize()?;
                        app.dirty = true;
                        if let Some(r) = recorder {
                            r.borrow_mut().resize(w, h)?;
                        }
                    }
                    _ => {}
                }
                urgent = true;
                if app.quit || stop.load(Ordering::Relaxed) || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
}
