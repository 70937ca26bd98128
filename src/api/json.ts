// Requests and schemas arrive as JSON: a value read from them is checked for its shape before it is used.

/** A JSON object: not null, not an array. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
