package dev.ledgerline.gateway.web;

import java.math.BigInteger;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.TransactionStatus;
import dev.ledgerline.core.Amounts;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.TransactionLifecycle;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.wire.v1.TransactionSpec;

/** Blnk's {@code TransactionPreview} JSON for {@link DryRun}: the head, money, legs, rejections and notes. */
final class DryRunPreviews {

    static final String PROJECTION_NOTE =
            "preview from the projection; queued transactions not yet applied are not included";
    static final String NOTHING_WRITTEN_NOTE = "dry run: nothing was published or written";

    /** One leg of a preview and its refusal (null when it would apply). */
    record Leg(String transactionId, String reference, String source, String destination, BigInteger amount,
               RejectionReason rejection) {
    }

    private DryRunPreviews() {
    }

    static ObjectNode createPreview(TransactionSpec spec, List<Leg> legs) {
        RejectionReason rejection = firstRejection(legs);
        TransactionStatus status = rejection != null ? TransactionStatus.REJECTED
                : spec.getScheduledForMs() != null ? TransactionStatus.SCHEDULED
                : spec.getInflight() ? TransactionStatus.INFLIGHT : TransactionStatus.APPLIED;
        ObjectNode body = head("create", rejection, status);
        body.put("transaction_id", spec.getTransactionId());
        body.put("reference", spec.getReference());
        money(body, spec.getCurrency(), new BigInteger(spec.getPreciseAmount()), spec.getPrecision());
        if (!spec.getSource().isEmpty()) {
            body.put("source", spec.getSource());
        }
        if (!spec.getDestination().isEmpty()) {
            body.put("destination", spec.getDestination());
        }
        body.put("inflight", spec.getInflight());
        body.set("legs", legs(legs));
        return body;
    }

    static ObjectNode actionPreview(String operation, String requestedId, List<DryRunLifecycle> read,
                                            List<Leg> legs, BigInteger moved, TransactionStatus statusWhenApplied) {
        // Several legs (a group id): it applies when any leg does, as the real request answers the first success.
        boolean any = legs.stream().anyMatch(leg -> leg.rejection() == null);
        RejectionReason rejection = any ? null : firstRejection(legs);
        ObjectNode body = head(operation, rejection, rejection == null ? statusWhenApplied : TransactionStatus.REJECTED);
        DryRunLifecycle first = read.get(0);
        body.put("transaction_id", requestedId);
        body.put("reference", DryRunLifecycle.text(first.root(), "reference"));
        long precision = first.root() == null ? 1 : first.root().get("precision").asLong();
        money(body, DryRunLifecycle.text(first.root(), "currency"), any ? moved : legs.get(0).amount(), precision);
        body.set("legs", legs(legs));
        return body;
    }

    /**
     * The preview of a bulk commit or void item refused before anything was read (its amount is invalid, or its id
     * cannot be resolved): Blnk's {@code TransactionPreview} with the error as its rejection.
     */
    static ObjectNode refusedAction(String operation, String requestedId, RuntimeException refusal) {
        ApiException error = ErrorMapper.toApiException(refusal);
        ObjectNode body = Json.object();
        body.put("dry_run", true);
        body.put("would_apply", false);
        ObjectNode rejection = body.putObject("rejection");
        rejection.put("code", error.code());
        Object reason = error.details().get("reason");
        if (reason != null) {
            rejection.put("reason", reason.toString());
        }
        rejection.put("message", error.getMessage());
        body.put("operation", operation);
        body.put("status", TransactionStatus.REJECTED.name());
        body.put("transaction_id", requestedId);
        return body;
    }

    static ObjectNode head(String operation, RejectionReason rejection, TransactionStatus status) {
        ObjectNode body = Json.object();
        body.put("dry_run", true);
        body.put("would_apply", rejection == null);
        if (rejection == null) {
            body.putNull("rejection");
        } else {
            body.set("rejection", rejection(rejection));
        }
        body.put("operation", operation);
        body.put("status", status.name());
        return body;
    }

    static void money(ObjectNode body, String currency, BigInteger precise, long precision) {
        body.put("currency", currency);
        body.put("amount", Amounts.toMajor(precise, Math.max(precision, 1)));
        body.put("precise_amount", precise.toString());
        body.put("precision", precision);
    }

    static ObjectNode rejection(RejectionReason reason) {
        ObjectNode node = Json.object();
        node.put("code", reason.errorCode());
        node.put("reason", reason.name());
        node.put("message", reason.message());
        return node;
    }

    static RejectionReason firstRejection(List<Leg> legs) {
        // The reason that refused the group, not the GROUP_ABORTED of the legs released because of it.
        return legs.stream().map(Leg::rejection).filter(r -> r != null && r != RejectionReason.GROUP_ABORTED)
                .findFirst().orElse(legs.stream().map(Leg::rejection).filter(r -> r != null).findFirst().orElse(null));
    }

    static ArrayNode legs(List<Leg> legs) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Leg leg : legs) {
            ObjectNode item = array.addObject();
            item.put("transaction_id", leg.transactionId());
            item.put("reference", leg.reference());
            item.put("source", leg.source());
            item.put("destination", leg.destination());
            item.put("precise_amount", leg.amount().toString());
            item.put("would_apply", leg.rejection() == null);
            if (leg.rejection() == null) {
                item.putNull("rejection");
            } else {
                item.set("rejection", rejection(leg.rejection()));
            }
        }
        return array;
    }

    static ArrayNode notes(boolean scheduled, String extra) {
        ArrayNode notes = Json.MAPPER.createArrayNode();
        notes.add(PROJECTION_NOTE);
        notes.add(NOTHING_WRITTEN_NOTE);
        if (scheduled) {
            notes.add("scheduled: the processor checks the balances when it runs; this preview uses today's balances");
        }
        if (extra != null) {
            notes.add(extra);
        }
        return notes;
    }
}
