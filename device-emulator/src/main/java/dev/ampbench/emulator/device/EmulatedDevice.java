package dev.ampbench.emulator.device;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Clock;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One emulated device: firmware, non-volatile memory, power, a boot counter, an optional energy store and the
 * defects it was built with. Its RAM is the protocol machine object, dropped at every power loss.
 *
 * <p>Threads: frames and actions arrive on the endpoint's thread and run under the device's lock; power can be cut
 * from any thread (the SCPI supply's) at any instant without that lock, and a non-volatile write in progress then
 * tears where it was, unwinding the device's work with a {@link PowerLossException}.
 */
public final class EmulatedDevice {

    /** Where the device's radio emissions and reports go: the bench wire endpoint, or a test. */
    public interface Output {
        /** The device transmitted {@code frame} over the air at {@code micros} on its clock. */
        void airEmit(byte[] frame, long micros);

        void event(DeviceEvent event);

        /** The device finished booting (a real device sends HELLO now). */
        void booted(long bootCount);
    }

    /** NVM record of the boot counter; written at every boot as firmware that reports boot counts does. */
    public static final String BOOT_COUNT_KEY = "emu.boot-count";

    private Firmware firmware;
    private final EnumSet<Defect> defects;
    private final Set<Deviation> deviations;
    private final RandomSource random;
    private final Clock clock;
    private final EmulatedNvm nvm;
    private final long airNanosPerByte;
    private final EnergyModel.Store energy;
    private final Output output;
    private final AtomicBoolean supplied = new AtomicBoolean(false);
    private final AtomicBoolean running = new AtomicBoolean(false);
    private final java.util.concurrent.atomic.AtomicLong powerEpoch = new java.util.concurrent.atomic.AtomicLong();

    private ProtocolMachine machine;
    private String lastState = "OFF";
    private boolean hung;
    private long bootCount;
    private long droppedFrames;
    private long lastTickMillis;
    private long bootMillis;

    /**
     * @param random       the device's hardware entropy source; it outlives power cycles, as a TRNG does
     * @param nanosPerNvByte programming time of one NVM byte (0 for instant)
     * @param energy       the energy model, or null for a device on a bench supply only
     */
    public EmulatedDevice(Firmware firmware, Set<Defect> defects, RandomSource random, Clock clock,
                          long nanosPerNvByte, EnergyModel energy, Output output) {
        this(firmware, defects, random, clock, new Timing(nanosPerNvByte, 0), energy, output);
    }

    /**
     * @param random the device's hardware entropy source; it outlives power cycles, as a TRNG does
     * @param timing how long NV writes and radio frames take
     * @param energy the energy model, or null for a device on a bench supply only
     */
    public EmulatedDevice(Firmware firmware, Set<Defect> defects, RandomSource random, Clock clock, Timing timing,
                          EnergyModel energy, Output output) {
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        this.defects = EnumSet.noneOf(Defect.class);
        this.defects.addAll(defects);
        EnumSet<Deviation> dev = EnumSet.noneOf(Deviation.class);
        this.defects.forEach(d -> d.deviation().ifPresent(dev::add));
        this.deviations = dev;
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.output = Objects.requireNonNull(output, "output");
        this.nvm = new EmulatedNvm(this.defects.contains(Defect.TORN_NV_WRITE)
                ? EmulatedNvm.Discipline.SINGLE_SLOT : EmulatedNvm.Discipline.AB_SLOTS, running::get,
                timing.nvNanosPerByte());
        this.airNanosPerByte = timing.airNanosPerByte();
        nvm.addListener(new EmulatedNvm.Listener() {
            @Override
            public void writeStarted(EmulatedNvm.NvWrite w) {
                output.event(new DeviceEvent(DeviceEvent.Kind.NV_WRITE_BEGIN, w.key(), "", w.length()));
            }

            @Override
            public void writeFinished(EmulatedNvm.NvWrite w) {
                output.event(new DeviceEvent(DeviceEvent.Kind.NV_WRITE_END, w.key(), "", w.length()));
            }
        });
        this.energy = energy == null ? null : new EnergyModel.Store(energy, energy.capacityUj());
        this.lastTickMillis = clock.nowMillis();
    }

    public synchronized Firmware firmware() {
        return firmware;
    }

    /**
     * Factory personalization: new identity and keys, non-volatile memory erased as a factory would leave it, and
     * a fresh boot if powered.
     */
    public synchronized void personalize(Firmware personalized) {
        if (personalized.profile() != firmware.profile() || personalized.role() != firmware.role()) {
            throw new IllegalArgumentException("personalization is for " + personalized.profile().id() + " "
                    + personalized.role().cliName() + ", this device is " + firmware.profile().id() + " "
                    + firmware.role().cliName());
        }
        cutLocked();
        firmware = personalized;
        long boots = bootCount;
        nvm.eraseAll();
        // The boot counter counts boots since manufacture: personalization keeps it.
        nvm.factoryProgram(BOOT_COUNT_KEY, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(boots).array());
        if (supplied.get() && (energy == null || energy.on())) {
            bootLocked(DeviceEvent.RESET_WARM);
        }
    }

    public Set<Defect> defects() {
        return EnumSet.copyOf(defects);
    }

    public EmulatedNvm nvm() {
        return nvm;
    }

    /**
     * The bench supply switches the device's power, synchronously: on returns once the device has booted. Safe from
     * any thread; off needs no lock and lands in the middle of whatever the device is doing.
     */
    public void setSupply(boolean on) {
        long epoch = powerEpoch.incrementAndGet();
        supplied.set(on);
        if (on) {
            bootIfCurrent(epoch);
        } else {
            cut();
        }
    }

    /**
     * Switches the power on and boots on {@code cpu}, as a real supply does: the caller (the SCPI socket) returns at
     * once, and a cut that arrives before or during the boot wins.
     */
    public void powerOnAsync(java.util.concurrent.Executor cpu) {
        long epoch = powerEpoch.incrementAndGet();
        supplied.set(true);
        cpu.execute(() -> bootIfCurrent(epoch));
    }

    private void bootIfCurrent(long epoch) {
        synchronized (this) {
            if (powerEpoch.get() != epoch || !supplied.get()) {
                return; // the supply changed again before this boot could start
            }
            tickLocked();
            if (energy == null || energy.on()) {
                bootLocked(DeviceEvent.POWER_ON);
            }
        }
    }

    public boolean supplied() {
        return supplied.get();
    }

    /** True while the firmware runs (supplied, not browned out). A hung device is running but answers nothing. */
    public boolean running() {
        return running.get();
    }

    /** True when the device would answer the bench: running and not hung. */
    public synchronized boolean responsive() {
        return running.get() && !hung && machine != null;
    }

    public synchronized long bootCount() {
        return bootCount;
    }

    public synchronized String state() {
        if (!running.get()) {
            return "OFF";
        }
        return hung ? "HUNG" : machine == null ? "BOOTING" : machine.state();
    }

    public synchronized long droppedFrames() {
        return droppedFrames;
    }

    public synchronized Optional<String> energyReport() {
        return energy == null ? Optional.empty() : Optional.of(energy.report());
    }

    /** A frame arrives over the air. */
    public synchronized void airReceive(byte[] frame) {
        tickLocked();
        if (!responsive()) {
            droppedFrames++;
            return;
        }
        if (energy != null && spend(energy.receive(frame.length))) {
            return;
        }
        if (!onAir(frame.length)) {
            return; // power went while the frame was arriving: the device never got it
        }
        if (frame.length > firmware.maxFrameLength() && defects.contains(Defect.HANG_ON_OVERSIZED_LENGTH)) {
            hung = true;
            return;
        }
        if (defects.contains(Defect.CRASH_ON_TRUNCATED_FRAME) && truncated(frame)) {
            crashLocked();
            return;
        }
        if (energy != null && spend(energy.crypto(1, firmware.publicKeyOpsPerFrame()))) {
            return;
        }
        run(() -> machine.receive(frame));
    }

    /**
     * Starts an action of the firmware (e.g. join).
     *
     * @throws IllegalArgumentException for an unknown action or bad arguments
     * @throws IllegalStateException    when the device is off or hung
     */
    public synchronized void action(String name, byte[] args) {
        tickLocked();
        if (!responsive()) {
            throw new IllegalStateException("device " + firmware.label() + " is " + state().toLowerCase());
        }
        run(() -> firmware.act(machine, name, args));
    }

    /** Lets time pass for the energy model; the endpoint calls it periodically. */
    public synchronized void tick() {
        tickLocked();
    }

    private void tickLocked() {
        long now = clock.nowMillis();
        long elapsed = Math.max(0, now - lastTickMillis);
        lastTickMillis = now;
        if (energy == null || elapsed == 0 || !supplied.get()) {
            return;
        }
        EnergyModel.Transition t = energy.elapse(elapsed);
        if (t == EnergyModel.Transition.BROWN_OUT) {
            cutLocked();
        } else if (t == EnergyModel.Transition.POWER_UP) {
            bootLocked(DeviceEvent.BROWNOUT);
        }
    }

    /** Returns true when the spending browned the device out. */
    private boolean spend(EnergyModel.Transition t) {
        if (t == EnergyModel.Transition.BROWN_OUT) {
            cutLocked();
            return true;
        }
        return false;
    }

    private interface Step {
        List<Effect> run();
    }

    private void run(Step step) {
        List<Effect> effects;
        try {
            effects = step.run();
        } catch (PowerLossException e) {
            cutLocked();
            return;
        }
        for (Effect e : effects) {
            if (!running.get()) {
                return; // power went while the effects were being emitted
            }
            emit(e);
        }
        String state = machine == null ? "OFF" : machine.state();
        if (!state.equals(lastState)) {
            output.event(new DeviceEvent(DeviceEvent.Kind.STATE, state, lastState, 0));
            lastState = state;
        }
    }

    private void emit(Effect e) {
        if (e instanceof Effect.Transmit t) {
            byte[] frame = t.frame();
            if (energy != null && spend(energy.transmit(frame.length))) {
                return;
            }
            if (airNanosPerByte > 0) {
                output.event(new DeviceEvent(DeviceEvent.Kind.AIR_TX_BEGIN,
                        Long.toString(frame.length * airNanosPerByte / 1000), "", frame.length));
            }
            if (!onAir(frame.length)) {
                return; // cut short on the air: no receiver gets a frame whose PHY check fails
            }
            output.airEmit(frame, clock.nowMillis() * 1000);
        } else if (e instanceof Effect.Established est) {
            output.event(new DeviceEvent(DeviceEvent.Kind.ESTABLISHED, est.what(), "", 0));
        } else if (e instanceof Effect.Rejected r) {
            output.event(new DeviceEvent(DeviceEvent.Kind.REJECTED, r.rule().id(), r.reason(), 0));
        } else if (e instanceof Effect.Deliver d) {
            output.event(new DeviceEvent(DeviceEvent.Kind.DELIVERED, "", "", d.payload().length));
        }
        // Effect.Ignored: a frame for someone else; a real device says nothing.
    }

    /** Spends the air time of {@code octets}, octet by octet; false when power went before the end. */
    private boolean onAir(int octets) {
        if (airNanosPerByte == 0) {
            return running.get();
        }
        for (int i = 0; i < octets; i++) {
            if (!running.get()) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(airNanosPerByte);
        }
        return running.get();
    }

    private boolean truncated(byte[] frame) {
        try {
            firmware.codec().decode(frame);
            return false;
        } catch (FrameDecodeException e) {
            return e.truncated();
        }
    }

    private void bootLocked(String cause) {
        if (running.get()) {
            return;
        }
        // Running first, then the supply check: a cut that clears the supply after this point also clears running,
        // and the boot below unwinds at its next power check.
        running.set(true);
        if (!supplied.get()) {
            running.set(false);
            return;
        }
        hung = false;
        bootMillis = clock.nowMillis();
        MachineContext ctx = new MachineContext(random, clock, nvm);
        try {
            long boots = nvm.read(BOOT_COUNT_KEY).filter(b -> b.length == 8)
                    .map(b -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong()).orElse(0L) + 1;
            nvm.write(BOOT_COUNT_KEY, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(boots).array());
            bootCount = boots;
            machine = firmware.boot(ctx, deviations);
        } catch (PowerLossException e) {
            cutLocked();
            return;
        }
        if (!running.get()) {
            cutLocked(); // power went during the boot
            return;
        }
        lastState = machine.state();
        output.event(new DeviceEvent(DeviceEvent.Kind.BOOT, cause, "", bootCount));
        output.booted(bootCount);
    }

    /** A watchdog reset after a crash: RAM is lost and the device boots again at once. */
    private void crashLocked() {
        cutLocked();
        if (supplied.get()) {
            bootLocked(DeviceEvent.WATCHDOG);
        }
    }

    /** A reset commanded over the bench wire: RAM is lost, NVM kept, and the device boots again. */
    public synchronized void reset() {
        cutLocked();
        if (supplied.get() && (energy == null || energy.on())) {
            bootLocked(DeviceEvent.RESET_WARM);
        }
    }

    /** Milliseconds since the last boot (0 when off). */
    public synchronized long uptimeMillis() {
        return running.get() ? clock.nowMillis() - bootMillis : 0;
    }

    /** Energy figures for STATUS: stored µJ, harvest µW, consumed µJ; empty without an energy model. */
    public synchronized Optional<long[]> energyFigures() {
        return energy == null ? Optional.empty() : Optional.of(energy.figures());
    }

    private void cut() {
        // Without the lock: this must be able to land in the middle of whatever the device is doing.
        running.set(false);
        synchronized (this) {
            cutLocked();
        }
    }

    private void cutLocked() {
        running.set(false);
        machine = null;
        hung = false;
        lastState = "OFF";
    }
}
