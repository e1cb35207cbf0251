//! Drawing: a pure function of the [`App`] onto any ratatui backend's frame. The only state it
//! writes back is layout (cards per row, grid scroll) that key handling needs.

use super::app::{App, DetailKind, Focus, Overlay, Target, grid_rows};
use super::lesson::{CheckStatus, LessonPane};
use super::model::{CardKind, NodeCard, PodChip, StatusClass};
use super::theme::Theme;
use crate::kubectl::Stream;
use crate::kubectl::duration::translate_timestamp_since;
use crate::sim::object::{Kind, Object};
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
    let lesson_side = !present && area.width >= 120;
    let grid_area = if lesson_side {
        let [g, l] = Layout::horizontal([Constraint::Min(40), Constraint::Length(area.width / 4)])
            .areas(main);
        draw_lesson(f, &app.theme, &app.lesson_pane, l);
        g
    } else {
        main
    };
    draw_grid(f, app, grid_area);
    if present {
        draw_output(f, app, bottom, false);
    } else {
        let [o, e] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(bottom);
        draw_output(f, app, o, !lesson_side);
        draw_events(f, app, e);
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
        " kubetutor │ {} │ {} │ {} nodes · {} pods │ ? help",
        clock(app),
        speed_text(app),
        nodes,
        app.view.pod_count
    );
    f.render_widget(Paragraph::new(text).style(app.theme.bar()), area);
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
                " {} · {} pods",
                app.cluster.now().strftime("%Y-%m-%d"),
                app.view.pod_count
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

fn lesson_lines(theme: &Theme, pane: &LessonPane) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for raw in pane.body.lines() {
        if let Some(h) = raw.strip_prefix("# ") {
            lines.push(Line::styled(
                h.to_string(),
                theme.title().add_modifier(Modifier::UNDERLINED),
            ));
            continue;
        }
        let (bullet, text) = match raw.strip_prefix("- ") {
            Some(t) => ("• ", t),
            None => ("", raw),
        };
        let mut spans = vec![Span::raw(bullet)];
        for (i, part) in text.split('`').enumerate() {
            if i % 2 == 1 {
                spans.push(Span::styled(part.to_string(), theme.code()));
            } else {
                spans.push(Span::raw(part.to_string()));
            }
        }
        lines.push(Line::from(spans));
    }
    for h in &pane.hints {
        lines.push(Line::raw(""));
        let mut spans = vec![Span::styled("Hint: ", theme.title())];
        for (i, part) in h.split('`').enumerate() {
            spans.push(if i % 2 == 1 {
                Span::styled(part.to_string(), theme.code())
            } else {
                Span::raw(part.to_string())
            });
        }
        lines.push(Line::from(spans));
    }
    if !pane.checks.is_empty() {
        lines.push(Line::raw(""));
    }
    for (text, st) in &pane.checks {
        let (sym, style) = match st {
            CheckStatus::Passed => ("✓", theme.status(StatusClass::Ready)),
            CheckStatus::Pending => ("◌", theme.status(StatusClass::Pending)),
            CheckStatus::Failed => ("✗", theme.status(StatusClass::Error)),
        };
        lines.push(Line::from(vec![
            Span::styled(sym.to_string(), style),
            Span::raw(format!(" {text}")),
        ]));
    }
    lines
}

fn draw_lesson(f: &mut Frame, theme: &Theme, pane: &LessonPane, area: Rect) {
    let title = format!(" {} ", pane.title);
    f.render_widget(
        Paragraph::new(lesson_lines(theme, pane))
            .wrap(Wrap { trim: false })
            .block(bordered(theme, &title, false)),
        area,
    );
}

fn draw_output(f: &mut Frame, app: &App, area: Rect, lesson_when_empty: bool) {
    let focused = app.focus == Focus::Prompt;
    if app.output.is_empty() && lesson_when_empty {
        let title = format!(" {} ", app.lesson_pane.title);
        f.render_widget(
            Paragraph::new(lesson_lines(&app.theme, &app.lesson_pane))
                .wrap(Wrap { trim: false })
                .block(bordered(&app.theme, &title, focused)),
            area,
        );
        return;
    }
    let h = area.height.saturating_sub(2) as usize;
    let w = area.width.saturating_sub(2).max(1) as usize;
    let end = app.output.len().saturating_sub(app.output_scroll);
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
    let title = if app.output_scroll > 0 {
        format!(" Output (↑{} · PgDn) ", app.output_scroll)
    } else {
        " Output ".to_string()
    };
    f.render_widget(
        Paragraph::new(lines).block(bordered(&app.theme, &title, focused)),
        area,
    );
}

fn draw_events(f: &mut Frame, app: &App, area: Rect) {
    let now = app.cluster.now();
    let mut evs: Vec<&k8s_openapi::api::core::v1::Event> = app
        .cluster
        .store
        .list(Kind::Event, None)
        .filter_map(|o| match o {
            Object::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let when = |e: &k8s_openapi::api::core::v1::Event| {
        e.last_timestamp
            .as_ref()
            .or(e.first_timestamp.as_ref())
            .map(|t| t.0)
    };
    evs.sort_by(|a, b| {
        when(b)
            .cmp(&when(a))
            .then(b.metadata.name.cmp(&a.metadata.name))
    });
    let filter = app.events_filter.to_lowercase();
    let inner_w = area.width.saturating_sub(2) as usize;
    let wide = inner_w >= 80;
    let lines: Vec<Line> = evs
        .into_iter()
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
        .take(area.height.saturating_sub(2) as usize)
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
            (Focus::Prompt, _) => "Enter run · Tab complete · ↑↓ history · PgUp/PgDn output · Ctrl-E editor · Esc grid".into(),
            (Focus::Filter, _) => "type to filter events · Enter keep · Esc clear".into(),
            (Focus::Grid, _) => ": command · ←↑↓→ select · d/y/l describe/yaml/logs · space pause · +/- speed · . step · a add node · f/r fail/recover · c cordon · x delete pod · e editor · ? help · q quit".into(),
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
