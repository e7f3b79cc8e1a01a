package io.kubenode.agent.resource.firewall;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.document.Documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the ownership record lives: {@code <state dir>/firewall/opened.json}, written atomically (a crash leaves the
 * old record or the new one), 0600 like the rest of the state dir. A record that cannot be read fails the resource
 * rather than being taken as empty: taken as empty, ports the agent opened would stay open for ever.
 */
final class OpenedRecordFile {
    private final String path;

    OpenedRecordFile(String stateDir) {
        this.path = stateDir + "/firewall/opened.json";
    }

    String path() {
        return path;
    }

    OpenedRecord read(Host host) throws HostException {
        Optional<byte[]> content = host.read(path);
        if (content.isEmpty()) {
            return OpenedRecord.EMPTY;
        }
        try {
            return Documents.json().readValue(content.get(), OpenedRecord.class);
        } catch (IOException e) {
            throw new HostException("the firewall ownership record " + path + " cannot be read (move it away to "
                    + "start a new one; ports it lists would then stay open): " + e.getMessage());
        }
    }

    void write(Host host, OpenedRecord record) throws HostException {
        try {
            byte[] json = (Documents.json().writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            host.writeAtomically(path, json, FileAttributes.mode("0600"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ownership record always serialises", e);
        }
    }
}
