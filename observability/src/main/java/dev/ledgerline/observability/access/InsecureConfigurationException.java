package dev.ledgerline.observability.access;

/** A configuration a service refuses to start with; {@link InsecureConfigurationFailureAnalyzer} prints it plainly. */
public final class InsecureConfigurationException extends RuntimeException {

    private final String action;

    public InsecureConfigurationException(String problem, String action) {
        super(problem);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
