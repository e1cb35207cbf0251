# The learner's own shell: kubectl's output piped into grep, head, tail and wc, as tutorials do.
kubectl apply -f manifests/web.yaml
sleep 30s
kubectl get pods | grep web-1
kubectl get pods -l app=nginx --no-headers | wc -l
kubectl get pods | tail -n +2 | grep -c Running
kubectl get pods -o wide | head -1
kubectl get pods | grep -E 'web-0|web-1'
kubectl get pods | grep -v NAME | head -n 1
# grep with no match exits 1, as it does
kubectl get pods | grep nothing-here
# Errors pass by the pipe on standard error.
kubectl get pod nope | grep web
# Quoted, the pipe runs inside the container; unquoted, on the learner's machine.
kubectl exec web-0 -- sh -c 'ls / | wc -l'
kubectl exec web-0 -- ls / | wc -l
# What the learner's machine does not have here.
kubectl get pods | sort
kubectl get pods | grep web pods.txt
kubectl get pods |
