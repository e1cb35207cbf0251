# -f DIR reads the directory's .json/.yaml/.yml files; -R also those of its subdirectories.
kubectl apply -f manifests/tree
kubectl apply -f manifests/tree -R
kubectl get configmaps
kubectl delete -f manifests/tree --recursive
kubectl get configmaps
