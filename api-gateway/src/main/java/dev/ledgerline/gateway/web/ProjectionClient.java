package dev.ledgerline.gateway.web;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.gateway.GatewayProperties;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.observability.access.InternalCredential;

import reactor.core.publisher.Mono;

/**
 * Forwards a read to projection-service and returns its status, content type and body unchanged.
 * The path and query are forwarded raw (still percent-encoded), so an encoded {@code @indicator}
 * or reference reaches the projection exactly as the client wrote it.
 */
@Component
public class ProjectionClient {

    private static final Logger log = LoggerFactory.getLogger(ProjectionClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;
    private final String baseUrl;

    /** Insecure mode: the projection asks for no credential. */
    public ProjectionClient(GatewayProperties properties) {
        this(properties, Optional.empty());
    }

    /** In secure mode the observability module provides the internal credential, sent on every call. */
    @Autowired
    public ProjectionClient(GatewayProperties properties, ObjectProvider<InternalCredential> credential) {
        this(properties, Optional.ofNullable(credential.getIfAvailable()));
    }

    ProjectionClient(GatewayProperties properties, Optional<InternalCredential> credential) {
        this.baseUrl = stripTrailingSlash(properties.projectionUrl());
        WebClient.Builder builder = WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024));
        credential.ifPresent(c -> builder.defaultHeader(InternalCredential.TOKEN_HEADER, c.token()));
        this.client = builder.build();
    }

    public Mono<ResponseEntity<byte[]>> forward(ServerHttpRequest request) {
        return forward(request, TIMEOUT);
    }

    /** A read that may take longer than the usual 10 s (the integrity verifier re-reads the whole log). */
    public Mono<ResponseEntity<byte[]>> forward(ServerHttpRequest request, Duration timeout) {
        URI target = target(request);
        return answer(target, client.get()
                .uri(target)
                .headers(headers -> copyIfPresent(request.getHeaders(), headers, HttpHeaders.ACCEPT)), timeout);
    }

    /** A read that carries a JSON body (Blnk's filter DSL), forwarded as it came. */
    public Mono<ResponseEntity<byte[]>> forwardWithBody(ServerHttpRequest request, byte[] body) {
        URI target = target(request);
        return answer(target, client.post()
                .uri(target)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .headers(headers -> copyIfPresent(request.getHeaders(), headers, HttpHeaders.ACCEPT))
                .bodyValue(body), TIMEOUT);
    }

    private URI target(ServerHttpRequest request) {
        String rawQuery = request.getURI().getRawQuery();
        return URI.create(baseUrl + request.getURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
    }

    private Mono<ResponseEntity<byte[]>> answer(URI target, WebClient.RequestHeadersSpec<?> call, Duration timeout) {
        return call
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> {
                            ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
                            response.headers().contentType().ifPresent(answer::contentType);
                            // a 429 from a scan already running says when to come back
                            response.headers().header(HttpHeaders.RETRY_AFTER).stream().findFirst()
                                    .ifPresent(value -> answer.header(HttpHeaders.RETRY_AFTER, value));
                            return answer.body(body);
                        }))
                .timeout(timeout)
                .onErrorMap(error -> {
                    // path only: a query string can carry filter values (names, e-mails) that logs must not hold
                    log.warn("Projection read {} failed: {}", target.getRawPath(), error.getClass().getSimpleName());
                    return ErrorMapper.projectionUnavailable();
                });
    }

    /**
     * The transaction {@code transactionId} as the projection shows it (Blnk JSON), empty when the
     * projection answers 404 (unknown, or not projected yet). Any other status, an unreadable body or
     * an unreachable projection is a 503 {@code GEN_SERVICE_UNAVAILABLE}.
     */
    public Mono<Optional<JsonNode>> transaction(String transactionId) {
        return lookup("/transactions/{id}", transactionId, "transaction");
    }

    /** The record with reference {@code reference}, empty on 404; errors as {@link #transaction}. */
    public Mono<Optional<JsonNode>> transactionByReference(String reference) {
        return lookup("/transactions/reference/{reference}", reference, "reference");
    }

    /** The balance {@code balanceId} (Blnk JSON), empty on 404 (unknown); errors as {@link #transaction}. */
    public Mono<Optional<JsonNode>> balance(String balanceId) {
        return lookup("/balances/{id}", balanceId, "balance");
    }

    /** The hook {@code hookId} (Blnk JSON, with {@code last_run}), empty on 404; errors as {@link #transaction}. */
    public Mono<Optional<JsonNode>> hook(String hookId) {
        return lookup("/hooks/{id}", hookId, "hook");
    }

    /** The webhook subscription {@code id} as projection-service answers it, empty on 404. */
    public Mono<Optional<JsonNode>> webhookSubscription(String id) {
        return lookup("/webhooks/subscriptions/{id}", id, "webhook subscription");
    }

    private Mono<Optional<JsonNode>> lookup(String path, String id, String what) {
        return client.get()
                .uri(baseUrl + path, id)
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> {
                            int status = response.statusCode().value();
                            if (status == 404) {
                                return Optional.<JsonNode>empty();
                            }
                            if (status != 200) {
                                throw new IllegalStateException("projection answered " + status);
                            }
                            JsonNode node = Json.MAPPER.readTree(body);
                            if (node == null || !node.isObject()) {
                                throw new IllegalStateException("projection answered a non-object");
                            }
                            return Optional.of(node);
                        }))
                .timeout(TIMEOUT)
                .onErrorMap(error -> {
                    log.warn("Projection lookup of {} {} failed: {}", what, id, error.toString());
                    return ErrorMapper.projectionUnavailable();
                });
    }

    /**
     * The ids of the records whose {@code parent_transaction} is {@code parentId} (the legs of a split or the items of
     * a bulk batch), oldest first, paging through the projection's list endpoint. Errors as {@link #transaction}.
     */
    public Mono<List<String>> childIds(String parentId) {
        return children(parentId).map(records -> records.stream()
                        .map(record -> record.get("transaction_id").stringValue()).toList())
                .onErrorMap(error -> !(error instanceof ApiException),
                        error -> ErrorMapper.projectionUnavailable());
    }

    /** The records whose {@code parent_transaction} is {@code parentId}, oldest first. Errors as {@link #transaction}. */
    public Mono<List<JsonNode>> children(String parentId) {
        return childPage(parentId, 0).expand(page -> page.size() < CHILD_PAGE ? Mono.empty()
                        : childPage(parentId, page.offset + CHILD_PAGE))
                .flatMapIterable(page -> page.records)
                .collectList();
    }

    private static final int CHILD_PAGE = 100;

    private record ChildPage(long offset, List<JsonNode> records) {
        int size() {
            return records.size();
        }
    }

    private Mono<ChildPage> childPage(String parentId, long offset) {
        return client.get()
                .uri(baseUrl + "/transactions?parent_transaction_eq={id}&limit={limit}&offset={offset}"
                        + "&sort_by=created_at&sort_order=asc", parentId, CHILD_PAGE, offset)
                .retrieve()
                .bodyToMono(byte[].class)
                .map(body -> {
                    List<JsonNode> records = new ArrayList<>();
                    for (JsonNode record : Json.MAPPER.readTree(body)) {
                        records.add(record);
                    }
                    return new ChildPage(offset, records);
                })
                .timeout(TIMEOUT)
                .onErrorMap(error -> {
                    log.warn("Projection lookup of the children of {} failed: {}", parentId, error.toString());
                    return ErrorMapper.projectionUnavailable();
                });
    }

    private static void copyIfPresent(HttpHeaders from, HttpHeaders to, String name) {
        String value = from.getFirst(name);
        if (value != null) {
            to.set(name, value);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
