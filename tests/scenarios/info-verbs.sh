# Informational verbs: api-resources, version, config view, cluster-info, explain, top, help.
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl version
kubectl config view
kubectl config current-context
kubectl cluster-info
kubectl explain statefulset.spec.podManagementPolicy
kubectl explain cronjob.spec.concurrencyPolicy
kubectl explain sts.spec.nope
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 20
kubectl top nodes
kubectl top pods
kubectl top pods --containers
kubectl help rollout
kubectl rollout status --help
kubectl wiat
kubectl get --help
