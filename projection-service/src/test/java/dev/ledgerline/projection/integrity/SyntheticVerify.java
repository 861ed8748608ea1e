package dev.ledgerline.projection.integrity;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;

/**
 * Verifies a {@link SyntheticLedger} of the given size and prints one line: the report, entries per second and the
 * peak heap used. Run it with a small {@code -Xmx} to see that the verifier's memory does not grow with the log:
 * {@code java -Xmx48m -cp <test classpath> dev.ledgerline.projection.integrity.SyntheticVerify 1000000 100 1000}.
 */
public final class SyntheticVerify {

    private SyntheticVerify() {
    }

    public static void main(String[] args) {
        long entries = Long.parseLong(args[0]);
        int balances = Integer.parseInt(args[1]);
        int sealEvery = Integer.parseInt(args[2]);
        SyntheticLedger ledger = new SyntheticLedger(balances, entries, sealEvery);
        long start = System.nanoTime();
        VerifyReport report = new Verifier(Duration.ZERO).verify(ledger, ledger, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("SYNTHETIC valid=%s entries_checked=%d seals_checked=%d seconds=%.1f entries_per_s=%.0f "
                        + "peak_heap_mb=%.1f max_heap_mb=%.1f first_broken=%s%n", report.valid(), report.entriesChecked(),
                report.sealsChecked(), seconds, report.entriesChecked() / seconds, peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, report.firstBroken());
        System.exit(report.valid() ? 0 : 1);
    }
}
