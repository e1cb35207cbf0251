# The DaemonSet docs example, unchanged: one pod on every node, the control plane included.
kubectl apply -f manifests/daemonset.yaml
kubectl get daemonset -n kube-system
sleep 30
kubectl get pods -n kube-system -o wide
kubectl get ds -n kube-system
node add worker-4
sleep 30
kubectl get ds -n kube-system
node remove worker-4
sleep 60
kubectl get ds -n kube-system
kubectl get pods -n kube-system -o wide
