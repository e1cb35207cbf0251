# kubectl exec and run: kubectl's errors, the container shell's errors and exit codes.
kubectl run web --image=nginx
kubectl run box --image=busybox:1.36 --command -- sleep 3600
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    run: web
  ports:
  - port: 80
EOF
sleep 20
kubectl exec
kubectl exec web
kubectl exec web ls /
kubectl exec nope -- ls
kubectl exec web -c other -- ls
kubectl exec web -- nslookup web
kubectl exec web -- sh -c 'nslookup web'
kubectl exec web -- sh -c 'exit 3'
kubectl exec web -- sh -c 'cat /nope; echo "status $?"'
kubectl exec box -- sh -c 'foo; echo $?'
kubectl exec box -- sh -c 'echo "unterminated'
kubectl exec box -- sh -c 'echo one; false && echo never || echo fallback'
kubectl exec box -- sh -c 'printf "a\nb\nc\n" | grep -v b | wc -l'
kubectl exec box -- sh -c 'X=hello; echo "${X} $X" '"'"'$X'"'"
kubectl exec box -- sh -c 'mkdir -p /data/a && echo 1 > /data/a/f && echo 2 >> /data/a/f && cat /data/a/f && ls /data/a'
kubectl exec box -- sh -c 'echo hi > /no/such/file'
kubectl exec box -- sh -c 'for i in 1 2 3; do echo "n=$i"; done | tail -n 2'
kubectl exec box -- sh -c 'while true; do :; done'
kubectl exec box -- env
kubectl exec box -- sh -c 'whoami; id; uname; date'
kubectl exec box -- nslookup nope
kubectl exec box -- ping -c 2 web
kubectl exec web -- curl -s http://localhost/missing
kubectl exec web -- curl -sS http://localhost:81/
kubectl exec web -- curl -s nope
kubectl exec web -- sh -c 'curl -s http://localhost/ | head -n 4'
kubectl run oops --image=busybox --restart=Never -i -- sh -c 'echo bye; exit 2'
kubectl run
kubectl run x --image=busybox --rm
kubectl run x --image=busybox --restart=Sometimes
# A client-side dry run prints the pod kubectl's generator builds (the manifest people start
# from), and an unknown -o is refused before anything is created.
kubectl run draft --image=nginx --dry-run=client -o yaml
kubectl run draft --image=busybox --restart=Never --labels=app=x --dry-run=client -o yaml -- sleep 10
kubectl run draft --image=nginx --dry-run=client
kubectl run draft --image=nginx -o wide
kubectl run -it --image=busybox:1.36 shell --restart=Never --rm
kubectl get pods
