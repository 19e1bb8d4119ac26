/**
 * zod schemas for every webhook body 8x8 sends, built once at load.
 *
 * Only APIs shared by zod 3.22, 3.25 and 4 are used: the host n8n brings its own zod.
 * Objects keep zod's default unknown-key handling: extra keys are accepted, never an error.
 * The normalizers read the validated body itself, not zod's output, so nothing is lost.
 * The only union is string | number (issues.ts relies on that when it words union errors).
 * guard.ts compiles these into fast checks; it supports only the schema kinds used here.
 */
import { z } from 'zod';

const id = z.string().min(1);
const text = z.string().nullable().optional();
const stringOrNumber = z.union([z.string(), z.number()]);
const looseId = stringOrNumber.nullable().optional();
const anyObject = z.object({});
const version = stringOrNumber.nullable().optional();

const reply = z.object({ id: looseId, title: text, description: text }).nullable().optional();
const flowReply = z.object({ responseJson: z.unknown() }).nullable().optional();

const interactive = z.object({
	type: text,
	button_reply: reply,
	buttonReply: reply,
	list_reply: reply,
	listReply: reply,
	nfm_reply: flowReply,
	nfmReply: flowReply,
	call_permission_reply: anyObject.nullable().optional(),
	callPermissionReply: anyObject.nullable().optional(),
});

const location = z.object({
	latitude: stringOrNumber,
	longitude: stringOrNumber,
	name: text,
	address: text,
});

const inboundPayload = z.object({
	umid: id,
	subAccountId: id,
	timestamp: text,
	user: z
		.object({ msisdn: text, channelUserId: text, name: text, username: text })
		.nullable()
		.optional(),
	recipient: z.object({ channel: text, channelId: text }).nullable().optional(),
	type: text,
	content: z
		.object({
			text,
			url: text,
			payload: z.unknown(),
			location: location.nullable().optional(),
			interactive: interactive.nullable().optional(),
		})
		.nullable()
		.optional(),
	replyToUmid: text,
});

export const inboundSchema = z.object({
	version,
	eventType: z.string(),
	payload: inboundPayload,
});

const receiptPayload = z.object({
	umid: id,
	subAccountId: id,
	batchId: text,
	clientMessageId: text,
	clientBatchId: text,
	channel: text,
	user: z.object({ msisdn: text, channelUserId: text }).nullable().optional(),
	status: z.object({
		state: id,
		detail: text,
		timestamp: text,
		errorCode: looseId,
		errorMessage: text,
	}),
	whatsapp: z.object({ providerErrorCode: looseId, pricingCategory: text }).nullable().optional(),
	outboundContent: anyObject.nullable().optional(),
});

export const receiptSchema = z.object({
	version,
	eventType: z.string(),
	payload: receiptPayload,
});

/** Business-management (CABM) envelope: no namespace/payload, the details sit in eventDetails. */
export function businessEvent<T extends z.ZodTypeAny>(eventDetails: T) {
	return z.object({
		eventId: id,
		eventType: z.string(),
		timestamp: text,
		provider: text,
		businessAccountId: looseId,
		accountId: looseId,
		eventDetails,
	});
}

export const templateSchema = businessEvent(
	z.object({
		templateId: looseId,
		templateName: text,
		templateLanguage: text,
		meta: z
			.object({
				status: text,
				reason: text,
				// Meta sends the disable date as a Unix time; 8x8's sample shows a string.
				disableInfo: z.object({ disableDate: looseId }).nullable().optional(),
				otherInfo: z.object({ title: text, description: text }).nullable().optional(),
				previousQualityScore: text,
				newQualityScore: text,
				previousCategory: text,
				newCategory: text,
			})
			.nullable()
			.optional(),
	}),
);

export const phoneNumberQualitySchema = businessEvent(
	z.object({
		displayPhoneNumber: looseId,
		meta: z
			.object({
				event: text,
				currentLimit: text,
				oldLimit: text,
				maxDailyConversationsPerBusiness: text,
				reason: text,
			})
			.nullable()
			.optional(),
	}),
);

export const accountUpdateSchema = businessEvent(
	z.object({
		event: text,
		phoneNumber: looseId,
		businessVerificationInfo: z
			.object({
				businessId: looseId,
				verificationStatus: text,
				rejectionReasons: z.array(z.string()).nullable().optional(),
			})
			.nullable()
			.optional(),
		violationInfo: z.object({ violationType: text, remediation: text }).nullable().optional(),
		restrictionInfo: z
			.array(z.object({ restrictionType: text, expiration: text, remediation: text }))
			.nullable()
			.optional(),
	}),
);

export type InboundBody = z.infer<typeof inboundSchema>;
export type InboundInteractive = z.infer<typeof interactive>;
export type InboundLocation = z.infer<typeof location>;
export type ReceiptBody = z.infer<typeof receiptSchema>;
export type TemplateBody = z.infer<typeof templateSchema>;
export type PhoneNumberQualityBody = z.infer<typeof phoneNumberQualitySchema>;
export type AccountUpdateBody = z.infer<typeof accountUpdateSchema>;
