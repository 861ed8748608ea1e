package dev.ledgerline.projection.http;

import java.util.function.Function;

import org.springframework.util.MultiValueMap;

import dev.ledgerline.projection.store.ListQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The list grammar of this package, for list endpoints served from other packages. */
public final class ListReads {

    private ListReads() {
    }

    /** {@code GET /identities}: Blnk's grammar, a page of 20 by default and at most 100. */
    public static ListQuery identities(MultiValueMap<String, String> params) {
        return ListParams.parse(params, ListLimits.IDENTITIES);
    }

    public static <R, J> Mono<Object> filter(FilterRequest request, Function<ListQuery, Flux<R>> list,
                                             Function<ListQuery, Mono<Long>> count, Function<R, J> toJson) {
        return FilterResponse.of(request, list, count, toJson);
    }
}
