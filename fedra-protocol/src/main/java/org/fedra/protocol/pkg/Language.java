package org.fedra.protocol.pkg;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The languages a package may be written in; each needs its interpreter on the node (Debian packages). */
public enum Language {
    /** Python 3 with the scientific packages the node installs from Debian (numpy, pandas, scipy, scikit-learn, statsmodels). */
    PYTHON("python", ".py"),
    /** R ({@code r-base-core}) with the {@code r-cran-*} packages the node installs (survival). */
    R("r", ".R");

    private final String code;
    private final String extension;

    Language(String code, String extension) {
        this.code = code;
        this.extension = extension;
    }

    /** The manifest's spelling, e.g. {@code python}. */
    public String code() {
        return code;
    }

    /** Whether a file name fits this language as an entry point ({@code .py}; {@code .R} or {@code .r}). */
    public boolean isEntryPoint(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(extension.toLowerCase(Locale.ROOT));
    }

    public String extension() {
        return extension;
    }

    public static Optional<Language> ofCode(String code) {
        return Arrays.stream(values()).filter(l -> l.code.equals(code)).findFirst();
    }
}
