/**
 * What an operator watches (docs/operations.md, "Metrics and logs"): the {@code wreg_*} meters
 * served at {@code /actuator/prometheus}. Gauges read one cached snapshot ({@link LogGauges}),
 * timers and counters are fed where the work happens, without touching the services.
 */
package dev.wreg.server.metrics;
