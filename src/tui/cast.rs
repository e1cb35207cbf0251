//! `--record FILE.cast`: everything written to the terminal, saved as an asciicast v2 file
//! (https://docs.asciinema.org/manual/asciicast/v2/) that `asciinema play` replays: a JSON header
//! line, then `[seconds, "o", text]` output, `[seconds, "r", "COLSxROWS"]` resize and
//! `[seconds, "m", label]` marker events.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::rc::Rc;
use std::time::Instant;

/// A recording in progress.
pub struct Recorder {
    file: BufWriter<File>,
    start: Instant,
    pending: Vec<u8>,
}

impl Recorder {
    /// Creates the file and writes the header.
    pub fn create(path: &str, cols: u16, rows: u16) -> io::Result<Recorder> {
        let mut file = BufWriter::new(File::create(path)?);
        let header = serde_json::json!({
            "version": 2,
            "width": cols,
            "height": rows,
            "env": {"TERM": std::env::var("TERM").unwrap_or_else(|_| "xterm-256color".into())},
            "title": "kubetutor",
        });
        writeln!(file, "{header}")?;
        Ok(Recorder {
            file,
            start: Instant::now(),
            pending: Vec::new(),
        })
    }

    fn event(&mut self, code: &str, data: &str) -> io::Result<()> {
        let t = self.start.elapsed().as_secs_f64();
        let line = serde_json::json!([(t * 1e6).round() / 1e6, code, data]);
        writeln!(self.file, "{line}")
    }

    /// Buffers terminal output (flushed as one "o" event per frame).
    pub fn output(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
    }

    /// Writes buffered output as one event. A frame is never split inside a UTF-8 character.
    pub fn flush_output(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let cut = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(e) => e.valid_up_to(),
        };
        let rest = self.pending.split_off(cut);
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending = rest;
        self.event("o", &text)?;
        self.file.flush()
    }

    /// A terminal resize.
    pub fn resize(&mut self, cols: u16, rows: u16) -> io::Result<()> {
        self.event("r", &format!("{cols}x{rows}"))
    }

    /// A marker (each command run), for jumping around in the player.
    pub fn marker(&mut self, label: &str) -> io::Result<()> {
        self.event("m", label)
    }
}

/// The terminal's output stream, copied into a recording when one runs.
pub struct TeeWriter<W: Write> {
    /// The real terminal.
    pub inner: W,
    /// The recording, if `--record` was given (shared with the loop, which adds resizes and
    /// markers).
    pub recorder: Option<Rc<RefCell<Recorder>>>,
}

impl<W: Write> Write for TeeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(r) = &self.recorder {
            r.borrow_mut().output(&buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()?;
        if let Some(r) = &self.recorder {
            r.borrow_mut().flush_output()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_header_and_events() {
        let p = std::env::temp_dir().join(format!("kt-cast-{}.cast", std::process::id()));
        let ps = p.to_string_lossy().to_string();
        {
            let rec = Rc::new(RefCell::new(Recorder::create(&ps, 80, 24).unwrap()));
            let mut w = TeeWriter {
                inner: Vec::new(),
                recorder: Some(Rc::clone(&rec)),
            };
            w.write_all("héllo".as_bytes()).unwrap();
            w.flush().unwrap();
            let mut r = rec.borrow_mut();
            r.resize(100, 30).unwrap();
            r.marker("kubectl get pods").unwrap();
            r.file.flush().unwrap();
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["version"], 2);
        assert_eq!(lines[0]["width"], 80);
        assert_eq!(lines[1][1], "o");
        assert_eq!(lines[1][2], "héllo");
        assert_eq!(lines[2][1], "r");
        assert_eq!(lines[2][2], "100x30");
        assert_eq!(lines[3][1], "m");
        let _ = std::fs::remove_file(p);
    }
}
