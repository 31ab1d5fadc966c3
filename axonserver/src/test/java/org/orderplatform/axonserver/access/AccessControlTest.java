package org.orderplatform.axonserver.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessControlTest {

    private final AccessControl guarded = new AccessControl("s3cret-token");

    @Test
    void admitsOnlyTheToken() {
        assertThat(guarded.required()).isTrue();
        assertThat(guarded.admits("s3cret-token")).isTrue();
        assertThat(guarded.admits(null)).isFalse();
        assertThat(guarded.admits("")).isFalse();
        assertThat(guarded.admits("s3cret-tokeN")).isFalse();
        assertThat(guarded.admits("s3cret")).isFalse();
        assertThat(guarded.admits("s3cret-token ")).isFalse();
    }

    @Test
    void comparesTokensAsUtf8() {
        AccessControl accented = new AccessControl("clé-secrète");

        assertThat(accented.admits("clé-secrète")).isTrue();
        assertThat(accented.admits("cle-secrete")).isFalse();
    }

    @Test
    void admitsEveryCallWithoutAToken() {
        for (String unset : new String[] {null, "", "  "}) {
            AccessControl open = new AccessControl(unset);

            assertThat(open.required()).isFalse();
            assertThat(open.admits(null)).isTrue();
            assertThat(open.admits("anything")).isTrue();
        }
    }
}
