package dev.ledgerline.gateway.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.InvalidAmountException;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Commit and void of inflight transactions, one ({@code PUT /transactions/inflight/{id}}) or many
 * ({@code POST /transactions/inflight/bulk/commit|void}). Each action is an {@link InflightAction}
 * keyed by the inflight's root (QUEUED) id; the client may pass the root id or the INFLIGHT
 * {@code _q} record's id (resolved through the projection, {@link StoredTransaction#inflightRoot()}), or a split's or
 * bulk batch's id (sent as is: the group's coordinator acts on every leg and answers once all have answered).
 * The gateway waits for the processor's reply: queued (default) it carries the INFLIGHT record
 * (answered with {@code "queued": true}); with {@code skip_queue} the new APPLIED or VOID record.
 */
@RestController
public class InflightController {

    static final String COMMIT = "commit";
    static final String VOID = "void";
    static final int BULK_LIMIT = 100;
    /** Like Blnk's 8-worker pool: at most this many actions of one bulk request in flight at once. */
    static final int BULK_CONCURRENCY = 8;

    private final ProjectionClient projection;
    private final LedgerCommandSender sender;
    private final DryRun dryRun;

    public InflightController(ProjectionClient projection, LedgerCommandSender sender, DryRun dryRun) {
        this.projection = projection;
        this.sender = sender;
        this.dryRun = dryRun;
    }

    @PutMapping("/transactions/inflight/{id}")
    public Mono<ResponseEntity<String>> updateInflight(@PathVariable("id") String id,
                                                       @RequestBody(required = false) byte[] body) {
        JsonFields fields = new JsonFields(Json.parseObject(body));
        String status = fields.string("status");
        BigDecimal amount = fields.number("amount");
        BigDecimal precise = fields.number("precise_amount");
        boolean skipQueue = Boolean.TRUE.equals(fields.bool("skip_queue"));
        boolean preview = Boolean.TRUE.equals(fields.bool("dry_run"));
        if (!COMMIT.equals(status) && !VOID.equals(status)) {
            throw ErrorMapper.rejection(RejectionReason.INVALID_STATUS_ACTION,
                    "status must be commit or void, got " + (status == null ? "nothing" : "'" + status + "'"));
        }
        CommitAmount commitAmount = COMMIT.equals(status) ? CommitAmount.of(amount, precise) : CommitAmount.ALL;
        if (preview) {
            return preview(id, status, commitAmount);
        }

        return act(id, status, commitAmount, skipQueue).map(record -> {
            ObjectNode answer = TransactionRenderer.render(record);
            if (!skipQueue) {
                answer.put("queued", true);
            }
            return JsonResponses.of(HttpStatus.OK, answer);
        });
    }

    @PostMapping("/transactions/inflight/bulk/commit")
    public Mono<ResponseEntity<String>> bulkCommit(@RequestBody(required = false) byte[] body) {
        ObjectNode json = Json.parseObject(body);
        JsonFields fields = new JsonFields(json);
        boolean skipQueue = Boolean.TRUE.equals(fields.bool("skip_queue"));
        boolean preview = Boolean.TRUE.equals(fields.bool("dry_run"));
        List<BulkItem> items = new ArrayList<>();
        JsonNode list = bulkList(json, "transactions");
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            String field = "transactions[" + i + "]";
            if (!element.isObject()) {
                throw ErrorMapper.malformed(field + " must be an object", "transactions");
            }
            JsonFields item = new JsonFields((ObjectNode) element);
            String transactionId = requireId(item.string("transaction_id"), field + ".transaction_id");
            BigDecimal amount = item.number("amount");
            BigDecimal precise = item.number("precise_amount");
            CommitAmount commitAmount;
            ApiInvalid invalid = null;
            try {
                commitAmount = CommitAmount.of(amount, precise);
            } catch (RuntimeException e) {
                commitAmount = null;
                invalid = new ApiInvalid(e);
            }
            items.add(new BulkItem(transactionId, commitAmount, invalid));
        }
        return preview ? bulkPreview(items, COMMIT) : bulk(items, COMMIT, skipQueue);
    }

    @PostMapping("/transactions/inflight/bulk/void")
    public Mono<ResponseEntity<String>> bulkVoid(@RequestBody(required = false) byte[] body) {
        ObjectNode json = Json.parseObject(body);
        JsonFields fields = new JsonFields(json);
        boolean skipQueue = Boolean.TRUE.equals(fields.bool("skip_queue"));
        boolean preview = Boolean.TRUE.equals(fields.bool("dry_run"));
        List<BulkItem> items = new ArrayList<>();
        JsonNode list = bulkList(json, "transaction_ids");
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            String field = "transaction_ids[" + i + "]";
            if (!element.isString()) {
                throw ErrorMapper.malformed(field + " must be a string", "transaction_ids");
            }
            items.add(new BulkItem(requireId(element.stringValue(), field), CommitAmount.ALL, null));
        }
        return preview ? bulkPreview(items, VOID) : bulk(items, VOID, skipQueue);
    }

    /**
     * Resolves the root, publishes the action keyed by it, and returns the record the reply carries. A split's or bulk
     * batch's id is not a stored record: it is published as is, and the group's coordinator sends the action to every
     * leg from its own list (the read model is never asked which legs a group has).
     */
    private Mono<TransactionRecord> act(String id, String action, CommitAmount amount, boolean skipQueue) {
        return StoredTransaction.lookup(projection, id)
                .flatMap(found -> actOn(found, action, amount, skipQueue).onErrorMap(found::unresolved));
    }

    /** {@code dry_run}: the same lookups and refusals as {@link #act}, previewed by {@link DryRun}. */
    private Mono<ResponseEntity<String>> preview(String id, String action, CommitAmount amount) {
        return GroupParents.resolve(projection, id).flatMap(target -> {
            if (target.isGroup()) {
                if (amount.precise() != null || amount.major() != null) {
                    throw partialGroupCommit();
                }
                return dryRun.inflight(id, target.legIds(), COMMIT.equals(action), null);
            }
            StoredTransaction stored = new StoredTransaction(id, target.record());
            String precise = COMMIT.equals(action) ? amount.preciseFor(stored) : null;
            return dryRun.inflight(id, List.of(stored.inflightRoot()), COMMIT.equals(action),
                    precise == null ? null : new BigInteger(precise));
        });
    }

    /**
     * {@code dry_run} of a bulk commit or void: each item resolved as {@link #act} resolves it (a group id to its
     * legs), then previewed in request order by {@link DryRun#bulkInflight}. An item that cannot be resolved is a
     * failed result, as it would be for real.
     */
    private Mono<ResponseEntity<String>> bulkPreview(List<BulkItem> items, String action) {
        boolean commit = COMMIT.equals(action);
        return Flux.fromIterable(items)
                .flatMapSequential(item -> previewItem(item, commit), BULK_CONCURRENCY)
                .collectList()
                .flatMap(resolved -> dryRun.bulkInflight(resolved, commit));
    }

    private Mono<DryRun.BulkInflightItem> previewItem(BulkItem item, boolean commit) {
        if (item.invalid != null) {
            return Mono.just(DryRun.BulkInflightItem.refused(item.transactionId, item.invalid.cause));
        }
        return GroupParents.resolve(projection, item.transactionId).map(target -> {
            if (target.isGroup()) {
                if (item.amount.precise() != null || item.amount.major() != null) {
                    throw partialGroupCommit();
                }
                return new DryRun.BulkInflightItem(item.transactionId, target.legIds(), null, null);
            }
            StoredTransaction stored = new StoredTransaction(item.transactionId, target.record());
            String precise = commit ? item.amount.preciseFor(stored) : null;
            return new DryRun.BulkInflightItem(item.transactionId, List.of(stored.inflightRoot()),
                    precise == null ? null : new BigInteger(precise), null);
        }).onErrorResume(RuntimeException.class,
                error -> Mono.just(DryRun.BulkInflightItem.refused(item.transactionId, error)));
    }

    private static RuntimeException partialGroupCommit() {
        return ErrorMapper.transactionValidation("a split or bulk id commits its legs in full; commit a leg by "
                + "its own id to commit part of it", "amount");
    }

    private Mono<TransactionRecord> actOn(StoredTransaction found, String action, CommitAmount amount, boolean skipQueue) {
        return Mono.defer(() -> {
                    String rootId = found.inflightRoot();
                    InflightAction payload = InflightAction.newBuilder()
                            .setTransactionId(rootId)
                            .setAction(action)
                            .setPreciseAmount(COMMIT.equals(action) ? amount.preciseIfKnown(found) : null)
                            .setAmount(COMMIT.equals(action) ? amount.majorIfUnconverted(found) : null)
                            .setSkipQueue(skipQueue)
                            .build();
                    TransactionCommand command = TransactionCommand.newBuilder()
                            .setRequestId(UUID.randomUUID().toString())
                            .setAcceptedAtMs(System.currentTimeMillis())
                            .setPayload(payload)
                            .build();
                    return sender.send(rootId, command);
                })
                .map(Replies::recordOf);
    }

    /** Blnk's bulk answer: always 200, one result per item in request order, counted. */
    private Mono<ResponseEntity<String>> bulk(List<BulkItem> items, String action, boolean skipQueue) {
        return Flux.fromIterable(items)
                .flatMapSequential(item -> bulkResult(item, action, skipQueue), BULK_CONCURRENCY)
                .collectList()
                .map(results -> {
                    ObjectNode answer = Json.object();
                    long succeeded = results.stream().filter(r -> !"failed".equals(r.get("status").stringValue())).count();
                    answer.put("succeeded", succeeded);
                    answer.put("failed", results.size() - succeeded);
                    ArrayNode array = answer.putArray("results");
                    results.forEach(array::add);
                    return JsonResponses.of(HttpStatus.OK, answer);
                });
    }

    private Mono<ObjectNode> bulkResult(BulkItem item, String action, boolean skipQueue) {
        if (item.invalid != null) {
            return Mono.just(result(item.transactionId, "failed", ErrorMapper.bulkCodeOf(item.invalid.cause),
                    ErrorMapper.toApiException(item.invalid.cause).getMessage()));
        }
        return act(item.transactionId, action, item.amount, skipQueue)
                .map(record -> skipQueue
                        ? result(item.transactionId, "succeeded", record.getStatus(), COMMIT.equals(action) ? "committed" : "voided")
                        : result(item.transactionId, "queued", "QUEUED", action + " queued"))
                .onErrorResume(error -> Mono.just(result(item.transactionId, "failed", ErrorMapper.bulkCodeOf(error),
                        ErrorMapper.toApiException(error).getMessage())));
    }

    private static ObjectNode result(String transactionId, String status, String code, String message) {
        ObjectNode result = Json.object();
        result.put("transaction_id", transactionId);
        result.put("status", status);
        result.put("code", code);
        result.put("message", message);
        return result;
    }

    private static JsonNode bulkList(ObjectNode body, String field) {
        JsonNode list = body.get(field);
        if (list == null || list.isNull()) {
            throw ErrorMapper.transactionValidation(field + ": at least one is required", field);
        }
        if (!list.isArray()) {
            throw ErrorMapper.malformed(field + " must be an array", field);
        }
        if (list.isEmpty()) {
            throw ErrorMapper.transactionValidation(field + ": at least one is required", field);
        }
        if (list.size() > BULK_LIMIT) {
            throw ErrorMapper.transactionValidation(field + ": at most " + BULK_LIMIT + " per request", field);
        }
        return list;
    }

    private static String requireId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw ErrorMapper.transactionValidation(field + ": cannot be blank", field);
        }
        return id;
    }

    /** A per-item validation failure of a bulk request: reported in that item's result, nothing published. */
    private record ApiInvalid(RuntimeException cause) {
    }

    private record BulkItem(String transactionId, CommitAmount amount, ApiInvalid invalid) {
    }

    /**
     * How much a commit commits. {@code precise_amount} (minor units, must be a whole number > 0) wins
     * over {@code amount}; {@code amount} (major units; 0 means "not given", as in Blnk) is converted with
     * the precision of the stored transaction; neither = all that remains (null on the wire).
     */
    record CommitAmount(BigInteger precise, BigDecimal major) {

        static final CommitAmount ALL = new CommitAmount(null, null);

        static CommitAmount of(BigDecimal amount, BigDecimal precise) {
            if (precise != null) {
                BigInteger minor;
                try {
                    minor = precise.toBigIntegerExact();
                } catch (ArithmeticException e) {
                    throw ErrorMapper.transactionValidation("precise_amount: must be an integer", "precise_amount");
                }
                if (minor.signum() <= 0) {
                    throw ErrorMapper.transactionValidation("precise_amount: must be greater than zero", "precise_amount");
                }
                return new CommitAmount(minor, null);
            }
            if (amount != null && amount.signum() < 0) {
                throw ErrorMapper.transactionValidation("amount: must not be negative", "amount");
            }
            if (amount != null && amount.signum() > 0) {
                return new CommitAmount(null, amount);
            }
            return ALL;
        }

        /**
         * The wire {@code precise_amount} when the gateway can convert: given in minor units, or in major units
         * of a transaction the read model already holds. Null = all that remains, or converted by the processor.
         */
        String preciseIfKnown(StoredTransaction stored) {
            return precise == null && major != null && stored.precision() == null ? null : preciseFor(stored);
        }

        /**
         * The wire {@code amount}: a major amount the gateway cannot convert because the transaction is not
         * readable yet (just created). The processor holds it and converts it; the command never waits for the
         * read model.
         */
        String majorIfUnconverted(StoredTransaction stored) {
            return precise == null && major != null && stored.precision() == null ? major.toPlainString() : null;
        }

        /** The wire {@code precise_amount}, converted here (a dry run has no processor to ask): null = all. */
        String preciseFor(StoredTransaction stored) {
            if (precise != null) {
                return precise.toString();
            }
            if (major == null) {
                return null;
            }
            BigDecimal precision = stored.precision();
            if (precision == null) {
                // Not projected yet (or unknown): without its precision the amount cannot be converted.
                throw ErrorMapper.rejection(RejectionReason.TRANSACTION_NOT_FOUND,
                        "transaction not found (needed for its precision to convert amount; send precise_amount instead)");
            }
            BigInteger minor;
            try {
                minor = Amounts.toPrecise(major, Amounts.normalisePrecision(precision));
            } catch (InvalidAmountException e) {
                throw ErrorMapper.transactionAmount(e, "amount");
            }
            if (minor.signum() <= 0) {
                throw ErrorMapper.transactionValidation("amount: is less than one minor unit at the transaction's precision", "amount");
            }
            return minor.toString();
        }
    }
}
