package dev.ledgerline.projection.identities;

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
 * ({@code LEDGERLINE_TOKENIZATION_PREVIOUS_SECRETS}, comma-separated; README, "Identities"). The query API opens
 * personal fields with it; it must be the gateway's.
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
            log.info("Identities: personal fields open with keys {}", keyring.get().keyIds());
        } else {
            log.warn("BLNK_TOKENIZATION_SECRET is not set or not exactly {} bytes: identities' personal fields sealed "
                    + "by the gateway cannot be read, and detokenization is refused", PiiKeyring.SECRET_BYTES);
        }
    }

    public Optional<PiiKeyring> keyring() {
        return keyring;
    }

    public boolean enabled() {
        return keyring.isPresent();
    }
}
