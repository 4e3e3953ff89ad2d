package org.fedra.learn.fl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The model families hub and nodes know, in one place: the built-in {@link TabularFamily} and every
 * {@link ModelFamily} a module on the class path provides through {@link ServiceLoader} (a
 * {@code META-INF/services/org.fedra.learn.fl.ModelFamily} entry). A model specification names its family in its
 * {@code family} field ({@code tabular} when absent).
 */
public final class ModelFamilies {
    private static volatile ModelFamilies installed;

    private final Map<String, ModelFamily<?, ?>> families;

    private ModelFamilies(Map<String, ModelFamily<?, ?>> families) {
        this.families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
    }

    /** The built-in families and those on the class path (looked up once). */
    public static ModelFamilies installed() {
        ModelFamilies f = installed;
        if (f == null) {
            Map<String, ModelFamily<?, ?>> all = new LinkedHashMap<>();
            add(all, new TabularFamily());
            for (ModelFamily<?, ?> family : ServiceLoader.load(ModelFamily.class)) {
                add(all, family);
            }
            f = new ModelFamilies(all);
            installed = f;
        }
        return f;
    }

    private static void add(Map<String, ModelFamily<?, ?>> all, ModelFamily<?, ?> family) {
        if (!family.name().matches("[a-z0-9-]{1,40}")) {
            throw new IllegalStateException("model family name '" + family.name() + "' is not 1 to 40 of a-z, 0-9, '-'");
        }
        if (all.putIfAbsent(family.name(), family) != null) {
            throw new IllegalStateException("two model families are named '" + family.name() + "'");
        }
    }

    /** The families' names, sorted. */
    public java.util.Set<String> names() {
        return new TreeSet<>(families.keySet());
    }

    /**
     * The family named {@code name}.
     *
     * @param path the JSON path of the family field, for the error
     * @throws ModelSpecException naming {@code path} and the known families
     */
    public ModelFamily<?, ?> get(String name, String path) {
        ModelFamily<?, ?> family = families.get(name);
        if (family == null) {
            throw new ModelSpecException(path, "unknown model family '" + name + "'; known: " + String.join(", ", names()));
        }
        return family;
    }

    /** The family of {@code architecture}. */
    public ModelFamily<?, ?> of(ModelArchitecture architecture) {
        return get(architecture.family(), "family");
    }

    /**
     * Reads an architecture whose {@code family} field (default {@code tabular}) names its family.
     *
     * @param path the JSON path of {@code json}
     * @throws ModelSpecException naming the path of what is wrong
     */
    public ModelArchitecture read(Map<String, ?> json, String path) {
        Object name = json.get("family");
        if (name != null && !(name instanceof String)) {
            throw new ModelSpecException(path + ".family", "must be a string, was " + name);
        }
        return get(name == null ? TabularFamily.NAME : (String) name, path + ".family").readArchitecture(json, path);
    }

    /** The JSON form {@link #read} reads back, with its {@code family} field. */
    public Map<String, Object> write(ModelArchitecture architecture) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", architecture.family());
        m.putAll(writeAs(of(architecture), architecture));
        return m;
    }

    private static <A extends ModelArchitecture> Map<String, Object> writeAs(ModelFamily<A, ?> family,
            ModelArchitecture architecture) {
        return family.writeArchitecture(family.cast(architecture));
    }
}
