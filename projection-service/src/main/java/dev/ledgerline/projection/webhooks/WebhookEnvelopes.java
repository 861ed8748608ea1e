package dev.ledgerline.projection.webhooks;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ledgerline.projection.http.BalanceJson;
import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.projection.http.LedgerJson;
import dev.ledgerline.projection.http.TransactionJson;
import dev.ledgerline.projection.store.BalanceRow;
import dev.ledgerline.projection.store.LedgerRow;
import dev.ledgerline.projection.store.TransactionRow;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BatchOutcomeRecord;
import dev.ledgerline.wire.v1.IdentityRecord;
import dev.ledgerline.core.identity.IdentityField;
import dev.ledgerline.core.identity.IdentityView;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds Blnk's webhook bodies from Ledgerline's public event records: {@code {"event": "<name>", "data": {…}}},
 * {@code event} first, {@code data} being the object Blnk's API answers for that entity (the same JSON
 * projection-service serves on {@code GET /transactions/{id}}, {@code /balances/{id}}, {@code /ledgers/{id}}).
 * Money stays exact: amounts are written from {@link BigInteger}s and numbers inside {@code meta_data} are copied
 * as written (Blnk re-serialises everything through float64). Pure: no I/O, no clock.
 *
 * <p>Which records are events (docs/EVENTS.md for the records; Blnk's catalogue for the names):
 * <ul>
 *   <li>{@code ledger.ledgers}: a ledger's first record (version 0) is {@code ledger.created}; later versions
 *       (renamed, meta_data patched) are no event, as Blnk sends none;</li>
 *   <li>{@code ledger.entries}: the {@code OPEN} entry (version 0) of a balance is {@code balance.created},
 *       with the balance as it was opened (auto-created {@code @indicator} balances included, as in Blnk); every
 *       other entry is a balance change, which Blnk announces through the transaction, not the balance;</li>
 *   <li>{@code ledger.transactions}: {@code APPLIED} → {@code transaction.applied} (inflight commits included, as
 *       in Blnk), {@code INFLIGHT} → {@code transaction.inflight}, {@code VOID} → {@code transaction.void},
 *       {@code REJECTED} → {@code transaction.rejected} (once per record; Blnk sends it twice). {@code QUEUED} and
 *       {@code SCHEDULED} records are not events: Blnk never emits {@code transaction.queued} or
 *       {@code transaction.scheduled} either.</li>
 *   <li>{@code ledger.balance-alerts}: every alert is {@code balance.monitor} ({@link MonitorAlertJson}).</li>
 *   <li>{@code ledger.identities}: an identity's first record is {@code identity.created}, personal fields as
 *       tokens ({@link #identityCreated});</li>
 *   <li>{@code ledger.batch-outcomes}: every record is {@code bulk_transaction.applied}, {@code .inflight} or
 *       {@code .failed} with Blnk's {@code data} ({@code batch_id}, {@code status}, {@code timestamp}, and
 *       {@code transaction_count} or {@code error}).</li>
 * </ul>
 */
public final class WebhookEnvelopes {

    /** Exact numbers in both directions: floats as BigDecimal, trailing zeros kept, integers of any size. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private WebhookEnvelopes() {
    }

    @JsonPropertyOrder({"event", "data"})
    record Envelope(@JsonProperty("event") String event, @JsonProperty("data") Object data) {
    }

    /** {@code ledger.created} for a ledger's first record; a rename or a meta_data patch is no event (as in Blnk). */
    public static Optional<WebhookEvent> ledgerCreated(String id, LedgerRecord ledger) {
        if (ledger.getVersion() != 0) {
            return Optional.empty();
        }
        LedgerRow row = new LedgerRow(ledger.getLedgerId(), ledger.getName(),
                Instant.ofEpochMilli(ledger.getCreatedAtMs()), jsonObject(ledger.getMetaDataJson()));
        return Optional.of(event(id, "ledger.created", LedgerJson.of(row)));
    }

    /** {@code balance.created} for the OPEN entry of a balance; nothing for any later entry. */
    public static Optional<WebhookEvent> balanceCreated(String id, BalanceEntry entry) {
        if (entry.getKind() != EntryKind.OPEN) {
            return Optional.empty();
        }
        BalanceRow row = new BalanceRow(entry.getBalanceId(), entry.getLedgerId(), entry.getIdentityId(),
                entry.getIndicator(), entry.getCurrency(), money(entry.getBalance()), money(entry.getCreditBalance()),
                money(entry.getDebitBalance()), money(entry.getInflightBalance()),
                money(entry.getInflightCreditBalance()), money(entry.getInflightDebitBalance()), entry.getVersion(),
                Instant.ofEpochMilli(entry.getBalanceCreatedAtMs()), jsonObject(entry.getMetaDataJson()),
                entry.getAllocationStrategy());
        return Optional.of(event(id, "balance.created", BalanceJson.of(row)));
    }

    /** The {@code transaction.*} event of a record, or nothing for a record Blnk does not announce. */
    public static Optional<WebhookEvent> transaction(String id, TransactionRecord record) {
        String name = switch (record.getStatus()) {
            case "APPLIED" -> "transaction.applied";
            case "INFLIGHT" -> "transaction.inflight";
            case "VOID" -> "transaction.void";
            case "REJECTED" -> "transaction.rejected";
            default -> null; // QUEUED, SCHEDULED, and any status a later version adds
        };
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(event(id, name, transactionJson(record)));
    }

    /** The record as {@code GET /transactions/{id}} answers it: the {@code data} of a webhook and of a hook call. */
    public static TransactionJson transactionJson(TransactionRecord record) {
        TransactionRow row = new TransactionRow(record.getTransactionId(), record.getParentTransaction(),
                record.getReference(), record.getSource(), record.getDestination(), money(record.getPreciseAmount()),
                record.getPrecision(), record.getCurrency(), record.getDescription(), record.getStatus(),
                record.getAllowOverdraft(), record.getInflight(), money(record.getOverdraftLimit()),
                metaDataAsServed(record), Instant.ofEpochMilli(record.getCreatedAtMs()),
                instant(record.getEffectiveDateMs()), record.getHash(), record.getSourceBalanceId(),
                record.getDestinationBalanceId(), record.getSkipQueue(), instant(record.getScheduledForMs()),
                instant(record.getInflightExpiryMs()), instant(record.getInflightCommitMs()));
        return TransactionJson.of(row);
    }

    /** {@code balance.monitor}: the monitor as Blnk sends it, plus the transaction and balance that caused it. */
    public static WebhookEvent balanceMonitor(String id, BalanceMonitorAlert alert) {
        return event(id, "balance.monitor", MonitorAlertJson.of(alert));
    }

    /**
     * The record's {@code meta_data} with the keys Blnk shows on its rows, as {@code GET /transactions} adds them
     * ({@code TransactionQueries}): {@code blnk_rejection_reason} on a REJECTED record, and
     * {@code QUEUED_PARENT_TRANSACTION} (the parent, or a QUEUED record's own id).
     */
    static String metaDataAsServed(TransactionRecord record) {
        Map<String, String> added = new LinkedHashMap<>();
        if ("REJECTED".equals(record.getStatus()) && record.getRejectionMessage() != null) {
            added.put("blnk_rejection_reason", record.getRejectionMessage());
        }
        if (!record.getParentTransaction().isEmpty()) {
            added.put("QUEUED_PARENT_TRANSACTION", record.getParentTransaction());
        } else if ("QUEUED".equals(record.getStatus())) {
            added.put("QUEUED_PARENT_TRANSACTION", record.getTransactionId());
        }
        String stored = jsonObject(record.getMetaDataJson());
        if (added.isEmpty()) {
            return stored;
        }
        try {
            JsonNode parsed = JSON.readTree(stored);
            ObjectNode merged = parsed instanceof ObjectNode object ? object : JSON.createObjectNode();
            added.forEach(merged::put);
            return JSON.writeValueAsString(merged);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("meta_data of " + record.getTransactionId() + " is not JSON", e);
        }
    }

    /**
     * {@code bulk_transaction.<status>}: Blnk's object ({@code transaction_count} unless failed, {@code error} when
     * failed), plus Ledgerline's {@code atomic}, {@code rejected_item} and {@code rejection_code} when an item failed.
     */
    public static WebhookEvent batchOutcome(String id, BatchOutcomeRecord outcome) {
        String status = outcome.getStatus().toLowerCase(Locale.ROOT);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batch_id", outcome.getBatchId());
        data.put("status", status);
        data.put("timestamp", BlnkTime.format(Instant.ofEpochMilli(outcome.getDecidedAtMs())));
        if (outcome.getError() == null) {
            data.put("transaction_count", outcome.getTransactionCount());
        } else {
            data.put("error", outcome.getError());
            data.put("rejected_item", outcome.getRejectedItem());
            data.put("rejection_code", outcome.getRejectionCode());
        }
        data.put("atomic", outcome.getAtomic());
        return event(id, "bulk_transaction." + status, data);
    }

    /** Every personal field, shown as its token in {@code identity.created}. */
    private static final java.util.Set<String> ALL_PERSONAL = java.util.Arrays.stream(IdentityField.values())
            .filter(IdentityField::personal).map(IdentityField::structName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * {@code identity.created} for an identity's first record (version 0): Blnk's identity object, except that every
     * personal field (names, e-mail, phone, street, post code) shows as its token, as a tokenized field reads, and is
     * never opened here. Blnk sends them in clear; here a receiver that needs one detokenizes it through the API, and
     * no personal value reaches a receiver, its logs or the webhook dead letters in clear.
     */
    public static Optional<WebhookEvent> identityCreated(String id, IdentityRecord identity) {
        if (identity.getVersion() != 0 || identity.getDeleted()) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("identity_id", identity.getIdentityId());
        Map<String, String> stored = new LinkedHashMap<>();
        identity.getFields().forEach((k, v) -> stored.put(k.toString(), v.toString()));
        data.putAll(IdentityView.fields(identity.getIdentityId(), stored, ALL_PERSONAL, Optional.empty()));
        data.put("dob", identity.getDobMs() == null ? BlnkTime.ZERO : BlnkTime.format(Instant.ofEpochMilli(identity.getDobMs())));
        data.put("created_at", BlnkTime.format(Instant.ofEpochMilli(identity.getCreatedAtMs())));
        ObjectNode metaData = (ObjectNode) JSON.readTree(jsonObject(identity.getMetaDataJson()));
        if (!identity.getTokenizedFields().isEmpty()) {
            ObjectNode fields = metaData.putObject("tokenized_fields");
            identity.getTokenizedFields().forEach(name -> fields.put(name.toString(), true));
        }
        data.put("meta_data", metaData);
        return Optional.of(event(id, "identity.created", data));
    }

    private static WebhookEvent event(String id, String name, Object data) {
        return new WebhookEvent(id, name, JSON.writeValueAsBytes(new Envelope(name, data)));
    }

    private static String jsonObject(String json) {
        return json == null || json.isBlank() ? "{}" : json;
    }

    private static BigInteger money(String minorUnits) {
        return new BigInteger(minorUnits);
    }

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }
}
