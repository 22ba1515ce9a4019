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

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import org.junit.jupiter.api.Test;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.annotation.Order;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.RequestEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipelineModules}.
 */
class PipelineModulesTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private void registerPrototype(String name, Class<? extends PipelineModule> type) {
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setScope(RootBeanDefinition.SCOPE_PROTOTYPE);
		this.beanFactory.registerBeanDefinition(name, definition);
	}

	private PipelineModules modules() {
		return new PipelineModules(this.beanFactory);
	}

	private String[] subscriberNames(PipelineModules modules, int notification) {
		return Arrays.stream(modules.subscribers(notification))
			.mapToObj((index) -> modules.modules()[index].name())
			.toArray(String[]::new);
	}

	@Test
	void whenModuleOverridesAnEventMethodThenItSubscribesToThatEventOnly() {
		this.beanFactory.registerSingleton("begin", new BeginModule());
		PipelineModules modules = modules();
		assertThat(subscriberNames(modules, Notifications.index(RequestEvent.BEGIN_REQUEST, false)))
			.containsExactly("begin");
		assertThat(subscriberNames(modules, Notifications.index(RequestEvent.BEGIN_REQUEST, true))).isEmpty();
		assertThat(subscriberNames(modules, Notifications.index(RequestEvent.END_REQUEST, false))).isEmpty();
		assertThat(subscriberNames(modules, PipelineModules.SEND_RESPONSE)).isEmpty();
	}

	@Test
	void whenModuleOverridesSendResponseThenItSubscribesToIt() {
		this.beanFactory.registerSingleton("send", new SendModule());
		assertThat(subscriberNames(modules(), PipelineModules.SEND_RESPONSE)).containsExactly("send");
	}

	@Test
	void whenModulesAreOrderedThenSubscribersFollowTheirOrder() {
		this.beanFactory.registerSingleton("late", new OrderedBegin(10));
		this.beanFactory.registerSingleton("early", new OrderedBegin(-10));
		this.beanFactory.registerSingleton("annotated", new AnnotatedBegin());
		this.beanFactory.registerSingleton("unordered", new BeginModule());
		this.beanFactory.registerSingleton("priority", new PriorityBegin());
		assertThat(modules().names()).containsExactly("priority", "early", "annotated", "late", "unordered");
	}

	@Test
	void whenModuleIsPrototypeThenEachInstantiationIsFresh() {
		registerPrototype("prototype", BeginModule.class);
		PipelineModules modules = modules();
		PipelineModules.ModuleDefinition module = modules.modules()[0];
		assertThat(module.prototype()).isTrue();
		assertThat(modules.instantiate(module)).isNotSameAs(modules.instantiate(module));
	}

	@Test
	void whenPrototypeModuleImplementsOrderedThenItIsOrderedByGetOrder() {
		this.beanFactory.registerSingleton("early", new OrderedBegin(-10));
		registerPrototype("prototype", FirstPrototype.class);
		this.beanFactory.registerSingleton("unordered", new BeginModule());
		assertThat(modules().names()).containsExactly("prototype", "early", "unordered");
	}

	@Test
	void whenPrototypeModuleIsAskedItsOrderThenThatInstanceIsDisposed() {
		int disposedBefore = FirstPrototype.disposed.get();
		registerPrototype("prototype", FirstPrototype.class);
		modules().afterSingletonsInstantiated();
		assertThat(FirstPrototype.disposed.get()).isEqualTo(disposedBefore + 1);
	}

	@Test
	void whenModuleHasPriorityThenItIsOrderedByIt() {
		this.beanFactory.registerSingleton("late", new OrderedBegin(10));
		this.beanFactory.registerSingleton("prioritized", new PrioritizedBegin());
		assertThat(modules().names()).containsExactly("prioritized", "late");
	}

	@Test
	void whenModuleIsAScopedProxyThenItIsOneModuleReachedThroughTheProxy() {
		RootBeanDefinition target = new RootBeanDefinition(BeginModule.class);
		target.setScope("request");
		BeanDefinitionHolder proxy = ScopedProxyUtils.createScopedProxy(new BeanDefinitionHolder(target, "scoped"),
				this.beanFactory, true);
		this.beanFactory.registerBeanDefinition(proxy.getBeanName(), proxy.getBeanDefinition());
		PipelineModules modules = modules();
		assertThat(modules.names()).containsExactly("scoped");
		assertThat(subscriberNames(modules, Notifications.index(RequestEvent.BEGIN_REQUEST, false)))
			.containsExactly("scoped");
		assertThat(subscriberNames(modules, Notifications.index(RequestEvent.END_REQUEST, false))).isEmpty();
	}

	@Test
	void whenModuleIsNotAnAutowireCandidateThenItIsNoModule() {
		RootBeanDefinition definition = new RootBeanDefinition(BeginModule.class);
		definition.setAutowireCandidate(false);
		this.beanFactory.registerBeanDefinition("hidden", definition);
		assertThat(modules().size()).isZero();
	}

	@Test
	void whenThereAreNoModulesThenTheRegistryIsEmpty() {
		assertThat(modules().size()).isZero();
	}

	static class BeginModule implements PipelineModule {

		@Override
		public NotificationStatus onBeginRequest(PipelineContext context) {
			return NotificationStatus.CONTINUE;
		}

	}

	static class SendModule implements PipelineModule {

		@Override
		public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
			return NotificationStatus.CONTINUE;
		}

	}

	static class OrderedBegin extends BeginModule implements Ordered {

		private final int order;

		OrderedBegin(int order) {
			this.order = order;
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Order(0)
	static class AnnotatedBegin extends BeginModule {

	}

	static class FirstPrototype extends BeginModule implements Ordered {

		static final AtomicInteger disposed = new AtomicInteger();

		@Override
		public int getOrder() {
			return -20;
		}

		@Override
		public void dispose() {
			disposed.incrementAndGet();
		}

	}

	@Priority(-5)
	static class PrioritizedBegin extends BeginModule {

	}

	static class PriorityBegin extends BeginModule implements PriorityOrdered {

		@Override
		public int getOrder() {
			return 100;
		}

	}

}
