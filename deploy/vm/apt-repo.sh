#!/usr/bin/env bash
# Builds the signed local apt repository the test VM installs Kubernetes packages from:
#   deploy/vm/apt-repo.sh OUT_DIR VERSION [DEB...]
# OUT_DIR/repo/        flat repository (Packages, Release, InRelease, Release.gpg, *.deb) to serve over https
# OUT_DIR/Release.key  the ASCII-armored public key (what packageRepository.apt.gpgKey points at)
# kubelet, kubeadm and kubectl are not in Debian: each is built here as a small .deb at VERSION whose binary only
# prints its version, which is all the agent may see of a package. Each DEB (a real package the test hosts install
# from the same repository, e.g. Debian's keepalived) is added beside them. sign-apt-repo.sh indexes and signs them
# all with a key made per run. With KUBENODE_STAND_IN_BIN=DIR, the files DIR/kubelet, DIR/kubeadm and DIR/kubectl
# (and DIR/kubelet.service) replace the version-printing ones: the five-host system test ships the kubeadm simulator.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 OUT_DIR VERSION [DEB...]" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$2
shift 2
for tool in dpkg-deb apt-ftparchive gpg; do
    command -v "$tool" >/dev/null || { echo "apt-repo: $tool is missing (packages dpkg, apt-utils, gnupg)" >&2; exit 1; }
done
rm -rf "$out/repo" "$out/build"
mkdir -p "$out/repo" "$out/build"

for name in kubelet kubeadm kubectl; do
    pkg="$out/build/$name"
    mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin"
    cat >"$pkg/usr/bin/$name" <<BIN
#!/bin/sh
# test stand-in for $name $version: prints its version, does nothing else
echo "$name v$version"
BIN
    if [[ -n ${KUBENODE_STAND_IN_BIN:-} && -f $KUBENODE_STAND_IN_BIN/$name ]]; then
        cp "$KUBENODE_STAND_IN_BIN/$name" "$pkg/usr/bin/$name"
    fi
    chmod 755 "$pkg/usr/bin/$name"
    if [[ $name == kubelet && -n ${KUBENODE_STAND_IN_BIN:-} && -f $KUBENODE_STAND_IN_BIN/kubelet.service ]]; then
        mkdir -p "$pkg/lib/systemd/system"
        cp "$KUBENODE_STAND_IN_BIN/kubelet.service" "$pkg/lib/systemd/system/kubelet.service"
    elif [[ $name == kubelet ]]; then
        # Like the real package: a unit the catalog enables; started before `kubeadm init` it just exits.
        mkdir -p "$pkg/lib/systemd/system"
        cat >"$pkg/lib/systemd/system/kubelet.service" <<UNIT
[Unit]
Description=kubelet (kubenode test stand-in)

[Service]
ExecStart=/usr/bin/kubelet

[Install]
WantedBy=multi-user.target
UNIT
    fi
    cat >"$pkg/DEBIAN/control" <<CONTROL
Package: $name
Version: $version-1.1
Architecture: amd64
Maintainer: kubenode tests <tests@kubenode.invalid>
Description: kubenode test stand-in for $name
 Prints its version only.
CONTROL
    dpkg-deb --root-owner-group --build "$pkg" "$out/repo/${name}_${version}-1.1_amd64.deb" >/dev/null
done

for deb in "$@"; do
    cp "$deb" "$out/repo/"
done
"$(dirname "$(readlink -f "$0")")/sign-apt-repo.sh" "$out"
rm -rf "$out/build"
echo "apt-repo: $(ls "$out/repo"/*.deb | wc -l) packages at $version in $out/repo, key $out/Release.key"
