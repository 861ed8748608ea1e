package dev.ledgerline.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HookTypeTest {

    @Test
    void givenEachType_whenAskedWhichStatusesItAnnounces_thenPreIsQueuedAndPostIsTheFinalOnesNeverRejected() {
        assertThat(HookType.PRE_TRANSACTION.announces("QUEUED")).isTrue();
        assertThat(HookType.PRE_TRANSACTION.announces("APPLIED")).isFalse();
        for (String status : new String[] {"APPLIED", "INFLIGHT", "VOID"}) {
            assertThat(HookType.POST_TRANSACTION.announces(status)).as(status).isTrue();
        }
        for (String status : new String[] {"REJECTED", "QUEUED", "SCHEDULED", "RESERVED"}) {
            assertThat(HookType.POST_TRANSACTION.announces(status)).as(status).isFalse();
            assertThat(HookType.PRE_TRANSACTION.announces(status)).as(status).isEqualTo("QUEUED".equals(status));
        }
    }

    @Test
    void givenAStatusOfALaterVersionOrNone_whenAsked_thenNoHookAnnouncesIt() {
        for (HookType type : HookType.values()) {
            assertThat(type.announces("SETTLED_LATER")).isFalse();
            assertThat(type.announces((String) null)).isFalse();
        }
    }

    @Test
    void givenWireNames_whenParsed_thenOnlyTheExactNamesAreTypes() {
        assertThat(HookType.parse("PRE_TRANSACTION")).contains(HookType.PRE_TRANSACTION);
        assertThat(HookType.parse("POST_TRANSACTION")).contains(HookType.POST_TRANSACTION);
        assertThat(HookType.parse("post_transaction")).isEmpty();
        assertThat(HookType.parse(null)).isEmpty();
    }
}
