import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The checked-in openapi/openapi.json and an ajv validator for its schemas: the contract test checks the
 * answers it provokes against it, the fuzz test generates requests from it and checks every answer.
 */

export type Json = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}
export interface SpecResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: Json }>;
}
export interface SpecOperation {
  operationId: string;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  security?: Array<Record<string, string[]>>;
  responses: Record<string, SpecResponse>;
}

export const spec = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, Json> } & Json;
};

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a null type, refs point into the spec. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Json;
  const out: Json = {};
  for (const [key, item] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example') continue;
    if (key === '$ref') out.$ref = `spec${String(item)}`;
    else if (key === 'properties' || key === 'headers') {
      out[key] = Object.fromEntries(
        Object.entries(item as Json).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else out[key] = toJsonSchema(item);
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    if (out.$ref || out.allOf) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: toJsonSchema(spec.components) });
const validators = new Map<Json, ValidateFunction>();

/** The (cached) ajv validator of a schema of the spec. */
export function validatorFor(schema: Json): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(schema) as Json);
    validators.set(schema, validate);
  }
  return validate;
}

/** The operation of a concrete request path, or null when the spec has none. */
export function findOperation(
  method: string,
  path: string,
): { template: string; operation: SpecOperation } | null {
  const bare = path.split('?')[0];
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare) && item[method]) return { template, operation: item[method] };
  }
  return null;
}

/** The operation of a concrete request path; throws when the spec has none. */
export function operationOf(method: string, path: string): { template: string; operation: SpecOperation } {
  const found = findOperation(method, path);
  if (!found) throw new Error(`no operation for ${method.toUpperCase()} ${path.split('?')[0]}`);
  return found;
}
