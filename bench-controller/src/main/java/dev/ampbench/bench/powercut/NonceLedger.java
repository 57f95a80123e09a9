package dev.ampbench.bench.powercut;

import dev.ampbench.protocol.codec.Hex;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every nonce a DUT put on the air during a campaign, with the power cycle and step it came from, so that a repeat
 * names both cycles. Also keeps the nonce octets in the order seen, for the health tests.
 */
public final class NonceLedger {
    /** Where a nonce was first seen. */
    public record Origin(int cycle, String step) {
        @Override
        public String toString() {
            return "cycle " + cycle + " (" + step + ")";
        }
    }

    /** A nonce seen twice. */
    public record Repeat(String nonceHex, Origin first, Origin again) {
        @Override
        public String toString() {
            return nonceHex + " first in " + first + ", again in " + again;
        }
    }

    private final Map<String, Origin> seen = new HashMap<>();
    private final java.util.List<String> order = new java.util.ArrayList<>();
    private final ByteArrayOutputStream octets = new ByteArrayOutputStream();
    private int count;

    /** Records a nonce; returns the repeat when it was seen before. */
    public Optional<Repeat> add(byte[] nonce, int cycle, String step) {
        String hex = Hex.encode(nonce);
        octets.writeBytes(nonce);
        count++;
        order.add(hex);
        Origin here = new Origin(cycle, step);
        Origin first = seen.putIfAbsent(hex, here);
        return first == null ? Optional.empty() : Optional.of(new Repeat(hex, first, here));
    }

    /** The last {@code n} nonces added, hex, oldest first. */
    public java.util.List<String> recent(int n) {
        return java.util.List.copyOf(order.subList(order.size() - n, order.size()));
    }

    public int count() {
        return count;
    }

    public int distinct() {
        return seen.size();
    }

    /** The octets of every nonce in the order seen (repeats included). */
    public byte[] octets() {
        return octets.toByteArray();
    }
}
