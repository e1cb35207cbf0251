//! Reading manifests the way `kubectl apply -f` / `create -f` do: files, directories, `-`,
//! multi-document YAML or JSON, `kind: List`; then decoding each document into a typed object
//! with the API server's strict field validation (unknown fields are an error naming their path).

use crate::sim::object::{Kind, Object};
use serde::de::DeserializeOwned;
use std::io;

/// Where `-f PATH` is read from: the real file system, or the lessons' embedded assets.
pub trait FileSource {
    /// Reads a whole file.
    fn read(&self, path: &str) -> io::Result<String>;
    /// Lists the manifest files (`.yaml`, `.yml`, `.json`) of a directory, sorted; `Ok(None)` when
    /// `path` is not a directory.
    fn list_dir(&self, path: &str) -> io::Result<Option<Vec<String>>>;
    /// The subdirectories of a directory, sorted, for `-R` (none where a source has no tree).
    fn list_subdirs(&self, _path: &str) -> io::Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// The machine's file system, relative paths resolved against `base`.
#[derive(Clone, Debug)]
pub struct RealFs {
    /// Directory relative paths are resolved against.
    pub base: std::path::PathBuf,
}

impl RealFs {
    fn resolve(&self, path: &str) -> std::path::PathBuf {
        let p = std::path::Path::new(path);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }
}

/// Largest manifest file or standard input read (kubectl has no limit; a learner's 100 MB paste
/// is a mistake, and parsing it would stall the program for seconds).
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;

impl FileSource for RealFs {
    fn read(&self, path: &str) -> io::Result<String> {
        let p = self.resolve(path);
        let meta = std::fs::metadata(&p)?;
        if meta.len() > MAX_MANIFEST_BYTES {
            return Err(io::Error::other(format!(
                "file is larger than {MAX_MANIFEST_BYTES} bytes"
            )));
        }
        std::fs::read_to_string(p)
    }

    fn list_dir(&self, path: &str) -> io::Result<Option<Vec<String>>> {
        let p = self.resolve(path);
        if !p.is_dir() {
            return Ok(None);
        }
        let mut out = Vec::new();
        for e in std::fs::read_dir(&p)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
                out.push(format!("{}/{}", path.trim_end_matches('/'), name));
            }
        }
        out.sort();
        Ok(Some(out))
    }

    fn list_subdirs(&self, path: &str) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(self.resolve(path))? {
            let e = e?;
            if e.file_type()?.is_dir() {
                let name = e.file_name().to_string_lossy().to_string();
                out.push(format!("{}/{}", path.trim_end_matches('/'), name));
            }
        }
        out.sort();
        Ok(out)
    }
}

/// The manifest files under a directory, with `-R` those of its subdirectories too, in the
/// lexical order `filepath.Walk` visits them (kubectl's `FileVisitorForSTDIN`/`ExpandPathsToFileVisitors`).
fn dir_files(
    fs: &dyn FileSource,
    dir: &str,
    files: Vec<String>,
    recursive: bool,
    depth: usize,
) -> io::Result<Vec<String>> {
    let mut all = files;
    if recursive && depth < 32 {
        for sub in fs.list_subdirs(dir)? {
            if let Some(f) = fs.list_dir(&sub)? {
                all.extend(dir_files(fs, &sub, f, true, depth + 1)?);
            }
        }
    }
    all.sort();
    Ok(all)
}

/// `MaxRequestBodyBytes` of the API server (`apiserver/pkg/server/config.go`: 3 MiB): a create
/// or update body beyond it is refused with `RequestEntityTooLarge`.
pub const MAX_REQUEST_BODY_BYTES: u64 = 3 * 1024 * 1024;

/// Whether a document, sent as the JSON body kubectl would send, exceeds
/// [`MAX_REQUEST_BODY_BYTES`].
pub fn request_body_too_large(v: &serde_json::Value) -> bool {
    struct Count(u64);
    impl io::Write for Count {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0 += b.len() as u64;
            if self.0 > MAX_REQUEST_BODY_BYTES {
                return Err(io::Error::other("too large"));
            }
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(&mut Count(0), v).is_err()
}

/// One document read from a source, before decoding.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file it came from (`STDIN` for `-`).
    pub source: String,
    /// Its content as JSON.
    pub value: serde_json::Value,
}

/// Reads every `-f` argument into documents, as kubectl's resource builder does.
pub fn read_sources(
    files: &[String],
    stdin: Option<&str>,
    fs: &dyn FileSource,
    recursive: bool,
) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    for f in files {
        if f == "-" {
            let text = stdin.unwrap_or("");
            if text.len() as u64 > MAX_MANIFEST_BYTES {
                return Err(format!(
                    "error: unable to read STDIN: input is larger than {MAX_MANIFEST_BYTES} bytes"
                ));
            }
            docs.extend(parse_stream(text, "STDIN")?);
            continue;
        }
        if f.starts_with("http://") || f.starts_with("https://") {
            return Err(format!(
                "error: unable to read URL \"{f}\": this simulated cluster has no network access; download the file and use -f PATH"
            ));
        }
        match fs.list_dir(f) {
            Ok(Some(entries)) => {
                let entries = dir_files(fs, f, entries, recursive, 0)
                    .map_err(|err| format!("error: unable to read {f}: {err}"))?;
                for e in entries {
                    let text = fs
                        .read(&e)
                        .map_err(|err| format!("error: unable to read {e}: {err}"))?;
                    docs.extend(parse_stream(&text, &e)?);
                }
            }
            Ok(None) => match fs.read(f) {
                Ok(text) => docs.extend(parse_stream(&text, f)?),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(format!("error: the path \"{f}\" does not exist"));
                }
                Err(e) => return Err(format!("error: unable to read {f}: {e}")),
            },
            Err(e) => return Err(format!("error: unable to read {f}: {e}")),
        }
    }
    Ok(docs)
}

/// Converts a YAML library error into go-yaml's wording (`yaml: line 3: ...`).
fn yaml_error(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    let line = e.location().map(|l| l.line());
    let core = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    match line {
        Some(l) => format!("yaml: line {l}: {core}"),
        None => format!("yaml: {core}"),
    }
}

/// Deepest `[`/`{` flow nesting [`parse_stream`] hands to the YAML parser. The parser refuses
/// nesting past its recursion limit (128) anyway, but only after scanning the whole document,
/// which takes time quadratic in the depth (a 50,000-deep `{a: {a: ...}}` took minutes).
const MAX_FLOW_DEPTH: usize = 1000;

/// The line on which flow nesting first exceeds [`MAX_FLOW_DEPTH`], if it does. Quotes and
/// comments are skipped; anything else is counted, which can only overestimate.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut prev = b'\n';
    for &b in text.as_bytes() {
        if b == b'\n' {
            line += 1;
            comment = false;
        }
        match (quote, b) {
            _ if comment => {}
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'#') if prev.is_ascii_whitespace() => comment = true,
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(line);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = b;
    }
    None
}

/// Splits a YAML (or JSON) stream into documents, dropping empty ones and expanding `kind: List`.
pub fn parse_stream(text: &str, source: &str) -> Result<Vec<Document>, String> {
    if let Some(line) = too_deep(text) {
        return Err(format!(
            "error: error parsing {source}: error converting YAML to JSON: yaml: line {line}: recursion limit exceeded"
        ));
    }
    let mut out = Vec::new();
    for de in serde_yaml::Deserializer::from_str(text) {
        let value = serde_json::Value::deserialize_from(de).map_err(|e| {
            format!(
                "error: error parsing {source}: error converting YAML to JSON: {}",
                yaml_error(&e)
            )
        })?;
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(ref m)
                if m.get("kind")
                    .and_then(|k| k.as_str())
                    .is_some_and(|k| k.ends_with("List"))
                    && m.get("items").is_some_and(|i| i.is_array()) =>
            {
                for item in m["items"].as_array().into_iter().flatten() {
                    out.push(Document {
                        source: source.to_string(),
                        value: item.clone(),
                    });
                }
            }
            v => out.push(Document {
                source: source.to_string(),
                value: v,
            }),
        }
    }
    Ok(out)
}

trait FromYaml: Sized {
    fn deserialize_from(de: serde_yaml::Deserializer<'_>) -> Result<Self, serde_yaml::Error>;
}

impl FromYaml for serde_json::Value {
    fn deserialize_from(de: serde_yaml::Deserializer<'_>) -> Result<Self, serde_yaml::Error> {
        serde::Deserialize::deserialize(de)
    }
}

/// Why a document could not be turned into an object.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// Printed as is (already kubectl's full line).
    Client(String),
    /// A server-side BadRequest message (kubectl adds `error when creating "file": `).
    BadRequest(String),
}

/// `apiVersion`, `kind` and `metadata.name` of a raw document, for messages.
pub fn doc_ident(v: &serde_json::Value) -> (String, String, String) {
    let s = |p: &str| {
        v.pointer(p)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string()
    };
    (s("/apiVersion"), s("/kind"), s("/metadata/name"))
}

fn strict<T: DeserializeOwned>(v: serde_json::Value) -> Result<(T, Vec<String>), String> {
    let mut unknown = Vec::new();
    let t: T = serde_ignored::deserialize(v, |path| unknown.push(field_path(&path.to_string())))
        .map_err(|e| e.to_string())?;
    Ok((t, unknown))
}

/// `spec.?.template.?.spec.?.containers.0.imagePullPolcy` -> `spec.template.spec.containers[0].imagePullPolcy`.
fn field_path(p: &str) -> String {
    let mut out = String::new();
    for seg in p.split('.') {
        if seg == "?" || seg.is_empty() {
            continue;
        }
        if seg.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

/// Decodes a document into a typed object, as the API server's strict decoder does.
pub fn decode(doc: &Document) -> Result<Object, DecodeError> {
    let (api_version, kind_name, name) = doc_ident(&doc.value);
    if !doc.value.is_object() {
        return Err(DecodeError::Client(format!(
            "error: error validating \"{}\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false",
            doc.source
        )));
    }
    let mut missing = Vec::new();
    if api_version.is_empty() {
        missing.push("apiVersion not set");
    }
    if kind_name.is_empty() {
        missing.push("kind not set");
    }
    if !missing.is_empty() {
        return Err(DecodeError::Client(format!(
            "error: error validating \"{}\": error validating data: [{}]; if you choose to ignore these errors, turn validation off with --validate=false",
            doc.source,
            missing.join(", ")
        )));
    }
    let Some(kind) = Kind::from_api_version_kind(&api_version, &kind_name) else {
        let ns = doc
            .value
            .pointer("/metadata/namespace")
            .and_then(|x| x.as_str())
            .unwrap_or("");
        return Err(DecodeError::Client(format!(
            "error: resource mapping not found for name: \"{name}\" namespace: \"{ns}\" from \"{}\": no matches for kind \"{kind_name}\" in version \"{api_version}\"\nensure CRDs are installed first",
            doc.source
        )));
    };
    macro_rules! go {
        ($($t:ident)::+) => {
            strict::<k8s_openapi::$($t)::+>(doc.value.clone()).map(|(o, u)| (Object::from(o), u))
        };
    }
    let decoded = match kind {
        Kind::Namespace => go!(api::core::v1::Namespace),
        Kind::Node => go!(api::core::v1::Node),
        Kind::Pod => go!(api::core::v1::Pod),
        Kind::Service => go!(api::core::v1::Service),
        Kind::Deployment => go!(api::apps::v1::Deployment),
        Kind::ReplicaSet => go!(api::apps::v1::ReplicaSet),
        Kind::StatefulSet => go!(api::apps::v1::StatefulSet),
        Kind::DaemonSet => go!(api::apps::v1::DaemonSet),
        Kind::Job => go!(api::batch::v1::Job),
        Kind::CronJob => go!(api::batch::v1::CronJob),
        Kind::PersistentVolumeClaim => go!(api::core::v1::PersistentVolumeClaim),
        Kind::PersistentVolume => go!(api::core::v1::PersistentVolume),
        Kind::StorageClass => go!(api::storage::v1::StorageClass),
        Kind::ConfigMap => go!(api::core::v1::ConfigMap),
        Kind::Secret => go!(api::core::v1::Secret),
        Kind::ServiceAccount => go!(api::core::v1::ServiceAccount),
        Kind::ControllerRevision => go!(api::apps::v1::ControllerRevision),
        Kind::Event => go!(api::core::v1::Event),
    };
    let prefix = format!(
        "{kind_name} in version \"{}\" cannot be handled as a {kind_name}",
        kind.info().api_version.rsplit('/').next().unwrap_or("v1")
    );
    match decoded {
        Err(e) => Err(DecodeError::BadRequest(format!(
            "{prefix}: {}",
            go_decode_message(&e)
        ))),
        Ok((_, unknown)) if !unknown.is_empty() => {
            let list: Vec<String> = unknown
                .iter()
                .map(|u| format!("unknown field \"{u}\""))
                .collect();
            Err(DecodeError::BadRequest(format!(
                "{prefix}: strict decoding error: {}",
                list.join(", ")
            )))
        }
        Ok((o, _)) => Ok(o),
    }
}

/// Rewords serde's type errors the way Go's JSON decoder words them.
fn go_decode_message(e: &str) -> String {
    // serde: `invalid type: string "three", expected i32`
    if let Some(rest) = e.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "value"));
        let got_kind = got.split_whitespace().next().unwrap_or(got);
        let go_want = match want {
            w if w.starts_with("i32") => "int32",
            w if w.starts_with("i64") => "int64",
            w if w.starts_with("a string") => "string",
            w if w.starts_with("a boolean") => "bool",
            w if w.contains("sequence") => "array",
            w if w.contains("map") || w.contains("struct") => "object",
            w => w,
        };
        return format!("json: cannot unmarshal {got_kind} into Go value of type {go_want}");
    }
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(y: &str) -> Document {
        parse_stream(y, "web.yaml").unwrap().remove(0)
    }

    #[test]
    fn multi_document_streams_and_lists() {
        let docs = parse_stream("---\napiVersion: v1\nkind: Pod\n---\n\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service}\n- {apiVersion: v1, kind: Pod}\n", "x").unwrap();
        assert_eq!(docs.len(), 3);
    }

    #[test]
    fn unknown_fields_are_reported_with_their_path() {
        let d = doc(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replica: 3\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePullPolcy: Always\n",
        );
        assert_eq!(
            decode(&d),
            Err(DecodeError::BadRequest(
                "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagePullPolcy\"".into()
            ))
        );
    }

    #[test]
    fn unknown_kinds_and_missing_type_info() {
        let d = doc("apiVersion: apps/v1\nkind: StatefulSett\nmetadata: {name: web}\n");
        match decode(&d) {
            Err(DecodeError::Client(m)) => assert!(m.starts_with("error: resource mapping not found for name: \"web\" namespace: \"\" from \"web.yaml\": no matches for kind \"StatefulSett\" in version \"apps/v1\"")),
            other => panic!("{other:?}"),
        }
        let d = doc("metadata: {name: web}\n");
        assert_eq!(
            decode(&d),
            Err(DecodeError::Client("error: error validating \"web.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into()))
        );
    }

    #[test]
    fn yaml_syntax_errors_name_the_file_and_line() {
        let e = parse_stream("a: b\n  c: d\n", "bad.yaml").unwrap_err();
        assert!(
            e.starts_with(
                "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 2:"
            ),
            "{e}"
        );
    }
}
