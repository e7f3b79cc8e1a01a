package io.kubenode.agent.kubeadm.simulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kubeadm simulator's entry point, launched as the real programs are: {@code KubeSimulator kubeadm <kubeadm
 * argv>} or {@code KubeSimulator kubectl <kubectl argv>} (see {@link SimulatorExecutables} for the wrapper scripts),
 * with {@code KUBENODE_SANDBOX_ROOT}, {@code KUBENODE_SANDBOX_LOOPBACK} and {@code KUBEADM_SIMULATOR_CLUSTER} in the
 * environment. {@code KubeSimulator daemon} is the node daemon that init and join start.
 */
public final class KubeSimulator {
    static final String VERSION = "v1.32.2";

    private KubeSimulator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("daemon")) {
            NodeDaemon.run(SimulatorEnv.from(System.getenv()));
            return;
        }
        int code = run(List.of(args), System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String personality = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            SimulatorEnv env = SimulatorEnv.from(environment);
            return switch (personality) {
                case "kubeadm" -> kubeadm(env, rest, out, err);
                case "kubectl" -> new Kubectl(env, out, err).run(rest);
                default -> throw new SimulatorFailure("usage: KubeSimulator kubeadm|kubectl ARGS... (got \""
                        + personality + "\")", 2);
            };
        } catch (SimulatorFailure failure) {
            err.println(failure.getMessage());
            if (personality.equals("kubeadm")) {
                err.println("To see the stack trace of this error execute with --v=5 or higher");
            }
            return failure.exitCode();
        } catch (UncheckedIOException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        }
    }

    private static int kubeadm(SimulatorEnv env, List<String> args, PrintStream out, PrintStream err) {
        KubeadmArgs parsed = KubeadmArgs.parse(args);
        KubeadmConfigReader reader = new KubeadmConfigReader(env, err);
        boolean preflightPhase = parsed.positional().equals(List.of("phase", "preflight"));
        if (!parsed.positional().isEmpty() && !preflightPhase && !parsed.command().startsWith("token")) {
            throw new SimulatorFailure("the kubeadm simulator knows no \"" + parsed.command() + " "
                    + String.join(" ", parsed.positional()) + "\" (phases: only \"phase preflight\")");
        }
        switch (parsed.command()) {
            case "init" -> {
                NodeConfig config = reader.init(parsed.required("config"), parsed.ignores());
                if (preflightPhase) {
                    new Preflight(env, new ClusterStore(env.clusterDir())).run(config, out);
                } else {
                    new KubeadmInit(env, out).run(config);
                }
            }
            case "join" -> {
                NodeConfig config = reader.join(parsed.required("config"), parsed.ignores());
                if (preflightPhase) {
                    new Preflight(env, new ClusterStore(env.clusterDir())).run(config, out);
                } else {
                    new KubeadmJoin(env, out).run(config);
                }
            }
            case "reset" -> {
                if (!parsed.flags().containsKey("force")) {
                    throw new SimulatorFailure("[reset] Are you sure you want to proceed? [y/N]: aborted: the "
                            + "simulator has no terminal; pass --force");
                }
                new KubeadmReset(env, out).run();
            }
            case "token list" -> new KubeadmToken(env, out).list(parsed.kubeconfig(), parsed.flags()
                    .getOrDefault("output", "text"));
            case "token create" -> new KubeadmToken(env, out).create(parsed.kubeconfig(), parsed.required("config"));
            case "token delete" -> {
                if (parsed.positional().isEmpty()) {
                    throw new SimulatorFailure("missing subcommand; 'token delete' is missing token of form "
                            + "\"^([a-z0-9]{6})$\"");
                }
                for (String id : parsed.positional()) {
                    new KubeadmToken(env, out).delete(parsed.kubeconfig(), id);
                }
            }
            case "version" -> out.println(VERSION);
            default -> throw new SimulatorFailure("unknown command \"" + parsed.command() + "\" for \"kubeadm\"");
        }
        return 0;
    }

    /** kubeadm's flags in both spellings ({@code --config F}, {@code --config=F}); -o and -f short forms. */
    record KubeadmArgs(String command, Map<String, String> flags, List<String> positional) {
        private static final List<String> VALUED = List.of("config", "kubeconfig", "output",
                "ignore-preflight-errors");

        static KubeadmArgs parse(List<String> args) {
            Map<String, String> flags = new java.util.LinkedHashMap<>();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("-o")) {
                    arg = "--output";
                } else if (arg.equals("-f")) {
                    arg = "--force";
                }
                if (!arg.startsWith("--")) {
                    words.add(arg);
                    continue;
                }
                String name = arg.substring(2);
                String value = null;
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                if (VALUED.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new SimulatorFailure("flag needs an argument: --" + name);
                        }
                        value = args.get(++i);
                    }
                } else if (name.equals("force")) {
                    value = "true";
                } else {
                    throw new SimulatorFailure("unknown flag: --" + name);
                }
                flags.merge(name, value, (a, b) -> a + "," + b);
            }
            String command = words.isEmpty() ? "" : words.get(0);
            int used = 1;
            if (command.equals("token") && words.size() > 1) {
                command = "token " + words.get(1);
                used = 2;
            }
            return new KubeadmArgs(command, flags, words.size() > used ? words.subList(used, words.size())
                    : List.of());
        }

        String required(String flag) {
            String value = flags.get(flag);
            if (value == null) {
                throw new SimulatorFailure("the kubeadm simulator needs --" + flag + " for kubeadm " + command);
            }
            return value;
        }

        String kubeconfig() {
            return flags.getOrDefault("kubeconfig", Kubeconfigs.ADMIN);
        }

        List<String> ignores() {
            String value = flags.get("ignore-preflight-errors");
            return value == null ? List.of() : List.of(value.split(","));
        }
    }
}
