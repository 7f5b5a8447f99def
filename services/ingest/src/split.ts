import type { Rejection } from '@ggzy/domain';
import { JSON_SYNTAX_RULE, jsonSyntaxMessage } from '@ggzy/normalize';

/** One record cut out of a push body: its bytes, and either its parsed JSON or why it could not be read. */
export type BodyRecord = { bytes: Uint8Array; value: unknown } | { bytes: Uint8Array; error: Rejection };

export type BodyFormat = 'json' | 'jsonl';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Which of the two push formats a Content-Type names; undefined for anything else. */
export function bodyFormat(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines')
    return 'jsonl';
  return undefined;
}

/**
 * Cuts a push body into records. JSON lines keep each line's exact bytes; a line that is not
 * JSON becomes a rejected record of its own, so one bad line never fails the batch. A JSON body
 * is an array of records (or one record); its elements are re-serialized, since JSON has no
 * stable byte range per element — feeds that need byte-exact traces push JSON lines.
 * Returns a string describing the problem when the body as a whole cannot be read.
 */
export function splitBody(body: Uint8Array, format: BodyFormat): BodyRecord[] | string {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return 'the body is not valid UTF-8';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return `the body is not valid JSON: ${(error as Error).message}`;
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.map((value) => ({ bytes: Buffer.from(JSON.stringify(value)), value }));
  }
  const records: BodyRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim().length === 0) return;
    const bytes = Buffer.from(line);
    try {
      records.push({ bytes, value: JSON.parse(line) });
    } catch (error) {
      records.push({
        bytes,
        error: {
          path: `line ${index + 1}`,
          value: line.length > 200 ? `${line.slice(0, 200)}…` : line,
          rule: JSON_SYNTAX_RULE,
          message: jsonSyntaxMessage(error),
        },
      });
    }
  });
  return records;
}
