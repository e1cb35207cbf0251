# Rollouts: status while virtual time passes, history with change-cause, undo, restart, pause.
kubectl create deployment web --image=nginx:1.26 --replicas=3
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.27
kubectl annotate deployment web kubernetes.io/change-cause="image 1.27"
kubectl rollout status deployment/web --timeout=5m
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=2
kubectl rollout undo deployment/web
kubectl rollout status deployment web
kubectl rollout history deploy/web
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout pause deployment/web
kubectl rollout pause deployment/web
kubectl rollout restart deployment/web
kubectl rollout resume deployment/web
kubectl rollout resume deployment/web
kubectl rollout restart deployment/web
kubectl rollout status deployment/web --watch=false
kubectl rollout status pod/nope
kubectl rollout frob deployment/web
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      partition: 1
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: redis:7.2
EOF
kubectl rollout status sts/db
kubectl set image statefulset/db redis=redis:7.4
kubectl rollout status statefulset/db
kubectl get pods -l app=db -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image
kubectl rollout history statefulset/db
kubectl rollout pause statefulset/db
kubectl rollout undo statefulset/db
# A paused Deployment rolls nothing out but still scales (`sync` runs `scale`).
kubectl create deployment paused --image=nginx:1.27 --replicas=2
sleep 30s
kubectl rollout pause deployment/paused
kubectl set image deployment/paused nginx=nginx:1.26
kubectl scale deployment paused --replicas=4
sleep 30s
kubectl get deploy paused
kubectl get rs -l app=paused
kubectl get events --field-selector involvedObject.name=paused
