/**
 * Values worked out once and kept, up to a limit: when full it is emptied and fills again with what is
 * asked next. For small, hot lookups (typo corrections, recently read causes, shift
 * hand-offs) where keeping what was asked recently matters and the order of eviction does not.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K, make: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.limit) this.values.clear();
      value = make(key);
      this.values.set(key, value);
    }
    return value;
  }
}
