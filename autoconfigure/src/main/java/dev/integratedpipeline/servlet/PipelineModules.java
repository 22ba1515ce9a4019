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

package dev.integratedpipeline.servlet;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.annotation.Order;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.CustomNotificationEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ReadEntityEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * The {@link PipelineModule} beans of the application, in {@code @Order} order, with the
 * notifications each subscribes to. Worked out once, on first use, and frozen: nothing is
 * sorted or reflected upon per request.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineModules {

	static final int MAP_PATH = Notifications.COUNT;

	static final int READ_ENTITY = MAP_PATH + 1;

	static final int SEND_RESPONSE = MAP_PATH + 2;

	static final int CUSTOM_NOTIFICATION = MAP_PATH + 3;

	static final int ASYNC_COMPLETION = MAP_PATH + 4;

	private static final int SUBSCRIPTIONS = MAP_PATH + 5;

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile @Nullable Frozen frozen;

	/**
	 * Create a registry of the {@link PipelineModule} beans of a bean factory.
	 * @param beanFactory the bean factory holding the modules
	 */
	public PipelineModules(ConfigurableListableBeanFactory beanFactory) {
		Assert.notNull(beanFactory, "'beanFactory' must not be null");
		this.beanFactory = beanFactory;
	}

	/**
	 * Return the number of modules.
	 * @return the module count
	 */
	public int size() {
		return frozen().modules.length;
	}

	/**
	 * Return the names of the module beans, in pipeline order.
	 * @return the bean names
	 */
	public List<String> names() {
		return Arrays.stream(frozen().modules).map(ModuleDefinition::name).toList();
	}

	ModuleDefinition[] modules() {
		return frozen().modules;
	}

	/**
	 * Return the indexes (into {@link #modules()}) of the modules subscribed to a
	 * notification, in pipeline order.
	 * @param notification a notification index or one of the constants of this class
	 * @return the subscribed module indexes
	 */
	int[] subscribers(int notification) {
		return frozen().subscribers[notification];
	}

	private Frozen frozen() {
		Frozen frozen = this.frozen;
		if (frozen == null) {
			synchronized (this) {
				frozen = this.frozen;
				if (frozen == null) {
					frozen = freeze();
					this.frozen = frozen;
				}
			}
		}
		return frozen;
	}

	private Frozen freeze() {
		List<ModuleDefinition> modules = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(PipelineModule.class, true, false)) {
			modules.add(define(name));
		}
		modules.sort(Comparator.comparingInt(ModuleDefinition::priority).thenComparingInt(ModuleDefinition::order));
		ModuleDefinition[] definitions = modules.toArray(ModuleDefinition[]::new);
		int[][] subscribers = new int[SUBSCRIPTIONS][];
		for (int notification = 0; notification < SUBSCRIPTIONS; notification++) {
			List<Integer> indexes = new ArrayList<>();
			for (int module = 0; module < definitions.length; module++) {
				if (definitions[module].subscriptions[notification]) {
					indexes.add(module);
				}
			}
			subscribers[notification] = indexes.stream().mapToInt(Integer::intValue).toArray();
		}
		return new Frozen(definitions, subscribers);
	}

	private ModuleDefinition define(String name) {
		// Anything but a singleton (prototype, or a custom scope) is resolved per request
		boolean prototype = !this.beanFactory.isSingleton(name);
		PipelineModule singleton = prototype ? null : this.beanFactory.getBean(name, PipelineModule.class);
		Class<?> type = (singleton != null) ? singleton.getClass() : this.beanFactory.getType(name);
		Assert.state(type != null, () -> "Cannot determine the type of pipeline module '" + name + "'");
		type = ClassUtils.getUserClass(type);
		int priority = PriorityOrdered.class.isAssignableFrom(type) ? 0 : 1;
		return new ModuleDefinition(name, singleton, prototype, priority, order(name, singleton), subscriptions(type));
	}

	private int order(String name, @Nullable PipelineModule singleton) {
		if (singleton instanceof Ordered ordered) {
			return ordered.getOrder();
		}
		Order order = this.beanFactory.findAnnotationOnBean(name, Order.class);
		if (order != null) {
			return order.value();
		}
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static boolean[] subscriptions(Class<?> type) {
		boolean[] subscriptions = new boolean[SUBSCRIPTIONS];
		for (int notification = 0; notification < Notifications.COUNT; notification++) {
			subscriptions[notification] = overrides(type, Notifications.methodName(notification),
					PipelineContext.class);
		}
		subscriptions[MAP_PATH] = overrides(type, "onMapPath", PipelineContext.class, MapPathEvent.class);
		subscriptions[READ_ENTITY] = overrides(type, "onReadEntity", PipelineContext.class, ReadEntityEvent.class);
		subscriptions[SEND_RESPONSE] = overrides(type, "onSendResponse", PipelineContext.class,
				SendResponseEvent.class);
		subscriptions[CUSTOM_NOTIFICATION] = overrides(type, "onCustomRequestNotification", PipelineContext.class,
				CustomNotificationEvent.class);
		subscriptions[ASYNC_COMPLETION] = overrides(type, "onAsyncCompletion", PipelineContext.class,
				AsyncCompletionEvent.class);
		return subscriptions;
	}

	private static boolean overrides(Class<?> type, String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(type, name, parameterTypes);
		return method != null && method.getDeclaringClass() != PipelineModule.class;
	}

	/**
	 * One module bean: its name, how to get an instance and what it subscribes to.
	 */
	record ModuleDefinition(String name, @Nullable PipelineModule singleton, boolean prototype, int priority, int order,
			boolean[] subscriptions) {

		boolean subscribes(int notification) {
			return this.subscriptions[notification];
		}

	}

	private record Frozen(ModuleDefinition[] modules, int[][] subscribers) {

	}

	PipelineModule instantiate(ModuleDefinition definition) {
		PipelineModule singleton = definition.singleton();
		return (singleton != null) ? singleton : this.beanFactory.getBean(definition.name(), PipelineModule.class);
	}

}
