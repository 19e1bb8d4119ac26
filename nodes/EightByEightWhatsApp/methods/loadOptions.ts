import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { COUNTRIES } from '../../shared/phone';

/** Countries for Default Country, by name, valued by ISO 3166-1 alpha-2 code. */
export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [...COUNTRIES]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((country) => ({ name: `${country.name} (+${country.callingCode})`, value: country.iso2 }));
}
