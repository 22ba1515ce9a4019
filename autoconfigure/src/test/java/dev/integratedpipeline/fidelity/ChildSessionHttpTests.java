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

package dev.integratedpipeline.fidelity;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.fidelity.FidelityTestApplication.ReplayFilter;
import dev.integratedpipeline.fidelity.FidelityTestApplication.SessionCounter;
import dev.integratedpipeline.fidelity.ReplayClient.Exchange;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.TomcatSpecific;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions that child requests create reach someone, as from the network: their cookie is
 * in the child's response, the children of one request share one session, and the
 * request's response carries it.
 *
 * @author Integrated Pipeline team
 */
@SpringBootTest(classes = FidelityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildSessionHttpTests {

	// Embedded Tomcat's session cookie; Jetty's has no HttpOnly unless configured: the
	// children's are matched against what the container sends the network
	private static final Pattern TOMCAT_SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;]+); Path=/; HttpOnly");

	private @Nullable Pattern sessionCookie;

	@LocalServerPort
	private int port;

	@Autowired
	private ReplayFilter replays;

	@Autowired
	private ChildRequestExecutor children;

	@Autowired
	private SessionCounter sessions;

	@Test
	void whenAChildCreatesASessionThenItsResponseSetsTheCookieAsFromTheNetwork() {
		ChildResponse child = new ReplayClient(this.port, this.replays)
			.child(Exchange.get("session", "/fidelity/session"));
		assertThat(child.contentAsString()).isEqualTo("session created");
		assertThat(child.headers().get(HttpHeaders.SET_COOKIE)).singleElement()
			.satisfies((cookie) -> assertThat(cookie).matches(sessionCookie()));
	}

	@Test
	void whenAChildWithoutAParentCreatesASessionThenItsResponseSetsTheCookie() {
		ChildResponse child = this.children.execute(ChildRequest.get("/fidelity/session").build());
		assertThat(child.contentAsString()).isEqualTo("session created");
		assertThat(child.headers().get(HttpHeaders.SET_COOKIE)).singleElement()
			.satisfies((cookie) -> assertThat(cookie).matches(sessionCookie()));
	}

	@Test
	void whenTwentyAsynchronousChildrenCreateSessionsThenTheyShareOneThatTheParentResponseCarries() {
		int before = this.sessions.created();
		HttpResponse<String> response = new HttpTestClient(this.port).get("/fidelity/async-sessions?children=20");
		assertThat(this.sessions.created() - before).isOne();
		List<String> setCookies = response.headers().allValues(HttpHeaders.SET_COOKIE);
		assertThat(setCookies).singleElement().satisfies((cookie) -> assertThat(cookie).matches(sessionCookie()));
		Matcher cookie = sessionCookie().matcher(setCookies.get(0));
		assertThat(cookie.matches()).isTrue();
		String id = cookie.group(1);
		// The cookie carries the id as the container sends it to the network: Tomcat the
		// session's id, Jetty the session's id with its worker name (".node0")
		assertThat(response.body()).startsWith("cookies=[" + setCookies.get(0) + "] parent=");
		String parentId = response.body().substring(response.body().indexOf(" parent=") + 8);
		assertThat(id).matches(Pattern.quote(parentId) + "(\\.node\\d+)?");
	}

	@Test
	@TomcatSpecific("pins Tomcat's default session cookie, HttpOnly; Jetty's default has none")
	void whenTheNetworkCreatesASessionOnTomcatThenItsCookieIsTomcatsDefault() {
		assertThat(networkSessionCookie()).matches(TOMCAT_SESSION_COOKIE);
	}

	@Test
	void whenAnAsynchronousChildCreatesASessionThenTheClientCanUseIt() {
		HttpTestClient client = new HttpTestClient(this.port);
		HttpResponse<String> first = client.get("/fidelity/async-sessions?children=1");
		String cookie = first.headers().firstValue(HttpHeaders.SET_COOKIE).orElseThrow().split(";")[0];
		HttpResponse<String> second = client.get("/fidelity/session", "Cookie", cookie);
		assertThat(second.body()).isEqualTo("session reused");
	}

	private String networkSessionCookie() {
		return new HttpTestClient(this.port).get("/fidelity/session")
			.headers()
			.firstValue(HttpHeaders.SET_COOKIE)
			.orElseThrow();
	}

	/**
	 * The session cookie the container sends the network, the session id left open.
	 */
	private Pattern sessionCookie() {
		Pattern cookie = this.sessionCookie;
		if (cookie == null) {
			String network = networkSessionCookie();
			Matcher id = Pattern.compile("JSESSIONID=([^;]+)").matcher(network);
			assertThat(id.find()).isTrue();
			cookie = Pattern.compile(Pattern.quote(network.substring(0, id.start(1))) + "([^;]+)"
					+ Pattern.quote(network.substring(id.end(1))));
			this.sessionCookie = cookie;
		}
		return cookie;
	}

}
