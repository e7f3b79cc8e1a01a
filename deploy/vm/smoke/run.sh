#!/bin/bash
# Smoke test for the VM harness: deploy/vm/run-vm.sh IMAGE_DIR deploy/vm/smoke OUT_DIR
set -u
echo "## java -version";                java -version 2>&1
echo "## uname -r";                     uname -r
echo "## cat /proc/swaps";              cat /proc/swaps
echo "## lsmod | head";                 lsmod | head
echo "## systemctl is-system-running";  systemctl is-system-running
echo "## hostname";                     hostname
systemctl --failed --no-legend --plain
echo "hello from $(hostname) boot ${KN_VM_BOOT:-?}" >/io/out/smoke.txt
