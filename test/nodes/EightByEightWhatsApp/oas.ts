/** The WhatsApp "Send Message" request examples of 8x8's OpenAPI spec, for structural comparison. */
import fixture from './fixtures/oas-send-examples.json';

type Json = unknown;

const examples = fixture.examples as Record<string, Json>;

export function oasExample(name: string): Record<string, Json> {
	const example = examples[name];
	if (!example) throw new Error(`No OAS example ${name}`);
	return example as Record<string, Json>;
}

/** The key structure of a JSON value: objects by sorted keys, arrays by their distinct element shapes, leaves as "·". */
export function shape(value: Json): Json {
	if (Array.isArray(value)) {
		const shapes = value.map(shape);
		return shapes.filter(
			(entry, index) =>
				shapes.findIndex((other) => JSON.stringify(other) === JSON.stringify(entry)) === index,
		);
	}
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value as Record<string, Json>)
				.sort()
				.map((key) => [key, shape((value as Record<string, Json>)[key])]),
		);
	}
	return '·';
}

/** The components of a template request, keyed by what they are ("header", "body", "button:url"). */
export function componentsByKind(body: Record<string, Json>): Record<string, Json> {
	const template = (body.content as { template: { components?: Array<Record<string, Json>> } })
		.template;
	const result: Record<string, Json> = {};
	for (const component of template.components ?? []) {
		const type = String(component.type).toLowerCase();
		const kind = type === 'button' ? `button:${String(component.subType).toLowerCase()}` : type;
		result[kind] = component;
	}
	return result;
}
