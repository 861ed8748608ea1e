package dev.ledgerline.observability.web;

import java.util.regex.Pattern;

/**
 * Blnk's catalogue has a counter named {@code blnk_balance_created_total}. The Prometheus Java client reserves the
 * {@code _created} suffix (for counters' creation timestamps) and strips it, so Micrometer's {@code blnk.balance.created}
 * is exposed as {@code blnk_balance_total}. Dashboards and alerts written for Blnk query the Blnk name, so the one
 * exposition path ({@code /metrics}) restores it. No other series uses the stripped name.
 */
final class BlnkMetricNames {

    private static final Pattern STRIPPED_BALANCE_CREATED = Pattern.compile("\\bblnk_balance_total\\b");

    private BlnkMetricNames() {
    }

    static String restore(String exposition) {
        return STRIPPED_BALANCE_CREATED.matcher(exposition).replaceAll("blnk_balance_created_total");
    }
}
