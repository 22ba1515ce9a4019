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
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.fidelity.FidelityTestApplication.ObservedPaths;
import dev.integratedpipeline.fidelity.FidelityTestApplication.ReplayFilter;
import dev.integratedpipeline.fidelity.ReplayClient.Exchange;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.TomcatSpecific;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a child answers, and leaves behind, as a request from the network would: the error
 * page's view of the request, redirects, the log of a failure, and no secrets in traces
 * and observations.
 *
 * @author Integrated Pipeline team
 */
@SpringBootTest(classes = FidelityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ChildFidelityHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ReplayFilter replays;

	@Autowired
	private ChildRequestExecutor executor;

	@Autowired
	private ObservedPaths observedPaths;

	private ReplayClient client() {
		return new ReplayClient(this.port, this.replays);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/WEB-INF/secret", "/web-inf/secret", "/META-INF/secret" })
	void whenAChildAsksForAPrivateDirectoryThenItIsAnswered404AsTheNetworkIs(String path) {
		HttpResponse<String> network = new HttpTestClient(this.port).get(path);
		ChildResponse child = this.executor.execute(ChildRequest.get(path).build());
		assertThat(network.statusCode()).isEqualTo(404);
		assertThat(child.status()).isEqualTo(404);
		assertThat(withoutTimestamp(child.contentAsString())).isEqualTo(withoutTimestamp(network.body()));
	}

	private static String withoutTimestamp(String errorBody) {
		return errorBody.replaceAll("\"timestamp\":\"[^\"]*\",?", "");
	}

	@Test
	void whenAPostChildFailsThenItsErrorPageIsDispatchedAsAGetAsTheNetworksIs() {
		// Servlet 6.1: the error dispatch is a GET, the method of the request that failed
		// in jakarta.servlet.error.method; the page here is mapped to GET only
		Exchange post = new Exchange("failed post", "POST", "/fidelity/fail.bat", List.of(), null);
		HttpResponse<byte[]> network = client().network(post);
		ChildResponse child = client().child(post);
		assertThat(network.statusCode()).isEqualTo(200);
		assertThat(new String(network.body(), StandardCharsets.UTF_8)).contains("\"method\":\"GET\"")
			.contains("\"errorMethod\":\"POST\"");
		assertThat(child.status()).isEqualTo(200);
		assertThat(child.contentAsString()).contains("\"method\":\"GET\"").contains("\"errorMethod\":\"POST\"");
	}

	@Test
	@TomcatSpecific("Tomcat forwards to its error pages; Jetty's error dispatch sets no forward attributes, "
			+ "for the network too (DifferentialHttpTests compares the child with it)")
	void whenAChildFailsThenItsErrorPageSeesTheOriginalRequestAsForwarded() {
		ChildResponse child = client().child(Exchange.get("own error page", "/fidelity/fail.bat?x=1"));
		assertThat(child.status()).isEqualTo(200);
		assertThat(child.contentAsString()).contains("\"requestUri\":\"/fidelity/soft-error\"")
			.contains("\"forwardRequestUri\":\"/fidelity/fail.bat\"")
			.contains("\"forwardServletPath\":\"/fidelity/fail.bat\"")
			.contains("\"forwardQueryString\":\"x=1\"")
			.contains("\"queryString\":\"x=1\"");
	}

	@Test
	@TomcatSpecific("Tomcat forwards to its error pages; Jetty's error dispatch sets no forward attributes, "
			+ "for the network too (DifferentialHttpTests compares the child with it)")
	void whenAChildFailsThenItsErrorPageGetsSpringDownloadProtectionAsFromTheNetwork() {
		Exchange exchange = Exchange.get("own error page", "/fidelity/fail.bat");
		HttpResponse<byte[]> network = client().network(exchange);
		ChildResponse child = client().child(exchange);
		assertThat(network.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION)).hasValue("inline;filename=f.txt");
		assertThat(child.headers().getFirst(HttpHeaders.CONTENT_DISPOSITION)).isEqualTo("inline;filename=f.txt");
	}

	@Test
	@TomcatSpecific("Boot's Tomcat makes redirects absolute; Jetty leaves them relative (see the next tests)")
	void whenAChildIsRedirectedThenTheLocationIsAbsoluteAsTheContainerMakesIt() {
		ChildResponse child = client().child(Exchange.get("redirect", "/fidelity/redirect"));
		assertThat(child.status()).isEqualTo(302);
		assertThat(child.headers().getLocation()).hasToString("http://localhost:" + this.port + "/fidelity/json");
	}

	@Test
	@TomcatSpecific("Boot's Tomcat makes redirects absolute; Jetty leaves them relative (see the next tests)")
	void whenAChildIsRedirectedRelativelyThenTheLocationIsResolvedAgainstItsUri() {
		ChildResponse child = client().child(Exchange.get("relative redirect", "/fidelity/redirect/relative"));
		assertThat(child.headers().getLocation())
			.hasToString("http://localhost:" + this.port + "/fidelity/json?from=relative");
	}

	@Test
	void whenAChildIsRedirectedThenTheLocationIsTheNetworksLocation() {
		Exchange exchange = Exchange.get("redirect", "/fidelity/redirect");
		HttpResponse<byte[]> network = client().network(exchange);
		ChildResponse child = client().child(exchange);
		assertThat(child.status()).isEqualTo(network.statusCode()).isEqualTo(302);
		assertThat(child.headers().getFirst(HttpHeaders.LOCATION))
			.isEqualTo(network.headers().firstValue(HttpHeaders.LOCATION).orElseThrow());
	}

	@Test
	void whenAChildIsRedirectedRelativelyThenTheLocationIsTheNetworksLocation() {
		Exchange exchange = Exchange.get("relative redirect", "/fidelity/redirect/relative");
		HttpResponse<byte[]> network = client().network(exchange);
		ChildResponse child = client().child(exchange);
		assertThat(child.headers().getFirst(HttpHeaders.LOCATION))
			.isEqualTo(network.headers().firstValue(HttpHeaders.LOCATION).orElseThrow())
			.endsWith("/fidelity/json?from=relative");
	}

	@Test
	void whenAChildsHandlerThrowsThenTheFailureIsLoggedWithItsStackTrace(CapturedOutput output) {
		client().child(Exchange.get("failure", "/fidelity/boom?secret=hidden"));
		assertThat(output).containsPattern("Servlet.service\\(\\) for servlet \\[dispatcherServlet\\] "
				+ "threw exception \\[.*boom\\] with root cause in child request GET /fidelity/boom \\(c\\d+, "
				+ "parent GET /fidelity/boom\\)");
		assertThat(output).contains("java.lang.IllegalStateException: boom")
			.contains("at dev.integratedpipeline.fidelity.FidelityTestApplication$FidelityController.boom")
			.doesNotContain("hidden");
	}

	@Test
	@TomcatSpecific("Tomcat logs a servlet's failure at ERROR with the servlet's logger; Jetty at WARN with ServletChannel's")
	void whenAChildsHandlerThrowsThenTheFailureIsLoggedAtErrorWithItsStackTrace(CapturedOutput output) {
		client().child(Exchange.get("failure", "/fidelity/boom?secret=hidden"));
		assertThat(output).containsPattern("ERROR .*Servlet.service\\(\\) for servlet \\[dispatcherServlet\\] "
				+ "threw exception \\[.*boom\\] with root cause in child request GET /fidelity/boom \\(c\\d+, "
				+ "parent GET /fidelity/boom\\)");
		assertThat(output).contains("java.lang.IllegalStateException: boom")
			.contains("at dev.integratedpipeline.fidelity.FidelityTestApplication$FidelityController.boom")
			.doesNotContain("hidden");
	}

	@Test
	void whenAChildsPathHasSecretsInItsQueryThenTracesAndObservationsMaskThem() {
		client().child(Exchange.get("secrets", "/fidelity/json?user=ada&password=s3cret&Token=t0ken&api%5Fkey=k3y"));
		HttpResponse<String> traces = new HttpTestClient(this.port).get("/actuator/childrequests");
		assertThat(traces.body())
			.contains("\"path\":\"/fidelity/json?user=ada&password=******&Token=******&api%5Fkey=******\"")
			.doesNotContain("s3cret")
			.doesNotContain("t0ken")
			.doesNotContain("k3y");
		assertThat(this.observedPaths.paths())
			.contains("/fidelity/json?user=ada&password=******&Token=******&api%5Fkey=******")
			.noneMatch((path) -> path.contains("s3cret"));
	}

}
