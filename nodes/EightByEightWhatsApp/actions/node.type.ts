import type { AllEntities } from 'n8n-workflow';

/**
 * Resources and their operations. New resources (template, webhook, error) and operations
 * (get, markRead, showTyping, cancel, sendAndWait) are added here and in router.ts.
 */
type NodeMap = {
	message: 'sendTemplate' | 'sendText' | 'sendMedia' | 'sendLocation' | 'sendInteractive';
};

export type EightByEightWhatsAppType = AllEntities<NodeMap>;
