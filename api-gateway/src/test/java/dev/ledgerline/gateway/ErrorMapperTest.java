package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.RejectionReason;
import dev.ledgerline.gateway.error.ApiException;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.kafka.ReplyTimeoutException;
import dev.ledgerline.wire.v1.Reply;

class ErrorMapperTest {

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void everyRejectionReasonMapsToBlnksStatusAndCode(RejectionReason reason) {
        // Given a processor reply carrying the reason's name
        Reply reply = Reply.newBuilder().setRequestId("r").setOk(false).setCode(reason.name())
                .setSubjectId("s").setDecidedAtMs(0).build();

        // When it is mapped
        ApiException error = ErrorMapper.fromReply(reply);

        // Then conflicts are 409, missing things 404, everything else 400, with Blnk's code; identities as Blnk
        // answers them (a duplicate id is a 400 validation error, disabled tokenization 403); a taken account number 409
        int expected = switch (reason) {
            case IDENTITY_ALREADY_EXISTS -> 400;
            case TOKENIZATION_DISABLED -> 403;
            case IDENTITY_FIELD_ALREADY_TOKENIZED, IDENTITY_IN_USE, ACCOUNT_NUMBER_TAKEN -> 409;
            default -> reason.name().contains("NOT_FOUND") ? 404
                    : reason == RejectionReason.DUPLICATE_REFERENCE || reason.name().startsWith("ALREADY_")
                            || reason.name().endsWith("ALREADY_EXISTS") ? 409 : 400;
        };
        assertThat(error.status()).isEqualTo(expected);
        assertThat(error.code()).isEqualTo(reason.errorCode());
        assertThat(error.getMessage()).isEqualTo(reason.message());
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource({
            "TRANSACTION_NOT_FOUND, 404, TXN_NOT_FOUND",
            "NOT_INFLIGHT, 400, TXN_NOT_INFLIGHT",
            "ALREADY_COMMITTED, 409, TXN_ALREADY_COMMITTED",
            "ALREADY_VOIDED, 409, TXN_ALREADY_VOIDED",
            "COMMIT_AMOUNT_EXCEEDED, 400, TXN_COMMIT_AMOUNT_EXCEEDED",
            "INVALID_STATUS_ACTION, 400, TXN_INVALID_STATUS_ACTION",
            "ALREADY_REFUNDED, 409, GEN_CONFLICT",
            "NOT_REFUNDABLE, 400, TXN_NOT_REFUNDABLE",
            "INVALID_DISTRIBUTION, 400, TXN_VALIDATION_ERROR"})
    void theNewRejectionReasonsMapAsTheContractTableSays(RejectionReason reason, int status, String code) {
        ApiException error = ErrorMapper.rejection(reason, null);

        assertThat(error.status()).isEqualTo(status);
        assertThat(error.code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} is bulk code {1}")
    @CsvSource({
            "TRANSACTION_NOT_FOUND, NOT_FOUND",
            "ALREADY_VOIDED, ALREADY_VOIDED",
            "ALREADY_COMMITTED, ALREADY_COMMITTED",
            "NOT_INFLIGHT, NOT_INFLIGHT",
            "COMMIT_AMOUNT_EXCEEDED, INVALID_AMOUNT",
            "INSUFFICIENT_FUNDS, INTERNAL_ERROR"})
    void bulkInflightResultsUseBlnksPerItemCodes(RejectionReason reason, String code) {
        assertThat(ErrorMapper.bulkCodeOf(reason)).isEqualTo(code);
        assertThat(ErrorMapper.bulkCodeOf(ErrorMapper.rejection(reason, null))).isEqualTo(code);
    }

    @Test
    void aBulkItemThatTimedOutIsAnInternalError() {
        assertThat(ErrorMapper.bulkCodeOf(new ReplyTimeoutException("r"))).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void anUnknownReplyCodeIsAnInternalErrorNotAGuess() {
        Reply reply = Reply.newBuilder().setRequestId("r").setOk(false).setCode("SOMETHING_NEW")
                .setSubjectId("s").setDecidedAtMs(0).build();

        assertThat(ErrorMapper.fromReply(reply).status()).isEqualTo(500);
    }

    @Test
    void aReplyTimeoutIsA503SayingTheCommandMayStillApply() {
        ApiException error = ErrorMapper.toApiException(new ReplyTimeoutException("r"));

        assertThat(error.status()).isEqualTo(503);
        assertThat(error.code()).isEqualTo("GEN_SERVICE_UNAVAILABLE");
        assertThat(error.getMessage()).isEqualTo("the ledger did not answer in time; the command may still apply");
    }

    @Test
    void aBodyOverTheLimitStaysA413EvenWhenWebFluxWrapsItInA400() {
        // Given the breach as WebFlux reports it: a 400 input exception caused by the buffer limit
        var wrapped = new org.springframework.web.server.ServerWebInputException("Failed to read HTTP message", null,
                new org.springframework.core.io.buffer.DataBufferLimitException("Exceeded limit on max bytes to buffer"));

        // When it is mapped
        ApiException api = ErrorMapper.toApiException(wrapped);

        // Then the client hears 413, not a malformed request
        assertThat(api.status()).isEqualTo(413);
    }

    @Test
    void anUnexpectedExceptionIsA500WithoutLeakingItsMessage() {
        ApiException error = ErrorMapper.toApiException(new NullPointerException("secret detail"));

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo("GEN_INTERNAL");
        assertThat(error.getMessage()).isEqualTo("internal server error");
    }

    @Test
    void theEnvelopeHasBlnksShapeAndTheLegacyErrorsKeyForValidationFailures() {
        ObjectNode envelope = ErrorMapper.envelope(ErrorMapper.transactionValidation("reference: cannot be blank", "reference"));

        assertThat(envelope.get("error").stringValue()).isEqualTo("reference: cannot be blank");
        assertThat(envelope.get("errors").stringValue()).isEqualTo("reference: cannot be blank");
        assertThat(envelope.get("error_detail").get("code").stringValue()).isEqualTo("TXN_VALIDATION_ERROR");
        assertThat(envelope.get("error_detail").get("message").stringValue()).isEqualTo("reference: cannot be blank");
        assertThat(envelope.get("error_detail").get("details").get("field").stringValue()).isEqualTo("reference");
    }

    @Test
    void aProcessorRejectionHasNoLegacyErrorsKey() {
        ObjectNode envelope = ErrorMapper.envelope(ErrorMapper.rejection(RejectionReason.INSUFFICIENT_FUNDS, null));

        assertThat(envelope.has("errors")).isFalse();
        assertThat(envelope.get("error_detail").get("code").stringValue()).isEqualTo("TXN_INSUFFICIENT_FUNDS");
    }
}
