# The StatefulSet basics tutorial (kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/):
# stable hostnames, stable DNS names, and storage that survives the pods.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
EOF
sleep 30
kubectl get pods -l app=nginx -o wide
# Stable network identity: each pod's hostname is its name.
kubectl exec web-0 -- sh -c 'hostname'
kubectl exec web-1 -- sh -c 'hostname'
# DNS from a busybox pod.
kubectl run -i --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx
kubectl run -i --image busybox:1.28 dns-test --restart=Never --rm -- nslookup nginx
# The volumes start empty: nginx has no index page to serve.
kubectl exec web-0 -- curl -s http://localhost/
# Write each pod's hostname into its volume, then read it back over the network.
kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec web-1 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec -i -t web-0 -- curl http://localhost/
kubectl exec -i -t web-1 -- curl http://localhost/
kubectl run -i --image busybox dns-test --restart=Never --rm -- wget -qO- web-1.nginx
# Delete the pods: the StatefulSet recreates them with the same names and the same volumes.
kubectl delete pod -l app=nginx
sleep 60
kubectl get pods -l app=nginx
kubectl exec web-0 -- sh -c 'hostname; cat /usr/share/nginx/html/index.html'
kubectl exec -i -t web-1 -- curl http://localhost/
# Writes outside a volume vanish with the container.
kubectl exec web-0 -- sh -c 'echo scratch > /tmp/note && cat /tmp/note'
kubectl delete pod web-0
sleep 60
kubectl exec web-0 -- cat /tmp/note
kubectl exec web-0 -- sh -c 'cat /usr/share/nginx/html/index.html'
