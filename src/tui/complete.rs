//! Tab completion for the prompt: commands, kubectl verbs, resource types, object names and file
//! paths, as a shell with kubectl's completion script would offer them.

use crate::sim::cluster::Cluster;
use crate::sim::object::Kind;
use std::path::Path;

/// What Tab does to the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// The new line (unchanged when nothing is common to the candidates).
    pub line: String,
    /// The candidates, when more than one.
    pub candidates: Vec<String>,
}

fn type_names() -> Vec<String> {
    let mut v: Vec<String> = Kind::ALL
        .iter()
        .flat_map(|k| {
            let i = k.info();
            std::iter::once(i.plural.to_string()).chain(i.short_names.iter().map(|s| s.to_string()))
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

fn namespace_flag(words: &[&str]) -> String {
    let mut ns = "default".to_string();
    for (i, w) in words.iter().enumerate() {
        if (*w == "-n" || *w == "--namespace")
            && let Some(n) = words.get(i + 1)
        {
            ns = n.to_string();
        } else if let Some(n) = w.strip_prefix("--namespace=") {
            ns = n.to_string();
        }
    }
    ns
}

fn names_of(c: &Cluster, kind: Kind, ns: &str) -> Vec<String> {
    let ns = if kind.namespaced() { Some(ns) } else { None };
    c.store
        .list(kind, ns)
        .map(|o| o.name().to_string())
        .collect()
}

fn paths(base: &Path, prefix: &str) -> Vec<String> {
    let (dir, file) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let full = if Path::new(dir).is_absolute() {
        Path::new(dir).to_path_buf()
    } else {
        base.join(dir)
    };
    let Ok(rd) = std::fs::read_dir(full) else {
        return vec![];
    };
    let mut v: Vec<String> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if !name.starts_with(file) || (name.starts_with('.') && !file.starts_with('.')) {
                return None;
            }
            let slash = if e.file_type().ok()?.is_dir() {
                "/"
            } else {
                ""
            };
            Some(format!("{dir}{name}{slash}"))
        })
        .collect();
    v.sort();
    v
}

/// Candidates for the last word of `line`.
pub fn candidates(c: &Cluster, line: &str, base: &Path) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let last = if line.ends_with(char::is_whitespace) || line.is_empty() {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let before: Vec<&str> = if last.is_empty() {
        words.clone()
    } else {
        words[..words.len() - 1].to_vec()
    };
    let all: Vec<String> = match before.as_slice() {
        [] => crate::runner::COMMANDS
            .iter()
            .filter(|c| **c != "k")
            .map(|c| c.to_string())
            .collect(),
        ["node"] => ["add", "fail", "recover", "remove"]
            .map(String::from)
            .to_vec(),
        ["node", "fail" | "recover" | "remove", ..] => names_of(c, Kind::Node, ""),
        ["sleep", ..] => ["10s", "30s", "1m", "5m", "1h"].map(String::from).to_vec(),
        ["kubectl" | "k"] => crate::kubectl::VERBS
            .iter()
            .map(|s| s.to_string())
            .collect(),
        [.., "-f" | "--filename"] => return paths(base, last),
        [.., "-n" | "--namespace"] => names_of(c, Kind::Namespace, ""),
        ["kubectl" | "k", _verb, rest @ ..] => {
            let ns = namespace_flag(&before);
            let positional: Vec<&&str> = rest.iter().filter(|w| !w.starts_with('-')).collect();
            if let Some((t, _)) = last.split_once('/') {
                match crate::kubectl::resources::resolve(t) {
                    Some(k) => names_of(c, k, &ns)
                        .into_iter()
                        .map(|n| format!("{t}/{n}"))
                        .collect(),
                    None => vec![],
                }
            } else if positional.is_empty() {
                type_names()
            } else {
                match crate::kubectl::resources::resolve(positional[0]) {
                    Some(k) => names_of(c, k, &ns),
                    None => vec![],
                }
            }
        }
        _ => vec![],
    };
    all.into_iter().filter(|s| s.starts_with(last)).collect()
}

/// Completes the line: the single candidate (plus a space), or the longest common prefix.
pub fn complete(c: &Cluster, line: &str, base: &Path) -> Completion {
    let cands = candidates(c, line, base);
    let last_len = if line.ends_with(char::is_whitespace) {
        0
    } else {
        line.split_whitespace().last().map_or(0, str::len)
    };
    let stem = &line[..line.len() - last_len];
    match cands.as_slice() {
        [] => Completion {
            line: line.to_string(),
            candidates: vec![],
        },
        [one] => {
            let space = if one.ends_with('/') { "" } else { " " };
            Completion {
                line: format!("{stem}{one}{space}"),
                candidates: vec![],
            }
        }
        many => {
            let mut prefix = many[0].clone();
            for m in many {
                while !m.starts_with(&prefix) {
                    prefix.pop();
                }
            }
            Completion {
                line: format!("{stem}{prefix}"),
                candidates: many.to_vec(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::ClusterConfig;

    #[test]
    fn completes_verbs_types_and_names() {
        let c = Cluster::new(&ClusterConfig::default());
        let base = Path::new(".");
        assert_eq!(complete(&c, "kub", base).line, "kubectl ");
        assert_eq!(complete(&c, "kubectl ge", base).line, "kubectl get ");
        assert_eq!(
            complete(&c, "kubectl get statef", base).line,
            "kubectl get statefulsets "
        );
        let r = complete(&c, "kubectl get nodes wor", base);
        assert_eq!(r.line, "kubectl get nodes worker-");
        assert_eq!(r.candidates.len(), 3);
        assert_eq!(
            complete(&c, "node fail worker-2", base).line,
            "node fail worker-2 "
        );
        assert_eq!(
            complete(&c, "kubectl get no/cont", base).line,
            "kubectl get no/control-plane "
        );
    }
}
