package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.PackageSpec;

import java.util.List;
import java.util.Map;

/** A platform's package manager: how to ask what is installed (for many names at once) and how to install. */
public interface PackageManager {

    /**
     * The installed versions of the named packages, read with ONE command for all of them. A name that is not
     * installed is absent from the map; a package installed for several architectures has several versions.
     */
    Map<String, List<String>> installedVersions(List<String> names, Host host) throws HostException;

    /** Whether an installed version (as the query reports it) is the wanted upstream version. Pure. */
    boolean matches(String wanted, String installed);

    /** The upstream part of an installed version, as people read it ("1.32.2" of "1.32.2-150500.1.1"). Pure. */
    String upstream(String installed);

    /**
     * Installs the package at the spec's version, up- or downgrading what is there; newest when unpinned. Work
     * shared by the installs of one pass (refreshing package lists) happens once: see {@link Pass#firstTime}.
     */
    void install(PackageSpec spec, PackageState actual, Host host, Pass pass) throws HostException;

    /** The query command's name, for messages ("rpm", "dpkg-query"). */
    String queryTool();

    /**
     * Files every install or removal rewrites (the package database): while none of them changed, the installed
     * versions read before still hold.
     */
    List<String> databaseFiles();
}
