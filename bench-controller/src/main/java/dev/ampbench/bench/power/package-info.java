/**
 * Power switches: the {@link dev.ampbench.bench.power.PowerSwitch} protocol, one driver per kind of switch (SCPI
 * supply, USB hub port, USB HID relay, DTR/RTS line, external command), the
 * {@link dev.ampbench.bench.power.GuardedPowerSwitch} every user holds (minimum off-time, record of switchings,
 * final state on close) and {@link dev.ampbench.bench.power.PowerSwitches#fromConfig} for the lab inventory. The
 * exact requests of each driver are in {@code docs/power-switches.md}.
 */
package dev.ampbench.bench.power;
