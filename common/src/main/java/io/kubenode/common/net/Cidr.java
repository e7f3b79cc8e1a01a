package io.kubenode.common.net;

import java.util.Optional;

/** A network in CIDR notation ({@code 10.244.0.0/16}); host bits must be zero. */
public record Cidr(IpAddress network, int prefixLength) {

    /** Parse result: the network, or why the text is not one. */
    public record Parsed(Optional<Cidr> cidr, String problem) {
    }

    public static Parsed parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return new Parsed(Optional.empty(), "expected a CIDR like 10.244.0.0/16, got '" + text + "'");
        }
        Optional<IpAddress> address = IpAddress.parse(text.substring(0, slash));
        String prefixText = text.substring(slash + 1);
        if (address.isEmpty() || !prefixText.matches("\\d{1,3}")) {
            return new Parsed(Optional.empty(), "expected a CIDR like 10.244.0.0/16, got '" + text + "'");
        }
        int prefix = Integer.parseInt(prefixText);
        int maxPrefix = address.get().bytes().length * 8;
        if (prefix > maxPrefix) {
            return new Parsed(Optional.empty(), "prefix length " + prefix + " is over " + maxPrefix);
        }
        Cidr cidr = new Cidr(mask(address.get(), prefix), prefix);
        if (!cidr.network().equals(address.get())) {
            return new Parsed(Optional.empty(), "host bits are set; did you mean " + cidr + "?");
        }
        return new Parsed(Optional.of(cidr), null);
    }

    public boolean contains(IpAddress address) {
        return address.bytes().length == network.bytes().length && mask(address, prefixLength).equals(network);
    }

    public boolean overlaps(Cidr other) {
        if (other.network.bytes().length != network.bytes().length) {
            return false;
        }
        return prefixLength <= other.prefixLength ? contains(other.network) : other.contains(network);
    }

    private static IpAddress mask(IpAddress address, int prefix) {
        byte[] bytes = address.bytes();
        for (int i = 0; i < bytes.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xFF << (8 - bitsInByte)));
        }
        return new IpAddress(bytes);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
