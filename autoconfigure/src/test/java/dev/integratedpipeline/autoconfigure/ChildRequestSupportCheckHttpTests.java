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

package dev.integratedpipeline.autoconfigure;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.servlet.container.tomcat.TomcatChildRequestSupport;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildRequestSupportCheck}, over HTTP on an embedded server that, as
 * any server other than embedded Tomcat, never hands itself to the child-request
 * executor.
 *
 * @author Integrated Pipeline team
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ChildRequestSupportCheckHttpTests.NoChildRequestSupportApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestSupportCheckHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenTheServerCannotRunChildRequestsThenOneWarningSaysWhatWorksAndWhatDoesNot(CapturedOutput output) {
		assertThat(output).containsOnlyOnce("Child requests are not supported on this web server (TomcatWebServer)")
			.contains("What works: every request passes the integrated pipeline")
			.contains("What does not: ChildRequestExecutor and PipelineContext.executeRequest fail with NOT_SUPPORTED");
	}

	@Test
	void whenTheServerCannotRunChildRequestsThenModulesStillRun() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Begin-Request")).hasValue("seen");
	}

	@Test
	void whenTheServerCannotRunChildRequestsThenAChildRequestFailsWithNotSupported() {
		assertThat(new HttpTestClient(this.port).get("/child").body()).isEqualTo("NOT_SUPPORTED");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NoChildRequestSupportApplication {

		// Replaces the auto-configured support with one that hands no container over,
		// as on a server without child-request support
		@Bean
		TomcatChildRequestSupport tomcatChildRequestSupport() {
			return new TomcatChildRequestSupport(
					new StaticListableBeanFactory().getBeanProvider(ServletChildRequestExecutor.class));
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

		@Bean
		PipelineModule beginRequestModule() {
			return new PipelineModule() {

				@Override
				public NotificationStatus onBeginRequest(PipelineContext context) {
					context.response().setHeader("X-Begin-Request", "seen");
					return NotificationStatus.CONTINUE;
				}

			};
		}

		@Bean
		Endpoints endpoints(ChildRequestExecutor executor) {
			return new Endpoints(executor);
		}

	}

	@RestController
	static class Endpoints {

		private final ChildRequestExecutor executor;

		Endpoints(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/child")
		String child() {
			try {
				return this.executor.execute(ChildRequest.get("/hello").build()).contentAsString();
			}
			catch (ChildRequestException ex) {
				return ex.reason().name();
			}
		}

	}

}
