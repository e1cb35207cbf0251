//! `kubectl VERB --help` for the verbs whose modules print no help of their own, and `kubectl
//! create SUBCOMMAND --help`: kubectl v1.32's own text (description, examples, usage), kept in
//! `assets/help/VERB.txt` and `assets/help/create-SUBCOMMAND.txt` and written by
//! `tools/gen_help.py` from the real client, with the Options list replaced by a note saying
//! that only part of the flags are accepted here.

/// The stored help texts, by verb.
const TEXTS: &[(&str, &str)] = &[
    (
        "api-resources",
        include_str!("../../assets/help/api-resources.txt"),
    ),
    ("apply", include_str!("../../assets/help/apply.txt")),
    (
        "cluster-info",
        include_str!("../../assets/help/cluster-info.txt"),
    ),
    ("config", include_str!("../../assets/help/config.txt")),
    ("create", include_str!("../../assets/help/create.txt")),
    ("delete", include_str!("../../assets/help/delete.txt")),
    ("describe", include_str!("../../assets/help/describe.txt")),
    ("edit", include_str!("../../assets/help/edit.txt")),
    ("exec", include_str!("../../assets/help/exec.txt")),
    ("explain", include_str!("../../assets/help/explain.txt")),
    ("get", include_str!("../../assets/help/get.txt")),
    ("logs", include_str!("../../assets/help/logs.txt")),
    ("run", include_str!("../../assets/help/run.txt")),
    ("scale", include_str!("../../assets/help/scale.txt")),
    ("version", include_str!("../../assets/help/version.txt")),
];

/// The help texts of `kubectl create SUBCOMMAND`, by each name and alias kubectl accepts.
const CREATE_TEXTS: &[(&[&str], &str)] = &[
    (
        &["deployment", "deploy"],
        include_str!("../../assets/help/create-deployment.txt"),
    ),
    (&["job"], include_str!("../../assets/help/create-job.txt")),
    (
        &["cronjob", "cj"],
        include_str!("../../assets/help/create-cronjob.txt"),
    ),
    (
        &["service", "svc"],
        include_str!("../../assets/help/create-service.txt"),
    ),
    (
        &["namespace", "ns"],
        include_str!("../../assets/help/create-namespace.txt"),
    ),
    (
        &["configmap", "cm"],
        include_str!("../../assets/help/create-configmap.txt"),
    ),
    (
        &["serviceaccount", "sa"],
        include_str!("../../assets/help/create-serviceaccount.txt"),
    ),
];

/// The help text of `verb`, when `args` ask for it (`--help` or `-h` before any `--`): for
/// `create` followed by a subcommand, that subcommand's.
pub fn for_args(verb: &str, args: &[String]) -> Option<&'static str> {
    let wants = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h" || a == "--help=true");
    if !wants {
        return None;
    }
    if verb == "create"
        && let Some(sub) = args.first()
        && let Some((_, t)) = CREATE_TEXTS
            .iter()
            .find(|(names, _)| names.contains(&sub.as_str()))
    {
        return Some(t);
    }
    TEXTS.iter().find(|(v, _)| *v == verb).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every verb answers --help and -h with kubectl's usage shape (upstream cobra template:
    /// description, Examples, Options, Usage, the global options line).
    #[test]
    fn every_verb_answers_help() {
        for verb in crate::kubectl::VERBS {
            for flag in ["--help", "-h"] {
                let mut c = crate::sim::cluster::Cluster::new(&Default::default());
                let fs = crate::kubectl::manifest::RealFs {
                    base: std::path::PathBuf::from("."),
                };
                let env = crate::kubectl::Env {
                    fs: &fs,
                    stdin: None,
                };
                let argv = vec![verb.to_string(), flag.to_string()];
                let out = crate::kubectl::run(&mut c, &argv, &env);
                let t = out.text();
                assert_eq!(out.code, 0, "{verb} {flag}: {t}");
                assert!(t.contains("Usage:\n  kubectl "), "{verb} {flag}: {t}");
            }
        }
    }

    /// `kubectl create SUBCOMMAND --help` (or by its alias) prints that subcommand's help, as
    /// kubectl does, for every subcommand kubetutor creates; `create --help` stays the verb's.
    #[test]
    fn create_subcommands_answer_their_own_help() {
        let h = |args: &[&str]| {
            let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            for_args("create", &argv)
        };
        for sub in crate::kubectl::create_cmd::SUBCOMMANDS {
            let t = h(&[sub, "--help"]).unwrap_or_default();
            assert!(t.contains("Usage:\n  kubectl create "), "{sub}: {t}");
            assert_ne!(Some(t), h(&["--help"]), "{sub}");
        }
        let deploy = h(&["deploy", "-h"]).unwrap_or_default();
        assert!(deploy.starts_with("Create a deployment with the specified name."));
        assert!(deploy.contains("kubectl create deployment NAME --image=image -- [COMMAND]"));
        assert_eq!(h(&["sa", "--help"]), h(&["serviceaccount", "--help"]));
        assert!(h(&["--help"]).is_some_and(|t| t.contains("Available Commands:")));
        // A subcommand kubetutor does not create falls back to the verb's help.
        assert_eq!(h(&["secret", "--help"]), h(&["--help"]));
    }

    #[test]
    fn help_after_dashdash_belongs_to_the_command() {
        let argv: Vec<String> = ["pod", "--", "ls", "-h"].map(String::from).to_vec();
        assert!(for_args("exec", &argv).is_none());
    }
}
