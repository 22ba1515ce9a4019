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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.OrderComparator;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
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
 * The {@link PipelineModule} beans of the application, in Spring's order
 * ({@code PriorityOrdered}, then {@code Ordered}, {@code @Order} or {@code @Priority}, on
 * the bean, its class or its {@code @Bean} method), with the notifications each
 * subscribes to. Worked out once, at startup, and frozen: nothing is sorted or reflected
 * upon per request, and a module that cannot be created fails the startup.
 * <p>
 * A bean that is not an autowire candidate is not a module, and a scoped proxy is one
 * module, reached through the proxy (its {@code scopedTarget.} bean is not notified
 * separately).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineModules implements SmartInitializingSingleton {

	static final int MAP_PATH = Notifications.COUNT;

	static final int READ_ENTITY = MAP_PATH + 1;

	static final int SEND_RESPONSE = MAP_PATH + 2;

	static final int CUSTOM_NOTIFICATION = MAP_PATH + 3;

	static final int ASYNC_COMPLETION = MAP_PATH + 4;

	private static final int SUBSCRIPTIONS = MAP_PATH + 5;

	private static final Log logger = LogFactory.getLog(PipelineModules.class);

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
	 * Work out the modules and their subscriptions once every singleton exists, so that a
	 * broken module fails the startup rather than the first request.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		frozen();
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

	/**
	 * Return the subscribers of every notification, indexed by notification, for a
	 * request to look them up without going through the registry each time.
	 * @return the subscribed module indexes of each notification; not to be modified
	 */
	int[][] subscribers() {
		return frozen().subscribers;
	}

	/**
	 * Return the instance of each module that serves every request, by module index, or
	 * {@code null} for a module each request gets its own instance of.
	 * @return the singletons; not to be modified
	 */
	@Nullable PipelineModule[] singletons() {
		return frozen().singletons;
	}

	private Frozen frozen() {
		Frozen frozen = this.frozen;
		if (frozen == null) {
			// Frozen at startup (afterSingletonsInstantiated); on first use only when
			// this registry lives outside an application context
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
		List<Candidate> candidates = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(PipelineModule.class, true, false)) {
			if (isModule(name)) {
				candidates.add(candidate(name));
			}
		}
		try {
			sort(candidates);
		}
		finally {
			disposeProbes(candidates);
		}
		ModuleDefinition[] definitions = candidates.stream()
			.map(Candidate::definition)
			.toArray(ModuleDefinition[]::new);
		int[][] subscribers = new int[SUBSCRIPTIONS][];
		for (int notification = 0; notification < SUBSCRIPTIONS; notification++) {
			List<Integer> indexes = new ArrayList<>();
			for (int module = 0; module < definitions.length; module++) {
				if (definitions[module].subscribes(notification)) {
					indexes.add(module);
				}
			}
			subscribers[notification] = indexes.stream().mapToInt(Integer::intValue).toArray();
		}
		return new Frozen(definitions, subscribers);
	}

	private boolean isModule(String name) {
		if (ScopedProxyUtils.isScopedTarget(name)) {
			// Reached through its scoped proxy, which is the module
			return false;
		}
		return !this.beanFactory.containsBeanDefinition(name)
				|| this.beanFactory.getBeanDefinition(name).isAutowireCandidate();
	}

	private Candidate candidate(String name) {
		// Anything but a singleton (prototype, or a custom scope) is resolved per request
		boolean perRequest = !this.beanFactory.isSingleton(name);
		String targetName = ScopedProxyUtils.getTargetBeanName(name);
		boolean scopedProxy = !perRequest && this.beanFactory.containsBeanDefinition(targetName);
		Class<?> type = this.beanFactory.getType(scopedProxy ? targetName : name);
		PipelineModule singleton = perRequest ? null : this.beanFactory.getBean(name, PipelineModule.class);
		if (type == null && singleton != null) {
			type = singleton.getClass();
		}
		Assert.state(type != null, () -> "Cannot determine the type of pipeline module '" + name + "'");
		type = ClassUtils.getUserClass(type);
		ModuleDefinition definition = new ModuleDefinition(name, singleton, perRequest, subscriptions(type));
		// What the order is asked of: the singleton; for a prototype, one instance made
		// for that and disposed; a scoped proxy or a bean of another scope cannot be
		// asked before a request exists, so only its @Bean method and class annotations
		// count
		boolean probe = singleton == null && this.beanFactory.isPrototype(name);
		Object subject = probe ? this.beanFactory.getBean(name, PipelineModule.class)
				: (singleton != null && !scopedProxy) ? singleton : new Object();
		return new Candidate(definition, subject, probe, orderSources(scopedProxy ? targetName : name, subject));
	}

	/**
	 * The order sources Spring's own {@code ObjectProvider.orderedStream()} consults: the
	 * {@code @Bean} method and, for a proxy, the target type.
	 */
	private Object[] orderSources(String name, Object subject) {
		if (!this.beanFactory.containsBeanDefinition(name)
				|| !(this.beanFactory.getMergedBeanDefinition(name) instanceof RootBeanDefinition definition)) {
			return new Object[0];
		}
		List<Object> sources = new ArrayList<>(2);
		Method factoryMethod = definition.getResolvedFactoryMethod();
		if (factoryMethod != null) {
			sources.add(factoryMethod);
		}
		Class<?> targetType = definition.getTargetType();
		if (targetType != null && targetType != subject.getClass()) {
			sources.add(targetType);
		}
		return sources.toArray();
	}

	private void sort(List<Candidate> candidates) {
		Map<Object, Candidate> bySubject = new IdentityHashMap<>();
		candidates.forEach((candidate) -> bySubject.put(candidate.subject(), candidate));
		OrderComparator comparator = (this.beanFactory instanceof DefaultListableBeanFactory listable
				&& listable.getDependencyComparator() instanceof OrderComparator dependencyComparator)
						? dependencyComparator : AnnotationAwareOrderComparator.INSTANCE;
		Comparator<Object> ordered = comparator.withSourceProvider((subject) -> bySubject.get(subject).orderSources());
		candidates.sort((left, right) -> ordered.compare(left.subject(), right.subject()));
	}

	private static void disposeProbes(List<Candidate> candidates) {
		for (Candidate candidate : candidates) {
			if (candidate.probe()) {
				try {
					((PipelineModule) candidate.subject()).dispose();
				}
				catch (RuntimeException ex) {
					logger.error("Pipeline module '" + candidate.definition().name()
							+ "' failed to dispose the instance created to ask its order", ex);
				}
			}
		}
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

	PipelineModule instantiate(ModuleDefinition definition) {
		PipelineModule singleton = definition.singleton();
		return (singleton != null) ? singleton : this.beanFactory.getBean(definition.name(), PipelineModule.class);
	}

	/**
	 * One module bean: its name, how to get an instance and what it subscribes to.
	 *
	 * @param name the bean name
	 * @param singleton the instance that serves every request, or {@code null} when each
	 * request gets its own
	 * @param prototype whether each request gets its own instance (a prototype, or a bean
	 * of another scope), disposed at its end
	 * @param subscriptions what it subscribes to, by notification index
	 */
	record ModuleDefinition(String name, @Nullable PipelineModule singleton, boolean prototype,
			boolean[] subscriptions) {

		boolean subscribes(int notification) {
			return this.subscriptions[notification];
		}

	}

	private record Candidate(ModuleDefinition definition, Object subject, boolean probe, Object[] orderSources) {

	}

	private record Frozen(ModuleDefinition[] modules, int[][] subscribers, @Nullable PipelineModule[] singletons) {

		Frozen(ModuleDefinition[] modules, int[][] subscribers) {
			this(modules, subscribers, singletons(modules));
		}

		private static @Nullable PipelineModule[] singletons(ModuleDefinition[] modules) {
			@Nullable PipelineModule[] singletons = new PipelineModule[modules.length];
			for (int i = 0; i < modules.length; i++) {
				singletons[i] = modules[i].singleton();
			}
			return singletons;
		}

	}

}
