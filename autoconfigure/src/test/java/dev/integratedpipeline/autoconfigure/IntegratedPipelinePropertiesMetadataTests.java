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

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import dev.integratedpipeline.modules.accesslog.AccessLogModule;
import dev.integratedpipeline.servlet.PipelineAuthenticationFilter;
import dev.integratedpipeline.servlet.PipelineFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates, which IDEs complete the properties
 * from: on every JDK the build runs on (javac 23 and later run only the processors they
 * are given).
 */
class IntegratedPipelinePropertiesMetadataTests {

	private static final Map<String, JsonNode> properties = new HashMap<>();

	@BeforeAll
	static void readMetadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			JsonNode metadata = JsonMapper.builder().build().readTree(in);
			for (JsonNode property : metadata.get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
	}

	@Test
	void whenMetadataIsReadThenEveryPropertyHasADescription() {
		assertThat(properties).isNotEmpty();
		assertThat(properties.values()).allSatisfy(
				(property) -> assertThat(property.path("description").asString()).as(property.get("name").asString())
					.isNotBlank());
	}

	@Test
	void whenMetadataIsReadThenThePipelinePropertiesAreDescribed() {
		assertThat(properties).containsKeys("integrated-pipeline.enabled", "integrated-pipeline.child.max-depth",
				"integrated-pipeline.child.max-buffered-bytes", "integrated-pipeline.child.timeout",
				"integrated-pipeline.trace.record-all", "integrated-pipeline.trace.capacity",
				"integrated-pipeline.trace.include", "integrated-pipeline.trace.sensitive-headers");
	}

	@Test
	void whenMetadataIsReadThenTheBuiltInModulesPropertiesAreDescribed() {
		assertThat(properties).containsKeys("integrated-pipeline.custom-errors.enabled",
				"integrated-pipeline.custom-errors.pages", "integrated-pipeline.custom-errors.default-page",
				"integrated-pipeline.custom-errors.existing-response", "integrated-pipeline.access-log.enabled",
				"integrated-pipeline.access-log.fields", "integrated-pipeline.access-log.include-children",
				"integrated-pipeline.rewrite.enabled", "integrated-pipeline.rewrite.rules",
				"integrated-pipeline.default-document.enabled", "integrated-pipeline.default-document.files");
		assertThat(properties.get("integrated-pipeline.custom-errors.enabled").get("defaultValue").asBoolean())
			.isFalse();
		assertThat(properties.get("integrated-pipeline.access-log.fields").get("defaultValue").asString())
			.isEqualTo(AccessLogModule.DEFAULT_FIELDS);
	}

	@Test
	void whenMetadataIsReadThenTheServerLimitsAreDescribedWithTheirDefaults() {
		assertThat(properties.get("integrated-pipeline.child.max-concurrent").get("defaultValue").asInt())
			.isEqualTo(256);
		assertThat(properties.get("integrated-pipeline.trace.max-nodes").get("defaultValue").asInt()).isEqualTo(10000);
		assertThat(properties.get("integrated-pipeline.child.max-total-buffered-bytes").get("description").asString())
			.contains("quarter of the maximum heap");
	}

	@Test
	void whenMetadataIsReadThenTheBatchPropertiesHaveTheirDefaults() {
		assertThat(properties.get("integrated-pipeline.batch.enabled").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("integrated-pipeline.batch.path").get("defaultValue").asString())
			.isEqualTo("/$batch");
		assertThat(properties.get("integrated-pipeline.batch.parallelism").get("defaultValue").asInt()).isEqualTo(4);
		assertThat(properties.get("integrated-pipeline.batch.timeout").get("defaultValue").asString()).isEqualTo("30s");
		assertThat(properties.get("integrated-pipeline.batch.max-requests").get("defaultValue").asInt()).isEqualTo(20);
		assertThat(properties.get("integrated-pipeline.batch.max-request-bytes").get("defaultValue").asString())
			.isEqualTo("1MB");
		assertThat(properties.get("integrated-pipeline.batch.allow-item-credentials").get("defaultValue").asBoolean())
			.isFalse();
		assertThat(properties.get("integrated-pipeline.batch.refused-item-headers").get("description").asString())
			.contains("X-Forwarded-*");
		assertThat(properties.get("integrated-pipeline.batch.max-item-url-length").get("defaultValue").asInt())
			.isEqualTo(8192);
		assertThat(properties.get("integrated-pipeline.batch.max-helpers").get("description").asString())
			.contains("Defaults to 'parallelism'");
	}

	@Test
	void whenMetadataIsReadThenTheFilterOrdersHaveTheirDefaults() {
		assertThat(properties.get("integrated-pipeline.filter.order").get("defaultValue").asInt())
			.isEqualTo(PipelineFilter.DEFAULT_ORDER);
		assertThat(properties.get("integrated-pipeline.filter.authenticate-order").get("defaultValue").asInt())
			.isEqualTo(PipelineAuthenticationFilter.DEFAULT_ORDER);
	}

	@Test
	void whenMetadataIsReadThenTheChildDefaultsAreThoseOfTheProperties() {
		IntegratedPipelineProperties.Child child = new IntegratedPipelineProperties().getChild();
		assertThat(properties.get("integrated-pipeline.child.max-depth").get("defaultValue").asInt())
			.isEqualTo(child.getMaxDepth());
		assertThat(properties.get("integrated-pipeline.child.timeout").get("defaultValue").asString()).isEqualTo("30s");
	}

	@Test
	void whenMetadataIsReadThenTheSensitiveQueryParametersHaveTheirDefault() {
		JsonNode property = properties.get("integrated-pipeline.trace.sensitive-query-parameters");
		assertThat(property).isNotNull();
		List<String> defaults = new ArrayList<>();
		property.get("defaultValue").forEach((value) -> defaults.add(value.asString()));
		assertThat(defaults)
			.containsExactlyElementsOf(new IntegratedPipelineProperties().getTrace().getSensitiveQueryParameters());
	}

	@Test
	void whenMetadataIsReadThenTheBuiltInModulesAreDescribedWithTheirDefaults() {
		assertThat(properties).containsKeys("integrated-pipeline.output-cache.enabled",
				"integrated-pipeline.output-cache.cache-name", "integrated-pipeline.output-cache.policies",
				"integrated-pipeline.request-filtering.enabled", "integrated-pipeline.request-filtering.header-limits",
				"integrated-pipeline.request-filtering.hidden-segments");
		assertThat(properties.get("integrated-pipeline.output-cache.enabled").get("defaultValue").asBoolean())
			.isFalse();
		assertThat(properties.get("integrated-pipeline.output-cache.max-entries").get("defaultValue").asInt())
			.isEqualTo(1000);
		assertThat(properties.get("integrated-pipeline.output-cache.lock-timeout").get("defaultValue").asString())
			.isEqualTo("10s");
		assertThat(
				properties.get("integrated-pipeline.request-filtering.max-content-length").get("defaultValue").asLong())
			.isEqualTo(30_000_000L);
		assertThat(properties.get("integrated-pipeline.request-filtering.max-url-length").get("defaultValue").asInt())
			.isEqualTo(4096);
	}

}
