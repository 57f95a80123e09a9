package dev.ampbench.cli;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DeviceEvent;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.wire.WireEndpoint;
import dev.ampbench.fuzz.FuzzTarget;
import dev.ampbench.fuzz.Reaction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.RandomSource;

import java.util.Optional;
import java.util.Set;

/**
 * The emulator's device driven in this process, without the wire: the fuzzer's fast target. It is the same
 * {@link EmulatedDevice} the pseudo-terminal endpoint serves (same firmware, defects, NVM, boot counter, crash and
 * hang behaviour), with instantaneous flash and radio; an oversized frame is refused as the wire endpoint refuses it
 * (ERROR TOO_LARGE) unless the device has the defect that hangs on it.
 */
public final class EmulatorTarget implements FuzzTarget {
    private final EmulatedDevice device;
    private final Firmware firmware;
    private Reaction.Builder current = new Reaction.Builder();
    private long bootCount;

    public EmulatorTarget(Firmware firmware, Set<Defect> defects, RandomSource trng) {
        this.firmware = firmware;
        this.device = new EmulatedDevice(firmware, defects, trng, new ManualClock(0), new Timing(0, 0), null,
                new EmulatedDevice.Output() {
                    @Override
                    public void airEmit(byte[] frame, long micros) {
                        current.emitted(frame);
                    }

                    @Override
                    public void event(DeviceEvent e) {
                        switch (e.kind()) {
                            case ESTABLISHED -> current.established();
                            case DELIVERED -> current.delivered();
                            case REJECTED -> current.rejected(e.name());
                            default -> {
                            }
                        }
                    }

                    @Override
                    public void booted(long count) {
                    }
                });
        device.setSupply(true);
        bootCount = device.bootCount();
    }

    @Override
    public Profile profile() {
        return firmware.profile();
    }

    @Override
    public Role role() {
        return firmware.role();
    }

    @Override
    public Reaction inject(byte[] frame) {
        current = new Reaction.Builder();
        if (frame.length > firmware.maxFrameLength() && !device.defects().contains(Defect.HANG_ON_OVERSIZED_LENGTH)) {
            return current.refusedByTransport().build();
        }
        device.airReceive(frame);
        return current.build();
    }

    @Override
    public Optional<Reaction> action(String name, byte[] args) {
        current = new Reaction.Builder();
        try {
            device.action(name, args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty(); // what the wire endpoint answers with ERROR ACTION_FAILED
        }
        return Optional.of(current.build());
    }

    @Override
    public Liveness heartbeat() {
        if (!device.responsive()) {
            return Liveness.HUNG;
        }
        long now = device.bootCount();
        Liveness l = now == bootCount ? Liveness.ALIVE : Liveness.REBOOTED;
        bootCount = now;
        return l;
    }

    @Override
    public void powerCycle() {
        device.setSupply(false);
        device.setSupply(true);
        bootCount = device.bootCount();
    }

    @Override
    public Optional<String> state() {
        return Optional.of(device.state());
    }

    @Override
    public String describe() {
        return "in-process emulated " + firmware.profile().id() + " " + firmware.role().cliName()
                + (device.defects().isEmpty() ? "" : " with " + device.defects().stream().map(Defect::cliName)
                .toList());
    }

    @Override
    public String firmware() {
        return WireEndpoint.FIRMWARE_VERSION;
    }
}
