package dev.ledgerline.gateway.web;

import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.wire.v1.TransactionRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Blnk lets a commit, void or refund name a split's or a bulk batch's id (which is not a stored record): the action
 * then applies to each of its legs. This resolves an id to the records an action should reach and runs it on each.
 */
final class GroupParents {

    private GroupParents() {
    }

    /** What an id names: a stored record (or nothing at all), or the legs of a split or bulk batch. */
    record Target(JsonNode record, List<String> legIds) {
        boolean isGroup() {
            return record == null && !legIds.isEmpty();
        }
    }

    /** Looks the id up; only when no record has it are its children (legs) listed. */
    static Mono<Target> resolve(ProjectionClient projection, String id) {
        return projection.transaction(id).flatMap(found -> found.isPresent()
                ? Mono.just(new Target(found.get(), List.of()))
                : projection.childIds(id).map(children -> new Target(null, children)));
    }

    /**
     * Runs {@code action} on every leg, one after another (each leg is its own transaction, so one leg's refusal, e.g.
     * already voided, does not stop the others). Answers the first leg's record that succeeded, or, when none did, the
     * first refusal.
     */
    static Mono<TransactionRecord> onEachLeg(List<String> legIds, Function<String, Mono<TransactionRecord>> action) {
        return Flux.fromIterable(legIds)
                .concatMap(legId -> action.apply(legId).map(LegResult::ok)
                        .onErrorResume(error -> Mono.just(LegResult.failed(error))))
                .collectList()
                .map(results -> results.stream().filter(r -> r.record != null).findFirst()
                        .map(LegResult::record)
                        .orElseThrow(() -> ErrorMapper.toApiException(results.get(0).error)));
    }

    private record LegResult(TransactionRecord record, Throwable error) {
        static LegResult ok(TransactionRecord record) {
            return new LegResult(record, null);
        }

        static LegResult failed(Throwable error) {
            return new LegResult(null, error);
        }
    }
}
