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

/**
 * A cluster dump as `kubectl get svc,endpointslices,pods,statefulsets,
 * deployments,replicasets -A -o yaml` prints it: one `kind: List` document
 * whose items have every server-set field (uid, resourceVersion,
 * creationTimestamp, status), shaped as tests/fixtures/dumps/kind.yaml,
 * scaled up. Per group of 6 items, alternately: a headless Service, its
 * EndpointSlice, 3 StatefulSet pods and the StatefulSet; or a Service, its
 * slice, 2 pods, the Deployment and its ReplicaSet. Items are listed by
 * kind, as kubectl lists them.
 */
export function clusterDumpList(objects) {
  const kinds = { Service: [], EndpointSlice: [], Pod: [], StatefulSet: [], Deployment: [], ReplicaSet: [] };
  const uid = (g, k) => `${(g * 16 + k).toString(16).padStart(8, '0')}-4b5c-4d6e-9f80-a1b2c3d4e5f6`;
  const meta = (name, ns, g, k, extra = '') =>
    `  metadata:\n    creationTimestamp: "2026-12-01T09:14:40Z"\n${extra}    name: ${name}\n    namespace: ${ns}\n    resourceVersion: "${1000 + g * 8 + k}"\n    uid: ${uid(g, k)}\n`;
  let n = 0;
  for (let g = 0; n < objects; g++) {
    const ns = `prod-${g % 9}`;
    const sts = g % 2 === 0;
    const app = sts ? `db-${g}` : `web-${g}`;
    const hash = `6d4cf${(g % 4096).toString(16).padStart(3, '0')}db`;
    const replicas = sts ? 3 : 2;
    const pods = [...Array(replicas).keys()].map((k) => (sts ? `${app}-${k}` : `${app}-${hash}-${'bcdfg'[k]}x${g % 1000}`));
    const ip = (k) => `10.244.${((g * 3 + k) >> 8) & 255}.${(g * 3 + k) & 255}`;
    const node = (k) => `kind-worker${k % 2 ? '2' : ''}`;
    const port = sts ? 'mysql' : 'http';
    const cport = sts ? 3306 : 8080;
    const cip = sts ? 'None' : `10.96.${(g >> 8) & 255}.${(g & 255) + 1}`;
    kinds.Service.push(`- apiVersion: v1\n  kind: Service\n${meta(app, ns, g, 0, `    labels:\n      app: ${app}\n`)}  spec:\n    clusterIP: ${cip}\n    clusterIPs:\n    - ${cip}\n    internalTrafficPolicy: Cluster\n    ipFamilies:\n    - IPv4\n    ipFamilyPolicy: SingleStack\n    ports:\n    - name: ${port}\n      port: ${sts ? 3306 : 80}\n      protocol: TCP\n      targetPort: ${sts ? 3306 : 'http'}\n    selector:\n      app: ${app}\n    sessionAffinity: None\n    type: ClusterIP\n  status:\n    loadBalancer: {}\n`);
    kinds.EndpointSlice.push(`- addressType: IPv4\n  apiVersion: discovery.k8s.io/v1\n  endpoints:\n${pods.map((p, k) => `  - addresses:\n    - ${ip(k)}\n    conditions:\n      ready: true\n      serving: true\n      terminating: false\n${sts ? `    hostname: ${p}\n` : ''}    nodeName: ${node(k)}\n    targetRef:\n      kind: Pod\n      name: ${p}\n      namespace: ${ns}\n      uid: ${uid(g, 2 + k)}\n`).join('')}  kind: EndpointSlice\n${meta(`${app}-8vzk2`, ns, g, 1, `    generation: 1\n    labels:\n      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n      kubernetes.io/service-name: ${app}\n`)}  ports:\n  - name: ${port}\n    port: ${cport}\n    protocol: TCP\n`);
    const owner = sts ? ['StatefulSet', app, uid(g, 6)] : ['ReplicaSet', `${app}-${hash}`, uid(g, 7)];
    for (const [k, p] of pods.entries()) {
      const labels = sts
        ? `      app: ${app}\n      apps.kubernetes.io/pod-index: "${k}"\n      controller-revision-hash: ${app}-5d8c7f9b64\n      statefulset.kubernetes.io/pod-name: ${p}\n`
        : `      app: ${app}\n      pod-template-hash: ${hash}\n`;
      kinds.Pod.push(`- apiVersion: v1\n  kind: Pod\n${meta(p, ns, g, 2 + k, `    generateName: ${sts ? `${app}-` : `${app}-${hash}-`}\n    labels:\n${labels}`)}    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: ${owner[0]}\n      name: ${owner[1]}\n      uid: ${owner[2]}\n  spec:\n    containers:\n    - image: ${sts ? 'mysql:8.4' : 'nginx:1.27'}\n      imagePullPolicy: IfNotPresent\n      name: main\n      ports:\n      - containerPort: ${cport}\n        name: ${port}\n        protocol: TCP\n      resources: {}\n      terminationMessagePath: /dev/termination-log\n      terminationMessagePolicy: File\n    dnsPolicy: ClusterFirst\n    enableServiceLinks: true\n${sts ? `    hostname: ${p}\n` : ''}    nodeName: ${node(k)}\n    preemptionPolicy: PreemptLowerPriority\n    priority: 0\n    restartPolicy: Always\n    schedulerName: default-scheduler\n    securityContext: {}\n    serviceAccount: default\n    serviceAccountName: default\n${sts ? `    subdomain: ${app}\n` : ''}    terminationGracePeriodSeconds: 30\n  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: "2026-12-01T09:15:12Z"\n      status: "True"\n      type: Ready\n    hostIP: 172.18.0.${3 + (k % 2)}\n    hostIPs:\n    - ip: 172.18.0.${3 + (k % 2)}\n    phase: Running\n    podIP: ${ip(k)}\n    podIPs:\n    - ip: ${ip(k)}\n    qosClass: BestEffort\n    startTime: "2026-12-01T09:14:40Z"\n`);
    }
    const template = `    template:\n      metadata:\n        labels:\n          app: ${app}\n${sts ? '' : `          pod-template-hash: ${hash}\n`}      spec:\n        containers:\n        - image: ${sts ? 'mysql:8.4' : 'nginx:1.27'}\n          name: main\n          ports:\n          - containerPort: ${cport}\n            name: ${port}\n            protocol: TCP\n        restartPolicy: Always\n`;
    if (sts) {
      kinds.StatefulSet.push(`- apiVersion: apps/v1\n  kind: StatefulSet\n${meta(app, ns, g, 6, '    generation: 1\n')}  spec:\n    podManagementPolicy: OrderedReady\n    replicas: 3\n    revisionHistoryLimit: 10\n    selector:\n      matchLabels:\n        app: ${app}\n    serviceName: ${app}\n${template}    updateStrategy:\n      rollingUpdate:\n        partition: 0\n      type: RollingUpdate\n  status:\n    availableReplicas: 3\n    currentReplicas: 3\n    readyReplicas: 3\n    replicas: 3\n`);
    } else {
      kinds.Deployment.push(`- apiVersion: apps/v1\n  kind: Deployment\n${meta(app, ns, g, 6, '    generation: 1\n')}  spec:\n    progressDeadlineSeconds: 600\n    replicas: 2\n    revisionHistoryLimit: 10\n    selector:\n      matchLabels:\n        app: ${app}\n    strategy:\n      rollingUpdate:\n        maxSurge: 25%\n        maxUnavailable: 25%\n      type: RollingUpdate\n${template.replace(`          pod-template-hash: ${hash}\n`, '')}  status:\n    availableReplicas: 2\n    readyReplicas: 2\n    replicas: 2\n`);
      kinds.ReplicaSet.push(`- apiVersion: apps/v1\n  kind: ReplicaSet\n${meta(`${app}-${hash}`, ns, g, 7, `    generation: 1\n    labels:\n      app: ${app}\n      pod-template-hash: ${hash}\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: Deployment\n      name: ${app}\n      uid: ${uid(g, 6)}\n`)}  spec:\n    replicas: 2\n    selector:\n      matchLabels:\n        app: ${app}\n        pod-template-hash: ${hash}\n${template}  status:\n    availableReplicas: 2\n    readyReplicas: 2\n    replicas: 2\n`);
    }
    n += 6;
  }
  // Trim to `objects` items: drop whole groups' leftovers from the end of each kind.
  let items = Object.values(kinds).flat();
  items = items.slice(0, objects);
  return `apiVersion: v1\nitems:\n${items.join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
}
