//! kubetutor: learn Kubernetes StatefulSets, DaemonSets, Jobs and CronJobs on a simulated
//! cluster that runs in your terminal.

pub mod kubectl;
pub mod sim;
