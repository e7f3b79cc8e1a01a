package io.kubenode.agent.host;

import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HttpClients kept by the trust (and client key) they were built with, reused across passes: a client owns a selector
 * thread, so one per call would pile threads up until the garbage collector ends them. The least recently used of
 * more than eight is dropped.
 */
final class HttpClientCache {
    private static final int MAX_CLIENTS = 8;

    /** Builds the client for a key not cached yet. */
    interface Factory {
        HttpClient build() throws HostException;
    }

    private final Map<String, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    synchronized HttpClient get(String key, Factory factory) throws HostException {
        HttpClient client = clients.get(key);
        if (client == null) {
            client = factory.build();
            clients.put(key, client);
        }
        return client;
    }

    /** A cache key for secret material: its SHA-256, never the bytes themselves. */
    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(part))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
