package dev.ledgerline.processor;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.core.account.AccountDecisions;
import dev.ledgerline.wire.v1.AccountRecord;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.CheckAccountBalance;
import dev.ledgerline.wire.v1.CreateAccount;
import dev.ledgerline.wire.v1.RegisterAccount;
import dev.ledgerline.wire.v1.Reply;

/**
 * The ledger registry's part for accounts. Keyed by balance id, a {@code CreateAccount} only passes through: the
 * balance's worker owns what the account takes from it ({@code CheckAccountBalance}). Keyed by account number, this
 * is the single owner of account numbers ({@code account-numbers-store}: number → account id): it registers an
 * account whose number is free, publishes it on {@code ledger.accounts} and answers the gateway; a taken number is
 * refused ({@code ACC_DUPLICATE}). Nothing here reads the read model.
 */
final class AccountRegistry {

    private final KeyValueStore<String, String> numbers;
    private final Emitter emitter;

    AccountRegistry(KeyValueStore<String, String> numbers, Emitter emitter) {
        this.numbers = numbers;
        this.emitter = emitter;
    }

    /** Handles {@code payload} when it is an account command; false otherwise. */
    boolean handle(String requestId, Object payload, Headers headers) {
        if (payload instanceof CreateAccount create) {
            AccountRecord account = create.getAccount();
            emitter.emit(LedgerTopology.BALANCE_COMMANDS_SINK, account.getBalanceId(),
                    new BalanceCommand(requestId, new CheckAccountBalance(account)), headers);
        } else if (payload instanceof RegisterAccount register) {
            register(requestId, register.getAccount(), headers);
        } else {
            return false;
        }
        return true;
    }

    private void register(String requestId, AccountRecord account, Headers headers) {
        String number = account.getNumber();
        switch (AccountDecisions.register(numbers.get(number), account.getAccountId())) {
            case NUMBER_TAKEN -> emitter.emit(LedgerTopology.REPLIES_SINK, requestId,
                    Replies.rejected(requestId, account.getAccountId(), RejectionReason.ACCOUNT_NUMBER_TAKEN), headers);
            case ALREADY_REGISTERED -> answer(requestId, account, headers);
            case REGISTER -> {
                numbers.put(number, account.getAccountId());
                emitter.emit(LedgerTopology.ACCOUNTS_SINK, account.getAccountId(), account, headers);
                answer(requestId, account, headers);
            }
        }
    }

    private void answer(String requestId, AccountRecord account, Headers headers) {
        Reply ok = Replies.ok(requestId, account.getAccountId());
        ok.setAccount(account);
        emitter.emit(LedgerTopology.REPLIES_SINK, requestId, ok, headers);
    }
}
