#!/usr/bin/env bash
# The main job on the shipped example: build, validate the seed's five-node cluster, render every node's files
# and print what each node would get. Usage: deploy/demo.sh [OUT_DIR]   (default: a new temporary directory)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

example=deploy/examples/cluster.yaml
out=${1:-$(mktemp -d -t kubenode-demo.XXXXXX)}

echo "== building (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package

echo
echo "== validating $example"
deploy/bin/kubenodectl validate -f "$example"

echo
echo "== rendering every node under $out"
nodes=$(deploy/bin/kubenodectl compile -f "$example" | awk '/^  node: /{print $2}')
for node in $nodes; do
    echo
    deploy/bin/kubenodectl render -f "$example" --node "$node" --out "$out/$node"
done

echo
echo "== the agent converges node1 in a sandbox: $out/sandbox-node1 stands in for the machine, no command runs"
deploy/bin/kubenodectl compile -f "$example" --node node1.internal -o json >"$out/node1.catalog.json"
deploy/bin/kubenode-agent apply --once --sandbox --root "$out/sandbox-node1" --catalog "$out/node1.catalog.json" \
    --config /nonexistent/agent.yaml >"$out/sandbox-node1.report.txt"
sed -n '1,10p' "$out/sandbox-node1.report.txt"
echo "   ... (all of it in $out/sandbox-node1.report.txt)"
grep ' resources: ' "$out/sandbox-node1.report.txt"
echo "   a second apply changes nothing:"
deploy/bin/kubenode-agent apply --once --sandbox --root "$out/sandbox-node1" --catalog "$out/node1.catalog.json" \
    --config /nonexistent/agent.yaml | grep ' resources: '

echo
echo "== done: review the files under $out (e.g. $out/node1.internal/etc/haproxy/haproxy.cfg);"
echo "   the full catalog of a node: deploy/bin/kubenodectl compile -f $example --node node1.internal"
