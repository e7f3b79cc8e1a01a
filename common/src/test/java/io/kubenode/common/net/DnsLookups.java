package io.kubenode.common.net;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the host-name lookups the calling thread attempts, refusing them. On Java 17 every lookup through
 * InetAddress first asks the security manager {@code checkConnect(host, -1)}; a literal address never does.
 * (Java 18+ refuses {@code System.setSecurityManager} unless run with {@code -Djava.security.manager=allow}.)
 */
final class DnsLookups {
    private DnsLookups() {
    }

    @SuppressWarnings("removal")
    static List<String> attemptedBy(Runnable action) {
        List<String> hosts = new ArrayList<>();
        Thread caller = Thread.currentThread();
        SecurityManager previous = System.getSecurityManager();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(Permission permission) {
            }

            @Override
            public void checkPermission(Permission permission, Object context) {
            }

            @Override
            public void checkConnect(String host, int port) {
                if (port == -1 && Thread.currentThread() == caller) {
                    hosts.add(host);
                    throw new SecurityException("test refuses the lookup of " + host);
                }
            }
        });
        try {
            action.run();
        } catch (SecurityException refused) {
            // recorded above
        } finally {
            System.setSecurityManager(previous);
        }
        return hosts;
    }
}
