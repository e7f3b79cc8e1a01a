package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.KubernetesSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.cluster.PackageRepository;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes version and the package repository for each OS family the nodes use. */
final class KubernetesRules implements ClusterRule {
    private static final String PATH = "spec.kubernetes";
    /** kubeadm reads the v1beta4 configuration kubenode renders from 1.31 on. */
    static final int MIN_MINOR = 31;
    private static final Pattern URL_MINOR = Pattern.compile("/v(\\d+)\\.(\\d+)/");

    @Override
    public void check(Cluster cluster, Problems problems) {
        KubernetesSpec kubernetes = cluster.spec().kubernetes();
        if (!problems.required(PATH, kubernetes)) {
            return;
        }
        String minor = checkVersion(kubernetes.version(), problems);
        Set<OsFamily> families = familiesInUse(cluster);
        PackageRepository repository = kubernetes.packageRepository();
        if (!problems.required(PATH + ".packageRepository", repository)) {
            return;
        }
        String repoPath = PATH + ".packageRepository";
        if (families.contains(OsFamily.RHEL) || repository.baseUrl() != null || repository.gpgKey() != null) {
            checkRepository(repoPath, repository.baseUrl(), repository.gpgKey(), minor, problems);
        }
        if (families.contains(OsFamily.DEBIAN) || repository.apt() != null) {
            if (!problems.required(repoPath + ".apt", repository.apt())) {
                return;
            }
            PackageRepository.AptRepository apt = repository.apt();
            checkRepository(repoPath + ".apt", apt.baseUrl(), apt.gpgKey(), minor, problems);
            if (problems.required(repoPath + ".apt.gpgKeySha256", apt.gpgKeySha256())
                    && !Patterns.SHA256_HEX.matcher(apt.gpgKeySha256()).matches()) {
                problems.error(repoPath + ".apt.gpgKeySha256", "expected 64 lowercase hex digits");
            }
        }
    }

    /** Returns "MAJOR.MINOR" of a well-formed version, or null. */
    private static String checkVersion(String version, Problems problems) {
        if (!problems.required(PATH + ".version", version)) {
            return null;
        }
        Matcher matcher = Patterns.KUBERNETES_VERSION.matcher(version);
        if (!matcher.matches()) {
            problems.error(PATH + ".version", "expected MAJOR.MINOR.PATCH like 1.32.2, got '" + version + "'");
            return null;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major != 1 || minor < MIN_MINOR) {
            problems.error(PATH + ".version", "kubenode renders kubeadm v1beta4 configuration, which needs "
                    + "Kubernetes 1." + MIN_MINOR + " or later; got " + version);
        }
        return major + "." + minor;
    }

    private static void checkRepository(String path, String baseUrl, String gpgKey, String minor, Problems problems) {
        if (problems.required(path + ".baseUrl", baseUrl) && checkHttpsUrl(path + ".baseUrl", baseUrl, problems)
                && minor != null) {
            Matcher matcher = URL_MINOR.matcher(baseUrl);
            if (matcher.find() && !minor.equals(matcher.group(1) + "." + matcher.group(2))) {
                problems.warning(path + ".baseUrl", "repository serves v" + matcher.group(1) + "."
                        + matcher.group(2) + " but spec.kubernetes.version is " + minor
                        + ".x: the pinned packages will not be found there");
            }
        }
        if (problems.required(path + ".gpgKey", gpgKey)) {
            checkHttpsUrl(path + ".gpgKey", gpgKey, problems);
        }
    }

    /** Reports a URL that is not absolute https with a host; returns true when it is fine. */
    static boolean checkHttpsUrl(String path, String url, Problems problems) {
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.error(path, "expected an https:// URL, got '" + url + "'");
                return false;
            }
            return true;
        } catch (URISyntaxException e) {
            problems.error(path, "not a URL: " + e.getReason());
            return false;
        }
    }

    static Set<OsFamily> familiesInUse(Cluster cluster) {
        OsFamily clusterDefault = cluster.spec().host() != null && cluster.spec().host().osFamily() != null
                ? cluster.spec().host().osFamily() : OsFamily.DEFAULT;
        Set<OsFamily> families = EnumSet.noneOf(OsFamily.class);
        for (NodeSpec node : cluster.spec().nodesOrEmpty()) {
            if (node != null) {
                families.add(node.osFamily() != null ? node.osFamily() : clusterDefault);
            }
        }
        return families;
    }
}
