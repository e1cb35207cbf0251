# kubectl port-forward (staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go) and curl
# on the learner's machine answered through it.
kubectl port-forward
kubectl port-forward pod/nope 8080:80
kubectl apply -f manifests/web.yaml
kubectl port-forward web-0 8080:80
sleep 20
kubectl exec web-0 -- sh -c 'echo hello from web-0 > /usr/share/nginx/html/index.html'
curl localhost:8080
kubectl port-forward pod/web-0 8080:80 &
curl localhost:8080
kubectl port-forward pod/web-0 8080:80 &
curl -s http://127.0.0.1:8080/index.html
curl -i localhost:8080/missing
kubectl port-forward svc/nginx 9090:web &
curl localhost:9090
kubectl port-forward sts/web 8081:80 &
curl -sS localhost:8081
kubectl port-forward web-1 :80 &
kubectl port-forward web-1 8082:80
kubectl port-forward web-1 7000:1234 &
curl localhost:7000
curl localhost:7777
curl example.com
kubectl delete pod web-0
curl localhost:8080
kubectl port-forward --stop 9090
kubectl port-forward web-1 8080:http &
