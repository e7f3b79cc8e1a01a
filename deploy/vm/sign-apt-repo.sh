#!/usr/bin/env bash
# Turns a directory of .deb files into a signed flat apt repository, with a signing key made for the run:
#   deploy/vm/sign-apt-repo.sh OUT_DIR
# OUT_DIR/repo/        the .deb files already there, plus Packages(.gz), Release, InRelease, Release.gpg
# OUT_DIR/Release.key  the ASCII-armored public key (what packageRepository.apt.gpgKey or signed-by points at)
# OUT_DIR/gnupg/       the run's key ring (private key included; a test key, never published)
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
out=$(cd "$1" && pwd)
for tool in apt-ftparchive gpg; do
    command -v "$tool" >/dev/null || { echo "sign-apt-repo: $tool is missing (packages apt-utils, gnupg)" >&2; exit 1; }
done
ls "$out/repo"/*.deb >/dev/null 2>&1 || { echo "sign-apt-repo: no .deb files in $out/repo" >&2; exit 1; }
rm -rf "$out/gnupg"
mkdir -p "$out/gnupg"
chmod 700 "$out/gnupg"
export GNUPGHOME="$out/gnupg"

gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-generate-key "kubenode test repository <repo@kubenode.invalid>" ed25519 sign 1d
gpg --batch --armor --export >"$out/Release.key"

cd "$out/repo"
apt-ftparchive packages . >Packages
gzip -9 -k -f Packages
apt-ftparchive -o APT::FTPArchive::Release::Origin=kubenode-tests \
    -o APT::FTPArchive::Release::Label=kubenode-tests release . >Release
gpg --batch --yes --clearsign -o InRelease Release
gpg --batch --yes --armor --detach-sign -o Release.gpg Release
