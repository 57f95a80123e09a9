package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Check;
import dev.ampbench.protocol.inspect.Inspection.Plaintext;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * aiot-s9 frames opened with the device's K_auth (docs/protocols/aiot-s9.md sections 6 and 7), or with one message's
 * K_enc and K_int. A network frame (Paging, Command) carries its NetworkNonce, so K_auth alone derives its keys; a
 * device frame (PagingResponse, CommandResponse) carries only its DeviceNonce, so K_auth also needs the
 * {@code NetworkNonce} of the frame it answers (given like a key: it is what the derivation needs, not a secret).
 * Checks the Mac (CMAC-64 under K_int), decrypts an ENCRYPTED_ID ProtectedDeviceId and a SecuredPayload under
 * CONFIDENTIALITY_AND_INTEGRITY. A TEMPORARY_ID is a one-way function of the device ID: shown, never "decrypted".
 */
public final class AiotS9Inspector implements FrameInspector {
    public static final String K_AUTH = "K_auth";
    public static final String NETWORK_NONCE = "NetworkNonce";
    public static final String K_ENC = "K_enc";
    public static final String K_INT = "K_int";
    private static final String MAC = "Mac";

    @Override
    public Profile profile() {
        return Profile.AIOT_S9;
    }

    @Override
    public Map<String, String> keyNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(K_AUTH, "16 octets, the device's authentication key: derives every message's keys");
        m.put(NETWORK_NONCE, "8 octets, not a key: the NN of the Paging/Command a device frame answers (with K_auth)");
        m.put(K_ENC, "16 octets, this message's encryption key (K_enc_N or K_enc_D)");
        m.put(K_INT, "16 octets, this message's integrity key (K_int_N or K_int_D)");
        return m;
    }

    @Override
    public Inspection inspect(byte[] bytes, Map<String, KeyMaterial> keys) throws FrameDecodeException {
        for (String name : List.of(K_AUTH, K_ENC, K_INT)) {
            if (keys.containsKey(name) && keys.get(name).length() != AiotS9Crypto.AUTH_KEY_LEN) {
                throw new IllegalArgumentException(name + " must be 16 octets, not " + keys.get(name).length());
            }
        }
        if (keys.containsKey(NETWORK_NONCE) && keys.get(NETWORK_NONCE).length() != AiotS9Codec.NONCE_LEN) {
            throw new IllegalArgumentException(NETWORK_NONCE + " must be " + AiotS9Codec.NONCE_LEN + " octets, not "
                    + keys.get(NETWORK_NONCE).length());
        }
        Frame frame = new AiotS9Codec().decode(bytes);
        byte[] nn;
        byte[] dn = null;
        IdMode idMode;
        SecurityPolicy policy;
        byte[] pid;
        byte[] payload = new byte[0];
        byte[] mac;
        if (frame instanceof Paging p) {
            nn = p.networkNonce();
            idMode = p.idMode();
            policy = SecurityPolicy.INTEGRITY;
            pid = p.protectedDeviceId();
            mac = p.mac();
        } else if (frame instanceof Command c) {
            nn = c.networkNonce();
            idMode = c.idMode();
            policy = c.policy();
            pid = c.protectedDeviceId();
            payload = c.securedPayload();
            mac = c.mac();
        } else if (frame instanceof PagingResponse r) {
            nn = given(keys, NETWORK_NONCE);
            dn = r.deviceNonce();
            idMode = r.idMode();
            policy = SecurityPolicy.INTEGRITY;
            pid = r.protectedDeviceId();
            mac = r.mac();
        } else if (frame instanceof CommandResponse r) {
            nn = given(keys, NETWORK_NONCE);
            dn = r.deviceNonce();
            idMode = r.idMode();
            policy = r.policy();
            pid = r.protectedDeviceId();
            payload = r.securedPayload();
            mac = r.mac();
        } else {
            return new Inspection(frame.type(), List.of(new Check(MAC, Verdict.NOT_CHECKED, "no key-based check for "
                    + frame.type())), List.of());
        }
        boolean deviceFrame = dn != null;
        AiotS9Crypto.MessageKeys mk;
        String source;
        if (keys.containsKey(K_ENC) || keys.containsKey(K_INT)) {
            KeyMaterial none = KeyMaterial.of(new byte[16]);
            mk = new AiotS9Crypto.MessageKeys(keys.getOrDefault(K_ENC, none), keys.getOrDefault(K_INT, none),
                    deviceFrame ? AiotS9Crypto.Direction.UPLINK : AiotS9Crypto.Direction.DOWNLINK);
            source = "given";
        } else if (keys.containsKey(K_AUTH) && nn != null) {
            mk = deviceFrame ? AiotS9Crypto.MessageKeys.device(keys.get(K_AUTH), nn, dn)
                    : AiotS9Crypto.MessageKeys.network(keys.get(K_AUTH), nn);
            source = "derived from K_auth";
        } else {
            String need = keys.containsKey(K_AUTH) ? "the " + NETWORK_NONCE + " of the frame it answers (a device "
                    + "frame carries only its DeviceNonce)" : K_AUTH + ", or " + K_ENC + " and " + K_INT;
            return new Inspection(frame.type(), List.of(new Check(MAC, Verdict.NOT_CHECKED, "needs " + need)),
                    List.of());
        }
        boolean hasInt = keys.containsKey(K_INT) || !"given".equals(source);
        boolean hasEnc = keys.containsKey(K_ENC) || !"given".equals(source);
        String which = deviceFrame ? "_D" : "_N";
        List<Check> checks = new ArrayList<>();
        if (!policy.hasMac()) {
            checks.add(new Check(MAC, Verdict.NOT_CHECKED, "policy NONE: the frame carries no Mac"));
        } else if (!hasInt) {
            checks.add(new Check(MAC, Verdict.NOT_CHECKED, "needs " + K_INT + " or " + K_AUTH));
        } else {
            byte[] signed = Arrays.copyOf(bytes, bytes.length - mac.length);
            checks.add(new Check(MAC, ConstantTime.equal(mac, mk.mac(signed)) ? Verdict.VERIFIED : Verdict.FAILED,
                    "CMAC-64 under K_int" + which + " (" + source + ")"));
        }
        List<Plaintext> plain = new ArrayList<>();
        if (hasEnc && idMode == IdMode.ENCRYPTED_ID) {
            plain.add(new Plaintext("ProtectedDeviceId", "K_enc" + which, mk.cipherDeviceId(pid), List.of()));
        }
        if (hasEnc && policy == SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY && payload.length > 0) {
            plain.add(new Plaintext("SecuredPayload", "K_enc" + which, mk.cipherPayload(payload), List.of()));
        }
        return new Inspection(frame.type(), checks, plain);
    }

    private static byte[] given(Map<String, KeyMaterial> keys, String name) {
        KeyMaterial k = keys.get(name);
        return k == null ? null : k.bytes();
    }
}
