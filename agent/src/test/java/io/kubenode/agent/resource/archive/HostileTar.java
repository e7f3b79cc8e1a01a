package io.kubenode.agent.resource.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes ustar archives member by member exactly as told, which GNU tar will not do: repeated names, links through
 * links, files that later become links. For tests of what the extractor refuses.
 */
final class HostileTar {
    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    HostileTar file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        header(name, TarEntry.FILE, "", bytes.length, 0644);
        tar.writeBytes(bytes);
        tar.writeBytes(new byte[(512 - bytes.length % 512) % 512]);
        return this;
    }

    HostileTar directory(String name) {
        header(name, TarEntry.DIRECTORY, "", 0, 0755);
        return this;
    }

    HostileTar symlink(String name, String target) {
        header(name, TarEntry.SYMLINK, target, 0, 0777);
        return this;
    }

    HostileTar hardLink(String name, String source) {
        header(name, TarEntry.HARD_LINK, source, 0, 0644);
        return this;
    }

    /** The archive gzip-compressed, with the two zero blocks that end a tar archive. */
    byte[] tarGz() {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(tar.toByteArray());
            out.write(new byte[1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gzipped.toByteArray();
    }

    private void header(String name, char type, String linkName, long size, int mode) {
        byte[] header = new byte[512];
        put(header, 0, 100, name);
        put(header, 100, 8, String.format("%07o", mode));
        put(header, 108, 8, "0000000");
        put(header, 116, 8, "0000000");
        put(header, 124, 12, String.format("%011o", size));
        put(header, 136, 12, "00000000000");
        header[156] = (byte) type;
        put(header, 157, 100, linkName);
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, 8, String.format("%06o", sum));
        tar.writeBytes(header);
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("too long for a ustar field: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
