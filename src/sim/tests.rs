//! End-to-end tests of the core simulation through the API (no kubectl).

use crate::sim::pod::Pod;
use crate::sim::podutil;
use crate::sim::testutil::{cluster, create};
use jiff::SignedDuration;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Event;

const DEPLOY: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"#;

fn pods(c: &crate::sim::cluster::Cluster) -> Vec<Pod> {
    c.store
        .list_typed::<Pod>(Some("default"))
        .cloned()
        .collect()
}

#[test]
fn deployment_pods_start_after_visible_time_and_spread() {
    let mut c = cluster();
    create(&mut c, DEPLOY);
    let ps = pods(&c);
    assert_eq!(ps.len(), 3);
    assert!(
        ps.iter()
            .all(|p| p.metadata.name.as_deref().unwrap().starts_with("web-"))
    );
    // Scheduled at once, but not running yet: the sandbox and pull take time.
    assert!(ps.iter().all(|p| podutil::node_name(p).is_some()));
    assert!(ps.iter().all(|p| podutil::phase(p) == "Pending"));
    let mut nodes: Vec<_> = ps
        .iter()
        .map(|p| podutil::node_name(p).unwrap().to_string())
        .collect();
    nodes.sort();
    nodes.dedup();
    assert_eq!(
        nodes.len(),
        3,
        "spread over the three workers, never the control plane: {nodes:?}"
    );
    c.advance(SignedDuration::from_secs(10));
    let ps = pods(&c);
    assert!(
        ps.iter()
            .all(|p| podutil::phase(p) == "Running" && podutil::is_ready(p)),
        "{ps:#?}"
    );
    let d = c.store.get_typed::<Deployment>("default", "web").unwrap();
    assert_eq!(d.status.as_ref().unwrap().available_replicas, Some(3));
    let reasons: Vec<String> = c
        .store
        .list_typed::<Event>(Some("default"))
        .map(|e| e.reason.clone().unwrap_or_default())
        .collect();
    for r in [
        "ScalingReplicaSet",
        "SuccessfulCreate",
        "Scheduled",
        "Pulling",
        "Pulled",
        "Created",
        "Started",
    ] {
        assert!(
            reasons.iter().any(|x| x == r),
            "missing event {r}: {reasons:?}"
        );
    }
}

#[test]
fn same_seed_same_cluster() {
    let run = || {
        let mut c = cluster();
        create(&mut c, DEPLOY);
        c.advance(SignedDuration::from_secs(30));
        pods(&c)
            .into_iter()
            .map(|p| {
                (
                    p.metadata.name.clone(),
                    podutil::node_name(&p).map(String::from),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

#[test]
fn rolling_update_replaces_every_pod() {
    let mut c = cluster();
    create(&mut c, DEPLOY);
    c.advance(SignedDuration::from_secs(20));
    let mut d = c
        .store
        .get_typed::<Deployment>("default", "web")
        .cloned()
        .unwrap();
    d.spec
        .as_mut()
        .unwrap()
        .template
        .spec
        .as_mut()
        .unwrap()
        .containers[0]
        .image = Some("nginx:1.28".into());
    c.api_update(d.into()).unwrap();
    c.advance(SignedDuration::from_secs(120));
    let ps: Vec<Pod> = pods(&c).into_iter().filter(podutil::is_active).collect();
    assert_eq!(ps.len(), 3);
    assert!(
        ps.iter()
            .all(|p| p.spec.as_ref().unwrap().containers[0].image.as_deref() == Some("nginx:1.28"))
    );
    let d = c.store.get_typed::<Deployment>("default", "web").unwrap();
    assert_eq!(d.status.as_ref().unwrap().updated_replicas, Some(3));
}

#[test]
fn crashing_container_backs_off() {
    let mut c = cluster();
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo boom; exit 1"]
"#,
    );
    c.advance(SignedDuration::from_secs(60));
    let p = c.store.get_typed::<Pod>("default", "crash").unwrap();
    let cs = &p
        .status
        .as_ref()
        .unwrap()
        .container_statuses
        .as_ref()
        .unwrap()[0];
    assert!(
        cs.restart_count >= 2 && cs.restart_count <= 4,
        "restarts {}",
        cs.restart_count
    );
    assert_eq!(
        crate::kubectl::printers::pod_status_reason(p),
        "CrashLoopBackOff",
        "{:#?}",
        p.status
    );
}

#[test]
fn node_failure_evicts_after_grace_and_toleration() {
    let mut c = cluster();
    create(&mut c, DEPLOY);
    c.advance(SignedDuration::from_secs(20));
    let victim_node = podutil::node_name(&pods(&c)[0]).unwrap().to_string();
    let now = c.now();
    c.runtime.failed_nodes.insert(victim_node.clone(), now);
    c.enqueue(
        crate::sim::controllers::Ctrl::NodeLifecycle,
        crate::sim::store::ObjKey::new(crate::sim::object::Kind::Node, "", &victim_node),
    );
    c.advance(SignedDuration::from_secs(60));
    // Unreachable after the grace period, but pods tolerate it for 300s.
    assert!(
        pods(&c)
            .iter()
            .all(|p| p.metadata.deletion_timestamp.is_none())
    );
    c.advance(SignedDuration::from_secs(300));
    let ps = pods(&c);
    let stuck: Vec<_> = ps
        .iter()
        .filter(|p| podutil::node_name(p) == Some(victim_node.as_str()))
        .collect();
    assert_eq!(stuck.len(), 1);
    assert!(
        stuck[0].metadata.deletion_timestamp.is_some(),
        "Terminating while the kubelet is away"
    );
    assert_eq!(
        ps.iter().filter(|p| podutil::is_active(p)).count(),
        3,
        "replaced elsewhere"
    );
}

/// The kubelet skips its own status write coming back at the same instant, but a status someone
/// else writes at that instant is still put right, as the kubelet's status manager does
/// (`pkg/kubelet/status/status_manager.go` needsReconcile).
#[test]
fn kubelet_puts_right_a_status_written_by_another() {
    let mut c = cluster();
    create(&mut c, DEPLOY);
    c.advance(SignedDuration::from_secs(30));
    let name = pods(&c)[0].metadata.name.clone().unwrap();
    assert!(c.store.update::<Pod>("default", &name, |p| {
        if let Some(s) = p.status.as_mut() {
            s.phase = Some("Unknown".into());
        }
    }));
    c.settle();
    let p = c.store.get_typed::<Pod>("default", &name).unwrap();
    assert_eq!(podutil::phase(p), "Running");
}

/// `metadata.generation` is kept only for the kinds whose registry strategy keeps it (the
/// workloads', `pkg/registry/apps/deployment/strategy.go` and the like, and the Pod's since
/// v1.33): set to 1 on create and counted up by a spec change. A ConfigMap (whose strategy's
/// `PrepareForCreate` does nothing, `pkg/registry/core/configmap/strategy.go`), a Service, a
/// ServiceAccount or a Node has none, before or after an update.
#[test]
fn generation_is_kept_only_by_the_kinds_that_track_it() {
    use crate::sim::object::Kind;
    let mut c = cluster();
    let generation = |c: &crate::sim::cluster::Cluster, kind: Kind, ns: &str, name: &str| {
        c.store
            .get(kind, ns, name)
            .expect("stored")
            .meta()
            .generation
    };
    create(&mut c, DEPLOY);
    create(
        &mut c,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {a: '1'}\n",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot, namespace: default}\n",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n",
    );
    assert_eq!(generation(&c, Kind::Deployment, "default", "web"), Some(1));
    let pod = pods(&c).remove(0);
    assert_eq!(pod.metadata.generation, Some(1));
    for (kind, name) in [
        (Kind::ConfigMap, "cfg"),
        (Kind::ServiceAccount, "robot"),
        (Kind::Service, "web"),
    ] {
        assert_eq!(generation(&c, kind, "default", name), None, "{kind}");
    }
    assert_eq!(generation(&c, Kind::Node, "", "worker-1"), None);
    assert_eq!(generation(&c, Kind::Namespace, "", "default"), None);
    // Updates: the Deployment's spec change counts up; the ConfigMap's data change does not
    // give it a generation.
    let mut d = c
        .store
        .get(Kind::Deployment, "default", "web")
        .cloned()
        .expect("stored");
    if let crate::sim::object::Object::Deployment(d) = &mut d {
        let d = std::sync::Arc::make_mut(d);
        if let Some(s) = d.spec.as_mut() {
            s.replicas = Some(5);
        }
    }
    c.api_update(d).expect("updated");
    assert_eq!(generation(&c, Kind::Deployment, "default", "web"), Some(2));
    c.api_update(crate::sim::testutil::obj(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {a: '2'}\n",
    ))
    .expect("updated");
    assert_eq!(generation(&c, Kind::ConfigMap, "default", "cfg"), None);
}
