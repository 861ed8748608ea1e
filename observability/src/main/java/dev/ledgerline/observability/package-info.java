/**
 * Observability shared by api-gateway, ledger-processor and projection-service: configuration from
 * {@code BLNK_*} variables and {@code blnk.json}, the bearer-protected {@code /metrics} and
 * {@code /monitoring} endpoints, redaction of secrets, tracing and OTLP export.
 */
package dev.ledgerline.observability;
