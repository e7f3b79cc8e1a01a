package io.kubenode.controller.systemtest;

import io.kubenode.controller.compiler.loadbalancer.LoadBalancerBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the load balancer and the agent on a control plane say about themselves, read inside the container: who has
 * the VIP, haproxy's view of its backends (its stats socket), keepalived's health check run as keepalived runs it,
 * a unit's main process, the agent's drift counter.
 */
final class LoadBalancerProbes {
    /**
     * haproxy's "show stat" CSV: the proxy name, the server name and the status (UP, DOWN, ...) columns; the
     * frontend and the backend are both named apiserver, their summary rows FRONTEND and BACKEND.
     */
    private static final int PROXY_COLUMN = 0;
    private static final int SERVER_COLUMN = 1;
    private static final int STATUS_COLUMN = 17;

    private LoadBalancerProbes() {
    }

    /** The hosts whose host0 has {@code vip}, by {@code ip -4 addr show} inside each. */
    static List<String> vipHolders(List<NspawnHost> hosts, String vip) throws IOException, InterruptedException {
        List<String> holders = new ArrayList<>();
        for (NspawnHost host : hosts) {
            if (host.check("ip", "-4", "-o", "addr", "show", "dev", "host0").contains(" " + vip + "/")) {
                holders.add(host.hostname());
            }
        }
        return holders;
    }

    /**
     * The status haproxy on {@code host} gives each server of the apiserver backend (by node name): "UP", "DOWN",
     * "UP 1/2" while rising. Asked over the stats socket with python3 (the image has no socat).
     */
    static Map<String, String> haproxyServerStates(NspawnHost host) throws IOException, InterruptedException {
        String csv = host.check("python3", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX)
                s.connect(sys.argv[1])
                s.sendall(b"show stat\\n")
                out = b""
                while chunk := s.recv(65536):
                    out += chunk
                sys.stdout.write(out.decode())
                """, LoadBalancerBuilder.HAPROXY_STATS_SOCKET);
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : csv.lines().toList()) {
            String[] columns = line.split(",", -1);
            if (columns.length > STATUS_COLUMN && columns[PROXY_COLUMN].equals(LoadBalancerBuilder.HAPROXY_BACKEND)
                    && !columns[SERVER_COLUMN].equals("FRONTEND") && !columns[SERVER_COLUMN].equals("BACKEND")) {
                states.put(columns[SERVER_COLUMN], columns[STATUS_COLUMN]);
            }
        }
        return states;
    }

    /** The exit code of keepalived's health check on {@code host}, run as keepalived runs it (script_user nobody). */
    static int checkScriptExit(NspawnHost host) throws IOException, InterruptedException {
        return host.run("runuser", "-u", "nobody", "--", LoadBalancerBuilder.CHECK_SCRIPT).exitCode();
    }

    /**
     * keepalived's last "Changing effective priority from A to B" on {@code host} since it started, as "A to B", or
     * "" when it has not changed it (the configured priority holds).
     */
    static String lastPriorityChange(NspawnHost host) throws IOException, InterruptedException {
        String marker = "Changing effective priority from ";
        return host.check("journalctl", "-u", "keepalived", "-b", "--no-pager", "-o", "cat").lines()
                .filter(line -> line.contains(marker)).reduce((first, second) -> second)
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).strip()).orElse("");
    }

    /** {@code unit}'s main process on {@code host} (0 when it does not run). */
    static long mainPid(NspawnHost host, String unit) throws IOException, InterruptedException {
        return Long.parseLong(host.check("systemctl", "show", "-p", "MainPID", "--value", unit).strip());
    }

    /** The agent's kubenode_agent_drift_corrections_total{type=TYPE} on {@code host}, scraped inside it. */
    static int driftCorrections(NspawnHost host, String type) throws IOException, InterruptedException {
        String sample = "kubenode_agent_drift_corrections_total{type=\"" + type + "\"} ";
        return host.check("curl", "-sS", "http://127.0.0.1:9105/metrics").lines()
                .filter(line -> line.startsWith(sample)).findFirst()
                .map(line -> (int) Double.parseDouble(line.substring(sample.length()).strip())).orElse(0);
    }
}
