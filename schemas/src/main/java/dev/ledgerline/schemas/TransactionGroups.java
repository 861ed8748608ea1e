package dev.ledgerline.schemas;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import dev.ledgerline.core.Ids;
import dev.ledgerline.wire.v1.TransactionSpec;

/**
 * Builds the legs of splits and bulk batches (docs/design/transactions-v2.md, "Splits and bulk"), so the gateway,
 * the tests and the simulation all make the same legs from the same request.
 */
public final class TransactionGroups {

    public static final String SPLIT = "split";
    public static final String BULK = "bulk";

    /** One end of a split leg: the identifier as sent ({@code @Name} or {@code bln_…}) and its resolved balance id. */
    public record End(String identifier, String balanceId) {
    }

    private TransactionGroups() {
    }

    /**
     * The legs of the split {@code parent}: leg {@code i} (1-based, request order) moves {@code shares[i]} between
     * {@code ends[i]} (the split side: sources when {@code splitSources}, else destinations) and the parent's other side.
     * Zero shares make no leg (as in Blnk). Every leg reserves first and belongs to the group {@code parent}'s id.
     */
    public static List<TransactionSpec> splitLegs(TransactionSpec parent, boolean splitSources, List<End> ends,
                                                  List<BigInteger> shares) {
        List<TransactionSpec> legs = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            if (shares.get(i).signum() == 0) {
                continue;
            }
            int index = i + 1;
            String reference = Ids.splitLegReference(parent.getReference(), index, parent.getSkipQueue());
            TransactionSpec.Builder leg = TransactionSpec.newBuilder(parent)
                    .setTransactionId(Ids.transactionIdForReference(reference)).setReference(reference)
                    .setPreciseAmount(shares.get(i).toString()).setParentTransaction(parent.getTransactionId())
                    .setGroupId(parent.getTransactionId()).setLegIndex(index).setReserve(true);
            End end = ends.get(i);
            if (splitSources) {
                leg.setSource(end.identifier()).setSourceId(end.balanceId());
            } else {
                leg.setDestination(end.identifier()).setDestinationId(end.balanceId());
            }
            legs.add(leg.build());
        }
        return legs;
    }

    /**
     * The {@code index}-th (1-based) item of bulk batch {@code batchId}. Its group hears from it when the batch is
     * atomic (it reserves first) or {@code reported}: a caller waits for the batch (skip_queue) or the batch announces
     * its outcome (run_async, Blnk's {@code bulk_transaction.*} webhooks). Otherwise it is an ordinary transaction whose
     * parent is the batch, and costs its group nothing.
     */
    public static TransactionSpec bulkItem(TransactionSpec item, String batchId, int index, boolean atomic,
                                           boolean reported) {
        return TransactionSpec.newBuilder(item).setParentTransaction(batchId)
                .setGroupId(atomic || reported ? batchId : "").setLegIndex(index).setReserve(atomic).build();
    }
}
