package org.fedra.imaging;

/**
 * Where an image model trains: the CPU by default, a GPU when asked for and present. Asking for a GPU on a machine
 * without one is not an error: training runs on the CPU and {@link #note()} says so.
 *
 * @param gpu  whether a GPU is used
 * @param note what to tell the steward, or null when the request was met
 */
public record DeviceChoice(boolean gpu, String note) {
    /**
     * @param requested {@code cpu} or {@code gpu}
     * @param gpusPresent GPUs the engine sees
     */
    public static DeviceChoice of(String requested, int gpusPresent) {
        if (!"gpu".equals(requested)) return new DeviceChoice(false, null);
        if (gpusPresent > 0) return new DeviceChoice(true, null);
        return new DeviceChoice(false, "a GPU was asked for but this node has none; training on the CPU");
    }

    /** DJL's device for this choice. */
    ai.djl.Device device() {
        return gpu ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
    }
}
