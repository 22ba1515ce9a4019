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

package dev.integratedpipeline.servlet.child;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.integratedpipeline.servlet.ServletPipelineContext;
import dev.integratedpipeline.servlet.SpringSecurity;

/**
 * The thread-bound state of a request that a child request run on the same thread would
 * otherwise change: Spring's request attributes and locale, Spring Security's context,
 * the logging MDC and the current pipeline context. Captured before a child runs and
 * restored after it, so the parent finds its thread as it left it.
 *
 * @author Integrated Pipeline team
 */
final class ThreadState {

	private static final boolean MDC_PRESENT = ClassUtils.isPresent("org.slf4j.MDC",
			ThreadState.class.getClassLoader());

	private final @Nullable RequestAttributes requestAttributes;

	private final @Nullable LocaleContext localeContext;

	private final @Nullable Object securityContext;

	private final @Nullable Map<String, String> mdc;

	private final @Nullable ServletPipelineContext pipelineContext;

	private ThreadState() {
		this.requestAttributes = RequestContextHolder.getRequestAttributes();
		this.localeContext = LocaleContextHolder.getLocaleContext();
		this.securityContext = SpringSecurity.PRESENT ? SpringSecurity.captureAndClear() : null;
		this.mdc = MDC_PRESENT ? MDC.getCopyOfContextMap() : null;
		this.pipelineContext = ServletPipelineContext.current();
	}

	static ThreadState capture() {
		return new ThreadState();
	}

	void restore() {
		RequestContextHolder.setRequestAttributes(this.requestAttributes);
		LocaleContextHolder.setLocaleContext(this.localeContext);
		if (SpringSecurity.PRESENT) {
			SpringSecurity.restore(this.securityContext);
		}
		if (MDC_PRESENT) {
			if (this.mdc != null) {
				MDC.setContextMap(this.mdc);
			}
			else {
				MDC.clear();
			}
		}
		ServletPipelineContext.exit(this.pipelineContext);
	}

}
