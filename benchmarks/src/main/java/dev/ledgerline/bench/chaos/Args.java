package dev.ledgerline.bench.chaos;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the crash-matrix tools; every name must be known. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code args} against {@code defaults} (name without dashes → default, {@code null} = required). */
    static Args parse(String[] args, Map<String, String> defaults) {
        Args parsed = new Args();
        parsed.values.putAll(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + defaults.keySet());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            parsed.values.put(name, args[++i]);
        }
        defaults.forEach((name, value) -> {
            if (value == null && parsed.values.get(name) == null) {
                throw new IllegalArgumentException("option --" + name + " is required");
            }
        });
        return parsed;
    }

    String text(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name));
    }

    double decimal(String name) {
        return Double.parseDouble(values.get(name));
    }
}
