# The Job docs example (pi), unchanged.
kubectl apply -f manifests/job.yaml
kubectl get jobs
sleep 5
kubectl get pods
sleep 30
kubectl get jobs
kubectl get pods
kubectl get pods --selector=batch.kubernetes.io/job-name=pi --output=jsonpath='{.items[*].metadata.name}'
