import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** How deep a JSON body may nest (objects and arrays); no endpoint needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text nests deeper than `maxDepth`: one pass over the characters, no recursion, stopping at
 * the first level too deep. Brackets inside strings do not count. Invalid JSON is left to the parser.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  // A body shorter than the depth cannot hold that many brackets.
  if (text.length <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * The only body parser: `application/json`, prototype poisoning refused, bodies nested
 * deeper than MAX_JSON_DEPTH refused with a 400 before they are parsed, so validation never recurses
 * through them. Other media types (text/plain, forms) get Fastify's 415.
 */
export function installJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
        done(new BadRequestException(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`));
        return;
      }
      void parse(request, text, done);
    },
  );
}
