//! Drawing: a pure function of the [`App`] onto any ratatui backend's frame. The only state it
//! writes back is layout (cards per row, grid scroll) that key handling needs.

use super::app::{App, DetailKind, Focus, Overlay, Target, grid_rows};
use super::lesson::{Lessons, WELCOME};
use super::model::{CardKind, NodeCard, PodChip, StatusClass};
use super::theme::Theme;
use crate::kubectl::Stream;
use crate::kubectl::duration::translate_timestamp_since;
use crate::lesson::check::CheckState;
use crate::lesson::markdown::{self, Block as MdBlock, Span as MdSpan};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The smallest terminal the screen draws in; below it, a "too small" notice.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Terminal too small: {}x{}\nkubetutor needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\nEnlarge the window, or press q to quit.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let present = app.present;
    let prompt_h = 1 + app.pending.len().min(4) as u16;
    let bottom_h = if present {
        (area.height / 4).clamp(5, 12)
    } else {
        (area.height / 3).clamp(7, 18)
    };
    let top_h = if present { 3 } else { 1 };
    let [top, main, bottom, prompt, hints] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Min(4),
        Constraint::Length(bottom_h),
        Constraint::Length(prompt_h),
        Constraint::Length(1),
    ])
    .areas(area);
    if present {
        draw_big_status(f, app, top);
    } else {
        draw_status(f, app, top);
    }
    let active = app.lessons.active.is_some();
    let lesson_side = !present && area.width >= 120;
    if app.lessons.zoom && (active || lesson_side) {
        draw_lesson(f, app, main);
    } else if lesson_side {
        let w = (area.width * 3 / 10).clamp(36, 80);
        let [g, l] = Layout::horizontal([Constraint::Min(40), Constraint::Length(w)]).areas(main);
        draw_lesson(f, app, l);
        draw_grid(f, app, g);
    } else if active {
        let [l, g] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(main);
        draw_lesson_strip(f, app, l);
        draw_grid(f, app, g);
    } else {
        draw_grid(f, app, main);
    }
    if present {
        draw_output(f, app, bottom, false, false);
    } else {
        match output_width(app, bottom) {
            Some(w) => {
                let [o, e] =
                    Layout::horizontal([Constraint::Length(w), Constraint::Min(0)]).areas(bottom);
                draw_output(f, app, o, !lesson_side && !active, false);
                draw_events(f, app, e);
            }
            None => draw_output(f, app, bottom, !lesson_side && !active, true),
        }
    }
    draw_prompt(f, app, prompt);
    draw_hints(f, app, hints);
    if present && !app.recent.is_empty() {
        draw_recent(f, app, bottom);
    }
    match app.overlay.clone() {
        Overlay::None => {}
        Overlay::Help => draw_help(f, app, area),
        Overlay::Detail {
            kind,
            target,
            scroll,
            text,
        } => draw_detail(f, app, area, kind, &target, scroll, &text),
        Overlay::Editor => draw_editor(f, app, area),
        Overlay::Lessons { sel } => draw_picker(f, app, area, sel),
        Overlay::ConfirmReset => {
            let r = centered(area, 70, 7);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(
                    "s  this step: its hints and answer, and the cluster as the step began\n\
                     l  the whole lesson: step 1 on a fresh cluster\n\
                     any other key: keep everything as it is",
                )
                .wrap(Wrap { trim: false })
                .block(bordered(&app.theme, " Reset what? ", true)),
                r,
            );
        }
        Overlay::ConfirmQuit => {
            let r = centered(area, 50, 5);
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new("The editor has text that was not applied.\nQuit anyway? (y/n)")
                    .block(bordered(&app.theme, " Quit? ", true)),
                r,
            );
        }
    }
}

fn bordered<'a>(theme: &Theme, title: &'a str, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(title, theme.title()))
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn clock(app: &App) -> String {
    app.cluster.now().strftime("%Y-%m-%d %H:%M:%SZ").to_string()
}

fn speed_text(app: &App) -> String {
    let s = app.speed();
    let n = if s.fract() == 0.0 {
        format!("{s:.0}x")
    } else {
        format!("{s}x")
    };
    if app.paused {
        format!("⏸ paused ({n})")
    } else {
        format!("▶ {n}")
    }
}

fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let nodes = app
        .view
        .cards
        .iter()
        .filter(|c| c.kind == CardKind::Node)
        .count();
    let text = format!(
        " kubetutor │ {} │ {} │ {} · {} │ ? help",
        clock(app),
        speed_text(app),
        counted(nodes, "node"),
        counted(app.view.pod_count, "pod")
    );
    f.render_widget(Paragraph::new(text).style(app.theme.bar()), area);
}

/// `1 pod`, `2 pods`: the status bar reads as a sentence on a projector.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

const FONT: [[&str; 3]; 11] = [
    ["█▀█", "█ █", "▀▀▀"],
    [" ▀█", "  █", "  ▀"],
    ["▀▀█", "█▀▀", "▀▀▀"],
    ["▀▀█", " ▀█", "▀▀▀"],
    ["█ █", "▀▀█", "  ▀"],
    ["█▀▀", "▀▀█", "▀▀▀"],
    ["█▀▀", "█▀█", "▀▀▀"],
    ["▀▀█", "  █", "  ▀"],
    ["█▀█", "█▀█", "▀▀▀"],
    ["█▀█", "▀▀█", "▀▀▀"],
    [" ", "▀", "▀"],
];

/// `HH:MM:SS` in three-line block digits, for presenter mode.
pub fn big_text(s: &str) -> [String; 3] {
    let mut out = [String::new(), String::new(), String::new()];
    for ch in s.chars() {
        let glyph = match ch {
            '0'..='9' => FONT[(ch as u8 - b'0') as usize],
            ':' => FONT[10],
            _ => [" ", " ", " "],
        };
        for (o, g) in out.iter_mut().zip(glyph) {
            o.push_str(g);
            o.push(' ');
        }
    }
    out
}

fn draw_big_status(f: &mut Frame, app: &App, area: Rect) {
    let big = big_text(&app.cluster.now().strftime("%H:%M:%S").to_string());
    let width = big[0].chars().count() as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(width + 1)]).areas(area);
    let lines = vec![
        Line::styled(" kubetutor", app.theme.title()),
        Line::raw(format!(" {}", speed_text(app))),
        Line::styled(
            format!(
                " {} · {}",
                app.cluster.now().strftime("%Y-%m-%d"),
                counted(app.view.pod_count, "pod")
            ),
            app.theme.dim(),
        ),
    ];
    f.render_widget(Paragraph::new(lines), left);
    let bl: Vec<Line> = big
        .iter()
        .map(|l| Line::styled(l.clone(), app.theme.title()))
        .collect();
    f.render_widget(Paragraph::new(bl), right);
}

fn trunc(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else if w == 0 {
        String::new()
    } else {
        let mut t: String = s.chars().take(w - 1).collect();
        t.push('…');
        t
    }
}

struct CardGeom {
    width: u16,
    cols: usize,
    condensed: bool,
}

fn geometry(app: &App, area: Rect) -> CardGeom {
    let min_w: u16 = if app.present { 40 } else { 26 };
    let nodes = app
        .view
        .cards
        .iter()
        .filter(|c| c.kind == CardKind::Node)
        .count();
    let cols = ((area.width / min_w).max(1) as usize).min(nodes.max(1));
    // Full cards for as many nodes as fit about four rows; beyond, one line per node.
    let condensed = nodes > cols * 4;
    CardGeom {
        width: area.width / cols as u16,
        cols,
        condensed,
    }
}

fn card_lines(
    app: &App,
    card: &NodeCard,
    idx: usize,
    inner_w: usize,
    condensed: bool,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let selected_card = idx == app.sel_card;
    let mut lines = Vec::new();
    if card.kind == CardKind::Unscheduled {
        for (i, p) in card.pods.iter().enumerate() {
            lines.push(chip_line(
                app,
                p,
                selected_card && app.sel_pod == Some(i),
                inner_w,
            ));
            if let Some(r) = &p.reason {
                lines.push(Line::styled(
                    format!("  ↳ {}", trunc(r, inner_w.saturating_sub(4))),
                    t.warning(),
                ));
            }
        }
        return lines;
    }
    let cordoned = card.status.contains("SchedulingDisabled");
    let mut head = vec![Span::styled(
        card.status.clone(),
        t.node(card.ready, cordoned),
    )];
    if card.role != "<none>" {
        head.push(Span::styled(format!(" · {}", card.role), t.dim()));
    }
    if condensed {
        head.push(Span::raw(" "));
        for (i, p) in card.pods.iter().enumerate() {
            let mut st = t.status(p.class);
            if selected_card && app.sel_pod == Some(i) {
                st = st.patch(t.selected());
            }
            head.push(Span::styled(p.class.symbol(), st));
        }
        lines.push(Line::from(head));
        return lines;
    }
    lines.push(Line::from(head));
    for taint in &card.taints {
        lines.push(Line::styled(
            format!("⚑ {}", trunc(taint, inner_w.saturating_sub(2))),
            t.dim(),
        ));
    }
    if !card.labels.is_empty() {
        lines.push(Line::styled(
            trunc(&card.labels.join(" "), inner_w),
            t.dim(),
        ));
    }
    if card.pods.is_empty() {
        lines.push(Line::styled("(no pods)", t.dim()));
    }
    for (i, p) in card.pods.iter().enumerate() {
        lines.push(chip_line(
            app,
            p,
            selected_card && app.sel_pod == Some(i),
            inner_w,
        ));
        for (claim, phase) in &p.pvcs {
            lines.push(Line::styled(
                trunc(&format!("  ⛁ {claim} {phase}"), inner_w),
                t.dim(),
            ));
        }
    }
    lines
}

fn chip_line(app: &App, p: &PodChip, selected: bool, w: usize) -> Line<'static> {
    let t = &app.theme;
    let owner_idx = app.view.owners.get(&p.owner).copied().unwrap_or(0);
    let mut name_style = t.owner(owner_idx);
    let changed = app.changed.contains_key(&p.uid);
    if changed {
        name_style = name_style.patch(t.changed());
    }
    if selected {
        name_style = name_style.patch(t.selected());
    }
    let ns = if p.namespace == "default" {
        String::new()
    } else {
        format!("{}/", p.namespace)
    };
    let status = if p.class == StatusClass::Ready {
        format!("{}/{}", p.ready.0, p.ready.1)
    } else {
        p.status.clone()
    };
    // The name wins over the status word (the symbol already says the status).
    let avail = w.saturating_sub(2);
    let full = format!("{ns}{}", p.name);
    let name_len = full.chars().count();
    let status_w = status
        .chars()
        .count()
        .min(avail.saturating_sub(name_len + 1).max(5));
    let status = trunc(&status, status_w);
    let name_w = avail.saturating_sub(status.chars().count() + 1).max(4);
    let name = trunc(&full, name_w);
    let pad = name_w.saturating_sub(name.chars().count());
    Line::from(vec![
        Span::styled(p.class.symbol().to_string(), t.status(p.class)),
        Span::raw(" "),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(status, t.status(p.class)),
    ])
}

fn draw_grid(f: &mut Frame, app: &mut App, area: Rect) {
    let g = geometry(app, area);
    app.grid_cols = g.cols;
    let rows = grid_rows(&app.view, g.cols);
    if rows.is_empty() {
        f.render_widget(
            Paragraph::new("No nodes. Add one with `node add NAME` or the a key.").block(bordered(
                &app.theme,
                " Nodes ",
                app.focus == Focus::Grid,
            )),
            area,
        );
        return;
    }
    let inner_w = g.width.saturating_sub(2) as usize;
    // Heights: each card's lines plus borders; the lane spans the full width.
    let height_of = |app: &App, row: &[usize]| -> u16 {
        row.iter()
            .map(|&i| {
                let card = &app.view.cards[i];
                let w = if card.kind == CardKind::Unscheduled {
                    area.width.saturating_sub(2) as usize
                } else {
                    inner_w
                };
                card_lines(app, card, i, w, g.condensed).len() as u16 + 2
            })
            .max()
            .unwrap_or(3)
            .min(area.height)
    };
    let heights: Vec<u16> = rows.iter().map(|r| height_of(app, r)).collect();
    let sel_row = rows
        .iter()
        .position(|r| r.contains(&app.sel_card))
        .unwrap_or(0);
    if sel_row < app.grid_scroll {
        app.grid_scroll = sel_row;
    }
    loop {
        let used: u16 = heights[app.grid_scroll..=sel_row.max(app.grid_scroll)]
            .iter()
            .sum();
        if used <= area.height || app.grid_scroll >= sel_row {
            break;
        }
        app.grid_scroll += 1;
    }
    app.grid_scroll = app.grid_scroll.min(rows.len() - 1);
    let mut y = area.y;
    for (r, row) in rows.iter().enumerate().skip(app.grid_scroll) {
        if y >= area.bottom() || (r > app.grid_scroll && y + heights[r] > area.bottom()) {
            break;
        }
        let h = heights[r].min(area.bottom() - y);
        for (c, &i) in row.iter().enumerate() {
            let card = &app.view.cards[i];
            let (x, w) = if card.kind == CardKind::Unscheduled {
                (area.x, area.width)
            } else {
                (area.x + c as u16 * g.width, g.width)
            };
            let rect = Rect::new(x, y, w, h);
            let selected = i == app.sel_card && app.sel_pod.is_none();
            let focused = i == app.sel_card;
            let title = if card.kind == CardKind::Unscheduled {
                format!(" Pending: no node can take these ({}) ", card.pods.len())
            } else {
                format!(" {} ", card.name)
            };
            let title_style = if selected {
                app.theme.title().patch(app.theme.selected())
            } else {
                app.theme.title()
            };
            let mut border = app.theme.border(focused);
            if focused {
                border = border.add_modifier(Modifier::BOLD);
            }
            if card.kind == CardKind::Unscheduled {
                border = app.theme.warning();
            }
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(border)
                .title(Span::styled(
                    trunc(&title, w.saturating_sub(2) as usize),
                    title_style,
                ));
            let mut lines = card_lines(app, card, i, w.saturating_sub(2) as usize, g.condensed);
            let room = h.saturating_sub(2) as usize;
            if lines.len() > room && room > 0 {
                let hidden = lines.len() - room + 1;
                // Keep the selected chip in view: drop lines from the top when it is below.
                lines.truncate(room - 1);
                lines.push(Line::styled(
                    format!("… {hidden} more lines"),
                    app.theme.dim(),
                ));
            }
            f.render_widget(Paragraph::new(lines).block(block), rect);
        }
        y += h;
    }
    if app.grid_scroll > 0 || y > area.bottom() || rows.len() > app.grid_scroll + 1 {
        let shown_last = {
            let mut yy = 0u16;
            let mut last = app.grid_scroll;
            for (r, h) in heights.iter().enumerate().skip(app.grid_scroll) {
                if yy + h > area.height {
                    break;
                }
                yy += h;
                last = r;
            }
            last
        };
        if app.grid_scroll > 0 || shown_last + 1 < rows.len() {
            let label = format!(
                " rows {}-{} of {} ",
                app.grid_scroll + 1,
                shown_last + 1,
                rows.len()
            );
            let w = label.chars().count() as u16;
            if area.width > w + 2 {
                f.render_widget(
                    Paragraph::new(label).style(app.theme.dim().add_modifier(Modifier::REVERSED)),
                    Rect::new(area.right() - w - 1, area.bottom() - 1, w, 1),
                );
            }
        }
    }
}

/// Word-wraps styled runs into lines at most `w` columns wide; the first line starts with
/// `prefix`, the others with `indent` spaces. Lesson text is wrapped here rather than by the
/// paragraph widget so the pane knows how many lines it has to scroll.
fn wrap(
    prefix: Vec<Span<'static>>,
    runs: Vec<(String, Style)>,
    w: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let w = w.max(indent + 4);
    let mut out = Vec::new();
    let mut col: usize = prefix.iter().map(|s| s.content.chars().count()).sum();
    let mut cur: Vec<Span<'static>> = prefix;
    let mut empty = true;
    let newline = |out: &mut Vec<Line<'static>>, cur: &mut Vec<Span<'static>>, col: &mut usize| {
        out.push(Line::from(std::mem::take(cur)));
        cur.push(Span::raw(" ".repeat(indent)));
        *col = indent;
    };
    for (text, style) in runs {
        let mut tokens: Vec<String> = Vec::new();
        for ch in text.chars() {
            let ws = ch == ' ';
            match tokens.last_mut() {
                Some(t) if t.starts_with(' ') == ws => t.push(ch),
                _ => tokens.push(ch.to_string()),
            }
        }
        for t in tokens {
            if t.starts_with(' ') {
                let len = t.chars().count();
                if empty {
                    continue;
                }
                if col + len <= w {
                    cur.push(Span::styled(t, style));
                    col += len;
                } else {
                    newline(&mut out, &mut cur, &mut col);
                    empty = true;
                }
                continue;
            }
            let mut word: Vec<char> = t.chars().collect();
            loop {
                if col + word.len() <= w {
                    cur.push(Span::styled(word.iter().collect::<String>(), style));
                    col += word.len();
                    empty = false;
                    break;
                }
                if !empty {
                    newline(&mut out, &mut cur, &mut col);
                    empty = true;
                    continue;
                }
                let room = w.saturating_sub(col).max(1);
                cur.push(Span::styled(word[..room].iter().collect::<String>(), style));
                word.drain(..room);
                newline(&mut out, &mut cur, &mut col);
                if word.is_empty() {
                    break;
                }
            }
        }
    }
    if !empty || out.is_empty() {
        out.push(Line::from(cur));
    }
    out
}

fn md_runs(spans: &[MdSpan], theme: &Theme, base: Style) -> Vec<(String, Style)> {
    spans
        .iter()
        .map(|s| match s {
            MdSpan::Text(t) => (t.clone(), base),
            MdSpan::Strong(t) => (t.clone(), base.add_modifier(Modifier::BOLD)),
            MdSpan::Emphasis(t) => (t.clone(), base.add_modifier(Modifier::ITALIC)),
            MdSpan::Code(t) => (t.clone(), theme.code()),
        })
        .collect()
}

fn plain(s: &str, style: Style) -> Vec<(String, Style)> {
    vec![(s.to_string(), style)]
}

/// Lesson Markdown as lines `w` columns wide.
fn md_lines(blocks: &[MdBlock], theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            MdBlock::Heading(_, sp) => out.extend(wrap(
                vec![],
                md_runs(sp, theme, theme.title().add_modifier(Modifier::UNDERLINED)),
                w,
                0,
            )),
            MdBlock::Paragraph(sp) => {
                out.extend(wrap(vec![], md_runs(sp, theme, Style::default()), w, 0))
            }
            MdBlock::List(numbered, items) => {
                for (i, it) in items.iter().enumerate() {
                    let p = if *numbered {
                        format!("{}. ", i + 1)
                    } else {
                        "• ".to_string()
                    };
                    let n = p.chars().count();
                    out.extend(wrap(
                        vec![Span::raw(p)],
                        md_runs(it, theme, Style::default()),
                        w,
                        n,
                    ));
                }
            }
            MdBlock::Code(_, body) => out.extend(code_lines(body, theme, w)),
        }
        out.push(Line::raw(""));
    }
    while out.last().is_some_and(|l| l.width() == 0) {
        out.pop();
    }
    out
}

/// Code, cut into `w`-wide pieces (tables and manifests keep every character).
fn code_lines(body: &str, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let w = w.saturating_sub(2).max(8);
    let mut out = Vec::new();
    for l in body.lines() {
        let chars: Vec<char> = l.chars().collect();
        if chars.is_empty() {
            out.push(Line::raw(""));
        }
        for c in chars.chunks(w) {
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(c.iter().collect::<String>(), theme.code()),
            ]));
        }
    }
    out
}

fn welcome_lines(theme: &Theme, w: usize) -> Vec<Line<'static>> {
    md_lines(&markdown::parse(WELCOME), theme, w)
}

/// `1m30s` for a number of seconds.
fn short_duration(secs: i64) -> String {
    let secs = secs.max(0);
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

fn check_symbol(theme: &Theme, st: CheckState) -> Span<'static> {
    match st {
        CheckState::Passed => Span::styled("✓ ", theme.status(StatusClass::Ready)),
        CheckState::Waiting => Span::styled("◌ ", theme.status(StatusClass::Pending)),
        CheckState::Failed => Span::styled("✗ ", theme.status(StatusClass::Error)),
    }
}

/// The lesson pane's title and lines at width `w`.
fn lesson_content(app: &App, w: usize) -> (String, Vec<Line<'static>>) {
    let t = &app.theme;
    let lessons: &Lessons = &app.lessons;
    let Some(a) = &lessons.active else {
        return ("Welcome to kubetutor".into(), welcome_lines(t, w));
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    if let Some(e) = &a.error {
        out.extend(wrap(
            vec![Span::styled("⚠ ", t.warning())],
            plain(
                &format!("The lesson file has an error (the last good version stays in use): {e}"),
                t.warning(),
            ),
            w,
            2,
        ));
        out.push(Line::raw(""));
    }
    if a.run.is_finished() {
        let s = a.run.summary();
        out.extend(wrap(vec![], plain(&s.title, t.title()), w, 0));
        out.push(Line::raw(""));
        let mut facts = format!(
            "{} of {} steps done · {} hints used",
            s.completed, s.total, s.hints_used
        );
        if s.questions > 0 {
            facts.push_str(&format!(
                " · {} of {} questions right at the first try",
                s.first_try_right, s.questions
            ));
        }
        out.extend(wrap(vec![], plain(&facts, Style::default()), w, 0));
        out.push(Line::raw(""));
        for (i, (title, done)) in s.steps.iter().enumerate() {
            let sym = if *done {
                check_symbol(t, CheckState::Passed)
            } else {
                Span::styled("· ", t.dim())
            };
            out.extend(wrap(
                vec![sym],
                plain(&format!("{}. {title}", i + 1), Style::default()),
                w,
                2,
            ));
        }
        out.push(Line::raw(""));
        out.extend(wrap(
            vec![],
            plain("L picks another lesson · R starts this one over", t.dim()),
            w,
            0,
        ));
        return (format!("{}: finished", a.run.lesson().title), out);
    }
    let v = a.run.current_view(&lessons.library.assets);
    out.extend(md_lines(&v.blocks, t, w));
    out.push(Line::raw(""));
    // The checks, each with its status and, when not met, what the cluster shows instead.
    out.push(Line::styled("Checks", t.title()));
    if v.checks.is_empty() && v.question.is_none() {
        out.push(Line::styled("(none)", t.dim()));
    }
    let left = a
        .run
        .waiting_until(&app.cluster)
        .map(|u| u.duration_since(app.cluster.now()).as_secs());
    for (i, c) in v.checks.iter().enumerate() {
        let mut name = c.name.clone();
        if c.state == CheckState::Waiting
            && let Some(s) = left
        {
            name.push_str(&format!(" (waiting, up to {} more)", short_duration(s)));
        }
        out.extend(wrap(
            vec![check_symbol(t, c.state)],
            plain(&name, Style::default()),
            w,
            2,
        ));
        if let Some(why) = &c.explanation {
            let style = if c.state == CheckState::Failed {
                t.warning()
            } else {
                t.dim()
            };
            out.extend(wrap(
                vec![Span::styled("  ↳ ", style)],
                plain(why, style),
                w,
                4,
            ));
        }
        let _ = i;
    }
    if v.checks.is_empty() && v.question.is_some() {
        out.push(Line::styled("(the question below)", t.dim()));
    }
    if let Some(q) = &v.question {
        out.push(Line::raw(""));
        out.extend(wrap(
            vec![Span::styled("? ", t.title())],
            plain(&q.prompt, t.title()),
            w,
            2,
        ));
        for (i, ans) in q.answers.iter().enumerate() {
            let chosen = q.chosen == Some(i);
            let style = if chosen {
                t.selected()
            } else {
                Style::default()
            };
            out.extend(wrap(
                vec![Span::raw(format!("  {}. ", i + 1))],
                plain(ans, style),
                w,
                5,
            ));
        }
        match &q.feedback {
            Some((true, why)) => out.extend(wrap(
                vec![check_symbol(t, CheckState::Passed)],
                plain(&format!("Right. {why}"), Style::default()),
                w,
                2,
            )),
            Some((false, why)) => {
                out.extend(wrap(
                    vec![check_symbol(t, CheckState::Failed)],
                    plain(&format!("Not quite. {why}"), t.warning()),
                    w,
                    2,
                ));
                out.push(Line::styled(
                    format!("Try another: keys 1-{}", q.answers.len()),
                    t.dim(),
                ));
            }
            None => out.push(Line::styled(
                format!(
                    "Answer with keys 1-{} (Esc leaves the prompt)",
                    q.answers.len()
                ),
                t.dim(),
            )),
        }
    }
    for (i, h) in v.hints.iter().enumerate() {
        out.push(Line::raw(""));
        let mut runs = vec![(format!("Hint {}: ", i + 1), t.title())];
        runs.extend(md_runs(&markdown::inline(h), t, Style::default()));
        out.extend(wrap(vec![], runs, w, 2));
    }
    out.push(Line::raw(""));
    if v.complete {
        out.extend(wrap(
            vec![check_symbol(t, CheckState::Passed)],
            plain("Step done.", t.status(StatusClass::Ready)),
            w,
            2,
        ));
        if let Some(ex) = &v.explain {
            out.extend(md_lines(ex, t, w));
        }
        let next = if v.index + 1 >= v.total {
            "N (or Enter on an empty prompt) finishes the lesson"
        } else {
            "N (or Enter on an empty prompt) goes to the next step"
        };
        out.extend(wrap(vec![], plain(next, t.title()), w, 0));
        out.push(Line::raw(""));
    }
    match a.run.suggestions().get(a.suggest_idx) {
        Some(s) => out.extend(wrap(
            vec![Span::styled("n / Ctrl-N pastes: ", t.dim())],
            plain(s, t.code()),
            w,
            2,
        )),
        None if !a.run.suggestions().is_empty() => {
            out.push(Line::styled("(all suggested commands used)", t.dim()))
        }
        None => {}
    }
    let mut keys = String::new();
    if v.hints_left > 0 {
        keys.push_str(&format!("h hint ({} left) · ", v.hints_left));
    }
    keys.push_str("R reset · L lessons");
    out.extend(wrap(vec![], plain(&keys, t.dim()), w, 0));
    for (path, text) in &v.files {
        out.push(Line::raw(""));
        out.push(Line::styled(format!("{path}:"), t.title()));
        out.extend(code_lines(text, t, w));
    }
    (
        format!("Step {}/{} · {}", v.index + 1, v.total, v.title),
        out,
    )
}

fn draw_lesson(f: &mut Frame, app: &mut App, area: Rect) {
    let w = area.width.saturating_sub(2) as usize;
    let (title, lines) = lesson_content(app, w);
    let h = area.height.saturating_sub(2) as usize;
    let max = lines.len().saturating_sub(h);
    app.lessons.scroll = app.lessons.scroll.min(max);
    let sc = app.lessons.scroll;
    let title = format!(" {} ", trunc(&title, w.saturating_sub(2)));
    let mut block = bordered(&app.theme, &title, false);
    if max > 0 {
        let more = if sc < max { "↓" } else { "end" };
        block = block.title_bottom(
            Line::styled(
                format!(
                    " {}-{}/{} {more} · j/k J/K scroll · z zoom ",
                    sc + 1,
                    (sc + h).min(lines.len()),
                    lines.len()
                ),
                app.theme.dim(),
            )
            .right_aligned(),
        );
    }
    f.render_widget(Paragraph::new(lines[sc..].to_vec()).block(block), area);
}

/// The lesson on a small screen: the step's title, where it stands and what to do next, in
/// three rows above the grid (`z` shows all of it).
fn draw_lesson_strip(f: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let Some(a) = &app.lessons.active else {
        return;
    };
    let w = area.width as usize;
    let (title, status, next): (String, Line, String) = if a.run.is_finished() {
        let s = a.run.summary();
        (
            format!("{}: finished", s.title),
            Line::from(vec![
                check_symbol(t, CheckState::Passed),
                Span::raw(format!("{} of {} steps done", s.completed, s.total)),
            ]),
            "z summary · L another lesson · R start over".into(),
        )
    } else {
        let v = a.run.current_view(&app.lessons.library.assets);
        let status = if let Some(e) = &a.error {
            Line::styled(format!("⚠ lesson file error: {e}"), t.warning())
        } else if v.complete {
            Line::from(vec![
                check_symbol(t, CheckState::Passed),
                Span::styled(
                    "Step done. N: next step · z: why it worked",
                    t.status(StatusClass::Ready),
                ),
            ])
        } else if let Some(c) = v.checks.iter().find(|c| c.state != CheckState::Passed) {
            let why = c.explanation.clone().unwrap_or_default();
            let style = if c.state == CheckState::Failed {
                t.warning()
            } else {
                Style::default()
            };
            let done = v
                .checks
                .iter()
                .filter(|c| c.state == CheckState::Passed)
                .count();
            Line::from(vec![
                check_symbol(t, c.state),
                Span::styled(
                    trunc(
                        &format!("{done}/{} · {}: {why}", v.checks.len(), c.name),
                        w.saturating_sub(2),
                    ),
                    style,
                ),
            ])
        } else if let Some(q) = &v.question {
            Line::from(vec![
                Span::styled("? ", t.title()),
                Span::raw(trunc(
                    &format!("{} (z to read, keys 1-{})", q.prompt, q.answers.len()),
                    w.saturating_sub(2),
                )),
            ])
        } else {
            Line::raw("")
        };
        let next = match a.run.suggestions().get(a.suggest_idx) {
            Some(s) => format!("n pastes: {s}"),
            None => "z read the step · h hint · R reset".into(),
        };
        (
            format!("Step {}/{} · {}", v.index + 1, v.total, v.title),
            status,
            next,
        )
    };
    let title = format!(" {} · z more ", trunc(&title, w.saturating_sub(12)));
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border(false))
        .title(Span::styled(title, t.title()));
    let lines = vec![status, Line::styled(trunc(&next, w), t.dim())];
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_picker(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    let t = &app.theme;
    let lib = &app.lessons.library;
    let n = lib.lessons.len();
    let issues = lib.issues.len().min(6);
    let want_h = (n * 3 + 4 + if issues > 0 { issues + 2 } else { 0 }) as u16;
    let r = centered(
        area,
        96.min(area.width.saturating_sub(2)),
        want_h.max(8).min(area.height),
    );
    f.render_widget(Clear, r);
    let w = r.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if n == 0 {
        lines.push(Line::styled("No lessons to show.", t.warning()));
    }
    for (i, l) in lib.lessons.iter().enumerate() {
        let st = app.lessons.standing(&l.lesson.id);
        let head = format!("{}. {}", i + 1, l.lesson.title);
        let style = if i == sel {
            t.title().patch(t.selected())
        } else {
            t.title()
        };
        let mark = if i == sel { "▸ " } else { "  " };
        lines.push(Line::from(vec![
            Span::styled(mark, t.title()),
            Span::styled(trunc(&head, w.saturating_sub(2)), style),
        ]));
        let st_style = match st {
            super::lesson::Standing::Done => t.status(StatusClass::Ready),
            super::lesson::Standing::AtStep(..) => t.status(StatusClass::Pending),
            super::lesson::Standing::NotStarted => t.dim(),
        };
        lines.push(Line::from(vec![
            Span::raw("     "),
            Span::styled(
                format!(
                    "{} min · {} steps · ",
                    l.lesson.minutes,
                    l.lesson.steps.len()
                ),
                t.dim(),
            ),
            Span::styled(st.words(), st_style),
        ]));
        lines.push(Line::styled(
            format!("     {}", trunc(&l.lesson.summary, w.saturating_sub(5))),
            t.dim(),
        ));
    }
    if issues > 0 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("⚠ {} problems in the lesson files:", lib.issues.len()),
            t.warning(),
        ));
        for i in lib.issues.iter().take(6) {
            lines.push(Line::styled(trunc(&i.to_string(), w), t.warning()));
        }
    }
    let room = r.height.saturating_sub(2) as usize;
    let first = (sel * 3 + 3).saturating_sub(room);
    let block = bordered(t, " Lessons ", true).title_bottom(
        Line::styled(
            " ↑↓ choose · Enter open · f free play · Esc close ",
            t.dim(),
        )
        .right_aligned(),
    );
    f.render_widget(
        Paragraph::new(lines[first.min(lines.len())..].to_vec()).block(block),
        r,
    );
}

/// The narrowest the events pane gets beside a widened output pane: below this it gives way.
const EVENTS_MIN_WIDTH: u16 = 30;

/// The output pane's width beside the events pane in the bottom `area`, or `None` when it takes
/// the whole width. It is 45% (the events 55%) unless a result line in view is wider than
/// that: then it widens to fit the line, as far as leaving the events pane
/// [`EVENTS_MIN_WIDTH`]. Past that, a line of output (a table such as `kubectl get pods -o
/// wide`, `describe`, logs) takes the whole width, so it reads as a terminal that wide shows
/// it, not wrapped, until it scrolls out of view; an error message wraps beside the events
/// instead, as prose reads well wrapped. Echoed commands and kubetutor's own notes never widen it.
fn output_width(app: &App, area: Rect) -> Option<u16> {
    let [default, _] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let rows = area.height.saturating_sub(2) as usize;
    let full = area.width.max(1) as usize;
    let end = app.output.len().saturating_sub(shown_scroll(app));
    // The lines in view, newest first, each taking the rows it takes across the whole width.
    let (mut used, mut out, mut err) = (0, 0, 0);
    for l in app.output[..end].iter().rev() {
        if used >= rows {
            break;
        }
        let n = l.text.chars().count();
        used += rows_of(l, full);
        match l.stream {
            Some(Stream::Out) => out = out.max(n),
            Some(Stream::Err) => err = err.max(n),
            None => {}
        }
    }
    // Beside the events a pane needs its two side borders; taking the whole row, it drops them.
    let need = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).saturating_add(2);
    let (need_out, need) = (need(out), need(out.max(err)));
    let most = area.width.saturating_sub(EVENTS_MIN_WIDTH);
    if need <= default.width {
        Some(default.width)
    } else if need <= most {
        Some(need)
    } else if need_out > most {
        None
    } else {
        Some(most.max(default.width))
    }
}

/// The rows an output line takes wrapped at `width` columns (an empty line takes one).
fn rows_of(l: &super::app::OutLine, width: usize) -> usize {
    l.text.chars().count().div_ceil(width.max(1)).max(1)
}

/// How many lines the output pane shows scrolled up: what the learner asked, but no further
/// than keeps the pane full (after a resize or `clear` it may have asked more).
fn shown_scroll(app: &App) -> usize {
    app.output_scroll.min(app.output_scroll_max.get())
}

/// Draws the output pane; `full` says it took the events pane's place (see [`output_width`]),
/// which its title says, so the events are not simply gone.
fn draw_output(f: &mut Frame, app: &App, area: Rect, lesson_when_empty: bool, full: bool) {
    let focused = app.focus == Focus::Prompt;
    if app.output.is_empty() && lesson_when_empty {
        let w = area.width.saturating_sub(2) as usize;
        f.render_widget(
            Paragraph::new(welcome_lines(&app.theme, w)).block(bordered(
                &app.theme,
                " Welcome to kubetutor ",
                focused,
            )),
            area,
        );
        return;
    }
    let h = area.height.saturating_sub(2) as usize;
    // Taking the whole row, the pane drops its side borders: its lines get the terminal's
    // every column, as they would in a terminal (a 120-column `-o wide` table is 119 wide).
    let side = if full { 0 } else { 2 };
    let w = area.width.saturating_sub(side).max(1) as usize;
    // Scrolled up no further than shows the oldest line at the pane's top: the most lines from
    // the first that fit the pane stay in view.
    let mut filled = 0;
    let fill = app
        .output
        .iter()
        .position(|l| {
            filled += rows_of(l, w);
            filled > h
        })
        .map_or(app.output.len(), |i| i.max(1));
    app.output_scroll_max
        .set(app.output.len().saturating_sub(fill));
    let scroll = shown_scroll(app);
    let end = app.output.len().saturating_sub(scroll);
    // Wrap long lines (errors, events) at the pane's width, newest at the bottom.
    let mut lines: Vec<Line> = Vec::new();
    for l in app.output[..end].iter().rev() {
        let style = match l.stream {
            None => app.theme.title(),
            Some(Stream::Err) => app.theme.warning(),
            Some(Stream::Out) => Style::default(),
        };
        let chars: Vec<char> = l.text.chars().collect();
        let mut pieces: Vec<String> = chars.chunks(w).map(|c| c.iter().collect()).collect();
        if pieces.is_empty() {
            pieces.push(String::new());
        }
        for p in pieces.into_iter().rev() {
            lines.push(Line::styled(p, style));
        }
        if lines.len() >= h {
            break;
        }
    }
    lines.truncate(h);
    lines.reverse();
    // What the title says besides its name: how far it is scrolled, and that it took the
    // events' place.
    let mut notes = Vec::new();
    if scroll > 0 {
        notes.push(format!("↑{scroll} · PgDn"));
    }
    if full {
        notes.push("wide: events hidden".to_string());
    }
    let title = if notes.is_empty() {
        " Output ".to_string()
    } else {
        format!(" Output ({}) ", notes.join(" · "))
    };
    let mut block = bordered(&app.theme, &title, focused);
    if full {
        block = block.borders(Borders::TOP | Borders::BOTTOM);
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_events(f: &mut Frame, app: &App, area: Rect) {
    let now = app.cluster.now();
    let filter = app.events_filter.to_lowercase();
    let inner_w = area.width.saturating_sub(2) as usize;
    let wide = inner_w >= 80;
    let rows = area.height.saturating_sub(2) as usize;
    // Newest first, read from the store's time index: a screenful, however many events there are.
    let events = app.cluster.store.events_newest_first();
    let lines: Vec<Line> = events
        .filter_map(|e| {
            let age = translate_timestamp_since(
                e.last_timestamp.as_ref().or(e.first_timestamp.as_ref()),
                now,
            );
            let obj = format!(
                "{}/{}",
                e.involved_object
                    .kind
                    .clone()
                    .unwrap_or_default()
                    .to_lowercase(),
                e.involved_object.name.clone().unwrap_or_default()
            );
            let ty = e.type_.clone().unwrap_or_default();
            let reason = e.reason.clone().unwrap_or_default();
            let msg = e.message.clone().unwrap_or_default();
            let text = if wide {
                format!("{age:>5} {ty:<7} {reason:<18} {obj:<28} {msg}")
            } else {
                format!("{age:>4} {reason} {obj}: {msg}")
            };
            if !filter.is_empty() && !text.to_lowercase().contains(&filter) {
                return None;
            }
            let style = if ty == "Warning" {
                app.theme.warning()
            } else {
                Style::default()
            };
            Some(Line::styled(trunc(&text, inner_w), style))
        })
        .take(rows)
        .collect();
    let title = match (app.focus == Focus::Filter, app.events_filter.is_empty()) {
        (true, _) => format!(" Events · filter: {}▏ ", app.events_filter),
        (false, false) => format!(" Events · filter: {} (Esc clears) ", app.events_filter),
        (false, true) => " Events (newest first · / filters) ".to_string(),
    };
    let mut lines = lines;
    if wide && !lines.is_empty() {
        lines.insert(
            0,
            Line::styled(
                trunc(
                    &format!(
                        "{:>5} {:<7} {:<18} {:<28} {}",
                        "AGE", "TYPE", "REASON", "OBJECT", "MESSAGE"
                    ),
                    inner_w,
                ),
                app.theme.dim(),
            ),
        );
        lines.truncate(area.height.saturating_sub(2) as usize);
    }
    f.render_widget(
        Paragraph::new(lines).block(bordered(&app.theme, &title, app.focus == Focus::Filter)),
        area,
    );
}

fn draw_prompt(f: &mut Frame, app: &App, area: Rect) {
    let mut lines: Vec<Line> = Vec::new();
    let skip = app.pending.len().saturating_sub(4);
    for (i, p) in app.pending.iter().enumerate().skip(skip) {
        let pre = if i == 0 { "$ " } else { "> " };
        lines.push(Line::styled(format!("{pre}{p}"), app.theme.dim()));
    }
    let pre = if app.pending.is_empty() { "$ " } else { "> " };
    if app.focus == Focus::Prompt {
        lines.push(Line::from(vec![
            Span::styled(pre, app.theme.title()),
            Span::raw(app.input.clone()),
        ]));
    } else {
        lines.push(Line::styled(
            format!("{pre}press : to type a command"),
            app.theme.dim(),
        ));
    }
    // Keep the prompt's end in view on a narrow terminal.
    let w = area.width as usize;
    let cursor_col = 2 + app.cursor;
    let hscroll = cursor_col.saturating_sub(w.saturating_sub(1));
    f.render_widget(Paragraph::new(lines).scroll((0, hscroll as u16)), area);
    if app.focus == Focus::Prompt && app.overlay == Overlay::None {
        f.set_cursor_position(Position::new(
            area.x + (cursor_col - hscroll) as u16,
            area.bottom() - 1,
        ));
    }
}

fn draw_hints(f: &mut Frame, app: &App, area: Rect) {
    let text = if let Some(m) = &app.message {
        m.clone()
    } else {
        match (app.focus, &app.overlay) {
            (_, Overlay::Editor) => "Ctrl-S apply · Esc close (text is kept) · Tab indents".into(),
            (_, Overlay::Detail { .. }) => "↑↓ PgUp PgDn scroll · d describe · y YAML · l logs · Esc back".into(),
            (_, Overlay::Lessons { .. }) => "↑↓ choose · Enter open the lesson · f free play (no lesson) · Esc close".into(),
            (_, Overlay::ConfirmReset) => "s reset this step · l reset the whole lesson · any other key cancels".into(),
            (Focus::Prompt, _) if app.lessons.active.is_some() => "Enter run · Ctrl-N paste the suggested command · Enter on empty: next step when done · Tab complete · ↑↓ history · Esc grid".into(),
            (Focus::Grid, _) if app.lessons.active.is_some() => "n paste suggestion · N next step · h hint · 1-9 answer · z zoom lesson · j/k scroll · R reset · L lessons · : command · ? help · q quit".into(),
            (Focus::Prompt, _) => "Enter run · Tab complete · ↑↓ history · PgUp/PgDn output · Ctrl-E editor · Esc grid".into(),
            (Focus::Filter, _) => "type to filter events · Enter keep · Esc clear".into(),
            (Focus::Grid, _) => ": command · L lessons · ←↑↓→ select · d/y/l describe/yaml/logs · space pause · +/- speed · . step · a add node · f/r fail/recover · c cordon · x delete pod · e editor · ? help · q quit".into(),
        }
    };
    f.render_widget(
        Paragraph::new(trunc(&text, area.width as usize)).style(app.theme.dim()),
        area,
    );
}

fn draw_recent(f: &mut Frame, app: &App, area: Rect) {
    let w = app
        .recent
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, 40) as u16
        + 4;
    let h = (app.recent.len() as u16 + 2).min(area.height);
    if area.width <= w || h < 3 {
        return;
    }
    let r = Rect::new(area.right() - w, area.bottom() - h, w, h);
    let skip = app.recent.len().saturating_sub(h as usize - 2);
    let lines: Vec<Line> = app
        .recent
        .iter()
        .skip(skip)
        .map(|s| Line::styled(trunc(s, w as usize - 2), app.theme.title()))
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(bordered(&app.theme, " keys ", true)),
        r,
    );
}

/// The key reference the `?` popup shows.
pub const HELP: &str = "\
Grid (the default focus)
  ← → ↑ ↓       select a node or one of its pods     PgUp/PgDn Home/End   move faster
  Enter, d      describe the selection                y   YAML             l   logs
  :  or  i      type a command at the prompt          /   filter events    e   manifest editor
  space         pause / resume virtual time           +/- speed 0.25x..60x  .  step 1s (paused)
  a             add a node                            f / r  fail / recover the selected node
  c             cordon / uncordon the selected node   x   delete the selected pod
  q, Ctrl-C     quit                                  ?   this help (Esc closes)

Lessons
  L  lesson list    n  paste the next suggested command (Ctrl-N at the prompt)
  N  next step once done (or Enter on an empty prompt)    h  reveal a hint
  1-9  answer the question    z  zoom the lesson pane    j/k J/K  scroll it
  R  reset: this step (cluster as it began) or the whole lesson

Prompt
  kubectl ... | k ... | sleep 5m | node add|fail|recover|remove NAME | clear
  heredocs work:  cat <<EOF | kubectl apply -f -   (lines collect until EOF)
  Enter run · Tab complete · ↑/↓ history · PgUp/PgDn scroll output · Ctrl-E editor · Esc grid

Views (describe, YAML, logs)
  ↑ ↓ PgUp PgDn scroll · d / y / l switch view · Esc back

Editor
  type a manifest · Ctrl-S apply it (kubectl apply -f -) · Esc close, text is kept

Pod symbols
";

fn draw_help(f: &mut Frame, app: &App, area: Rect) {
    let r = centered(area, 104, 30);
    f.render_widget(Clear, r);
    let mut lines: Vec<Line> = HELP.lines().map(|l| Line::raw(l.to_string())).collect();
    let mut legend = vec![Span::raw("  ")];
    for c in StatusClass::ALL {
        legend.push(Span::styled(c.symbol(), app.theme.status(c)));
        legend.push(Span::raw(format!(" {}  ", c.label())));
    }
    lines.push(Line::from(legend));
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(bordered(&app.theme, " Keys ", true)),
        r,
    );
}

fn draw_detail(
    f: &mut Frame,
    app: &App,
    area: Rect,
    kind: DetailKind,
    target: &Target,
    scroll: usize,
    text: &str,
) {
    let r = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, r);
    let what = match target {
        Target::Node(n) => format!("node/{n}"),
        Target::Pod { namespace, name } if namespace == "default" => format!("pod/{name}"),
        Target::Pod { namespace, name } => format!("pod/{name} -n {namespace}"),
    };
    let verb = match kind {
        DetailKind::Describe => "describe",
        DetailKind::Yaml => "get -o yaml",
        DetailKind::Logs => "logs",
    };
    let total = text.lines().count();
    let title = format!(
        " {verb} {what} · line {}/{} · Esc back ",
        (scroll + 1).min(total.max(1)),
        total
    );
    f.render_widget(
        Paragraph::new(text.to_string())
            .scroll((scroll.min(u16::MAX as usize) as u16, 0))
            .block(bordered(&app.theme, &title, true)),
        r,
    );
}

fn draw_editor(f: &mut Frame, app: &App, area: Rect) {
    let r = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, r);
    let ed = &app.editor;
    let h = r.height.saturating_sub(2) as usize;
    let top = ed.row.saturating_sub(h.saturating_sub(1));
    let mut lines: Vec<Line> = ed
        .lines
        .iter()
        .skip(top)
        .take(h)
        .map(|l| Line::raw(l.clone()))
        .collect();
    if ed.lines.len() == 1 && ed.lines[0].is_empty() {
        lines = vec![Line::styled(
            "Type a manifest (apiVersion: ..., kind: ...), then Ctrl-S to apply it.",
            app.theme.dim(),
        )];
    }
    let title = if ed.dirty {
        " Manifest editor [modified] · Ctrl-S apply · Esc close "
    } else {
        " Manifest editor · Ctrl-S apply · Esc close "
    };
    f.render_widget(
        Paragraph::new(lines).block(bordered(&app.theme, title, true)),
        r,
    );
    let x = r.x + 1 + ed.col.min(r.width.saturating_sub(3) as usize) as u16;
    let y = r.y + 1 + (ed.row - top) as u16;
    f.set_cursor_position(Position::new(x, y));
}

/// Draws one frame on any backend (the terminal loop and the snapshot tests both use it).
pub fn draw_frame<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App,
) -> Result<(), B::Error> {
    terminal.draw(|f| draw(f, app))?;
    app.dirty = false;
    Ok(())
}
