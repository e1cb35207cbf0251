//! The lesson state machine the TUI drives: which step the learner is on, hints revealed,
//! answers given, the latest check results, and moving on. It never changes the cluster; it
//! reads it in [`LessonRun::evaluate`].

use super::check::{self, CheckResult, CheckState};
use super::load::{Assets, Issue, Source, parse_lesson};
use super::markdown::{self, Block};
use super::model::Lesson;
use super::progress::LessonProgress;
use crate::kubectl::manifest::FileSource;
use crate::runner::{parse_script, parse_sleep, run_command};
use crate::sim::cluster::{Cluster, ClusterConfig};
use jiff::Timestamp;

/// What the TUI shows for the current step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepView {
    /// 0-based step index.
    pub index: usize,
    /// Number of steps.
    pub total: usize,
    /// Step title.
    pub title: String,
    /// The text, parsed.
    pub blocks: Vec<Block>,
    /// Asset files shown with the step: (path, content).
    pub files: Vec<(String, String)>,
    /// Hints revealed so far.
    pub hints: Vec<String>,
    /// Hints still hidden.
    pub hints_left: usize,
    /// The question, if any.
    pub question: Option<QuestionView>,
    /// Latest check results.
    pub checks: Vec<CheckResult>,
    /// Whether the step is done (checks passed, question answered right).
    pub complete: bool,
    /// The explanation shown once done.
    pub explain: Option<Vec<Block>>,
}

/// A question as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionView {
    /// The question.
    pub prompt: String,
    /// Answer texts.
    pub answers: Vec<String>,
    /// The answer chosen last, if any.
    pub chosen: Option<usize>,
    /// Feedback on it: (right?, explanation).
    pub feedback: Option<(bool, String)>,
}

/// What [`LessonRun::advance`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advance {
    /// Moved to this step.
    Step(usize),
    /// That was the last step.
    Finished,
}

/// The end-of-lesson summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Lesson title.
    pub title: String,
    /// Steps completed / total.
    pub completed: usize,
    /// Number of steps.
    pub total: usize,
    /// Hints used in all.
    pub hints_used: usize,
    /// Questions answered right at the first try / asked.
    pub first_try_right: usize,
    /// Questions asked.
    pub questions: usize,
    /// One line per step: title and whether done.
    pub steps: Vec<(String, bool)>,
}

/// A learner's run through one lesson.
#[derive(Clone, Debug)]
pub struct LessonRun {
    lesson: Lesson,
    source: Source,
    step: usize,
    hints: Vec<usize>,
    answers: Vec<Option<usize>>,
    first_answers: Vec<Option<usize>>,
    completed: Vec<bool>,
    suggested: usize,
    history: Vec<String>,
    latched: Vec<bool>,
    results: Vec<CheckResult>,
    step_started: Option<Timestamp>,
    last_command: Option<Timestamp>,
    finished: bool,
}

impl LessonRun {
    /// Starts `lesson` from the beginning.
    pub fn new(lesson: Lesson, source: Source) -> LessonRun {
        let n = lesson.steps.len();
        let mut r = LessonRun {
            lesson,
            source,
            step: 0,
            hints: vec![0; n],
            answers: vec![None; n],
            first_answers: vec![None; n],
            completed: vec![false; n],
            suggested: 0,
            history: Vec::new(),
            latched: Vec::new(),
            results: Vec::new(),
            step_started: None,
            last_command: None,
            finished: false,
        };
        r.enter_step();
        r
    }

    /// Resumes from saved progress (a step index past the end is clamped).
    pub fn resume(lesson: Lesson, source: Source, p: &LessonProgress) -> LessonRun {
        let mut r = LessonRun::new(lesson, source);
        r.restore(p);
        r
    }

    fn restore(&mut self, p: &LessonProgress) {
        let n = self.lesson.steps.len();
        for (i, h) in &p.hints {
            if let Some(slot) = self.hints.get_mut(*i) {
                *slot = (*h).min(self.lesson.steps[*i].hints.len());
            }
        }
        for (i, a) in &p.answers {
            if let Some(slot) = self.answers.get_mut(*i) {
                *slot = Some(*a);
                self.first_answers[*i] = Some(*a);
            }
        }
        for i in &p.completed {
            if let Some(slot) = self.completed.get_mut(*i) {
                *slot = true;
            }
        }
        self.step = p.step.min(n.saturating_sub(1));
        self.finished = p.finished;
        self.enter_step();
    }

    fn enter_step(&mut self) {
        let n = self
            .lesson
            .steps
            .get(self.step)
            .map_or(0, |s| s.checks.len());
        self.suggested = 0;
        self.history.clear();
        self.latched = vec![false; n];
        self.results.clear();
        self.step_started = None;
        self.last_command = None;
    }

    /// The lesson.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The current step's index.
    pub fn step_index(&self) -> usize {
        self.step
    }

    /// Whether the last step was completed and advanced past.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// A fresh cluster as the lesson starts: nodes, extra nodes, manifests applied and settled.
    pub fn build_cluster(&self, assets: &Assets) -> Result<Cluster, String> {
        build_cluster(&self.lesson, assets)
    }

    /// The view of the current step.
    pub fn current_view(&self, assets: &Assets) -> StepView {
        let Some(step) = self.lesson.steps.get(self.step) else {
            return StepView {
                index: self.step,
                total: self.lesson.steps.len(),
                title: String::new(),
                blocks: Vec::new(),
                files: Vec::new(),
                hints: Vec::new(),
                hints_left: 0,
                question: None,
                checks: Vec::new(),
                complete: false,
                explain: None,
            };
        };
        let shown = self.hints[self.step];
        let complete = self.is_step_complete();
        StepView {
            index: self.step,
            total: self.lesson.steps.len(),
            title: step.title.clone(),
            blocks: markdown::parse(&step.text),
            files: step
                .files
                .iter()
                .map(|f| {
                    (
                        f.clone(),
                        assets.read(f).unwrap_or_else(|e| format!("# {f}: {e}\n")),
                    )
                })
                .collect(),
            hints: step.hints[..shown].to_vec(),
            hints_left: step.hints.len() - shown,
            question: step.question.as_ref().map(|q| {
                let chosen = self.answers[self.step];
                QuestionView {
                    prompt: q.prompt.clone(),
                    answers: q.answers.iter().map(|a| a.text.clone()).collect(),
                    chosen,
                    feedback: chosen
                        .and_then(|i| q.answers.get(i))
                        .map(|a| (a.correct, a.explain.clone())),
                }
            }),
            checks: self.results.clone(),
            complete,
            explain: complete
                .then(|| step.explain.as_deref().map(markdown::parse))
                .flatten(),
        }
    }

    /// The next suggested command of this step (each call gives the following one; `None` after
    /// the last).
    pub fn next_suggestion(&mut self) -> Option<String> {
        let s = self
            .lesson
            .steps
            .get(self.step)?
            .suggest
            .get(self.suggested)?
            .clone();
        self.suggested += 1;
        Some(s)
    }

    /// Reveals one more hint; returns it, or `None` when all are shown.
    pub fn reveal_hint(&mut self) -> Option<String> {
        let step = self.lesson.steps.get(self.step)?;
        let shown = self.hints[self.step];
        let h = step.hints.get(shown)?.clone();
        self.hints[self.step] += 1;
        Some(h)
    }

    /// Answers the question with answer `i`: (right?, explanation), or `None` if there is no
    /// such answer.
    pub fn answer(&mut self, i: usize) -> Option<(bool, String)> {
        let a = self
            .lesson
            .steps
            .get(self.step)?
            .question
            .as_ref()?
            .answers
            .get(i)?;
        self.answers[self.step] = Some(i);
        if self.first_answers[self.step].is_none() {
            self.first_answers[self.step] = Some(i);
        }
        Some((a.correct, a.explain.clone()))
    }

    /// Records a command the learner ran (for `ran` checks and the `within` window).
    pub fn note_command(&mut self, line: &str, c: &Cluster) {
        self.history.push(line.trim().to_string());
        self.last_command = Some(c.now());
    }

    /// Evaluates the current step's checks against the cluster; results are kept for the view.
    pub fn evaluate(&mut self, c: &Cluster) -> &[CheckResult] {
        let Some(step) = self.lesson.steps.get(self.step) else {
            return &self.results;
        };
        let started = *self.step_started.get_or_insert(c.now());
        let window_start = self.last_command.unwrap_or(started).max(started);
        let mut scratch = None;
        let mut results = Vec::with_capacity(step.checks.len());
        for (i, chk) in step.checks.iter().enumerate() {
            let r = if self.latched.get(i).copied().unwrap_or(false) {
                Ok(())
            } else {
                check::evaluate(chk, c, &mut scratch, &self.history)
            };
            let res = match r {
                Ok(()) => {
                    if chk.latch
                        && let Some(l) = self.latched.get_mut(i)
                    {
                        *l = true;
                    }
                    CheckResult {
                        name: chk.name.clone(),
                        state: CheckState::Passed,
                        explanation: None,
                    }
                }
                Err(why) => {
                    let waiting = chk
                        .within
                        .as_deref()
                        .and_then(parse_sleep)
                        .and_then(|d| window_start.checked_add(d).ok())
                        .is_some_and(|deadline| c.now() < deadline);
                    CheckResult {
                        name: chk.name.clone(),
                        state: if waiting {
                            CheckState::Waiting
                        } else {
                            CheckState::Failed
                        },
                        explanation: Some(why),
                    }
                }
            };
            results.push(res);
        }
        self.results = results;
        if self.checks_pass() && self.question_ok() {
            self.completed[self.step] = true;
        }
        &self.results
    }

    /// When a failing `within` check stops waiting, if one is waiting.
    pub fn waiting_until(&self, c: &Cluster) -> Option<Timestamp> {
        let step = self.lesson.steps.get(self.step)?;
        let started = self.step_started.unwrap_or(c.now());
        let window_start = self.last_command.unwrap_or(started).max(started);
        step.checks
            .iter()
            .zip(&self.results)
            .filter(|(_, r)| r.state == CheckState::Waiting)
            .filter_map(|(chk, _)| {
                let d = parse_sleep(chk.within.as_deref()?)?;
                window_start.checked_add(d).ok()
            })
            .max()
    }

    fn checks_pass(&self) -> bool {
        let n = self
            .lesson
            .steps
            .get(self.step)
            .map_or(0, |s| s.checks.len());
        self.results.len() == n && self.results.iter().all(|r| r.state == CheckState::Passed)
    }

    fn question_ok(&self) -> bool {
        let Some(q) = self
            .lesson
            .steps
            .get(self.step)
            .and_then(|s| s.question.as_ref())
        else {
            return true;
        };
        self.answers[self.step]
            .and_then(|i| q.answers.get(i))
            .is_some_and(|a| a.correct)
    }

    /// Whether the current step is done: every check passed at the last evaluation and the
    /// question (if any) answered right.
    pub fn is_step_complete(&self) -> bool {
        self.completed.get(self.step).copied().unwrap_or(false)
            || (self.checks_pass() && self.question_ok())
    }

    /// Moves to the next step once the current one is done.
    pub fn advance(&mut self) -> Result<Advance, String> {
        if !self.is_step_complete() {
            return Err("this step is not done yet: see the checks below".into());
        }
        if let Some(c) = self.completed.get_mut(self.step) {
            *c = true;
        }
        if self.step + 1 >= self.lesson.steps.len() {
            self.finished = true;
            return Ok(Advance::Finished);
        }
        self.step += 1;
        self.enter_step();
        Ok(Advance::Step(self.step))
    }

    /// Moves to the next step whether or not the current one is done (replaying a lesson to
    /// rebuild its cluster, where an edited lesson may no longer pass an earlier step).
    pub fn force_advance(&mut self) {
        if let Some(c) = self.completed.get_mut(self.step) {
            *c = true;
        }
        if self.step + 1 >= self.lesson.steps.len() {
            self.finished = true;
        } else {
            self.step += 1;
            self.enter_step();
        }
    }

    /// The current step's suggested commands, in order.
    pub fn suggestions(&self) -> &[String] {
        self.lesson
            .steps
            .get(self.step)
            .map_or(&[], |s| s.suggest.as_slice())
    }

    /// Where the lesson file is read from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Starts the current step over (hints, answer, checks); the cluster is not touched.
    pub fn reset_step(&mut self) {
        if let Some(h) = self.hints.get_mut(self.step) {
            *h = 0;
        }
        if let Some(a) = self.answers.get_mut(self.step) {
            *a = None;
        }
        if let Some(c) = self.completed.get_mut(self.step) {
            *c = false;
        }
        self.finished = false;
        self.enter_step();
    }

    /// Starts the whole lesson over (the caller builds a fresh cluster).
    pub fn reset_lesson(&mut self) {
        *self = LessonRun::new(self.lesson.clone(), self.source.clone());
    }

    /// What to save.
    pub fn progress(&self) -> LessonProgress {
        LessonProgress {
            step: self.step,
            answers: self
                .answers
                .iter()
                .enumerate()
                .filter_map(|(i, a)| a.map(|a| (i, a)))
                .collect(),
            hints: self
                .hints
                .iter()
                .enumerate()
                .filter(|(_, h)| **h > 0)
                .map(|(i, h)| (i, *h))
                .collect(),
            completed: self
                .completed
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .map(|(i, _)| i)
                .collect(),
            finished: self.finished,
        }
    }

    /// The end-of-lesson summary.
    pub fn summary(&self) -> Summary {
        let questions: Vec<usize> = (0..self.lesson.steps.len())
            .filter(|i| self.lesson.steps[*i].question.is_some())
            .collect();
        Summary {
            title: self.lesson.title.clone(),
            completed: self.completed.iter().filter(|c| **c).count(),
            total: self.lesson.steps.len(),
            hints_used: self.hints.iter().sum(),
            first_try_right: questions
                .iter()
                .filter(|i| {
                    let q = self.lesson.steps[**i].question.as_ref();
                    self.first_answers[**i]
                        .and_then(|a| q.and_then(|q| q.answers.get(a)))
                        .is_some_and(|a| a.correct)
                })
                .count(),
            questions: questions.len(),
            steps: self
                .lesson
                .steps
                .iter()
                .zip(&self.completed)
                .map(|(s, c)| (s.title.clone(), *c))
                .collect(),
        }
    }

    /// For lessons loaded from disk (`--lessons DIR`): re-reads the file if it changed and keeps
    /// the learner's place. Returns `Ok(true)` when reloaded, or the parse error (the old lesson
    /// stays in use).
    pub fn reload_if_changed(&mut self) -> Result<bool, Issue> {
        let Source::File(path, mtime) = &self.source else {
            return Ok(false);
        };
        let now = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if now.is_none() || now == *mtime {
            return Ok(false);
        }
        let path = path.clone();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| Issue {
            file: name.clone(),
            line: None,
            field: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        // Whatever happens, do not retry the same version on every tick.
        self.source = Source::File(path.clone(), now);
        let lesson = parse_lesson(&name, &text)?;
        let p = self.progress();
        let (history, last, started) = (self.history.clone(), self.last_command, self.step_started);
        let same_step = p.step;
        *self = LessonRun::resume(lesson, Source::File(path, now), &p);
        if self.step == same_step {
            self.history = history;
            self.last_command = last;
            self.step_started = started;
        }
        Ok(true)
    }
}

/// A fresh cluster for `lesson`: workers, extra nodes, manifests applied, controllers settled.
pub fn build_cluster(lesson: &Lesson, assets: &Assets) -> Result<Cluster, String> {
    let setup = &lesson.cluster;
    let mut cfg = ClusterConfig {
        workers: setup.workers,
        ..ClusterConfig::default()
    };
    if let Some(s) = setup.seed {
        cfg.seed = s;
    }
    if let Some(t) = &setup.start {
        cfg.start = t.parse().map_err(|e| format!("cluster.start {t:?}: {e}"))?;
    }
    let mut c = Cluster::new(&cfg);
    let mut script = String::new();
    for n in &setup.nodes {
        script.push_str(&format!("node add {}", n.name));
        for (k, v) in &n.labels {
            script.push_str(&format!(" --label {k}={v}"));
        }
        for t in &n.taints {
            script.push_str(&format!(" --taint {t}"));
        }
        script.push('\n');
    }
    for m in &setup.manifests {
        script.push_str(&format!("kubectl apply -f {m}\n"));
    }
    for cmd in parse_script(&script)? {
        let out = run_command(&mut c, &cmd, assets);
        if out.code != 0 {
            return Err(format!(
                "setting up the cluster: {}: {}",
                cmd.line,
                out.text().trim_end()
            ));
        }
    }
    c.settle();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::load::Library;

    #[test]
    fn step_machine_explains_failures_and_advances() {
        let lib = Library::shipped();
        let l = lib.get("statefulset").expect("shipped");
        let mut run = LessonRun::new(l.lesson.clone(), l.source.clone());
        let mut c = run.build_cluster(&lib.assets).expect("cluster");
        assert_eq!(
            run.next_suggestion().as_deref(),
            Some("kubectl apply -f assets/statefulset/stateful-app.yaml")
        );
        assert!(run.reveal_hint().is_some());
        run.evaluate(&c);
        let v = run.current_view(&lib.assets);
        assert_eq!(v.hints.len(), 1);
        assert!(!v.complete);
        assert_eq!(
            v.checks[0].explanation.as_deref(),
            Some(
                "wanted service stateful-app in namespace default where .spec.clusterIP is None, but it does not exist"
            )
        );
        assert!(run.advance().is_err());
        let fs = &lib.assets;
        for cmd in parse_script("kubectl apply -f assets/statefulset/stateful-app.yaml").unwrap() {
            run_command(&mut c, &cmd, fs);
            run.note_command(&cmd.line, &c);
        }
        let r = run.evaluate(&c).to_vec();
        assert_eq!(r[1].state, CheckState::Passed);
        assert_eq!(r[2].state, CheckState::Waiting, "{r:?}");
        c.advance(jiff::SignedDuration::from_secs(60));
        run.evaluate(&c);
        assert!(run.is_step_complete());
        assert_eq!(run.advance(), Ok(Advance::Step(1)));
        assert_eq!(run.answer(0).map(|a| a.0), Some(true));
        let p = run.progress();
        let again = LessonRun::resume(l.lesson.clone(), l.source.clone(), &p);
        assert_eq!(again.step_index(), 1);
        assert_eq!(again.summary().completed, 1);
    }
}
