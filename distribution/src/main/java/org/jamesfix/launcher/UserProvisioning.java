package org.jamesfix.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.james.utils.DataProbeImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users to create at start, from a properties file ({@code address = password}). Users that already
 * exist are left alone, so a durable user store keeps its passwords. No file, no users.
 */
final class UserProvisioning {
    static final String FILE_NAME = "users.properties";
    private static final Logger LOGGER = LoggerFactory.getLogger(UserProvisioning.class);

    private final Map<String, String> passwords;

    private UserProvisioning(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    /** Reads the file; an address without a password is an error naming the file. */
    static UserProvisioning fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new UserProvisioning(Map.of());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> passwords = new TreeMap<>();
        for (String address : properties.stringPropertyNames()) {
            String password = properties.getProperty(address).trim();
            if (password.isEmpty() || !address.contains("@")) {
                throw new IOException(file + ": \"" + address + "\" needs the form address@domain = password");
            }
            passwords.put(address, password);
        }
        return new UserProvisioning(passwords);
    }

    /** Adds every user that James does not know yet. */
    void provision(DataProbeImpl probe) throws Exception {
        Set<String> existing = Arrays.stream(probe.listUsers()).collect(Collectors.toSet());
        for (Map.Entry<String, String> user : passwords.entrySet()) {
            if (!existing.contains(user.getKey())) {
                probe.addUser(user.getKey(), user.getValue());
                LOGGER.info("Provisioned user {}", user.getKey());
            }
        }
    }
}
