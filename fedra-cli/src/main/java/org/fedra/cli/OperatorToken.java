package org.fedra.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator token as the user gave it: on the command line ({@code --token T}, visible to every local user in the
 * process list), from standard input ({@code --token -}) or from a file ({@code --token-file F}); none of them: the hub's
 * data directory supplies it.
 */
final class OperatorToken {
    private OperatorToken() {}

    /**
     * @return the token, or null when neither option was given
     * @throws IllegalArgumentException both options, an unreadable file or an empty token (a usage error naming the option)
     */
    static String read(String token, Path tokenFile, InputStream stdin) {
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("--token and --token-file: give one of them");
        }
        String value;
        String option;
        if (tokenFile != null) {
            option = "--token-file " + tokenFile;
            try (InputStream in = Files.newInputStream(tokenFile)) {
                value = firstLine(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--token-file: cannot read " + tokenFile + ": " + e.getMessage(), e);
            }
        } else if ("-".equals(token)) {
            option = "--token - (standard input)";
            try {
                value = firstLine(stdin);
            } catch (IOException e) {
                throw new IllegalArgumentException("--token -: cannot read standard input: " + e.getMessage(), e);
            }
        } else {
            return token;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + ": no token (an empty first line)");
        }
        return value.strip();
    }

    private static String firstLine(InputStream in) throws IOException {
        // not closed when it is standard input: the command may still print, and closing System.in is never undone
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return r.readLine();
    }
}
