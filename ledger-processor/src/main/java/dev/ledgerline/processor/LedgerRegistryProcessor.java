package dev.ledgerline.processor;

import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledgerline.core.LedgerDecisions;
import dev.ledgerline.core.access.ApiKeyLifecycle;
import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.wire.v1.ApiKeyRecord;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.CreateApiKey;
import dev.ledgerline.wire.v1.RevokeApiKey;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.CreateBalanceMonitor;
import dev.ledgerline.wire.v1.CreateLedger;
import dev.ledgerline.wire.v1.DeleteBalanceMonitor;
import dev.ledgerline.wire.v1.UpdateBalanceMonitor;
import dev.ledgerline.wire.v1.DeleteHook;
import dev.ledgerline.wire.v1.SaveHook;
import dev.ledgerline.wire.v1.DeleteWebhookSubscription;
import dev.ledgerline.wire.v1.SaveWebhookSubscription;
import dev.ledgerline.wire.v1.CreateIdentity;
import dev.ledgerline.wire.v1.DeleteIdentity;
import dev.ledgerline.wire.v1.IdentityBalanceReference;
import dev.ledgerline.wire.v1.LinkBalanceIdentity;
import dev.ledgerline.wire.v1.PatchIdentityMetadata;
import dev.ledgerline.wire.v1.TokenizeIdentityFields;
import dev.ledgerline.wire.v1.UpdateIdentity;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.LedgerRecord;
import dev.ledgerline.wire.v1.LedgerState;
import dev.ledgerline.wire.v1.OpenIdentityBalance;

/**
 * Keyed by ledger id: records ledgers, and admits a balance only into an existing ledger, then
 * hands it to its balance worker ({@code OpenBalance} keyed by balance id), or, when it names an identity, to the
 * identity's owner first ({@code OpenIdentityBalance}). Keyed by API key id: the single
 * owner of API keys, which creates and revokes them ({@link ApiKeyLifecycle}) and publishes each key's latest
 * state to {@code ledger.api-keys}, which every gateway follows. Keyed by monitor id: the index of balance
 * monitors, which hands each monitor command to the balance it watches ({@link BalanceMonitorRouting}). Keyed
 * by hook id: the single owner of pre/post-transaction hooks ({@link HookRegistry}). Keyed by identity id: the
 * single owner of identities ({@link IdentityRegistry}). Keyed by subscription id: the
 * single owner of webhook subscriptions ({@link WebhookSubscriptionRegistry}). Keyed by account number: the single
 * owner of account numbers ({@link AccountRegistry}).
 */
final class LedgerRegistryProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger log = LoggerFactory.getLogger(LedgerRegistryProcessor.class);
    private static final AvroSerde<LedgerCommand> COMMANDS = AvroSerde.of(LedgerCommand.class);

    private final ProcessorMetrics metrics;
    private Emitter emitter;
    private KeyValueStore<String, LedgerState> ledgers;
    private KeyValueStore<String, ApiKeyRecord> apiKeys;
    private BalanceMonitorRouting monitors;
    private HookRegistry hooks;
    private WebhookSubscriptionRegistry subscriptions;
    private IdentityRegistry identities;
    private AccountRegistry accounts;
    private LedgerChanges changes;

    LedgerRegistryProcessor(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.emitter = new Emitter(context);
        this.ledgers = context.getStateStore(StoreNames.LEDGERS_STORE);
        this.apiKeys = context.getStateStore(StoreNames.API_KEYS_STORE);
        this.monitors = new BalanceMonitorRouting(emitter, context.getStateStore(StoreNames.BALANCE_MONITOR_INDEX_STORE));
        this.hooks = new HookRegistry(context.getStateStore(StoreNames.HOOKS_STORE), emitter);
        this.subscriptions = new WebhookSubscriptionRegistry(
                context.getStateStore(StoreNames.WEBHOOK_SUBSCRIPTIONS_STORE), emitter);
        this.identities = new IdentityRegistry(context.getStateStore(StoreNames.IDENTITIES_STORE), emitter);
        this.changes = new LedgerChanges(ledgers, emitter);
        this.accounts = new AccountRegistry(context.getStateStore(StoreNames.ACCOUNT_NUMBERS_STORE), emitter);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        LedgerCommand command;
        try {
            command = COMMANDS.decode(record.value());
        } catch (RuntimeException undecodable) {
            metrics.malformed();
            throw undecodable; // set aside whole into the dead-letter topic (DeadLetterGuard)
        }
        Object payload = command.getPayload();
        if (payload instanceof CreateLedger create) {
            createLedger(command.getRequestId(), create, record);
        } else if (payload instanceof CreateBalance create) {
            createBalance(command.getRequestId(), create, record);
        } else if (payload instanceof CreateApiKey create) {
            createApiKey(command.getRequestId(), create, record);
        } else if (payload instanceof RevokeApiKey revoke) {
            revokeApiKey(command.getRequestId(), revoke, record);
        } else if (payload instanceof CreateBalanceMonitor create) {
            monitors.create(command.getRequestId(), create, record.headers());
        } else if (payload instanceof UpdateBalanceMonitor update) {
            monitors.update(command.getRequestId(), update, record.headers());
        } else if (payload instanceof DeleteBalanceMonitor delete) {
            monitors.delete(command.getRequestId(), delete, record.headers());
        } else if (payload instanceof SaveHook save) {
            hooks.save(command.getRequestId(), save, record.headers());
        } else if (payload instanceof DeleteHook delete) {
            hooks.delete(command.getRequestId(), delete, record.headers());
        } else if (payload instanceof SaveWebhookSubscription save) {
            subscriptions.save(command.getRequestId(), save, record.headers());
        } else if (payload instanceof DeleteWebhookSubscription delete) {
            subscriptions.delete(command.getRequestId(), delete, record.headers());
        } else if (!changes.handle(command.getRequestId(), payload, record.headers())
                && !accounts.handle(command.getRequestId(), payload, record.headers())) {
            identityCommand(command.getRequestId(), payload, record);
        }
    }

    private void identityCommand(String requestId, Object payload, Record<String, byte[]> record) {
        if (payload instanceof CreateIdentity create) {
            identities.create(requestId, create, record.headers());
        } else if (payload instanceof UpdateIdentity update) {
            identities.update(requestId, update, record.headers());
        } else if (payload instanceof PatchIdentityMetadata patch) {
            identities.patchMetadata(requestId, patch, record.headers());
        } else if (payload instanceof DeleteIdentity delete) {
            identities.delete(requestId, delete, record.headers());
        } else if (payload instanceof TokenizeIdentityFields tokenize) {
            identities.tokenize(requestId, tokenize, record.headers());
        } else if (payload instanceof LinkBalanceIdentity link) {
            identities.link(requestId, link, record.headers());
        } else if (payload instanceof OpenIdentityBalance open) {
            identities.openBalance(requestId, open.getCreate(), record.headers());
        } else if (payload instanceof IdentityBalanceReference reference) {
            identities.reference(reference);
        }
    }

    private void createApiKey(String requestId, CreateApiKey create, Record<String, byte[]> record) {
        String id = create.getApiKeyId();
        Optional<RejectionReason> rejection = ApiKeyLifecycle.create(stored(id));
        if (rejection.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.rejected(requestId, id, rejection.get()),
                    record.headers());
            return;
        }
        ApiKeyRecord key = new ApiKeyRecord(id, create.getKeyDigest(), create.getName(), create.getOwnerId(),
                create.getScopes(), create.getExpiresAtMs(), create.getCreatedAtMs(), false, null);
        apiKeys.put(id, key);
        emitter.emit(LedgerTopology.API_KEYS_SINK, id, key, record.headers());
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), record.headers());
    }

    private void revokeApiKey(String requestId, RevokeApiKey revoke, Record<String, byte[]> record) {
        String id = revoke.getApiKeyId();
        ApiKeyLifecycle.Revocation revocation = ApiKeyLifecycle.revoke(stored(id), revoke.getOwnerId(),
                revoke.getRevokedAtMs());
        if (!revocation.isAccepted()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.rejected(requestId, id, revocation.refusal()),
                    record.headers());
            return;
        }
        ApiKeyRecord revoked = ApiKeyRecord.newBuilder(apiKeys.get(id))
                .setRevoked(true).setRevokedAtMs(revocation.revokedAtMs()).build();
        apiKeys.put(id, revoked);
        emitter.emit(LedgerTopology.API_KEYS_SINK, id, revoked, record.headers());
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, id), record.headers());
    }

    private Optional<ApiKeyLifecycle.Stored> stored(String apiKeyId) {
        return Optional.ofNullable(apiKeys.get(apiKeyId))
                .map(key -> new ApiKeyLifecycle.Stored(key.getOwnerId(), key.getRevoked(), key.getRevokedAtMs()));
    }

    private void createLedger(String requestId, CreateLedger create, Record<String, byte[]> record) {
        Optional<RejectionReason> rejection = LedgerDecisions.createLedger(create.getLedgerId(),
                ledgers.get(create.getLedgerId()) != null);
        if (rejection.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId,
                    Replies.rejected(requestId, create.getLedgerId(), rejection.get()), record.headers());
            return;
        }
        LedgerState created = new LedgerState(create.getLedgerId(), create.getName(), create.getCreatedAtMs(),
                create.getMetaDataJson(), 0L);
        ledgers.put(create.getLedgerId(), created);
        emitter.emit(LedgerTopology.LEDGERS_SINK, create.getLedgerId(), LedgerChanges.record(created), record.headers());
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, Replies.ok(requestId, create.getLedgerId()), record.headers());
    }

    private void createBalance(String requestId, CreateBalance create, Record<String, byte[]> record) {
        Optional<RejectionReason> rejection = LedgerDecisions.createBalance(create.getLedgerId(),
                ledgers.get(create.getLedgerId()) != null);
        if (rejection.isPresent()) {
            emitter.emit(LedgerTopology.REPLIES_SINK, requestId,
                    Replies.rejected(requestId, create.getBalanceId(), rejection.get()), record.headers());
            return;
        }
        if (!create.getIdentityId().isEmpty()) {
            // The identity's owner decides next: it must exist, and it notes the balance before the balance opens.
            emitter.emit(LedgerTopology.LEDGER_COMMANDS_SINK, create.getIdentityId(), new LedgerCommand(requestId,
                    create.getCreatedAtMs(), new OpenIdentityBalance(create)), record.headers());
            return;
        }
        emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, create.getBalanceId(),
                new BalanceCommand(requestId, WireMapper.opening(create)), record.headers());
    }
}
