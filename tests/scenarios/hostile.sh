# Hostile input gets an error, not an outage. Kubernetes accepts replicas: 1000000000 (an int32);
# kubetutor simulates at most 110 pods per node of the cluster per workload, while the Deployment
# keeps what was asked for. The FailedCreate event that says so is not written here: the
# replicaset-controller already wrote 25 events about this ReplicaSet (nine "Created pod" and the
# combined one, x16), and client-go's spam filter lets one source write 25 events about one
# object, then one every 5 minutes. (The control plane alone, so the transcript stays quick: its
# pods stay Pending on the control-plane taint.)
node remove worker-1
node remove worker-2
node remove worker-3
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: huge
spec:
  replicas: 1000000000
  selector:
    matchLabels: {app: huge}
  template:
    metadata:
      labels: {app: huge}
    spec:
      containers:
      - name: web
        image: nginx
EOF
sleep 1m
kubectl get deployment huge
kubectl get rs
kubectl get events --field-selector reason=FailedCreate
kubectl scale deployment huge --replicas=2
sleep 2m
kubectl get deployment huge
# Names at their length limits: a DNS label is at most 63 characters.
kubectl create deployment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --image=nginx
kubectl create deployment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa --image=nginx
kubectl create configmap ünïcødé
# A nesting bomb: refused before the parser recurses.
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: deep
data: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
EOF
# An alias bomb.
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: lol
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
EOF
# Binary garbage.
kubectl apply -f - <<EOF
ELF��>@8	@�� �
EOF
