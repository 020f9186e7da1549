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
