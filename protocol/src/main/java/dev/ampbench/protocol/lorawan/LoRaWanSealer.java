package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reseals LoRaWAN frames of one device (1.0.4 and 1.1) as its network and Join Server would: a JoinAccept is
 * decrypted, its MIC recomputed over the (mutated) plaintext under NwkKey, or JSIntKey with OptNeg, for the DevNonce of
 * the last JoinRequest, and encrypted again; a data frame's MIC is recomputed under the session keys of the last join
 * it followed, for the full counter the receiver reconstructs from its last one (FrameCounter), both directions. A
 * JoinRequest is sealed under NwkKey too. Sans-I/O; never prints a key.
 */
public final class LoRaWanSealer implements FrameSealer {
    private final LoRaWanPersonalization device;
    private final LoRaWanCodec codec = new LoRaWanCodec();
    private int devNonce = -1;
    private SessionKeys keys;
    private long lastUp = FrameCounter.NONE;
    private long lastDown = FrameCounter.NONE;
    private long lastADown = FrameCounter.NONE;

    public LoRaWanSealer(LoRaWanPersonalization device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public void observe(byte[] frame) {
        Frame f = decode(frame);
        if (f instanceof JoinRequest r && r.devEui() == device.devEui() && r.joinEui() == device.joinEui()) {
            devNonce = r.devNonce();
        } else if (f instanceof JoinAccept a && devNonce >= 0) {
            joined(a);
        } else if (f instanceof DataFrame d && keys != null) {
            boolean a = !d.uplink() && keys.scheme() == LoRaWanVersion.V1_1
                    && FrameProtection.usesAFCntDown(false, d.fPort());
            long full = counter(d);
            if (d.uplink()) {
                lastUp = full;
            } else if (a) {
                lastADown = full;
            } else {
                lastDown = full;
            }
        }
    }

    private void joined(JoinAccept a) {
        if (a.encrypted().length % 16 != 0) {
            return;
        }
        byte[] plain = JoinCrypto.open(device.nwkKey(), a);
        boolean optNeg = optNeg(plain);
        byte[] signed = Arrays.copyOf(plain, plain.length - 4);
        byte[] mic = Arrays.copyOfRange(plain, plain.length - 4, plain.length);
        if (!ConstantTime.equal(joinAcceptMic(signed, optNeg), mic)) {
            return; // not this device's (or a broken) JoinAccept: the device stays in its session
        }
        JoinAcceptContent content;
        try {
            content = JoinAcceptContent.decode(plain);
        } catch (FrameDecodeException e) {
            return;
        }
        keys = optNeg
                ? KeyDerivation.v1_1(device.nwkKey(), device.appKey(), content.joinNonce(), device.joinEui(), devNonce)
                : KeyDerivation.v1_0(device.nwkKey(), content.joinNonce(), content.netId(), devNonce);
        lastUp = FrameCounter.NONE;
        lastDown = FrameCounter.NONE;
        lastADown = FrameCounter.NONE;
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        Frame f = decode(mutated);
        if (f instanceof JoinRequest r) {
            return FrameSealer.withMic(mutated, r, JoinCrypto.joinRequestMic(device.nwkKey(), r));
        }
        if (f instanceof JoinAccept a) {
            return joinAccept(a);
        }
        if (f instanceof DataFrame d && keys != null) {
            int conf = 0; // an ACK's 1.1 MIC names the peer's confirmed counter: the scenarios confirm nothing
            return FrameSealer.withMic(mutated, d, FrameProtection.mic(keys, d, counter(d), conf));
        }
        return Optional.empty();
    }

    private Optional<byte[]> joinAccept(JoinAccept a) {
        if (devNonce < 0 || a.encrypted().length % 16 != 0) {
            return Optional.empty();
        }
        byte[] plain = JoinCrypto.open(device.nwkKey(), a);
        byte[] signed = Arrays.copyOf(plain, plain.length - 4);
        byte[] mic = joinAcceptMic(signed, optNeg(plain));
        System.arraycopy(mic, 0, plain, plain.length - 4, 4);
        byte[] body = Arrays.copyOfRange(plain, 1, plain.length);
        return Optional.of(new JoinAccept(LoRaWanCrypto.ecb(false, device.nwkKey(), body)).encode());
    }

    private boolean optNeg(byte[] plain) {
        return device.version() == LoRaWanVersion.V1_1 && plain.length > JoinAcceptContent.DL_SETTINGS_OFFSET
                && (plain[JoinAcceptContent.DL_SETTINGS_OFFSET] & JoinAcceptContent.OPT_NEG) != 0;
    }

    private byte[] joinAcceptMic(byte[] signed, boolean optNeg) {
        KeyMaterial key = optNeg ? KeyDerivation.jsIntKey(device.nwkKey(), device.devEui()) : device.nwkKey();
        return JoinCrypto.joinAcceptMic(key, signed, optNeg, device.joinEui(), devNonce);
    }

    /** The full counter the receiver reconstructs for the frame: the next above its last, else the replayed one. */
    private long counter(DataFrame d) {
        boolean a = !d.uplink() && keys.scheme() == LoRaWanVersion.V1_1
                && FrameProtection.usesAFCntDown(false, d.fPort());
        long last = d.uplink() ? lastUp : a ? lastADown : lastDown;
        long full = FrameCounter.fresh(last, d.fCnt16());
        if (full == FrameCounter.NONE) {
            full = FrameCounter.stale(last, d.fCnt16());
        }
        return full == FrameCounter.NONE ? d.fCnt16() : full;
    }

    private Frame decode(byte[] bytes) {
        return FrameSealer.decodeOrNull(codec, bytes);
    }

    @Override
    public String toString() {
        return "LoRaWanSealer[" + device + "]";
    }
}
