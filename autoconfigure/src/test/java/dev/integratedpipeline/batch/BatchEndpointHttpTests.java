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

package dev.integratedpipeline.batch;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON batch endpoint over real HTTP: the Graph shape, bodies both ways, what items
 * inherit, security item by item, dependencies, execution and what it records.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class BatchEndpointHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meterRegistry;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenBatchIsPostedThenItAnswers200WithOneEntryPerItemInRequestOrder() {
		HttpResponse<String> response = this.client.post(batch(get("b", "/batch-test/log/b?ms=80"),
				get("a", "/batch-test/hello"), get("c", "/batch-test/status/404")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(responses(response)).extracting((item) -> item.get("id").stringValue())
			.containsExactly("b", "a", "c");
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue())
			.containsExactly(200, 200, 404);
	}

	@Test
	void whenItemLeavesItsThreadInterruptedThenTheItemsAfterItRunAndTheBatchCompletes() {
		// Items this short run one after the other on the batch request's own thread:
		// the flag the first leaves must reach neither the second's sleep nor the batch
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/interrupting"),
				get("2", "/batch-test/slow?ms=20"), get("3", "/batch-test/hello")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue())
			.containsExactly(200, 200, 200);
	}

	@Test
	void whenItemLeavesAHelpersThreadInterruptedThenTheNextItemItTakesRunsAndTheBatchCompletes() {
		// The first item holds the batch request's thread long enough for a helper to
		// come and take the others, one after the other: the flag the second leaves must
		// not reach the third's sleep
		HttpResponse<String> response = this.client
			.post(batch(get("1", "/batch-test/slow?ms=300"), get("2", "/batch-test/interrupting"),
					get("3", "/batch-test/slow?ms=20"), get("4", "/batch-test/hello")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue())
			.containsExactly(200, 200, 200, 200);
	}

	@Test
	void whenItemUrlIsRelativeThenItIsResolvedAgainstTheBatchEndpointsLocation() {
		JsonNode item = responses(this.client.post(batch(get("1", "batch-test/hello")))).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("body").get("hello").stringValue()).isEqualTo("world");
	}

	@Test
	void whenBatchHasNoItemsThenItAnswersNoResponses() {
		HttpResponse<String> response = this.client.post(batch());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(BatchClient.body(response).get("responses").size()).isZero();
	}

	@Test
	void whenItemAnswersJsonThenItsBodyIsInlineAsJsonValue() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/hello")))).get(0);
		assertThat(item.get("headers").get("Content-Type").stringValue()).isEqualTo("application/json");
		assertThat(item.get("body").get("hello").stringValue()).isEqualTo("world");
	}

	@Test
	void whenItemAnswersTextThenItsBodyIsString() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/text")))).get(0);
		assertThat(item.get("body").stringValue()).isEqualTo("plain text, déjà vu");
	}

	@Test
	void whenItemAnswersBytesThenItsBodyIsBase64() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/bytes")))).get(0);
		assertThat(item.get("body").stringValue()).isEqualTo("AAEC/w==");
	}

	@Test
	void whenItemAnswersNoContentThenItHasNoBody() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/empty")))).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(204);
		assertThat(item.has("body")).isFalse();
	}

	@Test
	void whenItemSendsJsonBodyThenItIsSentAsJsonText() {
		HttpResponse<String> response = this.client.post(batch("{\"id\":\"1\",\"method\":\"POST\","
				+ "\"url\":\"/batch-test/echo\",\"headers\":{\"Content-Type\":\"application/json\"},"
				+ "\"body\":{\"a\":[1,2.50,\"x\"]}}"));
		assertThat(responses(response).get(0).get("headers").get("X-Echo-Length").stringValue()).isEqualTo("18");
		assertThat(response.body()).contains("\"body\":{\"a\":[1,2.50,\"x\"]}");
	}

	@Test
	void whenItemSendsTextBodyThenItIsSentInTheCharsetGiven() {
		JsonNode item = responses(
				this.client.post(batch("{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/batch-test/echo\","
						+ "\"headers\":{\"Content-Type\":\"text/plain;charset=ISO-8859-1\"},\"body\":\"déjà\"}")))
			.get(0);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("4");
		assertThat(item.get("body").stringValue()).isEqualTo("déjà");
	}

	@Test
	void whenItemSendsBinaryBodyThenItsBase64IsDecoded() {
		JsonNode item = responses(
				this.client.post(batch("{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/batch-test/echo\","
						+ "\"headers\":{\"Content-Type\":\"application/octet-stream\"},\"body\":\"AAEC/w==\"}")))
			.get(0);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("4");
		assertThat(item.get("body").stringValue()).isEqualTo("AAEC/w==");
	}

	@Test
	void whenItemAnswersMultiValuedHeaderThenItsValuesAreJoined() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/multi")))).get(0);
		assertThat(item.get("headers").get("X-Multi").stringValue()).isEqualTo("one, two");
	}

	@Test
	void whenItemSetsCookieThenItReachesTheBatchResponseAndNotTheItem() {
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/multi")));
		assertThat(response.headers().allValues("Set-Cookie")).contains("item=cookie; Path=/");
		assertThat(responses(response).get(0).get("headers").has("Set-Cookie")).isFalse();
	}

	@Test
	void whenItemSetsCookieAfterTheBatchResponseIsCommittedThenItsValueIsDroppedAndItsNameReported() {
		// The first item's 64KB commit the batch response before the second is written
		HttpResponse<String> response = this.client
			.post(batch(get("big", "/batch-test/big?kb=64"), get("cookie", "/batch-test/multi")));
		JsonNode item = responses(response).get(1);
		assertThat(response.headers().allValues("Set-Cookie")).doesNotContain("item=cookie; Path=/");
		assertThat(item.get("headers").has("Set-Cookie")).isFalse();
		assertThat(item.get("cookiesNotApplied")).extracting(JsonNode::stringValue).containsExactly("item");
		assertThat(response.body()).doesNotContain("item=cookie");
	}

	@Test
	void whenItemCreatesSessionThenItsSessionCookieReachesTheClient() {
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/session")));
		String session = responses(response).get(0).get("body").get("session").stringValue();
		assertThat(response.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=" + session));
	}

	@Test
	void whenItemInheritsHeadersThenBatchFramingAndPreferAreLeftOut() {
		JsonNode body = responses(this.client.post(batch(get("1", "/batch-test/headers")), "Accept-Language", "fr",
				"X-Custom", "from-batch", "Prefer", "respond-async"))
			.get(0)
			.get("body");
		assertThat(body.get("Accept-Language").stringValue()).isEqualTo("fr");
		assertThat(body.get("X-Custom").stringValue()).isEqualTo("from-batch");
		assertThat(body.get("Prefer").stringValue()).isEqualTo("(none)");
		assertThat(body.get("Content-Type").stringValue()).isEqualTo("(none)");
	}

	@Test
	void whenItemSetsHeaderThenItReplacesTheInheritedOne() {
		JsonNode body = responses(
				this.client.post(batch("{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/batch-test/headers\","
						+ "\"headers\":{\"x-custom\":\"from-item\"}}"), "X-Custom", "from-batch"))
			.get(0)
			.get("body");
		assertThat(body.get("X-Custom").stringValue()).isEqualTo("from-item");
	}

	@Test
	void whenBatchCarriesCredentialsThenEachItemIsAuthenticatedAndAuthorizedOnItsOwn() {
		HttpResponse<String> response = this.client.post(batch(get("me", "/secure/me"), get("admin", "/admin/only")),
				"Authorization", HttpTestClient.basic("user", "password"));
		List<JsonNode> items = responses(response);
		assertThat(items.get(0).get("status").intValue()).isEqualTo(200);
		assertThat(items.get(0).get("body").get("name").stringValue()).isEqualTo("user");
		assertThat(items.get(1).get("status").intValue()).isEqualTo(403);
	}

	@Test
	void whenItemIsOneTheCallerMayNotSeeThenItAnswersWhatTheNetworkAnswers() {
		HttpTestClient http = new HttpTestClient(this.port);
		String user = HttpTestClient.basic("user", "password");
		List<Integer> network = List.of(http.get("/secure/me").statusCode(),
				http.get("/admin/only", "Authorization", user).statusCode(),
				http.get("/secure/me", "Authorization", HttpTestClient.basic("user", "wrong")).statusCode());
		List<Integer> items = new ArrayList<>();
		items.add(status(this.client.post(batch(get("1", "/secure/me")))));
		items.add(status(this.client.post(batch(get("1", "/admin/only")), "Authorization", user)));
		items.add(status(this.client.post(batch(get("1", "/secure/me")), "Authorization",
				HttpTestClient.basic("user", "wrong"))));
		assertThat(network).containsExactly(401, 403, 401);
		assertThat(items).isEqualTo(network);
	}

	private static int status(HttpResponse<String> response) {
		// Spring Security answers a wrong password on the batch request itself: 401
		return (response.statusCode() == 200) ? responses(response).get(0).get("status").intValue()
				: response.statusCode();
	}

	@Test
	void whenBatchHasNoCsrfTokenThenSpringSecurityRefusesItAndNoItemRuns() {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = this.client.send("POST", "/$batch",
				java.net.http.HttpRequest.BodyPublishers.ofString(batch(get("1", "/batch-test/count"))), "Content-Type",
				"application/json");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenItemPostsThenTheInheritedCsrfTokenAppliesToIt() {
		JsonNode item = responses(
				this.client.post(batch("{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/batch-test/count\"}")))
			.get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
	}

	@Test
	void whenItemDependsOnAnotherThenItStartsOnceThatCompleted() {
		BatchTestApplication.events.clear();
		this.client.post(batch(get("a", "/batch-test/log/a?ms=100"),
				"{\"id\":\"b\",\"method\":\"GET\",\"url\":\"/batch-test/log/b\",\"dependsOn\":[\"A\"]}"));
		assertThat(BatchTestApplication.events).containsExactly("start:a", "end:a", "start:b", "end:b");
	}

	@Test
	void whenDependencyFailsThenItsDependentsAnswer424WithoutRunningAndTheirDependentsToo() {
		int before = BatchTestApplication.executed.get();
		List<JsonNode> items = responses(this.client.post(batch(get("1", "/batch-test/status/404"),
				"{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/batch-test/count\",\"dependsOn\":[\"1\"]}",
				"{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/batch-test/count\",\"dependsOn\":[\"2\"]}",
				get("4", "/batch-test/hello"))));
		assertThat(items).extracting((item) -> item.get("status").intValue()).containsExactly(404, 424, 424, 200);
		assertThat(items.get(1).get("headers").get("Content-Type").stringValue()).isEqualTo("application/problem+json");
		assertThat(items.get(1).get("body").get("dependency").stringValue()).isEqualTo("1");
		assertThat(items.get(2).get("body").get("detail").stringValue()).contains("'2'");
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenContinueOnErrorIsFalseThenItemsNotStartedAfterAFailureAnswer424() {
		// Parallelism 4: items 5 and 6 cannot start before item 1 is written
		HttpResponse<String> response = this.client.post(
				batch(get("1", "/batch-test/status/400"), get("2", "/batch-test/hello"), get("3", "/batch-test/hello"),
						get("4", "/batch-test/hello"), get("5", "/batch-test/hello"), get("6", "/batch-test/hello")),
				"Prefer", "continue-on-error=false");
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("continue-on-error=false");
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue())
			.containsExactly(400, 200, 200, 200, 424, 424);
	}

	@Test
	void whenContinueOnErrorIsFalseAmongOtherPreferencesThenItApplies() {
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/hello")), "Prefer",
				"respond-async, odata.continue-on-error=\"false\";x=1");
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("continue-on-error=false");
	}

	@Test
	void whenContinueOnErrorHasAnotherValueThenItDoesNotApply() {
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/hello")), "Prefer",
				"continue-on-error=falsey");
		assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();
	}

	@Test
	void whenContinueOnErrorIsNotAskedThenEveryItemRuns() {
		HttpResponse<String> response = this.client.post(
				batch(get("1", "/batch-test/status/400"), get("2", "/batch-test/hello"), get("3", "/batch-test/hello"),
						get("4", "/batch-test/hello"), get("5", "/batch-test/hello"), get("6", "/batch-test/hello")));
		assertThat(response.headers().firstValue("Preference-Applied")).isEmpty();
		assertThat(responses(response)).extracting((item) -> item.get("status").intValue())
			.containsExactly(400, 200, 200, 200, 200, 200);
	}

	@Test
	void whenItemsRunThenAtMostParallelismRunAtOnce() {
		BatchTestApplication.maxRunning.set(0);
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			items.add(get("i" + i, "/batch-test/log/p" + i + "?ms=60"));
		}
		this.client.post(batch(items.toArray(String[]::new)));
		assertThat(BatchTestApplication.maxRunning.get()).isBetween(2, 4);
	}

	@Test
	void whenItemsWaitThenMoreThreadsThanCoresComeUntilParallelismRunAtOnce() {
		// Threads beyond one per core come only once items waited for one: items that
		// wait (I/O) still run parallelism (4) at a time on a machine of fewer cores
		BatchTestApplication.maxRunning.set(0);
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			items.add(get("w" + i, "/batch-test/log/w" + i + "?ms=300"));
		}
		this.client.post(batch(items.toArray(String[]::new)));
		assertThat(BatchTestApplication.maxRunning.get()).isEqualTo(4);
	}

	@Test
	void whenLaterItemsCompleteFirstThenResponsesAreStillWrittenInRequestOrder() {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			items.add(get("r" + i, "/batch-test/log/r" + i + "?ms=" + (12 - i) * 15));
		}
		HttpResponse<String> response = this.client.post(batch(items.toArray(String[]::new)));
		assertThat(responses(response)).extracting((item) -> item.get("id").stringValue() + ":" + item.get("status"))
			.containsExactly("r0:200", "r1:200", "r2:200", "r3:200", "r4:200", "r5:200", "r6:200", "r7:200", "r8:200",
					"r9:200", "r10:200", "r11:200");
	}

	@Test
	void whenFirstItemCompletesWhileTheOthersWaitThenTheNextItemStartsWithoutWaitingForThem() {
		// Parallelism 4: the fifth item may start once the first is written, not only
		// once the three that wait completed
		BatchTestApplication.events.clear();
		this.client.post(batch(get("first", "/batch-test/log/first"), get("w1", "/batch-test/log/w1?ms=400"),
				get("w2", "/batch-test/log/w2?ms=400"), get("w3", "/batch-test/log/w3?ms=400"),
				get("fifth", "/batch-test/log/fifth")));
		assertThat(BatchTestApplication.events.indexOf("start:fifth")).isPositive()
			.isLessThan(BatchTestApplication.events.indexOf("end:w1"));
	}

	@Test
	void whenItemExceedsTheChildBufferThenItAnswers500WithTheReason() {
		JsonNode item = responses(this.client.post(batch(get("big", "/batch-test/big?kb=100")))).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(500);
		assertThat(item.get("body").get("reason").stringValue()).isEqualTo("RESPONSE_TOO_LARGE");
	}

	@Test
	void whenItemsRunThenModulesSeeThemAtDepthOneWithTheBatchRequestAsParent() {
		String id = HttpTestClient.newTestId();
		this.client.post(batch(get("1", "/batch-test/module")), "X-Test-Id", id);
		assertThat(BatchTestApplication.seenByModule.get(id)).isEqualTo("1 POST /$batch");
	}

	@Test
	void whenBatchRunsThenItsTraceIsOneTreeWithTheItemsAsChildren() {
		String id = HttpTestClient.newTestId();
		this.client.post(batch(get("1", "/batch-test/hello?trace=" + id), get("2", "/batch-test/text?trace=" + id)));
		JsonNode traces = BatchClient.json.readTree(new HttpTestClient(this.port).get("/actuator/childrequests").body())
			.get("traces");
		JsonNode trace = null;
		for (JsonNode candidate : traces) {
			if (candidate.get("children").toString().contains(id)) {
				trace = candidate;
			}
		}
		assertThat(trace).isNotNull();
		assertThat(trace.get("path").stringValue()).isEqualTo("/$batch");
		assertThat(trace.get("children")).extracting((child) -> child.get("path").stringValue())
			.containsExactlyInAnyOrder("/batch-test/hello?trace=" + id, "/batch-test/text?trace=" + id);
		assertThat(trace.get("children")).allSatisfy((child) -> assertThat(child.get("depth").intValue()).isOne());
	}

	@Test
	void whenItemsRunThenEachIsAChildObservationAtDepthOne() {
		double before = childTimerCount();
		this.client.post(batch(get("1", "/batch-test/hello"), get("2", "/batch-test/hello")));
		assertThat(childTimerCount() - before).isEqualTo(2);
	}

	private double childTimerCount() {
		return this.meterRegistry.find("integrated.pipeline.child.requests")
			.tag("depth", "1")
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	@Test
	void whenBatchIsAnsweredThenItIsCountedByOutcomeAndItsItemCountSummarized() {
		double success = batchCount("SUCCESS");
		double errors = batchCount("ITEM_ERRORS");
		DistributionSummary items = this.meterRegistry.get("integrated.pipeline.batch.items").summary();
		double total = items.totalAmount();
		this.client.post(batch(get("1", "/batch-test/hello"), get("2", "/batch-test/hello")));
		this.client.post(batch(get("1", "/batch-test/status/500")));
		assertThat(batchCount("SUCCESS") - success).isEqualTo(1);
		assertThat(batchCount("ITEM_ERRORS") - errors).isEqualTo(1);
		assertThat(items.totalAmount() - total).isEqualTo(3);
	}

	private double batchCount(String outcome) {
		Timer timer = this.meterRegistry.find("integrated.pipeline.batch.requests").tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
