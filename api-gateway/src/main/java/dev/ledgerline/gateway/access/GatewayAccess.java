package dev.ledgerline.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.ledgerline.core.access.ApiKeySecrets;
import dev.ledgerline.observability.BlnkProperties;
import dev.ledgerline.observability.Redactor;

/**
 * The gateway's access settings: secure mode, the master key (compared in constant time) and the pepper of API
 * key digests ({@code LEDGERLINE_API_KEY_PEPPER}, by default the master key: set it explicitly before rotating the
 * master key, or every API key stops matching).
 */
@Component
public class GatewayAccess {

    private final boolean secure;
    private final byte[] masterKey;
    private final ApiKeySecrets secrets;

    public GatewayAccess(BlnkProperties blnk, Environment environment) {
        this.secure = blnk.server().secure();
        this.masterKey = blnk.server().secretKey().getBytes(StandardCharsets.UTF_8);
        String pepper = environment.getProperty("ledgerline.api-key-pepper", "");
        Redactor.registerSecret(pepper);
        this.secrets = new ApiKeySecrets(pepper.isEmpty() ? blnk.server().secretKey() : pepper);
    }

    public boolean secure() {
        return secure;
    }

    public boolean isMasterKey(String presented) {
        return masterKey.length > 0 && presented != null
                && MessageDigest.isEqual(masterKey, presented.getBytes(StandardCharsets.UTF_8));
    }

    public ApiKeySecrets secrets() {
        return secrets;
    }
}
