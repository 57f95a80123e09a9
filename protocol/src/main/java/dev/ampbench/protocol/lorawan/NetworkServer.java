package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.RandomSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network server (with the application server's AppSKey, as the bench plays both): sessions by DevAddr,
 * uplink checks, acknowledgements and downlinks. Holds session keys only; root keys stay in the {@link JoinServer}.
 */
final class NetworkServer {
    private static final int DEV_ADDR_ATTEMPTS = 64;

    private final Map<Integer, NetworkSession> byDevAddr = new HashMap<>();
    private final Map<Long, NetworkSession> byDevEui = new HashMap<>();
    private final LoRaWanNetworkConfig config;
    private final RandomSource random;
    private final Set<Deviation> deviations;

    NetworkServer(LoRaWanNetworkConfig config, RandomSource random, Set<Deviation> deviations) {
        this.config = config;
        this.random = random;
        this.deviations = deviations;
    }

    int sessionCount() {
        return byDevAddr.size();
    }

    /** The DevAddr of the device's current session, if it has one. */
    java.util.Optional<Integer> devAddrOf(long devEui) {
        return java.util.Optional.ofNullable(byDevEui.get(devEui)).map(s -> s.devAddr);
    }

    /**
     * A random free DevAddr of this network: the NetID's 6-bit NwkID under a 0 prefix bit, then 25 random bits
     * (the type-0 DevAddr layout of TS002 section 13).
     */
    int allocateDevAddr() {
        for (int i = 0; i < DEV_ADDR_ATTEMPTS; i++) {
            byte[] b = random.bytes(4);
            int nwkAddr = ((b[0] & 0x01) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
            int devAddr = (config.netId() & 0x3f) << 25 | nwkAddr;
            if (!byDevAddr.containsKey(devAddr)) {
                return devAddr;
            }
        }
        throw new IllegalStateException("no free DevAddr found in " + DEV_ADDR_ATTEMPTS + " draws");
    }

    /** Starts a device's new session, replacing any earlier one: counters restart at 0 (R6). */
    void install(JoinServer.Accepted a) {
        NetworkSession old = byDevEui.remove(a.devEui());
        if (old != null) {
            byDevAddr.remove(old.devAddr);
        }
        NetworkSession s = new NetworkSession(a.devEui(), a.devAddr(), a.keys());
        byDevEui.put(a.devEui(), s);
        byDevAddr.put(a.devAddr(), s);
    }

    List<Effect> onUplink(DataFrame f) {
        NetworkSession s = byDevAddr.get(f.devAddr());
        if (s == null) {
            return List.of(new Effect.Ignored("uplink from DevAddr " + Ids.devAddr(f.devAddr())
                    + ", which has no session here (LORAWAN-R9)"));
        }
        boolean acksOurs = f.ack() && s.unackedConfirmedDown != FrameCounter.NONE;
        int confFCnt = s.keys.scheme() == LoRaWanVersion.V1_1 && acksOurs ? (int) (s.unackedConfirmedDown & 0xffff)
                : 0;
        DataFrameCheck.Result r = DataFrameCheck.verify(s.keys, f, s.lastFCntUp, confFCnt, deviations);
        switch (r.outcome()) {
            case BAD_MIC:
                return List.of(new Effect.Rejected(LoRaWanRule.R4, "uplink MIC does not verify"));
            case REPLAY:
                if (!deviations.contains(Deviation.REPLAY_ACCEPTED)) {
                    return List.of(new Effect.Rejected(LoRaWanRule.R7, "uplink FCnt " + r.fCnt()
                            + " is not above the last accepted " + s.lastFCntUp));
                }
                break;
            default:
                s.lastFCntUp = r.fCnt();
        }
        if (acksOurs) {
            s.unackedConfirmedDown = FrameCounter.NONE;
        }
        List<Effect> effects = new ArrayList<>(2);
        if (f.fPort() > 0) {
            effects.add(new Effect.Deliver(FrameProtection.open(s.keys, f, r.fCnt()).payload()));
        }
        if (f.mType().isConfirmed()) {
            DataFrame ack = FrameProtection.seal(s.keys, MType.UNCONFIRMED_DATA_DOWN, s.devAddr, DataFrame.ACK,
                    s.takeFCntDown(DataFrame.NO_PORT), new byte[0], DataFrame.NO_PORT, new byte[0],
                    (int) (r.fCnt() & 0xffff));
            effects.add(new Effect.Transmit(ack.encode()));
        }
        return effects;
    }

    List<Effect> sendData(int devAddr, byte[] payload, int fPort, boolean confirmed) {
        NetworkSession s = byDevAddr.get(devAddr);
        if (s == null) {
            throw new IllegalArgumentException("no session for DevAddr " + Ids.devAddr(devAddr));
        }
        long fCnt = s.takeFCntDown(fPort);
        DataFrame f = FrameProtection.seal(s.keys, MType.data(false, confirmed), devAddr, 0, fCnt, new byte[0], fPort,
                payload, 0);
        if (confirmed) {
            s.unackedConfirmedDown = fCnt;
        }
        return List.of(new Effect.Transmit(f.encode()));
    }
}
