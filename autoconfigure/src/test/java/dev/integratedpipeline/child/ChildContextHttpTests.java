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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child requests issued the IIS way, from a module, with {@code cloneContext},
 * {@code executeRequest} and {@code releaseClonedContext}, over real HTTP.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildContextHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void whenChildIsNotBufferedThenItsResponseIsWrittenToTheParent() {
		HttpResponse<String> response = this.http.get("/docs/hello.default");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello default");
		assertThat(response.headers().firstValue("X-Filtered")).hasValue("hello-filter");
	}

	@Test
	void whenChildIsWrittenToTheParentThenItsHeadersReplaceTheParentsOwn() {
		HttpResponse<String> response = this.http.get("/docs/hello.default", "X-Parent-Header", "yes");
		assertThat(response.headers().allValues("X-Filtered")).containsExactly("hello-filter");
	}

	@Test
	void whenChildIsBufferedThenItsResponseComesBackToTheModule() {
		HttpResponse<String> response = this.http.get("/docs/hello.default", "X-Child-Flags", "BUFFER_RESPONSE");
		assertThat(response.body()).isEqualTo("buffered 200 hello default");
		assertThat(response.headers().firstValue("X-Filtered")).isEmpty();
	}

	@Test
	void whenChildCompletesAsynchronouslyThenTheModuleIsPendingAndResumes() {
		assertThat(this.http.get("/docs/deferred").body()).isEqualTo("deferred");
	}

	@Test
	void whenBufferedChildCompletesAsynchronouslyThenOnAsyncCompletionGetsItsResponse() {
		assertThat(this.http.get("/docs/callable", "X-Child-Flags", "BUFFER_RESPONSE").body())
			.isEqualTo("buffered 200 callable");
	}

	@Test
	void whenNoHeadersIsSetThenTheChildsHeadersStayOutOfTheParent() {
		HttpResponse<String> response = this.http.get("/docs/hello.default", "X-Child-Flags", "NO_HEADERS");
		assertThat(response.body()).isEqualTo("hello default");
		assertThat(response.headers().firstValue("X-Filtered")).isEmpty();
	}

	@Test
	void whenModuleIgnoresItselfThenItReExecutesItsOwnUrlWithoutRecursing() {
		assertThat(this.http.get("/self/me").body()).isEqualTo("self child 200 self me");
	}

	@Test
	void whenModuleIgnoresItselfThenItIsSkippedForTheGrandchildToo() {
		assertThat(this.http.get("/relay/me").body()).isEqualTo("relay 200 child saw leaf");
	}

	@Test
	void whenModuleDoesNotIgnoreItselfThenItsChildrenRecurseUntilItStops() {
		assertThat(this.http.get("/self/me", "X-No-Ignore", "yes").body()).startsWith("self child 200 self child");
	}

	@Test
	void whenChildIsExecutedTwiceOrReleasedOutOfOrderThenTheRulesHold() {
		assertThat(this.http.get("/release/order").body())
			.isEqualTo("ALREADY_EXECUTED,INVALID_PARAMETER,OK,OK,INVALID_PARAMETER");
	}

	@Test
	void whenSynchronousExecutionIsAskedThenItIsNotSupported() {
		assertThat(this.http.get("/release/sync").body()).isEqualTo("NOT_SUPPORTED");
	}

	@Test
	void whenChildContextIsReleasedWhileItsChildRunsThenTheChildFailsWithCancelled() {
		assertThat(this.http.get("/release/running").body()).isEqualTo("CANCELLED");
	}

	@Test
	void whenWritingTheChildIntoItsParentFailsThenItFailsWithFailed() {
		HttpResponse<String> response = this.http.get("/broken-output/child");
		assertThat(response.headers().firstValue("X-Child-Outcome")).hasValue("FAILED");
	}

	@Test
	void whenChildIsReleasedAfterItsParentEndedThenItFails() {
		assertThat(this.http.get("/release/leak").body()).isEqualTo("leaked");
		assertThat(this.http.get("/release/leaked").body()).isEqualTo("INVALID_PARAMETER");
	}

	@Test
	void whenChildWasClonedFromAnotherContextThenExecutingItIsNotSupported() {
		this.http.get("/release/leak");
		assertThat(this.http.get("/release/foreign").body()).isEqualTo("NOT_SUPPORTED");
	}

}
