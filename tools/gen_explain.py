#!/usr/bin/env python3
"""Generates assets/explain.json, the schema `kubectl explain` reads in kubetutor.

Source: the k8s-openapi crate's generated code (the version in Cargo.lock, API v1_34). Each
type's `schemars::JsonSchema` impl holds the OpenAPI definition as k8s-openapi received it
from the Kubernetes spec: descriptions, JSON field names, types, `required`. This script
parses those impls for the kinds the simulator serves and every type they reach, and writes
a compact JSON document:

    {"kinds": {"StatefulSet": "io.k8s.api.apps.v1.StatefulSet", ...},
     "defs": {"io.k8s.api.apps.v1.StatefulSet":
                {"d": "<description>", "t": "<openapi type or empty>",
                 "p": [["<json name>", "<type>", "<description>", <1 if required>], ...],
                 "e": {"<json name>": ["<enum value>", ...]}}}}   ("e" only when some field has one)

A field type is `string|integer|number|boolean|object`, `#<definition name>`, `[]<type>` or
`map[string]<type>`. k8s-openapi drops the `apiVersion`/`kind` descriptions into the schema
impl too, so they come along; it marks `metadata` required on top-level resources (it is
not in the upstream spec), which this script undoes.

The published spec k8s-openapi is built from has no `enum` lists and no "Possible enum values"
paragraphs (it is generated with the OpenAPIEnums feature off), while a real apiserver serves
both. tools/explain_enums.json holds them, copied by hand from upstream's generated OpenAPI
definitions; this script replaces those fields' descriptions and adds their enum lists, and
stops if an overlay field is missing or its description no longer starts with k8s-openapi's.

Run from the repository root:  python3 tools/gen_explain.py
"""
import glob
import json
import os
import re
import sys

KINDS = {
    "Pod": "io.k8s.api.core.v1.Pod",
    "Service": "io.k8s.api.core.v1.Service",
    "PersistentVolumeClaim": "io.k8s.api.core.v1.PersistentVolumeClaim",
    "PersistentVolume": "io.k8s.api.core.v1.PersistentVolume",
    "Node": "io.k8s.api.core.v1.Node",
    "ConfigMap": "io.k8s.api.core.v1.ConfigMap",
    "Secret": "io.k8s.api.core.v1.Secret",
    "Namespace": "io.k8s.api.core.v1.Namespace",
    "Event": "io.k8s.api.core.v1.Event",
    "Endpoints": "io.k8s.api.core.v1.Endpoints",
    "Deployment": "io.k8s.api.apps.v1.Deployment",
    "ReplicaSet": "io.k8s.api.apps.v1.ReplicaSet",
    "StatefulSet": "io.k8s.api.apps.v1.StatefulSet",
    "DaemonSet": "io.k8s.api.apps.v1.DaemonSet",
    "Job": "io.k8s.api.batch.v1.Job",
    "CronJob": "io.k8s.api.batch.v1.CronJob",
    "ControllerRevision": "io.k8s.api.apps.v1.ControllerRevision",
    "StorageClass": "io.k8s.api.storage.v1.StorageClass",
    "ServiceAccount": "io.k8s.api.core.v1.ServiceAccount",
}


def crate_dir():
    home = os.path.expanduser("~/.cargo/registry/src")
    lock = open("Cargo.lock").read()
    m = re.search(r'name = "k8s-openapi"\nversion = "([^"]+)"', lock)
    if not m:
        sys.exit("k8s-openapi not in Cargo.lock")
    dirs = glob.glob(os.path.join(home, "*", "k8s-openapi-" + m.group(1)))
    if not dirs:
        sys.exit("k8s-openapi %s not in ~/.cargo/registry (run cargo fetch)" % m.group(1))
    return os.path.join(dirs[0], "src", "v1_34")


SUB_DESC = re.compile(
    r'\(\{\s*let mut schema_obj = __gen\.subschema_for::<crate::([\w:]+)>\(\);\s*'
    r'schema_obj\.ensure_object\(\)\.insert\("description"\.into\(\), ("(?:[^"\\]|\\.)*")\.into\(\)\);\s*'
    r'schema_obj\s*\}\)'
)
SUB = re.compile(r'\(__gen\.subschema_for::<crate::([\w:]+)>\(\)\)')


def rust_path_to_def(path):
    """crate::api::apps::v1::StatefulSetSpec -> io.k8s.api.apps.v1.StatefulSetSpec."""
    parts = path.split("::")
    if parts[0] == "apimachinery":
        return "io.k8s.apimachinery." + ".".join(parts[1:])
    return "io.k8s." + ".".join(parts)


def rust_str_to_json(lit):
    """A Rust string literal (as k8s-openapi prints them) as a JSON string literal."""
    body = lit[1:-1]
    body = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: "\\u%04x" % int(m.group(1), 16), body)
    body = body.replace("\\'", "'").replace("\\0", "\\u0000")
    return '"' + body + '"'


def to_json(src):
    src = SUB_DESC.sub(
        lambda m: '{"$ref": "%s", "description": %s}'
        % (rust_path_to_def(m.group(1)), rust_str_to_json(m.group(2))),
        src,
    )
    src = SUB.sub(lambda m: '{"$ref": "%s"}' % rust_path_to_def(m.group(1)), src)
    # Drop trailing commas outside strings; convert remaining Rust string literals.
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append(rust_str_to_json(src[i : j + 1]))
            i = j + 1
            continue
        if c == ",":
            k = i + 1
            while k < n and src[k].isspace():
                k += 1
            if k < n and src[k] in "}]":
                i += 1
                continue
        out.append(c)
        i += 1
    return json.loads("".join(out))


def load_schemas(root):
    schemas, resources = {}, set()
    for f in glob.glob(os.path.join(root, "**", "*.rs"), recursive=True):
        text = open(f, encoding="utf-8").read()
        m = re.match(r"// Generated from definition (\S+)", text)
        if not m:
            continue
        name = m.group(1)
        if "impl crate::Resource for" in text:
            resources.add(name)
        s = text.find("json_schema!(")
        if s < 0:
            continue
        s += len("json_schema!(")
        depth, e = 0, s
        in_str = False
        while True:
            c = text[e]
            if in_str:
                if c == "\\":
                    e += 1
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c in "({[":
                depth += 1
            elif c in ")}]":
                if depth == 0:
                    break
                depth -= 1
            e += 1
        try:
            schemas[name] = to_json(text[s:e])
        except ValueError:
            pass  # a shape this parser does not handle (CRD schemas, ...): fails below if needed
    return schemas, resources


def type_of(node):
    if "$ref" in node:
        return "#" + node["$ref"]
    t = node.get("type", "")
    if t == "array":
        return "[]" + type_of(node.get("items", {}))
    if t == "object" and isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + type_of(node["additionalProperties"])
    return t


def load_enums():
    """tools/explain_enums.json: definition -> property -> {enum, description}."""
    overlay = json.load(open(os.path.join(os.path.dirname(__file__), "explain_enums.json")))
    overlay.pop("_about", None)
    return overlay


def apply_enums(defs, overlay):
    for name, fields in sorted(overlay.items()):
        d = defs.get(name)
        if d is None:
            sys.exit("explain_enums.json: %s is not in the asset" % name)
        for pname, e in sorted(fields.items()):
            prop = next((p for p in d["p"] if p[0] == pname), None)
            if prop is None:
                sys.exit("explain_enums.json: %s has no field %s" % (name, pname))
            base = e["description"].split("\n\nPossible enum values:")[0].rstrip("\n")
            if not e["description"].startswith(prop[2]) or prop[2].rstrip("\n") != base:
                sys.exit("explain_enums.json: %s.%s description differs from k8s-openapi's" % (name, pname))
            prop[2] = e["description"]
            d.setdefault("e", {})[pname] = e["enum"]


def main():
    schemas, resources = load_schemas(crate_dir())
    defs, todo = {}, list(KINDS.values())
    while todo:
        name = todo.pop()
        if name in defs:
            continue
        if name not in schemas:
            sys.exit("could not parse the schema of " + name)
        s = schemas[name]
        required = set(s.get("required", []))
        if name in resources:
            required.discard("metadata")
        props = []
        for pname in sorted(s.get("properties", {})):
            node = s["properties"][pname]
            ty = type_of(node)
            for ref in re.findall(r"#(\S+)", ty):
                todo.append(ref)
            props.append([pname, ty, node.get("description", ""), int(pname in required)])
        t = s.get("type", "")
        defs[name] = {"d": s.get("description", ""), "t": t, "p": props}
    apply_enums(defs, load_enums())
    doc = {"kinds": KINDS, "defs": dict(sorted(defs.items()))}
    os.makedirs("assets", exist_ok=True)
    with open("assets/explain.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print("assets/explain.json: %d definitions, %d bytes" % (len(defs), os.path.getsize("assets/explain.json")))


if __name__ == "__main__":
    main()
