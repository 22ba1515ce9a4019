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

import dev.integratedpipeline.child.ChildRequest;

/**
 * One validated item of a batch: its id, its place and the child request it runs as.
 *
 * @param index the item's index in the batch
 * @param id the item's id, as the client gave it
 * @param request the child request, validated, with the batch request's headers
 * @param dependsOn the indexes of the earlier items it depends on
 * @author Integrated Pipeline team
 */
record BatchItem(int index, String id, ChildRequest request, int[] dependsOn) {

	/**
	 * The {@link ChildRequest#userData() user data} of every item, so that the endpoint
	 * recognizes a batch run as an item (no nested batches).
	 */
	static final Object MARKER = new Object() {

		@Override
		public String toString() {
			return "batch item";
		}

	};

}
