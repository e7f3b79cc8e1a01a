package io.kubenode.controller.client;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A loaded and checked kubenodectl config: the controller's URL and a TLS context that trusts only the config's CA
 * and presents the config's client certificate. Every failure is a {@link ConfigException} naming the config file
 * and the field (and the file that field points at).
 */
public record ClientConfig(Path file, URI server, Path certificateAuthority, SSLContext sslContext) {

    public static ClientConfig load(ConfigLocation location) {
        KubenodeConfig config = read(location);
        String prefix = "config " + location.file() + ": ";
        Path ca = Path.of(config.certificateAuthority());
        SSLContext context = PemTls.context(
                new PemTls.Source(prefix + "certificateAuthority", ca),
                new PemTls.Source(prefix + "clientCertificate", Path.of(config.clientCertificate())),
                new PemTls.Source(prefix + "clientKey", Path.of(config.clientKey())));
        return new ClientConfig(location.file(), URI.create(stripSlash(config.server())), ca, context);
    }

    private static KubenodeConfig read(ConfigLocation location) {
        byte[] bytes;
        try {
            if (Files.size(location.file()) > DocumentReader.MAX_BYTES) {
                throw new ConfigException("config " + location.describe() + ": larger than 1 MiB, not a config");
            }
            bytes = Files.readAllBytes(location.file());
        } catch (NoSuchFileException e) {
            throw new ConfigException("config " + location.describe() + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("config " + location.describe() + ": cannot read: " + e.getMessage());
        }
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(bytes);
        if (read instanceof ReadResult.Unreadable<KubenodeConfig> unreadable) {
            throw new ConfigException(unreadable.problems().stream().map(Problem::render)
                    .map(line -> "config " + location.describe() + ": " + line)
                    .collect(Collectors.joining("\n")));
        }
        return ((ReadResult.Read<KubenodeConfig>) read).value();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
