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

package dev.integratedpipeline.modules.filtering;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.filtering.RawHttpClient.Response;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.TomcatSpecific;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FilteringTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.request-filtering.enabled=true",
				"integrated-pipeline.request-filtering.denied-methods=PATCH",
				"integrated-pipeline.request-filtering.max-url-length=200",
				"integrated-pipeline.request-filtering.max-query-string-length=100",
				"integrated-pipeline.request-filtering.max-content-length=1000",
				"integrated-pipeline.request-filtering.max-header-bytes=500",
				"integrated-pipeline.request-filtering.header-limits.X-Small=20",
				"integrated-pipeline.request-filtering.denied-extensions=.bak",
				"integrated-pipeline.trace.record-all=true" })
class RequestFilteringHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private ChildRequestTraceRepository traces;

	private RawHttpClient raw;

	private HttpTestClient http;

	@BeforeEach
	void createClients() {
		this.raw = new RawHttpClient(this.port);
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void whenARequestBreaksNoRuleThenItReachesTheHandler() {
		Response response = this.raw.get("/docs/v1.2/page.html?q=1");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok GET");
	}

	@Test
	void whenTheMethodIsDeniedThenTheAnswerIs405WithAllow() {
		Response response = this.raw.send("PATCH /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).contains("GET", "POST").doesNotContain("PATCH");
		assertThat(response.isProblem()).isTrue();
	}

	@Test
	void whenTheUrlIsTooLongThenTheAnswerIs414() {
		assertThat(this.raw.get("/" + "a".repeat(200)).status()).isEqualTo(414);
		assertThat(this.raw.get("/" + "a".repeat(199)).status()).isEqualTo(200);
	}

	@Test
	void whenTheQueryStringIsTooLongThenTheAnswerIs414() {
		assertThat(this.raw.get("/x?" + "q".repeat(101)).status()).isEqualTo(414);
		assertThat(this.raw.get("/x?" + "q".repeat(100)).status()).isEqualTo(200);
	}

	@Test
	void whenTheContentLengthIsTooLargeThenTheAnswerIs413() {
		HttpResponse<String> allowed = this.http.post("/upload", "x".repeat(1000));
		// Answered before its body is read, the connection may then be closed (Jetty
		// does): a client of its own, so that no other request reuses it
		HttpResponse<String> refused = new HttpTestClient(this.port).post("/upload", "x".repeat(1001));
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(allowed.body()).isEqualTo("read 1000");
	}

	@Test
	void whenAChunkedBodyIsTooLargeThenReadingItAnswers413() {
		Response refused = this.raw.postChunked("/upload", 1500);
		Response allowed = this.raw.postChunked("/upload", 900);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.body()).contains("read 900");
	}

	@Test
	void whenAChunkedBodyIsTooLargeThenTheAnswerIsTheModulesProblemLikeEveryOtherRule() {
		Response refused = this.raw.postChunked("/upload", 1500);
		HttpResponse<String> declared = this.http.post("/upload", "x".repeat(1001));
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.body()).isEqualTo(declared.body()).contains("\"status\":413");
	}

	@Test
	void whenAHeaderIsTooLargeThenTheAnswerIs431() {
		assertThat(this.raw.get("/x", "X-Big", "v".repeat(500)).status()).isEqualTo(431);
		assertThat(this.raw.get("/x", "X-Big", "v".repeat(400)).status()).isEqualTo(200);
	}

	@Test
	void whenAHeaderHasItsOwnLimitThenThatLimitApplies() {
		assertThat(this.raw.get("/x", "X-Small", "v".repeat(12)).status()).isEqualTo(431);
		assertThat(this.raw.get("/x", "X-Small", "v".repeat(11)).status()).isEqualTo(200);
		assertThat(this.raw.get("/x", "X-Other", "v".repeat(12)).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/A/WEB-INF/x", "/a/web-inf/x", "/a/%57EB-INF/x", "/x/META-INF/MANIFEST.MF",
			"/.git/config", "/.SVN/entries", "/a/.env", "/a/WEB-INF;x=1/y", "/a/WEB-INF./x" })
	void whenAPathHasAHiddenSegmentThenTheAnswerIs404(String path) {
		Response response = this.raw.get(path);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/WEB-INF/x", "/web-inf/x", "/%57EB-INF/x", "/META-INF/MANIFEST.MF", "/WEB-INF;x=1/y" })
	void whenAPathStartsWithWebInfThenTomcatRefusesItFirst(String path) {
		Response response = this.raw.get(path);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("ok");
	}

	@Test
	void whenATopLevelPathStartsWithWebInfThenTomcatsErrorPageAnswersAndRequestFilteringNeverSeesIt() {
		String tag = RequestFilteringRule.HIDDEN_SEGMENT.tag();
		double before = this.meterRegistry.counter(RejectionsCounter.NAME, "rule", tag).count();
		Response response = this.raw.get("/WEB-INF/x");
		// Tomcat refuses it before any filter, then renders its error page for 404:
		// Spring Boot's /error, not the module's problem
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isFalse();
		assertThat(response.body()).contains("\"error\":\"Not Found\"");
		assertThat(this.meterRegistry.counter(RejectionsCounter.NAME, "rule", tag).count()).isEqualTo(before);
	}

	@Test
	void whenAChildRequestPathStartsWithWebInfThenItIsAnswered404BeforeRequestFilteringAsFromTheNetwork() {
		// The container's own rule, before any filter: the module never sees it, for
		// the network either
		assertThat(this.raw.get("/WEB-INF/web.xml").status()).isEqualTo(404);
		assertThat(this.http.get("/child?path=/WEB-INF/web.xml").body()).isEqualTo("404 application/json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/backup.bak", "/backup.BAK", "/x.b%61k" })
	void whenTheExtensionIsDeniedThenTheAnswerIs404(String path) {
		assertThat(this.raw.get(path).status()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a/../b", "/A/./WEB-INF/x", "/a//b", "/a%5Cb", "/a/%2e%2e/b" })
	void whenTheUrlHasADeniedSequenceThenTheAnswerIs404(String path) {
		Response response = this.raw.get(path);
		assertThat(response.status()).isIn(400, 404);
		assertThat(response.body()).doesNotContain("ok");
	}

	@Test
	@TomcatSpecific("pins what Tomcat lets through to the pipeline: Jetty refuses a twice-escaped URL itself, with 400")
	void whenTheUrlIsEscapedTwiceThenTheAnswerIs404() {
		Response response = this.raw.get("/%2557EB-INF/x");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
	}

	@Test
	void whenARequestIsRefusedThenTheProblemDoesNotSayWhichRuleFired() {
		Response response = this.raw.get("/.git/config");
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}");
	}

	@Test
	void whenARequestIsRefusedThenTheRuleIsInTheStateAtLogRequest() {
		String id = HttpTestClient.newTestId();
		this.raw.get("/.git/config", "X-Test-Id", id);
		Object rule = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> FilteringTestApplication.ruleAtLogRequest.get(id), (found) -> found != null);
		assertThat(rule).isEqualTo(RequestFilteringRule.HIDDEN_SEGMENT);
	}

	@Test
	void whenARequestIsRefusedThenTheRuleIsCounted() {
		double before = this.meterRegistry.counter(RejectionsCounter.NAME, "rule", "extension").count();
		this.raw.get("/old.bak");
		assertThat(this.meterRegistry.counter(RejectionsCounter.NAME, "rule", "extension").count())
			.isEqualTo(before + 1);
	}

	@Test
	void whenARequestIsRefusedThenTheTraceTimelineNotesTheRule() {
		String path = "/refused/" + HttpTestClient.newTestId() + "/x.bak";
		this.raw.get(path);
		ChildRequestTrace trace = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.traces.findAll()
				.stream()
				.filter((found) -> found.request().path().equals(path))
				.findFirst(), (found) -> found.isPresent())
			.orElseThrow();
		assertThat(trace.timeline().notifications()).anySatisfy((entry) -> {
			assertThat(entry.event()).isEqualTo("BEGIN_REQUEST");
			assertThat(entry.module()).isEqualTo("requestFilteringModule");
			assertThat(entry.status()).isEqualTo(NotificationStatus.FINISH_REQUEST);
			assertThat(entry.note()).isEqualTo("refused by rule extension");
		});
		assertThat(trace.response().status()).isEqualTo(404);
	}

	@Test
	void whenAChildRequestBreaksARuleThenItIsRefusedAsFromTheNetwork() {
		HttpResponse<String> parent = this.http.get("/child?path=/a/.git/config");
		assertThat(parent.body()).isEqualTo("404 application/problem+json");
		assertThat(this.http.get("/child?path=/backup.bak").body()).isEqualTo("404 application/problem+json");
		assertThat(this.http.get("/child?path=/fine").body()).startsWith("200");
	}

	@Test
	void whenAChildRequestHasADeniedMethodThenItAnswers405WithAllow() {
		String child = childOf("PATCH", "/x");
		assertThat(child).startsWith("405 application/problem+json ").contains("GET", "POST");
		assertThat(child.substring(child.indexOf(' '))).doesNotContain("PATCH");
	}

	@Test
	void whenAChildRequestUrlIsTooLongThenItAnswers414() {
		assertThat(this.http.get("/child-of?method=GET&path=/&pad=200").body())
			.startsWith("414 application/problem+json");
		assertThat(this.http.get("/child-of?method=GET&path=/&pad=199").body()).endsWith(" ok GET");
	}

	@Test
	void whenAChildRequestQueryStringIsTooLongThenItAnswers414() {
		assertThat(this.http.get("/child-of?method=GET&path=/x%3F&pad=101").body())
			.startsWith("414 application/problem+json");
		assertThat(this.http.get("/child-of?method=GET&path=/x%3F&pad=100").body()).endsWith(" ok GET");
	}

	@Test
	void whenAChildRequestBodyIsTooLargeThenItAnswers413() {
		assertThat(this.http.get("/child-of?method=POST&path=/upload&bodySize=1001").body())
			.startsWith("413 application/problem+json");
		assertThat(this.http.get("/child-of?method=POST&path=/upload&bodySize=1000").body()).endsWith("read 1000");
	}

	@Test
	void whenAChildRequestHeaderIsTooLargeThenItAnswers431() {
		assertThat(this.http.get("/child-of?method=GET&path=/x&header=X-Big&valueSize=500").body())
			.startsWith("431 application/problem+json");
		assertThat(this.http.get("/child-of?method=GET&path=/x&header=X-Big&valueSize=400").body()).startsWith("200 ");
	}

	@Test
	void whenAChildRequestHeaderHasItsOwnLimitThenThatLimitApplies() {
		assertThat(this.http.get("/child-of?method=GET&path=/x&header=X-Small&valueSize=12").body())
			.startsWith("431 application/problem+json");
		assertThat(this.http.get("/child-of?method=GET&path=/x&header=X-Other&valueSize=12").body()).startsWith("200 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/A/WEB-INF/x", "/a/web-inf/x", "/a/%57EB-INF/x", "/x/META-INF/MANIFEST.MF",
			"/.git/config", "/.SVN/entries", "/a/.env" })
	void whenAChildRequestPathHasAHiddenSegmentThenItAnswers404(String path) {
		assertThat(childOf("GET", path)).startsWith("404 application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/backup.bak", "/backup.BAK", "/x.b%61k" })
	void whenAChildRequestExtensionIsDeniedThenItAnswers404(String path) {
		assertThat(childOf("GET", path)).startsWith("404 application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a/../b", "/A/./WEB-INF/x", "/a//b", "/a\\b", "/a/%2e%2e/b", "/a%5Cb" })
	void whenAChildRequestUrlHasADeniedSequenceThenItIsRefusedBeforeItRuns(String path) {
		// The child request's own path rules refuse these before the pipeline runs; what
		// they let through, request filtering refuses, unless the container refuses it
		// first, before any filter, as Jetty refuses an empty segment from the network
		assertThat(childOf("GET", path)).satisfiesAnyOf((answer) -> assertThat(answer).isEqualTo("not built"),
				(answer) -> assertThat(answer).startsWith("404 application/problem+json"),
				(answer) -> assertThat(answer).startsWith("400 "));
	}

	@Test
	void whenAChildRequestUrlIsEscapedTwiceThenItIsRefused() {
		// 404 by request filtering on Tomcat; 400 on Jetty, whose URI compliance refuses
		// an encoded '%' before any filter, as from the network
		assertThat(childOf("GET", "/%2557EB-INF/x")).satisfiesAnyOf(
				(answer) -> assertThat(answer).isEqualTo("not built"),
				(answer) -> assertThat(answer).startsWith("404 application/problem+json"),
				(answer) -> assertThat(answer).startsWith("400 "));
	}

	private String childOf(String method, String path) {
		return this.http
			.get("/child-of?method=" + method + "&path="
					+ java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8))
			.body();
	}

	@Test
	void whenAHostileUrlCorpusIsSentThenNoneReachesTheHandler() {
		int byFiltering = 0;
		int afterFiltering = 0;
		int byTomcat = 0;
		for (String url : HostileUrls.CORPUS) {
			String id = HttpTestClient.newTestId();
			Response response = this.raw.get(url, "X-Test-Id", id);
			assertThat(response.body()).as(url).doesNotStartWith("ok");
			assertThat(response.status()).as(url).isBetween(400, 499);
			if (response.isProblem()) {
				byFiltering++;
			}
			else if (seenByThePipeline(id)) {
				afterFiltering++;
			}
			else {
				byTomcat++;
			}
		}
		System.out.printf(
				"Hostile URL corpus: %d URLs, %d refused by request filtering, %d by Tomcat before the pipeline, "
						+ "%d after request filtering%n",
				HostileUrls.CORPUS.size(), byFiltering, byTomcat, afterFiltering);
		assertThat(afterFiltering).isZero();
	}

	private static boolean seenByThePipeline(String id) {
		// LOG_REQUEST may run after the client got the response
		try {
			Awaitility.await()
				.atMost(Duration.ofMillis(500))
				.until(() -> FilteringTestApplication.ruleAtLogRequest.containsKey(id));
			return true;
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			return false;
		}
	}

	@Test
	void whenABenignUrlCorpusIsSentThenEveryUrlReachesTheHandler() {
		for (String url : HostileUrls.BENIGN) {
			Response response = this.raw.get(url);
			assertThat(response.status()).as(url).isEqualTo(200);
		}
	}

	/**
	 * The counter's name, as the issue gives it.
	 */
	static final class RejectionsCounter {

		static final String NAME = "integrated.pipeline.request.filtering.rejections";

	}

	/**
	 * URLs that try to reach what they may not; and URLs that look odd but are fine.
	 */
	static final class HostileUrls {

		static final List<String> CORPUS = List.of(
				// Case and encodings of hidden segments
				"/WEB-INF/web.xml", "/web-inf/web.xml", "/Web-Inf/web.xml", "/%57EB-INF/web.xml", "/%77eb-inf/web.xml",
				"/WEB-INF%2Fweb.xml", "/META-INF/MANIFEST.MF", "/meta-inf/x", "/.git/config", "/.GIT/HEAD",
				"/%2Egit/config", "/.svn/entries", "/.env", "/a/.env", "/WEB-INF./web.xml", "/WEB-INF;x=1/web.xml",
				"/x/WEB-INF", "/WEB-INF%20/web.xml",
				// Traversal
				"/a/../WEB-INF/web.xml", "/a/%2e%2e/WEB-INF/web.xml", "/a/%2E%2E/b", "/a/.%2e/b", "/a/%2e./b",
				"/..%2fWEB-INF", "/..%5cWEB-INF", "/a/./b", "/a//b", "///etc/passwd", "/a/%2e/b", "/a/..;/b",
				// Double escaping
				"/%252e%252e/WEB-INF", "/%2557EB-INF/x", "/a/%255c/b", "/a%2525", "/%25%32%65%25%32%65/x",
				// Overlong UTF-8
				"/%c0%ae%c0%ae/WEB-INF", "/%c0%af", "/%e0%80%ae/x", "/a/%c1%9c/b", "/%c0%2e%c0%2e/", "/%f0%80%80%ae/x",
				// Fullwidth and other compatibility forms
				"/%ef%bc%8e%ef%bc%8e/WEB-INF", "/a/%ef%bc%8e%ef%bc%8e%ef%bc%8fb", "/%ef%bc%b7%ef%bc%a5%ef%bc%a2-INF/x",
				"/a%ef%bc%8fWEB-INF/x", "/%e2%80%a4%e2%80%a4/x",
				// Mixed separators
				"/a\\b", "/a/\\WEB-INF", "/a\\/b", "/%5cWEB-INF%5cweb.xml", "/a%5c..%5cb",
				// Control characters
				"/a%00.html", "/a%0d%0aSet-Cookie:x", "/%09WEB-INF", "/a%7f",
				// Extensions
				"/backup.bak", "/backup.BAK", "/x.bak;jsessionid=1", "/x.b%61k", "/x.bak.",
				// Broken escapes
				"/a%zz", "/a%", "/a%2");

		static final List<String> BENIGN = List.of("/hello", "/a/b.html", "/docs/v1.2/x", "/%41bc", "/caf%C3%A9",
				"/search?q=..%2F", "/a-b_c~d", "/WEB-INFO/x", "/my.git.txt", "/a%20b", "/x.bakery");

	}

}
