package dev.ampbench.fuzz;

import dev.ampbench.protocol.codec.FieldKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The mutation operators. A field-aware operator applies to one field of the kind it names and, unless it is
 * {@link #resizes() resizing}, changes bytes of that field only; a generic operator works on the whole frame.
 */
public enum Operator {
    NONCE_ZERO(FieldKind.NONCE, "nonce set to all zeros"),
    NONCE_ONES(FieldKind.NONCE, "nonce set to all ones"),
    NONCE_OLD(FieldKind.NONCE, "nonce replaced by an earlier value of the same field (an old or another session's nonce)"),
    NONCE_REPEAT(FieldKind.NONCE, "nonce replaced by another nonce of the same frame (repeat), else an earlier one"),
    MIC_RANDOM(FieldKind.MIC, "MIC replaced by random octets"),
    MIC_ZERO(FieldKind.MIC, "MIC set to all zeros"),
    MIC_KEEP_FIRST(FieldKind.MIC, "MIC randomised except its first octet"),
    MIC_OTHER_FRAME(FieldKind.MIC, "MIC of an earlier frame of the same type (a valid MIC over a different frame)"),
    MIC_TRUNCATED(FieldKind.MIC, "MIC cut short (the frame ends early)"),
    ADDRESS_FOREIGN(FieldKind.ADDRESS, "address replaced by a random foreign one"),
    ADDRESS_BROADCAST(FieldKind.ADDRESS, "address set to broadcast (all ones)"),
    ADDRESS_NEIGHBOUR(FieldKind.ADDRESS, "address moved to a neighbour (last octet +-1)"),
    ADDRESS_OTHER_FIELD(FieldKind.ADDRESS, "address replaced by another address field of the frame (own/peer swap)"),
    COUNTER_ROLLBACK(FieldKind.COUNTER, "counter moved back"),
    COUNTER_WRAP(FieldKind.COUNTER, "counter set to its maximum (about to wrap)"),
    COUNTER_JUMP(FieldKind.COUNTER, "counter moved far ahead"),
    COUNTER_ZERO(FieldKind.COUNTER, "counter set to zero"),
    LENGTH_OFF_BY_ONE(FieldKind.LENGTH, "length field off by one"),
    LENGTH_MAX(FieldKind.LENGTH, "length field at its maximum"),
    LENGTH_ZERO(FieldKind.LENGTH, "length field zero"),
    TYPE_OFF_BY_ONE(FieldKind.TYPE, "type/version off by one"),
    TYPE_MAX(FieldKind.TYPE, "type/version at its maximum"),
    TYPE_ZERO(FieldKind.TYPE, "type/version zero"),
    PARAMETER_RANDOM(FieldKind.PARAMETER, "settings/flags randomised"),
    PARAMETER_ZERO(FieldKind.PARAMETER, "settings/flags zero"),
    KEY_ID_RANDOM(FieldKind.KEY_ID, "key selector / policy randomised"),
    KEY_ID_ZERO(FieldKind.KEY_ID, "key selector / policy zero (weakest)"),
    PAYLOAD_FLIP(FieldKind.PAYLOAD, "payload bits flipped"),
    BIT_FLIP(null, "1 to 8 random bits flipped anywhere"),
    BYTE_RANDOM(null, "1 to 4 random octets replaced"),
    TRUNCATE(null, "frame cut short"),
    EXTEND(null, "1 to 16 random octets appended"),
    OVERSIZE(null, "frame padded beyond any radio's maximum"),
    SPLICE(null, "head of this frame joined to the tail of an earlier frame");

    private static final Map<FieldKind, List<Operator>> BY_KIND = new EnumMap<>(FieldKind.class);
    private static final List<Operator> GENERIC = new ArrayList<>();

    static {
        for (Operator o : values()) {
            if (o.kind == null) {
                GENERIC.add(o);
            } else {
                BY_KIND.computeIfAbsent(o.kind, k -> new ArrayList<>()).add(o);
            }
        }
    }

    private final FieldKind kind;
    private final String description;

    Operator(FieldKind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    /** The field kind it applies to; null for a generic (whole-frame) operator. */
    public FieldKind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** True when the frame's length may change. */
    public boolean resizes() {
        return this == MIC_TRUNCATED || kind == null && this != BIT_FLIP && this != BYTE_RANDOM;
    }

    public static List<Operator> forKind(FieldKind k) {
        return BY_KIND.getOrDefault(k, List.of());
    }

    public static List<Operator> generic() {
        return List.copyOf(GENERIC);
    }
}
