package dev.ledgerline.gateway.web;

import dev.ledgerline.gateway.access.GeneratedBy;
import org.springframework.web.server.ServerWebExchange;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.ledgerline.core.Ids;
import dev.ledgerline.core.lineage.AllocationStrategy;
import dev.ledgerline.gateway.error.ErrorMapper;
import dev.ledgerline.gateway.json.BlnkTime;
import dev.ledgerline.gateway.json.Json;
import dev.ledgerline.gateway.json.JsonFields;
import dev.ledgerline.gateway.kafka.LedgerCommandSender;
import dev.ledgerline.wire.v1.CreateBalance;
import dev.ledgerline.wire.v1.LedgerCommand;
import reactor.core.publisher.Mono;

/**
 * {@code POST /balances}: the command is keyed by ledger id, so the ledger registry that knows
 * whether the ledger exists decides; answered after its reply.
 */
@RestController
public class BalanceController {

    /** Blnk's rule for an indicator given at creation. */
    private static final Pattern INDICATOR = Pattern.compile("^@\\S+$");

    private final LedgerCommandSender sender;

    public BalanceController(LedgerCommandSender sender) {
        this.sender = sender;
    }

    @PostMapping("/balances")
    public Mono<ResponseEntity<String>> createBalance(@RequestBody(required = false) byte[] body,
                                                      ServerWebExchange exchange) {
        JsonFields fields = new JsonFields(GeneratedBy.tag(Json.parseObject(body), exchange));
        String ledgerId = fields.string("ledger_id");
        String currency = fields.string("currency");
        String identityId = fields.string("identity_id");
        String indicator = fields.string("indicator");
        ObjectNode metaData = fields.object("meta_data");
        fields.number("precision"); // accepted (type-checked) but ignored, as in Blnk
        boolean trackFundLineage = Boolean.TRUE.equals(fields.bool("track_fund_lineage"));
        String strategyText = fields.string("allocation_strategy");

        if (ledgerId == null || ledgerId.isBlank()) {
            throw ErrorMapper.validation("ledger_id: cannot be blank", "ledger_id");
        }
        if (currency == null || currency.isBlank()) {
            throw ErrorMapper.validation("currency: cannot be blank", "currency");
        }
        if (indicator != null) {
            if (!INDICATOR.matcher(indicator).matches()) {
                throw ErrorMapper.validation("indicator: must start with @ and contain no spaces", "indicator");
            }
            if (!Ids.GENERAL_LEDGER_ID.equals(ledgerId)) {
                throw ErrorMapper.validation("indicator: only allowed on the general ledger (" + Ids.GENERAL_LEDGER_ID + ")", "indicator");
            }
        }

        if (trackFundLineage && (identityId == null || identityId.isBlank())) {
            throw ErrorMapper.validation("identity_id: identity_id is required when track_fund_lineage is enabled",
                    "identity_id");
        }
        AllocationStrategy strategy = AllocationStrategy.parse(strategyText).orElseThrow(() -> ErrorMapper.validation(
                "allocation_strategy: allocation_strategy must be one of: FIFO, LIFO, PROPORTIONAL",
                "allocation_strategy"));

        String balanceId = indicator != null ? Ids.indicatorBalanceId(indicator, currency) : Ids.balanceId(UUID.randomUUID());
        String identity = identityId == null ? "" : identityId;
        long now = System.currentTimeMillis();
        String metaJson = Json.compact(metaData);
        LedgerCommand command = LedgerCommand.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setIssuedAtMs(now)
                .setPayload(CreateBalance.newBuilder()
                        .setBalanceId(balanceId)
                        .setLedgerId(ledgerId)
                        .setCurrency(currency)
                        .setIndicator(indicator)
                        .setIdentityId(identity)
                        .setMetaDataJson(metaJson)
                        .setCreatedAtMs(now)
                        .setAllocationStrategy(trackFundLineage ? strategy.name() : null)
                        .build())
                .build();

        return sender.send(ledgerId, command).map(reply -> {
            if (!reply.getOk()) {
                throw ErrorMapper.fromReply(reply);
            }
            ObjectNode created = newBalance(balanceId, ledgerId, identity, indicator, currency, now, metaJson);
            // Blnk answers the strategy it stored: the one asked for, FIFO by default, whether tracked or not.
            created.put("track_fund_lineage", trackFundLineage);
            created.put("allocation_strategy", strategy.name());
            return JsonResponses.created(created);
        });
    }

    /** A freshly created balance in Blnk's shape: every counter zero, version 0. */
    private static ObjectNode newBalance(String balanceId, String ledgerId, String identityId, String indicator,
                                         String currency, long createdAtMs, String metaJson) {
        ObjectNode balance = Json.object();
        balance.put("balance_id", balanceId);
        balance.put("ledger_id", ledgerId);
        balance.put("identity_id", identityId);
        if (indicator != null) {
            balance.put("indicator", indicator);
        }
        balance.put("currency", currency);
        balance.put("balance", 0);
        balance.put("credit_balance", 0);
        balance.put("debit_balance", 0);
        balance.put("inflight_balance", 0);
        balance.put("inflight_credit_balance", 0);
        balance.put("inflight_debit_balance", 0);
        balance.put("version", 0);
        balance.put("created_at", BlnkTime.formatMillis(createdAtMs));
        balance.put("inflight_expires_at", BlnkTime.ZERO);
        balance.set("meta_data", Json.objectOrEmpty(metaJson));
        return balance;
    }
}
