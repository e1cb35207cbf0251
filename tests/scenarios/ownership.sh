# Ownership by labels: the ReplicaSet docs' non-template pod acquisition, a pod relabelled out of
# its ReplicaSet (kept for debugging, replaced by a new one), and a Deployment deleted with
# --cascade=orphan and created again, which takes its ReplicaSet back.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
EOF
sleep 1m
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: pod1
  labels:
    tier: frontend
spec:
  containers:
  - name: hello1
    image: gcr.io/google-samples/hello-app:2.0
EOF
kubectl get pods
kubectl get events --field-selector involvedObject.name=frontend
kubectl delete rs frontend
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 1m
kubectl label pod web-7dd4c748c7-gjqhn app=debug --overwrite
sleep 10s
kubectl get pods -L app
kubectl get pod web-7dd4c748c7-gjqhn -o jsonpath='{.metadata.ownerReferences}{"\n"}'
kubectl delete pod web-7dd4c748c7-gjqhn
kubectl delete deployment web --cascade=orphan
kubectl get rs
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 10s
kubectl get deploy,rs
kubectl get rs web-7dd4c748c7 -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}{"\n"}'
# A ReplicaSet relabelled out of its Deployment is released; the Deployment's new one would have
# its name, so the Deployment counts a collision (status.collisionCount) and names it anew.
kubectl label rs web-7dd4c748c7 app=other --overwrite
sleep 10s
kubectl get rs --show-labels
kubectl get deploy web -o jsonpath='{.status.collisionCount}{"\n"}'
