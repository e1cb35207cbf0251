//! End to end: the real binary in a pseudo-terminal (portable-pty), its screen read back through
//! a terminal emulator (vt100), as a person would see it. Needs nothing installed.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn wait_for(parser: &Arc<Mutex<vt100::Parser>>, what: &str, secs: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let screen = parser.lock().unwrap().screen().contents();
        if screen.contains(what) {
            return screen;
        }
        if Instant::now() > deadline {
            panic!("{what:?} never appeared; the screen shows:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the program when the test ends, passed or failed, so no screen is left running.
struct KillOnDrop(Box<dyn portable_pty::Child + Send + Sync>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
    }
}

#[test]
fn types_a_command_and_reads_the_screen() {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let state = std::env::temp_dir().join(format!("kt-pty-{}", std::process::id()));
    let cast = state.join("session.cast");
    std::fs::create_dir_all(&state).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kubetutor"));
    cmd.arg("--record");
    cmd.arg(&cast);
    cmd.env("XDG_STATE_HOME", &state);
    cmd.env("TERM", "xterm-256color");
    let mut child = KillOnDrop(pair.slave.spawn_command(cmd).unwrap());
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    )));
    let p2 = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p2.lock().unwrap().process(&buf[..n]);
        }
    });
    // With no lesson in progress the lesson list opens first; `f` closes it for free play.
    wait_for(&parser, "Lessons", 30);
    writer.write_all(b"f").unwrap();
    writer.flush().unwrap();
    wait_for(&parser, "worker-2", 30);
    writer.write_all(b":kubectl get nodes\r").unwrap();
    writer.flush().unwrap();
    // The output pane wraps the table at its width: worker-3's row, then its VERSION.
    let screen = wait_for(&parser, "v1.34.1", 30);
    assert!(
        screen.contains("worker-3        Ready    <none>"),
        "{screen}"
    );
    // Leave the prompt, quit.
    writer.write_all(b"\x1b").unwrap();
    writer.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            panic!("kubetutor did not quit");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    // The terminal is back on the main screen.
    std::thread::sleep(Duration::from_millis(200));
    assert!(!parser.lock().unwrap().screen().alternate_screen());
    let hist = std::fs::read_to_string(state.join("kubetutor/history")).unwrap();
    assert_eq!(hist, "\"kubectl get nodes\"\n");
    let rec = std::fs::read_to_string(&cast).unwrap();
    let first: serde_json::Value = serde_json::from_str(rec.lines().next().unwrap()).unwrap();
    assert_eq!(first["version"], 2);
    assert!(rec.contains(r#","m","kubectl get nodes"]"#), "{rec}");
    let _ = std::fs::remove_dir_all(state);
}
