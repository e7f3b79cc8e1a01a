#!/usr/bin/env bash
# Boots the test VM built by deploy/vm/build-image.sh, runs IN_DIR/run.sh inside it, collects its results.
#
#   deploy/vm/run-vm.sh IMAGE_DIR IN_DIR OUT_DIR [TIMEOUT_S]
#
# The guest sees IN_DIR at /io/in (read-write copy) and an empty /io/out on a second ext4 disk (label kn-io);
# its unit kubenode-vm-test.service runs /io/in/run.sh once booted, then powers off. Afterwards OUT_DIR holds
# serial.log plus everything the guest left in /io/out: run.log (the script's stdout+stderr), exit-code,
# boot-count, script-start-uptime and the script's own files. Exit status: the script's exit code; 124 on
# timeout (default 600 s), 125 if the guest never reported one, 2 on bad usage.
#
# The root disk is a throw-away qcow2 overlay over the cached raw image, so the cache stays pristine.
# Environment:
#   KUBENODE_VM_NIC_OPTS   extra -nic user options, e.g.
#                          "guestfwd=tcp:10.0.2.100:443-cmd:socat STDIO TCP:127.0.0.1:8443" (cmd: runs per
#                          connection; a tcp: chardev would carry a single connection for the VM's lifetime)
#   KUBENODE_VM_IO_SIZE_MB size of the io disk (default: 256 MiB + twice IN_DIR's size)
#   KUBENODE_VM_APPEND     extra kernel command line
set -euo pipefail

die() { echo "run-vm: error: $*" >&2; exit 2; }
log() { echo "run-vm: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[[ $# -ge 3 && $# -le 4 ]] || die "usage: $0 IMAGE_DIR IN_DIR OUT_DIR [TIMEOUT_S]"
IMAGE_DIR=$1 IN_DIR=$2 OUT_DIR=$3 TIMEOUT_S=${4:-600}
[[ $TIMEOUT_S =~ ^[0-9]+$ ]] || die "TIMEOUT_S must be a number of seconds"
for f in root.img vmlinuz initrd; do [[ -f $IMAGE_DIR/$f ]] || die "$IMAGE_DIR/$f missing (run build-image.sh)"; done
[[ -x $IN_DIR/run.sh ]] || die "$IN_DIR/run.sh missing or not executable"
export PATH=$PATH:/usr/sbin:/sbin
for cmd in qemu-system-x86_64 qemu-img mkfs.ext4 debugfs; do
    command -v "$cmd" >/dev/null || die "$cmd not found (install qemu-system-x86 qemu-utils e2fsprogs)"
done
mkdir -p "$OUT_DIR"
OUT_DIR=$(readlink -f "$OUT_DIR")
BASE=$(readlink -f "$IMAGE_DIR/root.img")

T0=$(now)
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/kubenode-vm.XXXXXX")
QPID=
cleanup() {
    if [[ -n $QPID ]] && kill -0 "$QPID" 2>/dev/null; then
        kill "$QPID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$QPID" 2>/dev/null || true
        wait "$QPID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Root disk: overlay; the backing raw image is opened read-only by QEMU.
qemu-img create -q -f qcow2 -b "$BASE" -F raw "$WORK/root.qcow2"

# io disk: in/ (a copy of IN_DIR) and an empty out/, built without mounting anything.
mkdir -p "$WORK/io/in" "$WORK/io/out"
cp -a "$IN_DIR/." "$WORK/io/in/"
io_mb=${KUBENODE_VM_IO_SIZE_MB:-$((256 + 2 * $(du -sm "$WORK/io" | cut -f1)))}
truncate -s "${io_mb}M" "$WORK/io.img"
mkfs.ext4 -q -F -L kn-io -d "$WORK/io" "$WORK/io.img"
log "disks ready in $(since "$T0") s (io disk ${io_mb} MiB)"

SERIAL=$OUT_DIR/serial.log
rm -f "$SERIAL" "$OUT_DIR/exit-code"
nic="user,model=virtio-net-pci,restrict=on${KUBENODE_VM_NIC_OPTS:+,$KUBENODE_VM_NIC_OPTS}"
# -accel tcg: this host's KVM cannot boot stock kernels. -nodefaults drops the emulated floppy/IDE/VGA the
# kernel would otherwise probe; -monitor none because -nographic would put the monitor on our stdin.
# No -no-reboot: a guest reboot (requested by run.sh) restarts the VM on the same disks.
T_BOOT=$(now)
# -uuid: a product_uuid of its own per run, like distinct machines (kubeadm requires them unique).
qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -nographic -nodefaults -monitor none \
    -uuid "$(cat /proc/sys/kernel/random/uuid)" \
    -serial "file:$SERIAL" \
    -kernel "$IMAGE_DIR/vmlinuz" -initrd "$IMAGE_DIR/initrd" \
    -append "root=/dev/vda rw console=ttyS0 ${KUBENODE_VM_APPEND:-}" \
    -drive "file=$WORK/root.qcow2,format=qcow2,if=virtio,cache=unsafe" \
    -drive "file=$WORK/io.img,format=raw,if=virtio" \
    -device virtio-rng-pci \
    -nic "$nic" </dev/null >"$WORK/qemu.log" 2>&1 &
QPID=$!

deadline=$(( $(date +%s) + TIMEOUT_S ))
started=
timed_out=
while kill -0 "$QPID" 2>/dev/null; do
    if [[ -z $started ]] && grep -q 'kubenode-vm-test: start' "$SERIAL" 2>/dev/null; then
        started=1
        log "boot to script start: $(since "$T_BOOT") s"
    fi
    if (( $(date +%s) >= deadline )); then timed_out=1; break; fi
    sleep 0.5
done
if [[ -n $timed_out ]]; then
    kill "$QPID" 2>/dev/null || true
    sleep 1
    kill -9 "$QPID" 2>/dev/null || true
fi
qrc=0
wait "$QPID" || qrc=$?
QPID=
log "VM ran $(since "$T_BOOT") s (qemu exit $qrc)"
[[ -s $WORK/qemu.log ]] && sed 's/^/run-vm: qemu: /' "$WORK/qemu.log" >&2

# Results: rdump /out from the io disk (best effort after a timeout: the guest may not have synced).
debugfs -R "rdump /out $WORK" "$WORK/io.img" >/dev/null 2>"$WORK/debugfs.log" || true
if [[ -d $WORK/out ]]; then cp -a "$WORK/out/." "$OUT_DIR/"; else log "could not read /out from the io disk"; fi

if [[ -n $timed_out ]]; then
    log "timeout after ${TIMEOUT_S} s; serial log tail:"
    tail -n 40 "$SERIAL" >&2 || true
    exit 124
fi
if [[ ! -s $OUT_DIR/exit-code ]]; then
    log "the guest reported no exit code; serial log tail:"
    tail -n 40 "$SERIAL" >&2 || true
    exit 125
fi
rc=$(<"$OUT_DIR/exit-code")
log "guest script exit code $rc; whole run $(since "$T0") s"
exit "$rc"
