package dev.ledgerline.core.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens personal data with AES-256-GCM (JDK only). Each value gets a fresh random 12-byte nonce, and the
 * identity id and field name as associated data, so a sealed value cannot be moved to another identity or field.
 *
 * <p>Sealed form: {@code seal:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}. The key is derived with HKDF-SHA256
 * (RFC 5869) from Blnk's {@code tokenization_secret}, which, as in Blnk, must be exactly 32 bytes. The key id (8 hex
 * digits, itself derived from the secret) names the key that sealed a value, so a keyring holding the current secret
 * and previous ones opens everything sealed before a rotation while sealing only with the current one.
 */
public final class PiiKeyring {

    /** Blnk's rule: tokenization is on only for a secret of exactly this many bytes. */
    public static final int SECRET_BYTES = 32;
    static final String SEALED_PREFIX = "seal:";
    private static final byte[] SALT = "ledgerline pii".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final PiiKey current;
    private final Map<String, PiiKey> byId;

    private PiiKeyring(PiiKey current, Map<String, PiiKey> byId) {
        this.current = current;
        this.byId = byId;
    }

    /** One derived key: its id and its AES key. */
    private record PiiKey(String id, SecretKeySpec aes) {
    }

    /**
     * The keyring of {@code secret} (sealing and opening) and {@code previous} secrets (opening only). Empty when
     * {@code secret} is not exactly {@value #SECRET_BYTES} bytes: tokenization is then disabled, as in Blnk.
     * Previous secrets of another length are ignored.
     */
    public static Optional<PiiKeyring> of(String secret, List<String> previous) {
        if (!valid(secret)) {
            return Optional.empty();
        }
        PiiKey current = derive(secret);
        Map<String, PiiKey> byId = new LinkedHashMap<>();
        byId.put(current.id(), current);
        for (String old : previous == null ? List.<String>of() : previous) {
            if (valid(old)) {
                PiiKey key = derive(old);
                byId.putIfAbsent(key.id(), key);
            }
        }
        return Optional.of(new PiiKeyring(current, Collections.unmodifiableMap(byId)));
    }

    public static boolean valid(String secret) {
        return secret != null && secret.getBytes(StandardCharsets.UTF_8).length == SECRET_BYTES;
    }

    /** The id of the key new values are sealed with. */
    public String currentKeyId() {
        return current.id();
    }

    /** The ids of every key this keyring can open with, the current one first. */
    public List<String> keyIds() {
        return new ArrayList<>(byId.keySet());
    }

    /** {@code plain} sealed for one field of one identity, with a fresh nonce from {@code random}. */
    public String seal(String plain, String identityId, String field, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.aes(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(identityId, field));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] body = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return SEALED_PREFIX + current.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plain text of a value {@link #seal sealed} for this identity and field.
     *
     * @throws PiiException when the value is not a sealed value, its key is not in this keyring, or it was altered
     *                      or sealed for another identity or field
     */
    public String open(String sealed, String identityId, String field) {
        if (sealed == null || !sealed.startsWith(SEALED_PREFIX)) {
            throw new PiiException("not a sealed value");
        }
        int colon = sealed.indexOf(':', SEALED_PREFIX.length());
        if (colon < 0) {
            throw new PiiException("not a sealed value");
        }
        PiiKey key = byId.get(sealed.substring(SEALED_PREFIX.length(), colon));
        if (key == null) {
            throw new PiiException("sealed with a key this service does not hold");
        }
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new PiiException("not a sealed value");
        }
        if (body.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new PiiException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, body, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(identityId, field));
            byte[] plain = cipher.doFinal(body, NONCE_BYTES, body.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new PiiException("the sealed value does not open with its key (altered or moved)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(String identityId, String field) {
        return (identityId + "\u0000" + field).getBytes(StandardCharsets.UTF_8);
    }

    private static PiiKey derive(String secret) {
        byte[] prk = hmac(SALT, secret.getBytes(StandardCharsets.UTF_8));
        byte[] aes = expand(prk, "aes-256-gcm seal v1", 32);
        String id = HexFormat.of().formatHex(expand(prk, "key id v1", 4));
        return new PiiKey(id, new SecretKeySpec(aes, "AES"));
    }

    /** HKDF-Expand (RFC 5869) for at most one SHA-256 block, which is all this needs. */
    private static byte[] expand(byte[] prk, String info, int length) {
        byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
        byte[] input = ByteBuffer.allocate(infoBytes.length + 1).put(infoBytes).put((byte) 1).array();
        byte[] block = hmac(prk, input);
        byte[] out = new byte[length];
        System.arraycopy(block, 0, out, 0, length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
