# Sourced by deploy/bin/*: runs a main class from a module built in this source tree.
# usage: launch MODULE MAIN_CLASS COMMAND_NAME [ARGS...]
# JVM flags: the command's defaults (java-opts.sh), then $KUBENODE_JAVA_OPTS, which may override them.

# The flag sets and the agent's class archive are shared with the installed launchers (deploy/packaging).
source "$(dirname "${BASH_SOURCE[0]}")/java-opts.sh"

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
    local java defaults=$CLI_JAVA_OPTS classpath="$target/kubenode-$module.jar:$target/lib/*"
    java=$(kubenode_java)
    [[ $name == kubenode-controller && ${1:-} == serve ]] && defaults=$SERVER_JAVA_OPTS
    if [[ $name == kubenode-agent ]]; then
        defaults=$AGENT_JAVA_OPTS
        local archive
        # archived once per build, beside the jar, from a pass over a golden catalog
        archive=$(kubenode_agent_class_archive "$java" "$classpath" "$target/kubenode-agent.jar" \
            "$target/kubenode-agent.jsa" "$repo/controller/src/test/resources/golden/node1.internal.yaml")
        # glibc gives each thread its own malloc arena; two are plenty for the agent's few threads.
        export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
        [[ -n $archive ]] && defaults="$defaults -XX:SharedArchiveFile=$archive -Xshare:auto"
    fi
    # shellcheck disable=SC2086 # the option variables are lists of flags
    exec "$java" $defaults ${KUBENODE_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
}
