/**
 * Phrases that say why Flux failed, in the long messages kustomize and the source
 * controllers write: the part worth reading first.
 */
const KEY_PARTS = [
  /may not add resource with an already registered id/,
  /kustomization path not found/,
  /no matches for kind "[^"]+" in version "[^"]+"/,
  /namespaces? "[^"]+" not found/,
  /dependency '[^']+' is not ready/,
  /authentication required/,
  /failed to checkout and determine revision: [^:]+/,
  /couldn't find remote ref "[^"]+"/,
];

/** The key part of a Flux failure message, if it has a known one. */
export function failureKeyPart(
  message: string | undefined,
): string | undefined {
  if (!message) return undefined;
  for (const pattern of KEY_PARTS) {
    const match = pattern.exec(message);
    if (match) return match[0];
  }
  return undefined;
}
