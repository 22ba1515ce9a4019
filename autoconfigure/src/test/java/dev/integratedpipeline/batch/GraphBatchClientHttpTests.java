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

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compatibility with a Graph JSON batching client nobody here wrote: Microsoft Graph's
 * Java core library ({@code microsoft-graph-core}) builds the batch with
 * {@link BatchRequestContent}, it is sent over real HTTP, and its
 * {@link BatchResponseContent} reads the answer.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class GraphBatchClientHttpTests {

	@LocalServerPort
	private int port;

	private static String peek(Response response) {
		try {
			return response.peekBody(100000).string();
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	@Test
	void whenGraphClientSendsBatchThenItsParserReadsEachItemsAnswer() throws IOException {
		// Graph clients address the service root, https://graph.microsoft.com/v1.0, and
		// send urls relative to it (v1.0/me becomes "me"): the endpoint resolves them
		// against its own location, the application's root
		String root = "http://localhost:" + this.port;
		String base = root + "/v1.0";
		Request hello = new Request.Builder().url(base + "/batch-test/hello").build();
		Request echo = new Request.Builder().url(base + "/batch-test/echo")
			.post(RequestBody.create("{\"greeting\":\"hi\"}", MediaType.get("application/json")))
			.build();
		Request missing = new Request.Builder().url(base + "/batch-test/status/404").build();
		BatchRequestContent content = new BatchRequestContent(
				new BaseGraphRequestAdapter(new AnonymousAuthenticationProvider()),
				List.of(new BatchRequestStep("1", hello), new BatchRequestStep("2", echo, List.of("1")),
						new BatchRequestStep("3", missing)));
		byte[] batch;
		try (InputStream in = content.getBatchRequestContent()) {
			batch = in.readAllBytes();
		}
		Request request = new Request.Builder().url(root + "/$batch")
			.header("Cookie", "XSRF-TOKEN=" + BatchTestApplication.CSRF_TOKEN)
			.header("X-XSRF-TOKEN", BatchTestApplication.CSRF_TOKEN)
			.post(RequestBody.create(batch, MediaType.get("application/json")))
			.build();
		try (Response response = new OkHttpClient().newCall(request).execute()) {
			assertThat(response.code()).as(() -> new String(batch) + " -> " + peek(response)).isEqualTo(200);
			BatchResponseContent answer = new BatchResponseContent(response);
			Map<String, Integer> statuses = answer.getResponsesStatusCode();
			assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("1", 200, "2", 200, "3", 404));
			try (Response first = answer.getResponseById("1"); Response second = answer.getResponseById("2")) {
				assertThat(first.body().string()).contains("\"hello\":\"world\"");
				assertThat(second.body().string()).contains("\"greeting\":\"hi\"");
			}
		}
	}

}
