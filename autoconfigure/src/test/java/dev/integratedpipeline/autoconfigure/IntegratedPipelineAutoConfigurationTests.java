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

import java.util.Arrays;

import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.handler.MappedInterceptor;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.servlet.IntegratedPipeline;
import dev.integratedpipeline.servlet.PipelineAuthenticationFilter;
import dev.integratedpipeline.servlet.PipelineFilter;
import dev.integratedpipeline.servlet.PipelineHandlerInterceptor;
import dev.integratedpipeline.servlet.PipelineModules;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.servlet.container.tomcat.TomcatChildRequestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IntegratedPipelineAutoConfiguration}.
 */
class IntegratedPipelineAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void whenServletApplicationThenThePipelineIsConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(IntegratedPipeline.class)
			.hasSingleBean(PipelineModules.class)
			.hasSingleBean(PipelineHandlerInterceptor.class)
			.hasSingleBean(ServletChildRequestExecutor.class)
			.hasSingleBean(TomcatChildRequestSupport.class)
			.hasBean("integratedPipelineFilter")
			.hasBean("integratedPipelineAuthenticationFilter")
			.hasBean("integratedPipelineMappedInterceptor"));
	}

	@Test
	void whenSpringMvcIsConfiguredThenEveryHandlerMappingGetsTheInterceptorOnce() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.run((context) -> {
				PipelineHandlerInterceptor interceptor = context.getBean(PipelineHandlerInterceptor.class);
				assertThat(context.getBeansOfType(AbstractHandlerMapping.class).values()).isNotEmpty()
					.allSatisfy((mapping) -> assertThat(Arrays.stream(mapping.getAdaptedInterceptors())
						.map((adapted) -> (adapted instanceof MappedInterceptor mapped) ? mapped.getInterceptor()
								: adapted)
						.filter((adapted) -> adapted == interceptor)).hasSize(1));
			});
	}

	@Test
	void whenApplicationDeclaresNoTaskDecoratorThenBootsTaskExecutorPropagatesTheContext() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class)
			.getBean("applicationTaskExecutor")
			.hasFieldOrPropertyWithValue("taskDecorator", context.getBean(ContextPropagatingTaskDecorator.class)));
	}

	@Test
	void whenApplicationDeclaresATaskDecoratorThenItIsKept() {
		this.contextRunner.withBean("ownTaskDecorator", TaskDecorator.class, () -> (runnable) -> runnable)
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class)
				.hasSingleBean(TaskDecorator.class));
	}

	@Test
	void whenContextPropagationIsAbsentThenNoTaskDecoratorIsContributed() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(ServletChildRequestExecutor.class)
				.doesNotHaveBean(TaskDecorator.class));
	}

	@Test
	void whenMaxConcurrentIsNotPositiveThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("integrated-pipeline.child.max-concurrent=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidPipelinePropertiesException.class)
				.hasMessageContaining("integrated-pipeline.child.max-concurrent"));
	}

	@Test
	void whenMaxTotalBufferedBytesIsNotPositiveThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("integrated-pipeline.child.max-total-buffered-bytes=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidPipelinePropertiesException.class)
				.hasMessageContaining("integrated-pipeline.child.max-total-buffered-bytes"));
	}

	@Test
	void whenDisabledThenNothingIsConfigured() {
		this.contextRunner.withPropertyValues("integrated-pipeline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IntegratedPipeline.class)
				.doesNotHaveBean(ChildRequestExecutor.class)
				.doesNotHaveBean("integratedPipelineFilter"));
	}

	@Test
	void whenNotAWebApplicationThenNothingIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(IntegratedPipeline.class));
	}

	@Test
	void whenSpringMvcIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(IntegratedPipeline.class));
	}

	@Test
	void whenJettyIsAbsentThenChildRequestsAreStillConfiguredWithoutJettySupport() {
		// By name: on Tomcat, Jetty's support cannot even be loaded
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.eclipse.jetty", "org.springframework.boot.jetty"))
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestExecutor.class)
				.doesNotHaveBean("jettyChildRequestSupport"));
	}

	@Test
	void whenTomcatIsAbsentThenChildRequestsAreStillConfiguredWithoutTomcatSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(org.apache.catalina.startup.Tomcat.class))
			.run((context) -> assertThat(context).hasSingleBean(ServletChildRequestExecutor.class)
				.doesNotHaveBean(TomcatChildRequestSupport.class));
	}

	@Test
	void whenUserDefinesAChildRequestExecutorThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(CustomExecutorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ChildRequestExecutor.class)
				.doesNotHaveBean(ServletChildRequestExecutor.class)
				.getBean(ChildRequestExecutor.class)
				.isSameAs(context.getBean(CustomExecutorConfiguration.class).executor));
	}

	@Test
	void whenUserDefinesThePipelineFilterThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(CustomFilterConfiguration.class)
			.run((context) -> assertThat(context.getBean("integratedPipelineFilter"))
				.isSameAs(context.getBean(CustomFilterConfiguration.class).registration));
	}

	@Test
	void whenUserDefinesThePipelineFilterAsAPlainFilterBeanThenTheAutoConfiguredRegistrationBacksOff() {
		this.contextRunner.withUserConfiguration(PlainFilterConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean("integratedPipelineFilter")
				.getBean(PipelineFilter.class)
				.isSameAs(context.getBean("plainPipelineFilter")));
	}

	@Test
	void whenUserDefinesTheTomcatChildRequestSupportThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(CustomTomcatSupportConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(TomcatChildRequestSupport.class)
				.getBean(TomcatChildRequestSupport.class)
				.isSameAs(context.getBean(CustomTomcatSupportConfiguration.class).support));
	}

	@Test
	void whenUserDefinesTheMappedInterceptorThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(CustomMappedInterceptorConfiguration.class)
			.run((context) -> assertThat(context.getBean("integratedPipelineMappedInterceptor"))
				.isSameAs(context.getBean(CustomMappedInterceptorConfiguration.class).interceptor));
	}

	@Test
	void whenUserDefinesTheAuthenticationFilterThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(CustomAuthenticationFilterConfiguration.class)
			.run((context) -> assertThat(context.getBean("integratedPipelineAuthenticationFilter"))
				.isSameAs(context.getBean(CustomAuthenticationFilterConfiguration.class).registration));
	}

	@Test
	void whenAPrototypeModuleCannotBeCreatedThenTheStartupFails() {
		this.contextRunner.withUserConfiguration(BrokenModuleConfiguration.class)
			.run((context) -> assertThat(context).as(String.valueOf(context.getStartupFailure()))
				.hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("broken module"));
	}

	@Test
	void whenFilterOrdersAreConfiguredThenTheRegistrationsUseThem() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.filter.order=-500",
					"integrated-pipeline.filter.authenticate-order=7")
			.run((context) -> {
				assertThat(context.getBean("integratedPipelineFilter", FilterRegistrationBean.class).getOrder())
					.isEqualTo(-500);
				assertThat(context.getBean("integratedPipelineAuthenticationFilter", FilterRegistrationBean.class)
					.getOrder()).isEqualTo(7);
			});
	}

	@Test
	void whenApplicationTaskExecutorIsAbsentThenTheExecutorStillRunsAsynchronousChildren() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ServletChildRequestExecutor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomExecutorConfiguration {

		final ChildRequestExecutor executor = new ChildRequestExecutor() {

			@Override
			public ChildResponse execute(ChildRequest request) {
				throw new UnsupportedOperationException();
			}

			@Override
			public java.util.concurrent.CompletableFuture<ChildResponse> executeAsync(ChildRequest request) {
				throw new UnsupportedOperationException();
			}

			@Override
			public java.util.List<ChildResponse> executeAll(java.util.List<ChildRequest> requests) {
				throw new UnsupportedOperationException();
			}

		};

		@Bean
		ChildRequestExecutor customExecutor() {
			return this.executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenModuleConfiguration {

		@Bean
		@Scope("prototype")
		PipelineModule brokenModule() {
			throw new IllegalStateException("broken module");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomFilterConfiguration {

		final FilterRegistrationBean<PipelineFilter> registration = new FilterRegistrationBean<>();

		@Bean
		FilterRegistrationBean<PipelineFilter> integratedPipelineFilter() {
			return this.registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainFilterConfiguration {

		@Bean
		PipelineFilter plainPipelineFilter(IntegratedPipeline pipeline) {
			return new PipelineFilter(pipeline);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMappedInterceptorConfiguration {

		final MappedInterceptor interceptor = new MappedInterceptor(new String[] { "/api/**" },
				new PipelineHandlerInterceptor());

		@Bean
		MappedInterceptor integratedPipelineMappedInterceptor() {
			return this.interceptor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTomcatSupportConfiguration {

		final TomcatChildRequestSupport support = new TomcatChildRequestSupport(new ObjectProvider<>() {
		});

		@Bean
		TomcatChildRequestSupport customTomcatSupport() {
			return this.support;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomAuthenticationFilterConfiguration {

		final FilterRegistrationBean<PipelineAuthenticationFilter> registration = new FilterRegistrationBean<>();

		@Bean
		FilterRegistrationBean<PipelineAuthenticationFilter> integratedPipelineAuthenticationFilter() {
			return this.registration;
		}

	}

}
