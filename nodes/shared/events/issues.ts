/**
 * Readable schema problems ("payload.umid: required") built from an issue's path and the body
 * itself, because zod's own messages differ between zod 3 and zod 4.
 */

/** The part of a zod issue that is the same in zod 3 and 4. */
export interface SchemaIssue {
	readonly path: ReadonlyArray<PropertyKey>;
	readonly code: string;
	readonly expected?: unknown;
	readonly message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const key of path) {
		if (typeof key === 'number') out += `[${key}]`;
		else out += out === '' ? String(key) : `.${String(key)}`;
	}
	return out === '' ? '(body)' : out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
	let current: unknown = root;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<PropertyKey, unknown>)[key];
	}
	return current;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function describe(issue: SchemaIssue, actual: unknown): string {
	if (actual === undefined) return 'required';
	switch (issue.code) {
		case 'invalid_type':
			return `expected ${String(issue.expected)}, got ${kindOf(actual)}`;
		case 'invalid_union':
			// The schemas' only union is string | number.
			return `expected string or number, got ${kindOf(actual)}`;
		case 'too_small':
			return 'must not be empty';
		default:
			return issue.message;
	}
}

export function formatIssues(issues: ReadonlyArray<SchemaIssue>, body: unknown): string[] {
	return issues.map(
		(issue) => `${formatPath(issue.path)}: ${describe(issue, valueAt(body, issue.path))}`,
	);
}
