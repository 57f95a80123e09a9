package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The re-find logic shared by the transports whose device can vanish mid-session and come back (a USB bulk device
 * or a USB serial adapter re-enumerating after a power cycle): every I/O operation runs on the current handle; when
 * one fails, the handle is given up and the device looked up again (by the same spec as at open) every 100 ms for
 * up to the re-enumeration window; the operation is then retried on the new handle. Bytes in flight are lost, as
 * they would be on a UART whose device was off a while (the wire protocol's HDLC resync, TIDs and timeouts cope).
 *
 * <p>Gives up, and every later operation fails with the same {@link IOException} (the wire session reports it as a
 * lab fault), when the device is not back within the window, or when operations fail {@code maxFailures} times in
 * a row, each right after finding the device again. One reader and one writer thread may use it at once: while one
 * re-finds, the other waits. A handle given up is released only once no operation is inside it (libusb must not
 * close a handle under a transfer).
 *
 * @param <H> an attached device: an open, configured handle
 */
final class Reattaching<H> {
    static final int REFIND_POLL_MILLIS = 100;

    /** Finds and opens the device again, exactly as at open; a LabFault says why it is not there (yet). */
    @FunctionalInterface
    interface Attach<H> {
        H attach() throws LabFault;
    }

    /** One I/O operation on a handle: its result, or a LabFault when the handle failed (the device went away). */
    @FunctionalInterface
    interface Op<H> {
        int run(H handle) throws LabFault;
    }

    private final String what;
    private final Attach<H> attach;
    private final Consumer<H> release;
    private final int windowMillis;
    private final int maxFailures;
    private final Object lock = new Object();
    private H attached;
    private int failures;
    private LabFault lastFault;
    /** Operations under way (at most one per stream). */
    private int inFlight;
    /** Handles given up on (the device left, or the connection closed), not yet released. */
    private final List<H> retired = new ArrayList<>();
    /** A re-find is under way (on the other stream's thread). */
    private boolean refinding;
    /** Set once the device is given up: every later operation fails with it. */
    private IOException dead;
    private volatile boolean closed;

    /**
     * @param what         the device as errors name it (never a serial number)
     * @param first        the handle {@code open()} attached
     * @param windowMillis how long to look for the device after it failed; negative: never (the first failure
     *                     ends it)
     * @param maxFailures  consecutive failed operations, each right after a re-find, before giving up
     */
    Reattaching(String what, H first, Attach<H> attach, Consumer<H> release, int windowMillis, int maxFailures) {
        this.what = Objects.requireNonNull(what, "what");
        this.attached = Objects.requireNonNull(first, "first");
        this.attach = Objects.requireNonNull(attach, "attach");
        this.release = Objects.requireNonNull(release, "release");
        this.windowMillis = windowMillis;
        this.maxFailures = maxFailures;
    }

    /** The current handle, or null while the device is away (or given up, or closed). */
    H current() {
        synchronized (lock) {
            return attached;
        }
    }

    /** The device was given up. */
    boolean gone() {
        synchronized (lock) {
            return dead != null;
        }
    }

    /** Runs {@code op}, re-finding the device as often as needed; -1 once closed. */
    int run(Op<H> op) throws IOException {
        while (true) {
            H a;
            synchronized (lock) {
                while (!closed && dead == null && attached == null && refinding) {
                    waitQuietly(); // the other stream's thread is looking for the device
                }
                if (closed) {
                    return -1;
                }
                if (dead != null) {
                    throw dead;
                }
                if (attached == null) {
                    refinding = true;
                    try {
                        refind();
                    } catch (IOException e) {
                        dead = e;
                        throw e;
                    } finally {
                        refinding = false;
                        lock.notifyAll();
                    }
                    if (closed) {
                        return -1;
                    }
                }
                a = attached;
                inFlight++;
            }
            try {
                int n = op.run(a);
                synchronized (lock) {
                    failures = 0;
                }
                return n;
            } catch (LabFault e) {
                synchronized (lock) {
                    if (closed) {
                        return -1;
                    }
                    if (attached == a) {
                        retired.add(a); // released once the other stream's operation on it has returned
                        attached = null;
                        failures++;
                        lastFault = e;
                    }
                    if (failures >= maxFailures && dead == null) {
                        dead = new IOException(e.getMessage() + " (" + failures + " times in a row, each time "
                                + "after finding the device again)", e);
                    }
                    if (dead != null) {
                        throw dead;
                    }
                }
            } finally {
                synchronized (lock) {
                    inFlight--;
                    releaseRetired();
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Ends it: waits up to {@code drainMillis} for operations under way to return, then releases the handle (or
     * leaves that to the last operation to return).
     *
     * @return false when it was closed already
     */
    boolean close(long drainMillis) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            lock.notifyAll();
            long deadline = System.nanoTime() + drainMillis * 1_000_000L;
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    lock.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (attached != null) {
                retired.add(attached);
                attached = null;
            }
            releaseRetired();
            return true;
        }
    }

    /** Holding the lock: releases the handles given up on, once no operation is inside any of them. */
    private void releaseRetired() {
        if (inFlight == 0) {
            retired.forEach(release);
            retired.clear();
        }
    }

    private void waitQuietly() throws IOException {
        try {
            lock.wait(REFIND_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what + " to come back");
        }
    }

    /** Holding the lock: polls until the device is back, the window passed, or the connection closed. */
    private void refind() throws IOException {
        if (windowMillis < 0) {
            throw new IOException(lastFault.getMessage(), lastFault);
        }
        long deadline = System.nanoTime() + windowMillis * 1_000_000L;
        LabFault missing;
        while (true) {
            try {
                attached = attach.attach();
                return;
            } catch (LabFault e) {
                missing = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                lock.wait(Math.max(1, Math.min(REFIND_POLL_MILLIS, left / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + what + " to come back");
            }
            if (closed) {
                return;
            }
        }
        String cause = lastFault != null ? lastFault.getMessage() : missing.getMessage();
        throw new IOException(cause + "; the device did not come back within " + windowMillis + " ms ("
                + missing.getMessage() + ")", lastFault != null ? lastFault : missing);
    }
}
