/**
 * An empty null-prototype table. The state's tables are keyed by client input (ARNs, regions), so no
 * key can resolve an Object.prototype member. A leaf module: the state types and their persistence
 * both use it without importing each other.
 */
export function table<T>(entries: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
