package dev.ledgerline.gateway.web;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.input.TextRules;
import dev.ledgerline.core.monitor.InvalidMonitorException;
import dev.ledgerline.core.monitor.MonitorField;
import dev.ledgerline.core.monitor.MonitorOperator;
import dev.ledgerline.core.monitor.MonitorThreshold;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import dev.ledgerline.wire.v1.CreateBalanceMonitor;
import dev.ledgerline.wire.v1.DeleteBalanceMonitor;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.UpdateBalanceMonitor;
import reactor.core.publisher.Mono;

/**
 * Blnk's balance monitors ({@code /balance-monitors}, scope {@code balance-monitors}). Writes are commands keyed by
 * monitor id: the ledger registry knows each monitor's balance and hands the command to that balance's worker, which
 * owns the monitor and answers (an unknown balance: 400 "Invalid balance ID"; an unknown monitor: 404). Reads come
 * from the projection. The request is validated here, with ledger-core's rules, before anything is published.
 */
@RestController
public class BalanceMonitorController {

    private final LedgerCommandSender sender;
    private final ProjectionClient projection;

    public BalanceMonitorController(LedgerCommandSender sender, ProjectionClient projection) {
        this.sender = sender;
        this.projection = projection;
    }

    @PostMapping("/balance-monitors")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body) {
        long now = System.currentTimeMillis();
        String monitorId = Ids.monitorId(UUID.randomUUID());
        BalanceMonitorSpec monitor = monitorFrom(new JsonFields(Json.parseObject(body)), monitorId, true, now);
        LedgerCommand command = command(new CreateBalanceMonitor(monitor), now);
        return sender.send(monitor.getMonitorId(), command).map(reply -> {
            failUnlessOk(reply, monitor.getMonitorId());
            return JsonResponses.created(json(monitor));
        });
    }

    /** A full replace of the condition (precision included) and description; the monitor stays on its balance. */
    @PutMapping("/balance-monitors/{id}")
    public Mono<ResponseEntity<String>> update(@PathVariable("id") String id,
                                               @RequestBody(required = false) byte[] body) {
        requireId(id);
        long now = System.currentTimeMillis();
        BalanceMonitorSpec monitor = monitorFrom(new JsonFields(Json.parseObject(body)), id, false, now);
        return sender.send(id, command(new UpdateBalanceMonitor(monitor, now), now)).map(reply -> {
            failUnlessOk(reply, id);
            return message("BalanceMonitor updated successfully");
        });
    }

    @DeleteMapping("/balance-monitors/{id}")
    public Mono<ResponseEntity<String>> delete(@PathVariable("id") String id) {
        requireId(id);
        long now = System.currentTimeMillis();
        return sender.send(id, command(new DeleteBalanceMonitor(id, now), now)).map(reply -> {
            failUnlessOk(reply, id);
            return message("BalanceMonitor deleted successfully");
        });
    }

    @GetMapping({"/balance-monitors", "/balance-monitors/{id}", "/balance-monitors/balances/{balanceId}"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }

    /** Blnk's create request; in an update, {@code balance_id} may be left out (the monitor keeps its balance). */
    static BalanceMonitorSpec monitorFrom(JsonFields fields, String monitorId, boolean create, long nowMs) {
        String balanceId = fields.string("balance_id");
        if (create && (balanceId == null || balanceId.isBlank())) {
            throw ErrorMapper.validation("balance_id: cannot be blank.", "balance_id");
        }
        ObjectNode conditionNode = fields.object("condition");
        if (conditionNode == null) {
            throw ErrorMapper.validation("condition: cannot be blank.", "condition");
        }
        JsonFields condition = new JsonFields(conditionNode);
        MonitorField field = MonitorField.ofWire(required(condition.string("field"), "condition.field"))
                .orElseThrow(() -> ErrorMapper.validation("condition: (field: must be one of balance, credit_balance,"
                        + " debit_balance, inflight_balance, inflight_credit_balance, inflight_debit_balance.).",
                        "condition.field"));
        MonitorOperator operator = MonitorOperator.ofWire(required(condition.string("operator"), "condition.operator"))
                .orElseThrow(() -> ErrorMapper.validation(
                        "condition: (operator: must be one of >, <, >=, <=, =, !=.).", "condition.operator"));
        BigDecimal value = required(condition.number("value"), "condition.value");
        BigDecimal precision = required(condition.number("precision"), "condition.precision");
        MonitorThreshold threshold;
        try {
            threshold = MonitorThreshold.of(value, precision);
        } catch (InvalidMonitorException invalid) {
            throw ErrorMapper.validation("condition: (" + invalid.getMessage() + ").", invalid.field());
        }
        Boolean everyUpdate = fields.bool("fire_on_every_update");
        String description = fields.string("description");
        if (description != null && TextRules.textProblem(description) != null) {
            throw ErrorMapper.malformed("description " + TextRules.textProblem(description), "description");
        }
        return BalanceMonitorSpec.newBuilder()
                .setMonitorId(monitorId)
                .setBalanceId(balanceId == null ? "" : balanceId)
                .setField(field.wire())
                .setOperator(operator.wire())
                .setValue(threshold.value().toPlainString())
                .setPrecision(threshold.precision())
                .setPreciseValue(threshold.threshold().toString())
                .setFireOnEveryUpdate(Boolean.TRUE.equals(everyUpdate))
                .setDescription(description == null ? "" : description)
                .setCreatedAtMs(nowMs)
                .build();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            String name = field.substring(field.indexOf('.') + 1);
            throw ErrorMapper.validation("condition: (" + name + ": cannot be blank.).", field);
        }
        return value;
    }

    private static void requireId(String id) {
        if (TextRules.identifierProblem(id) != null) {
            throw ErrorMapper.malformed("id " + TextRules.identifierProblem(id), "id");
        }
    }

    private static LedgerCommand command(Object payload, long nowMs) {
        return LedgerCommand.newBuilder().setRequestId(UUID.randomUUID().toString()).setIssuedAtMs(nowMs)
                .setPayload(payload).build();
    }

    private static void failUnlessOk(Reply reply, String monitorId) {
        if (reply.getOk()) {
            return;
        }
        if (RejectionReason.BALANCE_MONITOR_NOT_FOUND.name().equals(reply.getCode())) {
            throw ErrorMapper.rejection(RejectionReason.BALANCE_MONITOR_NOT_FOUND,
                    "Monitor with ID '" + monitorId + "' not found");
        }
        throw ErrorMapper.fromReply(reply);
    }

    private static ResponseEntity<String> message(String text) {
        ObjectNode body = Json.object();
        body.put("message", text);
        return JsonResponses.of(HttpStatus.OK, body);
    }

    /** The monitor as Blnk answers it (and as projection-service serves it): exact numbers, never floats. */
    static ObjectNode json(BalanceMonitorSpec monitor) {
        ObjectNode body = Json.object();
        body.put("monitor_id", monitor.getMonitorId());
        body.put("balance_id", monitor.getBalanceId());
        ObjectNode condition = body.putObject("condition");
        condition.put("field", monitor.getField());
        condition.put("operator", monitor.getOperator());
        condition.put("value", new BigDecimal(monitor.getValue()));
        condition.put("precision", monitor.getPrecision());
        condition.put("precise_value", new java.math.BigInteger(monitor.getPreciseValue()));
        if (!monitor.getDescription().isEmpty()) {
            body.put("description", monitor.getDescription());
        }
        body.put("fire_on_every_update", monitor.getFireOnEveryUpdate());
        body.put("created_at", BlnkTime.formatMillis(monitor.getCreatedAtMs()));
        return body;
    }
}
