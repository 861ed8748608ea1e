package dev.ledgerline.observability.queues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of a {@link GroupBacklog} (snake_case, as Blnk's API), shared by projection and worker. */
public final class BacklogJson {

    private BacklogJson() {
    }

    public static Map<String, Object> of(GroupBacklog backlog, long nowMs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", backlog.groupId());
        json.put("total", backlog.totalBacklog());
        json.put("oldest_age_seconds", backlog.oldestAgeSeconds(nowMs));
        json.put("computed_at_ms", backlog.computedAtMs());
        json.put("error", backlog.error());
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (PartitionBacklog row : backlog.partitions()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("topic", row.topic());
            p.put("partition", row.partition());
            p.put("end_offset", row.endOffset());
            p.put("committed_offset", row.committedOffset());
            p.put("depth", row.backlog());
            p.put("oldest_age_seconds", row.oldestAgeSeconds(nowMs));
            partitions.add(p);
        }
        json.put("partitions", partitions);
        return json;
    }
}
