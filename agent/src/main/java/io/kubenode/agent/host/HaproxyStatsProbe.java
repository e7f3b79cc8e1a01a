package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Asks a running haproxy, through its stats socket ({@code show stat}, allowed at the socket's read-only
 * {@code level user}), how it sees one server of one backend. Healthy means the server is {@code UP} and its last
 * health check passed ({@code L4OK}, {@code L6OK} or {@code L7OK}), so a haproxy just restarted counts only once it
 * has checked the server for real: right after a start haproxy may show a server up before any check ran.
 */
final class HaproxyStatsProbe {
    /** A stats answer holds one line per proxy and server: a few KiB for a control plane's haproxy. */
    private static final int MAX_ANSWER = 1 << 20;
    private static final Set<String> PASSED = Set.of("L4OK", "L6OK", "L7OK");

    private HaproxyStatsProbe() {
    }

    static ProbeResult probe(Path socket, String hostPath, String backend, String server, Duration timeout) {
        if (!Files.exists(socket)) {
            return ProbeResult.unhealthy("no haproxy stats socket at " + hostPath + " (haproxy not running?)");
        }
        try {
            String answer = UnixSocketIo.converse(socket, timeout, (key, deadline) -> {
                UnixSocketIo.writeFully(key, ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)),
                        deadline);
                return new String(UnixSocketIo.readToEnd(key, MAX_ANSWER, deadline), StandardCharsets.UTF_8);
            });
            return judge(answer, backend, server);
        } catch (UnixSocketIo.Timeout e) {
            return ProbeResult.unhealthy("haproxy did not answer on " + hostPath + " within " + timeout.toSeconds()
                    + " s");
        } catch (IOException e) {
            return ProbeResult.unhealthy("cannot ask haproxy on " + hostPath + ": " + e.getMessage());
        }
    }

    /** The verdict on {@code backend/server} from a {@code show stat} CSV answer (a pure function). */
    static ProbeResult judge(String answer, String backend, String server) {
        List<String> lines = answer.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            return ProbeResult.unhealthy("haproxy's stats answer has no header: " + firstLine(answer));
        }
        List<String> header = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        int proxy = header.indexOf("pxname");
        int name = header.indexOf("svname");
        int status = header.indexOf("status");
        int check = header.indexOf("check_status");
        if (proxy < 0 || name < 0 || status < 0 || check < 0) {
            return ProbeResult.unhealthy("haproxy's stats answer lacks pxname, svname, status or check_status");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length < header.size() || !fields[proxy].equals(backend) || !fields[name].equals(server)) {
                continue;
            }
            String state = fields[status];
            // "* L7OK" while the next check runs: the last one is what counts.
            String lastCheck = fields[check].startsWith("*") ? fields[check].substring(1).strip() : fields[check];
            String seen = "haproxy sees " + backend + "/" + server + " " + state
                    + (lastCheck.isEmpty() ? "" : ", last check " + lastCheck);
            if (!state.equals("UP")) {
                return ProbeResult.unhealthy(seen + " (wants UP)");
            }
            if (!PASSED.contains(lastCheck)) {
                return ProbeResult.unhealthy(seen + " (wants a passed health check)");
            }
            return ProbeResult.healthy(seen);
        }
        return ProbeResult.unhealthy("haproxy has no server " + backend + "/" + server);
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("(empty)");
    }
}
