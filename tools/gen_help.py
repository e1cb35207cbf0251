#!/usr/bin/env python3
"""Writes assets/help/VERB.txt, the `kubectl VERB --help` text for the verbs whose module has no
help of its own, from the installed kubectl v1.32 client (`/usr/bin/kubectl VERB --help`).

The description, examples and usage line are kubectl's own; the Options list is replaced by a
note, since kubetutor accepts only part of each command's flags (an unsupported one gets
kubectl's `unknown flag` error).

Run from the repository root:  python3 tools/gen_help.py
"""
import os
import subprocess

VERBS = ["api-resources", "apply", "cluster-info", "config", "create", "delete", "describe",
         "edit", "exec", "explain", "get", "logs", "run", "scale", "version"]

NOTE = ("Options:\n    (kubetutor's kubectl accepts the options of this command that its lessons use;\n"
        "    it answers any other one with kubectl's 'unknown flag' error)\n\n")

# The `kubectl create SUBCOMMAND` forms kubetutor implements (src/kubectl/create_cmd.rs), each
# written as assets/help/create-SUBCOMMAND.txt.
CREATE_SUBCOMMANDS = ["deployment", "job", "cronjob", "service", "namespace", "configmap",
                      "serviceaccount"]


def write(args, name):
    text = subprocess.run(["kubectl"] + args + ["--help"], capture_output=True, text=True,
                          check=True).stdout
    start = text.find("Options:\n")
    end = text.find("Usage:\n")
    if start >= 0 and end > start:
        text = text[:start] + NOTE + text[end:]
    with open("assets/help/%s.txt" % name, "w") as f:
        f.write(text)
    print(name, len(text))


os.makedirs("assets/help", exist_ok=True)
for verb in VERBS:
    write([verb], verb)
for sub in CREATE_SUBCOMMANDS:
    write(["create", sub], "create-" + sub)
