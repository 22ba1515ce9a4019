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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.integratedpipeline.child.ChildRequestException.Reason;

import dev.integratedpipeline.observation.ChildRequestObservationContext;
import dev.integratedpipeline.testapp.ChildTestController;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PendingChild;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static dev.integratedpipeline.testapp.HttpTestClient.basic;
import static dev.integratedpipeline.testapp.HttpTestClient.events;
import static dev.integratedpipeline.testapp.HttpTestClient.fullSequence;
import static dev.integratedpipeline.testapp.HttpTestClient.newTestId;
import static dev.integratedpipeline.testapp.HttpTestClient.recorded;
import static java.util.Collections.nCopies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Child requests executed with the {@link ChildRequestExecutor}, over real HTTP on the
 * embedded server, with Spring Security in the application.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestExecutor executor;

	@Autowired
	private ThreadPoolTaskExecutor applicationTaskExecutor;

	@Autowired
	private ObservationRegistry observations;

	@Autowired
	private ChildRequestTraceRepository traces;

	private HttpTestClient http;

	/**
	 * The failures child observations stopped with, by the user data of the child.
	 */
	private static final Map<Object, Throwable> stoppedWithError = new ConcurrentHashMap<>();

	private static volatile boolean registered;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		if (!registered) {
			registered = true;
			this.observations.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					if (context instanceof ChildRequestObservationContext child && child.getError() != null
							&& child.getRequest().userData() != null) {
						stoppedWithError.put(child.getRequest().userData(), child.getError());
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
		}
	}

	@Test
	void whenChildIsExecutedThenStatusHeadersAndContentAreCaptured() {
		String body = this.http.get("/child?path=/headers").body();
		assertThat(body).startsWith("200 with headers").contains("X-Custom-Header=present");
	}

	@Test
	void whenChildIsExecutedThenItPassesTheWholePipelineButAuthentication() {
		// It runs as its parent's user: authentication is skipped, as in IIS
		String testId = newTestId();
		this.http.get("/child?path=/hello", "X-Test-Id", testId);
		assertThat(events(recorded(testId + "/child1"), "a"))
			.isEqualTo(fullSequence().stream().filter((event) -> !event.equals("AUTHENTICATE_REQUEST")).toList());
	}

	@Test
	void whenChildAuthenticatesFromCopiedCredentialsThenItPassesTheWholePipeline() {
		String testId = newTestId();
		this.http.get("/child?path=/hello&copy=true", "X-Test-Id", testId);
		assertThat(events(recorded(testId + "/child1"), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenChildPathMatchesAFilterUrlPatternThenThatFilterRuns() {
		assertThat(this.http.get("/child?path=/hello/filtered").body()).contains("X-Filtered=hello-filter");
	}

	@Test
	void whenChildPathDoesNotMatchAFilterUrlPatternThenThatFilterDoesNotRun() {
		assertThat(this.http.get("/child?path=/whoami").body()).doesNotContain("X-Filtered");
	}

	@Test
	void whenChildOfAnAnonymousParentRequestsAProtectedUrlThenItGets401() {
		assertThat(this.http.get("/child?path=/secure/whoami&copy=true").body()).startsWith("401");
	}

	@Test
	void whenChildCopiesAnAuthenticatedParentThenItIsAuthenticatedTheSameWay() {
		String body = this.http.get("/child?path=/secure/whoami&copy=true", "Authorization", basic("user", "password"))
			.body();
		assertThat(body).startsWith("200 user");
	}

	@Test
	void whenChildIsGivenAUserThenItRunsAsThatUserForSpringSecurity() {
		assertThat(this.http.get("/child/user?path=/admin/whoami&name=boss&role=ADMIN").body()).isEqualTo("200 boss");
	}

	@Test
	void whenChildIsGivenAUserThenTheCredentialsItCarriesAreNotUsed() {
		// Authenticated again from the credentials it carries, the child would be 'user',
		// who is no admin
		String body = this.http
			.get("/child/user?path=/admin/whoami&name=boss&role=ADMIN&copy=true", "Authorization",
					basic("user", "password"))
			.body();
		assertThat(body).isEqualTo("200 boss");
	}

	@Test
	void whenChildIsGivenAUserWithoutTheRoleThenSpringSecurityRefusesIt() {
		assertThat(this.http.get("/child/user?path=/admin/whoami&name=plain").body()).startsWith("403");
	}

	@Test
	void whenChildIsGivenAUserThenAuthenticateRequestIsSkipped() {
		String testId = newTestId();
		this.http.get("/child?path=/hello", "X-Test-Id", testId);
		ChildResponse response = this.executor.execute(ChildRequest.get("/hello")
			.header("X-Test-Id", testId + "-user")
			.user(new dev.integratedpipeline.testapp.ControlModule.NamedPrincipal("given"))
			.build());
		assertThat(response.status()).isEqualTo(200);
		assertThat(events(recorded(testId + "-user/child1"), "a")).doesNotContain("AUTHENTICATE_REQUEST")
			.contains("POST_AUTHENTICATE_REQUEST");
	}

	@Test
	void whenChildRunsThenTheParentsThreadStateIsTheSameAfterwards() {
		String body = this.http.get("/child/isolation", "Authorization", basic("user", "password")).body();
		assertThat(body).isEqualTo("user same");
	}

	@Test
	void whenParentHasASessionThenTheChildSharesIt() {
		assertThat(this.http.get("/child/session").body()).isEqualTo("from-parent");
	}

	@Test
	void whenChildIsExecutedWithoutAnyParentThenItWorks() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/hello").build());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentAsString()).isEqualTo("hello");
	}

	@Test
	void whenChildIsExecutedAtStartupThenItWorkedBeforeAnyHttpRequest() {
		assertThat(PipelineTestApplication.startupResponse).isNotNull();
		assertThat(PipelineTestApplication.startupResponse.contentAsString()).isEqualTo("hello");
	}

	@Test
	void whenChildCarriesUserDataThenTheHandlerReadsIt() {
		assertThat(this.http.get("/child/user-data").body()).isEqualTo("{answer=42}");
	}

	@Test
	void whenChildIsNestedThenItKnowsItsDepthAndParent() {
		assertThat(this.http.get("/child?path=/child/depth").body()).startsWith("200 1 /child");
	}

	@Test
	void whenChildrenNestBeyondTheLimitThenStackOverflowIsReported() {
		assertThat(this.http.get("/recurse/0").body()).isEqualTo("STACK_OVERFLOW at 10");
	}

	@Test
	void whenCallableHandlerRecursesThroughChildrenThenStackOverflow() {
		assertThat(this.http.get("/recurse-callable/0").body()).isEqualTo("STACK_OVERFLOW at 10");
	}

	@Test
	void whenChildHandlerIsACallableThenItsResultIsCaptured() {
		assertThat(this.executor.execute(ChildRequest.get("/callable").build()).contentAsString())
			.isEqualTo("callable");
	}

	@Test
	void whenChildHandlerIsADeferredResultThenItsResultIsCaptured() {
		assertThat(this.executor.execute(ChildRequest.get("/deferred").build()).contentAsString())
			.isEqualTo("deferred");
	}

	@Test
	void whenChildHandlerIsACompletableFutureThenItsResultIsCaptured() {
		assertThat(this.executor.execute(ChildRequest.get("/future").build()).contentAsString()).isEqualTo("future");
	}

	@Test
	void whenChildrenAreExecutedTogetherThenResultsComeInRequestOrder() {
		assertThat(this.http.get("/child/all").body()).isEqualTo("hello one,callable,hello three");
	}

	@Test
	void whenFannedOutChildLeavesAHelpersThreadInterruptedThenTheNextChildThatHelperRunsIsNotInterrupted() {
		String body = this.http.get("/child/all-interrupting").body();
		// The caller's thread takes the first child as soon as it handed out a helper:
		// only a helper that woke first would take it instead
		assumeThat(body).as("the child that interrupts ran on a helper").startsWith("helper ");
		assertThat(body).isEqualTo("helper " + String.join(",", nCopies(12, "200")));
	}

	@Test
	void whenChildIsExecutedAsynchronouslyThenTheFutureCompletes() {
		assertThat(this.http.get("/child/async").body()).isEqualTo("deferred");
	}

	@Test
	void whenChildHandlerThrowsThenTheErrorPageIsCapturedWithTheError() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/boom").header("Accept", "application/json").build());
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.contentAsString()).contains("\"status\":500");
		assertThat(response.error()).hasMessage("boom");
	}

	@Test
	void whenAChildOfAClientRequestFailsThenItsErrorPageShowsTheClientsPathNotTheChilds() {
		String page = this.http.get("/child?path=/boom", "Accept", "application/json").body();
		assertThat(page).startsWith("500 ").contains("\"path\":\"/child\"").doesNotContain("/boom");
	}

	@Test
	void whenAGrandchildFailsThenItsErrorPageShowsTheClientsPath() {
		String page = this.http.get("/child?path=/child%3Fpath%3D/boom").body();
		assertThat(page).contains("\"path\":\"/child\"").doesNotContain("/boom");
	}

	@Test
	void whenTheSameRequestFailsFromTheNetworkThenItsErrorPageShowsItsOwnPath() {
		assertThat(this.http.get("/boom", "Accept", "application/json").body()).contains("\"path\":\"/boom\"");
	}

	@Test
	void whenAChildWithoutParentFailsThenItsErrorPageShowsItsOwnPath() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/boom").header("Accept", "application/json").build());
		assertThat(response.contentAsString()).contains("\"path\":\"/boom\"");
	}

	@Test
	void whenCustomErrorsAreDisabledThenTheRawStatusComesBackWithNoErrorPage() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/boom").flags(ExecuteFlag.DISABLE_CUSTOM_ERROR).build());
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.content()).isEmpty();
	}

	@Test
	void whenChildGetsNoHandlerThenItCapturesThe404ErrorPage() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/nothing-here").header("Accept", "application/json").build());
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentAsString()).contains("\"status\":404");
	}

	@Test
	void whenChildServesAStaticResourceThenItIsCaptured() {
		assertThat(this.executor.execute(ChildRequest.get("/hello.txt").build()).contentAsString())
			.isEqualTo("static hello\n");
	}

	@Test
	void whenChildHandlerThrowsAnAdvisedExceptionThenTheControllerAdviceAnswers() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/advised").build());
		assertThat(response.status()).isEqualTo(418);
		assertThat(response.contentAsString()).isEqualTo("advised");
	}

	@Test
	void whenChildHandlerReturnsAViewThenTheViewIsRendered() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/view").build());
		assertThat(response.contentAsString()).isEqualTo("<p>rendered</p>");
		assertThat(response.contentType()).startsWith("text/html");
	}

	@Test
	void whenParentEndsBeforeItsAsynchronousChildThenTheChildIsCancelled() throws Exception {
		assertThat(this.http.get("/child/abandon").body()).isEqualTo("abandoned");
		assertThat(ChildTestController.abandoned.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("CANCELLED");
	}

	@Test
	void whenTheSameChildIsExecutedTwiceThenItsResponsesAreEqual() {
		// Without headers: the prototype module stamps each response with its instance
		ChildResponse first = this.executor
			.execute(ChildRequest.get("/hello/twice").flags(ExecuteFlag.NO_HEADERS).build());
		ChildResponse second = this.executor
			.execute(ChildRequest.get("/hello/twice").flags(ExecuteFlag.NO_HEADERS).build());
		assertThat(first).isNotSameAs(second).isEqualTo(second).hasSameHashCodeAs(second);
		assertThat(first).isNotEqualTo(
				this.executor.execute(ChildRequest.get("/hello/other").flags(ExecuteFlag.NO_HEADERS).build()));
	}

	@Test
	void whenCallerCancelsTheFutureOfARunningChildThenTheChildFailsWithCancelled() throws Exception {
		String testId = newTestId();
		PendingChild pending = ChildTestController.pendingChild(testId);
		assertThat(this.http.get("/child/cancel-future", "X-Test-Id", testId).body()).isEqualTo("cancelled");
		assertThat(pending.completion().get(10, TimeUnit.SECONDS)).as("its DeferredResult was released")
			.isEqualTo("completed");
		assertThat(await().until(() -> stoppedWithError.get(pending), (error) -> error != null)).isInstanceOfSatisfying(
				ChildRequestException.class, (ex) -> assertThat(ex.reason()).isEqualTo(Reason.CANCELLED));
	}

	@Test
	void whenChildIsIssuedFromAPropagatedThreadAfterItsParentEndedThenItFailsWithCancelled() throws Exception {
		String testId = newTestId();
		assertThat(this.http.get("/child/issue-later", "X-Test-Id", testId).body()).isEqualTo("scheduled");
		// Traced once it ended
		await().until(() -> this.traces.findAll()
			.stream()
			.anyMatch((trace) -> trace.request().path().equals("/child/issue-later")));
		ChildTestController.issueNow(testId);
		assertThat(ChildTestController.issuedLater(testId).get(10, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
	}

	@Test
	void whenChildPostsABodyThenTheHandlerReadsIt() {
		ChildResponse response = this.executor
			.execute(ChildRequest.builder("POST", "/echo").header("Content-Type", "text/plain").body("ping").build());
		assertThat(response.contentAsString()).isEqualTo("echo ping");
	}

	@Test
	void whenNoHeadersIsSetThenTheChildResponseHasNoHeaders() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/headers").flags(ExecuteFlag.NO_HEADERS).build());
		assertThat(response.headers().isEmpty()).isTrue();
		assertThat(response.contentAsString()).isEqualTo("with headers");
	}

	@Test
	void whenChildIsNotCacheEligibleThenItIsMarkedNoStore() {
		assertThat(this.executor.execute(ChildRequest.get("/cached").build()).headers().getCacheControl())
			.isEqualTo("no-store");
	}

	@Test
	void whenChildIsCacheEligibleThenItKeepsItsOwnCachingHeaders() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/cached").flags(ExecuteFlag.HTTP_CACHE_ELIGIBLE).build());
		assertThat(response.headers().getCacheControl()).isEqualTo("max-age=60");
	}

	@Test
	void whenSameUrlIsSetThenTheChildRunsOnTheParentsUrl() {
		assertThat(this.http.get("/child/same-url?x=1").body()).isEqualTo("child saw /child/same-url?x=1");
	}

	@Test
	void whenChildIsServedByAnotherServletThenItIsRefusedFromARequest() {
		assertThat(this.http.get("/child/failure?path=/legacy/page").body()).isEqualTo("NOT_SUPPORTED");
	}

	@Test
	void whenChildIsServedByAnotherServletWithIgnoreAppPoolThenItRuns() {
		assertThat(this.http.get("/child?path=/legacy/page&flags=IGNORE_APPPOOL").body())
			.startsWith("200 legacy /page");
	}

	@Test
	void whenChildContentExceedsTheLimitThenItFailsClearly() {
		assertThat(this.http.get("/child/failure?path=/big?size=100000").body()).isEqualTo("RESPONSE_TOO_LARGE");
	}

	@Test
	void whenAsynchronousHandlerOfAChildTimesOutThenSpringMvcAnswersItsTimeoutStatus() {
		assertThat(this.http.get("/child/failure?path=/never&timeout=PT0.2S").body()).startsWith("503");
	}

	@Test
	void whenChildIsStillPendingAtItsTimeoutThenItFailsWithTimeout() {
		ChildRequest request = ChildRequest.get("/hello")
			.header("X-Pending-Forever", "yes")
			.timeout(java.time.Duration.ofMillis(200))
			.build();
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> this.executor.execute(request))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ChildRequestException.Reason.TIMEOUT));
	}

	@Test
	void whenChildPathTraversesThenItIsRefusedBeforeAnythingRuns() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.executor.execute(ChildRequest.get("/static/%2e%2e/secret").build()));
	}

	@Test
	void whenManyChildrenRunConcurrentlyThenEachGetsItsOwnResponse() {
		List<ChildRequest> requests = java.util.stream.IntStream.range(0, 50)
			.mapToObj((i) -> ChildRequest.get("/hello/n" + i).build())
			.toList();
		List<ChildResponse> responses = this.executor.executeAll(requests);
		assertThat(responses).extracting(ChildResponse::contentAsString)
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj((i) -> "hello n" + i).toList());
	}

	@Test
	void whenChildIsExecutedThenItNeverLeavesTheProcess() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ChildRequest.get("http://example.com/hello").build());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ChildRequest.get("//example.com/hello").build());
	}

	@Test
	void whenParentResponseIsUsedThenChildHeadersDoNotLeakIntoIt() {
		HttpResponse<String> response = this.http.get("/child?path=/headers");
		assertThat(response.headers().firstValue("X-Custom-Header")).isEmpty();
	}

	@Test
	void whenChildIsIssuedForARemoteClientThenItSeesTheClientsRemoteAddress() {
		String[] views = this.http.get("/child/remote", "X-Forwarded-For", "203.0.113.7").body().split(" \\| ");
		assertThat(views[0]).startsWith("203.0.113.7 ");
		assertThat(views[1]).as("the child's view of its client").isEqualTo(views[0]);
	}

	@Test
	void whenChildMethodIsHeadThenContentIsEmptyAndContentLengthKept() {
		String body = this.http.get("/child?path=/hello&method=HEAD").body();
		assertThat(body).startsWith("200  {").contains("Content-Length=5");
	}

	@Test
	void whenChildFilterChangesTheMdcThenTheParentsMdcIsTheSameAfterwards() {
		assertThat(this.http.get("/child/mdc").body()).isEqualTo("mdc null");
	}

	@Test
	void whenChildrenAreExecutedTogetherThenTheyRunAtTheSameTime() {
		// Each child waits for the two others: run one after the other, none would meet
		assertThat(this.http.get("/child/barrier").body()).isEqualTo("met,met,met");
	}

	@Test
	void whenChildIsExecutedAsynchronouslyThenItRunsOnTheApplicationTaskExecutor() throws Exception {
		ChildResponse response = this.executor.executeAsync(ChildRequest.get("/thread").build()).get();
		assertThat(response.contentAsString()).startsWith(this.applicationTaskExecutor.getThreadNamePrefix());
	}

	@Test
	void whenChildIsExecutedAsynchronouslyThenTheCallerIsNotBlocked() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try {
			CompletableFuture<ChildResponse> future = this.executor
				.executeAsync(ChildRequest.get("/block").userData(release).build());
			// Run on the caller's thread, the child would have waited for the latch
			assertThat(future).isNotDone();
			release.countDown();
			assertThat(future.get().contentAsString()).isEqualTo("released");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void whenChildRunsThenUserFiltersRunInTheirOrderForItsDispatcherTypeOnly() {
		ChildResponse response = this.executor
			.execute(ChildRequest.get("/hello").header("X-Order-Test", "yes").build());
		assertThat(response.headers().get("X-Order")).containsExactly("first", "second");
	}

	@Test
	void whenChildFailsThenItsErrorDispatchRunsErrorOnlyFiltersNotRequestOnlyOnes() {
		ChildResponse response = this.executor.execute(ChildRequest.get("/boom").header("X-Order-Test", "yes").build());
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.headers().get("X-Order")).containsExactly("first", "second", "error");
	}

	@Test
	void whenNestedFanOutExceedsThePoolSizeThenItCompletes() {
		// Wider than the pool: every pool thread takes a child that fans out again
		int width = this.applicationTaskExecutor.getCorePoolSize() + 2;
		assertThat(this.http.get("/fan/2?width=" + width).body()).isEqualTo(String.valueOf(width * width));
	}

	@Test
	void whenAsyncChildIsSlowerThanItsTimeoutThenTheFutureFailsWithTimeout() {
		CountDownLatch release = new CountDownLatch(1);
		try {
			CompletableFuture<ChildResponse> future = this.executor
				.executeAsync(ChildRequest.get("/block").userData(release).timeout(Duration.ofMillis(200)).build());
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
				.havingCause()
				.isInstanceOfSatisfying(ChildRequestException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TIMEOUT));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void whenParentEndsWhileChildDeferredResultIsPendingThenItsCompletionCallbackRuns() throws Exception {
		String testId = newTestId();
		assertThat(this.http.get("/child/abandon-deferred", "X-Test-Id", testId).body()).isEqualTo("abandoned");
		assertThat(ChildTestController.pendingChild(testId).completion().get(10, TimeUnit.SECONDS))
			.isEqualTo("completed");
	}

	@Test
	void whenAdviceHandlesTheOverflowThenTheChildStillFailsWithResponseTooLarge() {
		assertThat(this.http.get("/child/failure?path=/overflow?size=100000").body()).isEqualTo("RESPONSE_TOO_LARGE");
	}

	@Test
	void whenDeferredResultHasItsOwnTimeoutThenTheChildAnswersAtThatTimeout() {
		Duration timeout = Duration.ofSeconds(20);
		ChildResponse response = this.executor.execute(ChildRequest.get("/deferred-timeout").timeout(timeout).build());
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.duration()).as("answered at the handler's timeout, not the child's").isLessThan(timeout);
	}

	@Test
	void whenTimeoutIsAnsweredWithAnotherAsyncCycleThenTheChildStillTimesOut() {
		assertThat(this.http.get("/child/failure?path=/deferred-again&timeout=PT0.2S").body()).isEqualTo("TIMEOUT");
	}

	@Test
	void whenCallerIsInterruptedThenTheChildIsCancelled() throws Exception {
		PendingChild pending = new PendingChild();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				this.executor.execute(ChildRequest.get("/pending-deferred").userData(pending).build());
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		});
		caller.start();
		pending.awaitStarted();
		await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING);
		caller.interrupt();
		caller.join(10_000);
		assertThat(thrown.get()).isInstanceOfSatisfying(ChildRequestException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(Reason.INTERRUPTED));
		assertThat(pending.completion()).as("the child was cancelled, its DeferredResult released")
			.isCompletedWithValue("completed");
	}

}
