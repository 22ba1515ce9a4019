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

package dev.integratedpipeline.batch;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A batch refused before any item ran, with the status and the problem to answer.
 *
 * @author Integrated Pipeline team
 */
final class BatchRefusedException extends RuntimeException {

	private final ProblemDetail problem;

	private BatchRefusedException(HttpStatus status, String detail, @Nullable String itemId, int index) {
		super(detail, null, false, false);
		this.problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (itemId != null) {
			this.problem.setProperty("id", itemId);
		}
		if (index >= 0) {
			this.problem.setProperty("index", index);
		}
	}

	static BatchRefusedException badRequest(String detail) {
		return new BatchRefusedException(HttpStatus.BAD_REQUEST, detail, null, -1);
	}

	static BatchRefusedException badItem(int index, String detail) {
		return new BatchRefusedException(HttpStatus.BAD_REQUEST, "Item at index " + index + ": " + detail, null, index);
	}

	static BatchRefusedException badItem(String id, int index, String detail) {
		return new BatchRefusedException(HttpStatus.BAD_REQUEST, "Item '" + id + "' (index " + index + "): " + detail,
				id, index);
	}

	static BatchRefusedException of(HttpStatus status, String detail) {
		return new BatchRefusedException(status, detail, null, -1);
	}

	ProblemDetail problem() {
		return this.problem;
	}

}
