# Mistakes get kubectl's own error messages and change nothing.
kubectl get pods
kubectl get foo
kubectl get pods --nope
kubectl get
kubectl apply -f missing.yaml
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: a
  labels: [oops
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: StatefulSett
metadata:
  name: web
EOF
kubectl apply -f - <<EOF
metadata:
  name: web
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        imagePullPolcy: Always
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: nginx
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
EOF
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "0 0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers:
  - name: c
    image: nginx
EOF
kubectl apply -n nowhere -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: lost
spec:
  containers:
  - name: c
    image: nginx
EOF
kubectl delete pod ghost
kubectl delete pods
kubectl scale deployment ghost --replicas=2
kubectl scale deployment ghost
frobnicate
sleep forever
node fail worker-9
kubectl get all
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: fixed
spec:
  containers:
  - name: c
    image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: fixed
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests:
        cpu: 500m
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: fixed
spec:
  containers:
  - name: c
    image: nginx:1.27
EOF
# A name asked for alone and not found: only the error, even with a template printer.
kubectl get pod nope -o jsonpath='{.metadata.name}{"\n"}'
# Several names, none found: the empty list through the template, then the errors.
kubectl get pod a b -o jsonpath='{"x\n"}'
# --ignore-not-found and nothing found: nothing at all, in any format.
kubectl get pod a --ignore-not-found
kubectl get pod a --ignore-not-found -o jsonpath='{"x\n"}'
kubectl get pods -n kube-public --ignore-not-found -o json
