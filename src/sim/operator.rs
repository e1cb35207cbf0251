//! What a cluster operator does to machines, as sandbox verbs: add a node, make one fail (its
//! kubelet stops reporting), bring it back, or remove it. Everything after the action is left to
//! the controllers, exactly as in a real cluster.

use crate::sim::bootstrap::{NodeOptions, node_object};
use crate::sim::cluster::Cluster;
use crate::sim::controllers::Ctrl;
use crate::sim::object::{Kind, Object};
use crate::sim::store::ObjKey;
use k8s_openapi::api::core::v1::Node;

impl Cluster {
    /// Adds a Ready node (`node add NAME --label k=v --taint k=v:Effect`).
    pub fn add_node(&mut self, name: &str, opts: &NodeOptions) -> Result<(), String> {
        let errs = crate::sim::labels::is_dns1123_subdomain(name);
        if !errs.is_empty() {
            return Err(format!(
                "error: invalid node name \"{name}\": {}",
                errs.join("; ")
            ));
        }
        if self.store.get(Kind::Node, "", name).is_some() {
            return Err(format!("error: node \"{name}\" already exists"));
        }
        let index = self
            .store
            .list_typed::<Node>(None)
            .filter_map(|n| {
                n.spec
                    .as_ref()?
                    .pod_cidr
                    .as_ref()?
                    .split('.')
                    .nth(2)?
                    .parse::<usize>()
                    .ok()
            })
            .max()
            .map_or(1, |m| m + 1);
        let node = node_object(self, name, index, opts);
        self.runtime.failed_nodes.remove(name);
        self.runtime.node_gone_since.remove(name);
        self.api_write(Object::Node(std::sync::Arc::new(node)));
        self.settle();
        Ok(())
    }

    fn require_node(&self, name: &str) -> Result<(), String> {
        if self.store.get(Kind::Node, "", name).is_none() {
            return Err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        Ok(())
    }

    /// Stops a node's kubelet: after the node-monitor grace period the node turns NotReady
    /// (Unknown) and taint-based eviction begins.
    pub fn fail_node(&mut self, name: &str) -> Result<(), String> {
        self.require_node(name)?;
        let now = self.now();
        self.runtime
            .failed_nodes
            .entry(name.to_string())
            .or_insert(now);
        self.enqueue(Ctrl::NodeLifecycle, ObjKey::new(Kind::Node, "", name));
        self.settle();
        Ok(())
    }

    /// Restarts a failed node's kubelet: the node reports Ready again and finishes whatever its
    /// pods were doing (including terminations that waited for it).
    pub fn recover_node(&mut self, name: &str) -> Result<(), String> {
        self.require_node(name)?;
        self.runtime.failed_nodes.remove(name);
        self.enqueue(Ctrl::NodeLifecycle, ObjKey::new(Kind::Node, "", name));
        // The kubelet comes back and syncs every pod bound to it, including pods bound while
        // it was down (before the node turned NotReady nothing else would wake them).
        let bound: Vec<ObjKey> = self
            .store
            .list_typed::<crate::sim::pod::Pod>(None)
            .filter(|p| crate::sim::podutil::node_name(p) == Some(name))
            .map(|p| {
                ObjKey::new(
                    Kind::Pod,
                    p.metadata.namespace.as_deref().unwrap_or_default(),
                    p.metadata.name.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        for key in bound {
            self.enqueue(Ctrl::Kubelet, key);
        }
        self.settle();
        Ok(())
    }

    /// Deletes the Node object (the machine is gone); pod GC removes its pods after 40 s.
    pub fn remove_node(&mut self, name: &str) -> Result<(), String> {
        self.require_node(name)?;
        self.store.remove(&ObjKey::new(Kind::Node, "", name));
        self.runtime.failed_nodes.remove(name);
        self.runtime.images.remove(name);
        self.forget_kubelet_events(name);
        self.settle();
        Ok(())
    }
}
