# Sourced by deploy/bin/*: runs a main class from a module built in this source tree.
# usage: launch MODULE MAIN_CLASS COMMAND_NAME [ARGS...]
# JVM flags: the command's defaults (below), then $KUBENODE_JAVA_OPTS, which may override them.

# The agent lives on every node beside the kubelet: a small, fixed heap, one GC thread, C1 only, and an AppCDS
# archive of the classes it loads (built on first use, see agent_class_archive).
# The heap gives memory back after a pass's garbage is collected (free ratios 10-20 %, not 40-70 %).
AGENT_JAVA_OPTS="-XX:+UseSerialGC -Xms8m -Xmx48m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m
 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20
 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError"
# Short-lived CLIs start faster without the optimising compiler.
CLI_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
# The controller's server is long-lived and compiles fleet-sized documents: the JVM's server defaults (G1, the
# optimising compiler), a heap bounded for one machine, and a crash on memory exhaustion rather than a limp.
SERVER_JAVA_OPTS="-XX:+UseG1GC -Xms64m -Xmx2g -XX:+ExitOnOutOfMemoryError"

launch() {
    local module=$1 main=$2 name=$3
    shift 3
    local repo target
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    target="$repo/$module/target"
    if [[ ! -f "$target/kubenode-$module.jar" || ! -d "$target/lib" ]]; then
        echo "$name: not built; run: (cd $repo && mvn -B -DskipTests package)" >&2
        exit 127
    fi
    local java=java defaults=$CLI_JAVA_OPTS classpath="$target/kubenode-$module.jar:$target/lib/*"
    [[ -n "${JAVA_HOME:-}" ]] && java="$JAVA_HOME/bin/java"
    [[ $name == kubenode-controller && ${1:-} == serve ]] && defaults=$SERVER_JAVA_OPTS
    if [[ $name == kubenode-agent ]]; then
        defaults=$AGENT_JAVA_OPTS
        local archive
        archive=$(agent_class_archive "$java" "$classpath" "$target" "$repo")
        # glibc gives each thread its own malloc arena; two are plenty for the agent's few threads.
        export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
        [[ -n $archive ]] && defaults="$defaults -XX:SharedArchiveFile=$archive -Xshare:auto"
    fi
    # shellcheck disable=SC2086 # the option variables are lists of flags
    exec "$java" $defaults ${KUBENODE_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
}

# AppCDS: the classes a pass loads, archived once per build (about 3 s) and mapped at every start, which saves
# memory and start time. Prints the archive path, or nothing when it cannot be made (the agent runs without it).
agent_class_archive() {
    local java=$1 classpath=$2 target=$3 repo=$4
    local archive="$target/kubenode-agent.jsa"
    if [[ -f $archive && $archive -nt "$target/kubenode-agent.jar" ]]; then
        echo "$archive"
        return
    fi
    [[ -w $target ]] || return 0
    local work
    work=$(mktemp -d -t kubenode-cds.XXXXXX) || return 0
    # shellcheck disable=SC2086
    if "$java" $AGENT_JAVA_OPTS -XX:DumpLoadedClassList="$work/classes" -cp "$classpath" \
            io.kubenode.agent.cli.KubenodeAgent apply --once --sandbox --root "$work/root" --config /nonexistent \
            --catalog "$repo/controller/src/test/resources/golden/node1.internal.yaml" >/dev/null 2>&1 \
        && "$java" $AGENT_JAVA_OPTS -Xshare:dump -XX:SharedClassListFile="$work/classes" \
            -XX:SharedArchiveFile="$work/archive.jsa" -cp "$classpath" >/dev/null 2>&1; then
        mv "$work/archive.jsa" "$archive" && echo "$archive"
    fi
    rm -rf "$work"
}
