# Node maintenance: cordon, taint, drain (refusals, then a graceful drain), uncordon.
kubectl create deployment web --image=nginx:1.27 --replicas=4
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "infinity"]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: lonely
spec:
  nodeName: worker-1
  containers:
  - name: nginx
    image: nginx:1.27
EOF
sleep 15
kubectl cordon worker-1
kubectl cordon worker-1
kubectl get nodes
kubectl drain worker-1
kubectl drain worker-1 --ignore-daemonsets
kubectl drain worker-1 --ignore-daemonsets --force --dry-run=client
kubectl drain worker-1 --ignore-daemonsets --force
kubectl get pods -o wide
kubectl uncordon worker-1
kubectl uncordon worker-1
kubectl drain nope
kubectl taint nodes worker-2 dedicated=db:NoSchedule
kubectl taint nodes worker-2 dedicated=web:NoSchedule
kubectl taint nodes worker-2 dedicated=web:NoSchedule --overwrite
kubectl get node worker-2 -o jsonpath='{.spec.taints}'
kubectl taint nodes worker-2 dedicated:NoSchedule-
kubectl taint nodes worker-2 dedicated-
kubectl taint pods worker-2 a=b:NoSchedule
kubectl taint nodes worker-2 a=b:Sometimes
