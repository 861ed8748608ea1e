package dev.ledgerline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ledgerline.core.Ids;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.BalanceMonitorAlert;
import dev.ledgerline.wire.v1.BalanceMonitorRecord;
import dev.ledgerline.wire.v1.BalanceMonitorSpec;
import dev.ledgerline.wire.v1.CreateBalanceMonitor;
import dev.ledgerline.wire.v1.DeleteBalanceMonitor;
import dev.ledgerline.wire.v1.UpdateBalanceMonitor;

/*
 * Goal: the processor routes monitor commands to the balance's single writer, which owns the monitors, evaluates them
 * at every change and writes each alert with the entry that caused it; refusals write nothing public.
 * Method: the whole topology on TopologyTestDriver (LedgerDriver), reading ledger.balance-monitors and
 * ledger.balance-alerts.
 */
class BalanceMonitorTopologyTest {

    private LedgerDriver ledger;
    private TestOutputTopic<String, BalanceMonitorAlert> alerts;
    private TestOutputTopic<String, BalanceMonitorRecord> monitors;

    @BeforeEach
    void start() throws Exception {
        ledger = new LedgerDriver();
        alerts = ledger.driver.createOutputTopic(Topics.BALANCE_ALERTS, new StringDeserializer(),
                AvroSerde.of(BalanceMonitorAlert.class).deserializer());
        monitors = ledger.driver.createOutputTopic(Topics.BALANCE_MONITORS, new StringDeserializer(),
                AvroSerde.of(BalanceMonitorRecord.class).deserializer());
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
    }

    static BalanceMonitorSpec monitor(String balanceId, String operator, String precise) {
        return new BalanceMonitorSpec(Ids.monitorId(UUID.randomUUID()), balanceId, "balance", operator, precise, 1L,
                precise, false, "", 1L);
    }

    @Test
    void givenMonitorAbove1000_whenBalanceGoesUpDownUpAndStaysUp_thenTwoAlertsCarryingTheirEntries() {
        String wallet = ledger.createBalance(ledger.createLedger("w"), "USD");
        BalanceMonitorSpec above = monitor(wallet, ">", "1000");
        String request = ledger.ledgerCommand(above.getMonitorId(), new CreateBalanceMonitor(above));
        assertThat(ledger.reply(request).getOk()).isTrue();

        ledger.transfer("a", "@World", wallet, "1500", true);
        ledger.transfer("b", "@World", wallet, "500", true);
        ledger.transfer("c", wallet, "@World", "1200", false);
        ledger.transfer("d", "@World", wallet, "400", true);
        ledger.transfer("e", "@World", wallet, "4000", true);

        List<BalanceMonitorAlert> fired = alerts.readValuesToList();
        assertThat(fired).extracting(BalanceMonitorAlert::getObservedValue).containsExactly("1500", "1200");
        assertThat(fired).extracting(BalanceMonitorAlert::getTransactionId)
                .containsExactly(ledger.byReference("a").getTransactionId(), ledger.byReference("d").getTransactionId());
        assertThat(fired.get(1).getEntryVersion()).isEqualTo(4);
        assertThat(monitors.readValuesToList()).extracting(BalanceMonitorRecord::getStatus).containsExactly("CREATED");
    }

    @Test
    void givenUnknownBalance_whenMonitorCreated_thenRefusedAndNothingPublished() {
        BalanceMonitorSpec orphan = monitor(Ids.balanceId(UUID.randomUUID()), ">", "1");
        String request = ledger.ledgerCommand(orphan.getMonitorId(), new CreateBalanceMonitor(orphan));
        assertThat(ledger.reply(request).getCode()).isEqualTo("INVALID_MONITOR_BALANCE");
        String update = ledger.ledgerCommand(orphan.getMonitorId(), new UpdateBalanceMonitor(orphan, 2L));
        assertThat(ledger.reply(update).getCode()).isEqualTo("BALANCE_MONITOR_NOT_FOUND");
        assertThat(monitors.isEmpty()).isTrue();
    }

    @Test
    void givenMonitor_whenUpdatedMovedAndDeleted_thenUpdateAndDeleteApplyAndTheMoveIsRefused() {
        String wallet = ledger.createBalance(ledger.createLedger("w"), "USD");
        String other = ledger.createBalance(ledger.createLedger("o"), "USD");
        BalanceMonitorSpec low = monitor(wallet, "<", "10");
        ledger.ledgerCommand(low.getMonitorId(), new CreateBalanceMonitor(low));

        BalanceMonitorSpec equal = BalanceMonitorSpec.newBuilder(low).setBalanceId("").setOperator("=")
                .setPreciseValue("300").setValue("300").build();
        assertThat(ledger.reply(ledger.ledgerCommand(low.getMonitorId(), new UpdateBalanceMonitor(equal, 2L))).getOk())
                .isTrue();
        BalanceMonitorSpec moved = BalanceMonitorSpec.newBuilder(low).setBalanceId(other).build();
        assertThat(ledger.reply(ledger.ledgerCommand(low.getMonitorId(), new UpdateBalanceMonitor(moved, 3L)))
                .getCode()).isEqualTo("MONITOR_BALANCE_CHANGED");
        ledger.transfer("x", "@World", wallet, "300", true);
        assertThat(alerts.readValuesToList()).extracting(BalanceMonitorAlert::getObservedValue).containsExactly("300");

        String delete = ledger.ledgerCommand(low.getMonitorId(), new DeleteBalanceMonitor(low.getMonitorId(), 4L));
        assertThat(ledger.reply(delete).getOk()).isTrue();
        String again = ledger.ledgerCommand(low.getMonitorId(), new DeleteBalanceMonitor(low.getMonitorId(), 5L));
        assertThat(ledger.reply(again).getCode()).isEqualTo("BALANCE_MONITOR_NOT_FOUND");
        assertThat(monitors.readValuesToList()).extracting(r -> r.getStatus() + "@" + r.getVersion())
                .containsExactly("CREATED@0", "UPDATED@1", "DELETED@2");
        assertThat(ledger.store().get(wallet).getMonitors()).isNull(); // none left: stored as null, as for any balance
    }
}
