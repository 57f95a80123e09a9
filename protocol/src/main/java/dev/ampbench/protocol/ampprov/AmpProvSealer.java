package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reseals the frames of one tag's exchange as the side that sends them would, so one sealer serves both campaigns (a
 * tag campaign: the bench is the gateway; a gateway campaign: the bench is the tag):
 * <ul>
 *   <li>PROV_RESPONSE (gateway): the temporal keys derived as the tag derives them from its last PROV_REQUEST (GWID,
 *       TagNonce) and the mutated response's own KDF mode, TkNonce and LocalAddr, then the Mic under that KCK over
 *       the response, TagNonce and Hash(A_pubk) (AMP-PROV-R3).</li>
 *   <li>PROV_CONFIRM (tag): the Mic under the KCK of the provisioning the sealer followed (the last PROV_REQUEST and
 *       the PROV_RESPONSE to it) over the mutated confirm, TagNonce, TkNonce and Hash(A_pubk).</li>
 *   <li>Protected frames, both directions (REKEY, REQ_SENSOR_DATA, REPROVISION; REKEY_ACK, RES_SENSOR_DATA): the
 *       AES-CCM tag under Ek_x_i of the frame's own (mutated or not) KeySel and Cntr from those temporal keys, as a
 *       receiver picks the key (a REKEY's new key; any other frame is refused by R10 unless it names the current
 *       one), over the mutated header, the ciphertext kept as it is.</li>
 * </ul>
 * Sans-I/O; never prints a secret.
 */
public final class AmpProvSealer implements FrameSealer {
    private final AmpProvPersonalization tag;
    private final byte[] pubKeyHash;
    private final byte[] idHash;
    private final byte[] asPublicKey;
    private final AmpProvCodec codec = new AmpProvCodec();
    private long gatewayId;
    private byte[] tagNonce;
    /** The PROV_RESPONSE that answered the last PROV_REQUEST, and the temporal keys it yields (derived when needed). */
    private ProvResponse response;
    private TemporalKeys keys;

    public AmpProvSealer(AmpProvPersonalization tag) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.pubKeyHash = AmpProvKdf.pubKeyHash(X25519.publicKey(tag.tagPrivateKey()));
        this.idHash = AmpProvKdf.idHash(pubKeyHash);
        this.asPublicKey = X25519.publicKey(tag.asPrivateKey());
    }

    @Override
    public void observe(byte[] frame) {
        Frame f = decode(frame);
        if (f instanceof ProvRequest r && Arrays.equals(r.idHash(), idHash)) {
            gatewayId = r.gatewayId();
            tagNonce = r.tagNonce();
            response = null;
            keys = null;
        } else if (f instanceof ProvResponse r && tagNonce != null && Arrays.equals(r.idHash(), idHash)) {
            response = r;
            keys = null;
        }
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        Frame f = decode(mutated);
        if (f instanceof ProvResponse r && tagNonce != null) {
            TemporalKeys k = temporalKeys(r);
            return k == null ? Optional.empty() : FrameSealer.withMic(mutated, r,
                    AmpProvKdf.responseMic(k.kck(), r.micInputHeader(), tagNonce, pubKeyHash));
        }
        TemporalKeys k = provisioned();
        if (k == null) {
            return Optional.empty();
        }
        if (f instanceof ProvConfirm c) {
            return FrameSealer.withMic(mutated, c, AmpProvKdf.confirmMic(k.kck(), c.micInputHeader(), tagNonce,
                    response.tkNonce(), pubKeyHash));
        }
        if (f instanceof ProtectedFrame p) {
            return FrameSealer.withMic(mutated, p, SessionProtection.expectedMic(p,
                    AmpProvKdf.sessionKey(k, p.keySel(), p.cntr())));
        }
        return Optional.empty();
    }

    /** The temporal keys of the provisioning the sealer followed, or null before a PROV_RESPONSE. */
    private TemporalKeys provisioned() {
        if (keys == null && response != null) {
            keys = temporalKeys(response);
        }
        return keys;
    }

    /** The temporal keys the tag derives from its last PROV_REQUEST and this response; null without a shared key. */
    private TemporalKeys temporalKeys(ProvResponse r) {
        KeyMaterial shared = null;
        if (r.mode() == KdfMode.STRONG) {
            shared = X25519.agree(tag.tagPrivateKey(), asPublicKey).orElse(null);
            if (shared == null) {
                return null;
            }
        }
        KeyMaterial prk = AmpProvKdf.prk(r.mode(), tag.serialNumber(), asPublicKey, shared, tagNonce, r.tkNonce());
        return AmpProvKdf.temporalKeys(prk, gatewayId, r.tkNonce(), r.localAddr());
    }

    private Frame decode(byte[] bytes) {
        return FrameSealer.decodeOrNull(codec, bytes);
    }

    @Override
    public String toString() {
        return "AmpProvSealer[secrets redacted]";
    }
}
