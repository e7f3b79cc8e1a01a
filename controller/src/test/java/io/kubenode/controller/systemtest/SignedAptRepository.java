package io.kubenode.controller.systemtest;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A signed flat apt repository of given {@code .deb} files, indexed and signed on this host by
 * deploy/vm/sign-apt-repo.sh (the QEMU test's repositories are made the same way) with a key made for it, and
 * added to a container as a {@code file:} source trusted through {@code signed-by} that key only: apt checks the
 * signature and every file's hash as it would for a mirror.
 */
public final class SignedAptRepository {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path dir;

    private SignedAptRepository(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** Copies {@code debs} into {@code dir}/repo and signs it; {@code name} tells repositories apart inside. */
    public static SignedAptRepository build(String name, Path dir, List<Path> debs)
            throws IOException, InterruptedException {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("repository name must be [a-z0-9-]: " + name);
        }
        for (String program : List.of("apt-ftparchive", "gpg")) {
            ExternalCommand.require(program);
        }
        Path repo = Files.createDirectories(dir.resolve("repo"));
        for (Path deb : debs) {
            Files.copy(deb, repo.resolve(deb.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path script = SeedCluster.repositoryRoot().resolve("deploy/vm/sign-apt-repo.sh");
        Commands.check(List.of(script.toString(), dir.toString()), TIMEOUT);
        return new SignedAptRepository(name, dir);
    }

    /** The ASCII-armored public key the repository is signed with. */
    public Path publicKey() {
        return dir.resolve("Release.key");
    }

    /** Adds the repository to {@code host} trusting its own key; {@code apt-get update} must succeed. */
    public void addTo(NspawnHost host) throws IOException, InterruptedException {
        ExternalCommand.Result update = addTrusting(host, publicKey());
        if (update.exitCode() != 0) {
            throw new AssertionError(host.machine() + ": " + update.describe());
        }
    }

    /**
     * Copies the repository to /srv/kubenode-apt/NAME, {@code trustedKey} to /etc/apt/keyrings/kubenode-NAME.asc,
     * adds /etc/apt/sources.list.d/kubenode-NAME.list with {@code signed-by} that key and returns what
     * {@code apt-get update} did.
     */
    public ExternalCommand.Result addTrusting(NspawnHost host, Path trustedKey)
            throws IOException, InterruptedException {
        String repoInside = "/srv/kubenode-apt/" + name;
        String keyInside = "/etc/apt/keyrings/kubenode-" + name + ".asc";
        host.copyIn(dir.resolve("repo"), repoInside);
        // apt reads the files as its unprivileged _apt user.
        host.check("chmod", "-R", "u=rwX,go=rX", "/srv/kubenode-apt");
        host.copyIn(trustedKey, keyInside);
        host.check("chmod", "0644", keyInside);
        Path source = Files.createTempFile("kubenode-apt", ".list");
        try {
            Files.writeString(source, "deb [signed-by=" + keyInside + "] file:" + repoInside + " ./\n");
            host.copyIn(source, "/etc/apt/sources.list.d/kubenode-" + name + ".list");
        } finally {
            Files.deleteIfExists(source);
        }
        host.check("chmod", "0644", "/etc/apt/sources.list.d/kubenode-" + name + ".list");
        return host.run(List.of("apt-get", "update", "-q"), TIMEOUT);
    }
}
