package io.kubenode.agent.resource.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A small tar reader: POSIX ustar (with its name prefix), GNU long names and link names ({@code L}/{@code K}) and
 * pax extended headers for path, linkpath and size. Sizes may be octal or GNU base-256. Header checksums are
 * verified, so a file that is not a tar archive fails instead of producing garbage.
 */
final class TarReader {
    private static final int BLOCK = 512;
    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, skipping the rest of the current one; empty at the end of the archive. */
    Optional<TarEntry> next() throws IOException {
        skip(remaining + padding);
        String longName = null;
        String longLink = null;
        Long paxSize = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK || allZero(header)) {
                if (header.length > 0 && header.length < BLOCK) {
                    throw new IOException("truncated tar header");
                }
                return Optional.empty();
            }
            verifyChecksum(header);
            char type = header[156] == 0 ? TarEntry.FILE : (char) header[156];
            long size = number(header, 124, 12);
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                String text = readText(size);
                if (type == 'L') {
                    longName = cString(text);
                } else if (type == 'K') {
                    longLink = cString(text);
                } else if (type == 'x') {
                    PaxHeader pax = PaxHeader.parse(text);
                    longName = pax.path() != null ? pax.path() : longName;
                    longLink = pax.linkPath() != null ? pax.linkPath() : longLink;
                    paxSize = pax.size() != null ? pax.size() : paxSize;
                }
                continue;
            }
            if (paxSize != null) {
                size = paxSize;
            }
            String name = longName != null ? longName : fullName(header);
            String link = longLink != null ? longLink : string(header, 157, 100);
            int mode = (int) number(header, 100, 8);
            boolean hasData = type != TarEntry.DIRECTORY && type != TarEntry.SYMLINK && type != TarEntry.HARD_LINK;
            remaining = hasData ? size : 0;
            padding = hasData ? (BLOCK - size % BLOCK) % BLOCK : 0;
            return Optional.of(new TarEntry(name, type, mode, hasData ? size : 0, link));
        }
    }

    /** The current member's bytes; reading stops at its end. Closing it does not close the archive. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int read = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (read == -1) {
                    throw new IOException("tar archive ends inside a member");
                }
                remaining -= read;
                return read;
            }
        };
    }

    private String readText(long size) throws IOException {
        if (size > 1024 * 1024) {
            throw new IOException("tar extension header of " + size + " bytes is implausibly large");
        }
        byte[] bytes = in.readNBytes((int) size);
        skip((BLOCK - size % BLOCK) % BLOCK);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() == -1) {
                    throw new IOException("tar archive ends inside a member");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        remaining = 0;
        padding = 0;
    }

    /** ustar splits long names into prefix and name; GNU headers use that area for other fields. */
    private static String fullName(byte[] header) {
        String name = string(header, 0, 100);
        boolean ustar = header[257] == 'u' && header[262] == 0;
        String prefix = ustar ? string(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static void verifyChecksum(byte[] header) throws IOException {
        long expected = number(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != expected) {
            throw new IOException("not a tar archive (header checksum " + expected + ", computed " + sum + ")");
        }
    }

    /** Octal digits (space or NUL terminated), or GNU base-256 when the first byte's high bit is set. */
    static long number(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xFF);
            }
            return value;
        }
        String text = string(header, offset, length).strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad number in a header field: '" + text + "')");
        }
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul >= 0 ? text.substring(0, nul) : text;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
