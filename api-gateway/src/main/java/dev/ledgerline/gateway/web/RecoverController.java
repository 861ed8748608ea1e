package dev.ledgerline.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ledgerline.core.input.GoDuration;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /transactions/recover?threshold=<Go duration>}. In Blnk it re-queues transactions left in
 * {@code QUEUED} when their Redis task was lost. Ledgerline has no such state: a {@code 201 QUEUED} means the command
 * is in Kafka, and the processor decides every command in order, after any restart; what still waits is visible as
 * {@code QUEUED} with its age on the projection's queue views. So there is never anything to recover: the answer is
 * Blnk's shape with {@code recovered: 0} and a message saying why. The threshold is still checked as Blnk checks it
 * (a Go duration, else 400), so a client's mistake is reported the same way.
 */
@RestController
public class RecoverController {

    static final String NOTHING_TO_RECOVER = "nothing to recover: Ledgerline keeps every queued transaction in Kafka "
            + "and decides each one in order, so none is ever stuck in QUEUED";

    @PostMapping("/transactions/recover")
    public ResponseEntity<String> recover(@RequestParam(name = "threshold", required = false) String threshold) {
        String requested = threshold == null || threshold.isBlank() ? "2m" : threshold.strip();
        if (GoDuration.parse(requested).isEmpty()) {
            throw ErrorMapper.validation("invalid threshold '" + shorten(requested)
                    + "': use a duration such as 2m, 1h or 90s", "threshold");
        }
        ObjectNode body = Json.object();
        body.put("recovered", 0);
        body.put("threshold", requested);
        body.put("message", NOTHING_TO_RECOVER);
        return JsonResponses.of(HttpStatus.OK, body);
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
