package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A passive observer holding the root keys of some devices: given the frames of a capture in air order, it checks
 * every MIC it can (JoinRequest, JoinAccept, and data frames of the sessions it saw joining), as a Join Server and
 * network server would (LORAWAN-R4). It keeps no secret in any message it returns. Sans-I/O, like the machines.
 *
 * <p>Scope: a data frame of a session whose join is not in the capture cannot be checked (no session keys); a 1.1
 * uplink's MIC takes TxDr = TxCh = 0, as everywhere in ampbench (see {@code FrameProtection}).
 */
public final class LoRaWanMicObserver {

    /** What the observer concluded of one frame. */
    public enum Status {
        /** The MIC verifies under the device's keys. */
        VERIFIED,
        /** The MIC does not verify (LORAWAN-R4). */
        FAILED,
        /** No keys to check it with: an unknown device, or a session whose join is not in the capture. */
        NO_KEYS
    }

    /** The status and a sentence saying why (device EUI or DevAddr, never a key). */
    public record Verdict(Status status, String detail) {
    }

    private record PendingJoin(LoRaWanPersonalization device, int devNonce) {
    }

    private static final class Session {
        final SessionKeys keys;
        long lastUp = -1;
        long lastDown = -1;
        /** 1.1 sessions count FPort 1..255 downlinks apart (AFCntDown). */
        long lastADown = -1;
        long lastConfirmedUp;
        long lastConfirmedDown;
        /** The last confirmed frame on the air, whether its MIC verified here or not: the peer may have had it. */
        long seenConfirmedUp;
        long seenConfirmedDown;

        Session(SessionKeys keys) {
            this.keys = keys;
        }
    }

    private final List<LoRaWanPersonalization> devices;
    private final List<PendingJoin> pending = new ArrayList<>();
    private final Map<Integer, Session> sessions = new HashMap<>();

    public LoRaWanMicObserver(List<LoRaWanPersonalization> devices) {
        this.devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
    }

    /** Checks one frame (already known to decode) and follows joins. */
    public Verdict observe(byte[] frame) throws FrameDecodeException {
        var decoded = new LoRaWanCodec().decode(frame);
        if (decoded instanceof JoinRequest r) {
            return joinRequest(r);
        }
        if (decoded instanceof JoinAccept a) {
            return joinAccept(a);
        }
        if (decoded instanceof DataFrame d) {
            return data(d);
        }
        return new Verdict(Status.NO_KEYS, decoded.type() + " is not checked");
    }

    private Verdict joinRequest(JoinRequest r) {
        for (LoRaWanPersonalization p : devices) {
            if (p.devEui() == r.devEui() && p.joinEui() == r.joinEui()) {
                if (!ConstantTime.equal(JoinCrypto.joinRequestMic(p.nwkKey(), r), r.mic())) {
                    return new Verdict(Status.FAILED, "JoinRequest MIC of DevEUI " + Ids.eui(r.devEui())
                            + " does not verify");
                }
                pending.removeIf(j -> j.device() == p);
                pending.add(new PendingJoin(p, r.devNonce()));
                return new Verdict(Status.VERIFIED, "JoinRequest of DevEUI " + Ids.eui(r.devEui()));
            }
        }
        return new Verdict(Status.NO_KEYS, "no keys for DevEUI " + Ids.eui(r.devEui()));
    }

    private Verdict joinAccept(JoinAccept a) {
        if (pending.isEmpty()) {
            return new Verdict(Status.NO_KEYS, "JoinAccept with no JoinRequest of a known device before it");
        }
        for (int i = pending.size() - 1; i >= 0; i--) {
            PendingJoin j = pending.get(i);
            LoRaWanPersonalization p = j.device();
            byte[] plain = JoinCrypto.open(p.nwkKey(), a);
            boolean optNeg = p.version() == LoRaWanVersion.V1_1
                    && (plain[JoinAcceptContent.DL_SETTINGS_OFFSET] & JoinAcceptContent.OPT_NEG) != 0;
            byte[] signed = Arrays.copyOf(plain, plain.length - 4);
            byte[] received = Arrays.copyOfRange(plain, plain.length - 4, plain.length);
            byte[] expected = JoinCrypto.joinAcceptMic(optNeg ? KeyDerivation.jsIntKey(p.nwkKey(), p.devEui())
                    : p.nwkKey(), signed, optNeg, p.joinEui(), j.devNonce());
            if (!ConstantTime.equal(expected, received)) {
                continue;
            }
            JoinAcceptContent content;
            try {
                content = JoinAcceptContent.decode(plain);
            } catch (FrameDecodeException e) {
                return new Verdict(Status.FAILED, "JoinAccept for DevEUI " + Ids.eui(p.devEui())
                        + " verifies but does not decode: " + e.getMessage());
            }
            SessionKeys keys = optNeg
                    ? KeyDerivation.v1_1(p.nwkKey(), p.appKey(), content.joinNonce(), p.joinEui(), j.devNonce())
                    : KeyDerivation.v1_0(p.nwkKey(), content.joinNonce(), content.netId(), j.devNonce());
            sessions.put(content.devAddr(), new Session(keys));
            pending.remove(i);
            return new Verdict(Status.VERIFIED, "JoinAccept for DevEUI " + Ids.eui(p.devEui()) + ", DevAddr "
                    + Ids.devAddr(content.devAddr()));
        }
        return new Verdict(Status.FAILED, "JoinAccept MIC verifies under the keys of no outstanding JoinRequest");
    }

    private Verdict data(DataFrame d) {
        Session s = sessions.get(d.devAddr());
        if (s == null) {
            return new Verdict(Status.NO_KEYS, "no session for DevAddr " + Ids.devAddr(d.devAddr())
                    + " (its join is not in the capture)");
        }
        boolean up = d.uplink();
        boolean aCounter = !up && s.keys.scheme() == LoRaWanVersion.V1_1 && FrameProtection.usesAFCntDown(false,
                d.fPort());
        long last = up ? s.lastUp : aCounter ? s.lastADown : s.lastDown;
        long full = last < 0 ? d.fCnt16() : (last & ~0xFFFFL) | d.fCnt16();
        if (last >= 0 && full < last) {
            full += 0x10000;
        }
        // 1.1: an ACK's MIC covers the counter of the confirmed frame it acknowledges; that frame may be one whose
        // MIC failed here (corrupted between the air and the capture), so both candidates are tried
        long[] confs = d.ack() ? (up ? new long[] {s.lastConfirmedDown, s.seenConfirmedDown}
                : new long[] {s.lastConfirmedUp, s.seenConfirmedUp}) : new long[] {0};
        boolean ok = false;
        for (long conf : confs) {
            ok |= ConstantTime.equal(FrameProtection.mic(s.keys, d, full, (int) (conf & 0xFFFF)), d.mic());
        }
        if (d.mType() == MType.CONFIRMED_DATA_UP) {
            s.seenConfirmedUp = full;
        } else if (d.mType() == MType.CONFIRMED_DATA_DOWN) {
            s.seenConfirmedDown = full;
        }
        if (!ok) {
            return new Verdict(Status.FAILED, d.type() + " MIC of DevAddr " + Ids.devAddr(d.devAddr())
                    + " does not verify (FCnt " + full + ")");
        }
        if (up) {
            s.lastUp = full;
            if (d.mType() == MType.CONFIRMED_DATA_UP) {
                s.lastConfirmedUp = full;
            }
        } else {
            if (aCounter) {
                s.lastADown = full;
            } else {
                s.lastDown = full;
            }
            if (d.mType() == MType.CONFIRMED_DATA_DOWN) {
                s.lastConfirmedDown = full;
            }
        }
        return new Verdict(Status.VERIFIED, d.type() + " of DevAddr " + Ids.devAddr(d.devAddr()));
    }
}
