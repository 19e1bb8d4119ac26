/**
 * A fast yes-check compiled from a zod schema, so that well-formed webhooks skip zod's parse
 * (zod 3 alone takes ~3× a JSON.parse of the same body).
 *
 * Sound, not complete: it answers true only for values the schema accepts, and false for
 * anything it is unsure of (class instances, Infinity, ...); the caller then asks zod itself,
 * which also produces the issues. Supported: object (default unknown-key handling; not
 * .strict()), string with min/max length, number without bounds, optional, nullable, union,
 * array (with at most a minimum length), unknown. Any other schema kind compiles to `never`, i.e. zod decides every time.
 */
import { z } from 'zod';

export type Guard = (value: unknown) => boolean;

const never: Guard = () => false;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	// zod 3 reads an object with a then() method as a promise.
	return (
		(proto === Object.prototype || proto === null) &&
		typeof (value as { then?: unknown }).then !== 'function'
	);
}

function stringGuard(schema: z.ZodString): Guard {
	const min = schema.minLength ?? 0;
	const max = schema.maxLength ?? Infinity;
	return (value) => typeof value === 'string' && value.length >= min && value.length <= max;
}

function numberGuard(schema: z.ZodNumber): Guard | null {
	const { minValue, maxValue } = schema;
	const bounded =
		(minValue !== null && minValue !== -Infinity) || (maxValue !== null && maxValue !== Infinity);
	if (bounded || schema.isInt) return null;
	return (value) => typeof value === 'number' && Number.isFinite(value);
}

function objectGuard(schema: z.AnyZodObject): Guard | null {
	const shape = schema.shape as Record<string, z.ZodTypeAny>;
	const entries: Array<[string, Guard]> = [];
	for (const key of Object.keys(shape)) {
		const guard = compile(shape[key]);
		if (guard === null) return null;
		entries.push([key, guard]);
	}
	return (value) => {
		if (!isPlainObject(value)) return false;
		for (const [key, guard] of entries) {
			if (!guard(value[key])) return false;
		}
		return true;
	};
}

function unionGuard(options: readonly z.ZodTypeAny[]): Guard | null {
	const guards: Guard[] = [];
	for (const option of options) {
		const guard = compile(option);
		if (guard === null) return null;
		guards.push(guard);
	}
	return (value) => guards.some((guard) => guard(value));
}

/**
 * The minimum length of an array schema: 0 without constraints, n for `.min(n)`, null for any other
 * constraint (max, length, refinements), which zod then decides. zod 3 keeps it in `_def.minLength`,
 * zod 4 as a `min_length` check.
 */
function arrayMinLength(schema: z.ZodTypeAny): number | null {
	const def = (schema as unknown as { _def?: Record<string, unknown> })._def ?? {};
	const v3 = ['minLength', 'maxLength', 'exactLength'].map((key) => def[key] as { value?: unknown } | null | undefined);
	if (v3[1] || v3[2]) return null;
	const checks = (schema as unknown as { _zod?: { def?: { checks?: Array<{ _zod?: { def?: Record<string, unknown> } }> } } })._zod?.def?.checks ?? [];
	let min = typeof v3[0]?.value === 'number' ? v3[0].value : 0;
	for (const check of checks) {
		const checkDef = check._zod?.def ?? {};
		if (checkDef.check !== 'min_length' || typeof checkDef.minimum !== 'number') return null;
		min = Math.max(min, checkDef.minimum);
	}
	return min;
}

/** Unlike Array#every, also visits holes: zod reads them as undefined. */
function everyIndex(array: unknown[], guard: Guard): boolean {
	for (let i = 0; i < array.length; i++) {
		if (!guard(array[i])) return false;
	}
	return true;
}

function compile(schema: z.ZodTypeAny): Guard | null {
	if (schema instanceof z.ZodString) return stringGuard(schema);
	if (schema instanceof z.ZodNumber) return numberGuard(schema);
	if (schema instanceof z.ZodUnknown) return () => true;
	if (schema instanceof z.ZodOptional) {
		const inner = compile(schema.unwrap() as z.ZodTypeAny);
		return inner && ((value) => value === undefined || inner(value));
	}
	if (schema instanceof z.ZodNullable) {
		const inner = compile(schema.unwrap() as z.ZodTypeAny);
		return inner && ((value) => value === null || inner(value));
	}
	if (schema instanceof z.ZodObject) return objectGuard(schema);
	if (schema instanceof z.ZodUnion) return unionGuard(schema.options as readonly z.ZodTypeAny[]);
	if (schema instanceof z.ZodArray) {
		const min = arrayMinLength(schema);
		const element = compile(schema.element as z.ZodTypeAny);
		if (min === null || element === null) return null;
		return (value) => Array.isArray(value) && value.length >= min && everyIndex(value, element);
	}
	return null;
}

export function compileGuard(schema: z.ZodTypeAny): Guard {
	return compile(schema) ?? never;
}
