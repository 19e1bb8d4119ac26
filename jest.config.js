/** Unit tests run on the host Node (>= 20). The event schemas are also run against zod 3.22 and zod 4,
 *  because at runtime the package uses whatever zod the n8n host ships. */
const base = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', isolatedModules: true }] },
};
const zodSuites = ['<rootDir>/test/nodes/shared/events/**/*.test.ts'];

module.exports = {
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/test/e2e/', '/node_modules/'] },
		{ ...base, displayName: 'zod-3.22', testMatch: zodSuites, moduleNameMapper: { '^zod$': 'zod-v3-22' } },
		{ ...base, displayName: 'zod-4', testMatch: zodSuites, moduleNameMapper: { '^zod$': 'zod-v4' } },
	],
};
