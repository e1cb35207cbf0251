//! Resource type names as kubectl resolves them through discovery: plural, singular, short
//! names, the Kind, and group-qualified forms (`statefulsets.apps`, `sts`, `StatefulSet`).

use crate::sim::object::Kind;

/// The kinds `kubectl get all` lists, in the order kubectl prints them.
pub const ALL_CATEGORY: &[Kind] = &[
    Kind::Pod,
    Kind::Service,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
    Kind::CronJob,
    Kind::Job,
];

/// Resolves a resource type argument, case-insensitively, with an optional `.group` suffix.
pub fn resolve(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let (base, group) = match lower.split_once('.') {
        Some((b, g)) => (b.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    Kind::ALL.into_iter().find(|k| {
        let i = k.info();
        let names_match = base == i.plural
            || base == i.singular
            || base == i.kind.to_ascii_lowercase()
            || i.short_names.contains(&base.as_str());
        let group_match = match &group {
            None => true,
            Some(g) => g == i.group || (i.group.is_empty() && g == "v1"),
        };
        names_match && group_match
    })
}

/// kubectl's error for an unknown type.
pub fn unknown_type_error(name: &str) -> String {
    format!("error: the server doesn't have a resource type \"{name}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_spelling() {
        for s in [
            "statefulsets",
            "statefulset",
            "sts",
            "StatefulSet",
            "statefulsets.apps",
            "sts.apps",
        ] {
            assert_eq!(resolve(s), Some(Kind::StatefulSet), "{s}");
        }
        assert_eq!(resolve("po"), Some(Kind::Pod));
        assert_eq!(resolve("cj"), Some(Kind::CronJob));
        assert_eq!(resolve("jobs.batch"), Some(Kind::Job));
        assert_eq!(resolve("ev"), Some(Kind::Event));
        assert_eq!(resolve("statefulsets.batch"), None);
        assert_eq!(resolve("foo"), None);
    }
}
