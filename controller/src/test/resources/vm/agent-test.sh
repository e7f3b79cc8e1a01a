#!/bin/bash
# Runs inside the test VM as /io/in/run.sh (see AgentVmIT): drives the real agent on a real systemd host and
# records in /io/out what the test asserts. It checks nothing itself: it acts, waits where the agent needs time,
# and writes down what the host looks like.
#   boot 1: install the agent, trust the test CA, first apply, facts, no-op apply, a config change (notify
#           restart), back to the base catalog, reboot
#   boot 2: state before the agent runs, no-op apply, a failing upgrade, the daemon correcting drift
set -u
IN=/io/in
OUT=/io/out
AGENT=/opt/kubenode/deploy/bin/kubenode-agent
REPORT=/var/lib/kubenode-agent/last-report.json
INTERVAL=5
# A first apply takes about 90 s under TCG; a thread dump after this long says where it waits.
APPLY_WATCHDOG=300
METRICS=http://127.0.0.1:9105/metrics

section() { printf '\n===== %s =====\n' "$*"; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# snapshot LABEL: the host state the test checks, as key=value lines in state-LABEL.env, also shown in the log.
snapshot() {
    local file=$OUT/state-$1.env
    {
        echo "modules=$(lsmod | awk 'NR > 1 && ($1 == "overlay" || $1 == "br_netfilter") { print $1 }' | sort | paste -sd,)"
        echo "ip_forward=$(sysctl -n net.ipv4.ip_forward)"
        echo "bridge_nf_call_iptables=$(sysctl -n net.bridge.bridge-nf-call-iptables 2>/dev/null || echo absent)"
        echo "max_map_count=$(sysctl -n vm.max_map_count)"
        echo "swaps=$(swapon --show=NAME --noheadings | paste -sd,)"
        echo "fstab_swap_lines=$(awk '$1 !~ /^#/ && $3 == "swap"' /etc/fstab | wc -l)"
        echo "hostname=$(hostname)"
        echo "etc_hostname=$(cat /etc/hostname)"
        echo "containerd_active=$(systemctl is-active containerd 2>/dev/null)"
        echo "containerd_enabled=$(systemctl is-enabled containerd 2>/dev/null)"
        echo "containerd_invocation=$(systemctl show -p InvocationID --value containerd 2>/dev/null)"
        echo "containerd_starts=$(journalctl -b -q -o cat -u containerd.service | grep -c '^Started containerd')"
        echo "containerd_binary_sha256=$(sha256sum /usr/local/bin/containerd 2>/dev/null | cut -d' ' -f1)"
        echo "containerd_server_version=$(ctr version 2>/dev/null | awk '/^Server:/ { s = 1 } s && /Version:/ { print $2; exit }')"
        echo "sandbox_image=$(awk -F'"' '/sandbox_image/ { print $2 }' /etc/containerd/config.toml 2>/dev/null)"
        echo "runc_version=$(runc --version 2>/dev/null | awk 'NR == 1 { print $3 }')"
        echo "runc_binary_sha256=$(sha256sum /usr/local/sbin/runc 2>/dev/null | cut -d' ' -f1)"
        echo "cni_bridge=$(test -x /opt/cni/bin/bridge && echo present || echo absent)"
        echo "kubelet_package=$(dpkg-query -W -f '${Version}' kubelet 2>/dev/null)"
        echo "kubelet_enabled=$(systemctl is-enabled kubelet 2>/dev/null)"
        echo "kubeadm_says=$(kubeadm 2>/dev/null)"
        echo "curl_package=$(dpkg-query -W -f '${Version}' curl)"
        echo "usr_local_bin=$(ls -A /usr/local/bin | paste -sd,)"
        echo "usr_local_sbin=$(ls -A /usr/local/sbin | paste -sd,)"
    } >"$file"
    cp /etc/hosts "$OUT/hosts-$1"
    sed 's/^/  /' "$file"
    echo "  /etc/hosts:"
    sed 's/^/    /' /etc/hosts
}

# apply LABEL CATALOG: one real `apply --once`; keeps exit code, duration and the JSON report.
apply() {
    local label=$1 catalog=$2 t0 rc
    section "apply --once: $label ($catalog)"
    rm -f "$REPORT"
    t0=$(now)
    "$AGENT" apply --once --catalog "$IN/catalogs/$catalog" &
    local pid=$!
    # stderr: the watchdog's shell reports its killed sleep as "Terminated"
    watchdog "$pid" 2>/dev/null &
    local watchdog=$!
    wait "$pid"
    rc=$?
    # Its sleep too: a leftover child keeps the log pipe open, and the boot's runner waits for it.
    { pkill -P "$watchdog"; kill "$watchdog"; wait "$watchdog"; } 2>/dev/null
    seconds_since "$t0" >"$OUT/seconds-apply-$label"
    echo "$rc" >"$OUT/rc-$label"
    cp "$REPORT" "$OUT/report-$label.json" 2>/dev/null
    echo "exit code $rc after $(cat "$OUT/seconds-apply-$label") s"
}

# watchdog PID: if the agent is still busy after APPLY_WATCHDOG seconds, shows what it waits for (processes, and
# the JVM's thread dump on its stdout), so a hung run explains itself in the log.
watchdog() {
    sleep "$APPLY_WATCHDOG"
    kill -0 "$1" 2>/dev/null || return 0
    echo "apply still running after $APPLY_WATCHDOG s; processes:"
    ps -eo pid,ppid,etimes,args --forest | sed 's/^/  /'
    kill -QUIT "$1"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s; prints and returns how long it took.
wait_for() {
    local limit=$1 what=$2 t0
    shift 2
    t0=$(now)
    until "$@"; do
        if awk -v a="$t0" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then
            echo "gave up waiting for $what after $limit s" >&2
            echo "timeout"
            return 1
        fi
        sleep 0.2
    done
    seconds_since "$t0"
}

# corrected NAME T0 DESCRIPTION COMMAND...: NAME=seconds from T0 until COMMAND succeeds (NAME=timeout after 60 s).
corrected() {
    local name=$1 t0=$2 what=$3
    shift 3
    if wait_for 60 "$what" "$@" >/dev/null; then echo "$name=$(seconds_since "$t0")"; else echo "$name=timeout"; fi
}

metric() { curl -fsS "$METRICS" 2>/dev/null | awk -v m="$1" '$1 == m { print $2 }'; }
drift_count() { metric "kubenode_agent_drift_corrections_total{type=\"$1\"}"; }
passes_done() { [[ -n $(metric kubenode_agent_reconcile_duration_seconds_count) ]] &&
                awk -v n="$(metric kubenode_agent_reconcile_duration_seconds_count)" 'BEGIN { exit !(n >= 1) }'; }
all_drift_counted() {
    local type
    for type in sysctl swap service managedBlock; do
        awk -v n="$(drift_count "$type")" 'BEGIN { exit !(n >= 1) }' || return 1
    done
}
ip_forward_is_1() { [[ $(sysctl -n net.ipv4.ip_forward) == 1 ]]; }
swap_is_off() { [[ -z $(swapon --show --noheadings) ]]; }
containerd_is_active() { systemctl -q is-active containerd; }
hosts_block_restored() { cmp -s /etc/hosts "$OUT/hosts-before-drift"; }

boot1() {
    section "boot 1: the image as built, before the agent"
    snapshot before

    section "install the agent, trust the test CA"
    mkdir -p /opt/kubenode
    cp -a "$IN/kubenode/." /opt/kubenode/
    install -m 0644 "$IN/ca.crt" /usr/local/share/ca-certificates/kubenode-test-ca.crt
    # Two independent install steps side by side: the CA update's Java keystore hook alone takes about 50 s under
    # TCG, and the agent's first start builds the launcher's AppCDS archive for this JVM (timed apart).
    local t0 t_ca trust
    t_ca=$(now)
    update-ca-certificates >"$OUT/update-ca-certificates.log" 2>&1 &
    trust=$!
    t0=$(now)
    "$AGENT" --version
    seconds_since "$t0" >"$OUT/seconds-first-start"
    wait "$trust"
    echo "update-ca-certificates exit code $?"
    seconds_since "$t_ca" >"$OUT/seconds-trust-ca"
    sed 's/^/  /' "$OUT/update-ca-certificates.log"

    apply first converge.yaml
    snapshot after-first

    section "facts"
    "$AGENT" facts >"$OUT/facts.json"
    cat "$OUT/facts.json"
    echo
    local nic
    nic=$(ip -o link show | awk -F': ' '$2 != "lo" { print $2; exit }')
    {
        echo "hostname=$(hostname)"
        echo "machine_id=$(cat /etc/machine-id)"
        echo "product_uuid=$(cat /sys/class/dmi/id/product_uuid)"
        echo "nic=$nic"
        echo "mac=$(cat "/sys/class/net/$nic/address")"
        echo "address=$(ip -4 -o addr show dev "$nic" | awk '{ sub(/\/.*/, "", $4); print $4; exit }')"
        echo "cpus=$(nproc)"
        echo "memory_bytes=$(awk '/^MemTotal:/ { print $2 * 1024 }' /proc/meminfo)"
        echo "swap_bytes=$(awk '/^SwapTotal:/ { print $2 * 1024 }' /proc/meminfo)"
        echo "kernel=$(uname -r)"
        . /etc/os-release
        echo "os_id=$ID"
        echo "os_version=$VERSION_ID"
    } >"$OUT/facts-truth.env"
    sed 's/^/  truth: /' "$OUT/facts-truth.env"

    apply noop converge.yaml
    snapshot after-noop
    apply config-change restart.yaml
    snapshot after-config-change
    apply back converge.yaml
    snapshot before-reboot

    section "reboot"
    touch "$KN_VM_REBOOT"
}

boot2() {
    section "boot 2: after the reboot, before the agent runs"
    snapshot after-reboot

    apply after-reboot converge.yaml
    apply failing-upgrade upgrade.yaml
    snapshot after-failing-upgrade
    ls -lA /usr/local/sbin /var/lib/kubenode-agent 2>&1 | sed 's/^/  /'

    section "daemon: run --interval $INTERVAL"
    "$AGENT" run --catalog "$IN/catalogs/converge.yaml" --interval "$INTERVAL" \
        --metrics-listen 127.0.0.1:9105 >"$OUT/daemon.log" 2>&1 &
    local pid=$!
    echo "first pass after $(wait_for 180 "the daemon's first pass" passes_done) s"
    # The first pass undoes the failed upgrade's leftovers (pin file, sysctl file); wait for a quiet pass.
    wait_for 120 "a pass without changes" \
        bash -c "curl -fsS $METRICS | grep -q '^kubenode_agent_resources{state=\"changed\"} 0'" >/dev/null
    curl -fsS "$METRICS" >"$OUT/metrics-before-drift.txt"
    snapshot before-drift

    # Two rounds: what no file watch sees (found by the next interval pass), then an edit of a managed file
    # (which wakes the daemon at once).
    section "drift behind the agent's back: runtime state"
    local t0
    t0=$(now)
    sysctl -w net.ipv4.ip_forward=0
    swapon /swapfile
    systemctl stop containerd
    swapon --show
    echo "containerd: $(systemctl is-active containerd)"
    {
        corrected sysctl "$t0" "ip_forward back to 1" ip_forward_is_1
        corrected swap "$t0" "swap off again" swap_is_off
        corrected service "$t0" "containerd active again" containerd_is_active
    } >"$OUT/drift-seconds.env"
    section "drift behind the agent's back: the managed block of /etc/hosts"
    t0=$(now)
    sed -i 's/^192\.0\.2\.66\([[:space:]]\)/192.0.2.99\1/' /etc/hosts
    grep -n '192.0.2' /etc/hosts
    {
        corrected managedBlock "$t0" "/etc/hosts restored" hosts_block_restored
        corrected metrics "$t0" "drift counted in the metrics" all_drift_counted
    } >>"$OUT/drift-seconds.env"
    sed 's/^/  corrected after (s): /' "$OUT/drift-seconds.env"
    curl -fsS "$METRICS" >"$OUT/metrics-after-drift.txt"
    grep -E '^kubenode_agent_(drift|converged|resources)' "$OUT/metrics-after-drift.txt" | sed 's/^/  /'
    snapshot after-drift

    awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" >"$OUT/daemon-rss-kb"
    echo "daemon RSS: $(cat "$OUT/daemon-rss-kb") kB"
    kill -TERM "$pid"
    wait "$pid"
    echo "$?" >"$OUT/rc-daemon"
    echo "daemon exit code $(cat "$OUT/rc-daemon")"
    tail -n 20 "$OUT/daemon.log" | sed 's/^/  daemon: /'
}

case ${KN_VM_BOOT:-1} in
    1) boot1 ;;
    2) boot2 ;;
    *) echo "unexpected boot ${KN_VM_BOOT}" >&2; exit 1 ;;
esac
exit 0
