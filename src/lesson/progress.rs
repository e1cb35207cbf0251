//! Saved progress: which step of which lesson, answers and hints, in
//! `$XDG_STATE_HOME/kubetutor/progress.json` (`~/.local/state/kubetutor/progress.json` when
//! unset). Writes are atomic (temp file + rename); a damaged file is set aside as
//! `progress.json.corrupt-<n>` with a message, never a crash.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Progress in one lesson.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct LessonProgress {
    /// The current step.
    pub step: usize,
    /// Answer chosen per step index.
    #[serde(default)]
    pub answers: BTreeMap<usize, usize>,
    /// Hints revealed per step index.
    #[serde(default)]
    pub hints: BTreeMap<usize, usize>,
    /// Steps completed.
    #[serde(default)]
    pub completed: Vec<usize>,
    /// Whether the lesson was finished.
    #[serde(default)]
    pub finished: bool,
}

/// Everything saved.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Progress {
    /// File format version.
    #[serde(default = "version")]
    pub version: u32,
    /// The lesson open last.
    #[serde(default)]
    pub current: Option<String>,
    /// Per lesson id.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

fn version() -> u32 {
    1
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: version(),
            current: None,
            lessons: BTreeMap::new(),
        }
    }
}

/// The progress file's default location.
pub fn default_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_STATE_HOME").filter(|s| !s.is_empty()) {
        Some(s) => PathBuf::from(s),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".local/state"),
    };
    Some(base.join("kubetutor").join("progress.json"))
}

impl Progress {
    /// Loads progress. A missing file is empty progress; a damaged one is renamed
    /// `<file>.corrupt-<n>` and the message says so.
    pub fn load(path: &Path) -> (Progress, Option<String>) {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Progress::default(), None);
            }
            Err(e) => {
                return (
                    Progress::default(),
                    Some(format!(
                        "cannot read {}: {e}; starting without saved progress",
                        path.display()
                    )),
                );
            }
        };
        match serde_json::from_str::<Progress>(&text) {
            Ok(p) => (p, None),
            Err(e) => {
                let mut n = 1;
                let aside = loop {
                    let p = PathBuf::from(format!("{}.corrupt-{n}", path.display()));
                    if !p.exists() {
                        break p;
                    }
                    n += 1;
                };
                let msg = match std::fs::rename(path, &aside) {
                    Ok(()) => format!(
                        "saved progress in {} was damaged ({e}); it was moved to {} and progress starts afresh",
                        path.display(),
                        aside.display()
                    ),
                    Err(re) => format!(
                        "saved progress in {} was damaged ({e}) and could not be moved aside ({re}); progress starts afresh",
                        path.display()
                    ),
                };
                (Progress::default(), Some(msg))
            }
        }
    }

    /// Saves atomically: writes `<file>.tmp`, then renames it over the file.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        let tmp = PathBuf::from(format!("{}.tmp", path.display()));
        std::fs::write(&tmp, text + "\n")
            .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
    }

    /// Records a lesson's progress and makes it current.
    pub fn set(&mut self, id: &str, p: LessonProgress) {
        self.current = Some(id.to_string());
        self.lessons.insert(id.to_string(), p);
    }

    /// Forgets a lesson's progress.
    pub fn reset_lesson(&mut self, id: &str) {
        self.lessons.remove(id);
    }

    /// Forgets one step's hints and answer and moves back to it.
    pub fn reset_step(&mut self, id: &str, step: usize) {
        if let Some(p) = self.lessons.get_mut(id) {
            p.answers.remove(&step);
            p.hints.remove(&step);
            p.completed.retain(|s| *s < step);
            p.step = step;
            p.finished = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("kubetutor-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn saves_and_loads_atomically() {
        let d = dir("roundtrip");
        let path = d.join("kubetutor/progress.json");
        let mut p = Progress::default();
        p.set(
            "statefulset",
            LessonProgress {
                step: 2,
                answers: [(1, 0)].into_iter().collect(),
                ..Default::default()
            },
        );
        p.save(&path).unwrap();
        assert!(!PathBuf::from(format!("{}.tmp", path.display())).exists());
        let (q, msg) = Progress::load(&path);
        assert_eq!(q, p);
        assert!(msg.is_none());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn damaged_file_is_set_aside() {
        let d = dir("corrupt");
        std::fs::create_dir_all(&d).unwrap();
        let path = d.join("progress.json");
        std::fs::write(&path, "{not json").unwrap();
        std::fs::write(d.join("progress.json.corrupt-1"), "older").unwrap();
        let (p, msg) = Progress::load(&path);
        assert_eq!(p, Progress::default());
        assert!(msg.unwrap().contains("corrupt-2"));
        assert!(d.join("progress.json.corrupt-2").exists());
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn reset_step_and_lesson() {
        let mut p = Progress::default();
        p.set(
            "x",
            LessonProgress {
                step: 3,
                answers: [(1, 0), (2, 1)].into_iter().collect(),
                completed: vec![0, 1, 2],
                ..Default::default()
            },
        );
        p.reset_step("x", 1);
        let l = &p.lessons["x"];
        assert_eq!((l.step, l.completed.clone()), (1, vec![0]));
        assert!(!l.answers.contains_key(&1));
        p.reset_lesson("x");
        assert!(p.lessons.is_empty());
    }
}
