/**
 * Masks secrets that commonly leak into error messages: passwords in connection URLs, API keys
 * shaped like OpenAI's and Anthropic's, and bearer tokens. Applied to every message that leaves a
 * process through an error, event or log.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s]+:)[^@/\s]+@/gi, '$1***@')
    .replace(/\b(sk-(?:ant-)?[A-Za-z0-9_-]{6})[A-Za-z0-9_-]{10,}/g, '$1***')
    .replace(/\b(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi, '$1***');
}
