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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which user a child request runs as in an application without Spring Security, where a
 * module authenticates at {@code AUTHENTICATE_REQUEST}: the same rules as with it.
 */
@SpringBootTest(classes = IdentityTestApplication.Plain.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildIdentityWithoutSpringSecurityHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestExecutor executor;

	@Autowired
	private ServletChildRequestExecutor servletExecutor;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	private String issue(String path, String as, String... headers) {
		return IdentityTestApplication.issue(this.http, path, as, headers);
	}

	@Test
	void whenTheServerHasNoSecurityOfItsOwnThenChildrenPassAllItApplies() {
		assertThat(this.servletExecutor.containerSecurityNotApplied()).isEmpty();
	}

	@Test
	void whenApplicationHasNoSpringSecurityThenNoSecurityFilterRuns() {
		assertThat(this.http.get("/admin/whoami").body()).isEqualTo("anonymous");
	}

	@Test
	void whenModuleAuthenticatedTheParentThenADefaultChildRunsAsThatUser() {
		assertThat(issue("/private/whoami", "parent", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.isEqualTo("200 mod");
	}

	@Test
	void whenParentIsAnonymousThenADefaultChildIsRefusedByTheModule() {
		assertThat(issue("/private/whoami", "parent")).startsWith("401");
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
	void whenChildIsGivenAUserThenThatUserWinsOverTheParents() {
		assertThat(issue("/private/whoami", "guest", IdentityTestApplication.MODULE_USER_HEADER, "mod"))
			.isEqualTo("200 guest");
	}

	@Test
	void whenChildHasNoParentThenItIsAnonymous() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/private/whoami").build());
		assertThat(response.status()).isEqualTo(401);
		assertThat(this.executor.execute(ChildRequest.get("/whoami").build()).contentAsString()).isEqualTo("anonymous");
	}

	@Test
	void whenAsynchronousDefaultChildIsIssuedThenItRunsAsTheParent() {
		String body = this.http
			.get("/issue?path=/private/whoami&async=true", IdentityTestApplication.MODULE_USER_HEADER, "mod")
			.body();
		assertThat(body).isEqualTo("200 mod");
	}

	@Test
	void whenModuleAuthenticatedTheParentThenTheNetworkAnswersTheSame() {
		assertThat(this.http.get("/private/whoami", IdentityTestApplication.MODULE_USER_HEADER, "mod").body())
			.isEqualTo("mod");
		assertThat(this.http.get("/private/whoami").statusCode()).isEqualTo(401);
	}

}
