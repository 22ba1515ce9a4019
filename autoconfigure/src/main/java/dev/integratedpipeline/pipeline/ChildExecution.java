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

package dev.integratedpipeline.pipeline;

import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildResponse;

/**
 * What {@link PipelineContext#executeRequest} answers: whether the child's completion is
 * still pending, and its response when it is not.
 *
 * @param pending whether completion is still pending: the module must return
 * {@link NotificationStatus#PENDING} and receives the response in
 * {@link PipelineModule#onAsyncCompletion}
 * @param response the child's response when it completed synchronously, else {@code null}
 * @param completion completes with the child's response, at once when it is not pending;
 * for use outside a module notification, where {@code PENDING} cannot be answered
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ChildExecution(boolean pending, @Nullable ChildResponse response,
		CompletionStage<ChildResponse> completion) {

}
