//! Prompt history, kept across sessions in `$XDG_STATE_HOME/kubetutor/history` (or
//! `~/.local/state/kubetutor/history`), one JSON string per line so heredocs survive.

use std::path::{Path, PathBuf};

/// The most entries kept.
pub const MAX_ENTRIES: usize = 1000;

/// Where history lives, per the XDG base directory spec.
pub fn default_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_STATE_HOME") {
        Some(d) if !d.is_empty() && Path::new(&d).is_absolute() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".local/state"),
    };
    Some(base.join("kubetutor").join("history"))
}

/// Reads history; a missing or unreadable file is an empty history.
pub fn load(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<String>(l).ok())
        .collect();
    if v.len() > MAX_ENTRIES {
        v.drain(..v.len() - MAX_ENTRIES);
    }
    v
}

/// Writes history atomically: a temporary file in the same directory, then a rename.
pub fn save(path: &Path, entries: &[String]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let start = entries.len().saturating_sub(MAX_ENTRIES);
    let mut text = String::new();
    for e in &entries[start..] {
        text.push_str(&serde_json::to_string(e).unwrap_or_default());
        text.push('\n');
    }
    let tmp = dir.join(format!(".history.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_multiline_entries() {
        let dir = std::env::temp_dir().join(format!("kt-hist-{}", std::process::id()));
        let p = dir.join("kubetutor/history");
        let entries = vec![
            "kubectl get pods".to_string(),
            "cat <<EOF | kubectl apply -f -\na: b\nEOF".to_string(),
        ];
        save(&p, &entries).unwrap();
        assert_eq!(load(&p), entries);
        let _ = std::fs::remove_dir_all(dir);
    }
}
