//! Placeholder: the statefulset controller is being written.

use crate::sim::cluster::Cluster;
use crate::sim::store::ObjKey;

/// Reconciles one object.
pub fn reconcile(_c: &mut Cluster, _key: &ObjKey) {}
