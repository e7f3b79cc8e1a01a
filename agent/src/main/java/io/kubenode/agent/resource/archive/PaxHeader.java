package io.kubenode.agent.resource.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The fields of a pax extended header ({@code "<length> <key>=<value>\n"} records) that matter for extraction. */
record PaxHeader(String path, String linkPath, Long size) {

    static PaxHeader parse(String text) throws IOException {
        String path = null;
        String linkPath = null;
        Long size = null;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int position = 0;
        while (position < bytes.length) {
            int space = indexOf(bytes, (byte) ' ', position);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(bytes, position, space - position, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("bad pax header record length");
            }
            if (length <= 0 || position + length > bytes.length) {
                throw new IOException("bad pax header record length " + length);
            }
            String record = new String(bytes, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals > 0) {
                String key = record.substring(0, equals);
                String value = record.substring(equals + 1);
                if (key.equals("path")) {
                    path = value;
                } else if (key.equals("linkpath")) {
                    linkPath = value;
                } else if (key.equals("size")) {
                    size = Long.parseLong(value);
                }
            }
            position += length;
        }
        return new PaxHeader(path, linkPath, size);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
