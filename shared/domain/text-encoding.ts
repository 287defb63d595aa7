/**
 * Which encoding a CSV file is in. Chinese Excel saves "CSV" in GB18030 (GBK) unless asked for
 * UTF-8, so an import cannot assume UTF-8. The order is: a UTF-8 byte-order mark, then a strict
 * UTF-8 decode of the head, then GB18030 (a superset of GBK and GB2312).
 */
export const TEXT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/** `complete` says the head is the whole file, so a cut multi-byte character is an error too. */
export function detectEncoding(head: Uint8Array, complete: boolean): TextEncodingName {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** A streaming decoder for the file's encoding; a UTF-8 byte-order mark is dropped. */
export function decoderFor(encoding: TextEncodingName) {
  return new TextDecoder(encoding);
}
