/**
 * A value that still carries an n8n expression as text: typed into a field left on "Fixed", n8n
 * never evaluates it, and the customer would receive "{{ $json.name }}" literally.
 */
const UNEVALUATED = /\{\{\s*\$|\{\{[^{}]*\}\}/;

/** The expression-looking part of `value` (for the error message), or undefined when there is none. */
export function unevaluatedExpression(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = UNEVALUATED.exec(value);
	if (!match) return undefined;
	return value.slice(match.index, match.index + 40).split('\n')[0];
}

export const UNEVALUATED_FIX =
	'Switch that field to Expression (the Fixed / Expression toggle above it, or drag the input field onto it) so n8n fills the value in.';
