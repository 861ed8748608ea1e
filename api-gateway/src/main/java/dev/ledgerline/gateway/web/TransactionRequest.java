package dev.ledgerline.gateway.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.DerivedReference;
import dev.ledgerline.core.Ids;
import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.JsonFields;

/**
 * A validated Blnk {@code POST /transactions} body: one source and one destination, or a split
 * ({@code sources} or {@code destinations}, see {@link SplitSide}). Supports {@code inflight} (with
 * {@code inflight_expiry_date}/{@code inflight_commit_date}), {@code scheduled_for}, {@code skip_queue} and
 * {@code dry_run} (validated like the real request, then previewed by {@link DryRun}).
 * Checks run in Blnk's order: types (400 {@code GEN_MALFORMED_REQUEST}), features not built yet,
 * required fields, then amounts and identifiers (400 {@code TXN_VALIDATION_ERROR} or
 * {@code TXN_PRECISION_NOT_INTEGER}). Nothing is published unless all pass.
 */
final class TransactionRequest {

    final BigInteger preciseAmount;
    final long precision;
    /** {@code overdraft_limit x precision}, minor units; zero when not sent. */
    final BigInteger overdraftLimitMinor;
    final String currency;
    final String reference;
    final String description;
    /** As sent: a balance id or an {@code @indicator}. */
    final String source;
    final String destination;
    /** Resolved balance ids. */
    final String sourceId;
    final String destinationId;
    /** The split side ({@code sources} or {@code destinations}), or null for a single transfer; its side's fields are "". */
    final SplitSide split;
    final boolean allowOverdraft;
    final ObjectNode metaData;
    final Instant effectiveDate;
    final boolean inflight;
    final boolean skipQueue;
    /** Null when not sent, and always null with {@code skip_queue} (Blnk ignores it there, 3.3). */
    final Instant scheduledFor;
    /** Only with {@code inflight: true}; null otherwise. Past dates are accepted (they fire at once). */
    final Instant inflightExpiry;
    final Instant inflightCommit;
    /** {@code dry_run: true}: preview only, nothing is published ({@link DryRun}). */
    final boolean dryRun;

    private TransactionRequest(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        BigDecimal amount = fields.number("amount");
        BigDecimal precise = fields.number("precise_amount");
        BigDecimal precisionSent = fields.number("precision");
        BigDecimal overdraftLimit = fields.number("overdraft_limit");
        String currency = fields.string("currency");
        String reference = fields.string("reference");
        String description = fields.string("description");
        String source = fields.string("source");
        String destination = fields.string("destination");
        Boolean allowOverdraft = fields.bool("allow_overdraft");
        ObjectNode metaData = fields.object("meta_data");
        String effectiveDate = fields.string("effective_date");
        String scheduledFor = fields.string("scheduled_for");
        String inflightExpiry = fields.string("inflight_expiry_date");
        String inflightCommit = fields.string("inflight_commit_date");
        Boolean inflight = fields.bool("inflight");
        Boolean skipQueue = fields.bool("skip_queue");
        Boolean dryRun = fields.bool("dry_run");
        fields.bool("atomic"); // meaningful only for splits; a single transfer is atomic anyway

        // Blnk: when both are sent, only sources is used.
        List<ObjectNode> sources = fields.objects("sources");
        List<ObjectNode> destinations = sources == null ? fields.objects("destinations") : null;
        requireNotBlank(currency, "currency");
        requireNotBlank(reference, "reference");
        requireClientReference(reference);
        requireNotBlank(description, "description");
        if (sources == null) {
            requireNotBlank(source, "source");
        }
        if (destinations == null) {
            requireNotBlank(destination, "destination");
        }
        if (amount == null && precise == null) {
            throw ErrorMapper.transactionValidation("amount or precise_amount: one is required", "precise_amount");
        }
        if (amount != null && precise != null) {
            throw ErrorMapper.transactionValidation("amount and precise_amount: send only one", "precise_amount");
        }

        long precision;
        try {
            precision = Amounts.normalisePrecision(precisionSent);
        } catch (InvalidAmountException e) {
            throw ErrorMapper.transactionAmount(e, "precision");
        }
        this.precision = precision;
        this.preciseAmount = precise != null ? exactMinorUnits(precise, precision) : fromMajorUnits(amount, precision, "amount");
        if (preciseAmount.signum() <= 0) {
            throw ErrorMapper.transactionValidation("precise_amount: must be greater than zero", "precise_amount");
        }
        this.overdraftLimitMinor = overdraftLimit == null ? BigInteger.ZERO : fromMajorUnits(overdraftLimit, precision, "overdraft_limit");

        if (sources != null) {
            this.destinationId = resolve(destination, currency, "destination");
            this.sourceId = "";
            this.split = SplitSide.parse("sources", true, sources, preciseAmount, precision, currency, destinationId);
        } else if (destinations != null) {
            this.sourceId = resolve(source, currency, "source");
            this.destinationId = "";
            this.split = SplitSide.parse("destinations", false, destinations, preciseAmount, precision, currency, sourceId);
        } else {
            this.sourceId = resolve(source, currency, "source");
            this.destinationId = resolve(destination, currency, "destination");
            this.split = null;
            if (source.equals(destination) || sourceId.equals(destinationId)) {
                throw ErrorMapper.transactionValidation("source and destination must be different", "destination");
            }
        }

        Instant effective = optionalDate(effectiveDate, "effective_date");
        Instant scheduled = optionalDate(scheduledFor, "scheduled_for");
        Instant expiry = optionalDate(inflightExpiry, "inflight_expiry_date");
        Instant commit = optionalDate(inflightCommit, "inflight_commit_date");
        this.inflight = Boolean.TRUE.equals(inflight);
        this.skipQueue = Boolean.TRUE.equals(skipQueue);
        this.scheduledFor = this.skipQueue ? null : scheduled;
        this.inflightExpiry = this.inflight ? expiry : null;
        this.inflightCommit = this.inflight ? commit : null;

        this.currency = currency;
        this.reference = reference;
        this.description = description;
        this.source = sources == null ? source : "";
        this.destination = destinations == null ? destination : "";
        this.allowOverdraft = Boolean.TRUE.equals(allowOverdraft);
        this.metaData = metaData;
        this.effectiveDate = effective;
        this.dryRun = Boolean.TRUE.equals(dryRun);
    }

    static TransactionRequest validate(ObjectNode body) {
        return new TransactionRequest(body);
    }

    /** {@code precise_amount} must be a whole number of minor units, usable with {@code precision}. */
    private static BigInteger exactMinorUnits(BigDecimal precise, long precision) {
        BigInteger minor;
        try {
            minor = precise.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw ErrorMapper.transactionValidation("precise_amount: must be an integer", "precise_amount");
        }
        try {
            Amounts.toMajor(minor, precision); // refuses precisions that make amount inexact
        } catch (InvalidAmountException e) {
            throw ErrorMapper.transactionAmount(e, "precision");
        }
        return minor;
    }

    private static BigInteger fromMajorUnits(BigDecimal major, long precision, String field) {
        try {
            return Amounts.toPrecise(major, precision);
        } catch (InvalidAmountException e) {
            throw ErrorMapper.transactionAmount(e, field);
        }
    }

    /** {@code @Name} becomes its deterministic balance id in this currency; a {@code bln_} id stays. */
    static String resolve(String identifier, String currency, String field) {
        if (Ids.isIndicator(identifier)) {
            return Ids.indicatorBalanceId(identifier, currency);
        }
        if (identifier.startsWith(Ids.BALANCE_PREFIX) && identifier.length() > Ids.BALANCE_PREFIX.length()) {
            return identifier;
        }
        throw ErrorMapper.transactionValidation(field + ": must be a balance id (bln_...) or an @indicator", field);
    }

    /** An optional RFC 3339 date-time field: null when absent or blank, 400 when unparseable. */
    private static Instant optionalDate(String text, String field) {
        if (!notBlank(text)) {
            return null;
        }
        Instant instant = BlnkTime.parseOrNull(text);
        if (instant == null) {
            throw ErrorMapper.transactionValidation(field + ": must be an RFC 3339 date-time (e.g. 2024-01-31T15:04:05Z) "
                    + "in the years 0001 to 9999", field);
        }
        return instant;
    }

    /** A client reference may not take a form Ledgerline derives from references ({@link DerivedReference}). */
    private static void requireClientReference(String reference) {
        DerivedReference form = Ids.derivedForm(reference);
        if (form != null) {
            throw ErrorMapper.transactionValidation("reference: must not contain or end with '" + form.marker()
                    + "' in the form Ledgerline uses for derived references (outcome _q, _refund, _commit_<n>, "
                    + "_void_<n>, _dup_, and fund lineage's _shadow_<provider>, _release_<provider>, "
                    + "_receive_<provider>)", "reference");
        }
    }

    private static void requireNotBlank(String value, String field) {
        if (!notBlank(value)) {
            throw ErrorMapper.transactionValidation(field + ": cannot be blank", field);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
