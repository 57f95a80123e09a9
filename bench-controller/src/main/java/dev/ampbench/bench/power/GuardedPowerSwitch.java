package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.LabRetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Wraps any {@link PowerSwitch} with the rules every campaign needs, whatever the driver:
 * <ul>
 *   <li><b>Minimum off-time.</b> After every off (successful or not) an {@link #on()} waits until the output has
 *       been off for at least {@code minOffTime}, so the device's supply capacitors drain and a power cut is a real
 *       cut, not a brown-out. Default {@value #DEFAULT_MIN_OFF_MILLIS} ms.</li>
 *   <li><b>Record of every switching.</b> Each command becomes a {@link SwitchEvent} with wall-clock and monotonic
 *       timestamps, kept in order ({@link #events()}) and handed to a listener as it happens, so a campaign can
 *       report the delay between a protocol event and the switch command and a killed run keeps what it had.</li>
 *   <li><b>Known final state.</b> {@link #close()} drives the switch to the configured final state (ON, OFF, or
 *       {@link PowerState#UNKNOWN} to leave it as it is). Used with try-with-resources, the device is left in that
 *       state even when the test body throws; a fault while restoring is then added to the test's exception as
 *       suppressed, and thrown on its own otherwise.</li>
 * </ul>
 * Calls are serialised: one command at a time reaches the driver.
 */
public final class GuardedPowerSwitch implements PowerSwitch, AutoCloseable {

    public static final long DEFAULT_MIN_OFF_MILLIS = 500;

    /** The clock and the sleep, replaceable so tests check the waits without waiting. */
    public interface Ticker {
        long nanoTime();

        Instant now();

        void sleepNanos(long nanos) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final PowerSwitch delegate;
    private final long minOffNanos;
    private final PowerState finalState;
    private final Ticker ticker;
    private final Consumer<SwitchEvent> listener;
    private final boolean closeDelegate;
    private final List<SwitchEvent> events = new ArrayList<>();
    private LabRetry retry = LabRetry.NONE;
    private boolean offSeen;
    private long lastOffNanos;
    private boolean closed;

    /** A guard with the default minimum off-time that leaves the switch as it is on close. */
    public GuardedPowerSwitch(PowerSwitch delegate) {
        this(delegate, Duration.ofMillis(DEFAULT_MIN_OFF_MILLIS), PowerState.UNKNOWN, Ticker.SYSTEM, e -> { });
    }

    /**
     * @param delegate   the driver
     * @param minOffTime minimum time between an off and the next on; zero disables the wait
     * @param finalState state {@link #close()} leaves the switch in; {@link PowerState#UNKNOWN} leaves it alone
     * @param ticker     clock and sleep
     * @param listener   told of every switching as it completes (for a journal); must not throw
     */
    public GuardedPowerSwitch(PowerSwitch delegate, Duration minOffTime, PowerState finalState, Ticker ticker,
                              Consumer<SwitchEvent> listener) {
        this(delegate, minOffTime, finalState, ticker, listener, false);
    }

    /**
     * As the five-argument constructor; with {@code closeDelegate} the guard owns the driver and {@link #close()}
     * also closes it (socket, USB handle, serial port) once the final state is set, when it is
     * {@link AutoCloseable}.
     */
    public GuardedPowerSwitch(PowerSwitch delegate, Duration minOffTime, PowerState finalState, Ticker ticker,
                              Consumer<SwitchEvent> listener, boolean closeDelegate) {
        this.closeDelegate = closeDelegate;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (minOffTime.isNegative()) {
            throw new IllegalArgumentException("minimum off-time must not be negative: " + minOffTime);
        }
        this.minOffNanos = minOffTime.toNanos();
        this.finalState = Objects.requireNonNull(finalState, "finalState");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Retries switching <em>on</em>, and driving the final state on close, with {@code retry} when the switch
     * does not answer: both set an absolute state (sending it twice is harmless) and nothing is measured at their
     * instant. Switching <em>off</em> is never retried: an off is a power cut, and its instant is what a test
     * chose; a late cut would test something else. Each failed attempt is recorded as its own event.
     *
     * @return this guard
     */
    public synchronized GuardedPowerSwitch retrying(LabRetry retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    public PowerSwitch delegate() {
        return delegate;
    }

    public Duration minOffTime() {
        return Duration.ofNanos(minOffNanos);
    }

    public PowerState finalState() {
        return finalState;
    }

    @Override
    public synchronized void on() throws LabFault {
        ensureOpen();
        switchTo(PowerState.ON, retry);
    }

    @Override
    public synchronized void off() throws LabFault {
        ensureOpen();
        switchTo(PowerState.OFF, LabRetry.NONE);
    }

    /** Switches off, then on again, honouring the minimum off-time: a clean power cycle. */
    public synchronized void cycle() throws LabFault {
        off();
        on();
    }

    @Override
    public synchronized PowerState state() throws LabFault {
        ensureOpen();
        return delegate.state();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** Every switching so far, oldest first. */
    public synchronized List<SwitchEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Leaves the switch in the configured final state. Idempotent: only the first call switches.
     *
     * @throws LabFault when the switch could not be driven to the final state
     */
    @Override
    public synchronized void close() throws LabFault {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (finalState != PowerState.UNKNOWN) {
                switchTo(finalState, retry);
            }
        } finally {
            if (closeDelegate && delegate instanceof AutoCloseable) {
                closeOwned((AutoCloseable) delegate);
            }
        }
    }

    private static void closeOwned(AutoCloseable c) throws LabFault {
        try {
            c.close();
        } catch (LabFault | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new LabFault("closing the power switch failed: " + e.getMessage(), e);
        }
    }

    private void switchTo(PowerState target, LabRetry attempts) throws LabFault {
        Instant requestedAt = ticker.now();
        long requested = ticker.nanoTime();
        if (target == PowerState.ON && offSeen) {
            long remaining = minOffNanos - (requested - lastOffNanos);
            if (remaining > 0) {
                try {
                    ticker.sleepNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    record(new SwitchEvent(target, requestedAt, requested, ticker.nanoTime(), ticker.nanoTime(),
                            "interrupted during the minimum off-time"));
                    throw new LabFault(describe() + ": interrupted while waiting out the minimum off-time", e);
                }
            }
        }
        long[] sent = {ticker.nanoTime()};
        long[] failedAt = {0};
        try {
            attempts.call(() -> {
                sent[0] = ticker.nanoTime();
                try {
                    if (target == PowerState.ON) {
                        delegate.on();
                    } else {
                        delegate.off();
                    }
                } catch (LabFault | RuntimeException e) {
                    failedAt[0] = ticker.nanoTime();
                    record(new SwitchEvent(target, requestedAt, requested, sent[0], failedAt[0],
                            String.valueOf(e.getMessage())));
                    throw e;
                }
                return null;
            });
        } catch (LabFault | RuntimeException e) {
            if (target == PowerState.OFF) {
                // The output may have gone off before the failure: the next on still waits.
                offSeen = true;
                lastOffNanos = failedAt[0];
            }
            throw e;
        }
        long done = ticker.nanoTime();
        if (target == PowerState.OFF) {
            offSeen = true;
            lastOffNanos = done;
        }
        record(new SwitchEvent(target, requestedAt, requested, sent[0], done, null));
    }

    private void record(SwitchEvent event) {
        events.add(event);
        listener.accept(event);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + ": guard already closed");
        }
    }
}
