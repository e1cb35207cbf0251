# The CronJob docs example (hello), unchanged: a Job every minute, named after its scheduled minute.
kubectl apply -f manifests/cronjob.yaml
kubectl get cronjob hello
sleep 61s
kubectl get cronjob hello
kubectl get jobs
sleep 5m
kubectl get jobs
kubectl get cronjob hello
kubectl delete cronjob hello
kubectl get jobs
