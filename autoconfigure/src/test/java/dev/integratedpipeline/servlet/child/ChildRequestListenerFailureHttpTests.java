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

package dev.integratedpipeline.servlet.child;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.observation.ChildRequestObservationContext;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a listener or an observation handler throws once a child ended is logged, and the
 * child completes all the same: its caller is never left waiting for a result that
 * nothing would complete.
 */
@SpringBootTest(classes = ChildRequestListenerFailureHttpTests.FailingListenersApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestListenerFailureHttpTests {

	static final AtomicInteger listenerFailures = new AtomicInteger();

	static final AtomicInteger handlerFailures = new AtomicInteger();

	@LocalServerPort
	private int port;

	@Test
	void whenListenersThrowAfterASynchronousChildThenTheChildStillAnswers() {
		int before = listenerFailures.get();
		assertThat(new HttpTestClient(this.port).get("/issue").body()).isEqualTo("200 child");
		assertThat(listenerFailures.get()).isGreaterThan(before);
	}

	@Test
	void whenListenersThrowAfterAnAsynchronousChildThenItsFutureStillCompletes() {
		int before = handlerFailures.get();
		assertThat(new HttpTestClient(this.port).get("/issue-async").body()).isEqualTo("200 child");
		assertThat(handlerFailures.get()).isGreaterThan(before);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(IssuingController.class)
	static class FailingListenersApplication {

		@Bean
		SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

		@Bean
		ChildRequestListener failingListener() {
			return new ChildRequestListener() {

				@Override
				public void finished(ChildState child, Instant startTime, Duration elapsed,
						@Nullable ChildResponse response, long contentLength, @Nullable Throwable failure) {
					listenerFailures.incrementAndGet();
					throw new IllegalStateException("A listener that fails");
				}

			};
		}

		@Bean
		ObservationHandler<ChildRequestObservationContext> failingHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStop(ChildRequestObservationContext context) {
					handlerFailures.incrementAndGet();
					throw new IllegalStateException("An observation handler that fails");
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ChildRequestObservationContext;
				}

			};
		}

	}

	@RestController
	static class IssuingController {

		private final ChildRequestExecutor executor;

		IssuingController(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/child")
		String child() {
			return "child";
		}

		@GetMapping("/issue")
		String issue() {
			ChildResponse response = this.executor.execute(ChildRequest.get("/child").build());
			return response.status() + " " + response.contentAsString();
		}

		@GetMapping("/issue-async")
		String issueAsync() throws Exception {
			ChildResponse response = this.executor.executeAsync(ChildRequest.get("/child").build())
				.get(10, TimeUnit.SECONDS);
			return response.status() + " " + response.contentAsString();
		}

	}

}
