package dev.ledgerline.processor;

import java.util.Optional;

import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.wire.v1.BalanceCommand;
import dev.ledgerline.wire.v1.LedgerCommand;
import dev.ledgerline.wire.v1.TransactionCommand;

/**
 * The request id of each stage's commands, read from a record the stage could not handle, so that the one waiting
 * for it can be answered ({@link DeadLetterGuard}). A record of another type (a coordinator's leg outcome) or one that
 * does not decode has none: the guard then answers nobody.
 */
final class CommandRequestIds {

    private static final AvroSerde<LedgerCommand> LEDGER_COMMANDS = AvroSerde.of(LedgerCommand.class);
    private static final AvroSerde<TransactionCommand> TRANSACTION_COMMANDS = AvroSerde.of(TransactionCommand.class);
    private static final AvroSerde<BalanceCommand> BALANCE_COMMANDS = AvroSerde.of(BalanceCommand.class);

    static final DeadLetterGuard.RequestIds LEDGER =
            record -> present(LEDGER_COMMANDS.decode(record.value()).getRequestId());
    static final DeadLetterGuard.RequestIds TRANSACTION =
            record -> present(TRANSACTION_COMMANDS.decode(record.value()).getRequestId());
    static final DeadLetterGuard.RequestIds BALANCE =
            record -> present(BALANCE_COMMANDS.decode(record.value()).getRequestId());

    private CommandRequestIds() {
    }

    private static Optional<String> present(CharSequence requestId) {
        return requestId == null || requestId.length() == 0 ? Optional.empty() : Optional.of(requestId.toString());
    }
}
