// The same manifests as the core's `svcdns::generate::manifest(n)`
// (crates/svcdns/src/generate.rs): per group of 5 objects, a regular
// Service, a headless Service, a StatefulSet (2 replicas), a Deployment (2
// replicas) and a Pod, spread over 7 namespaces.
export function manifest(objects) {
  const out = [];
  const groups = Math.ceil(objects / 5);
  for (let g = 0; g < groups; g++) {
    const ns = `team-${g % 7}`;
    const app = `app-${g}`;
    const docs = [
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}-hl\n  namespace: ${ns}\nspec:\n  clusterIP: None\n  selector:\n    app: ${app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  serviceName: ${app}-hl\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n      - name: main\n        image: busybox\n        ports:\n        - name: http\n          containerPort: 8080\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}-web\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${app}-web\n  template:\n    metadata:\n      labels:\n        app: ${app}-web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${app}-debug\n  namespace: ${ns}\n  labels:\n    app: ${app}-debug\nspec:\n  hostname: debug\n  subdomain: ${app}-hl\n  containers:\n  - name: shell\n    image: busybox\n`,
    ];
    for (const d of docs) {
      if (out.length < objects) out.push('---\n' + d);
    }
  }
  return out.join('');
}

// Shapes of 1,000 objects that real manifests have (issue 18, item 11).

/** StatefulSet-heavy: per pair, a headless Service and its 3-replica StatefulSet. */
export function statefulSetHeavy(objects) {
  const out = [];
  for (let g = 0; out.length < objects; g++) {
    const ns = `db-${g % 5}`;
    const app = `db-${g}`;
    out.push(`---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  clusterIP: None\n  selector:\n    app: ${app}\n  ports:\n  - name: sql\n    port: 5432\n`);
    if (out.length < objects) {
      out.push(`---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  serviceName: ${app}\n  replicas: 3\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n        ports:\n        - name: sql\n          containerPort: 5432\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: ["ReadWriteOnce"]\n      resources:\n        requests:\n          storage: 1Gi\n`);
    }
  }
  return out.join('');
}

/** Service-heavy: nine regular Services (two ports each) per Deployment they share. */
export function serviceHeavy(objects) {
  const out = [];
  for (let g = 0; out.length < objects; g++) {
    const ns = `team-${g % 7}`;
    const app = `api-${Math.floor(g / 9)}`;
    if (g % 9 === 0) {
      out.push(`---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n      - name: api\n        image: nginx\n        ports:\n        - name: http\n          containerPort: 8080\n`);
      if (out.length >= objects) break;
    }
    out.push(`---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${g}\n  namespace: ${ns}\n  labels:\n    app: ${app}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  - name: metrics\n    port: 9090\n    targetPort: 9090\n`);
  }
  return out.join('');
}

/**
 * A cluster dump (`kubectl get svc,endpointslices,pods -A -o yaml` split
 * into documents): per Service, its EndpointSlice and two running pods
 * with their status (IPs, Ready condition) and owner references.
 */
export function clusterDump(objects) {
  const out = [];
  for (let g = 0; out.length < objects; g++) {
    const ns = `prod-${g % 9}`;
    const app = `app-${g}`;
    const ip = (k) => `10.244.${(g * 2 + k) >> 8 & 255}.${(g * 2 + k) & 255}`;
    out.push(`---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n  uid: 0000-${g}\n  resourceVersion: "${1000 + g}"\n  labels:\n    app: ${app}\nspec:\n  clusterIP: 10.96.${(g >> 8) & 255}.${(g & 255) + 1}\n  clusterIPs:\n  - 10.96.${(g >> 8) & 255}.${(g & 255) + 1}\n  ipFamilies:\n  - IPv4\n  ipFamilyPolicy: SingleStack\n  selector:\n    app: ${app}\n  ports:\n  - name: http\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  sessionAffinity: None\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n`);
    const pods = [0, 1].map((k) => `${app}-7d9f8c-${'abcdefghij'[k]}x${g}`);
    if (out.length < objects) {
      out.push(`---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${app}-abc12\n  namespace: ${ns}\n  labels:\n    kubernetes.io/service-name: ${app}\n    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\naddressType: IPv4\nendpoints:\n${pods.map((p, k) => `- addresses:\n  - ${ip(k)}\n  conditions:\n    ready: true\n    serving: true\n    terminating: false\n  nodeName: node-${k}\n  targetRef:\n    kind: Pod\n    name: ${p}\n    namespace: ${ns}\n`).join('')}ports:\n- name: http\n  port: 8080\n  protocol: TCP\n`);
    }
    for (const [k, p] of pods.entries()) {
      if (out.length >= objects) break;
      out.push(`---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${p}\n  namespace: ${ns}\n  labels:\n    app: ${app}\n    pod-template-hash: 7d9f8c\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: ${app}-7d9f8c\n    uid: 1111-${g}\n    controller: true\nspec:\n  nodeName: node-${k}\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 8080\n      protocol: TCP\nstatus:\n  phase: Running\n  podIP: ${ip(k)}\n  podIPs:\n  - ip: ${ip(k)}\n  conditions:\n  - type: Ready\n    status: "True"\n`);
    }
  }
  return out.join('');
}
