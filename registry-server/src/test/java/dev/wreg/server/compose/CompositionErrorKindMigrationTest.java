package dev.wreg.server.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V17 replaces the HTTP status a failed composition stored with the kind of refusal: rows failed
 * before it keep the meaning of their status, and only the known kinds can be stored.
 */
class CompositionErrorKindMigrationTest {

    @Test
    void storedStatusesBecomeKindsAndOnlyKindsAreAccepted() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource data = postgres.getPostgresDatabase();
            flyway(data).target("6").load().migrate();
            Map<Integer, String> expected = new LinkedHashMap<>();
            expected.put(400, "invalid");
            expected.put(403, "forbidden");
            expected.put(404, "not_found");
            expected.put(409, "conflict");
            expected.put(413, "too_large");
            expected.put(422, "unprocessable");
            expected.put(503, "unavailable");
            expected.put(500, "broken");
            try (Connection c = data.getConnection();
                    Statement s = c.createStatement()) {
                for (int status : expected.keySet()) {
                    s.executeUpdate("INSERT INTO compositions (id, status, request, caller, error_code, error_status,"
                            + " created_at) VALUES (gen_random_uuid(), 'failed', '{}', '{}', 'code-" + status + "', "
                            + status + ", now())");
                }
                s.executeUpdate("INSERT INTO compositions (id, status, request, caller, created_at)"
                        + " VALUES (gen_random_uuid(), 'succeeded', '{}', '{}', now())");
            }

            flyway(data).load().migrate();

            try (Connection c = data.getConnection();
                    Statement s = c.createStatement()) {
                Map<Integer, String> kinds = new LinkedHashMap<>();
                try (ResultSet rows =
                        s.executeQuery("SELECT error_code, error_kind FROM compositions WHERE status = 'failed'")) {
                    while (rows.next()) {
                        kinds.put(Integer.parseInt(rows.getString(1).substring("code-".length())), rows.getString(2));
                    }
                }
                assertThat(kinds).containsExactlyInAnyOrderEntriesOf(expected);
                try (ResultSet rows =
                        s.executeQuery("SELECT error_kind FROM compositions WHERE status = 'succeeded'")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isNull();
                }
                try (ResultSet columns = c.getMetaData().getColumns(null, null, "compositions", "error_status")) {
                    assertThat(columns.next()).as("error_status is gone").isFalse();
                }
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO compositions (id, status, request, caller,"
                                + " error_kind, created_at) VALUES (gen_random_uuid(), 'failed', '{}', '{}', '422',"
                                + " now())"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("error_kind");
            }
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource data) {
        return Flyway.configure().dataSource(data).locations("classpath:db/migration");
    }
}
