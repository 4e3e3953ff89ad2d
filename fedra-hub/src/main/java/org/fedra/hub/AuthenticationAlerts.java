package org.fedra.hub;

import java.time.Clock;
import java.time.Duration;
import org.fedra.hub.security.AlertKind;
import org.fedra.hub.security.Alerts;
import org.fedra.hub.security.BurstDetector;

/**
 * Turns the calls the hub's door refused into alerts: a revoked node trying again (one alert per node and quiet
 * period, not one per retry) and bursts of calls with certificates the hub does not accept.
 */
final class AuthenticationAlerts implements NodeAuthenticator.Refusals {
    /** Failed authentications of one claimed node within {@link #WINDOW} that make a burst. */
    static final int BURST = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Alerts alerts;
    private final Clock clock;
    private final BurstDetector failures = new BurstDetector(BURST, WINDOW, 10_000);
    // a revoked node retries with backoff: the first try raises the alert, the next ones within ten minutes do not
    private final BurstDetector revoked = new BurstDetector(1, Duration.ofMinutes(10), 10_000);

    AuthenticationAlerts(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void refused(String nodeId, String why, boolean isRevoked) {
        if (isRevoked) {
            if (revoked.record(nodeId, clock.instant())) {
                alerts.raise(AlertKind.REVOKED_NODE_RECONNECTING, nodeId, null, why);
            }
        } else if (failures.record(nodeId, clock.instant())) {
            alerts.raise(AlertKind.AUTHENTICATION_BURST, null, null, BURST + " calls within " + WINDOW.toSeconds() + " s refused: " + why);
        }
    }
}
