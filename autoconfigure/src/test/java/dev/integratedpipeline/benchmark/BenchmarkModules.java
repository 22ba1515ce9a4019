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

package dev.integratedpipeline.benchmark;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.CustomNotificationEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ReadEntityEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * Registers the pipeline modules of the benchmark application, as properties say:
 * {@code benchmark.modules.app} (default {@code true}) for the application's own few
 * modules, {@code benchmark.modules.no-op} (default {@code 0}) for that many
 * {@link NoOpModule no-op modules} subscribed to every event, or to the twelve events and
 * their post-events only ({@link EventsOnlyModule}) with
 * {@code benchmark.modules.no-op.events-only=true}.
 */
final class BenchmarkModules implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	static final String APP_PROPERTY = "benchmark.modules.app";

	static final String NO_OP_PROPERTY = "benchmark.modules.no-op";

	static final String CONSTANT_LINE_PROPERTY = "benchmark.modules.constant-line";

	static final String EVENTS_ONLY_PROPERTY = "benchmark.modules.no-op.events-only";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (this.environment.getProperty(APP_PROPERTY, Boolean.class, true)) {
			register(registry, "correlationModule", CorrelationModule.class, CorrelationModule::new);
			register(registry, "authorizationModule", AuthorizationModule.class, AuthorizationModule::new);
			register(registry, "accessLogModule", AccessLogModule.class, AccessLogModule::new);
		}
		if (this.environment.getProperty(CONSTANT_LINE_PROPERTY, Boolean.class, false)) {
			register(registry, "constantLineModule", ConstantLineModule.class, ConstantLineModule::new);
		}
		int noOp = this.environment.getProperty(NO_OP_PROPERTY, Integer.class, 0);
		boolean eventsOnly = this.environment.getProperty(EVENTS_ONLY_PROPERTY, Boolean.class, false);
		for (int i = 0; i < noOp; i++) {
			int order = 100 + i;
			if (eventsOnly) {
				register(registry, "noOpModule" + i, EventsOnlyModule.class, () -> new EventsOnlyModule(order));
			}
			else {
				register(registry, "noOpModule" + i, NoOpModule.class, () -> new NoOpModule(order));
			}
		}
	}

	private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type,
			Supplier<T> supplier) {
		registry.registerBeanDefinition(name,
				BeanDefinitionBuilder.genericBeanDefinition(type, supplier).getBeanDefinition());
	}

	/**
	 * Puts a correlation id in the request's state at {@code BEGIN_REQUEST}.
	 */
	static final class CorrelationModule implements PipelineModule, Ordered {

		static final String STATE_KEY = "correlation";

		@Override
		public int getOrder() {
			return 10;
		}

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			String correlation = context.request().getHeader("X-Correlation-Id");
			context.state().put(STATE_KEY, (correlation != null) ? correlation : "none");
			return NotificationStatus.CONTINUE;
		}

	}

	/**
	 * Refuses anonymous requests to {@code /private/}, as an authorization module would;
	 * the benchmark paths pass.
	 */
	static final class AuthorizationModule implements PipelineModule, Ordered {

		@Override
		public int getOrder() {
			return 20;
		}

		@Override
		public NotificationStatus onAuthorizeRequest(PipelineContext context) {
			if (context.user() == null && context.request().getRequestURI().startsWith("/private/")) {
				context.response().setStatus(HttpServletResponse.SC_UNAUTHORIZED);
				return NotificationStatus.FINISH_REQUEST;
			}
			return NotificationStatus.CONTINUE;
		}

	}

	/**
	 * Counts the requests that reached {@code LOG_REQUEST}, so that a test can tell that
	 * the pipeline ran.
	 */
	static final class AccessLogModule implements PipelineModule, Ordered {

		private final LongAdder logged = new LongAdder();

		@Override
		public int getOrder() {
			return 30;
		}

		@Override
		public NotificationStatus onLogRequest(PipelineContext context) {
			this.logged.increment();
			return NotificationStatus.CONTINUE;
		}

		long logged() {
			return this.logged.sum();
		}

	}

	/**
	 * The access log's control: one constant, pre-built line per request at
	 * {@code LOG_REQUEST}, through the access log's logger and so the same appenders,
	 * with none of the access log's work. What the access log costs beyond this control
	 * is the module's own; the control's cost is the logging framework's.
	 */
	static final class ConstantLineModule implements PipelineModule, Ordered {

		static final String LINE = "2026-12-02 03:05:00 127.0.0.1 GET /bench/json - 8080 - 127.0.0.1 "
				+ "Java-http-client/17.0.15 - 200 0 0 0";

		private final Logger logger = LoggerFactory
			.getLogger(dev.integratedpipeline.modules.accesslog.AccessLogModule.LOGGER_NAME);

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE - 100;
		}

		@Override
		public NotificationStatus onLogRequest(PipelineContext context) {
			this.logger.info(LINE);
			return NotificationStatus.CONTINUE;
		}

	}

	/**
	 * Subscribes to the twelve events and their post-events, and does nothing: a no-op
	 * module that does not make the pipeline wrap the response, as a subscriber of
	 * {@code onSendResponse} does.
	 */
	static class EventsOnlyModule implements PipelineModule, Ordered {

		private final int order;

		EventsOnlyModule(int order) {
			this.order = order;
		}

		@Override
		public int getOrder() {
			return this.order;
		}

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostBeginRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAuthenticateRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAuthorizeRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostAuthorizeRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onResolveRequestCache(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostResolveRequestCache(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onMapRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostMapRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAcquireRequestState(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostAcquireRequestState(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPreExecuteRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostPreExecuteRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onExecuteRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onReleaseRequestState(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostReleaseRequestState(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onUpdateRequestCache(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostUpdateRequestCache(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onLogRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostLogRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onEndRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onPostEndRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

	}

	/**
	 * Subscribes to every event, by overriding every method, and does nothing.
	 */
	static final class NoOpModule extends EventsOnlyModule {

		NoOpModule(int order) {
			super(order);
		}

		@Override
		public NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onReadEntity(PipelineContext context, ReadEntityEvent event) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onCustomRequestNotification(PipelineContext context, CustomNotificationEvent event) {
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
			return NotificationStatus.CONTINUE;
		}

	}

}
