package dev.ledgerline.gateway.web;

import java.util.List;

import tools.jackson.databind.JsonNode;

import reactor.core.publisher.Mono;

/**
 * Blnk lets a commit, void or refund name a split's or a bulk batch's id (which is not a stored record): the action
 * then applies to each of its legs. Only a {@code dry_run} preview, which is computed on the read model anyway, lists
 * the legs here; the real action is resolved by the group's coordinator in the processor from its own list of legs.
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
}
