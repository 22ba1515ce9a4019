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

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.integratedpipeline.modules.accesslog.AccessLogModule;
import dev.integratedpipeline.modules.customerrors.CustomErrorModule;
import dev.integratedpipeline.modules.customerrors.ExistingResponse;
import dev.integratedpipeline.modules.defaultdocument.DefaultDocumentModule;
import dev.integratedpipeline.modules.rewrite.RewriteModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in modules of issue 14 are off by default, on by their {@code enabled}
 * property, replaceable as beans, and absent with the pipeline disabled.
 */
class ErrorLogRewriteDocumentModulesAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class,
				CustomErrorsAutoConfiguration.class, AccessLogAutoConfiguration.class, RewriteAutoConfiguration.class,
				DefaultDocumentAutoConfiguration.class));

	@Test
	void whenNothingIsConfiguredThenNoBuiltInModuleIsCreated() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CustomErrorModule.class)
			.doesNotHaveBean(AccessLogModule.class)
			.doesNotHaveBean(RewriteModule.class)
			.doesNotHaveBean(DefaultDocumentModule.class));
	}

	@Test
	void whenEachIsEnabledThenEachIsCreated() {
		this.runner
			.withPropertyValues("integrated-pipeline.custom-errors.enabled=true",
					"integrated-pipeline.access-log.enabled=true", "integrated-pipeline.rewrite.enabled=true",
					"integrated-pipeline.default-document.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(CustomErrorModule.class)
				.hasSingleBean(AccessLogModule.class)
				.hasSingleBean(RewriteModule.class)
				.hasSingleBean(DefaultDocumentModule.class));
	}

	@Test
	void whenThePipelineIsDisabledThenNoBuiltInModuleIsCreated() {
		this.runner
			.withPropertyValues("integrated-pipeline.enabled=false", "integrated-pipeline.custom-errors.enabled=true",
					"integrated-pipeline.access-log.enabled=true", "integrated-pipeline.rewrite.enabled=true",
					"integrated-pipeline.default-document.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(CustomErrorModule.class)
				.doesNotHaveBean(AccessLogModule.class)
				.doesNotHaveBean(RewriteModule.class)
				.doesNotHaveBean(DefaultDocumentModule.class));
	}

	@Test
	void whenTheDefaultDocumentsAreNotConfiguredThenTheyAreIndexAndDefault() {
		this.runner.withPropertyValues("integrated-pipeline.default-document.enabled=true")
			.run((context) -> assertThat(context.getBean(DefaultDocumentModule.class).files())
				.containsExactly("index.html", "default.html"));
	}

	@Test
	void whenTheAccessLogFieldsAreNotConfiguredThenTheyAreIisDefaults() {
		this.runner.withPropertyValues("integrated-pipeline.access-log.enabled=true")
			.run((context) -> assertThat(context.getBean(AccessLogModule.class).fields()).containsExactly("date",
					"time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip",
					"cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken"));
	}

	@Test
	void whenAnAccessLogFieldIsUnknownThenStartupFailsNamingIt() {
		this.runner
			.withPropertyValues("integrated-pipeline.access-log.enabled=true",
					"integrated-pipeline.access-log.fields=date cs-nonsense")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("'cs-nonsense'"));
	}

	@Test
	void whenACustomErrorPageIsNotACleanPathThenStartupFailsNamingIt() {
		this.runner
			.withPropertyValues("integrated-pipeline.custom-errors.enabled=true",
					"integrated-pipeline.custom-errors.pages.404=/errors/../admin")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Custom error page '/errors/../admin' (for status 404)"));
	}

	@Test
	void whenAUserDeclaresAModuleThenItReplacesTheBuiltInOne() {
		this.runner.withUserConfiguration(UserModules.class)
			.withPropertyValues("integrated-pipeline.custom-errors.enabled=true",
					"integrated-pipeline.access-log.enabled=true", "integrated-pipeline.rewrite.enabled=true",
					"integrated-pipeline.default-document.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(CustomErrorModule.class)
					.hasSingleBean(AccessLogModule.class)
					.hasSingleBean(RewriteModule.class)
					.hasSingleBean(DefaultDocumentModule.class);
				assertThat(context.getBean(DefaultDocumentModule.class).files()).containsExactly("home.html");
				assertThat(context.getBean(AccessLogModule.class).fields()).containsExactly("date", "sc-status");
				assertThat(context).getBean("userRewrite").isSameAs(context.getBean(RewriteModule.class));
				assertThat(context).getBean("userErrors").isSameAs(context.getBean(CustomErrorModule.class));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserModules {

		@Bean
		CustomErrorModule userErrors() {
			return new CustomErrorModule(java.util.Map.of(), null, ExistingResponse.AUTO);
		}

		@Bean
		AccessLogModule userLog() {
			return new AccessLogModule("date sc-status", false);
		}

		@Bean
		RewriteModule userRewrite() {
			return new RewriteModule(List.of());
		}

		@Bean
		DefaultDocumentModule userDocuments() {
			return new DefaultDocumentModule(List.of("home.html"));
		}

	}

}
