/**
 * The lab inventory and the key manifest. {@link dev.ampbench.bench.inventory.LabInventory#load} reads the YAML
 * inventory of benches and devices under test (docs/lab-inventory.md) into immutable records; every mistake is a
 * {@link dev.ampbench.bench.ConfigError} with the file and line. {@link dev.ampbench.bench.inventory.KeyManifest}
 * decrypts a device batch's key CSV (docs/key-manifest.md) in memory and hands out keys as redacted
 * {@code KeyMaterial}; manifests are only ever written encrypted.
 */
package dev.ampbench.bench.inventory;
