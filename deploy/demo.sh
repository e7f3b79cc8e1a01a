#!/usr/bin/env bash
# The main job, locally and without root: a controller with its embedded store, the seed's five-node cluster
# (node addresses mapped to loopback), and five agents that enroll with bootstrap tokens and converge their
# "machines". The agents run in SANDBOX mode: each treats a directory as its root and simulates every command
# there, so nothing on this machine changes. kubeadm steps arrive with the orchestration work.
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
    echo
    echo "== stopped the controller and the agents; logs, sandboxes and the data dir stay under $work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

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

echo "== building (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package

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
echo "   SANDBOX mode: each agent's machine is a directory under $work; commands are simulated, not run"
for node in "${nodes[@]}"; do
    root=$work/$node
    token=$(deploy/bin/kubenodectl token create --node "$node" --ttl 10m)
    deploy/bin/kubenode-agent enroll --sandbox --root "$root" --config /nonexistent/agent.yaml \
        --controller "https://127.0.0.1:$port" --ca-hash "$pin" --token "$token" --node-name "$node"
    deploy/bin/kubenode-agent run --sandbox --root "$root" --config /nonexistent/agent.yaml --interval 15 \
        --metrics-listen 127.0.0.1:0 >"$work/$node.log" 2>&1 &
    pids+=($!)
done

echo
echo "== kubenodectl get nodes -w, until all five converged"
deploy/bin/kubenodectl get nodes -w --until-converged --timeout 5m

echo
echo "== metrics (Prometheus text format)"
echo "controller: $controller_metrics"
for i in "${!nodes[@]}"; do
    line=$(await_line "$work/${nodes[$i]}.log" 'metrics on port' "${pids[$((i + 1))]}")
    echo "${nodes[$i]}: http://127.0.0.1:$(sed 's/.*metrics on port \([0-9]*\).*/\1/' <<<"$line")/metrics"
done
echo
echo "try: KUBENODE_CONFIG=$data/admin.conf deploy/bin/kubenodectl describe node node1.internal"
echo "     KUBENODE_CONFIG=$data/admin.conf deploy/bin/kubenodectl edit cluster"

if [[ ${DEMO_HOLD:-1} != 0 && -t 0 ]]; then
    echo
    echo "== running; Ctrl-C stops the controller and the agents"
    wait "${pids[0]}"
fi
