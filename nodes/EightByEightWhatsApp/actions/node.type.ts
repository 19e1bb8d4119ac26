import type { AllEntities } from 'n8n-workflow';

/** Resources and their operations (each also in router.ts and its <Resource>.resource.ts). */
type NodeMap = {
	message:
		| 'sendTemplate'
		| 'sendText'
		| 'sendMedia'
		| 'sendLocation'
		| 'sendInteractive'
		| 'sendAndWaitForDelivery'
		| 'get'
		| 'markRead'
		| 'showTyping'
		| 'cancel'
		| 'downloadMedia';
	template: 'getAll' | 'get' | 'create' | 'delete';
	webhook: 'getAll' | 'set' | 'delete';
	error: 'explain';
};

export type EightByEightWhatsAppType = AllEntities<NodeMap>;
