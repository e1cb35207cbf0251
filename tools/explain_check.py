#!/usr/bin/env python3
"""Checks kubetutor's `kubectl explain` against the real kubectl client, by hand (not a test).

Serves assets/explain.json as an OpenAPI v3 document (plus legacy discovery) on 127.0.0.1,
then runs the installed `kubectl explain ARGS` against it for each line of a file of
argument lists (default: the explain lines of tests/scenarios/explain.sh) and prints what
kubectl printed, so the transcript can be compared byte for byte with kubetutor's:

    python3 tools/explain_check.py > /tmp/real.txt

Needs only python3 and a kubectl binary; talks to no cluster.
"""
import http.server
import json
import shlex
import subprocess
import sys
import threading

DOC = json.load(open("assets/explain.json"))
REF = "#/components/schemas/"
GROUPS = {"": [], "apps": [], "batch": [], "storage.k8s.io": []}
PLURAL = {
    "Pod": ("pods", ["po"], True), "Service": ("services", ["svc"], True),
    "PersistentVolumeClaim": ("persistentvolumeclaims", ["pvc"], True),
    "PersistentVolume": ("persistentvolumes", ["pv"], False), "Node": ("nodes", ["no"], False),
    "ConfigMap": ("configmaps", ["cm"], True), "Secret": ("secrets", [], True),
    "Namespace": ("namespaces", ["ns"], False), "Event": ("events", ["ev"], True),
    "Endpoints": ("endpoints", ["ep"], True), "Deployment": ("deployments", ["deploy"], True),
    "ReplicaSet": ("replicasets", ["rs"], True), "StatefulSet": ("statefulsets", ["sts"], True),
    "DaemonSet": ("daemonsets", ["ds"], True), "Job": ("jobs", [], True),
    "CronJob": ("cronjobs", ["cj"], True), "ControllerRevision": ("controllerrevisions", [], True),
    "StorageClass": ("storageclasses", ["sc"], False),
    "ServiceAccount": ("serviceaccounts", ["sa"], True),
}


def gv_of(defname):
    parts = defname.split(".")  # io.k8s.api.<group>.<version>.<Kind>
    group = {"core": "", "storage": "storage.k8s.io"}.get(parts[3], parts[3])
    return group, parts[4]


def node(ty, desc=None, item=False):
    if ty.startswith("[]"):
        n = {"type": "array", "items": node(ty[2:], item=True)}
    elif ty.startswith("map[string]"):
        n = {"type": "object", "additionalProperties": node(ty[11:], item=True)}
    elif ty.startswith("#"):
        n = {"allOf": [{"$ref": REF + ty[1:]}]}
        if item:
            n["default"] = {}
    else:
        n = {"type": ty}
    if desc:
        n["description"] = desc
    return n


def schemas():
    out = {}
    gvk = {v: k for k, v in DOC["kinds"].items()}
    for name, d in DOC["defs"].items():
        s = {}
        if d["d"]:
            s["description"] = d["d"]
        if d["t"]:
            s["type"] = d["t"]
        if d["p"]:
            s["type"] = "object"
            s["properties"] = {p[0]: node(p[1], p[2]) for p in d["p"]}
            for pname, values in d.get("e", {}).items():
                s["properties"][pname]["enum"] = values
            req = [p[0] for p in d["p"] if p[3]]
            if req:
                s["required"] = req
        if name in gvk:
            g, v = gv_of(name)
            s["x-kubernetes-group-version-kind"] = [{"group": g, "kind": gvk[name], "version": v}]
        out[name] = s
    return out


SCHEMAS = schemas()


def gv_doc(group, version):
    paths = {}
    for kind, name in DOC["kinds"].items():
        g, v = gv_of(name)
        if (g, v) != (group, version):
            continue
        plural, _, namespaced = PLURAL[kind]
        prefix = "/api/v1" if not g else "/apis/%s/%s" % (g, v)
        p = prefix + ("/namespaces/{namespace}/" if namespaced else "/") + plural
        paths[p] = {"get": {"x-kubernetes-group-version-kind": {"group": g, "kind": kind, "version": v}}}
    return {"openapi": "3.0.0", "paths": paths, "components": {"schemas": SCHEMAS}}


def resource_list(group, version):
    res = []
    for kind, name in DOC["kinds"].items():
        g, v = gv_of(name)
        if (g, v) == (group, version):
            plural, short, namespaced = PLURAL[kind]
            res.append({"name": plural, "singularName": kind.lower(), "namespaced": namespaced,
                        "kind": kind, "verbs": ["get", "list"], "shortNames": short})
    gv = version if not group else group + "/" + version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": res}


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/api":
            body = {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
        elif path == "/apis":
            body = {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": g + "/v1", "version": "v1"}],
                 "preferredVersion": {"groupVersion": g + "/v1", "version": "v1"}}
                for g in GROUPS if g]}
        elif path == "/api/v1":
            body = resource_list("", "v1")
        elif path.startswith("/apis/") and path.count("/") == 3:
            _, _, g, v = path.split("/")
            body = resource_list(g, v)
        elif path == "/openapi/v3":
            body = {"paths": {("api/v1" if not g else "apis/%s/v1" % g):
                              {"serverRelativeURL": "/openapi/v3/" + ("api/v1" if not g else "apis/%s/v1" % g) + "?hash=0"}
                              for g in GROUPS}}
        elif path == "/openapi/v3/api/v1":
            body = gv_doc("", "v1")
        elif path.startswith("/openapi/v3/apis/"):
            _, _, _, _, g, v = path.split("/")
            body = gv_doc(g, v)
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    port = srv.server_address[1]
    src = sys.argv[1] if len(sys.argv) > 1 else "tests/scenarios/explain.sh"
    for line in open(src):
        line = line.strip()
        if not line.startswith("kubectl explain"):
            continue
        argv = shlex.split(line)[1:]
        r = subprocess.run(
            ["kubectl", "--server=http://127.0.0.1:%d" % port, "--cache-dir=/tmp/explain-check-cache",
             "--kubeconfig=/dev/null"] + argv,
            capture_output=True, text=True)
        sys.stdout.write("$ " + line + "\n" + r.stdout + r.stderr)
    srv.shutdown()


if __name__ == "__main__":
    main()
