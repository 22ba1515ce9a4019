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

import java.util.Map;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.integratedpipeline.batch.BatchExceptionResolver;
import dev.integratedpipeline.batch.BatchHandler;
import dev.integratedpipeline.batch.BatchMetrics;
import dev.integratedpipeline.batch.MicrometerBatchMetrics;
import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the JSON batch endpoint: off unless
 * {@code integrated-pipeline.batch.enabled=true}, then a {@link BatchHandler} mapped to
 * {@code POST integrated-pipeline.batch.path} in the {@code DispatcherServlet}, so that
 * the batch request passes the whole pipeline like any request.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ JsonMapper.class, SimpleUrlHandlerMapping.class })
@ConditionalOnBooleanProperty("integrated-pipeline.batch.enabled")
@ConditionalOnBean(ChildRequestExecutor.class)
@EnableConfigurationProperties(BatchProperties.class)
public final class BatchAutoConfiguration {

	/**
	 * The order of the batch endpoint's handler mapping: before the annotated controllers
	 * (0), so that the batch path is the endpoint's.
	 */
	static final int HANDLER_MAPPING_ORDER = -1;

	@Bean
	@ConditionalOnMissingBean
	BatchHandler batchHandler(ChildRequestExecutor executor, BatchProperties properties,
			ObjectProvider<BatchMetrics> metrics, BeanFactory beanFactory) {
		// Items run on a few of Boot's task executor threads, taking item after item;
		// without it, each item is handed to the child executor's own
		Executor taskExecutor = beanFactory
			.containsBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
					? beanFactory.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
							Executor.class)
					: null;
		return new BatchHandler(executor, properties.toOptions(), metrics.getIfAvailable(() -> BatchMetrics.NONE),
				taskExecutor);
	}

	@Bean
	@ConditionalOnMissingBean(name = "integratedPipelineBatchHandlerMapping")
	SimpleUrlHandlerMapping integratedPipelineBatchHandlerMapping(BatchHandler handler) {
		// Every handler mapping detects MappedInterceptor beans: the pipeline's
		// interceptor applies to the batch request too
		return new SimpleUrlHandlerMapping(Map.of(handler.options().path(), handler), HANDLER_MAPPING_ORDER);
	}

	@Bean
	@ConditionalOnMissingBean
	BatchExceptionResolver batchExceptionResolver(BatchHandler handler) {
		// A multipart body fails in the DispatcherServlet before the handler can refuse
		// it
		return new BatchExceptionResolver(handler);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class BatchMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BatchMetrics batchMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meterRegistry = registry.getIfAvailable();
			return (meterRegistry != null) ? new MicrometerBatchMetrics(meterRegistry) : BatchMetrics.NONE;
		}

	}

}
