# kubectl logs: a pod still starting, a loop that prints as time passes (env vars expanded),
# --tail, --timestamps, --since, -f until a timeout, --previous, several containers, an init
# container, and the first pod of a Job and a StatefulSet.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox
    env:
    - name: GREETING
      value: hello
    command: ["sh", "-c", "echo starting on $HOSTNAME; while true; do echo $GREETING from $HOSTNAME; sleep 5; done"]
EOF
kubectl logs counter
sleep 20
kubectl logs counter
kubectl logs counter --tail=2 --timestamps
kubectl logs counter --since=6s
kubectl logs counter -f --request-timeout=12s
kubectl logs counter -p
kubectl logs counter -c nope
kubectl logs nothing
kubectl logs
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: setup
    image: busybox
    command: ["sh", "-c", "echo preparing; sleep 1; echo ready"]
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo app up; sleep 3600"]
  - name: sidecar
    image: busybox
    command: ["sh", "-c", "while true; do echo sidecar tick; sleep 10; done"]
EOF
sleep 15
kubectl logs two
kubectl logs two -c setup
kubectl logs two sidecar
kubectl logs two --all-containers --prefix
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(50)"]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: idx
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox
        command: ["sh", "-c", "echo working on item $JOB_COMPLETION_INDEX"]
EOF
sleep 20
kubectl logs job/pi
kubectl logs -l job-name=idx
kubectl logs -l job-name=idx --prefix
kubectl logs node/worker-1
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: crashy
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo trying; sleep 2; echo giving up; exit 1"]
EOF
sleep 30
kubectl get pod crashy
kubectl logs crashy
kubectl logs crashy --previous
