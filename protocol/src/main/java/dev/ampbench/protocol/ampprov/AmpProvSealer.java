package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reseals the gateway's PROV_RESPONSE to one tag: the temporal keys derived as the tag derives them from its last
 * PROV_REQUEST (GWID, TagNonce) and the mutated response's own KDF mode, TkNonce and LocalAddr, then the Mic under
 * that KCK over the response, TagNonce and Hash(A_pubk) (AMP-PROV-R3). Frames the gateway protects after provisioning
 * are not resealed (the scenario sends none). Sans-I/O; never prints a secret.
 */
public final class AmpProvSealer implements FrameSealer {
    private final AmpProvPersonalization tag;
    private final byte[] pubKeyHash;
    private final byte[] idHash;
    private final byte[] asPublicKey;
    private final AmpProvCodec codec = new AmpProvCodec();
    private long gatewayId;
    private byte[] tagNonce;

    public AmpProvSealer(AmpProvPersonalization tag) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.pubKeyHash = AmpProvKdf.pubKeyHash(X25519.publicKey(tag.tagPrivateKey()));
        this.idHash = AmpProvKdf.idHash(pubKeyHash);
        this.asPublicKey = X25519.publicKey(tag.asPrivateKey());
    }

    @Override
    public void observe(byte[] frame) {
        if (decode(frame) instanceof ProvRequest r && Arrays.equals(r.idHash(), idHash)) {
            gatewayId = r.gatewayId();
            tagNonce = r.tagNonce();
        }
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        if (tagNonce == null || !(decode(mutated) instanceof ProvResponse r)) {
            return Optional.empty();
        }
        KeyMaterial shared = null;
        if (r.mode() == KdfMode.STRONG) {
            shared = X25519.agree(tag.tagPrivateKey(), asPublicKey).orElse(null);
            if (shared == null) {
                return Optional.empty();
            }
        }
        KeyMaterial prk = AmpProvKdf.prk(r.mode(), tag.serialNumber(), asPublicKey, shared, tagNonce, r.tkNonce());
        TemporalKeys keys = AmpProvKdf.temporalKeys(prk, gatewayId, r.tkNonce(), r.localAddr());
        return FrameSealer.withMic(mutated, r, AmpProvKdf.responseMic(keys.kck(), r.micInputHeader(), tagNonce,
                pubKeyHash));
    }

    private Frame decode(byte[] bytes) {
        return FrameSealer.decodeOrNull(codec, bytes);
    }

    @Override
    public String toString() {
        return "AmpProvSealer[secrets redacted]";
    }
}
