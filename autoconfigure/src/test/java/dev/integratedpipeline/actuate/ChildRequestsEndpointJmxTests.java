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

package dev.integratedpipeline.actuate;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.integratedpipeline.autoconfigure.ChildRequestTracingAutoConfiguration;
import dev.integratedpipeline.autoconfigure.IntegratedPipelineAutoConfiguration;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code childrequests} endpoint over JMX, through the platform MBean server.
 */
class ChildRequestsEndpointJmxTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class,
				ChildRequestTracingAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				EndpointAutoConfiguration.class, JmxAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
		.withPropertyValues("spring.jmx.enabled=true", "spring.jmx.unique-names=true",
				"management.endpoints.jmx.exposure.include=childrequests");

	private static ChildRequestTrace trace(String id) {
		return new ChildRequestTrace(id, null, 0,
				new ChildRequestTrace.Request("GET", "/jmx", Set.of(), false, null, null, null),
				new ChildRequestTrace.Response(200, null, -1, null, null),
				new ChildRequestTrace.Timeline(Instant.now(), Duration.ZERO, List.of(), 0), false, List.of(), 0);
	}

	/**
	 * A trace with every field set.
	 */
	private static ChildRequestTrace fullTrace() {
		ChildRequestTrace child = new ChildRequestTrace("child", "full", 1,
				new ChildRequestTrace.Request("GET", "/jmx/child", Set.of(), true, null, "parent", null),
				new ChildRequestTrace.Response(200, null, -1, null, null),
				new ChildRequestTrace.Timeline(Instant.now(), Duration.ZERO, List.of(), 0), false, List.of(), 0);
		return new ChildRequestTrace("full", "parent-of-full", 1,
				new ChildRequestTrace.Request("POST", "/jmx?full", Set.of(ExecuteFlag.BUFFER_RESPONSE), true, "user",
						"given", Map.of("Accept", List.of("text/plain"))),
				new ChildRequestTrace.Response(201, "text/plain", 2, "java.lang.IllegalStateException: boom",
						Map.of("X-Out", List.of("1"))),
				new ChildRequestTrace.Timeline(Instant.now(), Duration.ofMillis(5),
						List.of(new ChildRequestTrace.Notification("BEGIN_REQUEST", false, "module",
								NotificationStatus.CONTINUE, Duration.ZERO, Duration.ofNanos(10), "a note")),
						1),
				true, List.of(child), 1);
	}

	private static MBeanServer server() {
		return ManagementFactory.getPlatformMBeanServer();
	}

	private static ObjectName endpointName() throws Exception {
		Set<ObjectName> names = server()
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Childrequests,*"), null);
		assertThat(names).hasSize(1);
		return names.iterator().next();
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenExposedOverJmxThenTheMBeanListsTraces() {
		this.contextRunner.run((context) -> {
			context.getBean(ChildRequestTraceRepository.class).add(trace("over-jmx"));
			Object traces = server().invoke(endpointName(), "traces", new Object[0], new String[0]);
			assertThat((List<Map<String, Object>>) ((Map<String, Object>) traces).get("traces"))
				.extracting((trace) -> trace.get("id"))
				.containsExactly("over-jmx");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenExposedOverJmxThenEachTraceHasTheFieldsOfTheWebEndpoint() {
		this.contextRunner.run((context) -> {
			context.getBean(ChildRequestTraceRepository.class).add(fullTrace());
			Object traces = server().invoke(endpointName(), "traces", new Object[0], new String[0]);
			assertThat((Map<String, Object>) traces).containsOnlyKeys("traces", "nodes");
			assertThat((List<Map<String, Object>>) ((Map<String, Object>) traces).get("traces")).singleElement()
				.satisfies((trace) -> {
					assertThat(trace).containsOnlyKeys(ChildRequestsEndpointHttpTests.NODE_FIELDS)
						.containsEntry("id", "full")
						.containsEntry("path", "/jmx?full")
						.containsEntry("status", 201)
						.containsEntry("releasedAutomatically", true)
						.containsEntry("requestHeaders", Map.of("Accept", List.of("text/plain")))
						.containsEntry("responseHeaders", Map.of("X-Out", List.of("1")));
					assertThat((List<Map<String, Object>>) trace.get("timeline")).singleElement()
						.satisfies((notification) -> assertThat(notification)
							.containsOnlyKeys(ChildRequestsEndpointHttpTests.NOTIFICATION_FIELDS));
					assertThat((List<Map<String, Object>>) trace.get("children")).singleElement()
						.satisfies((child) -> assertThat(child).containsEntry("id", "child"));
				});
		});
	}

	@Test
	void whenAccessIsReadOnlyThenTheMBeanRefusesToClear() {
		this.contextRunner.withPropertyValues("management.endpoint.childrequests.access=READ_ONLY").run((context) -> {
			ChildRequestTraceRepository repository = context.getBean(ChildRequestTraceRepository.class);
			repository.add(trace("kept"));
			ObjectName name = endpointName();
			assertThatExceptionOfType(ReflectionException.class)
				.isThrownBy(() -> server().invoke(name, "clear", new Object[0], new String[0]));
			assertThat(repository.findAll()).extracting(ChildRequestTrace::id).containsExactly("kept");
		});
	}

}
