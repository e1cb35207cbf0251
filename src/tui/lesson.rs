//! The lesson pane's contract: the lesson engine fills a [`LessonPane`] and the screen draws it.
//! Until lessons exist, [`Welcome`] shows how to use the screen.

use crate::sim::cluster::Cluster;

/// Where a lesson check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    /// Not met yet.
    Pending,
    /// Met.
    Passed,
    /// Tried and wrong.
    Failed,
}

/// What the lesson pane shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonPane {
    /// Heading.
    pub title: String,
    /// Markdown-ish text: `# heading`, `- bullet`, `` `code` ``, blank lines between paragraphs.
    pub body: String,
    /// Hints, shown under the text.
    pub hints: Vec<String>,
    /// Checks with their status.
    pub checks: Vec<(String, CheckStatus)>,
}

/// A source of lesson content, asked again whenever the cluster changes or a command runs.
pub trait LessonSource {
    /// The pane to show now.
    fn pane(&mut self, cluster: &Cluster) -> LessonPane;
    /// Called after each command the learner runs (with its exit code).
    fn on_command(&mut self, _line: &str, _code: i32, _cluster: &Cluster) {}
}

/// The placeholder lesson: a welcome and the keys.
#[derive(Clone, Debug, Default)]
pub struct Welcome;

impl LessonSource for Welcome {
    fn pane(&mut self, _cluster: &Cluster) -> LessonPane {
        LessonPane {
            title: "Welcome to kubetutor".into(),
            body: "A simulated cluster runs here: its clock moves on its own.\n\n\
                   Press `:` and type a command, e.g. `kubectl get nodes`, then Enter.\n\n\
                   # Keys\n\
                   - arrows: select a node or pod\n\
                   - `d` describe, `y` YAML, `l` logs\n\
                   - `space` pause, `+`/`-` speed, `.` step\n\
                   - `e` write a manifest, `?` all keys\n\
                   - `q` quit"
                .into(),
            hints: vec!["Try `kubectl get nodes`, then press `e` and write a StatefulSet.".into()],
            checks: vec![],
        }
    }
}
