//! `kubetutor lessons test`: runs every step's solution headlessly on a fresh cluster and asserts
//! that every check passes, so CI proves each lesson can be finished.

use super::check::CheckState;
use super::load::{Assets, LoadedLesson, Source};
use super::model::Lesson;
use super::runner::LessonRun;
use crate::runner::{parse_script, run_command};
use crate::sim::cluster::Cluster;
use std::fmt;

/// A lesson step that did not pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Lesson id.
    pub lesson: String,
    /// 1-based step number.
    pub step: usize,
    /// Step title.
    pub title: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} step {} ({}): {}",
            self.lesson, self.step, self.title, self.message
        )
    }
}

/// The longest a `within` check is waited for in a test, whatever it says.
const MAX_WAIT: jiff::SignedDuration = jiff::SignedDuration::from_hours(2);

/// Runs one lesson's solutions; returns the failures (empty: it can be finished). Stops at the
/// first failing step, since later steps build on it.
pub fn test_lesson(l: &LoadedLesson, assets: &Assets) -> Vec<Failure> {
    let lesson = &l.lesson;
    let fail = |i: usize, message: String| Failure {
        lesson: lesson.id.clone(),
        step: i + 1,
        title: lesson
            .steps
            .get(i)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        message,
    };
    let mut run = LessonRun::new(lesson.clone(), l.source.clone());
    let mut c = match run.build_cluster(assets) {
        Ok(c) => c,
        Err(e) => return vec![fail(0, e)],
    };
    for i in 0..lesson.steps.len() {
        if let Err(e) = play_step(&mut run, &mut c, assets, true) {
            return vec![fail(i, e)];
        }
    }
    Vec::new()
}

/// Plays the current step of `run` on `c` as a learner following the solution would: runs its
/// solution commands, lets simulated time pass while a `within` check waits, answers the
/// question right, and advances. With `strict`, a failing check is an error; without, the step
/// is marked done regardless (replaying a lesson whose later edits broke an earlier step).
fn play_step(
    run: &mut LessonRun,
    c: &mut Cluster,
    assets: &Assets,
    strict: bool,
) -> Result<(), String> {
    let Some(step) = run.lesson().steps.get(run.step_index()).cloned() else {
        return Err("no such step".into());
    };
    run.evaluate(c);
    for sol in &step.solution {
        let cmds = parse_script(sol).map_err(|e| format!("solution {sol:?}: {e}"))?;
        for cmd in cmds {
            let out = run_command(c, &cmd, assets);
            if out.code != 0 && strict {
                return Err(format!(
                    "solution command `{}` failed: {}",
                    cmd.line,
                    out.text().trim_end()
                ));
            }
            run.note_command(&cmd.line, c);
            run.evaluate(c);
        }
    }
    // Let the simulation run while a `within` check waits, as the TUI clock would.
    let limit = c.now().checked_add(MAX_WAIT).unwrap_or(c.now());
    loop {
        run.evaluate(c);
        let Some(until) = run.waiting_until(c) else {
            break;
        };
        let next = c
            .next_timer()
            .filter(|t| *t <= until)
            .unwrap_or(until)
            .min(limit);
        if next <= c.now() {
            break;
        }
        c.advance_to(next);
    }
    if let Some(q) = &step.question {
        match q.answers.iter().position(|a| a.correct) {
            Some(a) => {
                run.answer(a);
            }
            None if strict => return Err("the question has no correct answer".into()),
            None => {}
        }
    }
    let results = run.evaluate(c).to_vec();
    let failed: Vec<String> = results
        .iter()
        .filter(|r| r.state != CheckState::Passed)
        .map(|r| {
            format!(
                "check {:?} failed: {}",
                r.name,
                r.explanation.clone().unwrap_or_default()
            )
        })
        .collect();
    if strict && !failed.is_empty() {
        return Err(failed.join("\n    "));
    }
    if strict {
        run.advance().map(|_| ())
    } else {
        run.force_advance();
        Ok(())
    }
}

/// A cluster as it stands when step `upto` (0-based) of `lesson` begins: the starting cluster
/// with the solutions of every earlier step played on it. The TUI uses it to resume a saved
/// lesson and to reset a step after a wrong turn, so the cluster matches what the step expects.
pub fn replay(
    lesson: &Lesson,
    source: &Source,
    assets: &Assets,
    upto: usize,
) -> Result<Cluster, String> {
    let mut run = LessonRun::new(lesson.clone(), source.clone());
    let mut c = run.build_cluster(assets)?;
    for _ in 0..upto.min(lesson.steps.len()) {
        play_step(&mut run, &mut c, assets, false)?;
    }
    Ok(c)
}
