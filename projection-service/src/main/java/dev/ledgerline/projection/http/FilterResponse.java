package dev.ledgerline.projection.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.ledgerline.projection.store.ListQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The filter DSL's answer: a bare array, or {@code {"data":[…],"total_count":n}} with {@code include_count}. */
final class FilterResponse {

    private FilterResponse() {
    }

    static <R, J> Mono<Object> of(FilterRequest request, Function<ListQuery, Flux<R>> list,
                                  Function<ListQuery, Mono<Long>> count, Function<R, J> toJson) {
        ListQuery query = request.toListQuery(); // throws (400) before any query runs
        Mono<List<J>> page = list.apply(query).map(toJson).collectList();
        if (!request.counted()) {
            return page.map(rows -> rows);
        }
        return Mono.zip(page, count.apply(query)).map(both -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", both.getT1());
            body.put("total_count", both.getT2());
            return body;
        });
    }
}
