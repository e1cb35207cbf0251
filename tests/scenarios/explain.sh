# kubectl explain from the OpenAPI schema (upstream kubectl/pkg/explain/v2/templates/plaintext.tmpl):
# a kind, fields at every depth through arrays and references, short names and groups,
# --recursive, --api-version, and the errors. Compared byte for byte with a real kubectl v1.32
# client reading the same schema (tools/explain_check.py).
kubectl explain statefulset.spec.podManagementPolicy
kubectl explain sts.spec.updateStrategy
kubectl explain ds.spec.updateStrategy.type
kubectl explain sts.spec.volumeClaimTemplates.spec.resources
kubectl explain statefulsets.apps.spec.replicas
kubectl explain cronjob.spec.concurrencyPolicy
kubectl explain cj.spec.jobTemplate.spec.template.spec.containers.resources.limits
kubectl explain job.spec.completionMode
kubectl explain pod.spec.restartPolicy
kubectl explain pod.spec.tolerations
kubectl explain deploy.spec.strategy --recursive
kubectl explain ds.spec --recursive
kubectl explain pods
kubectl explain po.spec.containers.ports
kubectl explain pod.metadata.creationTimestamp
kubectl explain pvc.spec.accessModes
kubectl explain svc.spec.clusterIP
kubectl explain sc --api-version=storage.k8s.io/v1
kubectl explain configmap
kubectl explain ev.involvedObject
kubectl explain controllerrevision.data
kubectl explain sts --api-version=apps/v2
kubectl explain sts --api-version=v1
kubectl explain sts.spec.nope
kubectl explain pods.spec.containers.resources.limits.cpu
kubectl explain StatefulSet.SPEC
kubectl explain foo.spec
kubectl explain
kubectl explain pod spec
