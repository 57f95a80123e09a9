package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The infrastructure side: network server and Join Server collocated, serving any number of registered devices
 * (the emulator hosts a thousand tags against one instance; the bench plays it against a real tag). The Join
 * Server keeps the last DevNonce and JoinNonce of each device in the context's non-volatile store; sessions are
 * in RAM.
 *
 * <p>States: {@link #READY} (no session yet), {@link #SERVING} (at least one device joined).
 */
public final class LoRaWanNetwork implements ProtocolMachine {
    public static final String READY = "READY";
    public static final String SERVING = "SERVING";

    /** The Join Server's NVM record of the last DevNonce accepted from {@code devEui} (a {@link CounterRecord}). */
    public static String devNonceRecord(long devEui) {
        return JoinServer.devNonceRecord(devEui);
    }

    /** The Join Server's NVM record of the last JoinNonce sent to {@code devEui} (a {@link CounterRecord}). */
    public static String joinNonceRecord(long devEui) {
        return JoinServer.joinNonceRecord(devEui);
    }

    private final LoRaWanCodec codec = new LoRaWanCodec();
    private final JoinServer joinServer;
    private final NetworkServer networkServer;

    public LoRaWanNetwork(LoRaWanNetworkConfig config, Collection<LoRaWanPersonalization> devices,
                          MachineContext ctx, Set<Deviation> deviations) {
        Set<Deviation> d = deviations.isEmpty() ? Set.of() : EnumSet.copyOf(deviations);
        this.joinServer = new JoinServer(config, ctx, d);
        this.networkServer = new NetworkServer(config, ctx.random(), d);
        devices.forEach(joinServer::register);
    }

    /** Adds (or replaces) a device in the Join Server's table. */
    public void register(LoRaWanPersonalization device) {
        joinServer.register(device);
    }

    @Override
    public Profile profile() {
        return Profile.LORAWAN;
    }

    @Override
    public Role role() {
        return Role.INFRASTRUCTURE;
    }

    @Override
    public String state() {
        return networkServer.sessionCount() == 0 ? READY : SERVING;
    }

    /** The DevAddr of the device's current session (after a join this network accepted), if it has one. */
    public java.util.Optional<Integer> devAddr(long devEui) {
        return networkServer.devAddrOf(devEui);
    }

    /**
     * Sends a downlink to a joined device. Class A: the host must time it into the receive windows that follow
     * the device's next uplink.
     *
     * @throws IllegalArgumentException when the DevAddr has no session or FPort is outside 1..223
     */
    public List<Effect> sendData(int devAddr, byte[] payload, int fPort, boolean confirmed) {
        if (fPort < 1 || fPort > LoRaWanDevice.MAX_APPLICATION_PORT) {
            throw new IllegalArgumentException("application FPort is 1.." + LoRaWanDevice.MAX_APPLICATION_PORT);
        }
        return networkServer.sendData(devAddr, payload, fPort, confirmed);
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return List.of(new Effect.Rejected(LoRaWanRule.R1, e.getMessage()));
        }
        if (frame instanceof JoinRequest request) {
            JoinServer.Outcome outcome = joinServer.handle(request, networkServer::allocateDevAddr);
            if (outcome instanceof JoinServer.Refused refused) {
                return List.of(refused.effect());
            }
            JoinServer.Accepted accepted = (JoinServer.Accepted) outcome;
            networkServer.install(accepted);
            return List.of(new Effect.Transmit(accepted.joinAccept().encode()),
                    new Effect.Established("DevEUI " + Ids.eui(accepted.devEui()) + " joined as DevAddr "
                            + Ids.devAddr(accepted.devAddr()) + " with LoRaWAN " + accepted.keys().scheme().label()
                            + " session keys"));
        }
        if (frame instanceof DataFrame data && data.uplink()) {
            return networkServer.onUplink(data);
        }
        return List.of(new Effect.Ignored(frame.type() + " is a downlink frame"));
    }

    @Override
    public String toString() {
        return "LoRaWanNetwork[" + state() + "]";
    }
}
