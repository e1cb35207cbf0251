//! Memory: what one pod of the scale scenario costs, object by object. A counting allocator
//! measures the bytes live after building the scenario and the bytes a copy of each part takes
//! (a copy allocates what the original holds), so the figures are heap bytes, not RSS.
//!
//! `cargo bench --bench memory -- [nodes]` (default 10) prints them; the scale target (1 GiB for
//! 100,000 pods) needs about 10 KB a pod.

mod scenario;

use k8s_openapi::api::core::v1::{Container, Event, PodSpec, PodStatus, Volume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubetutor::sim::object::{Kind, Object};
use kubetutor::sim::pod::Pod;
use kubetutor::sim::store::ObjKey;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout, forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: ptr came from System with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Heap bytes a copy of `v` takes.
fn copy_size<T: Clone>(v: &T) -> usize {
    let before = live();
    let copy = v.clone();
    let size = live().saturating_sub(before);
    drop(copy);
    size
}

fn main() {
    let nodes: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10);
    let before = live();
    let mut c = scenario::cluster(nodes);
    scenario::run(&mut c, &scenario::scale_script(nodes));
    scenario::run(&mut c, "sleep 2m");
    let pods = scenario::running_pods(&c).max(1);
    println!(
        "nodes={nodes} pods={pods} live={} MiB ({} bytes a pod)",
        live().saturating_sub(before) >> 20,
        live().saturating_sub(before) / pods
    );
    for kind in [Kind::Event, Kind::ReplicaSet, Kind::StatefulSet] {
        // Stored objects are shared: a deep copy of each is what it holds.
        let start = live();
        let objs: Vec<Object> = c
            .store
            .list(kind, None)
            .map(|o| kubetutor::with_object!(o, x => Object::from((**x).clone())))
            .collect();
        let n = objs.len().max(1);
        let bytes = live().saturating_sub(start);
        if kind == Kind::Event {
            // The store keeps events as compact records (counted with its maps below) and
            // makes a whole event only for a reader.
            println!(
                "  {kind}: {} objects, {} bytes each when read whole",
                objs.len(),
                bytes / n
            );
        } else {
            println!("  {kind}: {} objects, {} bytes each", objs.len(), bytes / n);
        }
        drop(objs);
    }
    println!(
        "  inline sizes: Pod {} (PodSpec {}, the API's PodSpec {}, Container {}, Volume {}, PodStatus {}, the API's PodStatus {}), Event {}, ObjectMeta {}",
        size_of::<Pod>(),
        size_of::<kubetutor::sim::pod::PodSpec>(),
        size_of::<PodSpec>(),
        size_of::<Container>(),
        size_of::<Volume>(),
        size_of::<kubetutor::sim::pod_status::PodStatus>(),
        size_of::<PodStatus>(),
        size_of::<Event>(),
        size_of::<ObjectMeta>()
    );
    if let Some(p) = c.store.list_typed::<Pod>(Some("default")).next() {
        // The pod as stored: its own fields (a copy shares what the stored pod shares).
        let spec = p.spec.clone().unwrap_or_default();
        println!(
            "  one pod as stored: {} bytes inline (metadata {}, spec {}, containers {}, volumes {}, status {})",
            size_of::<Pod>(),
            copy_size(&p.metadata),
            copy_size(&spec),
            copy_size(&spec.containers),
            copy_size(&spec.volumes),
            copy_size(&p.status),
        );
        // The pod as the API's Pod: every part counted, shared or not.
        let p = p.to_core();
        println!("  one pod as the API's Pod: {} bytes", copy_size(&p));
        let spec = p.spec.clone().unwrap_or_default();
        let status = p.status.clone().unwrap_or_default();
        println!(
            "    metadata {}, containers {}, volumes {}, tolerations {}, spec {}, status conditions {}, container statuses {}, status {}",
            copy_size(&p.metadata),
            copy_size(&spec.containers),
            copy_size(&spec.volumes),
            copy_size(&spec.tolerations),
            copy_size(&spec),
            copy_size(&status.conditions),
            copy_size(&status.container_statuses),
            copy_size(&status)
        );
    }
    // A copy of the store shares its objects: what it allocates is the maps and indexes, and
    // the event records.
    println!(
        "  store maps, indexes and event records: {} bytes a pod",
        copy_size(&c.store) / pods
    );
    println!("  runtime: {} bytes a pod", copy_size(&c.runtime) / pods);
    println!(
        "  whole cluster but the objects: {} bytes a pod",
        copy_size(&c) / pods
    );
    // What the stored pods hold (their own fields, and the parts they share counted once) is
    // what dropping them frees once the store has let go of them; the store entries are what
    // the removals free. (A write first lets go of the events read whole above, and the
    // changes the removals queue for the controllers are dropped as they come.)
    let held: Vec<Object> = c.store.list(Kind::Pod, None).cloned().collect();
    c.store.remove(&ObjKey::new(Kind::Pod, "", ""));
    drop(c.store.take_changes());
    let before = live();
    for o in &held {
        c.store.remove(&ObjKey::of(o));
        drop(c.store.take_changes());
    }
    let entries = before.saturating_sub(live());
    let before = live();
    let n = held.len().max(1);
    drop(held);
    println!(
        "  stored pods: {} bytes each, and {} bytes each of store entries",
        before.saturating_sub(live()) / n,
        entries / n
    );
}
