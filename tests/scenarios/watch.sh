# kubectl get -w: the tutorial's "watch the pods come up in order", ended by --request-timeout
# (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go watch; each event row is aligned on its own).
kubectl get pods -w -l app=nginx --request-timeout=1s
kubectl apply -f manifests/web.yaml
kubectl get pods -w -l app=nginx --request-timeout=30s
kubectl get sts web -w --request-timeout=5s
kubectl delete pod web-0 --wait=false
kubectl get pods -l app=nginx --watch-only --output-watch-events --request-timeout=20s
kubectl get pods,svc -w
kubectl get pod web-1 -w -o name --request-timeout=2s
kubectl get pods -w --request-timeout=abc
