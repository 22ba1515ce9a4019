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

package dev.integratedpipeline.modules.outputcache;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A stored response; serializable, so that a shared store (Redis) can hold it.
 *
 * @param status the status
 * @param headers the headers the handler set, the content type included
 * @param content the content
 * @param etag the entity tag, quoted
 * @param storedAt when it was stored, in epoch milliseconds
 * @param expiresAt when it expires, in epoch milliseconds
 * @param tagVersions the version of each of the policy's tags when it was stored
 * @author Integrated Pipeline team
 */
record CachedResponse(int status, Map<String, List<String>> headers, byte[] content, String etag, long storedAt,
		long expiresAt, Map<String, String> tagVersions) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

}
