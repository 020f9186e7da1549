// kubelet-faker plays the parts of a cluster that nothing runs in the
// conformance rig: the scheduler (binding pods to nodes) and the kubelet
// (Node objects, pod status, confirming deletions). Everything it decides
// comes from a plan file written per case, so a case fixes each pod's node,
// IPs and readiness: nothing is left to processing order or chance.
//
// Plan (JSON, re-read whenever the file changes):
//
//	{"nodes": [{"name": "node-1", "ip": "172.18.0.3", "podCIDRs": ["10.244.1.0/24"]}],
//	 "pods":  [{"namespace": "default", "name": "web-0", "group": "",
//	            "node": "node-1", "ips": ["10.244.1.7"], "ready": true, "phase": "Running"}]}
//
// A pod is matched to a plan entry by namespace and name first (StatefulSet
// pods, written pods); pods whose names a controller randomises (ReplicaSet,
// Deployment, DaemonSet) take the first free entry of their group
// ("Deployment/ns/name", "ReplicaSet/ns/name", "DaemonSet/ns/name"; a
// DaemonSet's entry on the pod's node first). A pod without an entry gets an
// address from 10.244.250.0/24 and is logged: the case did not plan it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"os"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

type planNode struct {
	Name     string   `json:"name"`
	IP       string   `json:"ip"`
	PodCIDRs []string `json:"podCIDRs"`
}

type planPod struct {
	Namespace string   `json:"namespace"`
	Name      string   `json:"name"`
	Group     string   `json:"group"`
	Node      string   `json:"node"`
	IPs       []string `json:"ips"`
	Ready     bool     `json:"ready"`
	Phase     string   `json:"phase"`
}

type plan struct {
	Nodes []planNode `json:"nodes"`
	Pods  []planPod  `json:"pods"`
}

type faker struct {
	client   kubernetes.Interface
	planPath string
	planMod  time.Time
	plan     plan
	// Pod UID -> index of its plan entry (-1: unplanned); reset with the plan.
	assigned map[types.UID]int
	taken    map[int]bool
	// Pods whose status is written, by UID.
	done map[types.UID]bool
	// Pods whose status shows their planned readiness, by UID.
	shown map[types.UID]bool
	// Owner lookups: ReplicaSet namespace/name -> its Deployment's name.
	rsOwner map[string]string
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the API server")
	planPath := flag.String("plan", "", "plan file (JSON)")
	interval := flag.Duration("interval", 100*time.Millisecond, "poll interval")
	flag.Parse()
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	cfg.QPS = 200
	cfg.Burst = 400
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatalf("client: %v", err)
	}
	f := &faker{client: client, planPath: *planPath, rsOwner: map[string]string{}}
	f.reset()
	ctx := context.Background()
	for {
		f.readPlan()
		f.ensureNodes(ctx)
		if err := f.pass(ctx); err != nil {
			log.Printf("pass: %v", err)
		}
		time.Sleep(*interval)
	}
}

func (f *faker) reset() {
	f.assigned = map[types.UID]int{}
	f.taken = map[int]bool{}
	f.done = map[types.UID]bool{}
	f.shown = map[types.UID]bool{}
}

func (f *faker) readPlan() {
	st, err := os.Stat(f.planPath)
	if err != nil || st.ModTime().Equal(f.planMod) {
		return
	}
	data, err := os.ReadFile(f.planPath)
	if err != nil {
		return
	}
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		log.Printf("plan %s: %v", f.planPath, err)
		return
	}
	f.plan = p
	f.planMod = st.ModTime()
	f.reset()
	log.Printf("plan: %d nodes, %d pods", len(p.Nodes), len(p.Pods))
}

func (f *faker) ensureNodes(ctx context.Context) {
	for _, n := range f.plan.Nodes {
		node, err := f.client.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			node = &corev1.Node{
				ObjectMeta: metav1.ObjectMeta{Name: n.Name, Labels: map[string]string{
					"kubernetes.io/hostname": n.Name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
				}},
				Spec: corev1.NodeSpec{PodCIDRs: n.PodCIDRs},
			}
			if len(n.PodCIDRs) > 0 {
				node.Spec.PodCIDR = n.PodCIDRs[0]
			}
			node, err = f.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
			if err != nil {
				log.Printf("node %s: %v", n.Name, err)
				continue
			}
		} else if err != nil {
			log.Printf("node %s: %v", n.Name, err)
			continue
		}
		// The API server's TaintNodesByCondition admission taints a new node
		// not-ready:NoSchedule; the node lifecycle controller lifts it once the
		// kubelet reports Ready. Lifted here, or no DaemonSet pod schedules.
		var taints []corev1.Taint
		for _, t := range node.Spec.Taints {
			if t.Key != "node.kubernetes.io/not-ready" {
				taints = append(taints, t)
			}
		}
		if len(taints) != len(node.Spec.Taints) {
			node.Spec.Taints = taints
			if node, err = f.client.CoreV1().Nodes().Update(ctx, node, metav1.UpdateOptions{}); err != nil {
				log.Printf("node %s taints: %v", n.Name, err)
				continue
			}
		}
		ready := false
		for _, c := range node.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				ready = true
			}
		}
		if ready {
			continue
		}
		now := metav1.Now()
		node.Status.Conditions = []corev1.NodeCondition{{
			Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
			Message: "kubelet-faker", LastHeartbeatTime: now, LastTransitionTime: now,
		}}
		node.Status.Addresses = []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: n.IP},
			{Type: corev1.NodeHostName, Address: n.Name},
		}
		node.Status.Capacity = corev1.ResourceList{}
		if _, err := f.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{}); err != nil {
			log.Printf("node %s status: %v", n.Name, err)
		}
	}
}

// group is the plan group of a pod whose name a controller randomises.
func (f *faker) group(ctx context.Context, pod *corev1.Pod) string {
	for _, ref := range pod.OwnerReferences {
		if ref.Controller == nil || !*ref.Controller {
			continue
		}
		switch ref.Kind {
		case "ReplicaSet":
			key := pod.Namespace + "/" + ref.Name
			dep, ok := f.rsOwner[key]
			if !ok {
				rs, err := f.client.AppsV1().ReplicaSets(pod.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
				if err != nil {
					return ""
				}
				for _, o := range rs.OwnerReferences {
					if o.Kind == "Deployment" && o.Controller != nil && *o.Controller {
						dep = o.Name
					}
				}
				f.rsOwner[key] = dep
			}
			if dep != "" {
				return "Deployment/" + pod.Namespace + "/" + dep
			}
			return "ReplicaSet/" + pod.Namespace + "/" + ref.Name
		case "DaemonSet":
			return "DaemonSet/" + pod.Namespace + "/" + ref.Name
		}
	}
	return ""
}

// daemonNode is the node a DaemonSet pod is meant for (its node affinity).
func daemonNode(pod *corev1.Pod) string {
	a := pod.Spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return ""
	}
	for _, t := range a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms {
		for _, f := range t.MatchFields {
			if f.Key == "metadata.name" && len(f.Values) == 1 {
				return f.Values[0]
			}
		}
	}
	return ""
}

func (f *faker) entryFor(ctx context.Context, pod *corev1.Pod) int {
	if i, ok := f.assigned[pod.UID]; ok {
		return i
	}
	pick := -1
	for i, e := range f.plan.Pods {
		if !f.taken[i] && e.Namespace == pod.Namespace && e.Name == pod.Name {
			pick = i
			break
		}
	}
	if pick < 0 {
		if g := f.group(ctx, pod); g != "" {
			want := daemonNode(pod)
			for pass := 0; pass < 2 && pick < 0; pass++ {
				for i, e := range f.plan.Pods {
					if f.taken[i] || e.Group != g {
						continue
					}
					if pass == 0 && want != "" && e.Node != want {
						continue
					}
					pick = i
					break
				}
			}
		}
	}
	if pick >= 0 {
		f.taken[pick] = true
	}
	f.assigned[pod.UID] = pick
	return pick
}

func fallbackIP(pod *corev1.Pod) string {
	h := fnv.New32a()
	h.Write([]byte(pod.Namespace + "/" + pod.Name))
	return fmt.Sprintf("10.244.250.%d", 2+h.Sum32()%250)
}

func (f *faker) pass(ctx context.Context) error {
	pods, err := f.client.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	// Oldest first, so that a group's entries go out in creation order.
	items := pods.Items
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].CreationTimestamp, items[j].CreationTimestamp
		if !a.Equal(&b) {
			return a.Before(&b)
		}
		return items[i].Name < items[j].Name
	})
	// Pods given an address before the plan changed keep it: their entry
	// (same namespace and first IP) is theirs.
	for i := range items {
		pod := &items[i]
		if _, ok := f.assigned[pod.UID]; ok || pod.Status.PodIP == "" || pod.DeletionTimestamp != nil {
			continue
		}
		f.assigned[pod.UID] = -1
		for j, e := range f.plan.Pods {
			if !f.taken[j] && e.Namespace == pod.Namespace && len(e.IPs) > 0 && e.IPs[0] == pod.Status.PodIP {
				f.taken[j] = true
				f.assigned[pod.UID] = j
				break
			}
		}
		f.done[pod.UID] = true
		f.shown[pod.UID] = f.assigned[pod.UID] < 0 || f.plan.Pods[f.assigned[pod.UID]].Ready
	}
	// Every running entry of the plan has its pod: pods planned not ready,
	// first shown ready (a StatefulSet waits for each ordinal to be Ready
	// before it makes the next), now fail their readiness probe.
	complete := true
	for j, e := range f.plan.Pods {
		if !f.taken[j] && (e.Phase == "" || e.Phase == "Running") {
			complete = false
		}
	}
	for i := range items {
		pod := &items[i]
		if pod.DeletionTimestamp != nil {
			// The kubelet confirms a deletion once the containers stopped.
			zero := int64(0)
			err := f.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
				GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &pod.UID},
			})
			if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
				log.Printf("delete %s/%s: %v", pod.Namespace, pod.Name, err)
			}
			continue
		}
		if f.done[pod.UID] {
			if complete && !f.shown[pod.UID] {
				if err := f.run(ctx, pod, true); err != nil {
					log.Printf("pod %s/%s: %v", pod.Namespace, pod.Name, err)
					continue
				}
				f.shown[pod.UID] = true
			}
			continue
		}
		if err := f.run(ctx, pod, false); err != nil {
			log.Printf("pod %s/%s: %v", pod.Namespace, pod.Name, err)
			continue
		}
		f.done[pod.UID] = true
		i := f.assigned[pod.UID]
		f.shown[pod.UID] = i < 0 || f.plan.Pods[i].Ready
	}
	return nil
}

func (f *faker) nodeIP(name string) string {
	for _, n := range f.plan.Nodes {
		if n.Name == name {
			return n.IP
		}
	}
	return ""
}

// run binds the pod and writes its status. Until final, a pod planned not
// ready is shown ready.
func (f *faker) run(ctx context.Context, pod *corev1.Pod, final bool) error {
	idx := f.entryFor(ctx, pod)
	var e planPod
	if idx >= 0 {
		e = f.plan.Pods[idx]
	} else {
		e = planPod{Node: pod.Spec.NodeName, IPs: []string{fallbackIP(pod)}, Ready: true, Phase: "Running"}
		if e.Node == "" {
			e.Node = daemonNode(pod)
		}
		if e.Node == "" && len(f.plan.Nodes) > 0 {
			e.Node = f.plan.Nodes[0].Name
		}
		log.Printf("pod %s/%s: not in the plan; %s on %s", pod.Namespace, pod.Name, e.IPs[0], e.Node)
	}
	node := pod.Spec.NodeName
	if node == "" {
		node = e.Node
		if node == "" && len(f.plan.Nodes) > 0 {
			node = f.plan.Nodes[0].Name
		}
		b := &corev1.Binding{
			ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID},
			Target:     corev1.ObjectReference{Kind: "Node", Name: node},
		}
		if err := f.client.CoreV1().Pods(pod.Namespace).Bind(ctx, b, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("bind: %w", err)
		}
	}
	fresh, err := f.client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	now := metav1.Now()
	cond := func(t corev1.PodConditionType, ok bool) corev1.PodCondition {
		s := corev1.ConditionFalse
		if ok {
			s = corev1.ConditionTrue
		}
		return corev1.PodCondition{Type: t, Status: s, LastTransitionTime: now}
	}
	st := &fresh.Status
	phase := corev1.PodPhase(e.Phase)
	if phase == "" {
		phase = corev1.PodRunning
	}
	st.Phase = phase
	st.StartTime = &now
	if hip := f.nodeIP(fresh.Spec.NodeName); hip != "" {
		st.HostIP = hip
		st.HostIPs = []corev1.HostIP{{IP: hip}}
	}
	st.PodIP = ""
	st.PodIPs = nil
	if phase == corev1.PodRunning && len(e.IPs) > 0 {
		st.PodIP = e.IPs[0]
		for _, ip := range e.IPs {
			st.PodIPs = append(st.PodIPs, corev1.PodIP{IP: ip})
		}
	}
	running := phase == corev1.PodRunning && len(e.IPs) > 0
	ready := running && (e.Ready || !final)
	st.Conditions = []corev1.PodCondition{
		cond(corev1.PodReadyToStartContainers, running),
		cond(corev1.PodInitialized, true),
		cond(corev1.PodReady, ready),
		cond(corev1.ContainersReady, ready),
		cond(corev1.PodScheduled, true),
	}
	st.ContainerStatuses = nil
	for _, c := range fresh.Spec.Containers {
		cs := corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: "fake://" + c.Image, Ready: ready}
		if running {
			t := true
			cs.Started = &t
			cs.State.Running = &corev1.ContainerStateRunning{StartedAt: now}
		} else {
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}
		}
		st.ContainerStatuses = append(st.ContainerStatuses, cs)
	}
	if _, err := f.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, fresh, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	log.Printf("pod %s/%s: %s on %s ready=%v", pod.Namespace, pod.Name, strings.Join(e.IPs, ","), fresh.Spec.NodeName, ready)
	return nil
}
