# -f DIR reads the directory's .json/.yaml/.yml files; -R also those of its subdirectories.
kubectl apply -f manifests/tree
kubectl apply -f manifests/tree -R
kubectl get configmaps
kubectl get -f manifests/tree -R
kubectl get -f manifests/tree/a-config.yaml -o name
# A manifest of two kinds: one table per kind, names with their kind (kubectl's MustPrintWithKinds).
kubectl apply -f manifests/web.yaml
kubectl get -f manifests/web.yaml
kubectl get pods -f manifests/web.yaml
kubectl delete -f manifests/tree --recursive
kubectl get configmaps
kubectl get -f manifests/tree -R
