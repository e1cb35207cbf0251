# The StatefulSet basics tutorial (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/)
# with its upstream web.yaml, unchanged.
kubectl apply -f manifests/web.yaml
kubectl get service nginx
kubectl get statefulset web
kubectl get pods -l app=nginx
sleep 3
kubectl get pods -l app=nginx
sleep 10
kubectl get pods -l app=nginx
kubectl get pvc -l app=nginx
kubectl delete pod -l app=nginx
kubectl get pods -l app=nginx
sleep 20
kubectl get pods -l app=nginx
kubectl scale sts web --replicas=5
sleep 60
kubectl get pods -l app=nginx
kubectl scale sts web --replicas=3
sleep 60
kubectl get pods -l app=nginx
kubectl get pvc -l app=nginx
kubectl get statefulset web -o wide
kubectl delete statefulset web
sleep 30
kubectl get pods -l app=nginx
kubectl get pvc
