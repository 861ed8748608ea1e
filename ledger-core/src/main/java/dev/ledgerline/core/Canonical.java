package dev.ledgerline.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical byte encoding that every hash in Ledgerline is computed over, so a third party
 * can recompute it (docs/EVENTS.md): a sequence of fields, each written as a 4-byte big-endian
 * length followed by that many bytes of UTF-8 text; a null field is written as length -1 and no
 * bytes. Numbers are written as base-10 text without leading zeros or '+'.
 */
public final class Canonical {

    /** The genesis {@code prev_hash}: 32 zero bytes, in hex. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    public Canonical add(String field) {
        if (field == null) {
            writeInt(-1);
            return this;
        }
        byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        bytes.writeBytes(utf8);
        return this;
    }

    public Canonical add(long number) {
        return add(Long.toString(number));
    }

    public Canonical add(boolean flag) {
        return add(flag ? "true" : "false");
    }

    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    /** hex(SHA-256(prevHash as 32 raw bytes || canonical bytes)). */
    public String chainHash(String prevHashHex) {
        MessageDigest sha = sha256();
        sha.update(HexFormat.of().parseHex(prevHashHex));
        sha.update(toByteArray());
        return HexFormat.of().formatHex(sha.digest());
    }

    /** hex(SHA-256(canonical bytes)). */
    public String hash() {
        return HexFormat.of().formatHex(sha256().digest(toByteArray()));
    }

    private void writeInt(int value) {
        bytes.write(value >>> 24);
        bytes.write(value >>> 16);
        bytes.write(value >>> 8);
        bytes.write(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK ships SHA-256", e);
        }
    }
}
