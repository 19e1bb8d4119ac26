import type { IExecuteFunctions } from 'n8n-workflow';

import { getEightByEightCredentials } from '../../../../nodes/shared/transport';

function contextWith(getCredentials: jest.Mock): IExecuteFunctions {
	return { getCredentials } as unknown as IExecuteFunctions;
}

describe('getEightByEightCredentials', () => {
	it('reads and trims the credential once per n8n context', async () => {
		const read = jest.fn().mockResolvedValue({
			apiKey: ' k ',
			subAccountId: 'Acme_WA ',
			accountId: '',
			channelId: 'ch',
			region: '',
			baseUrl: '',
			webhookSecret: ' Bearer s ',
		});
		const context = contextWith(read);
		const first = await getEightByEightCredentials.call(context);
		const second = await getEightByEightCredentials.call(context);
		expect(read).toHaveBeenCalledTimes(1);
		expect(read).toHaveBeenCalledWith('eightByEightApi');
		expect(second).toBe(first);
		expect(first).toEqual({
			apiKey: 'k',
			subAccountId: 'Acme_WA',
			accountId: '',
			channelId: 'ch',
			region: 'apac',
			baseUrl: '',
			webhookSecret: ' Bearer s ',
		});
		await getEightByEightCredentials.call(contextWith(read));
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('does not remember a failed read', async () => {
		const read = jest
			.fn()
			.mockRejectedValueOnce(new Error('Node does not have any credentials set'))
			.mockResolvedValue({ apiKey: 'k', subAccountId: 's' });
		const context = contextWith(read);
		await expect(getEightByEightCredentials.call(context)).rejects.toThrow('any credentials set');
		await expect(getEightByEightCredentials.call(context)).resolves.toMatchObject({ apiKey: 'k' });
		expect(read).toHaveBeenCalledTimes(2);
	});
});
