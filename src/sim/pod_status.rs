//! The pod status as the store keeps it. Every running pod has one, written by its kubelet on
//! each change, and the API's `PodStatus` spends about two kilobytes on it: five conditions with
//! two `String`s each, a 752-byte `ContainerStatus` a container, a string and a vector a pod IP.
//! These types have the same fields (names and meanings are the API's) with the short strings
//! inline ([`Word`]), the container states a running container does not have boxed, and the
//! fields the simulator never sets boxed, so a pod's status is about one kilobyte and a kubelet
//! writes it with a handful of allocations instead of twenty.
//!
//! Everything that leaves the simulator sees the API's types: [`PodStatus::into_core`] and
//! `From<core::PodStatus>`.

use crate::sim::pod::convert;
use crate::sim::word::Word;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use std::collections::BTreeMap;
use std::sync::Arc;

/// `core::PodStatus`, compactly (see the module's doc).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodStatus {
    pub conditions: Option<Vec<PodCondition>>,
    pub container_statuses: Option<Vec<ContainerStatus>>,
    pub ephemeral_container_statuses: Option<Vec<ContainerStatus>>,
    pub extended_resource_claim_status: Option<Box<core::PodExtendedResourceClaimStatus>>,
    pub host_ip: Option<Word>,
    pub host_ips: Option<Vec<HostIP>>,
    pub init_container_statuses: Option<Vec<ContainerStatus>>,
    pub message: Option<String>,
    pub nominated_node_name: Option<String>,
    pub observed_generation: Option<i64>,
    pub phase: Option<Word>,
    pub pod_ip: Option<Word>,
    pub pod_ips: Option<Vec<PodIP>>,
    pub qos_class: Option<Word>,
    pub reason: Option<String>,
    pub resize: Option<String>,
    pub resource_claim_statuses: Option<Box<Vec<core::PodResourceClaimStatus>>>,
    pub start_time: Option<Time>,
}

impl From<core::PodStatus> for PodStatus {
    fn from(s: core::PodStatus) -> PodStatus {
        let core::PodStatus {
            conditions,
            container_statuses,
            ephemeral_container_statuses,
            extended_resource_claim_status,
            host_ip,
            host_ips,
            init_container_statuses,
            message,
            nominated_node_name,
            observed_generation,
            phase,
            pod_ip,
            pod_ips,
            qos_class,
            reason,
            resize,
            resource_claim_statuses,
            start_time,
        } = s;
        PodStatus {
            conditions: conditions.map(convert),
            container_statuses: container_statuses.map(convert),
            ephemeral_container_statuses: ephemeral_container_statuses.map(convert),
            extended_resource_claim_status: extended_resource_claim_status.map(Box::new),
            host_ip: host_ip.map(Word::from),
            host_ips: host_ips.map(convert),
            init_container_statuses: init_container_statuses.map(convert),
            message,
            nominated_node_name,
            observed_generation,
            phase: phase.map(Word::from),
            pod_ip: pod_ip.map(Word::from),
            pod_ips: pod_ips.map(convert),
            qos_class: qos_class.map(Word::from),
            reason,
            resize,
            resource_claim_statuses: resource_claim_statuses.map(Box::new),
            start_time,
        }
    }
}

impl PodStatus {
    /// The status as the API's `PodStatus`.
    pub fn into_core(self) -> core::PodStatus {
        let PodStatus {
            conditions,
            container_statuses,
            ephemeral_container_statuses,
            extended_resource_claim_status,
            host_ip,
            host_ips,
            init_container_statuses,
            message,
            nominated_node_name,
            observed_generation,
            phase,
            pod_ip,
            pod_ips,
            qos_class,
            reason,
            resize,
            resource_claim_statuses,
            start_time,
        } = self;
        core::PodStatus {
            conditions: conditions.map(convert),
            container_statuses: container_statuses.map(convert),
            ephemeral_container_statuses: ephemeral_container_statuses.map(convert),
            extended_resource_claim_status: extended_resource_claim_status.map(|b| *b),
            host_ip: host_ip.map(String::from),
            host_ips: host_ips.map(convert),
            init_container_statuses: init_container_statuses.map(convert),
            message,
            nominated_node_name,
            observed_generation,
            phase: phase.map(String::from),
            pod_ip: pod_ip.map(String::from),
            pod_ips: pod_ips.map(convert),
            qos_class: qos_class.map(String::from),
            reason,
            resize,
            resource_claim_statuses: resource_claim_statuses.map(|b| *b),
            start_time,
        }
    }
}

/// `core::PodCondition`, with its type, status and reason inline, and the probe time (which
/// no pod condition the simulator writes has) boxed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodCondition {
    pub last_probe_time: Option<Box<Time>>,
    pub last_transition_time: Option<Time>,
    pub message: Option<String>,
    pub observed_generation: Option<i64>,
    pub reason: Option<Word>,
    pub status: Word,
    pub type_: Word,
}

impl From<core::PodCondition> for PodCondition {
    fn from(c: core::PodCondition) -> PodCondition {
        let core::PodCondition {
            last_probe_time,
            last_transition_time,
            message,
            observed_generation,
            reason,
            status,
            type_,
        } = c;
        PodCondition {
            last_probe_time: last_probe_time.map(Box::new),
            last_transition_time,
            message,
            observed_generation,
            reason: reason.map(Word::from),
            status: status.into(),
            type_: type_.into(),
        }
    }
}

impl From<PodCondition> for core::PodCondition {
    fn from(c: PodCondition) -> core::PodCondition {
        let PodCondition {
            last_probe_time,
            last_transition_time,
            message,
            observed_generation,
            reason,
            status,
            type_,
        } = c;
        core::PodCondition {
            last_probe_time: last_probe_time.map(|b| *b),
            last_transition_time,
            message,
            observed_generation,
            reason: reason.map(String::from),
            status: status.into(),
            type_: type_.into(),
        }
    }
}

/// `core::ContainerStatus`, with its name and image inline and the fields the simulator does
/// not set (resources, user, volume mounts) boxed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerStatus {
    pub allocated_resources: Option<Box<BTreeMap<String, Quantity>>>,
    pub allocated_resources_status: Option<Box<Vec<core::ResourceStatus>>>,
    pub container_id: Option<ContainerId>,
    pub image: Word,
    /// Shared: every container of an image has the same id.
    pub image_id: Arc<str>,
    pub last_state: Option<ContainerState>,
    pub name: Word,
    pub ready: bool,
    pub resources: Option<Box<core::ResourceRequirements>>,
    pub restart_count: i32,
    pub started: Option<bool>,
    pub state: Option<ContainerState>,
    pub stop_signal: Option<Word>,
    pub user: Option<Box<core::ContainerUser>>,
    pub volume_mounts: Option<Box<Vec<core::VolumeMountStatus>>>,
}

impl From<core::ContainerStatus> for ContainerStatus {
    fn from(c: core::ContainerStatus) -> ContainerStatus {
        let core::ContainerStatus {
            allocated_resources,
            allocated_resources_status,
            container_id,
            image,
            image_id,
            last_state,
            name,
            ready,
            resources,
            restart_count,
            started,
            state,
            stop_signal,
            user,
            volume_mounts,
        } = c;
        ContainerStatus {
            allocated_resources: allocated_resources.map(Box::new),
            allocated_resources_status: allocated_resources_status.map(Box::new),
            container_id: container_id.map(ContainerId::Text),
            image: image.into(),
            image_id: image_id.into(),
            last_state: last_state.map(ContainerState::from),
            name: name.into(),
            ready,
            resources: resources.map(Box::new),
            restart_count,
            started,
            state: state.map(ContainerState::from),
            stop_signal: stop_signal.map(Word::from),
            user: user.map(Box::new),
            volume_mounts: volume_mounts.map(Box::new),
        }
    }
}

impl From<ContainerStatus> for core::ContainerStatus {
    fn from(c: ContainerStatus) -> core::ContainerStatus {
        let ContainerStatus {
            allocated_resources,
            allocated_resources_status,
            container_id,
            image,
            image_id,
            last_state,
            name,
            ready,
            resources,
            restart_count,
            started,
            state,
            stop_signal,
            user,
            volume_mounts,
        } = c;
        core::ContainerStatus {
            allocated_resources: allocated_resources.map(|b| *b),
            allocated_resources_status: allocated_resources_status.map(|b| *b),
            container_id: container_id.map(|id| id.text()),
            image: image.into(),
            image_id: image_id.to_string(),
            last_state: last_state.map(core::ContainerState::from),
            name: name.into(),
            ready,
            resources: resources.map(|b| *b),
            restart_count,
            started,
            state: state.map(core::ContainerState::from),
            stop_signal: stop_signal.map(String::from),
            user: user.map(|b| *b),
            volume_mounts: volume_mounts.map(|b| *b),
        }
    }
}

/// A container status's `containerID`: the number the kubelet made it from (the 77-byte text
/// is made when read, not kept in every pod), or the text as given.
#[derive(Clone, Debug, PartialEq)]
pub enum ContainerId {
    /// `containerd://` and the digest of the runtime's container number
    /// ([`crate::sim::runtime::container_id_of`]).
    Number(u64),
    /// The id as written.
    Text(String),
}

impl ContainerId {
    /// The id as the API shows it.
    pub fn text(&self) -> String {
        match self {
            ContainerId::Number(n) => crate::sim::runtime::container_id_of(*n),
            ContainerId::Text(s) => s.clone(),
        }
    }
}

/// `core::ContainerState`, with the terminated state (136 bytes, which a running container
/// does not have) boxed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerState {
    pub running: Option<core::ContainerStateRunning>,
    pub terminated: Option<Box<core::ContainerStateTerminated>>,
    pub waiting: Option<core::ContainerStateWaiting>,
}

impl From<core::ContainerState> for ContainerState {
    fn from(s: core::ContainerState) -> ContainerState {
        let core::ContainerState {
            running,
            terminated,
            waiting,
        } = s;
        ContainerState {
            running,
            terminated: terminated.map(Box::new),
            waiting,
        }
    }
}

impl From<ContainerState> for core::ContainerState {
    fn from(s: ContainerState) -> core::ContainerState {
        let ContainerState {
            running,
            terminated,
            waiting,
        } = s;
        core::ContainerState {
            running,
            terminated: terminated.map(|b| *b),
            waiting,
        }
    }
}

/// `core::HostIP`, inline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostIP {
    pub ip: Word,
}

impl From<core::HostIP> for HostIP {
    fn from(h: core::HostIP) -> HostIP {
        HostIP { ip: h.ip.into() }
    }
}

impl From<HostIP> for core::HostIP {
    fn from(h: HostIP) -> core::HostIP {
        core::HostIP { ip: h.ip.into() }
    }
}

/// `core::PodIP`, inline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodIP {
    pub ip: Word,
}

impl From<core::PodIP> for PodIP {
    fn from(p: core::PodIP) -> PodIP {
        PodIP { ip: p.ip.into() }
    }
}

impl From<PodIP> for core::PodIP {
    fn from(p: PodIP) -> core::PodIP {
        core::PodIP { ip: p.ip.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of a status goes in and comes back out unchanged.
    #[test]
    fn a_full_status_round_trips_through_the_api_type() {
        let core: core::PodStatus = serde_json::from_value(serde_json::json!({
            "conditions": [
                {"type": "Ready", "status": "False", "reason": "ContainersNotReady",
                 "message": "containers with unready status: [app]", "observedGeneration": 3,
                 "lastTransitionTime": "2025-01-06T09:00:04Z", "lastProbeTime": "2025-01-06T09:00:05Z"},
                {"type": "a-condition-type-longer-than-twenty-two-bytes", "status": "Unknown"}
            ],
            "containerStatuses": [{
                "name": "app", "image": "registry.example.com/team/app:1.2.3-with-a-long-tag",
                "imageID": "docker.io/library/app@sha256:00", "containerID": "containerd://ab",
                "ready": false, "restartCount": 2, "started": false,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 20s"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "signal": 9,
                    "startedAt": "2025-01-06T09:00:04Z", "finishedAt": "2025-01-06T09:00:06Z",
                    "containerID": "containerd://ab", "message": "boom"}},
                "allocatedResources": {"cpu": "100m"},
                "resources": {"limits": {"memory": "1Gi"}},
                "stopSignal": "SIGTERM",
                "user": {"linux": {"uid": 1000, "gid": 1000}},
                "volumeMounts": [{"name": "data", "mountPath": "/data"}]
            }],
            "initContainerStatuses": [{"name": "init", "image": "busybox", "imageID": "",
                "ready": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2025-01-06T09:00:01Z"}}}],
            "ephemeralContainerStatuses": [{"name": "debug", "image": "busybox", "imageID": "",
                "ready": false, "restartCount": 0}],
            "hostIP": "172.18.0.4", "hostIPs": [{"ip": "172.18.0.4"}],
            "podIP": "fd00:10:244:1234:5678:9abc:def0:1", "podIPs": [{"ip": "10.244.2.3"},
                {"ip": "fd00:10:244:1234:5678:9abc:def0:1"}],
            "phase": "Running", "qosClass": "Burstable", "reason": "Evicted",
            "message": "The node was low on resource: memory.", "nominatedNodeName": "worker-1",
            "observedGeneration": 4, "resize": "InProgress",
            "resourceClaimStatuses": [{"name": "gpu", "resourceClaimName": "gpu-claim"}],
            "startTime": "2025-01-06T09:00:00Z"
        }))
        .expect("a valid status");
        let back = PodStatus::from(core.clone()).into_core();
        assert_eq!(back, core);
        let json = serde_json::to_value(&back).expect("serialisable");
        assert_eq!(json["containerStatuses"][0]["user"]["linux"]["uid"], 1000);
        assert_eq!(
            json["conditions"][1]["type"],
            "a-condition-type-longer-than-twenty-two-bytes"
        );
    }

    /// A container id kept as the kubelet's number reads as the runtime's id for it.
    #[test]
    fn numbered_container_ids_read_as_the_runtimes_text() {
        let cs = ContainerStatus {
            container_id: Some(ContainerId::Number(7)),
            ..Default::default()
        };
        let id = core::ContainerStatus::from(cs)
            .container_id
            .unwrap_or_default();
        assert_eq!(id, crate::sim::runtime::container_id_of(7));
        let hex = id.strip_prefix("containerd://").unwrap_or_default();
        assert_eq!(hex.len(), 64);
        assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(id, crate::sim::runtime::container_id_of(8));
    }

    /// The parts every running pod has are smaller than the API's, or this module is pointless.
    #[test]
    fn the_compact_types_are_smaller_than_the_api_ones() {
        use std::mem::size_of;
        assert!(size_of::<ContainerStatus>() * 2 <= size_of::<core::ContainerStatus>());
        assert!(size_of::<ContainerState>() * 2 <= size_of::<core::ContainerState>());
        assert!(size_of::<PodCondition>() < size_of::<core::PodCondition>());
        assert!(size_of::<PodStatus>() <= size_of::<core::PodStatus>());
    }
}
