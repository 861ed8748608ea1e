package dev.ledgerline.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.StartAtSource;
import dev.ledgerline.wire.v1.BalanceEntry;
import dev.ledgerline.wire.v1.BalanceState;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.CreditLeg;
import dev.ledgerline.wire.v1.EntryKind;
import dev.ledgerline.wire.v1.GroupActionResult;
import dev.ledgerline.wire.v1.GroupActionState;
import dev.ledgerline.wire.v1.GroupDecision;
import dev.ledgerline.wire.v1.GroupLegResult;
import dev.ledgerline.wire.v1.GroupState;
import dev.ledgerline.wire.v1.StartGroup;
import dev.ledgerline.wire.v1.InflightAction;
import dev.ledgerline.wire.v1.InflightLeg;
import dev.ledgerline.wire.v1.RefundTransaction;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.LedgerState;
import dev.ledgerline.wire.v1.LegOutcome;
import dev.ledgerline.wire.v1.RecordTransaction;
import dev.ledgerline.wire.v1.SealHead;
import dev.ledgerline.wire.v1.SealRecord;
import dev.ledgerline.wire.v1.Reply;
import dev.ledgerline.wire.v1.TransactionCommand;
import dev.ledgerline.wire.v1.TransactionRecord;
import dev.ledgerline.wire.v1.TransactionSpec;
import dev.ledgerline.wire.v1.TransactionState;

/**
 * One fixed sample of every wire type. {@link #main} writes them, encoded, as the fixtures of the
 * current schema version (run it only when adding a new version directory); the compatibility
 * test decodes every stored fixture with the current code.
 */
final class WireSamples {

    static final String BIG = "1208925819614629174706177";

    private WireSamples() {
    }

    static TransactionSpec spec() {
        return TransactionSpec.newBuilder()
                .setTransactionId("txn_fixture").setReference("ref-fixture")
                .setSource("@World").setDestination("bln_dest")
                .setSourceId("bln_world").setDestinationId("bln_dest")
                .setPreciseAmount(BIG).setPrecision(100).setCurrency("USD").setDescription("fixture")
                .setAllowOverdraft(true).setOverdraftLimit("0").setInflight(false)
                .setMetaDataJson("{\"k\":\"v\"}").setCreatedAtMs(1_700_000_000_000L).setEffectiveDateMs(null)
                .setSkipQueue(true).setScheduledForMs(1_700_000_100_000L).setInflightExpiryMs(1_700_000_200_000L)
                .setInflightCommitMs(null).setParentTransaction("txn_parent")
                .setGroupId("txn_group").setLegIndex(2).setReserve(true)
                .build();
    }

    static dev.ledgerline.wire.v1.IdentityRecord identity() {
        return dev.ledgerline.wire.v1.IdentityRecord.newBuilder().setIdentityId("idt_fixture")
                .setFields(java.util.Map.of("identity_type", "individual", "phone_number",
                        "seal:0a1b2c3d:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "first_name", "plain:Ada"))
                .setDobMs(631_152_000_000L).setMetaDataJson("{\"k\":\"v\"}")
                .setTokenizedFields(java.util.List.of("PhoneNumber")).setCreatedAtMs(1_700_000_000_000L)
                .setUpdatedAtMs(1_700_000_000_001L).setVersion(2).setDeleted(false).build();
    }

    static Map<String, SpecificRecord> all() {
        Map<String, SpecificRecord> samples = new LinkedHashMap<>();
        samples.put("TransactionCommand", new TransactionCommand("req-1", 1_700_000_000_000L,
                new RecordTransaction(spec(), false)));
        samples.put("LedgerCommand", new LedgerCommand("req-2", 1_700_000_000_000L,
                new CreateLedger("ldg_fixture", "Fixture", "{}", 1_700_000_000_000L)));
        samples.put("BalanceCommand", new BalanceCommand("req-3", new CreditLeg(spec(), null)));
        samples.put("LegOutcome", new LegOutcome("txn_fixture", "REJECTED", "INSUFFICIENT_FUNDS", 1_700_000_000_001L, 2, "15"));
        samples.put("InflightActionCommand", new TransactionCommand("req-4", 1_700_000_000_000L,
                new InflightAction("txn_fixture", "commit", "15", false, null)));
        samples.put("CreateApiKeyCommand", new LedgerCommand("req-k1", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.CreateApiKey("api_key_fixture", "d".repeat(64), "fixture", "owner-fixture",
                        java.util.List.of("transactions:read"), 1_800_000_000_000L, 1_700_000_000_000L)));
        samples.put("RevokeApiKeyCommand", new LedgerCommand("req-k2", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.RevokeApiKey("api_key_fixture", "owner-fixture", 1_700_000_000_001L)));
        samples.put("SaveHookCommand", new LedgerCommand("req-h1", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.SaveHook("hook_fixture", true, "fixture", "https://hooks.example.com/h",
                        "POST_TRANSACTION", true, 30, 3, 1_700_000_000_000L)));
        samples.put("DeleteHookCommand", new LedgerCommand("req-h2", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.DeleteHook("hook_fixture", 1_700_000_000_001L)));
        samples.put("HookRecord", new dev.ledgerline.wire.v1.HookRecord("hook_fixture", "fixture",
                "https://hooks.example.com/h", "PRE_TRANSACTION", true, 30, 3, 1_700_000_000_000L,
                1_700_000_000_001L, 1_700_000_000_000L));
        samples.put("SaveWebhookSubscriptionCommand", new LedgerCommand("req-s1", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.SaveWebhookSubscription("whs_fixture", true, "https://hooks.example.com/s",
                        java.util.List.of("transaction.applied"), java.util.Map.of("X-Team", "payments"), "fixture",
                        1_700_000_000_000L)));
        samples.put("DeleteWebhookSubscriptionCommand", new LedgerCommand("req-s2", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.DeleteWebhookSubscription("whs_fixture", 1_700_000_000_001L)));
        samples.put("WebhookSubscriptionRecord", new dev.ledgerline.wire.v1.WebhookSubscriptionRecord("whs_fixture",
                "https://hooks.example.com/s", java.util.List.of("*"), java.util.Map.of("X-Team", "payments"),
                "fixture", 1_700_000_000_000L, 1_700_000_000_001L));
        samples.put("InflightMajorActionCommand", new TransactionCommand("req-4b", 1_700_000_000_000L,
                new InflightAction("txn_fixture", "commit", null, false, "1.5")));
        samples.put("RefundCommand", new TransactionCommand("req-5", 1_700_000_000_000L,
                new RefundTransaction("txn_fixture", "refund", null, true, 1_700_000_000_003L)));
        samples.put("StartGroupCommand", new TransactionCommand("req-6", 1_700_000_000_000L,
                new StartGroup("txn_group", "split", "ref-fixture", true, false, java.util.List.of(spec()), 1_700_000_000_004L)));
        samples.put("GroupLegResultCommand", new TransactionCommand("req-7", 1_700_000_000_000L,
                new GroupLegResult("txn_group", 2, "txn_fixture", "REJECTED", "INSUFFICIENT_FUNDS")));
        samples.put("GroupDecisionCommand", new TransactionCommand("req-8", 1_700_000_000_000L,
                new GroupDecision("txn_group", "txn_fixture", "abort", "GROUP_ABORTED")));
        samples.put("GroupActionResultCommand", new TransactionCommand("group-action|2|bulk_fixture|req-11", 1_700_000_000_000L,
                new GroupActionResult("bulk_fixture", "req-11", 2,
                        new Reply("group-action|2|bulk_fixture|req-11", false, "NOT_INFLIGHT", "transaction is not in inflight status",
                                "txn_fixture", 6L, null, null, null, null, null))));
        samples.put("GroupActionState", new GroupActionState("bulk_fixture", 3, 1, 2,
                new Reply("group-action|2|bulk_fixture|req-11", true, null, null, "txn_fixture", 6L, null, null, null, null, null)));
        samples.put("GroupState", new GroupState("txn_group", "bulk", "", true, true, "req-9", 3, 2, 1, "FAILED",
                "INSUFFICIENT_FUNDS", 2, 1_700_000_000_005L, true));
        samples.put("InflightLegCommand", new BalanceCommand(null, new InflightLeg(spec(), "void", "7", 3, "source", null)));
        samples.put("StartAtSourceCommand", new BalanceCommand("req-10", new StartAtSource(spec())));
        samples.put("BalanceEntry", BalanceEntry.newBuilder()
                .setBalanceId("bln_dest").setVersion(3).setKind(EntryKind.COMMIT_CREDIT).setLedgerId("ldg_fixture")
                .setCurrency("USD").setIndicator(null).setIdentityId("").setTransactionId("txn_fixture")
                .setAmount(BIG).setBalance(BIG).setCreditBalance(BIG).setDebitBalance("0")
                .setInflightBalance("0").setInflightCreditBalance("0").setInflightDebitBalance("0")
                .setMetaDataJson("{}").setBalanceCreatedAtMs(1L).setRecordedAtMs(2L).setEffectiveAtMs(3L)
                .setPrevHash("0".repeat(64)).setHash("f".repeat(64)).build());
        samples.put("MetadataBalanceEntry", BalanceEntry.newBuilder((BalanceEntry) samples.get("BalanceEntry"))
                .setVersion(4).setKind(EntryKind.METADATA).setTransactionId(null).setAmount("0")
                .setMetaDataJson("{\"tier\":2}").build());
        samples.put("TransactionRecord", TransactionRecord.newBuilder()
                .setTransactionId("txn_fixture_q").setParentTransaction("txn_fixture").setReference("ref-fixture_q")
                .setSource("bln_world").setDestination("bln_dest").setPreciseAmount(BIG).setPrecision(100)
                .setCurrency("USD").setDescription("fixture").setStatus("APPLIED").setRejectionCode(null)
                .setRejectionMessage(null).setAllowOverdraft(true).setOverdraftLimit("0").setInflight(false)
                .setMetaDataJson("{}").setCreatedAtMs(1_700_000_000_002L).setEffectiveDateMs(null)
                .setHash("a".repeat(64)).setSourceBalanceId("bln_world").setDestinationBalanceId("bln_dest")
                .setSkipQueue(false).setScheduledForMs(null).setInflightExpiryMs(1_700_000_200_000L)
                .setInflightCommitMs(null).build());
        samples.put("LedgerRecord", new LedgerRecord("ldg_fixture", "Fixture", "{}", 1_700_000_000_000L, 0L));
        samples.put("RenamedLedgerRecord", new LedgerRecord("ldg_fixture", "Renamed", "{\"tier\":2}", 1_700_000_000_000L, 2L));
        samples.put("Reply", new Reply("req-2", false, "LEDGER_NOT_FOUND", "ledger not found", "bln_x", 5L, null, null, null, null, null));
        samples.put("LedgerReply", new Reply("req-l1", true, null, null, "ldg_fixture", 5L, null, null,
                new LedgerRecord("ldg_fixture", "Renamed", "{\"tier\":2}", 1_700_000_000_000L, 2L), null, null));
        samples.put("BalanceMetadataReply", new Reply("req-b1", true, null, null, "bln_fixture", 5L, null, null, null,
                "{\"tier\":2}", null));
        samples.put("RenameLedgerCommand", new LedgerCommand("req-l2", 1_700_000_000_011L,
                new dev.ledgerline.wire.v1.RenameLedger("ldg_fixture", "Renamed", 1_700_000_000_011L)));
        samples.put("PatchLedgerMetadataCommand", new LedgerCommand("req-l3", 1_700_000_000_012L,
                new dev.ledgerline.wire.v1.PatchLedgerMetadata("ldg_fixture", "{\"tier\":2}", 1_700_000_000_012L)));
        samples.put("PatchBalanceMetadataCommand", new LedgerCommand("req-b2", 1_700_000_000_013L,
                new dev.ledgerline.wire.v1.PatchBalanceMetadata("bln_fixture", "{\"tier\":2}", 1_700_000_000_013L)));
        samples.put("MergeBalanceMetadataCommand", new BalanceCommand("req-b2",
                new dev.ledgerline.wire.v1.MergeBalanceMetadata("bln_fixture", "{\"tier\":2}", 1_700_000_000_013L)));
        samples.put("IdentityReply", new Reply("req-i9", true, null, null, "idt_fixture", 5L, null, identity(), null, null, null));
        samples.put("IdentityRecord", identity());
        samples.put("AccountRecord", account());
        samples.put("CreateAccountCommand", new LedgerCommand("req-a1", 1_700_000_000_014L,
                new dev.ledgerline.wire.v1.CreateAccount(dev.ledgerline.wire.v1.AccountRecord.newBuilder(account())
                        .setCurrency("").setLedgerId("").setIdentityId("").build())));
        samples.put("CheckAccountBalanceCommand", new BalanceCommand("req-a1",
                new dev.ledgerline.wire.v1.CheckAccountBalance(account())));
        samples.put("RegisterAccountCommand", new LedgerCommand("req-a1", 1_700_000_000_014L,
                new dev.ledgerline.wire.v1.RegisterAccount(account())));
        samples.put("AccountReply", new Reply("req-a1", true, null, null, "acc_fixture", 5L, null, null, null, null,
                account()));
        samples.put("PatchTransactionMetadataCommand", new dev.ledgerline.wire.v1.TransactionCommand("req-t9",
                1_700_000_000_015L, new dev.ledgerline.wire.v1.PatchTransactionMetadata("txn_fixture",
                        "{\"tier\":2}", true, 1_700_000_000_015L)));
        samples.put("TransactionMetadataRecord", new dev.ledgerline.wire.v1.TransactionMetadataRecord("txn_fixture",
                "{\"tier\":2}", 3L, 1_700_000_000_015L));
        samples.put("IdentityState", new dev.ledgerline.wire.v1.IdentityState(identity(), java.util.List.of("bln_dest")));
        samples.put("CreateIdentityCommand", new LedgerCommand("req-i1", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.CreateIdentity("idt_fixture", identity().getFields(), 631_152_000_000L,
                        "{\"k\":\"v\"}", 1_700_000_000_000L)));
        samples.put("UpdateIdentityCommand", new LedgerCommand("req-i2", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.UpdateIdentity("idt_fixture", java.util.Map.of("city", "Lagos"), null,
                        "{}", 1_700_000_000_001L)));
        samples.put("PatchIdentityMetadataCommand", new LedgerCommand("req-i3", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.PatchIdentityMetadata("idt_fixture", "{\"tier\":2}", 1_700_000_000_002L)));
        samples.put("DeleteIdentityCommand", new LedgerCommand("req-i4", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.DeleteIdentity("idt_fixture", 1_700_000_000_003L)));
        samples.put("TokenizeIdentityFieldsCommand", new LedgerCommand("req-i5", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.TokenizeIdentityFields("idt_fixture", java.util.List.of("PhoneNumber"), true,
                        1_700_000_000_004L)));
        samples.put("LinkBalanceIdentityCommand", new LedgerCommand("req-i6", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.LinkBalanceIdentity("idt_fixture", "bln_dest", 1_700_000_000_005L)));
        samples.put("IdentityBalanceReferenceCommand", new LedgerCommand("req-i7", 1_700_000_000_000L,
                new dev.ledgerline.wire.v1.IdentityBalanceReference("idt_fixture", "bln_dest", false)));
        samples.put("SetBalanceIdentityCommand", new BalanceCommand("req-i8",
                new dev.ledgerline.wire.v1.SetBalanceIdentity("bln_dest", "idt_fixture", 1_700_000_000_006L)));
        samples.put("BalanceState", BalanceState.newBuilder().setBalanceId("bln_dest").setLedgerId("ldg_fixture")
                .setCurrency("USD").setIndicator("@Dest").setIdentityId("").setCreditBalance(BIG).setDebitBalance("1")
                .setInflightCreditBalance("0").setInflightDebitBalance("0").setVersion(3).setHeadHash("f".repeat(64))
                .setCreatedAtMs(1L).setMetaDataJson("{}").build());
        samples.put("TransactionState", new TransactionState(spec(), "INFLIGHT", null, 9L, "100", "40", false, false, 2, 8L));
        samples.put("SealRecord", new SealRecord(2, 5L, java.util.List.of(new SealHead("bln_a", 0L, "a".repeat(64)),
                new SealHead("bln_b", 7L, "b".repeat(64))), "c".repeat(64), 1_700_000_000_000L, "d".repeat(64)));
        samples.put("LedgerState", new LedgerState("ldg_fixture", "Fixture", 1L, "{\"tier\":2}", 2L));
        samples.put("CommandBatch", new dev.ledgerline.wire.v1.CommandBatch(java.util.List.of(
                new dev.ledgerline.wire.v1.BatchedCommand("bln_dest", 1_700_000_000_006L, java.util.List.of(
                        new dev.ledgerline.wire.v1.BatchedHeader("traceparent", java.nio.ByteBuffer.wrap(new byte[] {1, 2})),
                        new dev.ledgerline.wire.v1.BatchedHeader("empty", null)),
                        java.nio.ByteBuffer.wrap(AvroSerde.of(BalanceCommand.class).encode(
                                new BalanceCommand("req-12", new CreditLeg(spec(), null))))))));
        samples.put("OpenIdentityBalanceCommand", new LedgerCommand("req-b3", 1_700_000_000_016L,
                new dev.ledgerline.wire.v1.OpenIdentityBalance(new dev.ledgerline.wire.v1.CreateBalance("bln_fixture",
                        "ldg_fixture", "USD", "@Wallet", "idt_fixture", "{\"tier\":2}", 1_700_000_000_016L, null))));
        samples.put("CreateBalanceMonitorCommand", new LedgerCommand("req-13", 1_700_000_000_007L,
                new dev.ledgerline.wire.v1.CreateBalanceMonitor(monitor())));
        samples.put("PutBalanceMonitorCommand", new BalanceCommand("req-14",
                new dev.ledgerline.wire.v1.PutBalanceMonitor(monitor(), true, 1_700_000_000_008L)));
        samples.put("BalanceMonitorRecord", new dev.ledgerline.wire.v1.BalanceMonitorRecord(monitor(), "CREATED", 0L,
                1_700_000_000_008L));
        samples.put("BalanceMonitorAlert", dev.ledgerline.wire.v1.BalanceMonitorAlert.newBuilder().setMonitor(monitor())
                .setObservedValue(BIG).setTransactionId("txn_fixture").setEntryVersion(3L).setEntryKind("CREDIT")
                .setLedgerId("ldg_fixture").setCurrency("USD").setBalance(BIG).setCreditBalance(BIG)
                .setDebitBalance("0").setInflightBalance("0").setInflightCreditBalance("0")
                .setInflightDebitBalance("0").setFiredAtMs(1_700_000_000_009L).build());
        samples.put("BatchOutcomeRecord", new dev.ledgerline.wire.v1.BatchOutcomeRecord("bulk_fixture", "FAILED", true,
                3, 2, "INSUFFICIENT_FUNDS", "transaction 2 of 3 was rejected: insufficient funds. All transactions in "
                + "this batch have been rejected.", 1_700_000_000_010L));
        samples.put("MonitoredBalanceState", BalanceState.newBuilder(samples.get("BalanceState") instanceof BalanceState b
                ? b : null).setMonitors(java.util.List.of(new dev.ledgerline.wire.v1.WatchedMonitor(monitor(), true, 2L)))
                .build());
        samples.put("LineageBalanceState", BalanceState.newBuilder(samples.get("BalanceState") instanceof BalanceState b
                ? b : null).setIdentityId("idt_fixture").setFundLineage(new dev.ledgerline.wire.v1.FundLineageState("LIFO",
                java.util.List.of(new dev.ledgerline.wire.v1.ProviderFundsState("stripe", "1000", "250", "0")),
                java.util.List.of()))
                .build());
        samples.put("HeldLineageBalanceState", BalanceState.newBuilder(samples.get("BalanceState") instanceof BalanceState b
                ? b : null).setIdentityId("idt_fixture").setFundLineage(new dev.ledgerline.wire.v1.FundLineageState("FIFO",
                java.util.List.of(new dev.ledgerline.wire.v1.ProviderFundsState("stripe", "1000", "250", "300"),
                        new dev.ledgerline.wire.v1.ProviderFundsState("paypal", "500", "0", "100")),
                java.util.List.of(new dev.ledgerline.wire.v1.LineageHoldState("txn_fixture_hold", "450",
                        java.util.List.of(new dev.ledgerline.wire.v1.FundShare("stripe", "300"),
                                new dev.ledgerline.wire.v1.FundShare("paypal", "100"))))))
                .build());
        samples.put("LineageCreditLegCommand", new BalanceCommand("req-13", new CreditLeg(spec(),
                java.util.List.of(new dev.ledgerline.wire.v1.FundShare("stripe", "70")))));
        samples.put("LineageInflightLegCommand", new BalanceCommand(null, new InflightLeg(spec(), "commit", "7", 1,
                "destination", java.util.List.of(new dev.ledgerline.wire.v1.FundShare("stripe", "7")))));
        samples.put("LineageBalanceEntry", BalanceEntry.newBuilder((BalanceEntry) samples.get("BalanceEntry"))
                .setAllocationStrategy("PROPORTIONAL").build());
        return samples;
    }

    static dev.ledgerline.wire.v1.AccountRecord account() {
        return new dev.ledgerline.wire.v1.AccountRecord("acc_fixture", "", "012345678901", "Blnk Bank", "USD",
                "ldg_fixture", "idt_fixture", "bln_dest", "{\"tier\":2}", 1_700_000_000_014L);
    }

    static dev.ledgerline.wire.v1.BalanceMonitorSpec monitor() {
        return new dev.ledgerline.wire.v1.BalanceMonitorSpec("mon_fixture", "bln_dest", "balance", ">=", "10.5", 100L,
                "1050", false, "fixture", 1_700_000_000_007L);
    }

    /**
     * Writes the fixtures of schema version {@code args[2]} into {@code args[0]} and, for every type
     * whose schema is not yet in the history, a new history entry under {@code args[1]}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args[0]);
        Path history = Path.of(args[1]);
        Files.createDirectories(fixtures);
        Path index = history.resolve("index.txt");
        StringBuilder lines = new StringBuilder(Files.exists(index) ? Files.readString(index)
                : "# <full name>/<version>.avsc, one line per published schema version; never remove a line\n");
        for (Map.Entry<String, SpecificRecord> sample : all().entrySet()) {
            AvroSerde serde = AvroSerde.of(sample.getValue().getClass());
            Files.write(fixtures.resolve(sample.getKey() + ".bin"), serde.encode(sample.getValue()));
            org.apache.avro.Schema schema = sample.getValue().getSchema();
            long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(schema);
            boolean published = SchemaHistory.versionsOf(schema.getFullName()).stream()
                    .anyMatch(s -> org.apache.avro.SchemaNormalization.parsingFingerprint64(s) == fingerprint);
            if (published || lines.indexOf(schema.getFullName() + "/" + (SchemaHistory.versionsOf(schema.getFullName()).size() + 1)) >= 0) {
                continue;
            }
            int version = SchemaHistory.versionsOf(schema.getFullName()).size() + 1;
            Path dir = history.resolve(schema.getFullName());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(version + ".avsc"), schema.toString(true));
            lines.append(schema.getFullName()).append('/').append(version).append(".avsc\n");
        }
        Files.writeString(index, lines.toString());
    }
}
