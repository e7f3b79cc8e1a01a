#!/usr/bin/env bash
# Builds the RPM and .deb packages of one Maven module from its built jars; run by that module's `package` phase
# (exec-maven-plugin) after target/lib is filled.
#   usage: build-packages.sh agent|controller MAVEN_VERSION RELEASE LICENSE [URL]
#   agent      -> agent/target/packages/kubenode-agent-V-R.noarch.rpm, kubenode-agent_V-R_all.deb
#   controller -> controller/target/packages/kubenode-controller-..., kubenodectl-...
#   (or into $KUBENODE_PACKAGES_OUT)
# Every package is self-contained (its own jars): agent and controller run on different hosts and upgrade
# independently. Needs rpmbuild (Debian package rpm) and dpkg-deb; without them the build fails under CI=true and
# prints a skip line otherwise.
set -euo pipefail
module=${1:?usage: build-packages.sh agent|controller MAVEN_VERSION RELEASE LICENSE [URL]}
maven_version=${2:?maven version}
release=${3:?release}
license=${4:?license}
url=${5:-}
packaging="$(dirname "$(readlink -f "$0")")"
repo="$(readlink -f "$packaging/../..")"
target="$repo/$module/target"
# KUBENODE_PACKAGES_OUT: another output dir (tests build a higher release beside the build's own packages)
out="${KUBENODE_PACKAGES_OUT:-$target/packages}"
version=${maven_version%-SNAPSHOT}

case $module in
    agent) packages=(kubenode-agent) ;;
    controller) packages=(kubenode-controller kubenodectl) ;;
    *) echo "build-packages.sh: unknown module $module (agent or controller)" >&2; exit 2 ;;
esac

# a skipped build leaves no packages of an older build behind
rm -rf "$out"
missing=()
for tool in rpmbuild dpkg-deb; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
    if [[ ${CI:-} == true ]]; then
        echo "build-packages.sh: ${missing[*]} missing; CI builds every package (install: apt-get install rpm dpkg)" >&2
        exit 1
    fi
    echo "[packages] SKIPPED ${packages[*]}: ${missing[*]} not installed (apt-get install rpm dpkg; CI=true fails instead)"
    exit 0
fi
[[ -f $target/kubenode-$module.jar && -d $target/lib ]] || { echo "build-packages.sh: $target not built" >&2; exit 1; }

mkdir -p "$out"
work="$out/work"

# The installed tree of one package, the same for the RPM and the .deb (owners and modes: in the spec for the RPM,
# set here and by the maintainer scripts for the .deb).
stage() {
    local package=$1 root=$2
    mkdir -p "$root/usr/bin" "$root/usr/share/doc/$package"
    install -m 0644 "$packaging/copyright" "$root/usr/share/doc/$package/copyright"
    case $package in
        kubenode-agent)
            stage_jars "$root/usr/share/kubenode/agent" agent
            install -m 0755 "$packaging/launchers/make-class-archive" "$root/usr/share/kubenode/agent/"
            install -m 0644 "$repo/controller/src/test/resources/golden/node1.internal.yaml" \
                "$root/usr/share/kubenode/agent/class-archive-catalog.yaml"
            install -D -m 0644 "$repo/systemd/kubenode-agent.service" \
                "$root/usr/lib/systemd/system/kubenode-agent.service"
            install -D -m 0644 "$repo/systemd/tmpfiles.d/kubenode-agent.conf" \
                "$root/usr/lib/tmpfiles.d/kubenode-agent.conf"
            install -D -m 0644 "$repo/systemd/config/agent.yaml" "$root/etc/kubenode/agent.yaml"
            install -d -m 0700 "$root/var/lib/kubenode-agent"
            install -d -m 0755 "$root/var/lib/kubenode-agent/cds"
            ;;
        kubenode-controller)
            stage_jars "$root/usr/share/kubenode/controller" controller
            install -D -m 0644 "$repo/systemd/kubenode-controller.service" \
                "$root/usr/lib/systemd/system/kubenode-controller.service"
            install -D -m 0644 "$repo/systemd/sysusers.d/kubenode-controller.conf" \
                "$root/usr/lib/sysusers.d/kubenode-controller.conf"
            install -D -m 0644 "$repo/systemd/tmpfiles.d/kubenode-controller.conf" \
                "$root/usr/lib/tmpfiles.d/kubenode-controller.conf"
            install -D -m 0644 "$repo/systemd/config/controller.env" "$root/etc/kubenode/controller.env"
            install -d -m 0700 "$root/var/lib/kubenode-controller"
            ;;
        kubenodectl)
            stage_jars "$root/usr/share/kubenode/kubenodectl" controller
            ;;
    esac
    install -m 0755 "$packaging/launchers/$package" "$root/usr/bin/$package"
}

# DIR: the module's jar, its libraries in DIR/lib, and the JVM flag sets the launcher sources.
stage_jars() {
    local dir=$1 from=$2
    install -d -m 0755 "$dir/lib"
    install -m 0644 "$repo/$from/target/kubenode-$from.jar" "$dir/"
    install -m 0644 "$repo/$from/target/lib/"*.jar "$dir/lib/"
    install -m 0644 "$repo/deploy/lib/java-opts.sh" "$dir/java-opts.sh"
}

build_rpm() {
    local package=$1 root=$2
    local -a url_define=()
    [[ -n $url ]] && url_define=(--define "kubenode_url $url")
    rpmbuild -bb --quiet \
        --define "_topdir $work/rpmbuild" \
        --define "_rpmdir $out" \
        --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
        --define "kubenode_stage $root" \
        --define "kubenode_systemd $repo/systemd" \
        --define "kubenode_version $version" \
        --define "kubenode_release $release" \
        --define "kubenode_license $license" \
        "${url_define[@]}" \
        "$packaging/rpm/$package.spec"
}

build_deb() {
    local package=$1 root=$2
    local debian="$packaging/debian/$package"
    mkdir -p "$root/DEBIAN" "$root/usr/share/lintian/overrides"
    local size
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    sed -e "s/@VERSION@/$version-$release/" -e "s/@SIZE@/$size/" \
        -e "s|@HOMEPAGE@|${url:+Homepage: $url}|" "$debian/control" | sed '/^$/d' >"$root/DEBIAN/control"
    local script
    for script in preinst postinst prerm postrm conffiles; do
        [[ -f $debian/$script ]] || continue
        install -m "$([[ $script == conffiles ]] && echo 0644 || echo 0755)" "$debian/$script" "$root/DEBIAN/$script"
    done
    install -m 0644 "$debian/lintian-overrides" "$root/usr/share/lintian/overrides/$package"
    # Debian's changelog for a package built outside a Debian source package: the version and where it came from
    printf '%s (%s-%s) unstable; urgency=medium\n\n  * Built from kubenode %s by its Maven build.\n\n -- kubenode authors <noreply@kubenode.invalid>  %s\n' \
        "$package" "$version" "$release" "$maven_version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")" \
        | gzip -9n >"$root/usr/share/doc/$package/changelog.Debian.gz"
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
        >"$root/DEBIAN/md5sums"
    dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$out/${package}_$version-${release}_all.deb" >/dev/null
}

for package in "${packages[@]}"; do
    stage "$package" "$work/rpm/$package"
    build_rpm "$package" "$work/rpm/$package"
    mkdir -p "$work/deb"
    cp -al "$work/rpm/$package" "$work/deb/$package"
    # dpkg would reset a shipped dir to root's on every upgrade: the .deb's postinst makes the user's data dir
    rm -rf "$work/deb/$package/var/lib/kubenode-controller"
    rmdir --ignore-fail-on-non-empty "$work/deb/$package/var/lib" "$work/deb/$package/var" 2>/dev/null || true
    build_deb "$package" "$work/deb/$package"
done
rm -rf "$work"
(cd "$out" && for file in *.rpm *.deb; do echo "[packages] $out/$file ($(du -h "$file" | cut -f1))"; done)
