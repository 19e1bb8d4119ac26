import {
	claimResume,
	clearResumeClaims,
} from '../../../nodes/EightByEightWhatsApp/helpers/resumeOnce';

beforeEach(() => clearResumeClaims());

describe('claimResume', () => {
	it('the first claim of an execution may resume; later ones get the first claim back', () => {
		expect(claimResume('17', 'delivered', 1_000)).toBeUndefined();
		expect(claimResume('17', 'read', 2_000)).toEqual({ finalState: 'delivered', at: 1_000 });
		expect(claimResume('18', 'read', 2_000)).toBeUndefined();
	});

	it('a claim is forgotten after 15 minutes (execution ids are not reused; this bounds memory)', () => {
		expect(claimResume('17', 'delivered', 0)).toBeUndefined();
		expect(claimResume('17', 'read', 15 * 60_000 - 1)).toEqual({ finalState: 'delivered', at: 0 });
		expect(claimResume('17', 'read', 15 * 60_000)).toBeUndefined();
	});

	it('keeps at most 10,000 claims, dropping the oldest first', () => {
		for (let i = 0; i < 10_000; i++) claimResume(String(i), 'delivered', 1);
		expect(claimResume('new', 'read', 2)).toBeUndefined();
		expect(claimResume('0', 'read', 3)).toBeUndefined(); // dropped to make room
		expect(claimResume('9999', 'read', 3)).toEqual({ finalState: 'delivered', at: 1 });
	});
});
