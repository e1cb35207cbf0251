# Per-namespace defaults every real cluster has: ServiceAccount `default` and ConfigMap
# `kube-root-ca.crt` in every namespace, recreated when deleted; the ServiceAccount admission
# plugin's kube-api-access volume, its files in the container, and the errors for a missing account.
kubectl get serviceaccounts -A
kubectl get configmaps -A
kubectl create namespace team
kubectl get sa,cm -n team
kubectl run web --image=nginx
sleep 5
kubectl describe pod web
kubectl get pod web -o yaml
kubectl exec web -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
kubectl describe sa default
kubectl delete sa default
kubectl get sa
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: lonely
spec:
  serviceAccountName: robot
  containers:
  - name: c
    image: nginx
YAML
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: quiet
spec:
  automountServiceAccountToken: false
  serviceAccount: default
  containers:
  - name: c
    image: nginx
YAML
kubectl get pod quiet -o jsonpath='{.spec.serviceAccountName} {.spec.serviceAccount} {.spec.volumes}{"\n"}'
kubectl create deployment robots --image=nginx
kubectl patch deployment robots -p '{"spec":{"template":{"spec":{"serviceAccountName":"robot"}}}}'
sleep 2
kubectl get rs
kubectl describe rs -l app=robots
kubectl get deployment robots -o jsonpath='{range .status.conditions[*]}{.type} {.status} {.reason}{"\n"}{end}'
kubectl apply -f - <<YAML
apiVersion: v1
kind: ServiceAccount
metadata:
  name: robot
automountServiceAccountToken: false
YAML
kubectl get sa
# The ReplicaSet retries with the work queue's exponential back-off and now gets its pod.
sleep 30s
kubectl get rs -l app=robots
kubectl get deployment robots -o jsonpath='{range .status.conditions[*]}{.type} {.status} {.reason}{"\n"}{end}'
# kubectl create serviceaccount: a ServiceAccount with only its name (no generation: its
# registry strategy keeps none). -o json and -o jsonpath-as-json as kubectl prints them: four
# spaces a level, and <, > and & escaped as Go's encoder escapes them.
kubectl create serviceaccount builder --dry-run=client -o yaml
kubectl create sa robot2 --dry-run=client -o jsonpath='{.kind}/{.metadata.name}{"\n"}'
# A bad template is refused before anything is created, as kubectl makes its printer first.
kubectl create sa robot2 -o 'jsonpath={.a'
kubectl get sa robot2
kubectl create sa builder -n team
kubectl get sa builder -n team -o yaml
kubectl get sa builder -n team -o json
kubectl create cm note -n team --from-literal='when=<none> & later'
kubectl get cm note -n team -o json
kubectl get cm note -n team -o jsonpath-as-json='{.metadata.name}{.data.when}'
kubectl create sa builder -n team
kubectl delete ns team
sleep 10
kubectl get sa,cm -n team
