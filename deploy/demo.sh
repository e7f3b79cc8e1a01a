#!/usr/bin/env bash
# The main job, locally and without root: a controller with its embedded store, the seed's five-node cluster
# (node addresses mapped to loopback), and five agents that enroll with bootstrap tokens, converge their
# "machines" and are brought to a Kubernetes cluster by the controller's orchestrator: kubeadm init, the CNI,
# control planes one at a time, workers, verification, Ready. The agents run in SANDBOX mode: each treats a
# directory as its root and simulates every command there, so nothing on this machine changes; kubeadm and kubectl
# are the project's kubeadm SIMULATOR (from the test sources), which starts a small TLS apiserver stand-in and a
# kubelet health endpoint per node on the node's loopback address. The one real service is haproxy (it must be
# installed: apt-get install haproxy), run with the configuration the controller compiled for node1, on the
# virtual IP 127.0.1.66:8888 as the cluster's endpoint.
# Usage: deploy/demo.sh [WORK_DIR]   (default: a new temporary directory; everything stays there)
# Ctrl-C stops the controller and the agents. DEMO_HOLD=0 exits as soon as the nodes converged.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

work=${1:-$(mktemp -d -t kubenode-demo.XXXXXX)}
mkdir -p "$work"
data=$work/controller
pids=()

stop_all() {
    trap - EXIT INT TERM
    if ((${#pids[@]})); then
        kill "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
    stop_simulated_nodes
    echo
    echo "== stopped the controller, the agents, haproxy, Prometheus and the simulated nodes; logs, sandboxes and the data dir stay under $work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# A sandbox machine's hardware as the kernel would show it (a sandbox has no kernel of its own): 2 CPUs, 4 GiB,
# and identities of its own, so the orchestrator's cluster-wide preflight has facts to check.
describe_machine() {
    local root=$1 n=$2
    mkdir -p "$root/proc" "$root/sys/class/dmi/id" "$root/sys/class/net/eth1" "$root/etc"
    printf 'processor\t: 0\n\nprocessor\t: 1\n' >"$root/proc/cpuinfo"
    printf 'MemTotal:        4194304 kB\n' >"$root/proc/meminfo"
    printf '4c4c4544-0000-4000-8000-%012d\n' "$n" >"$root/sys/class/dmi/id/product_uuid"
    printf '52:54:00:00:00:%02x\n' "$n" >"$root/sys/class/net/eth1/address"
    printf '%032x\n' "$n" >"$root/etc/machine-id"
}

# haproxy on the virtual IP with node1's compiled configuration (without syslog and without the node's stats
# socket), once node1's agent has written it.
start_haproxy() {
    local compiled=$work/node1.internal/etc/haproxy/haproxy.cfg
    for _ in $(seq 600); do [[ -f $compiled ]] && break; sleep 0.1; done
    grep -v -e 'log /dev/log' -e 'stats socket ' "$compiled" | sed 's/bind \*:8888/bind 127.0.1.66:8888/' >"$work/haproxy.cfg"
    haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
    pids+=($!)
    echo "haproxy: 127.0.1.66:8888 -> the control planes' apiservers (log: $work/haproxy.log)"
}

# A loopback port nothing listens on, from 19090 up.
free_port() {
    local port
    for port in $(seq 19090 19190); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "demo: no free port in 19090-19190" >&2
    return 1
}

# Prometheus, configured with nothing but the controller's service discovery (its own certificate minted by
# monitoring-credentials) and the project's rules: every node found by itself.
start_prometheus() {
    local creds=$work/prometheus-credentials prometheus_port
    deploy/bin/kubenode-controller monitoring-credentials --data-dir "$data" --out "$creds" >/dev/null
    prometheus_port=$(free_port)
    cat >"$work/prometheus.yml" <<CONFIG
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - $PWD/deploy/prometheus/kubenode-rules.yml
scrape_configs:
  - job_name: kubenode
    http_sd_configs:
      - url: https://127.0.0.1:$port/api/v1/monitoring/targets
        refresh_interval: 15s
        tls_config:
          ca_file: $creds/ca.crt
          cert_file: $creds/prometheus.crt
          key_file: $creds/prometheus.key
CONFIG
    prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
        --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
    pids+=($!)
    await_line "$work/prometheus.log" 'Server is ready to receive web requests' "$!" >/dev/null
    echo "== Prometheus: http://127.0.0.1:$prometheus_port (log: $work/prometheus.log), targets from the controller's"
    echo "   service discovery, rules from deploy/prometheus/kubenode-rules.yml. Paste a query, e.g.:"
    echo "     count(kubenode_agent_converged == 1)"
    echo "   or open http://127.0.0.1:$prometheus_port/targets and http://127.0.0.1:$prometheus_port/alerts"
}

# The simulator's node daemons (apiserver stand-in + kubelet health) and, with KUBEADM_SIMULATOR_ETCD=real, the
# control planes' etcd members run detached: stop them by their pid files.
stop_simulated_nodes() {
    local pidfile
    for pidfile in "$work"/node*/var/lib/kubeadm-simulator/{daemon,etcd}.pid; do
        [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
}

# Waits for a line matching $2 in file $1 and prints it; fails after 60 s or when process $3 died.
await_line() {
    local file=$1 pattern=$2 pid=$3
    for _ in $(seq 600); do
        if grep -m1 -E "$pattern" "$file" 2>/dev/null; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { echo "demo: the process writing $file exited:" >&2; cat "$file" >&2; return 1; }
        sleep 0.1
    done
    echo "demo: no '$pattern' in $file after 60 s" >&2
    return 1
}

command -v haproxy >/dev/null || { echo "demo: haproxy is needed for the cluster's endpoint: apt-get install haproxy (or dnf)" >&2; exit 1; }

echo "== building (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package
# The kubeadm/kubectl simulator lives in the agent's test sources (packaged in its test jar by the build above).
java -cp "agent/target/kubenode-agent-tests.jar:agent/target/kubenode-agent.jar:agent/target/lib/*" \
    io.kubenode.agent.kubeadm.simulator.SimulatorExecutables "$work/bin" >/dev/null
export KUBEADM_SIMULATOR_CLUSTER=$work/simulated-cluster
mkdir -p "$KUBEADM_SIMULATOR_CLUSTER"

echo
echo "== kubenode-controller init: the agent CA, the server certificate, admin credentials in $data"
deploy/bin/kubenode-controller init --data-dir "$data" --san 127.0.0.1 | tee "$work/init.txt"
pin=$(grep -o 'sha256:[0-9a-f]*' "$work/init.txt")

deploy/bin/kubenode-controller serve --data-dir "$data" --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 \
    >"$work/controller.log" 2>&1 &
pids+=($!)
port=$(await_line "$work/controller.log" 'API on ' "${pids[0]}" | sed 's/.*://')
controller_metrics=$(await_line "$work/controller.log" 'metrics on ' "${pids[0]}" | sed 's/.*metrics on //')
# init wrote admin.conf for the default port; this controller listens on a free one.
sed -i "s#^server: .*#server: https://127.0.0.1:$port#" "$data/admin.conf"
export KUBENODE_CONFIG=$data/admin.conf
echo "controller: https://127.0.0.1:$port (log: $work/controller.log)"

echo
echo "== kubenodectl apply: the seed's cluster, node addresses 192.168.0.6x mapped to 127.0.1.6x"
sed 's/192\.168\.0\.6/127.0.1.6/g' deploy/examples/cluster.yaml >"$work/cluster.yaml"
deploy/bin/kubenodectl apply -f "$work/cluster.yaml"

nodes=(node1.internal node2.internal node3.internal node4.internal node5.internal)
echo
echo "== five agents enroll (one-use token bound to each name, controller trusted by the CA pin) and run"
echo "   SANDBOX mode: each agent's machine is a directory under $work; commands are simulated, not run;"
echo "   kubeadm and kubectl are SIMULATED ($work/bin), haproxy is real"
for i in "${!nodes[@]}"; do
    node=${nodes[$i]}
    root=$work/$node
    describe_machine "$root" $((61 + i))
    token=$(deploy/bin/kubenodectl token create --node "$node" --ttl 10m)
    deploy/bin/kubenode-agent enroll --sandbox --root "$root" --config /nonexistent/agent.yaml \
        --controller "https://127.0.0.1:$port" --ca-hash "$pin" --token "$token" --node-name "$node"
    deploy/bin/kubenode-agent run --sandbox --root "$root" --config /nonexistent/agent.yaml --interval 15 \
        --metrics-listen 127.0.0.1:0 --sandbox-simulator kubeadm="$work/bin/kubeadm" \
        --sandbox-simulator kubectl="$work/bin/kubectl" --sandbox-loopback 127.0.1.$((61 + i)) \
        >"$work/$node.log" 2>&1 &
    pids+=($!)
done

echo
start_haproxy

echo
echo "== kubenodectl get cluster -w: the orchestrator's phases until Ready"
deploy/bin/kubenodectl get cluster -w --until-ready --timeout 10m
echo
deploy/bin/kubenodectl get nodes

echo
echo "== kubenodectl kubeconfig: an admin kubeconfig for the cluster (client certificate from the cluster CA, 1 h)"
deploy/bin/kubenodectl kubeconfig --ttl 1h -o "$work/admin.kubeconfig"
sed -E 's/(client-key-data|client-certificate-data|certificate-authority-data): (.{24}).*/\1: \2… (shortened)/' \
    "$work/admin.kubeconfig"
if command -v kubectl >/dev/null; then
    echo "== kubectl get nodes through haproxy and the virtual IP"
    kubectl --kubeconfig "$work/admin.kubeconfig" --server https://127.0.1.66:8888 \
        --tls-server-name k8s-cp.internal get nodes
fi

echo
echo "== metrics (Prometheus text format)"
echo "controller: $controller_metrics"
for i in "${!nodes[@]}"; do
    line=$(await_line "$work/${nodes[$i]}.log" 'metrics on port' "${pids[$((i + 1))]}")
    echo "${nodes[$i]}: http://127.0.0.1:$(sed 's/.*metrics on port \([0-9]*\).*/\1/' <<<"$line")/metrics"
done

echo
if command -v prometheus >/dev/null; then
    start_prometheus
else
    echo "== Prometheus is not installed (apt-get install prometheus, or dnf): not started. With it, the demo points"
    echo "   it at the controller's service discovery and loads deploy/prometheus/kubenode-rules.yml"
fi

echo
echo "try: KUBENODE_CONFIG=$data/admin.conf deploy/bin/kubenodectl describe node node1.internal"
echo "     KUBENODE_CONFIG=$data/admin.conf deploy/bin/kubenodectl edit cluster"

if [[ ${DEMO_HOLD:-1} != 0 && -t 0 ]]; then
    echo
    echo "== running; Ctrl-C stops the controller and the agents"
    wait "${pids[0]}"
fi
