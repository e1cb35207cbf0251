# label, annotate, patch (strategic, merge, json), set image, create from flags, create job --from, wait, edit.
kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80 --dry-run=client -o yaml
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl label deployment web tier=frontend
kubectl label deployment web tier=backend
kubectl label deployment web tier=backend --overwrite
kubectl label deployment web tier-
kubectl label deployment web tier-
kubectl annotate deployment web owner=alice
kubectl annotate deployment web owner=bob
kubectl get deployment web -o jsonpath='{.metadata.labels} {.metadata.annotations.owner}{"\n"}'
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web --type merge -p '{"spec":{"minReadySeconds":5}}'
kubectl patch deployment web --type json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]'
kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.36"}]}}}}'
kubectl get deployment web -o jsonpath='{range .spec.template.spec.containers[*]}{.name}={.image}{"\n"}{end}'
kubectl patch deployment web --type json -p '[{"op":"remove","path":"/spec/nope"}]'
kubectl patch deployment web
kubectl set image deployment/web '*=nginx:1.27'
kubectl set image deployment/web nope=x
kubectl create namespace team-a
kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2 -o yaml --dry-run=client
kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml
kubectl create cronjob tick --image=busybox:1.36 --schedule="*/5 * * * *" -- echo tick
kubectl create job manual-1 --from=cronjob/tick
kubectl get job manual-1 -o jsonpath='{.metadata.annotations}{"\n"}{.metadata.ownerReferences}{"\n"}'
kubectl create job again --from=cronjob/nope
kubectl create job pi --image=perl:5.34 -- perl -e 'print 1'
kubectl wait --for=condition=complete job/pi --timeout=2m
kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=web --timeout=1m
kubectl delete job pi --wait=false
kubectl wait --for=delete job/pi --timeout=1m
kubectl wait --for=condition=Ready pod/nope
kubectl edit deployment web
