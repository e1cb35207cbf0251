# A Deployment: scheduling, start-up taking visible time, readiness, scaling and deletion.
kubectl get nodes
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
        image: nginx:1.27
EOF
kubectl get pods
sleep 2
kubectl get pods -o wide
sleep 10
kubectl get deploy,rs,pods
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
        image: nginx:1.27
EOF
kubectl scale deployment web --replicas=1
kubectl get pods
sleep 5
kubectl get pods
kubectl get pods -o name
kubectl delete deployment web
sleep 5
kubectl get all
