package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.lorawan.Fixtures.ctx;
import static dev.ampbench.protocol.lorawan.Fixtures.transmitted;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import java.util.List;
import java.util.Set;

/** One device and one network over simulated air, with their stores, so tests can cut power and replay frames. */
final class Link {
    final LoRaWanPersonalization personalization;
    final InMemoryStore deviceStore = new InMemoryStore();
    final InMemoryStore networkStore = new InMemoryStore();
    final Set<Deviation> deviceDeviations;
    LoRaWanDevice device;
    LoRaWanNetwork network;
    /** Effects of the device's last receive and the network's last receive. */
    List<Effect> deviceEffects = List.of();
    List<Effect> networkEffects = List.of();
    private long boots;

    Link(LoRaWanPersonalization p, Set<Deviation> deviceDeviations, Set<Deviation> networkDeviations) {
        this(p, p, deviceDeviations, networkDeviations);
    }

    /** A link whose network has {@code registered} on file for the device personalized with {@code p}. */
    Link(LoRaWanPersonalization p, LoRaWanPersonalization registered, Set<Deviation> deviceDeviations,
         Set<Deviation> networkDeviations) {
        this.personalization = p;
        this.deviceDeviations = deviceDeviations;
        this.device = new LoRaWanDevice(p, ctx(1, deviceStore), deviceDeviations);
        this.network = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(registered), ctx(2, networkStore),
                networkDeviations);
    }

    static Link of(LoRaWanPersonalization p) {
        return new Link(p, Set.of(), Set.of());
    }

    /** The device sends a JoinRequest; returns its frame. */
    byte[] joinRequest() {
        return transmitted(device.join());
    }

    /** The network handles {@code uplink}; returns its effects. */
    List<Effect> toNetwork(byte[] uplink) {
        networkEffects = network.receive(uplink);
        return networkEffects;
    }

    List<Effect> toDevice(byte[] downlink) {
        deviceEffects = device.receive(downlink);
        return deviceEffects;
    }

    /** A full join; returns the JoinAccept the device received. */
    byte[] join() {
        toNetwork(joinRequest());
        byte[] accept = transmitted(networkEffects);
        toDevice(accept);
        if (!Fixtures.established(deviceEffects)) {
            throw new AssertionError("join failed: " + networkEffects + " / " + deviceEffects);
        }
        return accept;
    }

    byte[] uplink(byte[] payload) {
        return transmitted(device.sendData(payload));
    }

    int devAddr() {
        return device.devAddr().orElseThrow();
    }

    /** Power cut: the device's RAM is lost, its store survives. */
    void powerCycleDevice() {
        boots++;
        device = new LoRaWanDevice(personalization, ctx(100 + boots, deviceStore), deviceDeviations);
    }
}
