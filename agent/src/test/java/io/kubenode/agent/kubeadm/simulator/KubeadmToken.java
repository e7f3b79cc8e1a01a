package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code kubeadm token list -o json | create --config F | delete ID}, each with {@code --kubeconfig} (the admin
 * kubeconfig must be valid and its apiserver answer, as the real commands talk to the API). Tokens live in the
 * cluster directory; list prints one indented JSON object per token, as kubeadm's printer does.
 */
final class KubeadmToken {
    private final SimulatorEnv env;
    private final ClusterStore store;
    private final PrintStream out;

    KubeadmToken(SimulatorEnv env, PrintStream out) {
        this.env = env;
        this.store = new ClusterStore(env.clusterDir());
        this.out = out;
    }

    static ClusterStore.Token stored(BootstrapTokenSpec token, Instant now) {
        Instant expires = token.expiresAt(now);
        return new ClusterStore.Token(token.id(), token.secret(), token.description(),
                expires == null ? null : expires.truncatedTo(ChronoUnit.SECONDS).toString(), token.usages(),
                token.groups());
    }

    void list(String kubeconfig, String output) {
        if (!output.equals("json")) {
            throw new SimulatorFailure("the kubeadm simulator prints tokens as -o json only, got -o " + output);
        }
        requireApi(kubeconfig);
        Instant now = store.now();
        for (ClusterStore.Token token : store.locked(store::tokens)) {
            // The token cleaner deletes expired tokens at their expiry.
            if (expired(token, now)) {
                continue;
            }
            out.println(print(token));
        }
    }

    private static boolean expired(ClusterStore.Token token, Instant now) {
        return token.expiresAt().map(expires -> !expires.isAfter(now)).orElse(false);
    }

    void create(String kubeconfig, String configFile) {
        BootstrapTokenSpec spec = new KubeadmConfigReader(env, System.err).tokenToCreate(configFile);
        requireApi(kubeconfig);
        store.locked(() -> {
            Instant now = store.now();
            // An expired token's secret is gone once the token cleaner ran, which it does at the expiry: only a
            // token still valid blocks the id.
            if (store.token(spec.id()).filter(token -> !expired(token, now)).isPresent()) {
                throw new SimulatorFailure("a token with id \"" + spec.id() + "\" already exists");
            }
            store.putToken(stored(spec, now));
            return null;
        });
        out.println(spec.token());
    }

    void delete(String kubeconfig, String id) {
        String tokenId = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        if (!tokenId.matches("[a-z0-9]{6}")) {
            throw new SimulatorFailure("given token didn't match pattern \"^([a-z0-9]{6})$\" or "
                    + "\"^([a-z0-9]{6})\\.([a-z0-9]{16})$\"");
        }
        requireApi(kubeconfig);
        boolean deleted = store.locked(() -> {
            boolean cleanedUp = store.token(tokenId).map(token -> expired(token, store.now())).orElse(false);
            return store.deleteToken(tokenId) && !cleanedUp;
        });
        if (!deleted) {
            throw new SimulatorFailure("failed to delete bootstrap token \"" + tokenId + "\": secrets "
                    + "\"bootstrap-token-" + tokenId + "\" not found");
        }
        out.println("bootstrap token \"" + tokenId + "\" deleted");
    }

    private void requireApi(String kubeconfig) {
        Kubeconfig config = Kubeconfig.read(env, kubeconfig);
        Kubectl.requireReady(env, config);
    }

    private static String print(ClusterStore.Token token) {
        ObjectNode object = ClusterStore.JSON.createObjectNode()
                .put("kind", "BootstrapToken").put("apiVersion", "output.kubeadm.k8s.io/v1alpha3")
                .put("token", token.id() + "." + token.secret());
        if (token.description() != null) {
            object.put("description", token.description());
        }
        if (token.expires() != null) {
            object.put("expires", token.expires());
        }
        ArrayNode usages = object.putArray("usages");
        token.usages().forEach(usages::add);
        ArrayNode groups = object.putArray("groups");
        token.groups().forEach(groups::add);
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));
            return ClusterStore.JSON.writer(printer).writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token's state for a join: null when usable, else kubeadm's refusal. */
    static String refusal(ClusterStore store, String token) {
        java.util.regex.Matcher matcher = BootstrapTokenSpec.FORMAT.matcher(token == null ? "" : token);
        if (!matcher.matches()) {
            return "the bootstrap token was not of the form \"" + BootstrapTokenSpec.FORMAT.pattern() + "\"";
        }
        String id = matcher.group(1);
        var stored = store.locked(() -> store.token(id));
        Instant now = store.now();
        if (stored.isEmpty() || !stored.get().secret().equals(matcher.group(2))) {
            return "couldn't validate the identity of the API Server: could not find a JWS signature in the "
                    + "cluster-info ConfigMap for token ID \"" + id + "\"";
        }
        if (expired(stored.get(), now)) {
            return "couldn't validate the identity of the API Server: could not find a JWS signature in the "
                    + "cluster-info ConfigMap for token ID \"" + id + "\" (the token expired at "
                    + stored.get().expires() + ", " + Duration.between(stored.get().expiresAt().get(), now)
                    .toSeconds() + " s ago; the token cleaner removed its signature)";
        }
        return null;
    }
}
