package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The Join Server: the only holder of root keys besides the devices (R12). It checks JoinRequests, keeps each
 * device's last DevNonce and JoinNonce in non-volatile memory, and answers with a JoinAccept and the session keys,
 * never the root keys. In the bench the Join Server is the bench itself, collocated with the network server.
 */
final class JoinServer {
    /** What became of a JoinRequest. */
    sealed interface Outcome permits Accepted, Refused {
    }

    /** A JoinRequest the Join Server accepted: the frame to send and the new session for the network server. */
    record Accepted(JoinAccept joinAccept, long devEui, int devAddr, SessionKeys keys) implements Outcome {
    }

    /** A JoinRequest ignored or rejected, with the effect to report. */
    record Refused(Effect effect) implements Outcome {
    }

    /** A device on file, with what the Join Server derives from its identity once rather than per join. */
    private record Registration(LoRaWanPersonalization personalization, KeyMaterial jsIntKey, String devNonceRecord,
                                String joinNonceRecord) {
    }

    private final Map<Long, Registration> devices = new HashMap<>();
    private final LoRaWanNetworkConfig config;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;

    JoinServer(LoRaWanNetworkConfig config, MachineContext ctx, Set<Deviation> deviations) {
        this.config = config;
        this.ctx = ctx;
        this.deviations = deviations;
    }

    void register(LoRaWanPersonalization p) {
        KeyMaterial jsIntKey = p.version() == LoRaWanVersion.V1_1 ? KeyDerivation.jsIntKey(p.nwkKey(), p.devEui())
                : null;
        devices.put(p.devEui(), new Registration(p, jsIntKey, devNonceRecord(p.devEui()),
                joinNonceRecord(p.devEui())));
    }

    /** The Join Server's record of the last DevNonce it accepted from {@code devEui}. */
    static String devNonceRecord(long devEui) {
        return "lorawan.js." + Ids.eui(devEui) + ".devnonce";
    }

    /** The Join Server's record of the last JoinNonce it sent to {@code devEui}. */
    static String joinNonceRecord(long devEui) {
        return "lorawan.js." + Ids.eui(devEui) + ".joinnonce";
    }

    /**
     * Handles a JoinRequest.
     *
     * @param devAddrAllocator draws a free DevAddr for the new session
     */
    Outcome handle(JoinRequest r, IntSupplier devAddrAllocator) {
        Registration reg = devices.get(r.devEui());
        if (reg == null || reg.personalization().joinEui() != r.joinEui()) {
            return new Refused(new Effect.Ignored("JoinRequest for DevEUI " + Ids.eui(r.devEui()) + " / JoinEUI "
                    + Ids.eui(r.joinEui()) + ", which this Join Server does not serve (LORAWAN-R9)"));
        }
        LoRaWanPersonalization p = reg.personalization();
        if (!MicCheck.matches(JoinCrypto.joinRequestMic(p.nwkKey(), r), r.mic(), deviations)) {
            return new Refused(new Effect.Rejected(LoRaWanRule.R4, "JoinRequest MIC does not verify"));
        }
        OptionalLong lastDevNonce = CounterRecord.read(ctx.store(), reg.devNonceRecord());
        if (lastDevNonce.isPresent() && r.devNonce() <= lastDevNonce.getAsLong()
                && !deviations.contains(Deviation.REPLAY_ACCEPTED)) {
            return new Refused(new Effect.Rejected(LoRaWanRule.R3, "DevNonce " + r.devNonce()
                    + " is not above the last accepted "
                    + lastDevNonce.getAsLong()));
        }
        OptionalLong lastJoinNonce = CounterRecord.read(ctx.store(), reg.joinNonceRecord());
        long joinNonce = lastJoinNonce.isEmpty() ? 0
                : lastJoinNonce.getAsLong() + (deviations.contains(Deviation.NONCE_NOT_FRESH) ? 0 : 1);
        if (joinNonce > 0xffffff) {
            return new Refused(new Effect.Ignored("JoinNonce space of DevEUI " + Ids.eui(p.devEui())
                    + " exhausted"));
        }
        CounterRecord.write(ctx.store(), reg.devNonceRecord(), r.devNonce());
        CounterRecord.write(ctx.store(), reg.joinNonceRecord(), joinNonce);
        int devAddr = devAddrAllocator.getAsInt();
        boolean optNeg = p.version() == LoRaWanVersion.V1_1;
        JoinAcceptContent unsigned = new JoinAcceptContent((int) joinNonce, config.netId(), devAddr,
                config.dlSettings() | (optNeg ? JoinAcceptContent.OPT_NEG : 0), config.rxDelay(), config.cfList(),
                new byte[4]);
        byte[] mic = JoinCrypto.joinAcceptMic(optNeg ? reg.jsIntKey() : p.nwkKey(), unsigned.signedPart(), optNeg,
                p.joinEui(), r.devNonce());
        JoinAccept accept = JoinCrypto.seal(p.nwkKey(), unsigned.withMic(mic));
        SessionKeys keys = optNeg
                ? KeyDerivation.v1_1(p.nwkKey(), p.appKey(), (int) joinNonce, p.joinEui(), r.devNonce())
                : KeyDerivation.v1_0(p.nwkKey(), (int) joinNonce, config.netId(), r.devNonce());
        return new Accepted(accept, p.devEui(), devAddr, keys);
    }
}
