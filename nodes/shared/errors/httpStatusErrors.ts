import type { HttpStatusEntry } from './catalogEntry';

/** Used when an API error has no (known) 8x8 code: the HTTP status is then the best clue. */
export const HTTP_STATUS_ERRORS: readonly HttpStatusEntry[] = [
	{
		status: 400,
		title: 'Bad request',
		meaning: '8x8 rejected the request as invalid.',
		fix: 'Read the message returned with the error: it names the field to correct.',
		retryable: false,
	},
	{
		status: 401,
		title: 'Unauthorized',
		meaning:
			'The request was not authenticated: the API key is missing, wrong, disabled or deleted.',
		fix: 'Check the API key in the 8x8 credential against 8x8 Connect → API Keys, and make sure it is not disabled or deleted.',
		retryable: false,
	},
	{
		status: 403,
		title: 'Forbidden',
		meaning:
			'The API key was recognised but may not access this resource, or the account lives in another 8x8 region.',
		fix: "Check the credential's Region (Asia-Pacific, North America, Europe, Indonesia) and that the key belongs to the account that owns this sub-account.",
		retryable: false,
	},
	{
		status: 404,
		title: 'Not found',
		meaning:
			'The resource does not exist: an unknown sub-account, umid, template, channel or account ID, or a wrong base URL.',
		fix: 'Check the IDs in the request and, for a custom base URL, that it points at the 8x8 Chat Apps API.',
		retryable: false,
	},
	{
		status: 409,
		title: 'Conflict',
		meaning:
			'The resource is in a state that does not allow this change (e.g. a template that is being deleted).',
		fix: 'Read the message returned with the error; for templates, use a new name.',
		retryable: false,
	},
	{
		status: 410,
		title: 'Gone',
		meaning: 'This API version is no longer supported.',
		fix: 'Use the current /api/v1/ endpoints.',
		retryable: false,
	},
	{
		status: 413,
		title: 'Request too large',
		meaning: 'The request body or uploaded file is too large.',
		fix: 'Send a smaller file (at most 100 MB; WhatsApp images 5 MB, video and audio 16 MB).',
		retryable: false,
	},
	{
		status: 422,
		title: 'Unprocessable entity',
		meaning: 'The request is well-formed but its values do not make sense together.',
		fix: 'Read the message returned with the error and correct the values it names.',
		retryable: false,
	},
	{
		status: 426,
		title: 'Upgrade required',
		meaning: 'The connection used a TLS version 8x8 no longer accepts.',
		fix: 'Run n8n on a Node.js/OpenSSL that supports TLS 1.3, and check that no proxy downgrades TLS.',
		retryable: false,
	},
	{
		status: 429,
		title: 'Too many requests',
		meaning: '8x8 is rate limiting: too many requests were sent in a short time.',
		fix: 'Wait for the number of seconds in the Retry-After header, then send again; slow down the workflow (smaller batches, a wait between items).',
		retryable: true,
	},
	{
		status: 500,
		title: 'Internal server error',
		meaning: '8x8 hit an internal server error.',
		fix: 'Send the request again after a short wait (with backoff); if it keeps failing, contact 8x8 support with the errorId.',
		retryable: true,
	},
	{
		status: 502,
		title: 'Bad gateway',
		meaning: 'A gateway in front of the 8x8 API could not reach it; this is usually temporary.',
		fix: 'Send the request again after a short wait (with backoff).',
		retryable: true,
	},
	{
		status: 503,
		title: 'Service unavailable',
		meaning: 'The 8x8 API is temporarily unavailable (overload or maintenance).',
		fix: 'Send the request again after a short wait (with backoff); honour Retry-After if present.',
		retryable: true,
	},
	{
		status: 504,
		title: 'Gateway timeout',
		meaning: 'The 8x8 API did not answer in time. The request may or may not have been processed.',
		fix: 'Send the request again after a short wait; set clientMessageId so duplicates can be spotted in delivery receipts.',
		retryable: true,
	},
];
