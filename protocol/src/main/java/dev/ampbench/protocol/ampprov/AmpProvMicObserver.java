package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.inspect.Inspection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A passive observer holding the secret identities of some tags (A_SN, A_privk) and their AS's private key: given
 * the frames of one air in order, it follows each provisioning and checks every MIC the keys open.
 *
 * <ul>
 *   <li>PROV_REQUEST of a known tag (by IdHash): its GWID and TagNonce are remembered.</li>
 *   <li>PROV_RESPONSE to it: a mode other than the request's fails by AMP-PROV-R4; else TK1, TK2 and KCK derived
 *   in the KDF mode the response names
 *   ({@link AmpProvKdf#prk}, {@link AmpProvKdf#temporalKeys}) from the request's GWID and TagNonce and the
 *   response's TkNonce and LocalAddr; its Mic under KCK over the response, TagNonce and Hash(A_pubk)
 *   (AMP-PROV-R3).</li>
 *   <li>PROV_CONFIRM from that LocalAddr: Mic under KCK over it, TagNonce, TkNonce and Hash(A_pubk)
 *   (AMP-PROV-R7).</li>
 *   <li>Protected frames to or from that LocalAddr: AES-CCM under Ek_x_i from TK1/TK2 with the frame's KeySel and
 *   Cntr, through {@link AmpProvInspector} (AMP-PROV-R11).</li>
 * </ul>
 *
 * The keys of a LocalAddr follow its last PROV_RESPONSE whether or not that verified (the air shows the tag going
 * on): with a wrong key every later MIC fails too. Sans-I/O; never prints a key or a serial number.
 */
public final class AmpProvMicObserver {

    /** What the observer concluded of one frame. */
    public enum Status {
        /** The frame's MIC verifies under the tag's keys. */
        VERIFIED,
        /** It does not ({@link Verdict#rule()} names the rule). */
        FAILED,
        /** Not checked: no MIC, a tag whose keys are not given, or a provisioning this capture does not hold. */
        NO_KEYS
    }

    /** {@code rule} is the rule a FAILED frame breaks, else null. */
    public record Verdict(Status status, Rule rule, String detail) {
        static Verdict noKeys(String detail) {
            return new Verdict(Status.NO_KEYS, null, detail);
        }

        static Verdict of(boolean ok, Rule rule, String what) {
            return ok ? new Verdict(Status.VERIFIED, null, what + " verifies")
                    : new Verdict(Status.FAILED, rule, what + " does not verify");
        }
    }

    /** One tag's secrets as the observer needs them. */
    private static final class Tag {
        final AmpProvPersonalization p;
        final byte[] pubKeyHash;
        final byte[] asPublicKey;
        KeyMaterial shared;

        Tag(AmpProvPersonalization p) {
            this.p = p;
            this.pubKeyHash = AmpProvKdf.pubKeyHash(X25519.publicKey(p.tagPrivateKey()));
            this.asPublicKey = X25519.publicKey(p.asPrivateKey());
        }

        /** S = X25519(A_privk, AS_pubk) for STRONG mode; null if of low order. */
        KeyMaterial shared() {
            if (shared == null) {
                shared = X25519.agree(p.tagPrivateKey(), asPublicKey).orElse(null);
            }
            return shared;
        }
    }

    private record Request(Tag tag, long gatewayId, KdfMode mode, byte[] tagNonce) {
    }

    private record Provisioned(Tag tag, TemporalKeys keys, byte[] tagNonce, byte[] tkNonce) {
    }

    /** IdHash hex -> tag. */
    private final Map<String, Tag> tags = new HashMap<>();
    /** IdHash hex -> the tag's last PROV_REQUEST. */
    private final Map<String, Request> requests = new HashMap<>();
    /** LocalAddr -> the keys of its last provisioning. */
    private final Map<Integer, Provisioned> provisioned = new HashMap<>();
    private final AmpProvCodec codec = new AmpProvCodec();

    public AmpProvMicObserver(List<AmpProvPersonalization> tags) {
        for (AmpProvPersonalization p : Objects.requireNonNull(tags, "tags")) {
            Tag t = new Tag(p);
            this.tags.put(Hex.encode(AmpProvKdf.idHash(t.pubKeyHash)), t);
        }
    }

    /** Checks one frame (already known to decode). */
    public Verdict observe(byte[] bytes) throws FrameDecodeException {
        Frame f = codec.decode(bytes);
        if (f instanceof ProvRequest r) {
            String id = Hex.encode(r.idHash());
            Tag t = tags.get(id);
            if (t != null) {
                requests.put(id, new Request(t, r.gatewayId(), r.mode(), r.tagNonce()));
            }
            return Verdict.noKeys("PROV_REQUEST carries no MIC");
        }
        if (f instanceof ProvResponse r) {
            return response(r);
        }
        if (f instanceof ProvConfirm c) {
            Provisioned p = provisioned.get(c.localAddr());
            if (p == null) {
                return Verdict.noKeys("PROV_CONFIRM from a local address no checked PROV_RESPONSE gave");
            }
            byte[] expected = AmpProvKdf.confirmMic(p.keys().kck(), c.micInputHeader(), p.tagNonce(), p.tkNonce(),
                    p.tag().pubKeyHash);
            return Verdict.of(ConstantTime.equal(expected, c.mic()), AmpProvRule.R7,
                    "PROV_CONFIRM Mic (AES-CMAC under KCK)");
        }
        if (f instanceof ProtectedFrame pf) {
            Provisioned p = provisioned.get(pf.localAddr());
            if (p == null) {
                return Verdict.noKeys(pf.type() + String.format(" for local address 0x%04x, whose provisioning "
                        + "this capture does not hold", pf.localAddr()));
            }
            Inspection.Check check = new AmpProvInspector().inspect(bytes, Map.of(AmpProvInspector.TK1,
                    p.keys().tk1(), AmpProvInspector.TK2, p.keys().tk2())).checks().get(0);
            return Verdict.of(check.verdict() == Inspection.Verdict.VERIFIED, AmpProvRule.R11,
                    pf.type() + " MIC (" + check.detail() + ")");
        }
        return Verdict.noKeys(f.type() + " carries no MIC");
    }

    private Verdict response(ProvResponse r) {
        Request q = requests.get(Hex.encode(r.idHash()));
        if (q == null) {
            return Verdict.noKeys("PROV_RESPONSE for a tag whose keys are not given or whose PROV_REQUEST this "
                    + "capture does not hold");
        }
        Tag t = q.tag();
        if (r.mode() != q.mode()) {
            // R4: the tag takes only a response echoing the mode it asked for; a response in another mode is a
            // downgrade (or its request was altered on the air), whatever its MIC.
            return new Verdict(Status.FAILED, AmpProvRule.R4, "PROV_RESPONSE in " + r.mode() + " mode answers a "
                    + "PROV_REQUEST in " + q.mode() + " mode");
        }
        KeyMaterial shared = null;
        if (r.mode() == KdfMode.STRONG) {
            shared = t.shared();
            if (shared == null) {
                return new Verdict(Status.FAILED, AmpProvRule.R3, "PROV_RESPONSE in STRONG mode: the given keys "
                        + "agree on no X25519 secret (AS_pubk of low order)");
            }
        }
        KeyMaterial prk = AmpProvKdf.prk(r.mode(), t.p.serialNumber(), t.asPublicKey, shared, q.tagNonce(),
                r.tkNonce());
        TemporalKeys keys = AmpProvKdf.temporalKeys(prk, q.gatewayId(), r.tkNonce(), r.localAddr());
        provisioned.put(r.localAddr(), new Provisioned(t, keys, q.tagNonce(), r.tkNonce()));
        byte[] expected = AmpProvKdf.responseMic(keys.kck(), r.micInputHeader(), q.tagNonce(), t.pubKeyHash);
        return Verdict.of(ConstantTime.equal(expected, r.mic()), AmpProvRule.R3,
                "PROV_RESPONSE Mic (AES-CMAC under KCK, " + r.mode() + " mode)");
    }

    @Override
    public String toString() {
        return "AmpProvMicObserver[" + tags.size() + " tags, secrets redacted]";
    }
}
