/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.integratedpipeline.child;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;
import dev.integratedpipeline.testapp.TraceEndpointClient;

import static dev.integratedpipeline.testapp.HttpTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which user a child request runs as, for each rule of {@link ChildRequest.Identity} and
 * each way the application authenticates: form login (the security context in the HTTP
 * session), HTTP Basic and a module at {@code AUTHENTICATE_REQUEST}; over real HTTP, with
 * Spring Security's role rules deciding.
 */
@SpringBootTest(classes = IdentityTestApplication.Secured.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=childrequests",
				"integrated-pipeline.trace.include=principal" })
class ChildIdentityHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestExecutor executor;

	private HttpTestClient http;

	private TraceEndpointClient traces;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		this.traces = new TraceEndpointClient(this.http);
	}

	private String issue(String path, String as, String... headers) {
		return IdentityTestApplication.issue(this.http, path, as, headers);
	}

	/**
	 * Log in with the form and return the session cookie.
	 */
	private String login(String user, String password) {
		HttpResponse<String> response = this.http.post("/login", "username=" + user + "&password=" + password,
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

	// Form login: the parent's user is in the HTTP session the child shares

	@Test
	void whenFormLoginAdminGivesChildAPlainPrincipalThenTheAdminUrlIsRefused() {
		assertThat(issue("/admin/whoami", "guest", "Cookie", login("admin", "admin"))).startsWith("403");
	}

	@Test
	void whenFormLoginAdminGivesChildAUserRoleAuthenticationThenTheAdminUrlIsRefused() {
		assertThat(issue("/admin/whoami", "user-role", "Cookie", login("admin", "admin"))).startsWith("403");
	}

	@Test
	void whenFormLoginUserGivesChildAnAdminAuthenticationThenTheAdminUrlAnswers() {
		assertThat(issue("/admin/whoami", "admin-role", "Cookie", login("user", "password"))).isEqualTo("200 boss");
	}

	@Test
	void whenFormLoginAdminGivesChildAUserThenTheSessionKeepsTheAdmin() {
		String session = login("admin", "admin");
		issue("/admin/whoami", "guest", "Cookie", session);
		assertThat(this.http.get("/admin/whoami", "Cookie", session).body()).isEqualTo("admin");
	}

	@Test
	void whenFormLoginAdminGivesChildAUserThenTheSessionShowsTheChildThatUser() {
		assertThat(issue("/session-user", "guest", "Cookie", login("admin", "admin"))).isEqualTo("200 guest");
	}

	@Test
	void whenFormLoginAdminIssuesAnAnonymousChildThenTheSessionShowsTheChildNoUser() {
		assertThat(issue("/session-user", "anonymous", "Cookie", login("admin", "admin")))
			.isEqualTo("200 anonymousUser");
	}

	@Test
	void whenChildStoresAnotherUserInTheSessionThenTheSessionKeepsTheParentsUser() {
		String session = login("user", "password");
		assertThat(issue("/session-user/overwrite", "parent", "Cookie", session)).isEqualTo("200 overwritten");
		assertThat(this.http.get("/session-user", "Cookie", session).body()).isEqualTo("user");
		assertThat(this.http.get("/admin/whoami", "Cookie", session).statusCode()).isEqualTo(403);
	}

	@Test
	void whenFormLoginParentIssuesADefaultChildThenItRunsAsTheParent() {
		assertThat(issue("/admin/whoami", "parent", "Cookie", login("admin", "admin"))).isEqualTo("200 admin");
	}

	@Test
	void whenFormLoginParentIssuesAnAnonymousChildThenItHasNoUser() {
		String session = login("admin", "admin");
		assertThat(issue("/secure/whoami", "anonymous", "Cookie", session)).startsWith("401");
		assertThat(issue("/whoami", "anonymous", "Cookie", session)).isEqualTo("200 anonymous");
	}

	@Test
	void whenFormLoginParentIssuesAChildFromItsRequestThenTheChildAuthenticatesFromTheSession() {
		assertThat(issue("/admin/whoami", "from", "Cookie", login("admin", "admin"))).isEqualTo("200 admin");
	}

	@Test
	void whenFormLoginParentIssuesAnAsynchronousDefaultChildThenItRunsAsTheParent() {
		String body = this.http.get("/issue?path=/admin/whoami&async=true", "Cookie", login("admin", "admin")).body();
		assertThat(body).isEqualTo("200 admin");
	}

	// HTTP Basic: the parent's user comes from its Authorization header

	@Test
	void whenBasicAdminIssuesADefaultChildThenItRunsAsTheParent() {
		assertThat(issue("/admin/whoami", "parent", "Authorization", basic("admin", "admin"))).isEqualTo("200 admin");
	}

	@Test
	void whenBasicUserIssuesADefaultChildThenTheAdminUrlIsRefused() {
		assertThat(issue("/admin/whoami", "parent", "Authorization", basic("user", "password"))).startsWith("403");
	}

	@Test
	void whenBasicAdminIssuesAnAnonymousChildThenItHasNoUser() {
		assertThat(issue("/secure/whoami", "anonymous", "Authorization", basic("admin", "admin"))).startsWith("401");
	}

	@Test
	void whenBasicUserGivesChildAnAdminAuthenticationThenTheAdminUrlAnswers() {
		assertThat(issue("/admin/whoami", "admin-role", "Authorization", basic("user", "password")))
			.isEqualTo("200 boss");
	}

	@Test
	void whenBasicAdminGivesChildAPlainPrincipalThenTheAdminUrlIsRefused() {
		assertThat(issue("/admin/whoami", "guest", "Authorization", basic("admin", "admin"))).startsWith("403");
	}

	@Test
	void whenBasicParentIssuesAChildFromItsRequestThenTheChildAuthenticatesFromItsCredentials() {
		assertThat(issue("/admin/whoami", "from", "Authorization", basic("admin", "admin"))).isEqualTo("200 admin");
	}

	// A module that authenticates at AUTHENTICATE_REQUEST

	@Test
	void whenModuleAuthenticatedTheParentThenADefaultChildRunsAsThatUser() {
		assertThat(issue("/private/whoami", "parent", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.isEqualTo("200 mod");
	}

	@Test
	void whenModuleAuthenticatedTheParentThenAnAnonymousChildIsRefusedByTheModule() {
		assertThat(issue("/private/whoami", "anonymous", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.startsWith("401");
	}

	@Test
	void whenModuleAuthenticatedTheParentThenAChildFromItsRequestIsAuthenticatedByTheModule() {
		assertThat(issue("/private/whoami", "from", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.isEqualTo("200 mod");
	}

	@Test
	void whenModuleAuthenticatedTheParentThenAGivenUserWins() {
		assertThat(issue("/private/whoami", "guest", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.isEqualTo("200 guest");
	}

	// No parent request

	@Test
	void whenChildHasNoParentThenItIsAnonymous() {
		assertThat(this.executor.execute(ChildRequest.get("/whoami").build()).contentAsString()).isEqualTo("anonymous");
		assertThat(this.executor.execute(ChildRequest.get("/secure/whoami").build()).status()).isEqualTo(401);
	}

	@Test
	void whenChildWithoutParentIsGivenAnAdminThenTheAdminUrlAnswers() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/admin/whoami")
			.user(org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated("boss",
					null, org.springframework.security.core.authority.AuthorityUtils.createAuthorityList("ROLE_ADMIN")))
			.build());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentAsString()).isEqualTo("boss");
	}

	// The trace says who the child's security saw and how it was chosen

	@Test
	void whenChildRunsThenItsTraceRecordsItsIdentityAndPrincipal() {
		String session = login("admin", "admin");
		assertThat(childTrace("/whoami?t=" + HttpTestClient.newTestId(), "guest", session))
			.containsEntry("identity", "given")
			.containsEntry("principal", "guest");
		assertThat(childTrace("/whoami?t=" + HttpTestClient.newTestId(), "parent", session))
			.containsEntry("identity", "parent")
			.containsEntry("principal", "admin");
		Map<String, Object> anonymous = childTrace("/whoami?t=" + HttpTestClient.newTestId(), "anonymous", session);
		assertThat(anonymous).containsEntry("identity", "anonymous");
		assertThat(anonymous.get("principal")).isNull();
		assertThat(childTrace("/whoami?t=" + HttpTestClient.newTestId(), "from", session))
			.containsEntry("identity", "credentials")
			.containsEntry("principal", "admin");
	}

	private Map<String, Object> childTrace(String path, String as, String session) {
		issue(path, as, "Cookie", session);
		return this.traces.childOf("GET", path);
	}

}
