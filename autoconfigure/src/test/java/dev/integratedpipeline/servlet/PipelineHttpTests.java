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

package dev.integratedpipeline.servlet;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.ControlModule;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.testapp.PrototypeModule;

import static dev.integratedpipeline.testapp.HttpTestClient.events;
import static dev.integratedpipeline.testapp.HttpTestClient.fullSequence;
import static dev.integratedpipeline.testapp.HttpTestClient.newTestId;
import static dev.integratedpipeline.testapp.HttpTestClient.recorded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the integrated pipeline, over real HTTP on the embedded server, with
 * Spring Security in the application.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PipelineHttpTests {

	private static final List<String> AFTER_FINISH = List.of("LOG_REQUEST", "POST_LOG_REQUEST", "END_REQUEST",
			"POST_END_REQUEST");

	/**
	 * The given events, then {@code LOG_REQUEST}, {@code END_REQUEST} and their
	 * post-events: the sequence of a request finished after them.
	 */
	private static String[] finishedAfter(String... events) {
		String[] sequence = Arrays.copyOf(events, events.length + AFTER_FINISH.size());
		for (int i = 0; i < AFTER_FINISH.size(); i++) {
			sequence[events.length + i] = AFTER_FINISH.get(i);
		}
		return sequence;
	}

	@LocalServerPort
	private int port;

	private HttpTestClient http;

	private String testId;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		this.testId = newTestId();
	}

	@Test
	void whenRequestIsHandledThenEveryEventAndPostEventFiresInOrder() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenTwoModulesSubscribeThenEachNotificationReachesThemInOrder() {
		this.http.get("/hello", "X-Test-Id", this.testId);
		List<String> recorded = recorded(this.testId);
		assertThat(recorded).containsSubsequence("a:BEGIN_REQUEST", "b:BEGIN_REQUEST", "a:POST_BEGIN_REQUEST",
				"b:POST_BEGIN_REQUEST", "a:AUTHENTICATE_REQUEST", "b:AUTHENTICATE_REQUEST");
		assertThat(events(recorded, "b")).isEqualTo(fullSequence());
	}

	@Test
	void whenResponseIsSentThenSendResponseRunsInReverseOrderBeforeCommit() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId);
		assertThat(recorded(this.testId)).containsSubsequence("a:EXECUTE_REQUEST_HANDLER", "b:SEND_RESPONSE",
				"a:SEND_RESPONSE", "a:POST_EXECUTE_REQUEST_HANDLER");
		assertThat(response.headers().firstValue("X-Sent-By")).hasValue("control:BODY");
	}

	@Test
	void whenModuleFinishesAtAuthorizeThenHandlerIsSkippedAndLogAndEndRun() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Finish-At",
				"AUTHORIZE_REQUEST");
		assertThat(response.statusCode()).isEqualTo(299);
		assertThat(response.body()).isEqualTo("finished at AUTHORIZE_REQUEST");
		List<String> events = events(recorded(this.testId), "a");
		assertThat(events).startsWith("BEGIN_REQUEST", "POST_BEGIN_REQUEST", "AUTHENTICATE_REQUEST",
				"POST_AUTHENTICATE_REQUEST");
		assertThat(events.subList(4, events.size())).isEqualTo(AFTER_FINISH);
	}

	@Test
	void whenModuleFinishesAtExecuteRequestHandlerThenHandlerIsNotInvoked() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Finish-At",
				"EXECUTE_REQUEST_HANDLER");
		assertThat(response.body()).isEqualTo("finished at EXECUTE_REQUEST_HANDLER");
		assertThat(events(recorded(this.testId), "a"))
			.doesNotContain("EXECUTE_REQUEST_HANDLER", "POST_EXECUTE_REQUEST_HANDLER", "RELEASE_REQUEST_STATE")
			.endsWith(finishedAfter());
	}

	@Test
	void whenModuleFinishesAtBeginRequestThenNothingElseRunsButLogAndEnd() {
		HttpResponse<String> response = this.http.get("/secure/whoami", "X-Test-Id", this.testId, "X-Finish-At",
				"BEGIN_REQUEST");
		assertThat(response.statusCode()).isEqualTo(299);
		// The control module (order 0) finishes before "a" (order 10) gets BEGIN_REQUEST
		assertThat(events(recorded(this.testId), "a")).isEqualTo(AFTER_FINISH);
	}

	@Test
	void whenModuleThrowsThenLogAndEndRunAndClientGetsAnErrorResponse() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Throw-At",
				"ACQUIRE_REQUEST_STATE");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter())
			.doesNotContain("ACQUIRE_REQUEST_STATE", "EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenPendingWorkAtLogRequestOutlivesTheAsyncTimeoutThenEndRequestStillRuns() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At", "LOG_REQUEST",
				"X-Pending-Held", "true", "X-Async-Timeout", "300");
		assertThat(response.body()).isEqualTo("hello");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
		assertThat(ControlModule.observed(this.testId))
			.anyMatch((entry) -> entry.startsWith("ASYNC_COMPLETION TimeoutException"));
	}

	@Test
	void whenHandlerThrowsThenSendResponseAndLogRequestSeeStatus500() {
		this.http.get("/boom", "X-Test-Id", this.testId);
		recorded(this.testId);
		assertThat(ControlModule.observed(this.testId)).contains("SEND_RESPONSE 500 END",
				"LOG_REQUEST 500 IllegalStateException: boom");
	}

	@Test
	void whenSendResponseThrowsAtEndThenLogAndEndStillRun() {
		HttpResponse<String> response = this.http.get("/accepted", "X-Test-Id", this.testId, "X-Throw-At",
				"SEND_RESPONSE_END");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter());
		assertThat(ControlModule.observed(this.testId))
			.contains("LOG_REQUEST 500 IllegalStateException: Module failed at SEND_RESPONSE_END");
	}

	@Test
	void whenReadEntityThrowsAndTheApplicationHandlesItThenTheRequestFailsAndSkipsToLog() {
		HttpResponse<String> response = this.http.post("/echo", "ping", "X-Test-Id", this.testId, "Content-Type",
				"text/plain", "X-Throw-At", "READ_ENTITY");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter("EXECUTE_REQUEST_HANDLER"));
		assertThat(ControlModule.observed(this.testId)).contains("LOG_REQUEST 422 HandledFailure: handled failure");
	}

	@Test
	void whenMapPathThrowsThenTheRequestFailsAndSkipsToLog() {
		HttpResponse<String> response = this.http.get("/hello.txt", "X-Test-Id", this.testId, "X-Throw-At", "MAP_PATH");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter("POST_MAP_REQUEST_HANDLER"));
		assertThat(ControlModule.observed(this.testId))
			.contains("LOG_REQUEST 500 IllegalStateException: Module failed at MAP_PATH");
	}

	@Test
	void whenMapPathFinishesThenTheResourceIsNotServedAndLogAndEndRun() {
		HttpResponse<String> response = this.http.get("/hello.txt", "X-Test-Id", this.testId, "X-Finish-At",
				"MAP_PATH");
		assertThat(response.body()).isEqualTo("finished at MAP_PATH");
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter("POST_MAP_REQUEST_HANDLER"));
	}

	@Test
	void whenUserIsSetOutsideAuthenticateRequestThenItThrows() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Set-User-At",
				"AUTHORIZE_REQUEST");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(ControlModule.observed(this.testId))
			.contains("LOG_REQUEST 500 IllegalStateException: The user can only be set during AUTHENTICATE_REQUEST");
	}

	@Test
	void whenUrlIsSetOutsideBeginRequestThenItThrows() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Rewrite-At",
				"AUTHORIZE_REQUEST");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(ControlModule.observed(this.testId))
			.contains("LOG_REQUEST 500 IllegalStateException: The URL can only be rewritten during BEGIN_REQUEST");
	}

	@Test
	void whenModuleWritesAtBeginRequestThenSendResponseRunsBeforeCommit() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Finish-At",
				"BEGIN_REQUEST", "X-Flush", "true");
		assertThat(response.body()).isEqualTo("finished at BEGIN_REQUEST");
		assertThat(response.headers().firstValue("X-Sent-By")).hasValue("control:BODY");
	}

	@Test
	void whenHandlerClosesTheWriterThenSendResponseRunsBeforeCommit() {
		HttpResponse<String> response = this.http.get("/closed", "X-Test-Id", this.testId);
		assertThat(response.headers().firstValue("X-Sent-By")).hasValue("control:BODY");
	}

	@Test
	void whenHandlerThrowsThenLogAndEndRunAndClientGetsAnErrorResponse() {
		HttpResponse<String> response = this.http.get("/boom", "X-Test-Id", this.testId, "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("Internal Server Error");
		assertThat(events(recorded(this.testId), "a")).startsWith("BEGIN_REQUEST").endsWith(finishedAfter());
	}

	@Test
	void whenModuleAnswersPendingThenRequestResumesWithAsyncCompletionAndCompletes() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"MAP_REQUEST_HANDLER");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello");
		assertThat(response.headers().firstValue("X-Async-Completion")).hasValue("done");
		List<String> recorded = recorded(this.testId);
		assertThat(events(recorded, "a")).isEqualTo(fullSequence());
		assertThat(recorded).containsSubsequence("a:MAP_REQUEST_HANDLER", "b:MAP_REQUEST_HANDLER",
				"a:POST_MAP_REQUEST_HANDLER");
	}

	@Test
	void whenModuleAnswersPendingThenOnAsyncCompletionRunsOnAnAsyncDispatch() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"MAP_REQUEST_HANDLER");
		// The servlet thread was released: the request came back through an async
		// dispatch
		assertThat(response.headers().firstValue("X-Async-Dispatch")).hasValue("ASYNC");
	}

	@Test
	void whenModuleAnswersPendingAtAuthenticateRequestThenRequestResumesAndCompletes() {
		HttpResponse<String> response = this.http.get("/secure/whoami", "X-Test-Id", this.testId, "X-Pending-At",
				"AUTHENTICATE_REQUEST", "Authorization", HttpTestClient.basic("user", "password"));
		assertThat(response.body()).isEqualTo("user");
		assertThat(response.headers().firstValue("X-Async-Completion")).hasValue("done");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenModuleAnswersPendingAtLogRequestThenTheRequestEndsOnceTheWorkCompleted() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"LOG_REQUEST");
		assertThat(response.body()).isEqualTo("hello");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
		assertThat(ControlModule.observed(this.testId)).contains("ASYNC_COMPLETION done ASYNC");
	}

	@Test
	void whenPendingWorkFailsThenOnAsyncCompletionReceivesTheError() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"MAP_REQUEST_HANDLER", "X-Pending-Fail", "no luck");
		assertThat(response.headers().firstValue("X-Async-Completion")).hasValue("IllegalStateException");
		// The module answered CONTINUE: the request goes on
		assertThat(response.body()).isEqualTo("hello");
	}

	@Test
	void whenOnAsyncCompletionFinishesThenTheHandlerIsSkippedAndLogAndEndRun() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"MAP_REQUEST_HANDLER", "X-Resume-Finish", "true");
		assertThat(response.body()).isEqualTo("finished at ASYNC_COMPLETION");
		List<String> events = events(recorded(this.testId), "a");
		assertThat(events).endsWith(finishedAfter("POST_RESOLVE_REQUEST_CACHE"));
	}

	@Test
	void whenPendingWorkOutlivesTheAsyncTimeoutThenLogAndEndStillRun() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"MAP_REQUEST_HANDLER", "X-Pending-Held", "true", "X-Async-Timeout", "300");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(events(recorded(this.testId), "a")).endsWith(finishedAfter("POST_RESOLVE_REQUEST_CACHE"));
		Awaitility.await().untilAsserted(() -> assertThat(PrototypeModule.disposedRequests).contains(this.testId));
	}

	@Test
	void whenPendingWorkOutlivesTheAsyncTimeoutThenOnAsyncCompletionReceivesATimeout() {
		this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At", "MAP_REQUEST_HANDLER", "X-Pending-Held",
				"true", "X-Async-Timeout", "300");
		recorded(this.testId);
		assertThat(ControlModule.observed(this.testId))
			.anyMatch((entry) -> entry.startsWith("ASYNC_COMPLETION " + "TimeoutException"))
			.anyMatch((entry) -> entry.startsWith("LOG_REQUEST 503 TimeoutException"));
	}

	@Test
	void whenPendingWorkCompletesAfterTheAsyncTimeoutThenTheRequestDoesNotEndTwice() {
		this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At", "MAP_REQUEST_HANDLER", "X-Pending-Held",
				"true", "X-Async-Timeout", "300");
		List<String> recorded = recorded(this.testId);
		// Completing the work runs what depends on it on this thread
		ControlModule.held(this.testId).complete("late");
		assertThat(recorded(this.testId)).isEqualTo(recorded);
		assertThat(ControlModule.observed(this.testId)).filteredOn((entry) -> entry.startsWith("LOG_REQUEST"))
			.hasSize(1);
	}

	@Test
	void whenPendingWorkAtBeginRequestOutlivesTheAsyncTimeoutThenLogAndEndStillRun() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Pending-At",
				"BEGIN_REQUEST", "X-Pending-Held", "true", "X-Async-Timeout", "300");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(events(recorded(this.testId), "a")).isEqualTo(AFTER_FINISH);
	}

	@Test
	void whenModuleAnswersPendingAtBeginRequestThenRequestResumesThroughTheWholeChain() {
		HttpResponse<String> response = this.http.get("/secure/whoami", "X-Test-Id", this.testId, "X-Pending-At",
				"BEGIN_REQUEST", "Authorization", HttpTestClient.basic("user", "password"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("user");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenBodyIsReadThenReadEntityFiresOnce() {
		HttpResponse<String> response = this.http.post("/echo", "ping", "X-Test-Id", this.testId, "Content-Type",
				"text/plain");
		assertThat(response.body()).isEqualTo("echo ping");
		assertThat(recorded(this.testId)).containsOnlyOnce("a:READ_ENTITY")
			.containsSubsequence("a:EXECUTE_REQUEST_HANDLER", "a:READ_ENTITY", "a:POST_EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenRequestWithoutABodyIsReadThenReadEntityDoesNotFire() {
		HttpResponse<String> response = this.http.get("/read-body", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("read 0");
		assertThat(recorded(this.testId)).contains("a:EXECUTE_REQUEST_HANDLER").doesNotContain("a:READ_ENTITY");
	}

	@Test
	void whenFormBodyIsParsedThenReadEntityFiresOnce() {
		HttpResponse<String> response = this.http.post("/form", "name=x&other=y", "X-Test-Id", this.testId,
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(response.body()).isEqualTo("form xy");
		assertThat(recorded(this.testId)).containsOnlyOnce("a:READ_ENTITY")
			.containsSubsequence("a:EXECUTE_REQUEST_HANDLER", "a:READ_ENTITY", "a:POST_EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenMultipartBodyIsParsedThenReadEntityFiresOnce() {
		String body = "--boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello\r\n--boundary--\r\n";
		HttpResponse<String> response = this.http.post("/multipart", body, "X-Test-Id", this.testId, "Content-Type",
				"multipart/form-data; boundary=boundary");
		assertThat(response.body()).isEqualTo("multipart hello");
		assertThat(recorded(this.testId)).containsOnlyOnce("a:READ_ENTITY");
	}

	@Test
	void whenStaticResourceIsServedThenMapPathFiresWithItsPath() {
		HttpResponse<String> response = this.http.get("/hello.txt", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("static hello\n");
		List<String> recorded = recorded(this.testId);
		assertThat(recorded).containsSubsequence("a:POST_MAP_REQUEST_HANDLER", "a:MAP_PATH hello.txt",
				"a:ACQUIRE_REQUEST_STATE");
		assertThat(events(recorded, "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenModuleSubstitutesTheMappedPathThenThatResourceIsServed() {
		HttpResponse<String> response = this.http.get("/hello.txt", "X-Test-Id", this.testId, "X-Map-Path",
				"other.txt");
		assertThat(response.body()).isEqualTo("static other\n");
	}

	@Test
	void whenActuatorEndpointIsRequestedThenHandlerEventsFireBeforeItRuns() {
		HttpResponse<String> response = this.http.get("/actuator/health", "X-Test-Id", this.testId);
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> recorded = recorded(this.testId);
		assertThat(recorded).containsSubsequence("a:MAP_REQUEST_HANDLER", "a:EXECUTE_REQUEST_HANDLER",
				"a:SEND_RESPONSE", "a:POST_EXECUTE_REQUEST_HANDLER");
		assertThat(events(recorded, "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenModuleFinishesAtExecuteRequestHandlerOfAnActuatorEndpointThenTheEndpointDoesNotRun() {
		HttpResponse<String> response = this.http.get("/actuator/health", "X-Test-Id", this.testId, "X-Finish-At",
				"EXECUTE_REQUEST_HANDLER");
		assertThat(response.body()).isEqualTo("finished at EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenPlainServletServesTheRequestThenHandlerEventsFireBeforeItRuns() {
		HttpResponse<String> response = this.http.get("/legacy/page", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("legacy /page");
		List<String> recorded = recorded(this.testId);
		assertThat(recorded).containsSubsequence("a:MAP_REQUEST_HANDLER", "a:EXECUTE_REQUEST_HANDLER",
				"a:SEND_RESPONSE", "a:POST_EXECUTE_REQUEST_HANDLER");
		assertThat(events(recorded, "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenModuleFinishesAtExecuteRequestHandlerForAPlainServletThenTheServletDoesNotRun() {
		HttpResponse<String> response = this.http.get("/legacy/page", "X-Test-Id", this.testId, "X-Finish-At",
				"EXECUTE_REQUEST_HANDLER");
		assertThat(response.body()).isEqualTo("finished at EXECUTE_REQUEST_HANDLER");
	}

	@Test
	void whenNoHandlerMatchesThenClientGets404AndTheSequenceIsComplete() {
		HttpResponse<String> response = this.http.get("/nothing-here", "X-Test-Id", this.testId);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenSpringSecurityRefusesThenTheRequestIsFinishedWithLogAndEnd() {
		HttpResponse<String> response = this.http.get("/secure/whoami", "X-Test-Id", this.testId);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(events(recorded(this.testId), "a"))
			.isEqualTo(List.of(finishedAfter("BEGIN_REQUEST", "POST_BEGIN_REQUEST")));
		assertThat(ControlModule.observed(this.testId)).contains("SEND_RESPONSE 401 ERROR", "LOG_REQUEST 401 none");
	}

	@Test
	void whenCallableControllerThenTheSequenceIsCompleteAndInOrder() {
		HttpResponse<String> response = this.http.get("/callable", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("callable");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenDeferredResultControllerThenTheSequenceIsCompleteAndInOrder() {
		HttpResponse<String> response = this.http.get("/deferred", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("deferred");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenCompletableFutureControllerThenTheSequenceIsCompleteAndInOrder() {
		HttpResponse<String> response = this.http.get("/future", "X-Test-Id", this.testId);
		assertThat(response.body()).isEqualTo("future");
		assertThat(events(recorded(this.testId), "a")).isEqualTo(fullSequence());
	}

	@Test
	void whenSpringSecurityAuthenticatesThenAuthenticateRequestSeesItsPrincipal() {
		HttpResponse<String> response = this.http.get("/authenticated", "Authorization",
				HttpTestClient.basic("user", "password"));
		assertThat(response.body()).isEqualTo("user");
	}

	@Test
	void whenSpringSecurityAuthenticatedTheRequestThenEndRequestStillSeesItsUser() {
		this.http.get("/secure/whoami", "X-Test-Id", this.testId, "Authorization",
				HttpTestClient.basic("user", "password"));
		// END_REQUEST may run after the client got the response
		Awaitility.await()
			.untilAsserted(() -> assertThat(ControlModule.observed(this.testId)).contains("END_REQUEST user user"));
	}

	@Test
	void whenSpringSecurityFoundNoUserThenEndRequestSeesNone() {
		this.http.get("/hello", "X-Test-Id", this.testId);
		// END_REQUEST may run after the client got the response
		Awaitility.await()
			.untilAsserted(() -> assertThat(ControlModule.observed(this.testId)).contains("END_REQUEST user none"));
	}

	@Test
	void whenModuleSetsTheUserThenGetUserPrincipalReturnsIt() {
		HttpResponse<String> response = this.http.get("/whoami", "X-Set-User", "module-user");
		assertThat(response.body()).isEqualTo("module-user");
	}

	@Test
	void whenModuleSetsTheUserOverASpringSecurityUserThenTheModuleUserWins() {
		HttpResponse<String> response = this.http.get("/secure/whoami", "X-Set-User", "module-user", "Authorization",
				HttpTestClient.basic("user", "password"));
		assertThat(response.body()).isEqualTo("module-user");
	}

	@Test
	void whenUrlIsRewrittenAtBeginRequestThenTheNewUrlIsHandled() {
		HttpResponse<String> response = this.http.get("/hello", "X-Rewrite", "/hello/world?greeting=hi+");
		assertThat(response.body()).isEqualTo("hi hello world");
	}

	@Test
	void whenUrlIsRewrittenToAProtectedUrlThenSpringSecurityProtectsIt() {
		HttpResponse<String> response = this.http.get("/hello", "X-Rewrite", "/secure/whoami");
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void whenModuleRaisesACustomNotificationThenSubscribersReceiveItSynchronously() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Custom", "ping");
		assertThat(recorded(this.testId)).containsSubsequence("a:CUSTOM ping", "b:CUSTOM ping", "a:BEGIN_REQUEST");
		assertThat(response.headers().firstValue("X-Custom-Delivered")).hasValue("true");
	}

	@Test
	void whenACustomNotificationIsAnsweredFinishThenNotifyCustomReturnsFalseAndTheRequestIsFinished() {
		HttpResponse<String> response = this.http.get("/hello", "X-Test-Id", this.testId, "X-Custom", "finish");
		assertThat(response.body()).isEqualTo("finished at CUSTOM");
		assertThat(response.headers().firstValue("X-Custom-Delivered")).hasValue("false");
		List<String> recorded = recorded(this.testId);
		assertThat(recorded).doesNotContain("a:CUSTOM finish");
		// Finished once BEGIN_REQUEST is over
		assertThat(events(recorded, "a")).isEqualTo(List.of(finishedAfter("BEGIN_REQUEST")));
	}

	@Test
	void whenModuleIsPrototypeScopedThenEachRequestGetsAFreshInstanceThatIsDisposed() {
		int disposedBefore = PrototypeModule.disposed.get();
		String first = this.http.get("/hello").headers().firstValue("X-Prototype-Instance").orElseThrow();
		String second = this.http.get("/hello").headers().firstValue("X-Prototype-Instance").orElseThrow();
		assertThat(first).isNotEqualTo(second);
		Awaitility.await()
			.untilAsserted(() -> assertThat(PrototypeModule.disposed.get()).isGreaterThanOrEqualTo(disposedBefore + 2));
	}

}
