package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * inotify (through {@link WatchService}) on the directories of the watched files, filtered to their names. Files
 * are replaced by rename, so watching the file itself would lose it after the first change.
 */
final class FileWatch implements HostWatch {
    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();
    /** directory -> file name -> host path */
    private final Map<Path, Map<Path, String>> watched = new HashMap<>();
    private boolean complete = true;

    FileWatch(Map<Path, String> hostPathsByFile) throws IOException {
        for (Map.Entry<Path, String> entry : hostPathsByFile.entrySet()) {
            Path directory = entry.getKey().getParent();
            if (directory != null && Files.isDirectory(directory)) {
                watched.computeIfAbsent(directory, key -> new HashMap<>())
                        .put(entry.getKey().getFileName(), entry.getValue());
            } else {
                complete = false;
            }
        }
        this.service = watched.isEmpty() ? null : watched.keySet().iterator().next().getFileSystem()
                .newWatchService();
        for (Path directory : watched.keySet()) {
            directories.put(directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), directory);
        }
    }

    @Override
    public Set<String> changes(Duration timeout) throws InterruptedException {
        Set<String> changed = new TreeSet<>();
        if (service == null) {
            Thread.sleep(timeout.toMillis());
            return changed;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            WatchKey key = service.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            while (key != null) {
                collect(key, changed);
                key = service.poll();
                if (key == null && changed.isEmpty()) {
                    key = service.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
        } catch (ClosedWatchServiceException e) {
            return changed;
        }
        return changed;
    }

    private void collect(WatchKey key, Set<String> changed) {
        Map<Path, String> names = watched.get(directories.get(key));
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.addAll(names.values());
            } else if (event.context() instanceof Path name && names.containsKey(name)) {
                changed.add(names.get(name));
            }
        }
        key.reset();
    }

    @Override
    public boolean complete() {
        return complete;
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing a watch service only releases inotify handles
            }
        }
    }
}
