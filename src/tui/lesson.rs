//! Lessons on the screen: the library to pick from, the lesson being followed (a
//! [`LessonRun`]), saved progress, and the suggested-command cursor. Key handling lives in
//! [`super::app`], drawing in [`super::view`]; this module keeps the state and the rules.
//!
//! A step that passes is not left automatically: its explanation stays on screen until the
//! learner presses `N` (or Enter on an empty prompt), since moving on by itself would hide the
//! "why" the step ends with.

use crate::kubectl::manifest::{FileSource, RealFs};
use crate::lesson::harness;
use crate::lesson::load::{Assets, Library};
use crate::lesson::progress::{LessonProgress, Progress};
use crate::lesson::runner::{Advance, LessonRun};
use crate::sim::cluster::Cluster;
use std::path::PathBuf;

/// Where a lesson's progress stands, as the lesson list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Never opened.
    NotStarted,
    /// At this 0-based step of that many.
    AtStep(usize, usize),
    /// Finished.
    Done,
}

impl Standing {
    /// In words: `not started`, `step 3 of 8`, `done`.
    pub fn words(&self) -> String {
        match self {
            Standing::NotStarted => "not started".into(),
            Standing::AtStep(i, n) => format!("step {} of {n}", i + 1),
            Standing::Done => "done".into(),
        }
    }
}

/// The lesson being followed.
#[derive(Clone, Debug)]
pub struct Active {
    /// The engine's state.
    pub run: LessonRun,
    /// Index of the next suggested command to paste.
    pub suggest_idx: usize,
    /// The lesson file's latest problem (a reload that failed), shown in the pane.
    pub error: Option<String>,
}

/// Everything lesson-related the screen keeps.
#[derive(Clone, Debug)]
pub struct Lessons {
    /// The lessons to pick from.
    pub library: Library,
    /// `--lessons DIR`, when lessons come from an author's directory (watched for changes).
    pub dir: Option<PathBuf>,
    /// Saved progress.
    pub progress: Progress,
    /// Where progress is saved (None: not saved, e.g. in tests).
    pub progress_path: Option<PathBuf>,
    /// The lesson being followed, if any.
    pub active: Option<Active>,
    /// Lines the lesson pane is scrolled down.
    pub scroll: usize,
    /// Whether the lesson pane fills the main area (on a small screen it is otherwise a strip).
    pub zoom: bool,
    last_saved: Option<(String, LessonProgress)>,
}

impl Lessons {
    /// Lessons from `library`, nothing open, nothing saved.
    pub fn new(library: Library) -> Lessons {
        Lessons {
            library,
            dir: None,
            progress: Progress::default(),
            progress_path: None,
            active: None,
            scroll: 0,
            zoom: false,
            last_saved: None,
        }
    }

    /// How far the learner got in lesson `id`.
    pub fn standing(&self, id: &str) -> Standing {
        if let Some(a) = &self.active
            && a.run.lesson().id == id
        {
            return if a.run.is_finished() {
                Standing::Done
            } else {
                Standing::AtStep(a.run.step_index(), a.run.lesson().steps.len())
            };
        }
        let steps = self.library.get(id).map_or(0, |l| l.lesson.steps.len());
        match self.progress.lessons.get(id) {
            None => Standing::NotStarted,
            Some(p) if p.finished => Standing::Done,
            Some(p) => Standing::AtStep(p.step.min(steps.saturating_sub(1)), steps),
        }
    }

    /// Opens lesson `id` where the learner left it: returns the cluster as that step begins
    /// (the starting cluster with the earlier steps' solutions played on it) and a note for the
    /// learner.
    pub fn open(&mut self, id: &str) -> Result<(Cluster, String), String> {
        let l = self
            .library
            .get(id)
            .ok_or_else(|| format!("no lesson {id:?}"))?
            .clone();
        let run = match self.progress.lessons.get(id) {
            Some(p) => LessonRun::resume(l.lesson.clone(), l.source.clone(), p),
            None => LessonRun::new(l.lesson.clone(), l.source.clone()),
        };
        let upto = if run.is_finished() {
            l.lesson.steps.len()
        } else {
            run.step_index()
        };
        let cluster = harness::replay(&l.lesson, &l.source, &self.library.assets, upto)?;
        let note = if run.is_finished() {
            format!(
                "{}: finished earlier. R starts it over, L picks another.",
                l.lesson.title
            )
        } else if upto > 0 {
            format!(
                "{}: resumed at step {} of {} (the cluster was rebuilt by replaying steps 1-{upto})",
                l.lesson.title,
                upto + 1,
                l.lesson.steps.len()
            )
        } else {
            format!("{}: step 1 of {}", l.lesson.title, l.lesson.steps.len())
        };
        self.active = Some(Active {
            run,
            suggest_idx: 0,
            error: None,
        });
        self.scroll = 0;
        self.progress.current = Some(id.to_string());
        Ok((cluster, note))
    }

    /// Leaves the lesson (free play); progress stays saved.
    pub fn close(&mut self) {
        self.active = None;
        self.progress.current = None;
        self.scroll = 0;
    }

    /// Re-evaluates the current step's checks.
    pub fn evaluate(&mut self, c: &Cluster) {
        if let Some(a) = &mut self.active
            && !a.run.is_finished()
        {
            a.run.evaluate(c);
        }
    }

    /// Records a command the learner ran; moves the suggestion cursor past it when it is one of
    /// the step's suggestions.
    pub fn note_command(&mut self, line: &str, c: &Cluster) {
        if let Some(a) = &mut self.active {
            a.run.note_command(line, c);
            let line = line.trim();
            if let Some(j) = a
                .run
                .suggestions()
                .iter()
                .enumerate()
                .skip(a.suggest_idx)
                .find(|(_, s)| s.trim() == line)
                .map(|(j, _)| j)
            {
                a.suggest_idx = j + 1;
            }
            a.run.evaluate(c);
        }
    }

    /// The suggestion to paste: the next one, or the one after it when `input` already holds
    /// the next one (pressing the key again skips ahead). `Err` says why there is none.
    pub fn suggestion(&mut self, input: &str) -> Result<String, String> {
        let Some(a) = &mut self.active else {
            return Err("no lesson is open: press L to pick one".into());
        };
        if a.run.is_finished() {
            return Err("the lesson is finished: L picks another, R starts over".into());
        }
        let s = a.run.suggestions();
        let mut i = a.suggest_idx;
        if s.get(i).is_some_and(|x| x.trim() == input.trim()) {
            i += 1;
            a.suggest_idx = i;
        }
        match s.get(i) {
            Some(x) => Ok(x.clone()),
            None if a.run.is_step_complete() => {
                Err("no more suggested commands: this step is done, press N for the next".into())
            }
            None if s.is_empty() => Err("this step suggests no command: read the text above".into()),
            None => Err(
                "that was the last suggested command of this step; the checks say what is missing (h for a hint, R to reset the step)"
                    .into(),
            ),
        }
    }

    /// Goes to the next step; the message says what happened.
    pub fn next_step(&mut self) -> Result<String, String> {
        let Some(a) = &mut self.active else {
            return Err("no lesson is open: press L to pick one".into());
        };
        if a.run.is_finished() {
            return Err("the lesson is finished: L picks another, R starts over".into());
        }
        let r = a.run.advance()?;
        a.suggest_idx = 0;
        self.scroll = 0;
        Ok(match r {
            Advance::Step(i) => format!("step {} of {}", i + 1, a.run.lesson().steps.len()),
            Advance::Finished => "lesson finished: well done!".into(),
        })
    }

    /// Reveals a hint.
    pub fn hint(&mut self) -> Result<String, String> {
        let Some(a) = &mut self.active else {
            return Err("no lesson is open: press L to pick one".into());
        };
        a.run
            .reveal_hint()
            .ok_or_else(|| "no more hints for this step".into())
    }

    /// Answers the question with the 0-based answer `i`.
    pub fn answer(&mut self, i: usize) -> Result<String, String> {
        let Some(a) = &mut self.active else {
            return Err("no lesson is open: press L to pick one".into());
        };
        let n = a
            .run
            .lesson()
            .steps
            .get(a.run.step_index())
            .and_then(|s| s.question.as_ref())
            .map_or(0, |q| q.answers.len());
        if n == 0 {
            return Err("this step asks no question".into());
        }
        match a.run.answer(i) {
            Some((true, _)) => Ok(format!("answer {}: right", i + 1)),
            Some((false, _)) => Ok(format!("answer {}: not quite, try another", i + 1)),
            None => Err(format!("answer with 1-{n}")),
        }
    }

    /// Starts the current step over: its hints and answer are forgotten and the cluster is
    /// rebuilt as the step began.
    pub fn reset_step(&mut self) -> Result<(Cluster, String), String> {
        let assets = self.library.assets.clone();
        let Some(a) = &mut self.active else {
            return Err("no lesson is open".into());
        };
        if a.run.is_finished() {
            return self.reset_lesson();
        }
        a.run.reset_step();
        a.suggest_idx = 0;
        let i = a.run.step_index();
        let c = harness::replay(a.run.lesson(), a.run.source(), &assets, i)?;
        self.scroll = 0;
        Ok((
            c,
            format!("step {} starts over on the cluster as it began", i + 1),
        ))
    }

    /// Starts the whole lesson over on a fresh cluster.
    pub fn reset_lesson(&mut self) -> Result<(Cluster, String), String> {
        let assets = self.library.assets.clone();
        let Some(a) = &mut self.active else {
            return Err("no lesson is open".into());
        };
        a.run.reset_lesson();
        a.suggest_idx = 0;
        let id = a.run.lesson().id.clone();
        self.progress.reset_lesson(&id);
        let c = a.run.build_cluster(&assets)?;
        self.scroll = 0;
        Ok((c, "the lesson starts over on a fresh cluster".into()))
    }

    /// Saves progress if it changed since the last save. Returns an error message if saving
    /// failed.
    pub fn save(&mut self) -> Option<String> {
        let a = self.active.as_ref()?;
        let now = (a.run.lesson().id.clone(), a.run.progress());
        if self.last_saved.as_ref() == Some(&now) {
            return None;
        }
        self.progress.set(&now.0, now.1.clone());
        self.last_saved = Some(now);
        let path = self.progress_path.clone()?;
        self.progress
            .save(&path)
            .err()
            .map(|e| format!("progress not saved: {e}"))
    }

    /// Saves the progress file as it is (after closing or resetting a lesson).
    pub fn save_all(&mut self) -> Option<String> {
        let path = self.progress_path.clone()?;
        self.progress
            .save(&path)
            .err()
            .map(|e| format!("progress not saved: {e}"))
    }

    /// For `--lessons DIR`: reloads the open lesson if its file changed, keeping the learner's
    /// place. Returns a note when something happened.
    pub fn poll_reload(&mut self, c: &Cluster) -> Option<String> {
        self.dir.as_ref()?;
        let a = self.active.as_mut()?;
        match a.run.reload_if_changed() {
            Ok(false) => None,
            Ok(true) => {
                a.error = None;
                let n = a.run.suggestions().len();
                a.suggest_idx = a.suggest_idx.min(n);
                a.run.evaluate(c);
                let id = a.run.lesson().id.clone();
                if let Some(l) = self.library.lessons.iter_mut().find(|l| l.lesson.id == id) {
                    l.lesson = a.run.lesson().clone();
                    l.source = a.run.source().clone();
                }
                Some(format!(
                    "lesson file reloaded; you are at step {}",
                    a.run.step_index() + 1
                ))
            }
            Err(issue) => {
                let msg = issue.to_string();
                a.error = Some(msg.clone());
                Some(format!("the lesson file has an error: {msg}"))
            }
        }
    }

    /// Re-reads the lesson directory (`--lessons DIR`), so the list shows new and fixed files.
    pub fn rescan(&mut self) {
        if let Some(d) = &self.dir {
            self.library = Library::load_dir(d);
        }
    }
}

/// Files `-f` reads in the screen: a lesson's manifests first (embedded, or from the lessons
/// directory), then the real file system, so suggested commands work from any directory.
#[derive(Clone, Debug)]
pub struct ScreenFs {
    /// The real file system.
    pub real: RealFs,
    /// The lessons' manifests.
    pub assets: Assets,
}

impl FileSource for ScreenFs {
    fn read(&self, path: &str) -> std::io::Result<String> {
        match self.assets.read(path) {
            Ok(t) => Ok(t),
            Err(_) => self.real.read(path),
        }
    }

    fn list_dir(&self, path: &str) -> std::io::Result<Option<Vec<String>>> {
        match self.assets.list_dir(path) {
            Ok(Some(v)) => Ok(Some(v)),
            _ => self.real.list_dir(path),
        }
    }
}

/// The text the lesson pane shows when no lesson is open.
pub const WELCOME: &str = "A simulated cluster runs here: its clock moves on its own.\n\n\
Press `L` to pick a lesson, or `:` and type a command, e.g. `kubectl get nodes`, then Enter.\n\n\
# Keys\n\
- arrows: select a node or pod\n\
- `d` describe, `y` YAML, `l` logs\n\
- `space` pause, `+`/`-` speed, `.` step\n\
- `e` write a manifest, `?` all keys\n\
- `q` quit";
