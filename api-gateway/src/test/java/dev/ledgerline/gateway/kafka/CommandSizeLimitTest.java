package dev.ledgerline.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ledgerline.schemas.Topics;

class CommandSizeLimitTest {

    @Test
    void a_command_over_its_topics_limit_is_the_clients_413_and_one_within_it_passes() {
        assertThat(CommandSizeLimit.refusal(Topics.LEDGER_COMMANDS, 1_000_000)).isNull();
        assertThat(CommandSizeLimit.refusal(Topics.LEDGER_COMMANDS, 1_000_001).status()).isEqualTo(413);
        assertThat(CommandSizeLimit.refusal(Topics.TRANSACTION_COMMANDS, 5_000_000)).isNull();
        assertThat(CommandSizeLimit.refusal(Topics.TRANSACTION_COMMANDS, 16 * 1024 * 1024).status()).isEqualTo(413);
    }
}
