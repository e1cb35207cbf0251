# A node stops reporting: NotReady after the grace period, pods evicted after tolerationSeconds,
# Terminating until the node comes back, replacements elsewhere.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
EOF
sleep 30s
kubectl get pods -o wide
node fail worker-2
sleep 40s
kubectl get nodes
sleep 20s
kubectl get nodes
sleep 5m
kubectl get pods -o wide
node recover worker-2
sleep 5s
kubectl get nodes
kubectl get pods -o wide
node remove worker-3
sleep 1m
kubectl get pods -o wide
