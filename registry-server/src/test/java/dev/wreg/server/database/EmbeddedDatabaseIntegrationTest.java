package dev.wreg.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.server.support.RegistryIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 20, defects 1 and 3, as the running registry has them: its embedded PostgreSQL commits
 * durably (fsync and synchronous commit on, so an acknowledged publish survives a crash), and it
 * lets no one in without the password kept 0600 beside the data (no {@code trust}: any local user
 * could otherwise write an admin token row).
 */
class EmbeddedDatabaseIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    DataSource dataSource;

    private EmbeddedPostgresServer postgres() {
        return DatabaseConfiguration.embeddedServerOf(dataSource).orElseThrow();
    }

    private String setting(String name) {
        return jdbc.queryForObject("SELECT current_setting(?)", String.class, name);
    }

    @Test
    void commitsAreDurable() {
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("synchronous_commit")).isEqualTo("on");
        assertThat(setting("full_page_writes")).isEqualTo("on");
    }

    @Test
    void aLocalConnectionWithoutThePasswordIsRefused() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + postgres().port() + "/postgres";
        Properties noPassword = new Properties();
        noPassword.setProperty("user", "postgres");
        assertThatThrownBy(() -> DriverManager.getConnection(url, noPassword).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        Properties wrongPassword = new Properties();
        wrongPassword.setProperty("user", "postgres");
        wrongPassword.setProperty("password", "guess");
        assertThatThrownBy(() -> DriverManager.getConnection(url, wrongPassword).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");

        assertThat(setting("listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(setting("unix_socket_directories"))
                .as("no Unix socket at all")
                .isEmpty();
        Path hba = Path.of(setting("hba_file"));
        assertThat(Files.readAllLines(hba).stream()
                        .map(line -> line.replaceFirst("#.*", "").strip())
                        .filter(line -> !line.isEmpty()))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith("scram-sha-256"));
        Path password = dataDir().resolve(EmbeddedPostgresServer.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                .isEqualTo("rw-------");
    }
}
