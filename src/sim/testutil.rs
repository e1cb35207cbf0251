//! Helpers for tests: build objects from YAML and run a default cluster.

use crate::sim::cluster::{Cluster, ClusterConfig};
use crate::sim::object::{Kind, Object};

/// Decodes one manifest (apiVersion + kind) into an [`Object`]. Panics on bad input: tests only.
pub fn obj(yaml: &str) -> Object {
    let v: serde_json::Value = serde_yaml::from_str(yaml).expect("valid yaml");
    let av = v["apiVersion"].as_str().expect("apiVersion").to_string();
    let k = v["kind"].as_str().expect("kind").to_string();
    let kind = Kind::from_api_version_kind(&av, &k).expect("known kind");
    Object::from_json(kind, v).expect("decodes")
}

/// The default cluster (control-plane + 3 workers, seed 1).
pub fn cluster() -> Cluster {
    Cluster::new(&ClusterConfig::default())
}

/// A ReplicaSet `web` in `default` of three nginx pods labelled `app: web`.
pub const WEB_REPLICA_SET: &str = "apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
";

/// Creates a manifest through the API server, panicking on rejection: tests only.
pub fn create(c: &mut Cluster, yaml: &str) -> Object {
    let o = c.api_create(obj(yaml)).expect("created");
    c.settle();
    o
}
