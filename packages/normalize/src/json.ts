import { normalizeInput } from './from-input.ts';
import { type NormalizeContext, type NormalizeRecordResult, rejected, rejection } from './result.ts';

/** One record read from a JSON file, or why it could not be read. */
export type JsonRecord =
  | { index: number; line?: number; record: unknown; text?: string }
  | { index: number; line?: number; error: { message: string; text: string } };

const BOM = '\ufeff';

function syntaxMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The rule of a record that is not JSON, wherever it is read (HTTP push, import, DLQ replay). */
export const JSON_SYNTAX_RULE = 'json.syntax';
/** The message of a record that is not JSON: the parser's words after a fixed prefix. */
export function jsonSyntaxMessage(error: unknown): string {
  return `not valid JSON: ${syntaxMessage(error)}`;
}

/**
 * Reads records from JSON text: `json` is one array of records or a single record object;
 * `jsonl` is one record per line (blank lines skipped), and a broken line is one failed record,
 * not a failed file. A leading byte order mark is ignored.
 */
export function* readJsonRecords(text: string, format: 'json' | 'jsonl'): Generator<JsonRecord> {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      yield { index: 0, error: { message: syntaxMessage(error), text: body } };
      return;
    }
    if (Array.isArray(value)) {
      for (const [index, record] of value.entries()) yield { index, record };
    } else yield { index: 0, record: value };
    return;
  }
  let index = 0;
  const lines = body.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = i + 1;
    try {
      yield { index, line, record: JSON.parse(raw), text: raw };
    } catch (error) {
      yield { index, line, error: { message: syntaxMessage(error), text: raw } };
    }
    index++;
  }
}

/** A record that is not JSON, as a rejection at its line. */
export function unreadableJson(entry: Extract<JsonRecord, { error: unknown }>): NormalizeRecordResult {
  const where = entry.line === undefined ? 'record' : `line ${entry.line}`;
  return {
    index: entry.index,
    ...(entry.line === undefined ? {} : { line: entry.line }),
    result: rejected(
      rejection(where, JSON_SYNTAX_RULE, jsonSyntaxMessage(entry.error.message), entry.error.text),
    ),
  };
}

/**
 * Normalizes every record of a JSON or JSON-lines text with `read` (default: the input format),
 * in file order.
 */
export function* normalizeJson(
  text: string,
  format: 'json' | 'jsonl',
  context: NormalizeContext,
  read: (record: unknown, context: NormalizeContext) => NormalizeRecordResult['result'] = normalizeInput,
): Generator<NormalizeRecordResult> {
  for (const entry of readJsonRecords(text, format)) {
    if ('error' in entry) {
      yield { ...unreadableJson(entry), source: entry.error.text };
      continue;
    }
    yield {
      index: entry.index,
      ...(entry.line === undefined ? {} : { line: entry.line }),
      source: entry.text ?? JSON.stringify(entry.record),
      result: read(entry.record, context),
    };
  }
}

/** One line of a JSON-lines stream: its number (from 1) and its text, without the line break. */
export interface JsonLine {
  line: number;
  text: string;
}

/**
 * The non-blank lines of a JSON-lines byte stream, numbered from 1 as an editor numbers them: a
 * `\r` before the break and a byte order mark at the start are dropped. Memory stays at one
 * chunk and one line, however long the file.
 */
export async function* jsonLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<JsonLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let lineNumber = 0;
  function take(raw: string): JsonLine | undefined {
    lineNumber += 1;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1 && text.startsWith(BOM)) text = text.slice(1);
    return text.trim() === '' ? undefined : { line: lineNumber, text };
  }
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = take(pending.slice(0, newline));
      if (line) yield line;
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) {
    const line = take(pending);
    if (line) yield line;
  }
}

/** A JSON line that does not parse, as the rejection `normalizeJsonLines` gives it. */
export function unreadableJsonLine(index: number, line: JsonLine, message: string): NormalizeRecordResult {
  return {
    ...unreadableJson({ index, line: line.line, error: { message, text: line.text } }),
    source: line.text,
  };
}

/**
 * JSON lines from a stream of byte chunks, one record at a time: memory stays flat however long
 * the file (`ggzy import` of a million records). Same results as `normalizeJson(…, 'jsonl')`.
 */
export async function* normalizeJsonLines(
  chunks: AsyncIterable<Uint8Array>,
  context: NormalizeContext,
  read: (record: unknown, context: NormalizeContext) => NormalizeRecordResult['result'] = normalizeInput,
): AsyncGenerator<NormalizeRecordResult> {
  let index = 0;
  for await (const line of jsonLines(chunks)) {
    let record: unknown;
    try {
      record = JSON.parse(line.text);
    } catch (error) {
      yield unreadableJsonLine(index, line, syntaxMessage(error));
      index += 1;
      continue;
    }
    yield { index, line: line.line, source: line.text, result: read(record, context) };
    index += 1;
  }
}
