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

package dev.integratedpipeline.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child-request observations over HTTP: nested under the caller's observation, also
 * across threads and at any depth, tagged, kept out of {@code http.server.requests}, and
 * turned into spans under the parent request's span by a tracer.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestObservationHttpTests {

	private static final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	private static final SimpleTracer tracer = new SimpleTracer();

	private static volatile boolean registered;

	@LocalServerPort
	private int port;

	@Autowired
	private ObservationRegistry registry;

	@Autowired
	private MeterRegistry meterRegistry;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
		if (!registered) {
			registered = true;
			this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					started.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			// Only observations created from now on are handed to it, so it is safe to
			// add to a running application
			this.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		}
	}

	private ChildRequestObservationContext childObservationOf(String path) {
		return started.stream()
			.filter(ChildRequestObservationContext.class::isInstance)
			.map(ChildRequestObservationContext.class::cast)
			.filter((context) -> context.getRequest().path().equals(path))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	private static <T> T above(Observation.ContextView context, Class<T> type) {
		for (ObservationView parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			if (type.isInstance(parent.getContextView())) {
				return type.cast(parent.getContextView());
			}
		}
		return null;
	}

	private static void assertUri(ServerRequestObservationContext server, String uri) {
		// The server observation gets its key values when it stops, which may be after
		// the client got its response
		Awaitility.await()
			.untilAsserted(() -> assertThat(server.getLowCardinalityKeyValue("uri")).isNotNull()
				.satisfies((keyValue) -> assertThat(keyValue.getValue()).isEqualTo(uri)));
	}

	private static SimpleSpan childSpanOf(String path) {
		return Awaitility.await()
			.until(() -> tracer.getSpans()
				.stream()
				.filter((span) -> path.equals(span.getTags().get("path")))
				.reduce((first, second) -> second)
				.orElse(null), (span) -> span != null);
	}

	private static List<SimpleSpan> ancestorsOf(SimpleSpan span) {
		Map<String, SimpleSpan> spans = tracer.getSpans()
			.stream()
			.collect(Collectors.toMap(SimpleSpan::getSpanId, Function.identity(), (first, second) -> first));
		List<SimpleSpan> ancestors = new ArrayList<>();
		for (SimpleSpan parent = spans.get(span.getParentId()); parent != null; parent = spans
			.get(parent.getParentId())) {
			ancestors.add(parent);
		}
		return ancestors;
	}

	private static void assertUnderServerSpan(SimpleSpan child, String uri) {
		// The server span gets its tags when it ends, which may be after the client got
		// its response
		Awaitility.await()
			.untilAsserted(() -> assertThat(ancestorsOf(child))
				.anySatisfy((span) -> assertThat(span.getTags()).containsEntry("uri", uri)));
	}

	@Test
	void whenChildIsExecutedThenItsObservationNestsUnderTheParentRequest() {
		this.http.get("/child?path=/hello/observed");
		ChildRequestObservationContext child = childObservationOf("/hello/observed");
		assertUri(above(child, ServerRequestObservationContext.class), "/child");
	}

	@Test
	void whenChildIsExecutedAsynchronouslyThenItsObservationStillNestsUnderTheCaller() {
		this.http.get("/child/async");
		ChildRequestObservationContext child = childObservationOf("/deferred");
		assertThat(child.isAsync()).isTrue();
		assertUri(above(child, ServerRequestObservationContext.class), "/child/async");
	}

	@Test
	void whenChildCompletesThenItsTimerIsTaggedLowCardinality() {
		this.http.get("/child?path=/hello/timed");
		assertThat(this.meterRegistry.find(DefaultChildRequestObservationConvention.NAME)
			.tags("method", "GET", "status", "200", "outcome", "SUCCESS", "depth", "1", "async", "false")
			.timer()).isNotNull();
	}

	@Test
	void whenChildIsExecutedThenItDoesNotCountAsAServerRequest() {
		this.http.get("/child?path=/headers");
		// The parent's server observation stops, after its child's would have, once the
		// response was sent
		Awaitility.await()
			.untilAsserted(
					() -> assertThat(this.meterRegistry.find("http.server.requests").tag("uri", "/child").timer())
						.isNotNull());
		assertThat(this.meterRegistry.find("http.server.requests").tag("uri", "/headers").timer()).isNull();
	}

	@Test
	void whenGrandchildIsExecutedThenItsObservationNestsUnderTheChildObservation() {
		this.http.get("/recurse/0");
		ChildRequestObservationContext grandchild = childObservationOf("/recurse/2");
		assertThat(above(grandchild, ChildRequestObservationContext.class)).isNotNull()
			.satisfies((child) -> assertThat(child.getRequest().path()).isEqualTo("/recurse/1"));
	}

	@Test
	void whenChildFailsThenItsTimerIsTaggedServerError() {
		this.http.get("/child?path=/boom");
		assertThat(this.meterRegistry.find(DefaultChildRequestObservationConvention.NAME)
			.tags("status", "500", "outcome", "SERVER_ERROR", "exception", "IllegalStateException")
			.timer()).isNotNull();
	}

	@Test
	void whenChildFailsToCompleteThenItsTimerIsTaggedUnknown() {
		this.http.get("/child/failure?path=/big%3Fsize%3D100000");
		assertThat(this.meterRegistry.find(DefaultChildRequestObservationConvention.NAME)
			.tags("status", "UNKNOWN", "outcome", "UNKNOWN", "exception", "ChildRequestException")
			.timer()).isNotNull();
	}

	@Test
	void whenChildRunsAsynchronouslyThenItsTimerIsTaggedAsync() {
		this.http.get("/child/async");
		assertThat(this.meterRegistry.find(DefaultChildRequestObservationConvention.NAME)
			.tags("method", "GET", "status", "200", "outcome", "SUCCESS", "depth", "1", "async", "true")
			.timer()).isNotNull();
	}

	@Test
	void whenTracerIsPresentThenChildSpanIsUnderParentSpan() {
		this.http.get("/child?path=/hello/spanned");
		assertUnderServerSpan(childSpanOf("/hello/spanned"), "/child");
	}

	@Test
	void whenTracerIsPresentThenAsynchronousChildSpanIsUnderParentSpan() {
		this.http.get("/child/async");
		SimpleSpan child = childSpanOf("/deferred");
		assertThat(child.getTags()).containsEntry("async", "true");
		assertUnderServerSpan(child, "/child/async");
	}

}
