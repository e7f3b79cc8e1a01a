# Sourced by deploy/bin/*: runs a main class from a module built in this source tree.
# usage: launch MODULE MAIN_CLASS COMMAND_NAME [ARGS...]
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
    local java=java
    [[ -n "${JAVA_HOME:-}" ]] && java="$JAVA_HOME/bin/java"
    # shellcheck disable=SC2086 # KUBENODE_JAVA_OPTS is a list of flags
    exec "$java" ${KUBENODE_JAVA_OPTS:-} -cp "$target/kubenode-$module.jar:$target/lib/*" "$main" "$@"
}
