#!/usr/bin/env bash
# Builds (or reuses from a cache) the bootable Debian bookworm test-VM image of issue 4.
#
#   deploy/vm/build-image.sh OUT_DIR
#
# OUT_DIR receives symlinks root.img, vmlinuz, initrd, image.env and artifacts/ pointing into the cache entry
# ${KUBENODE_VM_CACHE:-/var/cache/kubenode-vm}/<key>/, where <key> hashes the package list, the mirror and this
# script. artifacts/ holds Debian's containerd, runc and CNI plugin binaries packed the way upstream releases them
# (containerd-V-linux-amd64.tar.gz, runc-V.amd64, cni-plugins-linux-amd64-vV.tgz) and artifacts.env with their
# versions and sha256 sums; the packages themselves are purged from the image, so only what the agent installs
# from those archives runs there. The cache entry is never written after it is complete: deploy/vm/run-vm.sh boots a qcow2 overlay on top
# of root.img. Needs root (debootstrap, chroot, file ownership in the image); no loop mounts.
#
# Environment: KUBENODE_VM_CACHE (cache dir), KUBENODE_VM_MIRROR (Debian mirror; default: the one this
# machine's apt uses for bookworm), KUBENODE_VM_IMAGE_SIZE (default 3G, sparse).
set -euo pipefail

SUITE=bookworm
# dbus is not in issue 4's list: hostnamectl (and timedatectl, loginctl) cannot work without it.
# containerd, runc and containernetworking-plugins are here for their binaries only: pack_artifacts turns them into
# the archives the agent installs (like upstream's release files), then they are purged from the image.
PACKAGES=(systemd systemd-sysv udev kmod procps iproute2 iptables openjdk-17-jre-headless containerd runc curl
          ca-certificates linux-image-cloud-amd64 dbus containernetworking-plugins)
HOST_TOOLS=(qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils debootstrap:debootstrap mkfs.ext4:e2fsprogs
            debugfs:e2fsprogs)

die() { echo "build-image: error: $*" >&2; exit 1; }
log() { echo "build-image: $*" >&2; }
# step NAME COMMAND...: runs COMMAND and prints how long it took.
step() {
    local name=$1 t0; shift
    t0=$(date +%s.%N)
    "$@"
    log "$(awk -v n="$name" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "step %-20s %6.1f s", n, b - a }')"
}

[[ $# -eq 1 ]] || die "usage: $0 OUT_DIR"
OUT_DIR=$1
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot, root-owned files in the image)"

install_host_tools() {
    local entry cmd pkg missing=()
    for entry in "${HOST_TOOLS[@]}"; do
        cmd=${entry%%:*} pkg=${entry#*:}
        command -v "$cmd" >/dev/null || [[ -x /usr/sbin/$cmd || -x /sbin/$cmd ]] || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0
    command -v apt-get >/dev/null || die "missing host packages (${missing[*]}) and no apt-get to install them"
    log "installing host packages: ${missing[*]}"
    # --no-install-recommends: qemu-system-x86 would otherwise pull in a whole GUI stack.
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# The mirror this machine's apt uses for the suite (so a mirror-only network works), unless overridden.
find_mirror() {
    if [[ -n ${KUBENODE_VM_MIRROR:-} ]]; then echo "$KUBENODE_VM_MIRROR"; return; fi
    apt-get indextargets --format '$(RELEASE) $(REPO_URI)' 'Identifier: Packages' 2>/dev/null |
        awk -v s="$SUITE" '$1 == s { print $2; exit }'
}

step "host tools" install_host_tools
MIRROR=$(find_mirror)
[[ -n $MIRROR ]] || die "no apt source for '$SUITE' on this machine; set KUBENODE_VM_MIRROR"
SIZE=${KUBENODE_VM_IMAGE_SIZE:-3G}
CACHE=${KUBENODE_VM_CACHE:-/var/cache/kubenode-vm}
KEY=$( { printf '%s\n' "$SUITE" "$MIRROR" "$SIZE" "${PACKAGES[@]}"; cat "$(readlink -f "$0")"; } |
       sha256sum | cut -c1-16)
ENTRY=$CACHE/$KEY
mkdir -p "$CACHE" "$OUT_DIR"

publish() {  # symlinks only: a cache hit copies nothing
    local f
    for f in root.img vmlinuz initrd image.env artifacts; do ln -sfn "$ENTRY/$f" "$OUT_DIR/$f"; done
    log "image: $ENTRY (key $KEY) -> $OUT_DIR"
}

# One build at a time per cache (a second caller waits, then finds the entry).
exec 9>"$CACHE/.lock"
step "cache lock" flock 9
if [[ -f $ENTRY/.complete ]]; then
    log "cache hit"
    step "publish" publish
    exit 0
fi
log "cache miss: building $SUITE from $MIRROR"

WORK=$(mktemp -d "$CACHE/.build-$KEY.XXXXXX")
ROOTFS=$WORK/rootfs
cleanup() {
    # debootstrap leaves proc/sys mounted if it dies half-way; never rm -rf through a mount.
    local m
    for m in $(awk -v r="$ROOTFS" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" || true; done
    rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

bootstrap() {
    # --cache-dir keeps downloaded .debs so a rebuild after a script change does not download again.
    mkdir -p "$CACHE/debs"
    debootstrap --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" \
        --cache-dir="$CACHE/debs" --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
        "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
        { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
}

configure() {
    local r=$ROOTFS
    echo kn-vm >"$r/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\tkn-vm\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
    # fsck pass 0: every boot starts from a clean overlay, and it keeps e2fsck out of the boot path.
    cat >"$r/etc/fstab" <<'FSTAB'
LABEL=kn-root / ext4 defaults,errors=remount-ro 0 0
/swapfile none swap sw 0 0
FSTAB
    # Swap file for issue 4 (the agent must turn it off). Filled with 0xff, not zeros: mkfs.ext4 -d turns
    # all-zero blocks into holes, and the kernel refuses a swap file with holes.
    head -c 64M /dev/zero | tr '\0' '\377' >"$r/swapfile"
    chmod 600 "$r/swapfile"
    mkswap "$r/swapfile" >/dev/null
    # QEMU user networking: DHCP on the virtio NIC. No name server: with restrict=on QEMU's (10.0.2.3) answers
    # nothing, and a lookup should fail at once rather than after resolver timeouts.
    cat >"$r/etc/systemd/network/10-kn-vm.network" <<'NET'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
NET
    echo "# no name server: the test VM reaches nothing but the host's forwarded ports" >"$r/etc/resolv.conf"
    # An air-gapped host: no Debian mirror is reachable, so apt lists none (otherwise every `apt-get update` waits
    # for DNS timeouts); the only repository is the one the catalog adds.
    : >"$r/etc/apt/sources.list"
    rm -f "$r"/etc/apt/sources.list.d/*
    # Empty machine-id: each VM (each overlay) gets its own at first boot, like a cloned real host.
    : >"$r/etc/machine-id"
    rm -f "$r/var/lib/dbus/machine-id"

    install -m 0755 /dev/stdin "$r/usr/local/sbin/kubenode-vm-test" <<'WRAPPER'
#!/bin/bash
# Runs /io/in/run.sh from the kn-io disk, stores its output and exit code in /io/out, then powers off.
# run.sh sees KN_VM_BOOT (1, 2, ...) and may touch "$KN_VM_REBOOT" to get a reboot (same disks) instead of a
# power-off; it then runs again after the reboot.
set -u
say() { echo "kubenode-vm-test: $*" >/dev/console; }
finish() { sync; umount /io 2>/dev/null; systemctl --no-block "$1"; exit 0; }
dev=/dev/disk/by-label/kn-io
for _ in $(seq 100); do [ -e "$dev" ] && break; sleep 0.1; done
mkdir -p /io
if ! mount -o noatime "$dev" /io; then say "cannot mount $dev"; finish poweroff; fi
mkdir -p /io/out
boot=$(( $(cat /io/out/boot-count 2>/dev/null || echo 0) + 1 ))
echo "$boot" >/io/out/boot-count
say "start boot=$boot uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "$(cut -d' ' -f1 /proc/uptime)" >>/io/out/script-start-uptime
export KN_VM_BOOT=$boot KN_VM_REBOOT=/run/kubenode-vm-test.reboot
rm -f "$KN_VM_REBOOT"
[ "$boot" -gt 1 ] && echo "=== boot $boot ===" >>/io/out/run.log
# The script's output also goes to the serial console, so a hung run can be read in serial.log.
(cd /io/in && ./run.sh) </dev/null 2>&1 | tee -a /io/out/run.log >/dev/console
rc=${PIPESTATUS[0]}
if [ -e "$KN_VM_REBOOT" ]; then say "reboot requested (rc=$rc)"; finish reboot; fi
echo "$rc" >/io/out/exit-code
say "done rc=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
finish poweroff
WRAPPER
    # Type=exec, not oneshot: the start job ends when the script starts, so `systemctl is-system-running`
    # inside the script sees the finished boot ("running"/"degraded") instead of "starting".
    cat >"$r/etc/systemd/system/kubenode-vm-test.service" <<'UNIT'
[Unit]
Description=kubenode VM test: run /io/in/run.sh from the kn-io disk, then power off
After=multi-user.target network-online.target
Wants=network-online.target

[Service]
Type=exec
ExecStart=/usr/local/sbin/kubenode-vm-test
StandardOutput=journal+console
StandardError=journal+console

[Install]
WantedBy=multi-user.target
UNIT
    chroot "$r" systemctl enable -q kubenode-vm-test.service systemd-networkd.service
    # systemd-firstboot would prompt on the console (empty machine-id = first boot) and hang the boot.
    # apt timers would take the dpkg lock while the agent installs packages.
    # The serial getty would print its login prompt into the test's console log.
    chroot "$r" systemctl mask -q systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer \
        serial-getty@ttyS0.service
    rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*_Packages
}

# The Debian version of an installed package without epoch and Debian revision: 1.6.20~ds1-1+b1 -> 1.6.20.
upstream_version() {
    chroot "$ROOTFS" dpkg-query -W -f '${Version}' "$1" | sed -E 's/^[0-9]+://; s/[~+-].*$//'
}

pack_artifacts() {
    local r=$ROOTFS out=$WORK/entry/artifacts stage=$WORK/stage v_containerd v_runc v_cni
    v_containerd=$(upstream_version containerd) v_runc=$(upstream_version runc)
    v_cni=$(upstream_version containernetworking-plugins)
    mkdir -p "$out" "$stage/containerd/bin" "$stage/cni"
    cp -a "$r"/usr/bin/containerd "$r"/usr/bin/containerd-shim-runc-v2 "$r"/usr/bin/ctr "$stage/containerd/bin/"
    cp -a "$r"/usr/lib/cni/. "$stage/cni/"
    # Fixed owner and mtime: the same packages give byte-identical archives (and sha256 sums).
    local tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime=@0)
    tar -C "$stage/containerd" "${tar_opts[@]}" -cf - bin | gzip -n >"$out/containerd-$v_containerd-linux-amd64.tar.gz"
    tar -C "$stage/cni" "${tar_opts[@]}" -cf - . | gzip -n >"$out/cni-plugins-linux-amd64-v$v_cni.tgz"
    install -m 0755 "$r/usr/sbin/runc" "$out/runc-$v_runc.amd64"
    {
        printf 'CONTAINERD_VERSION=%s\nRUNC_VERSION=%s\nCNI_VERSION=%s\n' "$v_containerd" "$v_runc" "$v_cni"
        (cd "$out" && sha256sum containerd-*.tar.gz runc-* cni-plugins-*.tgz) |
            awk '{ n = $2; sub(/-.*/, "", n); gsub(/[^a-z]/, "_", n); printf "%s_SHA256=%s\n", toupper(n), $1 }'
    } >"$out/artifacts.env"
    # Only the agent's copies may run on the test host: no packaged unit, binary or config remains.
    chroot "$r" dpkg --purge containerd runc containernetworking-plugins >/dev/null
    rm -rf "$stage"
}

make_image() {
    local kver
    kver=$(cd "$ROOTFS/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
    [[ -n $kver && -f $ROOTFS/boot/initrd.img-$kver && -d $ROOTFS/lib/modules/$kver ]] ||
        die "no kernel/initrd/modules in the rootfs /boot (kernel '$kver')"
    cp "$ROOTFS/boot/vmlinuz-$kver" "$WORK/entry/vmlinuz"
    cp "$ROOTFS/boot/initrd.img-$kver" "$WORK/entry/initrd"
    truncate -s "$SIZE" "$WORK/entry/root.img"
    mkfs.ext4 -q -F -L kn-root -d "$ROOTFS" "$WORK/entry/root.img"
    printf 'KEY=%s\nSUITE=%s\nMIRROR=%s\nKERNEL=%s\nBUILT=%s\n' "$KEY" "$SUITE" "$MIRROR" "$kver" \
        "$(date -u +%FT%TZ)" >"$WORK/entry/image.env"
    touch "$WORK/entry/.complete"
    rm -rf "$ENTRY"
    mv "$WORK/entry" "$ENTRY"
}

mkdir -p "$WORK/entry"
step "debootstrap" bootstrap
step "configure rootfs" configure
step "pack artifacts" pack_artifacts
step "mkfs.ext4 -d image" make_image
step "publish" publish

# Entries of earlier package lists or scripts are never used again; keep the newest other one for a quick switch
# back (each entry is an image of about 1 GB on disk).
prune() {
    local old
    for old in $(ls -1dt "$CACHE"/*/ 2>/dev/null | grep -v -e "/debs/$" -e "/$KEY/$" | tail -n +2); do
        if [[ -f $old/.complete ]]; then rm -rf --one-file-system "$old"; fi
    done
}
step "prune cache" prune
