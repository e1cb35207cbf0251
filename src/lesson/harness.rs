//! `kubetutor lessons test`: runs every step's solution headlessly on a fresh cluster and asserts
//! that every check passes, so CI proves each lesson can be finished.

use super::check::CheckState;
use super::load::{Assets, LoadedLesson};
use super::runner::LessonRun;
use crate::runner::{parse_script, run_command};
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
    for (i, step) in lesson.steps.iter().enumerate() {
        run.evaluate(&c);
        for sol in &step.solution {
            let cmds = match parse_script(sol) {
                Ok(c) => c,
                Err(e) => return vec![fail(i, format!("solution {sol:?}: {e}"))],
            };
            for cmd in cmds {
                let out = run_command(&mut c, &cmd, assets);
                if out.code != 0 {
                    return vec![fail(
                        i,
                        format!(
                            "solution command `{}` failed: {}",
                            cmd.line,
                            out.text().trim_end()
                        ),
                    )];
                }
                run.note_command(&cmd.line, &c);
                run.evaluate(&c);
            }
        }
        // Let the simulation run while a `within` check waits, as the TUI clock would.
        let limit = c.now().checked_add(MAX_WAIT).unwrap_or(c.now());
        loop {
            run.evaluate(&c);
            let Some(until) = run.waiting_until(&c) else {
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
                None => return vec![fail(i, "the question has no correct answer".into())],
            }
        }
        let results = run.evaluate(&c).to_vec();
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
        if !failed.is_empty() {
            return vec![fail(i, failed.join("\n    "))];
        }
        if let Err(e) = run.advance() {
            return vec![fail(i, e)];
        }
    }
    Vec::new()
}
