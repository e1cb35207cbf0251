//! Colour themes. Meaning is never carried by colour alone: every status also has a symbol, and
//! with `NO_COLOR` set (https://no-color.org) the themes drop colour and use reverse video and
//! bold for what colour would have said.

use super::model::StatusClass;
use ratatui::style::{Color, Modifier, Style};

/// Which palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    /// Standard terminal colours.
    Default,
    /// Bright, bold, high-contrast colours for projectors.
    Projector,
    /// Okabe–Ito colours: no meaning depends on telling red from green.
    ColorBlind,
}

impl ThemeName {
    /// Parses `--theme`.
    pub fn parse(s: &str) -> Result<ThemeName, String> {
        match s {
            "default" => Ok(ThemeName::Default),
            "projector" | "high-contrast" => Ok(ThemeName::Projector),
            "colorblind" | "colour-blind" | "color-blind" | "cb" => Ok(ThemeName::ColorBlind),
            _ => Err(format!(
                "error: unknown theme {s:?} (choose default, projector or colorblind)"
            )),
        }
    }
}

/// The styles the screen uses.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Which palette.
    pub name: ThemeName,
    /// Whether colour is off (`NO_COLOR`).
    pub no_color: bool,
}

const OKABE_ITO: [Color; 7] = [
    Color::Rgb(0, 114, 178),   // blue
    Color::Rgb(230, 159, 0),   // orange
    Color::Rgb(86, 180, 233),  // sky blue
    Color::Rgb(0, 158, 115),   // bluish green
    Color::Rgb(240, 228, 66),  // yellow
    Color::Rgb(213, 94, 0),    // vermillion
    Color::Rgb(204, 121, 167), // reddish purple
];

impl Theme {
    /// A theme; `no_color` strips every colour.
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        Theme { name, no_color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    /// The style of a pod status symbol and word.
    pub fn status(&self, s: StatusClass) -> Style {
        use StatusClass::*;
        if self.no_color {
            return match s {
                Error | CrashLoop | Unknown => Style::default().add_modifier(Modifier::REVERSED),
                Ready => Style::default().add_modifier(Modifier::BOLD),
                Completed | Terminating => Style::default().add_modifier(Modifier::DIM),
                _ => Style::default(),
            };
        }
        let c = match self.name {
            ThemeName::Default => match s {
                Ready => Color::Green,
                NotReady => Color::Yellow,
                Pending => Color::Yellow,
                Creating => Color::Cyan,
                Completed => Color::DarkGray,
                Error => Color::Red,
                CrashLoop => Color::Magenta,
                Terminating => Color::Gray,
                Unknown => Color::Red,
            },
            ThemeName::Projector => match s {
                Ready => Color::LightGreen,
                NotReady | Pending => Color::LightYellow,
                Creating => Color::LightCyan,
                Completed => Color::White,
                Error | Unknown => Color::LightRed,
                CrashLoop => Color::LightMagenta,
                Terminating => Color::Gray,
            },
            ThemeName::ColorBlind => match s {
                Ready => OKABE_ITO[0],
                NotReady | Pending => OKABE_ITO[4],
                Creating => OKABE_ITO[2],
                Completed => Color::Gray,
                Error | Unknown => OKABE_ITO[1],
                CrashLoop => OKABE_ITO[6],
                Terminating => Color::DarkGray,
            },
        };
        let mut st = Style::default().fg(c);
        if matches!(s, Error | CrashLoop | Unknown) {
            st = st.add_modifier(Modifier::BOLD);
        }
        if self.name == ThemeName::Projector {
            st = st.add_modifier(Modifier::BOLD);
        }
        st
    }

    /// The colour of a workload's pod names (index in first-seen order).
    pub fn owner(&self, i: usize) -> Style {
        let palette: &[Color] = match self.name {
            ThemeName::Default => &[
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::LightBlue,
                Color::LightMagenta,
                Color::White,
            ],
            ThemeName::Projector => &[
                Color::White,
                Color::LightCyan,
                Color::LightMagenta,
                Color::LightBlue,
                Color::LightYellow,
            ],
            ThemeName::ColorBlind => &OKABE_ITO,
        };
        self.fg(palette[i % palette.len()])
    }

    /// A node's status: Ready reads plain, anything else stands out.
    pub fn node(&self, ready: bool, cordoned: bool) -> Style {
        if !ready {
            return if self.no_color {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                self.status(StatusClass::Error)
            };
        }
        if cordoned {
            return self.status(StatusClass::Pending);
        }
        self.status(StatusClass::Ready)
    }

    /// Borders of panes.
    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.no_color) {
            (true, true) => Style::default().add_modifier(Modifier::BOLD),
            (true, false) => Style::default().fg(match self.name {
                ThemeName::ColorBlind => OKABE_ITO[2],
                ThemeName::Projector => Color::White,
                ThemeName::Default => Color::Cyan,
            }),
            (false, _) => self.fg(Color::DarkGray),
        }
    }

    /// The selected card or chip.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A chip that just changed.
    pub fn changed(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        } else {
            Style::default()
                .bg(match self.name {
                    ThemeName::ColorBlind => Color::Rgb(70, 70, 110),
                    _ => Color::Rgb(90, 80, 30),
                })
                .add_modifier(Modifier::BOLD)
        }
    }

    /// Headings and titles.
    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Secondary text (labels, ages).
    pub fn dim(&self) -> Style {
        if self.no_color {
            Style::default()
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// Warnings (Warning events, stderr).
    pub fn warning(&self) -> Style {
        match self.name {
            ThemeName::ColorBlind if !self.no_color => Style::default().fg(OKABE_ITO[1]),
            _ if self.no_color => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default().fg(Color::Yellow),
        }
    }

    /// The status bar.
    pub fn bar(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Inline code in lesson text.
    pub fn code(&self) -> Style {
        self.fg(match self.name {
            ThemeName::ColorBlind => OKABE_ITO[2],
            _ => Color::Cyan,
        })
    }
}
