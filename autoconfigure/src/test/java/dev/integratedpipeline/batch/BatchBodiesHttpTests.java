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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static dev.integratedpipeline.batch.BatchClient.responses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item bodies by content type over real HTTP, beyond plain JSON, text and bytes: a
 * {@code *+json} type travels as JSON, XML and form data as text (UTF-8 unless a charset
 * is given), both ways.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.batch.enabled=true")
class BatchBodiesHttpTests {

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenItemSendsJsonSuffixBodyThenItIsSentAsJsonText() {
		HttpResponse<String> response = this.client.post(batch(echo("application/merge-patch+json", "{\"a\":null}")));
		JsonNode item = responses(response).get(0);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("10");
		assertThat(response.body()).contains("\"body\":{\"a\":null}");
	}

	@Test
	void whenItemSendsXmlBodyThenTheStringIsSentAsUtf8Text() {
		JsonNode item = responses(this.client.post(batch(echo("application/xml", "\"<a>déjà</a>\"")))).get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("13");
	}

	@Test
	void whenItemSendsFormBodyThenTheStringIsSentAsText() {
		JsonNode item = responses(this.client.post(batch(echo("application/x-www-form-urlencoded", "\"a=1&b=two\""))))
			.get(0);
		assertThat(item.get("status").intValue()).isEqualTo(200);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("9");
		assertThat(item.get("body").stringValue()).isEqualTo("a=1&b=two");
	}

	@Test
	void whenItemSendsTextBodyWithoutCharsetThenItIsSentAsUtf8() {
		JsonNode item = responses(this.client.post(batch(echo("text/plain", "\"déjà\"")))).get(0);
		assertThat(item.get("headers").get("X-Echo-Length").stringValue()).isEqualTo("6");
		assertThat(item.get("body").stringValue()).isEqualTo("déjà");
	}

	@Test
	void whenItemSendsXmlBodyThatIsNotAStringThenTheBatchIsRefusedWith400AndNothingRuns() {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = this.client.post(
				batch(get("ok", "/batch-test/count"), "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
						+ "\"headers\":{\"Content-Type\":\"application/xml\"},\"body\":{\"a\":1}}"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(BatchClient.body(response).get("detail").stringValue()).contains("Item 'x' (index 1)")
			.contains("must be a JSON string");
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenItemSendsFormBodyThatIsNotAStringThenTheBatchIsRefusedWith400() {
		HttpResponse<String> response = this.client
			.post(batch("{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
					+ "\"headers\":{\"Content-Type\":\"application/x-www-form-urlencoded\"},\"body\":[\"a=1\"]}"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(BatchClient.body(response).get("detail").stringValue()).contains("must be a JSON string");
	}

	@Test
	void whenItemAnswersXmlThenItsBodyIsString() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/xml")))).get(0);
		assertThat(item.get("headers").get("Content-Type").stringValue()).startsWith("application/xml");
		assertThat(item.get("body").isString()).isTrue();
		assertThat(item.get("body").stringValue()).isEqualTo("<greeting>déjà vu</greeting>");
	}

	@Test
	void whenItemAnswersFormDataThenItsBodyIsString() {
		JsonNode item = responses(this.client.post(batch(get("1", "/batch-test/form")))).get(0);
		assertThat(item.get("headers").get("Content-Type").stringValue())
			.startsWith("application/x-www-form-urlencoded");
		assertThat(item.get("body").isString()).isTrue();
		assertThat(item.get("body").stringValue()).isEqualTo("a=1&b=d%C3%A9j%C3%A0");
	}

	@Test
	void whenItemSendsAFormOfMoreParametersThanTheContainerReadsThenItIsAnswered400AsFromTheNetwork() {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < 1500; i++) {
			form.append((i > 0) ? "&" : "").append('p').append(i).append("=v");
		}
		String item = "{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/batch-test/parameters\","
				+ "\"headers\":{\"Content-Type\":\"application/x-www-form-urlencoded\"},\"body\":\"" + form + "\"}";
		HttpResponse<String> network = this.client.send("POST", "/batch-test/parameters",
				HttpRequest.BodyPublishers.ofString(form.toString()), "Content-Type",
				"application/x-www-form-urlencoded", BatchTestApplication.CSRF_HEADERS[0],
				BatchTestApplication.CSRF_HEADERS[1], BatchTestApplication.CSRF_HEADERS[2],
				BatchTestApplication.CSRF_HEADERS[3]);
		assertThat(network.statusCode()).isEqualTo(400);
		assertThat(responses(this.client.post(batch(item))).get(0).get("status").intValue()).isEqualTo(400);
	}

	/**
	 * An item posting a body, given as its JSON, to {@code /batch-test/echo}.
	 */
	private static String echo(String contentType, String body) {
		return "{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/batch-test/echo\",\"headers\":{\"Content-Type\":\""
				+ contentType + "\"},\"body\":" + body + "}";
	}

}
