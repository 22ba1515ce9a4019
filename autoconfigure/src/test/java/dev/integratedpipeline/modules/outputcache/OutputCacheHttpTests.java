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

package dev.integratedpipeline.modules.outputcache;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = OutputCacheTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.trace.record-all=true", "management.metrics.enabled=true" })
@TestPropertySource("classpath:output-cache-test.properties")
class OutputCacheHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private OutputCache outputCache;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private ChildRequestTraceRepository traces;

	private CacheClient http;

	private String id;

	@BeforeEach
	void createClient() {
		this.http = new CacheClient(this.port);
		this.id = HttpTestClient.newTestId();
	}

	private String path(String path) {
		return path + "?t=" + this.id;
	}

	@Test
	void whenAPolicyMatchesThenTheSecondGetIsServedFromTheCacheWithAnAge() {
		HttpResponse<String> first = this.http.get(path("/c/news"));
		HttpResponse<String> second = this.http.get(path("/c/news"));
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Age")).isEmpty();
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body()).contains("\"call\":1");
		assertThat(second.headers().firstValue("Age")).hasValue("0");
		assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(OutputCacheTestApplication.calls(path("/c/news"))).isEqualTo(1);
	}

	@Test
	void whenAHitIsServedThenSpringSecurityWritesItsDefaultHeadersAgain() {
		HttpResponse<String> first = this.http.get(path("/c/news"));
		HttpResponse<String> hit = this.http.get(path("/c/news"));
		assertThat(first.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		assertThat(hit.headers().firstValue("Age")).isPresent();
		assertThat(hit.headers().allValues("Cache-Control")).isEqualTo(first.headers().allValues("Cache-Control"));
		assertThat(hit.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void whenTheSamePathIsAskedForAtAnotherHostThenThatHostHasItsOwnEntry() {
		// The handler may build absolute links from the Host header, or serve another
		// tenant there: an entry stored for one host is never served for another
		this.http.get(path("/c/news"));
		HttpResponse<String> otherHost = this.http.sendTo("127.0.0.1", "GET", path("/c/news"));
		HttpResponse<String> otherHostAgain = this.http.sendTo("127.0.0.1", "GET", path("/c/news"));
		assertThat(otherHost.headers().firstValue("Age")).isEmpty();
		assertThat(otherHost.body()).contains("\"call\":2");
		assertThat(otherHostAgain.headers().firstValue("Age")).hasValue("0");
		assertThat(otherHostAgain.body()).isEqualTo(otherHost.body());
		assertThat(this.http.get(path("/c/news")).body()).contains("\"call\":1");
	}

	@Test
	void whenTheResponseVariesByAHeaderThenItIsServedOnlyToRequestsSendingTheSameValue() {
		HttpResponse<String> csv = this.http.get(path("/c/negotiated"), "Accept", "text/csv");
		HttpResponse<String> json = this.http.get(path("/c/negotiated"), "Accept", "application/json");
		HttpResponse<String> jsonAgain = this.http.get(path("/c/negotiated"), "Accept", "application/json");
		assertThat(csv.body()).isEqualTo("csv #1");
		assertThat(json.headers().firstValue("Age")).isEmpty();
		assertThat(json.body()).isEqualTo("json #2");
		assertThat(jsonAgain.headers().firstValue("Age")).hasValue("0");
		assertThat(jsonAgain.body()).isEqualTo("json #2");
	}

	@Test
	void whenTwoVariantsAreAskedForInTurnThenEachIsServedFromAnEntryOfItsOwn() {
		this.http.get(path("/c/negotiated"), "Accept", "text/csv");
		this.http.get(path("/c/negotiated"), "Accept", "application/json");
		HttpResponse<String> csv = this.http.get(path("/c/negotiated"), "Accept", "text/csv");
		HttpResponse<String> json = this.http.get(path("/c/negotiated"), "Accept", "application/json");
		assertThat(csv.headers().firstValue("Age")).isPresent();
		assertThat(csv.body()).isEqualTo("csv #1");
		assertThat(json.headers().firstValue("Age")).isPresent();
		assertThat(json.body()).isEqualTo("json #2");
	}

	@Test
	void whenTheResponseVariesByEverythingThenItIsNotStored() {
		this.http.get(path("/c/vary-any"));
		HttpResponse<String> second = this.http.get(path("/c/vary-any"));
		assertThat(second.headers().firstValue("Age")).isEmpty();
		assertThat(second.body()).isEqualTo("any #2");
	}

	@Test
	void whenNoPolicyMatchesThenNothingIsCached() {
		this.http.get("/actuator/health");
		this.http.get(path("/c/other").replace("/c/", "/"));
		HttpResponse<String> response = this.http.get("/actuator/health");
		assertThat(response.headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenTheQueryDiffersThenEachQueryHasItsOwnEntry() {
		this.http.get(path("/c/news") + "&page=1");
		HttpResponse<String> other = this.http.get(path("/c/news") + "&page=2");
		assertThat(other.headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(path("/c/news") + "&page=2")).isEqualTo(1);
	}

	@Test
	void whenTheQueryOrderDiffersThenTheEntryIsTheSame() {
		this.http.get("/c/news?a=" + this.id + "&b=2");
		HttpResponse<String> reordered = this.http.get("/c/news?b=2&a=" + this.id);
		assertThat(reordered.headers().firstValue("Age")).isPresent();
	}

	@Test
	void whenThePolicyVariesByListedParametersThenOthersShareTheEntry() {
		this.http.get("/c/some-query?page=" + this.id + "&other=1");
		HttpResponse<String> sameParameter = this.http.get("/c/some-query?page=" + this.id + "&other=2");
		HttpResponse<String> otherPage = this.http.get("/c/some-query?page=x" + this.id + "&other=1");
		assertThat(sameParameter.headers().firstValue("Age")).isPresent();
		assertThat(otherPage.headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenThePolicyVariesByAHeaderThenEachValueHasItsOwnEntry() {
		String lang = "lang-" + this.id;
		HttpResponse<String> english = this.http.get("/c/vary", "X-Lang", lang + "-en");
		HttpResponse<String> french = this.http.get("/c/vary", "X-Lang", lang + "-fr");
		HttpResponse<String> englishAgain = this.http.get("/c/vary", "X-Lang", lang + "-en");
		assertThat(french.headers().firstValue("Age")).isEmpty();
		assertThat(french.body()).contains(lang + "-fr");
		assertThat(englishAgain.headers().firstValue("Age")).isPresent();
		assertThat(englishAgain.body()).isEqualTo(english.body());
	}

	@Test
	void whenAHeadFollowsAGetThenItIsServedFromTheGetEntryWithoutContent() {
		HttpResponse<String> get = this.http.get(path("/c/news"));
		HttpResponse<String> head = this.http.send("HEAD", path("/c/news"));
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("Age")).isPresent();
		assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length()));
		assertThat(OutputCacheTestApplication.calls(path("/c/news"))).isEqualTo(1);
	}

	@Test
	void whenAHeadMissesThenItIsNotStored() {
		this.http.send("HEAD", path("/c/news"));
		HttpResponse<String> get = this.http.get(path("/c/news"));
		assertThat(get.headers().firstValue("Age")).isEmpty();
		assertThat(get.body()).isNotEmpty();
	}

	@Test
	void whenAResponseIsStoredThenItHasAStrongETagAndAMatchingIfNoneMatchGetsA304() {
		HttpResponse<String> first = this.http.get(path("/c/news"));
		HttpResponse<String> second = this.http.get(path("/c/news"));
		String etag = second.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).startsWith("\"").endsWith("\"");
		HttpResponse<String> revalidated = this.http.get(path("/c/news"), "If-None-Match", etag);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
		assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
		assertThat(OutputCacheTestApplication.calls(path("/c/news"))).isEqualTo(1);
	}

	@Test
	void whenIfNoneMatchDiffersThenTheStoredResponseIsServed() {
		this.http.get(path("/c/news"));
		HttpResponse<String> response = this.http.get(path("/c/news"), "If-None-Match", "\"other\"");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"call\":1");
	}

	@Test
	void whenTheHandlerSetsAnETagThenTheStoredResponseKeepsIt() {
		this.http.get(path("/c/etag"));
		HttpResponse<String> hit = this.http.get(path("/c/etag"));
		assertThat(hit.headers().firstValue("ETag")).hasValue("\"v1\"");
		assertThat(this.http.get(path("/c/etag"), "If-None-Match", "W/\"v1\"").statusCode()).isEqualTo(304);
	}

	@Test
	void whenTheHandlerSetsACookieThenTheResponseIsNotStored() {
		assertNotStored("/c/cookie");
	}

	@Test
	void whenTheHandlerSetsCacheControlNoStoreThenTheResponseIsNotStored() {
		assertNotStored("/c/no-store");
	}

	@Test
	void whenTheHandlerSetsCacheControlPrivateThenTheResponseIsNotStored() {
		assertNotStored("/c/private");
	}

	@Test
	void whenTheStatusIsNot200ThenTheResponseIsNotStored() {
		assertNotStored("/c/failing");
	}

	@Test
	void whenTheContentIsLargerThanMaxEntryBytesThenTheResponseIsServedButNotStored() {
		HttpResponse<String> first = this.http.get(path("/c/big"));
		assertThat(first.body()).hasSize(2048);
		assertNotStored("/c/big");
	}

	private void assertNotStored(String path) {
		this.http.get(path(path));
		HttpResponse<String> again = this.http.get(path(path));
		assertThat(again.headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(path(path))).isGreaterThanOrEqualTo(2);
	}

	@Test
	void whenTheHandlerSetsCacheControlPublicThenTheResponseIsStoredWithIt() {
		this.http.get(path("/c/public"));
		HttpResponse<String> hit = this.http.get(path("/c/public"));
		assertThat(hit.headers().firstValue("Age")).isPresent();
		assertThat(hit.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
	}

	@Test
	void whenTheHandlerWritesCharactersThenTheStoredContentIsEncodedAsTheResponse() {
		HttpResponse<String> first = this.http.get(path("/c/writer"));
		HttpResponse<String> hit = this.http.get(path("/c/writer"));
		assertThat(first.body()).isEqualTo("héllo #1");
		assertThat(hit.body()).isEqualTo("héllo #1");
		// As the container wrote it for the first: Jetty spells the charset utf-8
		assertThat(hit.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).isEqualToIgnoringCase("text/plain;charset=UTF-8"));
	}

	@Test
	void whenAnUnsafeRequestToThePathSucceedsThenItsEntriesAreEvicted() {
		this.http.get("/c/news?page=1");
		this.http.get("/c/news?page=2");
		assertThat(this.http.get("/c/news?page=1").headers().firstValue("Age")).isPresent();
		assertThat(this.http.send("POST", "/c/news").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/c/news?page=1").headers().firstValue("Age")).isEmpty();
		assertThat(this.http.get("/c/news?page=2").headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenThePathIsSpelledWithEscapesThenItSharesTheEntryOfThePlainSpelling() {
		// "/c/%6Eews" is "/c/news" to Spring MVC: one entry, not one per spelling
		HttpResponse<String> plain = this.http.get(path("/c/news"));
		HttpResponse<String> escaped = this.http.get(path("/c/%6Eews"));
		assertThat(escaped.statusCode()).isEqualTo(200);
		assertThat(escaped.headers().firstValue("Age")).isPresent();
		assertThat(escaped.body()).isEqualTo(plain.body());
	}

	@Test
	void whenAnUnsafeRequestUsesAnotherSpellingOfThePathThenItEvictsTheSameEntries() {
		this.http.get("/c/news?page=3");
		assertThat(this.http.get("/c/news?page=3").headers().firstValue("Age")).isPresent();
		assertThat(this.http.send("POST", "/c/%6Eews").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/c/news?page=3").headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenAnUnsafeRequestFailsThenNothingIsEvicted() {
		this.http.get(path("/c/other"));
		assertThat(this.http.send("DELETE", "/c/other").statusCode()).isEqualTo(405);
		assertThat(this.http.get(path("/c/other")).headers().firstValue("Age")).isPresent();
	}

	@Test
	void whenTheOutputCacheEvictsATagThenItsEntriesAreMisses() {
		storeAndHit(path("/c/tagged"));
		storeAndHit(path("/c/news"));
		this.outputCache.evictTag("news");
		assertThat(this.http.get(path("/c/tagged")).headers().firstValue("Age")).isEmpty();
		assertThat(this.http.get(path("/c/news")).headers().firstValue("Age")).isPresent();
	}

	/**
	 * A response is stored right after it was sent; a second request waits for it and is
	 * a hit, so the entry is then stored for sure.
	 */
	private void storeAndHit(String path) {
		this.http.get(path);
		assertThat(this.http.get(path).headers().firstValue("Age")).isPresent();
	}

	@Test
	void whenTheOutputCacheIsClearedThenEveryEntryIsAMiss() {
		storeAndHit(path("/c/news"));
		this.outputCache.clear();
		assertThat(this.http.get(path("/c/news")).headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenTheDurationHasPassedThenTheEntryIsAMiss() throws InterruptedException {
		this.http.get(path("/c/short"));
		assertThat(this.http.get(path("/c/short")).headers().firstValue("Age")).isPresent();
		Thread.sleep(1100);
		assertThat(this.http.get(path("/c/short")).headers().firstValue("Age")).isEmpty();
	}

	@Test
	void whenARequestHasAnAuthorizationHeaderThenItBypassesAPolicyThatDoesNotVaryByUser() {
		String alice = HttpTestClient.basic("alice", "a");
		this.http.get(path("/c/news"));
		HttpResponse<String> authenticated = this.http.get(path("/c/news"), "Authorization", alice);
		assertThat(authenticated.headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(path("/c/news"))).isEqualTo(2);
	}

	@Test
	void whenThePolicyVariesByUserThenEachUserHasItsOwnEntry() {
		String alice = HttpTestClient.basic("alice", "a");
		String bob = HttpTestClient.basic("bob", "b");
		this.http.get(path("/c/secure/news"), "Authorization", alice);
		HttpResponse<String> aliceAgain = this.http.get(path("/c/secure/news"), "Authorization", alice);
		HttpResponse<String> bobFirst = this.http.get(path("/c/secure/news"), "Authorization", bob);
		assertThat(aliceAgain.headers().firstValue("Age")).isPresent();
		assertThat(aliceAgain.body()).startsWith("for alice");
		assertThat(bobFirst.headers().firstValue("Age")).isEmpty();
		assertThat(bobFirst.body()).startsWith("for bob");
	}

	@Test
	void whenACallerMayNotSeeTheCachedPageThenItIsRefusedBeforeTheCache() {
		this.http.get(path("/c/secure/news"), "Authorization", HttpTestClient.basic("alice", "a"));
		HttpResponse<String> anonymous = this.http.get(path("/c/secure/news"));
		HttpResponse<String> wrongPassword = this.http.get(path("/c/secure/news"), "Authorization",
				HttpTestClient.basic("alice", "wrong"));
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("for alice");
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
	}

	@Test
	void whenMissesForOneKeyAreConcurrentThenTheHandlerRunsOnceAndAllAreServedItsResponse() throws Exception {
		int clients = 6;
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				Callable<HttpResponse<String>> request = () -> {
					start.await();
					return this.http.get(path("/c/slow"));
				};
				responses.add(executor.submit(request));
			}
			start.countDown();
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get().body()).isEqualTo("slow #1");
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(OutputCacheTestApplication.calls(path("/c/slow"))).isEqualTo(1);
	}

	@Test
	void whenAChildRequestHasNoHttpCacheEligibleFlagThenItBypassesTheCache() {
		String news = path("/c/news");
		this.http.get(news);
		HttpResponse<String> parent = this.http.get("/c/child?path=" + encode(news));
		assertThat(parent.body()).startsWith("200 null ").contains("\"call\":2");
		assertThat(OutputCacheTestApplication.calls(news)).isEqualTo(2);
	}

	@Test
	void whenAChildRequestHasTheHttpCacheEligibleFlagThenItReadsTheCache() {
		String news = path("/c/news");
		this.http.get(news);
		HttpResponse<String> parent = this.http.get("/c/child?eligible=true&path=" + encode(news));
		assertThat(parent.body()).startsWith("200 0 ").contains("\"call\":1");
		assertThat(OutputCacheTestApplication.calls(news)).isEqualTo(1);
	}

	@Test
	void whenAChildRequestHasTheHttpCacheEligibleFlagThenItFillsTheCache() {
		String news = path("/c/news");
		this.http.get("/c/child?eligible=true&path=" + encode(news));
		HttpResponse<String> topLevel = this.http.get(news);
		assertThat(topLevel.headers().firstValue("Age")).isPresent();
		assertThat(OutputCacheTestApplication.calls(news)).isEqualTo(1);
	}

	@Test
	void whenCacheableChildrenRunTogetherThenTheHandlerRunsOnce() {
		String slow = path("/c/slow");
		HttpResponse<String> parent = this.http.get("/c/children?path=" + encode(slow));
		assertThat(parent.body()).isEqualTo("[slow #1, slow #1]");
		assertThat(OutputCacheTestApplication.calls(slow)).isEqualTo(1);
	}

	@Test
	void whenRequestsAreAnsweredThenTheCounterCountsEachResult() {
		double hits = count("hit");
		double misses = count("miss");
		double stores = count("store");
		double bypasses = count("bypass");
		this.http.get(path("/c/news"));
		this.http.get(path("/c/news"));
		this.http.get(path("/c/news"), "Authorization", HttpTestClient.basic("alice", "a"));
		assertThat(count("hit")).isEqualTo(hits + 1);
		assertThat(count("miss")).isEqualTo(misses + 1);
		assertThat(count("store")).isEqualTo(stores + 1);
		assertThat(count("bypass")).isEqualTo(bypasses + 1);
	}

	private double count(String result) {
		return this.meterRegistry.counter("integrated.pipeline.output.cache", "result", result).count();
	}

	@Test
	void whenAHitIsServedThenTheTraceShowsTheModuleFinishingTheRequestAtResolveRequestCache() {
		this.http.get(path("/c/news"));
		this.http.get(path("/c/news"));
		List<ChildRequestTrace> traced = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.traces.findAll()
				.stream()
				.filter((trace) -> trace.request().path().equals(path("/c/news")))
				.toList(), (found) -> found.size() == 2);
		ChildRequestTrace hit = traced.get(0);
		assertThat(hit.timeline().notifications()).anySatisfy((entry) -> {
			assertThat(entry.event()).isEqualTo("RESOLVE_REQUEST_CACHE");
			assertThat(entry.module()).isEqualTo("outputCacheModule");
			assertThat(entry.status()).isEqualTo(NotificationStatus.FINISH_REQUEST);
		});
		assertThat(hit.timeline().notifications())
			.noneSatisfy((entry) -> assertThat(entry.event()).isEqualTo("UPDATE_REQUEST_CACHE"));
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
