#!/usr/bin/env bash
# Benchmarks (not part of deploy/test.sh). Usage:
#   deploy/bench.sh agent-noop     no-op pass of the daemon over the seed's node1 catalog (median, p90)
#   deploy/bench.sh agent-rss      agent daemon: startup to first pass, RSS after 5 minutes idle (MINUTES=5)
#   deploy/bench.sh controller-propagation   PUT -> 1,000 watching agents hold the new catalog (AGENTS, ROUNDS)
#   deploy/bench.sh controller-compile       a fleet PUT's check, store and publish phases in one JVM (NODES, ROUNDS)
#   deploy/bench.sh orchestration-overhead   seed bring-ups (ROUNDS): status that allowed a step -> its catalog published
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
catalog=controller/src/test/resources/golden/node1.internal.yaml

# Builds and installs every module, then prints MODULE's test classpath (its classes and dependencies).
test_classpath() {
    local module=$1 cpfile
    mvn -B -q -Dstyle.color=never -DskipTests install >&2
    cpfile=$(mktemp)
    mvn -B -q -Dstyle.color=never -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cpfile" \
        -Dmdep.includeScope=test >&2
    echo "$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"
    rm -f "$cpfile"
}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(java -version 2>&1 | head -1)"
case "${1:-}" in
agent-noop)
    cp=$(test_classpath agent)
    source deploy/lib/java-opts.sh  # the agent's JVM flags, as the daemon runs
    # shellcheck disable=SC2086
    exec java $AGENT_JAVA_OPTS -cp "$cp" io.kubenode.agent.bench.NoOpPassBenchmark "$catalog"
    ;;
agent-rss)
    [[ ${SKIP_BUILD:-} == 1 ]] || mvn -B -q -Dstyle.color=never -DskipTests package
    deploy/bin/kubenode-agent --version >/dev/null  # builds the AppCDS archive outside the measurement
    minutes=${MINUTES:-5}
    root=$(mktemp -d -t kubenode-rss.XXXXXX)
    log="$root.log"
    start=$(date +%s%N)
    deploy/bin/kubenode-agent run --sandbox --root "$root" --catalog "$catalog" --interval 60 \
        --metrics-listen 127.0.0.1:0 --config /nonexistent/agent.yaml >"$log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null || true; rm -rf "$root" "$log"' EXIT
    until [[ -s "$root/var/lib/kubenode-agent/last-report.json" ]]; do
        kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.05
    done
    echo "startup to first completed pass: $(( ($(date +%s%N) - start) / 1000000 )) ms (JVM start included)"
    echo "idle for $minutes minutes (passes every ~60 s) ..."
    sleep $((minutes * 60))
    echo "RSS after $minutes minutes: $(awk '/VmRSS/{printf "%.1f MB", $2/1024}' /proc/$pid/status)" \
        "(peak $(awk '/VmHWM/{printf "%.1f MB", $2/1024}' /proc/$pid/status))"
    echo "JVM flags: $(tr '\0' ' ' </proc/$pid/cmdline | sed 's/ -cp .*//; s/-XX:SharedArchiveFile=[^ ]*/-XX:SharedArchiveFile=<appcds>/')"
    ;;
controller-propagation)
    # A real `kubenode-controller serve` (deploy/bin, server JVM flags) and AGENTS simulated agents in this JVM.
    cp=$(test_classpath controller)
    exec java -Xmx3g -cp "$cp" \
        io.kubenode.controller.bench.PropagationBenchmark "${AGENTS:-1000}" "${ROUNDS:-20}" "${IDLE_SECONDS:-60}"
    ;;
orchestration-overhead)
    # Real controller, five sandbox agents with the kubeadm simulator, real haproxy (as OrchestrationIT).
    command -v haproxy >/dev/null || { echo "bench: haproxy is needed" >&2; exit 1; }
    cp=$(test_classpath controller)
    exec java -cp "$cp" io.kubenode.controller.e2e.OrchestrationOverheadBenchmark "${ROUNDS:-3}"
    ;;
controller-compile)
    cp=$(test_classpath controller)
    source deploy/lib/java-opts.sh  # the server's JVM flags, as `kubenode-controller serve` runs
    # shellcheck disable=SC2086
    exec java $SERVER_JAVA_OPTS -cp "$cp" \
        io.kubenode.controller.bench.CompileTiming "${NODES:-1000}" "${ROUNDS:-40}"
    ;;
*)
    sed -n '2,6p' "$0" | sed 's/^# //'
    exit 2
    ;;
esac
