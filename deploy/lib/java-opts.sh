# shellcheck shell=bash disable=SC2034 # the flag sets are used by the scripts that source this file
# The JVM flag sets of the kubenode commands and the agent's class archive, in one place: sourced by the source
# tree's launchers (deploy/lib/launcher.sh) and by the installed ones (deploy/packaging/launchers/*, which find it
# as /usr/share/kubenode/<package>/java-opts.sh). Defines variables and functions only; runs nothing.

# The agent lives on every node beside the kubelet: a small, fixed heap, one GC thread, C1 only, and an AppCDS
# archive of the classes it loads (see kubenode_agent_class_archive).
# The heap gives memory back after a pass's garbage is collected (free ratios 10-20 %, not 40-70 %).
AGENT_JAVA_OPTS="-XX:+UseSerialGC -Xms8m -Xmx48m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m
 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20
 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError"
# Short-lived CLIs start faster without the optimising compiler.
CLI_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
# The controller's server is long-lived and compiles fleet-sized documents: the JVM's server defaults (G1, the
# optimising compiler), a heap bounded for one machine, and a crash on memory exhaustion rather than a limp.
# Vert.x only serves there (outbound calls use the JDK's client and resolver); its own DNS client would read
# resolv.conf and, on a host that lists no nameserver, send lookups to Google's public servers: off.
SERVER_JAVA_OPTS="-XX:+UseG1GC -Xms64m -Xmx2g -XX:+ExitOnOutOfMemoryError -Dvertx.disableDnsResolver=true"

# The java command: $JAVA_HOME/bin/java when JAVA_HOME is set, else java from the PATH.
kubenode_java() {
    if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# AppCDS: the classes an agent pass loads, archived once (about 3 s) and mapped at every start, which saves memory
# and start time. usage: kubenode_agent_class_archive JAVA CLASSPATH JAR ARCHIVE CATALOG
# Prints ARCHIVE when it is current (newer than JAR and than the JVM itself) or was made now by a sandboxed pass
# over CATALOG (no command runs, nothing outside a temporary root is touched); prints nothing when it cannot be
# made: the agent then runs without it. Never fails.
kubenode_agent_class_archive() {
    local java=$1 classpath=$2 jar=$3 archive=$4 catalog=$5
    local jvm
    jvm=$(readlink -f "$(command -v "$java" 2>/dev/null || echo "$java")" 2>/dev/null) || jvm=
    if [[ -f $archive && $archive -nt $jar && ( -z $jvm || $archive -nt $jvm ) ]]; then
        echo "$archive"
        return 0
    fi
    local dir
    dir=$(dirname "$archive")
    mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]] || return 0
    local work
    work=$(mktemp -d -t kubenode-cds.XXXXXX 2>/dev/null) || return 0
    # shellcheck disable=SC2086 # the option variables are lists of flags
    if "$java" $AGENT_JAVA_OPTS -XX:DumpLoadedClassList="$work/classes" -cp "$classpath" \
            io.kubenode.agent.cli.KubenodeAgent apply --once --sandbox --root "$work/root" --config /nonexistent \
            --catalog "$catalog" >/dev/null 2>&1 \
        && "$java" $AGENT_JAVA_OPTS -Xshare:dump -XX:SharedClassListFile="$work/classes" \
            -XX:SharedArchiveFile="$work/archive.jsa" -cp "$classpath" >/dev/null 2>&1 \
        && install -m 0644 "$work/archive.jsa" "$archive.tmp.$$" 2>/dev/null \
        && mv -f "$archive.tmp.$$" "$archive" 2>/dev/null; then
        echo "$archive"
    fi
    rm -rf "$work" "$archive.tmp.$$" 2>/dev/null
    return 0
}
