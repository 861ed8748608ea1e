package dev.ledgerline.projection.hooks;

import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.projection.http.BlnkTime;
import dev.ledgerline.wire.v1.HookRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /hooks/{id}} and {@code GET /hooks?type=} (the gateway forwards them; it checked the master key): hooks
 * from {@link HookDirectory}, with {@code last_run} and {@code last_success} from {@link HookRuns}. A type that is
 * neither PRE_TRANSACTION nor POST_TRANSACTION lists nothing, as in Blnk.
 */
@RestController
public class HookQueryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HookDirectory directory;
    private final HookRuns runs;

    public HookQueryController(HookDirectory directory, HookRuns runs) {
        this.directory = directory;
        this.runs = runs;
    }

    @GetMapping("/hooks/{id}")
    public Mono<ResponseEntity<String>> hook(@PathVariable("id") String id) {
        Optional<HookRecord> hook = directory.byId(id);
        if (hook.isEmpty()) {
            return Mono.just(notFound(id));
        }
        return runs.find(id).map(run -> json(render(hook.get(), run)));
    }

    @GetMapping("/hooks")
    public Mono<ResponseEntity<String>> list(@RequestParam(name = "type", required = false) String type) {
        List<HookRecord> hooks = directory.all().stream()
                .filter(hook -> type == null || type.isEmpty() || hook.getHookType().equals(type))
                .toList();
        return Flux.fromIterable(hooks)
                .concatMap(hook -> runs.find(hook.getHookId()).map(run -> render(hook, run)))
                .collectList()
                .map(rendered -> {
                    ArrayNode list = JSON.createArrayNode();
                    rendered.forEach(list::add);
                    return json(list.toString());
                });
    }

    /** Blnk's hook object, in Blnk's field order; {@code timeout} in seconds. */
    static ObjectNode render(HookRecord hook, Optional<HookRuns.Run> run) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", hook.getHookId());
        json.put("name", hook.getName());
        json.put("url", hook.getUrl());
        json.put("type", hook.getHookType());
        json.put("active", hook.getActive());
        json.put("timeout", hook.getTimeoutSeconds());
        json.put("retry_count", hook.getRetryCount());
        json.put("created_at", BlnkTime.format(java.time.Instant.ofEpochMilli(hook.getCreatedAtMs())));
        json.put("last_run", run.map(r -> BlnkTime.format(r.lastRun())).orElse(BlnkTime.ZERO));
        json.put("last_success", run.map(HookRuns.Run::lastSuccess).orElse(false));
        return json;
    }

    private static ResponseEntity<String> json(ObjectNode body) {
        return json(body.toString());
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** Blnk's bare error shape of the hook routes. */
    private static ResponseEntity<String> notFound(String id) {
        ObjectNode body = JSON.createObjectNode();
        String message = "hook with ID '" + id + "' not found";
        body.put("code", "NOT_FOUND");
        body.put("message", message);
        body.putObject("details");
        ObjectNode detail = body.putObject("error_detail");
        detail.put("code", "HOOK_NOT_FOUND");
        detail.put("message", message);
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
}
