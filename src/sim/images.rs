//! The image catalog (`assets/images.yaml`, embedded at build time): which files and programs a
//! container's image has, who it runs as, and what its process answers on which port. The shell
//! (`sim/shell.rs`) and the network (`sim/net.rs`) read it so that `kubectl exec` into an nginx
//! pod finds nginx's files and `curl` to it gets nginx's pages.

use crate::sim::behavior::image_base;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The catalog source, documented at its top.
pub const CATALOG_YAML: &str = include_str!("../../assets/images.yaml");

/// What answers on a port.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Listener {
    /// The TCP port.
    pub port: u16,
    /// The kind of server (`nginx`, `metrics`, `stateful-app`, `none-http09`, `none-empty`).
    pub http: String,
    /// Document root for `nginx`.
    #[serde(default)]
    pub root: Option<String>,
}

/// One catalog entry.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ImageInfo {
    /// Repository base names covered.
    pub names: Vec<String>,
    /// `busybox`, `debian` or `none`.
    #[serde(default = "debian")]
    pub userland: String,
    /// Extra programs.
    #[serde(default)]
    pub add: Vec<String>,
    /// User name the process runs as.
    #[serde(default = "root")]
    pub user: String,
    /// Its uid.
    #[serde(default)]
    pub uid: u32,
    /// Its gid.
    #[serde(default)]
    pub gid: u32,
    /// Environment set by the image.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Files shipped in the image.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Ports the process listens on.
    #[serde(default)]
    pub listen: Vec<Listener>,
}

fn debian() -> String {
    "debian".into()
}

fn root() -> String {
    "root".into()
}

#[derive(Deserialize)]
struct Catalog {
    images: Vec<ImageInfo>,
}

/// Programs of busybox's applet set that the simulated shell implements.
const BUSYBOX_TOOLS: &[&str] = &[
    "sh", "ash", "echo", "printf", "cat", "ls", "mkdir", "rm", "touch", "env", "printenv", "date",
    "sleep", "hostname", "nslookup", "ping", "wget", "true", "false", "whoami", "id", "uname",
    "ps", "grep", "head", "tail", "wc", "test", "[", "pwd", "cd", "export", "exit", "nc", "rmdir",
];

/// Programs of a Debian-based image the simulated shell implements (no nslookup, ping, wget or
/// ps in slim Debian images).
const DEBIAN_TOOLS: &[&str] = &[
    "sh", "bash", "dash", "echo", "printf", "cat", "ls", "mkdir", "rm", "touch", "env", "printenv",
    "date", "sleep", "hostname", "getent", "true", "false", "whoami", "id", "uname", "grep",
    "head", "tail", "wc", "test", "[", "pwd", "cd", "export", "exit", "rmdir",
];

/// The parsed catalog (parsed once; a broken catalog is a build-time mistake caught by tests, and
/// then every image gets a plain Debian-like default).
pub fn catalog() -> &'static [ImageInfo] {
    static CAT: OnceLock<Vec<ImageInfo>> = OnceLock::new();
    CAT.get_or_init(|| {
        serde_yaml::from_str::<Catalog>(CATALOG_YAML)
            .map(|c| c.images)
            .unwrap_or_default()
    })
}

fn fallback() -> &'static ImageInfo {
    static DEF: OnceLock<ImageInfo> = OnceLock::new();
    DEF.get_or_init(|| ImageInfo {
        names: vec!["default".into()],
        userland: debian(),
        add: Vec::new(),
        user: root(),
        uid: 0,
        gid: 0,
        env: BTreeMap::new(),
        files: BTreeMap::new(),
        listen: Vec::new(),
    })
}

/// The catalog entry for an image reference (`registry.k8s.io/nginx-slim:0.24`).
pub fn lookup(image: &str) -> &'static ImageInfo {
    let base = image_base(image);
    let cat = catalog();
    cat.iter()
        .find(|i| i.names.iter().any(|n| n == base))
        .or_else(|| cat.iter().find(|i| i.names.iter().any(|n| n == "default")))
        .unwrap_or_else(fallback)
}

impl ImageInfo {
    /// Whether the image has `prog` (a path's last component).
    pub fn has(&self, prog: &str) -> bool {
        let prog = prog.rsplit('/').next().unwrap_or(prog);
        let base: &[&str] = match self.userland.as_str() {
            "busybox" => BUSYBOX_TOOLS,
            "none" => &[],
            _ => DEBIAN_TOOLS,
        };
        base.contains(&prog) || self.add.iter().any(|a| a == prog)
    }

    /// Whether tools print busybox's wording (else GNU/dash wording).
    pub fn busybox(&self) -> bool {
        self.userland == "busybox"
    }

    /// The listener on `port`, if the process listens there.
    pub fn listener(&self, port: u16) -> Option<&Listener> {
        self.listen.iter().find(|l| l.port == port)
    }
}

/// The image tag's busybox version is at most 1.28 (its nslookup prints the old format).
pub fn old_busybox(image: &str) -> bool {
    if image_base(image) != "busybox" {
        return false;
    }
    let no_digest = image.split('@').next().unwrap_or(image);
    let tag = match no_digest.rfind(':') {
        Some(i) if !no_digest[i..].contains('/') => &no_digest[i + 1..],
        _ => return false,
    };
    let mut parts = tag.split(['.', '-']);
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(99);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(99);
    major < 1 || (major == 1 && minor <= 28)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_default_is_last() {
        let cat = catalog();
        assert!(cat.len() > 5, "assets/images.yaml must parse");
        assert_eq!(cat.last().map(|i| i.names[0].as_str()), Some("default"));
    }

    #[test]
    fn lookups() {
        let n = lookup("registry.k8s.io/nginx-slim:0.24");
        assert!(n.files.contains_key("/usr/share/nginx/html/index.html"));
        assert!(n.listener(80).is_some());
        assert!(lookup("busybox:1.28").has("nslookup"));
        assert!(!lookup("nginx").has("nslookup"));
        assert!(!lookup("hello-world").has("sh"));
        assert_eq!(lookup("example.com/whatever:1").names[0], "default");
        assert!(old_busybox("busybox:1.28"));
        assert!(!old_busybox("busybox:1.36"));
        assert!(!old_busybox("busybox"));
    }
}
