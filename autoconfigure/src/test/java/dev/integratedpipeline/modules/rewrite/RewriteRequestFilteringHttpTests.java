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

package dev.integratedpipeline.modules.rewrite;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URL rewrite with request filtering: a rewritten URL is filtered as the same URL sent by
 * the client is, though request filtering runs before the rules.
 */
@SpringBootTest(classes = { ModulesTestApplication.class, RewriteRequestFilteringHttpTests.LateRewrite.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.request-filtering.enabled=true", "integrated-pipeline.rewrite.enabled=true",
				"integrated-pipeline.rewrite.rules[0].name=file", "integrated-pipeline.rewrite.rules[0].match=^/file$",
				"integrated-pipeline.rewrite.rules[0].conditions[0].input=query",
				"integrated-pipeline.rewrite.rules[0].conditions[0].pattern=^name=(.+)$",
				"integrated-pipeline.rewrite.rules[0].action=rewrite",
				"integrated-pipeline.rewrite.rules[0].url=/new/{C:1}",
				"integrated-pipeline.rewrite.rules[0].append-query-string=false" })
class RewriteRequestFilteringHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient client() {
		return new HttpTestClient(this.port);
	}

	@Test
	void whenARuleRewritesToAHiddenSegmentThenTheRequestIsRefusedAsTheSameUrlFromTheClientIs() {
		HttpResponse<String> rewritten = client().get("/file?name=.git/config");
		HttpResponse<String> direct = client().get("/new/.git/config");
		assertThat(direct.statusCode()).isEqualTo(404);
		assertThat(rewritten.statusCode()).isEqualTo(direct.statusCode());
		assertThat(rewritten.body()).isEqualTo(direct.body()).doesNotContain("new ");
	}

	@Test
	void whenAChildRequestIsRewrittenToAHiddenSegmentThenItIsRefusedAsTheNetworkRequestIs() {
		HttpResponse<String> network = client().get("/file?name=.git/config");
		HttpResponse<String> child = client().get("/child?path=/file%3Fname%3D.git/config");
		assertThat(child.body()).isEqualTo(network.statusCode() + "|" + network.body());
	}

	@Test
	void whenAModuleRewritesAtPostBeginRequestAfterRequestFilteringThenTheUrlIsStillChecked() {
		HttpResponse<String> late = client().get("/late");
		assertThat(late.statusCode()).isEqualTo(404);
		assertThat(late.body()).isEqualTo(client().get("/new/.git/config").body());
	}

	@Test
	void whenARuleRewritesToACleanUrlThenTheHandlerOfTheNewUrlAnswers() {
		HttpResponse<String> response = client().get("/file?name=report.txt");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("new /report.txt");
	}

	/**
	 * A module that rewrites {@code /late} to a hidden segment in
	 * {@code POST_BEGIN_REQUEST}, after request filtering's own check there.
	 */
	@Configuration(proxyBeanMethods = false)
	static class LateRewrite {

		@Bean
		PipelineModule lateRewriteModule() {
			return new PipelineModule() {

				@Override
				public NotificationStatus onPostBeginRequest(PipelineContext context) {
					if (context.request().getRequestURI().equals("/late")) {
						context.setUrl("/new/.git/config");
					}
					return NotificationStatus.CONTINUE;
				}

			};
		}

	}

}
