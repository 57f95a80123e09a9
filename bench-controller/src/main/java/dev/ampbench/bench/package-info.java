/**
 * The bench controller: drives a device under test (real or emulated, reached the same way) and judges it by the
 * rules of docs/protocols. Sub-packages: {@code inventory} (lab inventory and key manifest), {@code transport}
 * (serial, USB bulk, TCP), {@code session} (the bench wire protocol, host side), {@code power} (power switches),
 * {@code conductor} (plays the counterpart with the protocol machines), {@code report} (Allure).
 */
package dev.ampbench.bench;
