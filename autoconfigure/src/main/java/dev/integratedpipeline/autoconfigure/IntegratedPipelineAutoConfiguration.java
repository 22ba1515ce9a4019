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

import java.util.concurrent.Executor;

import io.micrometer.context.ContextSnapshotFactory;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.servlet.IntegratedPipeline;
import dev.integratedpipeline.servlet.PipelineAuthenticationFilter;
import dev.integratedpipeline.servlet.PipelineFilter;
import dev.integratedpipeline.servlet.PipelineHandlerInterceptor;
import dev.integratedpipeline.servlet.PipelineModules;
import dev.integratedpipeline.servlet.PipelineTrace;
import dev.integratedpipeline.servlet.child.ChildRequestListener;
import dev.integratedpipeline.servlet.child.PipelineCallableInterceptor;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.servlet.container.jetty.JettyChildRequestSupport;
import dev.integratedpipeline.servlet.container.tomcat.TomcatChildRequestSupport;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the integrated pipeline: its filters and handler interceptor,
 * the registry of {@link dev.integratedpipeline.pipeline.PipelineModule} beans, and the
 * {@link ChildRequestExecutor}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = TaskExecutionAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IntegratedPipelineProperties.class)
public final class IntegratedPipelineAutoConfiguration {

	// Boot's registration of Spring Security's filter chain
	// (SecurityFilterAutoConfiguration, in a module this one does not depend on)
	private static final String SECURITY_FILTER_REGISTRATION = "securityFilterChainRegistration";

	// The engine's own final types are not offered for replacement: the executor, the
	// filters' registrations, the mapped interceptor and the Tomcat support are what an
	// application may replace

	@Bean
	PipelineModules pipelineModules(ConfigurableListableBeanFactory beanFactory) {
		return new PipelineModules(beanFactory);
	}

	@Bean
	IntegratedPipeline integratedPipeline(PipelineModules modules,
			ObjectProvider<ServletChildRequestExecutor> childRequestExecutor,
			ObjectProvider<PipelineTrace.Factory> traces) {
		return new IntegratedPipeline(modules, childRequestExecutor, traces);
	}

	@Bean
	@ConditionalOnMissingFilterBean(PipelineFilter.class)
	FilterRegistrationBean<PipelineFilter> integratedPipelineFilter(IntegratedPipeline pipeline,
			IntegratedPipelineProperties properties, BeanFactory beanFactory) {
		checkOrderAroundSpringSecurity(properties.getFilter(), beanFactory);
		PipelineFilter filter = new PipelineFilter(pipeline);
		filter.setOrder(properties.getFilter().getOrder());
		FilterRegistrationBean<PipelineFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(filter.getOrder());
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		return registration;
	}

	// BEGIN_REQUEST must come before Spring Security authenticates the request, and
	// AUTHENTICATE_REQUEST after it: a module would otherwise never see its user
	private static void checkOrderAroundSpringSecurity(IntegratedPipelineProperties.Filter filter,
			BeanFactory beanFactory) {
		if (!beanFactory.containsBean(SECURITY_FILTER_REGISTRATION)) {
			return;
		}
		int security = beanFactory.getBean(SECURITY_FILTER_REGISTRATION, Ordered.class).getOrder();
		String securityOrder = "Spring Security's filter order (" + security + ", spring.security.filter.order)";
		PropertyChecks checks = new PropertyChecks();
		checks.require(filter.getOrder() < security, "integrated-pipeline.filter.order", filter.getOrder(),
				"must be lower than " + securityOrder + ": BEGIN_REQUEST comes before authentication",
				"Set integrated-pipeline.filter.order below " + security + " (the default is "
						+ PipelineFilter.DEFAULT_ORDER + ", Spring Security's -100)");
		checks.require(filter.getAuthenticateOrder() > security, "integrated-pipeline.filter.authenticate-order",
				filter.getAuthenticateOrder(),
				"must be higher than " + securityOrder
						+ ": AUTHENTICATE_REQUEST comes after authentication, so that modules see the user",
				"Set integrated-pipeline.filter.authenticate-order above " + security + " (the default is "
						+ PipelineAuthenticationFilter.DEFAULT_ORDER + ", Spring Security's -100)");
		checks.throwIfInvalid();
	}

	@Bean
	@ConditionalOnMissingFilterBean(PipelineAuthenticationFilter.class)
	FilterRegistrationBean<PipelineAuthenticationFilter> integratedPipelineAuthenticationFilter(
			IntegratedPipelineProperties properties) {
		PipelineAuthenticationFilter filter = new PipelineAuthenticationFilter();
		filter.setOrder(properties.getFilter().getAuthenticateOrder());
		FilterRegistrationBean<PipelineAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(filter.getOrder());
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	PipelineHandlerInterceptor pipelineHandlerInterceptor() {
		return new PipelineHandlerInterceptor();
	}

	@Bean
	@ConditionalOnMissingBean(name = "integratedPipelineMappedInterceptor")
	MappedInterceptor integratedPipelineMappedInterceptor(PipelineHandlerInterceptor interceptor) {
		// Every handler mapping detects MappedInterceptor beans, actuator's included,
		// which ignores the interceptors of WebMvcConfigurer
		return new MappedInterceptor(null, interceptor);
	}

	@Bean
	WebMvcConfigurer integratedPipelineAsyncSupportConfigurer() {
		return new WebMvcConfigurer() {

			@Override
			public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
				// Children issued from a Callable handler nest under its request
				configurer.registerCallableInterceptors(new PipelineCallableInterceptor());
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean(ChildRequestExecutor.class)
	ServletChildRequestExecutor childRequestExecutor(IntegratedPipelineProperties properties, BeanFactory beanFactory,
			ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter,
			ObjectProvider<ChildRequestListener> listeners) {
		IntegratedPipelineProperties.Child child = properties.getChild();
		ServletChildRequestExecutor executor = new ServletChildRequestExecutor(child.getMaxDepth(),
				child.getMaxBufferedBytes().toBytes(), child.maxTotalBufferedBytesOrDefault(), child.getMaxConcurrent(),
				child.getTimeout(), taskExecutor(beanFactory), listeners.orderedStream().toList());
		// The converters Spring MVC reads and writes bodies with, so the application's
		// Jackson configuration; asked for when the first child runs, not at startup
		executor.setMessageConverters(() -> {
			RequestMappingHandlerAdapter adapter = handlerAdapter.getIfUnique();
			return (adapter != null) ? adapter.getMessageConverters() : null;
		});
		return executor;
	}

	@Bean
	static ChildRequestSupportCheck integratedPipelineChildRequestSupportCheck(ApplicationContext context,
			ObjectProvider<ServletChildRequestExecutor> executor) {
		return new ChildRequestSupportCheck(context, executor);
	}

	private static Executor taskExecutor(BeanFactory beanFactory) {
		if (beanFactory.containsBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)) {
			return beanFactory.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
					Executor.class);
		}
		// Without Boot's task executor, a thread per child keeps executeAsync from
		// ever blocking its caller
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("child-request-");
		executor.setDaemon(true);
		return executor;
	}

	/**
	 * Makes Boot's {@code applicationTaskExecutor} (and so {@code @Async} methods, Spring
	 * MVC's {@code Callable} handlers and tasks handed to it) propagate the thread-locals
	 * registered with Micrometer's Context Propagation, the parent link of child requests
	 * among them, so that the nesting limit holds across threads. Boot does so only when
	 * asked ({@code spring.task.execution.propagate-context}); an application that
	 * declares a {@link TaskDecorator} of its own keeps it, and should propagate the
	 * context in it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextSnapshotFactory.class, ContextPropagatingTaskDecorator.class })
	static class ContextPropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean(TaskDecorator.class)
		ContextPropagatingTaskDecorator childRequestContextPropagatingTaskDecorator() {
			return new ContextPropagatingTaskDecorator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	static class TomcatChildRequestConfiguration {

		// Replaceable: an application (or a test) that must not hand Tomcat to the
		// executor declares its own
		@Bean
		@ConditionalOnMissingBean
		TomcatChildRequestSupport tomcatChildRequestSupport(ObjectProvider<ServletChildRequestExecutor> executor) {
			return new TomcatChildRequestSupport(executor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, ServletContextHandler.class, JettyServerCustomizer.class })
	static class JettyChildRequestConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JettyChildRequestSupport jettyChildRequestSupport(ObjectProvider<ServletChildRequestExecutor> executor) {
			return new JettyChildRequestSupport(executor);
		}

	}

}
