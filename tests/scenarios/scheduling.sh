# The scheduler's filters and its FailedScheduling message.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests:
        cpu: "64"
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: picky
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: c
    image: nginx
EOF
kubectl get pods
kubectl get events --field-selector reason=FailedScheduling
node add worker-4 --label disktype=ssd
sleep 10
kubectl get pods -o wide
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: on-control-plane
spec:
  nodeName: control-plane
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", "echo hello; sleep 3"]
EOF
sleep 10
kubectl get pods -o wide
kubectl delete pod huge picky on-control-plane
kubectl get pods
