package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Authentication Server (slide 5, assumptions 4 to 7): holds each tag's record (A_SN, A_pubk, KDF mode) and its
 * own X25519 key, enrols tags whose QR code was scanned, and derives the temporal keys that it hands to the gateway
 * over their trusted channel. The gateway never sees A_SN or A_privk-derived secrets, only TK1, TK2 and KCK.
 * Collocated with the gateway or not, the protocol on the air is the same.
 */
public final class AmpProvAuthServer {
    private final KeyMaterial privateKey;
    private final byte[] publicKey;
    private final Map<String, Tag> tags = new HashMap<>();

    /** What the AS tells the gateway about an enrolled tag: nothing secret. */
    record EnrolledTag(String idHashHex, byte[] pubKeyHash, KdfMode mode) {
    }

    private static final class Tag {
        final AmpProvDeviceRecord record;
        final byte[] pubKeyHash;
        KeyMaterial shared;
        boolean enrolled;

        Tag(AmpProvDeviceRecord record, byte[] pubKeyHash) {
            this.record = record;
            this.pubKeyHash = pubKeyHash;
        }
    }

    public AmpProvAuthServer(KeyMaterial privateKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        Decoding.require(privateKey.length() == X25519.KEY_LEN, "AS private key must be 32 bytes");
        this.publicKey = X25519.publicKey(privateKey);
    }

    /** AS_pubk, written into every tag at manufacturing. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Adds a tag's record (the update mechanism is out of the slides' scope, assumption 8).
     *
     * @throws IllegalArgumentException when another tag has the same IdHash, or a STRONG tag's key is of low order
     */
    public void register(AmpProvDeviceRecord record) {
        byte[] hash = AmpProvKdf.pubKeyHash(record.tagPublicKey());
        String id = Hex.encode(AmpProvKdf.idHash(hash));
        Tag existing = tags.get(id);
        if (existing != null && !Arrays.equals(existing.pubKeyHash, hash)) {
            throw new IllegalArgumentException("IdHash " + id + " already belongs to another tag");
        }
        Tag tag = new Tag(record, hash);
        if (record.mode() == KdfMode.STRONG) {
            tag.shared = sharedSecret(record.tagPublicKey());
        }
        tags.put(id, tag);
    }

    /**
     * The onboarding app's QR scan (slide 6): authorises the tag with this Hash(A_pubk) to be provisioned.
     *
     * @return false when no registered tag has this hash, or the QR's modes do not include the recorded mode
     */
    public boolean enrol(QrPayload qr) {
        byte[] hash = qr.pubKeyHash();
        Tag tag = tags.get(Hex.encode(AmpProvKdf.idHash(hash)));
        if (tag == null || !Arrays.equals(tag.pubKeyHash, hash) || (qr.modes() & tag.record.mode().bit()) == 0) {
            return false;
        }
        tag.enrolled = true;
        return true;
    }

    /** True when the tag with this IdHash is registered but its QR code has not been scanned. */
    boolean registeredOnly(byte[] idHash) {
        Tag tag = tags.get(Hex.encode(idHash));
        return tag != null && !tag.enrolled;
    }

    Optional<EnrolledTag> enrolled(byte[] idHash) {
        String id = Hex.encode(idHash);
        Tag tag = tags.get(id);
        return tag == null || !tag.enrolled ? Optional.empty()
                : Optional.of(new EnrolledTag(id, tag.pubKeyHash.clone(), tag.record.mode()));
    }

    /** TK1, TK2 and KCK of one provisioning, for the gateway. */
    TemporalKeys temporalKeys(EnrolledTag enrolled, KdfMode mode, long gatewayId, byte[] tagNonce, byte[] tkNonce,
                              int localAddr) {
        Tag tag = tags.get(enrolled.idHashHex());
        if (mode == KdfMode.STRONG && tag.shared == null) {
            tag.shared = sharedSecret(tag.record.tagPublicKey());
        }
        KeyMaterial prk = AmpProvKdf.prk(mode, tag.record.serialNumber(), publicKey, tag.shared, tagNonce, tkNonce);
        return AmpProvKdf.temporalKeys(prk, gatewayId, tkNonce, localAddr);
    }

    private KeyMaterial sharedSecret(byte[] tagPublicKey) {
        return X25519.agree(privateKey, tagPublicKey).orElseThrow(
                () -> new IllegalArgumentException("tag public key is of low order: X25519 result is zero"));
    }

    @Override
    public String toString() {
        return "AmpProvAuthServer[" + tags.size() + " tags, keys redacted]";
    }
}
