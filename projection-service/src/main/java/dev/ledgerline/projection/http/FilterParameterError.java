package dev.ledgerline.projection.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A list filter parameter refused by the grammar, in Blnk's shape for it ({@code errors}: a list of
 * {@code {"Param","Message"}}, repeated in {@code error_detail.details}) plus the {@code error} message every other
 * Ledgerline error carries.
 */
record FilterParameterError(@JsonProperty("error") String error,
                            @JsonProperty("errors") List<Problem> errors,
                            @JsonProperty("error_detail") Detail errorDetail) {

    record Problem(@JsonProperty("Param") String param, @JsonProperty("Message") String message) {
    }

    record Detail(@JsonProperty("code") String code, @JsonProperty("message") String message,
                  @JsonProperty("details") List<Problem> details) {
    }

    static FilterParameterError of(String parameter, String message) {
        List<Problem> problems = List.of(new Problem(parameter == null ? "" : parameter, message));
        return new FilterParameterError(message, problems, new Detail("GEN_VALIDATION_ERROR", message, problems));
    }
}
