package dev.ampbench.emulator.device;

import java.util.Locale;

/**
 * The energy store of an ambient-powered device: a harvester charges it, the radio and the crypto drain it, and
 * the device browns out when the store runs dry. Optional: a device without a model has mains power.
 *
 * <p>Units: microjoules and milliseconds. The store holds at most {@code capacityUj}; the device runs while it holds
 * more than {@code brownOutUj} and, after a brown-out, boots again once it holds {@code turnOnUj} (hysteresis, as a
 * supervisor IC with two thresholds does).
 *
 * @param harvestUw       harvested power, microwatts (1 µW for 1 ms = 0.001 µJ)
 * @param idleUw          quiescent draw while on, microwatts
 * @param capacityUj      largest charge the store holds
 * @param turnOnUj        charge at which the device powers up
 * @param brownOutUj      charge under which it browns out
 * @param txUjPerByte     energy to transmit one byte over the air
 * @param rxUjPerByte     energy to receive one byte
 * @param cryptoUjPerFrame energy of the cryptography done for one protected frame (a block cipher pass, a MIC)
 * @param publicKeyUj     energy of one public-key operation (X25519 or Ed25519), for profiles that use one
 */
public record EnergyModel(double harvestUw, double idleUw, double capacityUj, double turnOnUj, double brownOutUj,
                          double txUjPerByte, double rxUjPerByte, double cryptoUjPerFrame, double publicKeyUj) {

    public EnergyModel {
        if (!(capacityUj > 0 && turnOnUj <= capacityUj && brownOutUj < turnOnUj && brownOutUj >= 0)) {
            throw new IllegalArgumentException("energy thresholds must satisfy 0 <= brown-out < turn-on <= capacity");
        }
        if (harvestUw < 0 || idleUw < 0 || txUjPerByte < 0 || rxUjPerByte < 0 || cryptoUjPerFrame < 0
                || publicKeyUj < 0) {
            throw new IllegalArgumentException("energy rates must not be negative");
        }
    }

    /**
     * Figures of a backscatter-class tag with a 100 µF store at 1.8 V (about 160 µJ): 50 µW harvested, 1 µW idle,
     * 0.05 µJ per byte sent by backscatter, 0.2 µJ per byte received, 1 µJ of AES per frame, 150 µJ per
     * public-key operation. Order-of-magnitude figures from published AMP/backscatter prototypes, for realistic
     * brown-outs rather than precise accounting.
     */
    public static EnergyModel backscatterTag() {
        return new EnergyModel(50, 1, 160, 120, 20, 0.05, 0.2, 1.0, 150);
    }

    /** The running account of one device's store. */
    public static final class Store {
        private final EnergyModel model;
        private double charge;
        private boolean on;
        private double harvested;
        private double spentRadio;
        private double spentCrypto;
        private double spentIdle;
        private long brownOuts;

        public Store(EnergyModel model, double initialUj) {
            this.model = model;
            this.charge = Math.min(initialUj, model.capacityUj());
            this.on = charge >= model.turnOnUj();
        }

        public synchronized boolean on() {
            return on;
        }

        public synchronized double chargeUj() {
            return charge;
        }

        /**
         * Lets {@code millis} pass: harvest and, while on, idle draw.
         *
         * @return the power transition this caused
         */
        public synchronized Transition elapse(long millis) {
            double gained = model.harvestUw() * millis / 1000.0;
            harvested += gained;
            charge = Math.min(model.capacityUj(), charge + gained);
            if (on) {
                double idle = model.idleUw() * millis / 1000.0;
                spentIdle += idle;
                charge -= idle;
            }
            return settle();
        }

        /** Charges a radio transmission of {@code bytes}. */
        public synchronized Transition transmit(int bytes) {
            return spendRadio(bytes * model.txUjPerByte());
        }

        /** Charges a reception of {@code bytes}. */
        public synchronized Transition receive(int bytes) {
            return spendRadio(bytes * model.rxUjPerByte());
        }

        /** Charges the cryptography of {@code frames} protected frames and {@code publicKeyOps} public-key operations. */
        public synchronized Transition crypto(int frames, int publicKeyOps) {
            double e = frames * model.cryptoUjPerFrame() + publicKeyOps * model.publicKeyUj();
            spentCrypto += e;
            charge -= e;
            return settle();
        }

        private Transition spendRadio(double e) {
            spentRadio += e;
            charge -= e;
            return settle();
        }

        private Transition settle() {
            charge = Math.max(0, charge);
            if (on && charge < model.brownOutUj()) {
                on = false;
                brownOuts++;
                return Transition.BROWN_OUT;
            }
            if (!on && charge >= model.turnOnUj()) {
                on = true;
                return Transition.POWER_UP;
            }
            return Transition.NONE;
        }

        /** One line of figures for reports and STATUS. */
        public synchronized String report() {
            return String.format(Locale.ROOT,
                    "charge %.1f uJ, harvested %.1f uJ, spent radio %.1f / crypto %.1f / idle %.1f uJ, %d brown-out%s",
                    charge, harvested, spentRadio, spentCrypto, spentIdle, brownOuts, brownOuts == 1 ? "" : "s");
        }

        /** Stored µJ, harvest µW, consumed µJ (radio + crypto + idle), rounded, for the wire's STATUS. */
        public synchronized long[] figures() {
            return new long[] {Math.round(charge), Math.round(model.harvestUw()),
                    Math.round(spentRadio + spentCrypto + spentIdle)};
        }

        public synchronized long brownOuts() {
            return brownOuts;
        }
    }

    /** What a change in the store did to the device's power. */
    public enum Transition { NONE, BROWN_OUT, POWER_UP }
}
