#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the missing test prerequisites (as root, with apt-get or
# dnf), then runs `mvn -B verify`. Tests use the real haproxy, keepalived, containerd, promtool, swap files and
# Linux namespaces, and boot a Debian VM with QEMU (its image is cached in /var/cache/kubenode-vm), so they run
# as root; the multi-host tests boot the same image as systemd-nspawn containers. A missing prerequisite fails
# the run (under CI=true too): nothing is ever skipped.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

# command:debian-package:rhel-package
prerequisites=(
    java:openjdk-17-jdk-headless:java-17-openjdk-devel
    mvn:maven:maven
    haproxy:haproxy:haproxy
    keepalived:keepalived:keepalived
    containerd:containerd:containerd
    promtool:prometheus:golang-github-prometheus
    unshare:util-linux:util-linux
    ip:iproute2:iproute
    # independent TLS clients the tests check the controller and the simulated apiservers with
    curl:curl:curl
    openssl:openssl:openssl
    kubectl:kubernetes-client:kubernetes-client
    # the real-host test (controller AgentVmIT): a Debian VM under QEMU, a signed apt repository
    qemu-system-x86_64:qemu-system-x86:qemu-system-x86
    qemu-img:qemu-utils:qemu-img
    debootstrap:debootstrap:debootstrap
    mkfs.ext4:e2fsprogs:e2fsprogs
    debugfs:e2fsprogs:e2fsprogs
    dpkg-deb:dpkg:dpkg
    apt-ftparchive:apt-utils:apt-utils
    gpg:gnupg:gnupg2
    socat:socat:socat
    # the systemd units (SystemdUnitsTest: verify and security --offline on a scratch root)
    systemd-analyze:systemd:systemd
    systemd-sysusers:systemd:systemd
    systemd-tmpfiles:systemd:systemd
    # the packages the build makes (deploy/packaging) and PackagesIT's checks of them
    rpmbuild:rpm:rpm-build
    rpm:rpm:rpm
    rpmlint:rpmlint:rpmlint
    lintian:lintian:lintian
    # the multi-host tests (controller io.kubenode.controller.systemtest): the test image booted as systemd-nspawn
    # containers on overlays of its loop-mounted root, commands run inside through nsenter
    systemd-nspawn:systemd-container:systemd-container
    nsenter:util-linux:util-linux
    losetup:mount:util-linux
    tar:tar:tar
    # real etcd members for the kubeadm simulator's control planes (KUBEADM_SIMULATOR_ETCD=real, RealEtcdMembershipTest)
    etcd:etcd-server:etcd
    etcdctl:etcd-client:etcd
    # RealDnfProviderIT signs its stand-in kubelet/kubeadm/kubectl RPMs (dnf checks them: gpgcheck=1)
    rpmsign:rpm:rpm-sign
)

have() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" || -x "/sbin/$1" ]]; }

missing_packages() {
    local family=$1 entry cmd deb rpm
    for entry in "${prerequisites[@]}"; do
        IFS=: read -r cmd deb rpm <<<"$entry"
        if ! have "$cmd"; then
            if [[ $family == rhel ]]; then echo "$rpm"; else echo "$deb"; fi
        fi
    done
}

# Where invoke-rc.d may start services (no policy-rc.d), installing etcd-server starts a system etcd on
# localhost:2379. The tests never use it (the simulator's members listen on 127.0.1.x): stop it by its pid file.
stop_packaged_etcd() {
    local pidfile=/run/etcd.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if [[ $(readlink -f "/proc/$pid/exe" 2>/dev/null) == /usr/bin/etcd ]]; then
        echo "test.sh: stopping the etcd the etcd-server package started (pid $pid)"
        kill "$pid"
    fi
}

family=debian
command -v apt-get >/dev/null 2>&1 || family=rhel
mapfile -t missing < <(missing_packages "$family" | sort -u)
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "test.sh: missing ${missing[*]}; run as root to install them, or install them yourself" >&2
        exit 1
    fi
    echo "test.sh: installing ${missing[*]}"
    if [[ $family == debian ]]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        dnf install -y -q "${missing[@]}"
    fi
    mapfile -t missing < <(missing_packages "$family" | sort -u)
    if ((${#missing[@]})); then
        echo "test.sh: still missing after install: ${missing[*]}" >&2
        exit 1
    fi
    stop_packaged_etcd
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "test.sh: the tests create network, mount and PID namespaces and need root" >&2
    exit 1
fi

exec mvn -B verify "$@"
