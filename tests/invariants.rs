//! Property tests of the store and scheduler over random command sequences: names and uids stay
//! unique, the scheduler never binds a pod to a node whose taints it does not tolerate or whose
//! labels its nodeSelector does not match, and no node's allocatable cpu, memory or pod count is
//! ever exceeded.

use jiff::SignedDuration;
use k8s_openapi::api::core::v1::Node;
use kubetutor::sim::bootstrap::NodeOptions;
use kubetutor::sim::cluster::{Cluster, ClusterConfig};
use kubetutor::sim::pod::Pod;
use kubetutor::sim::predicates::NodeUsage;
use kubetutor::sim::quantity::Quantity;
use kubetutor::sim::taints;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
enum Op {
    Pod {
        name: u8,
        cpu_m: u32,
        ssd: bool,
        tolerate_cp: bool,
    },
    Deployment {
        name: u8,
        replicas: u8,
        cpu_m: u32,
    },
    Scale {
        name: u8,
        replicas: u8,
    },
    DeletePod {
        index: u8,
    },
    AddNode {
        ssd: bool,
        tainted: bool,
    },
    FailNode {
        index: u8,
    },
    RecoverNode {
        index: u8,
    },
    RemoveNode {
        index: u8,
    },
    Advance {
        secs: u16,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..6, 0u32..3000, any::<bool>(), any::<bool>()).prop_map(
            |(name, cpu_m, ssd, tolerate_cp)| Op::Pod {
                name,
                cpu_m,
                ssd,
                tolerate_cp
            }
        ),
        (0u8..3, 0u8..6, 0u32..1500).prop_map(|(name, replicas, cpu_m)| Op::Deployment {
            name,
            replicas,
            cpu_m
        }),
        (0u8..3, 0u8..8).prop_map(|(name, replicas)| Op::Scale { name, replicas }),
        (0u8..20).prop_map(|index| Op::DeletePod { index }),
        (any::<bool>(), any::<bool>()).prop_map(|(ssd, tainted)| Op::AddNode { ssd, tainted }),
        (0u8..6).prop_map(|index| Op::FailNode { index }),
        (0u8..6).prop_map(|index| Op::RecoverNode { index }),
        (0u8..6).prop_map(|index| Op::RemoveNode { index }),
        (1u16..900).prop_map(|secs| Op::Advance { secs }),
    ]
}

fn run(c: &mut Cluster, line: &str, stdin: Option<String>) {
    let words = kubetutor::kubectl::args::split_command_line(line).expect("words");
    let cmd = kubetutor::runner::ScriptCommand::single(line, words, stdin);
    let fs = kubetutor::kubectl::manifest::RealFs {
        base: std::env::temp_dir(),
    };
    kubetutor::runner::run_command(c, &cmd, &fs);
}

fn apply(c: &mut Cluster, op: &Op, added: &mut u32) {
    let nodes: Vec<String> = c
        .store
        .list_typed::<Node>(None)
        .filter_map(|n| n.metadata.name.clone())
        .collect();
    let pick = |i: u8| {
        nodes
            .get(i as usize % nodes.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    match op {
        Op::Pod {
            name,
            cpu_m,
            ssd,
            tolerate_cp,
        } => {
            let selector = if *ssd {
                "  nodeSelector: {disktype: ssd}\n"
            } else {
                ""
            };
            let tol = if *tolerate_cp {
                "  tolerations:\n  - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}\n"
            } else {
                ""
            };
            let y = format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{name: p{name}}}\nspec:\n{selector}{tol}  containers:\n  - name: c\n    image: nginx\n    resources: {{requests: {{cpu: {cpu_m}m, memory: 64Mi}}}}\n"
            );
            run(c, "kubectl apply -f -", Some(y));
        }
        Op::Deployment {
            name,
            replicas,
            cpu_m,
        } => {
            let y = format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{name}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: d{name}}}}}\n  template:\n    metadata: {{labels: {{app: d{name}}}}}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        resources: {{requests: {{cpu: {cpu_m}m}}}}\n"
            );
            run(c, "kubectl apply -f -", Some(y));
        }
        Op::Scale { name, replicas } => run(
            c,
            &format!("kubectl scale deployment d{name} --replicas={replicas}"),
            None,
        ),
        Op::DeletePod { index } => {
            let pods: Vec<String> = c
                .store
                .list_typed::<Pod>(Some("default"))
                .filter_map(|p| p.metadata.name.clone())
                .collect();
            if let Some(p) = pods.get(*index as usize % pods.len().max(1)) {
                run(c, &format!("kubectl delete pod {p} --wait=false"), None);
            }
        }
        Op::AddNode { ssd, tainted } => {
            *added += 1;
            let mut opts = NodeOptions::default();
            if *ssd {
                opts.labels.insert("disktype".into(), "ssd".into());
            }
            if *tainted {
                opts.taints
                    .push(taints::taint("dedicated", "gpu", "NoSchedule"));
            }
            c.add_node(&format!("extra-{added}"), &opts)
                .expect("add node");
        }
        Op::FailNode { index } => {
            let _ = c.fail_node(&pick(*index));
        }
        Op::RecoverNode { index } => {
            let _ = c.recover_node(&pick(*index));
        }
        Op::RemoveNode { index } => {
            let n = pick(*index);
            if n != "control-plane" {
                let _ = c.remove_node(&n);
            }
        }
        Op::Advance { secs } => c.advance(SignedDuration::from_secs(i64::from(*secs))),
    }
}

fn bound(c: &Cluster) -> BTreeMap<String, String> {
    c.store
        .list_typed::<Pod>(None)
        .filter_map(|p| {
            Some((
                p.metadata.uid.clone()?,
                p.spec.as_ref()?.node_name.as_deref()?.to_string(),
            ))
        })
        .collect()
}

fn check(c: &Cluster, before: &BTreeMap<String, String>) -> Result<(), TestCaseError> {
    // Unique uids across every object.
    let mut uids = BTreeSet::new();
    for o in c.store.iter() {
        let uid = o.meta().uid.clone().unwrap_or_default();
        prop_assert!(uids.insert(uid.clone()), "duplicate uid {uid}");
    }
    let nodes: BTreeMap<String, Node> = c
        .store
        .list_typed::<Node>(None)
        .filter_map(|n| Some((n.metadata.name.clone()?, n.clone())))
        .collect();
    // Newly bound pods: the node tolerated them and matched their selector at bind time.
    for p in c.store.list_typed::<Pod>(None) {
        let (Some(uid), Some(node)) = (
            p.metadata.uid.clone(),
            p.spec.as_ref().and_then(|s| s.node_name.clone()),
        ) else {
            continue;
        };
        if before.contains_key(&uid) {
            continue;
        }
        let Some(n) = nodes.get(node.as_str()) else {
            continue;
        };
        let tolerations = p
            .spec
            .as_ref()
            .and_then(|s| s.tolerations.clone())
            .unwrap_or_default();
        for t in n
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default()
        {
            if t.effect == "NoSchedule" || t.effect == "NoExecute" {
                prop_assert!(
                    tolerations.iter().any(|tol| taints::tolerates(tol, &t)),
                    "pod {:?} bound to {node} with untolerated taint {:?}",
                    p.metadata.name,
                    t
                );
            }
        }
        let labels = n.metadata.labels.clone().unwrap_or_default();
        for (k, v) in p
            .spec
            .as_ref()
            .and_then(|s| s.node_selector.clone())
            .unwrap_or_default()
        {
            prop_assert_eq!(
                labels.get(&k),
                Some(&v),
                "nodeSelector not matched on {}",
                node
            );
        }
    }
    // Capacity is never exceeded.
    for (name, n) in &nodes {
        let pods: Vec<&Pod> = c
            .store
            .list_typed::<Pod>(None)
            .filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(name.as_str()))
            .collect();
        let usage = NodeUsage::from_pods(&pods);
        let alloc = n
            .status
            .as_ref()
            .and_then(|s| s.allocatable.clone())
            .unwrap_or_default();
        let cpu = alloc
            .get("cpu")
            .and_then(|q| Quantity::parse(&q.0).ok())
            .map(|q| q.milli_value())
            .unwrap_or(0);
        prop_assert!(
            usage.cpu_milli <= cpu,
            "{name}: {} > {cpu} millicores",
            usage.cpu_milli
        );
        prop_assert!(usage.pods <= 110);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn scheduler_and_store_invariants_hold(ops in prop::collection::vec(op(), 1..40)) {
        let mut c = Cluster::new(&ClusterConfig::default());
        let mut added = 0;
        for op in &ops {
            if let Op::Advance { secs } = op {
                // Check at every instant the clock stops at, so "bound before" means before
                // that instant (taints added later do not make an earlier binding wrong).
                let target = c.now() + SignedDuration::from_secs(i64::from(*secs));
                while let Some(t) = c.next_timer().filter(|t| *t <= target) {
                    let before = bound(&c);
                    c.advance_to(t);
                    check(&c, &before)?;
                }
                let before = bound(&c);
                c.advance_to(target);
                check(&c, &before)?;
                continue;
            }
            let before = bound(&c);
            apply(&mut c, op, &mut added);
            check(&c, &before)?;
        }
    }
}
