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

package dev.integratedpipeline.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Marks a test that is embedded Tomcat's by nature (it drives a Tomcat API, or pins what
 * Tomcat answers the network): skipped, with its reason, when the tests run on Jetty.
 *
 * @author Integrated Pipeline team
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(TomcatSpecific.Condition.class)
public @interface TomcatSpecific {

	/**
	 * Why the test holds on Tomcat only.
	 * @return the reason
	 */
	String value();

	/**
	 * Disables a {@link TomcatSpecific} test when Tomcat is not on the class path.
	 */
	class Condition implements ExecutionCondition {

		private static final boolean TOMCAT = ClassUtils.isPresent("org.apache.catalina.startup.Tomcat",
				Condition.class.getClassLoader());

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (TOMCAT) {
				return ConditionEvaluationResult.enabled("Embedded Tomcat is the server");
			}
			AnnotatedElement element = context.getElement().orElse(null);
			TomcatSpecific specific = (element != null)
					? AnnotatedElementUtils.findMergedAnnotation(element, TomcatSpecific.class) : null;
			return (specific != null)
					? ConditionEvaluationResult.disabled("Tomcat-specific, skipped on Jetty: " + specific.value())
					: ConditionEvaluationResult.enabled("Not Tomcat-specific");
		}

	}

}
