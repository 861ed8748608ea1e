package dev.ledgerline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/*
 * Goal: the canonical encoding under every hash is unambiguous and stable, so a third party can
 * recompute hashes. Method: byte-level examples (length prefixes, null vs empty, numbers) and
 * known SHA-256 answers for the two hashing entry points.
 */
class CanonicalTest {

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void each_field_is_a_four_byte_big_endian_length_followed_by_utf8_bytes() {
        // Given the fields "ab" and "é"
        // When encoded
        byte[] bytes = new Canonical().add("ab").add("é").toByteArray();
        // Then each is prefixed by its byte length
        assertThat(hex(bytes)).isEqualTo("00000002" + "6162" + "00000002" + "c3a9");
    }

    @Test
    void moving_a_character_between_fields_changes_the_encoding() {
        // Given ("ab","c") and ("a","bc"), whose concatenations are equal
        // When encoded
        // Then the encodings and the hashes differ
        Canonical left = new Canonical().add("ab").add("c");
        Canonical right = new Canonical().add("a").add("bc");
        assertThat(left.toByteArray()).isNotEqualTo(right.toByteArray());
        assertThat(left.hash()).isNotEqualTo(right.hash());
    }

    @Test
    void a_null_field_differs_from_an_empty_field() {
        // Given a null field and an empty field
        // When encoded
        // Then null is length -1 and empty is length 0
        assertThat(hex(new Canonical().add((String) null).toByteArray())).isEqualTo("ffffffff");
        assertThat(hex(new Canonical().add("").toByteArray())).isEqualTo("00000000");
        assertThat(new Canonical().add((String) null).hash()).isNotEqualTo(new Canonical().add("").hash());
    }

    @Test
    void numbers_and_flags_are_written_as_text() {
        // Given a negative long, zero and a flag
        // When encoded
        // Then they equal their decimal / literal text
        assertThat(new Canonical().add(-12L).add(0L).add(true).add(false).toByteArray())
                .isEqualTo(new Canonical().add("-12").add("0").add("true").add("false").toByteArray());
    }

    @Test
    void hash_is_sha256_of_the_canonical_bytes() {
        // Given an empty canonical sequence
        // When hashed
        // Then it is SHA-256 of zero bytes (a well-known constant)
        assertThat(new Canonical().hash())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void chain_hash_prefixes_the_raw_previous_hash_bytes() {
        // Given the genesis hash and a field
        Canonical c = new Canonical().add("x");
        // When chained onto genesis
        String chained = c.chainHash(Canonical.GENESIS_HASH);
        // Then it equals hashing (32 zero bytes || canonical bytes), and differs from the unchained hash
        byte[] zeros = new byte[32];
        byte[] body = c.toByteArray();
        byte[] all = new byte[zeros.length + body.length];
        System.arraycopy(body, 0, all, 32, body.length);
        // (recomputed with the JDK directly)
        String expected;
        try {
            expected = hex(java.security.MessageDigest.getInstance("SHA-256").digest(all));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertThat(chained).isEqualTo(expected);
        assertThat(chained).isNotEqualTo(c.hash());
        assertThat(Canonical.GENESIS_HASH).hasSize(64).matches("0+");
    }

    @Test
    void the_transaction_hash_covers_every_field() {
        // Given one transaction record
        String base = TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 1L);
        // When any one field changes
        // Then the hash changes
        assertThat(TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 1L)).isEqualTo(base);
        assertThat(TransactionHash.of("txn_2", null, "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 1L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", "", "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 1L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.ONE, 100, "USD", "QUEUED", 1L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.TEN, 10, "USD", "QUEUED", 1L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "APPLIED", 1L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", null, "ref", "s", "d", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 2L)).isNotEqualTo(base);
        assertThat(TransactionHash.of("txn_1", null, "ref", "sd", "", java.math.BigInteger.TEN, 100, "USD", "QUEUED", 1L)).isNotEqualTo(base);
    }
}
