package dev.ampbench.bench.power;

import java.time.Duration;

/**
 * The SCPI bench supply of a device on this machine (the built-in emulator's, or a supply behind a local port
 * forward), as a guarded switch: single channel, short minimum off-time, left on when the run ends.
 */
public final class LoopbackSupplies {
    private LoopbackSupplies() {
    }

    /** @param minOffTime the emulator needs none to discharge; real supplies get the inventory's value */
    public static GuardedPowerSwitch scpi(int port, Duration minOffTime) {
        ScpiPowerSwitch driver = new ScpiPowerSwitch(ScpiPowerSwitch.tcp("127.0.0.1", port, Duration.ofSeconds(2)),
                ScpiPowerSwitch.ChannelSyntax.NONE, 0, null);
        return new GuardedPowerSwitch(driver, minOffTime, PowerState.ON, GuardedPowerSwitch.Ticker.SYSTEM, e -> { },
                true);
    }
}
