package dev.ledgerline.gateway.hooks;

import java.util.Optional;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.core.hooks.HookDefinition;
import dev.ledgerline.core.hooks.HookRefusal;
import dev.ledgerline.core.hooks.HookRules;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.gateway.web.ProjectionClient;
import dev.ledgerline.wire.v1.DeleteHook;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.SaveHook;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Blnk's {@code /hooks} routes (master key only: {@code AccessPolicy}). Hooks are ledger data: a create, update or
 * delete is validated here ({@link HookRules}), then sent as a command to the hooks' single owner, the processor's
 * ledger registry (keyed by hook id), which decides it and publishes the hook to {@code ledger.hooks}; the answer
 * comes after that decision, and an invalid request writes nothing. Reads are served by projection-service, which
 * follows {@code ledger.hooks} and adds each hook's {@code last_run} and {@code last_success}.
 */
@RestController
public class HookController {

    private final LedgerCommandSender sender;
    private final ProjectionClient projection;

    public HookController(LedgerCommandSender sender, ProjectionClient projection) {
        this.sender = sender;
        this.projection = projection;
    }

    @PostMapping("/hooks")
    public Mono<ResponseEntity<String>> create(@RequestBody(required = false) byte[] body) {
        Validated request = validated(body);
        if (request.error() != null) {
            return Mono.just(request.error());
        }
        String id = "hook_" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        return decided(id, save(id, true, request.definition(), now)).map(refusal -> refusal.orElseGet(() ->
                json(201, render(id, request.definition(), now, Optional.empty()))));
    }

    /** A full replace, validated as a create (Blnk validates nothing here). */
    @PutMapping("/hooks/{id}")
    public Mono<ResponseEntity<String>> update(@PathVariable("id") String id,
                                               @RequestBody(required = false) byte[] body) {
        Validated request = validated(body);
        if (request.error() != null) {
            return Mono.just(request.error());
        }
        long now = System.currentTimeMillis();
        return decided(id, save(id, false, request.definition(), now)).flatMap(refusal -> {
            if (refusal.isPresent()) {
                return Mono.just(refusal.get());
            }
            // created_at, last_run and last_success as stored; the projection follows the owner by milliseconds
            return projection.hook(id).onErrorReturn(Optional.empty())
                    .map(stored -> json(200, render(id, request.definition(), now, stored)));
        });
    }

    @DeleteMapping("/hooks/{id}")
    public Mono<ResponseEntity<String>> delete(@PathVariable("id") String id) {
        LedgerCommand command = command(new DeleteHook(id, System.currentTimeMillis()));
        return decided(id, command).map(refusal -> refusal.orElseGet(() -> {
            ObjectNode answer = Json.object();
            answer.put("message", "hook deleted successfully");
            return json(200, answer);
        }));
    }

    @GetMapping({"/hooks", "/hooks/{id}"})
    public Mono<ResponseEntity<byte[]>> read(ServerHttpRequest request) {
        return projection.forward(request);
    }

    private record Validated(HookDefinition definition, ResponseEntity<String> error) {
    }

    private static Validated validated(byte[] body) {
        HookRules.Request request;
        try {
            request = HookRequests.read(Json.parseObject(body));
        } catch (ApiException | HookRequests.HookRequestException e) {
            return new Validated(null, HookErrors.invalid(e.getMessage()));
        }
        HookRules.Outcome outcome = HookRules.validate(request);
        return outcome.isValid() ? new Validated(outcome.definition(), null)
                : new Validated(null, HookErrors.invalid(outcome.problem()));
    }

    private static LedgerCommand save(String id, boolean create, HookDefinition hook, long now) {
        return command(new SaveHook(id, create, hook.name(), hook.url(), hook.type().name(), hook.active(),
                hook.timeoutSeconds(), hook.retryCount(), now));
    }

    private static LedgerCommand command(Object payload) {
        return LedgerCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(System.currentTimeMillis())
                .setPayload(payload)
                .build();
    }

    /** Sends the command to the hook's owner; the owner's refusal as Blnk's bare error, empty when accepted. */
    private Mono<Optional<ResponseEntity<String>>> decided(String hookId, LedgerCommand command) {
        return sender.send(hookId, command).map(reply -> reply.getOk() ? Optional.empty()
                : Optional.of(refusal(hookId, reply)));
    }

    private static ResponseEntity<String> refusal(String hookId, Reply reply) {
        String code = reply.getCode() == null ? "" : reply.getCode();
        if (HookRefusal.HOOK_NOT_FOUND.name().equals(code)) {
            return HookErrors.notFound(hookId);
        }
        if (HookRefusal.HOOK_ALREADY_EXISTS.name().equals(code)) {
            return HookErrors.bare(409, "CONFLICT", code, "hook with ID '" + hookId + "' already exists");
        }
        throw ErrorMapper.fromReply(reply);
    }

    /** Blnk's hook object, in Blnk's field order. */
    static ObjectNode render(String id, HookDefinition hook, long createdAtMs, Optional<JsonNode> stored) {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", hook.name());
        json.put("url", hook.url());
        json.put("type", hook.type().name());
        json.put("active", hook.active());
        json.put("timeout", hook.timeoutSeconds());
        json.put("retry_count", hook.retryCount());
        json.put("created_at", stored.map(s -> s.path("created_at").asString(BlnkTime.formatMillis(createdAtMs)))
                .orElse(BlnkTime.formatMillis(createdAtMs)));
        json.put("last_run", stored.map(s -> s.path("last_run").asString(BlnkTime.ZERO)).orElse(BlnkTime.ZERO));
        json.put("last_success", stored.map(s -> s.path("last_success").asBoolean(false)).orElse(false));
        return json;
    }

    private static ResponseEntity<String> json(int status, ObjectNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Json.write(body));
    }
}
