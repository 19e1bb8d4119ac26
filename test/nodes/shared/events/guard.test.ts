import { z } from 'zod';

import { compileGuard } from '../../../../nodes/shared/events/guard';
import {
	accountUpdateSchema,
	inboundSchema,
	phoneNumberQualitySchema,
	receiptSchema,
	templateSchema,
} from '../../../../nodes/shared/events/schemas';
import { businessAppMessageSchema } from '../../../../nodes/shared/events/businessApp';
import { categoryDetectionSchema } from '../../../../nodes/shared/events/categoryDetection';
import {
	contactSchema,
	preferenceSchema,
	userIdUpdateSchema,
} from '../../../../nodes/shared/events/userEvents';
import { allPaths, FIXTURES, fixture, setPath } from './helpers';

const SCHEMAS: Record<string, z.ZodTypeAny> = {
	inbound_message_received: inboundSchema,
	outbound_message_status_changed: receiptSchema,
	template_status_update: templateSchema,
	template_quality_update: templateSchema,
	template_category_update: templateSchema,
	phone_number_quality_update: phoneNumberQualitySchema,
	account_update: accountUpdateSchema,
	external_app_message: businessAppMessageSchema,
	template_correct_category_detection: categoryDetectionSchema,
	whatsapp_preference: preferenceSchema,
	whatsapp_contact: contactSchema,
	whatsapp_user_id_update: userIdUpdateSchema,
	// the other names of the user events (whatsapp-business-scoped-user-ids.md)
	user_preferences: preferenceSchema,
	contacts: contactSchema,
	user_id_update: userIdUpdateSchema,
};

const GUARDS = Object.fromEntries(
	Object.entries(SCHEMAS).map(([eventType, schema]) => [eventType, compileGuard(schema)]),
);

const eventFixtures = Object.keys(FIXTURES).filter((name) =>
	Object.prototype.hasOwnProperty.call(SCHEMAS, String(FIXTURES[name].eventType)),
);

describe('fast guard', () => {
	it.each(eventFixtures)('%s: takes the fast path', (name) => {
		const eventType = FIXTURES[name].eventType as string;
		expect(GUARDS[eventType](fixture(name))).toBe(true);
	});

	const replacements: unknown[] = [
		undefined,
		null,
		[],
		{},
		'',
		'x',
		0,
		7,
		true,
		['x'],
		[1],
		{ a: 1 },
	];

	it.each(eventFixtures)('%s: never says yes where zod says no', (name) => {
		const eventType = FIXTURES[name].eventType as string;
		const guard = GUARDS[eventType];
		const schema = SCHEMAS[eventType];
		for (const path of allPaths(FIXTURES[name])) {
			for (const value of replacements) {
				const body = setPath(fixture(name), path, value);
				const accepted = schema.safeParse(body).success;
				if (guard(body)) expect({ path, value, accepted }).toEqual({ path, value, accepted: true });
			}
		}
	});

	it('is conservative on values JSON cannot produce', () => {
		const guard = compileGuard(z.object({ a: z.number(), b: z.object({}) }));
		expect(guard({ a: 1, b: {} })).toBe(true);
		expect(guard({ a: Infinity, b: {} })).toBe(false);
		expect(guard({ a: NaN, b: {} })).toBe(false);
		expect(guard({ a: 1, b: new Date() })).toBe(false);
		expect(guard({ a: 1, b: { then: () => 1, catch: () => 1 } })).toBe(false);
		expect(
			guard(Object.assign(Object.create({ inherited: true }) as object, { a: 1, b: {} })),
		).toBe(false);
	});

	it('checks array minimum lengths, and leaves other array constraints to zod', () => {
		const atLeastTwo = compileGuard(z.object({ list: z.array(z.string()).min(2) }));
		expect(atLeastTwo({ list: ['a', 'b'] })).toBe(true);
		expect(atLeastTwo({ list: ['a'] })).toBe(false);
		expect(atLeastTwo({ list: [] })).toBe(false);
		const bounded = compileGuard(z.object({ list: z.array(z.string()).max(2) }));
		expect(bounded({ list: [] })).toBe(false);
		const exact = compileGuard(z.object({ list: z.array(z.string()).length(1) }));
		expect(exact({ list: ['a'] })).toBe(false);
	});

	it('checks string lengths, array holes and unions', () => {
		const guard = compileGuard(
			z.object({ id: z.string().min(2).max(3), list: z.array(z.union([z.string(), z.number()])) }),
		);
		expect(guard({ id: 'ab', list: ['a', 1] })).toBe(true);
		expect(guard({ id: 'a', list: [] })).toBe(false);
		expect(guard({ id: 'abcd', list: [] })).toBe(false);
		expect(guard({ id: 'ab', list: [true] })).toBe(false);
		// eslint-disable-next-line no-sparse-arrays
		expect(guard({ id: 'ab', list: [, 'a'] })).toBe(false);
	});

	it('unsupported schema kinds always defer to zod', () => {
		expect(compileGuard(z.object({ a: z.boolean() }))({ a: true })).toBe(false);
		expect(compileGuard(z.object({ a: z.number().int() }))({ a: 1 })).toBe(false);
	});
});
