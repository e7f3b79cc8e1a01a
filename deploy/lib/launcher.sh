# Sourced by deploy/bin/*: runs a main class from a module built in this source tree.
# usage: launch MODULE MAIN_CLASS COMMAND_NAME [ARGS...]
# JVM flags: the command's defaults (below), then $KUBENODE_JAVA_OPTS, which may override them.

# The agent lives on every node beside the kubelet: a small, fixed heap, one GC thread, C1 only.
AGENT_JAVA_OPTS="-XX:+UseSerialGC -Xms8m -Xmx48m -Xss512k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m
 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+ExitOnOutOfMemoryError"
# Short-lived CLIs start faster without the optimising compiler.
CLI_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"

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
    local java=java defaults=$CLI_JAVA_OPTS
    [[ -n "${JAVA_HOME:-}" ]] && java="$JAVA_HOME/bin/java"
    [[ $name == kubenode-agent ]] && defaults=$AGENT_JAVA_OPTS
    # shellcheck disable=SC2086 # the option variables are lists of flags
    exec "$java" $defaults ${KUBENODE_JAVA_OPTS:-} -cp "$target/kubenode-$module.jar:$target/lib/*" "$main" "$@"
}
