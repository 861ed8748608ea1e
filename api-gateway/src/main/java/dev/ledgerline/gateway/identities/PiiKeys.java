package dev.ledgerline.gateway.identities;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.ledgerline.core.identity.PiiKeyring;
import dev.ledgerline.observability.Redactor;

/**
 * The key of identities' personal fields, from Blnk's {@code tokenization_secret} ({@code BLNK_TOKENIZATION_SECRET},
 * exactly 32 bytes) and the previous secrets still needed to open older values
 * ({@code LEDGERLINE_TOKENIZATION_PREVIOUS_SECRETS}, comma-separated; README, "Key rotation"). Without a usable secret,
 * personal fields are stored in clear and tokenization is refused, which is announced loudly at start.
 */
@Component
public class PiiKeys {

    private static final Logger log = LoggerFactory.getLogger(PiiKeys.class);

    private final Optional<PiiKeyring> keyring;

    public PiiKeys(@Value("${blnk.tokenization-secret:}") String secret,
                   @Value("${ledgerline.tokenization.previous-secrets:}") String previous) {
        List<String> previousSecrets = Arrays.stream(previous.split(",")).map(String::trim)
                .filter(value -> !value.isEmpty()).toList();
        previousSecrets.forEach(Redactor::registerSecret);
        this.keyring = PiiKeyring.of(secret, previousSecrets);
        if (keyring.isPresent()) {
            log.info("Identities: personal fields are sealed with key {} (AES-256-GCM)", keyring.get().currentKeyId());
        } else if (!secret.isEmpty()) {
            log.warn("BLNK_TOKENIZATION_SECRET is not exactly {} bytes: tokenization is DISABLED and identities' "
                    + "personal fields are stored IN CLEAR in Kafka and PostgreSQL", PiiKeyring.SECRET_BYTES);
        } else {
            log.warn("BLNK_TOKENIZATION_SECRET is not set: tokenization is DISABLED and identities' personal fields "
                    + "are stored IN CLEAR in Kafka and PostgreSQL (README, \"Identities\")");
        }
    }

    public Optional<PiiKeyring> keyring() {
        return keyring;
    }

    public boolean enabled() {
        return keyring.isPresent();
    }
}
